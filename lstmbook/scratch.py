"""The LSTM and the plain RNN in NumPy: the reference the chapters check their derivations against.

One LSTM step, with the gates stacked in PyTorch's order **i, f, g, o** (g is the candidate
~C_t; Keras uses i, f, c, o and several blog posts i, f, o, g)::

    a_t  = x_t W_x + h_{t-1} W_h + b                    shape (N, 4H)
    i_t  = σ(a_t[:, 0H:1H])     input gate
    f_t  = σ(a_t[:, 1H:2H])     forget gate
    g_t  = tanh(a_t[:, 2H:3H])  candidate ~C_t
    o_t  = σ(a_t[:, 3H:4H])     output gate
    C_t  = f_t * C_{t-1} + i_t * g_t
    h_t  = o_t * tanh(C_t)

Rows are examples, so weights multiply from the right. In the chapters' notation,
f_t = σ(W_f x_t + U_f h_{t-1} + b_f) with W_f = ``W_x[:, H:2H].T``, U_f = ``W_h[:, H:2H].T`` and
b_f = ``b[H:2H]``, and likewise for the other blocks.

Sequences are laid out (batch, time, features); shapes use N (batch), T (time), D (input size)
and H (hidden size). ``W_x = weight_ih_l0.T``, ``W_h = weight_hh_l0.T`` and
``b = bias_ih_l0 + bias_hh_l0`` carry weights to and from ``torch.nn.LSTM`` without reordering.

Everything keeps the dtype of ``x`` (float32 or float64): parameters are cast to it, and
outputs and gradients come back in it.

The whole-sequence functions are written for speed: per step one matmul, in the concatenated
form [h_{t-1}, x_t, 1] @ [[W_h], [W_x], [b]], plus a few in-place elementwise operations; after
the loop of the backward pass, one GEMM over all steps for the weight gradients and one for dx.
:func:`lstm_step_forward` and :func:`lstm_step_backward` are the same equations written
plainly, one step at a time.

The GRU of Cho et al. (2014), in ``torch.nn.GRU``'s form (gates r, z, n; two bias vectors
``b_x``, ``b_h``), is at the end of the module: :func:`init_gru_params`,
:func:`gru_step_forward`, :func:`gru_forward` and :func:`gru_backward` (chapter 13).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lstmbook import _validate as v

__all__ = [
    "sigmoid",
    "init_lstm_params",
    "lstm_step_forward",
    "lstm_step_backward",
    "lstm_forward",
    "lstm_backward",
    "init_rnn_params",
    "rnn_forward",
    "rnn_backward",
    "init_gru_params",
    "gru_step_forward",
    "gru_forward",
    "gru_backward",
]


# ----------------------------------------------------------------------------------------------
# Input checks (messages say what was expected, what was received, and how to fix it)
# ----------------------------------------------------------------------------------------------


def _check_params(
    params, input_size: int, n_gates: int, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Check ``params`` (``W_x`` (D, G*H), ``W_h`` (H, G*H), ``b`` (G*H,)) and return them cast.

    ``n_gates`` is G: 4 for the LSTM, 1 for the plain RNN. Returns ``(W_x, W_h, b, H)``.
    """
    maker = "init_lstm_params" if n_gates == 4 else "init_rnn_params"
    v.check_mapping(params, "params", f"with keys 'W_x', 'W_h' and 'b' (as made by {maker})")
    missing = [k for k in ("W_x", "W_h", "b") if k not in params]
    if missing:
        raise ValueError(
            f"params is missing {', '.join(repr(k) for k in missing)}: expected the keys "
            f"'W_x', 'W_h' and 'b' (as made by {maker}), got {sorted(map(str, params))}."
        )
    W_x = v.as_float_array(params["W_x"], "params['W_x']", dtype)
    W_h = v.as_float_array(params["W_h"], "params['W_h']", dtype)
    b = v.as_float_array(params["b"], "params['b']", dtype)

    gates = "4H" if n_gates == 4 else "H"
    # A hint for the commonest mix-up: RNN parameters given to the LSTM, or the other way round.
    hint = ""
    if W_h.ndim == 2 and n_gates == 4 and W_h.shape[0] == W_h.shape[1]:
        hint = " These look like plain-RNN parameters (init_rnn_params); use rnn_forward for them."
    if W_h.ndim == 2 and n_gates == 1 and W_h.shape[1] == 4 * W_h.shape[0]:
        hint = " These look like LSTM parameters (init_lstm_params); use lstm_forward for them."

    if W_x.ndim != 2:
        raise ValueError(
            f"params['W_x'] must be 2-D (input_size, {gates}), got shape {W_x.shape}.{hint}"
        )
    if W_x.shape[1] == 0 or W_x.shape[1] % n_gates:
        what = (
            "4H (the gates i, f, g, o stacked), a positive multiple of 4"
            if n_gates == 4
            else "hidden_size H, at least 1"
        )
        raise ValueError(
            f"params['W_x'] has shape {W_x.shape}: its second axis must be {what}, "
            f"got {W_x.shape[1]}.{hint}"
        )
    H = W_x.shape[1] // n_gates
    GH = n_gates * H
    if W_x.shape[0] != input_size:
        raise ValueError(
            f"params['W_x'] has shape {W_x.shape} but x has input_size {input_size} (its last "
            f"axis): expected ({input_size}, {GH}). Make the parameters with "
            f"{maker}(input_size={input_size}, hidden_size=...), or check that x is laid out "
            "(batch, time, input_size)."
        )
    source = f"W_x's 4H={GH}" if n_gates == 4 else f"W_x's H={GH}"
    if W_h.shape != (H, GH):
        raise ValueError(
            f"params['W_h'] has shape {W_h.shape} but hidden_size is {H} (from {source}): "
            f"expected ({H}, {GH}).{hint}"
        )
    if b.shape != (GH,):
        raise ValueError(
            f"params['b'] has shape {b.shape} but hidden_size is {H} (from {source}): "
            f"expected ({GH},), one bias per {'gate unit' if n_gates == 4 else 'hidden unit'}."
        )
    return W_x, W_h, b, H


# ----------------------------------------------------------------------------------------------
# Initialisation
# ----------------------------------------------------------------------------------------------


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function σ(z) = 1 / (1 + exp(-z)), computed as (1 + tanh(z/2)) / 2.

    The two are equal; the tanh form never overflows (``np.exp(1000)`` would), so it needs no
    case split for large negative ``z``.
    """
    z = np.asarray(z)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _init_params(input_size, hidden_size, n_gates, seed, dtype) -> dict[str, np.ndarray]:
    v.positive_int(input_size, "input_size")
    v.positive_int(hidden_size, "hidden_size")
    dt = v.check_float_dtype(dtype)
    k = 1.0 / np.sqrt(hidden_size)
    rng = np.random.default_rng(seed)
    GH = n_gates * hidden_size
    return {
        "W_x": rng.uniform(-k, k, size=(input_size, GH)).astype(dt),
        "W_h": rng.uniform(-k, k, size=(hidden_size, GH)).astype(dt),
        "b": rng.uniform(-k, k, size=GH).astype(dt),
    }


def init_lstm_params(
    input_size: int,
    hidden_size: int,
    seed: int | None = 0,
    forget_bias: float = 0.0,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Random LSTM parameters, drawn like ``torch.nn.LSTM``'s: uniform(-1/sqrt(H), 1/sqrt(H)).

    Parameters
    ----------
    input_size : int
        D, the number of features per time step.
    hidden_size : int
        H, the number of hidden (and cell) units.
    seed : int or None, default 0
        Seed of a private ``numpy.random.default_rng``; the global generator is left untouched.
    forget_bias : float, default 0.0
        Added to the forget-gate block ``b[H:2H]``. A value such as 1.0 starts the forget gate
        mostly open (σ(1) ≈ 0.73), a common trick to help gradients flow early in training.
    dtype : numpy dtype, default np.float64

    Returns
    -------
    dict
        ``W_x`` : ndarray, shape (D, 4H); ``W_h`` : ndarray, shape (H, 4H); ``b`` : ndarray,
        shape (4H,). Gate blocks along the last axis in the order i, f, g, o.
        (``torch.nn.LSTM`` draws two bias vectors, ``bias_ih`` and ``bias_hh``; here there is
        one, their sum.)
    """
    params = _init_params(input_size, hidden_size, 4, seed, dtype)
    forget_bias = v.check_number(forget_bias, "forget_bias", example="1.0")
    params["b"][hidden_size : 2 * hidden_size] += forget_bias
    return params


def init_rnn_params(
    input_size: int, hidden_size: int, seed: int | None = 0, dtype=np.float64
) -> dict[str, np.ndarray]:
    """Random plain-RNN parameters, uniform(-1/sqrt(H), 1/sqrt(H)) like ``torch.nn.RNN``'s.

    Parameters
    ----------
    input_size : int
        D, the number of features per time step.
    hidden_size : int
        H, the number of hidden units.
    seed : int or None, default 0
        Seed of a private ``numpy.random.default_rng``.
    dtype : numpy dtype, default np.float64

    Returns
    -------
    dict
        ``W_x`` : ndarray, shape (D, H); ``W_h`` : ndarray, shape (H, H); ``b`` : ndarray,
        shape (H,).
    """
    return _init_params(input_size, hidden_size, 1, seed, dtype)


# ----------------------------------------------------------------------------------------------
# LSTM, one step at a time (plain code, CS231n style)
# ----------------------------------------------------------------------------------------------


def lstm_step_forward(
    x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, params: Mapping
) -> tuple[np.ndarray, np.ndarray, dict]:
    """One LSTM step.

    Parameters
    ----------
    x_t : ndarray, shape (N, D)
        Input at step t.
    h_prev, c_prev : ndarray, shape (N, H)
        Hidden state h_{t-1} and cell state C_{t-1}.
    params : dict
        ``W_x`` (D, 4H), ``W_h`` (H, 4H), ``b`` (4H,), gates in the order i, f, g, o.

    Returns
    -------
    h_t, c_t : ndarray, shape (N, H)
    step_cache : dict
        What :func:`lstm_step_backward` needs: the inputs, the gates ``i``, ``f``, ``g``, ``o``
        and ``tanh_c``, each (N, H), and the weights.
    """
    x_t = np.asarray(x_t)
    if x_t.ndim != 2:
        raise ValueError(
            f"x_t must be 2-D (batch, input_size), got shape {x_t.shape}. "
            "For a single example use x_t[None]; for a whole sequence use lstm_forward."
        )
    x_t = v.as_float_array(x_t, "x_t", fix=v.DATA_FIX)
    dtype = x_t.dtype
    N, D = x_t.shape
    W_x, W_h, b, H = _check_params(params, D, 4, dtype)
    h_prev = v.check_state(h_prev, "h_prev", N, H, dtype)
    c_prev = v.check_state(c_prev, "c_prev", N, H, dtype)

    a = x_t @ W_x + h_prev @ W_h + b
    i = sigmoid(a[:, 0 * H : 1 * H])
    f = sigmoid(a[:, 1 * H : 2 * H])
    g = np.tanh(a[:, 2 * H : 3 * H])
    o = sigmoid(a[:, 3 * H : 4 * H])
    c_t = f * c_prev + i * g
    tanh_c = np.tanh(c_t)
    h_t = o * tanh_c
    step_cache = {
        "x_t": x_t,
        "h_prev": h_prev,
        "c_prev": c_prev,
        "i": i,
        "f": f,
        "g": g,
        "o": o,
        "tanh_c": tanh_c,
        "W_x": W_x,
        "W_h": W_h,
    }
    return h_t, c_t, step_cache


def lstm_step_backward(
    dh_t: np.ndarray, dc_t: np.ndarray, step_cache: Mapping
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of one LSTM step.

    Parameters
    ----------
    dh_t, dc_t : ndarray, shape (N, H)
        Gradients of the loss with respect to h_t and C_t (all of them: from the output at
        step t and from the steps after it).
    step_cache : dict
        The third value returned by :func:`lstm_step_forward`.

    Returns
    -------
    dx_t : ndarray, shape (N, D)
    dh_prev, dc_prev : ndarray, shape (N, H)
    dW_x : ndarray, shape (D, 4H)
    dW_h : ndarray, shape (H, 4H)
    db : ndarray, shape (4H,)
    """
    v.check_cache(step_cache, ("x_t", "h_prev", "c_prev", "i", "tanh_c"), "lstm_step_forward")
    sc = step_cache
    i, f, g, o, tanh_c = sc["i"], sc["f"], sc["g"], sc["o"], sc["tanh_c"]
    N, H = i.shape
    dh_t = v.check_state(dh_t, "dh_t", N, H, i.dtype)
    dc_t = v.check_state(dc_t, "dc_t", N, H, i.dtype)

    do = dh_t * tanh_c
    dc = dc_t + dh_t * o * (1.0 - tanh_c**2)  # h_t = o_t * tanh(C_t)
    di = dc * g
    df = dc * sc["c_prev"]
    dg = dc * i
    dc_prev = dc * f
    # Through the nonlinearities: σ' = σ(1 - σ), tanh' = 1 - tanh².
    da = np.concatenate(
        [di * i * (1.0 - i), df * f * (1.0 - f), dg * (1.0 - g**2), do * o * (1.0 - o)], axis=1
    )
    dx_t = da @ sc["W_x"].T
    dh_prev = da @ sc["W_h"].T
    dW_x = sc["x_t"].T @ da
    dW_h = sc["h_prev"].T @ da
    db = da.sum(axis=0)
    return dx_t, dh_prev, dc_prev, dW_x, dW_h, db


# ----------------------------------------------------------------------------------------------
# LSTM over a whole sequence
# ----------------------------------------------------------------------------------------------


# How the whole-sequence LSTM lays out its work, for speed (same equations as the step functions):
# - Gate blocks are kept in the order g, i, f, o rather than PyTorch's i, f, g, o, so that the
#   three sigmoid gates (i, f, o) are adjacent, and so are the three blocks whose gradient comes
#   through C_t (g, i, f): each of those is one NumPy operation. Parameters go in, and
#   gradients come out, in the order i, f, g, o.
# - The activated gates are stored gate-major, shape (T, 4, N, H), so that each gate of each
#   step is one contiguous (N, H) block; elementwise work on them then runs at full speed.
# - Each step is one matmul in the concatenated form [h_{t-1}, x_t, 1] @ [[W_h], [W_x], [b]]:
#   the rows [h_{t-1}, x_t, 1] of all steps live in one array, so that after the loop a single
#   GEMM gives dW_h, dW_x and db together.
_TO_INTERNAL = (2, 0, 1, 3)  # internal block k is public block _TO_INTERNAL[k]
_TO_PUBLIC = (1, 2, 0, 3)  # public block k is internal block _TO_PUBLIC[k]


def _reorder(w: np.ndarray, order: tuple[int, ...]) -> np.ndarray:
    """Permute the four H-wide gate blocks of the last axis of ``w`` (a new array)."""
    H = w.shape[-1] // 4
    return np.concatenate([w[..., k * H : (k + 1) * H] for k in order], axis=-1)


def lstm_forward(
    x: np.ndarray,
    params: Mapping,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], dict]:
    """Run an LSTM over a batch of sequences, like ``torch.nn.LSTM(batch_first=True)``.

    Parameters
    ----------
    x : ndarray, shape (N, T, D)
        Inputs, (batch, time, features). float32 stays float32; other dtypes become float64.
    params : dict
        ``W_x`` (D, 4H), ``W_h`` (H, 4H), ``b`` (4H,), gates in the order i, f, g, o (see
        :func:`init_lstm_params`). Cast to the dtype of ``x``.
    h0, c0 : ndarray, shape (N, H), optional
        Initial hidden and cell states; zeros if not given.

    Returns
    -------
    hs : ndarray, shape (N, T, H)
        The hidden state h_t at every step.
    (h_T, c_T) : tuple of ndarray, each shape (N, H)
        The final hidden and cell states (``h_T`` equals ``hs[:, -1]``).
    cache : dict
        For :func:`lstm_backward`, and to look inside the cell: ``"i"``, ``"f"``, ``"g"``,
        ``"o"`` (the gates), ``"c"`` (the cell states C_t), ``"tanh_c"`` and ``"h"``, each a
        read-only view of shape (N, T, H); ``"x"`` (N, T, D); ``"h0"``, ``"c0"`` (N, H);
        copies of ``"W_x"``, ``"W_h"``, ``"b"``; and working arrays for the backward pass
        (keys ending in ``_tm``, time-major; ``"gates_tm"`` has shape (T, 4, N, H) with the
        gates in the internal order g, i, f, o).

    Examples
    --------
    >>> params = init_lstm_params(input_size=3, hidden_size=5)
    >>> hs, (h_T, c_T), cache = lstm_forward(np.ones((2, 4, 3)), params)
    >>> hs.shape, h_T.shape, cache["f"].shape
    ((2, 4, 5), (2, 5), (2, 4, 5))
    """
    x = v.as_sequence(x)
    dtype = x.dtype
    N, T, D = x.shape
    W_x, W_h, b, H = _check_params(params, D, 4, dtype)
    h0 = v.check_state(h0, "h0", N, H, dtype)
    c0 = v.check_state(c0, "c0", N, H, dtype)

    # σ(a) = (1 + tanh(a/2)) / 2, so one np.tanh serves all four blocks: halve the sigmoid
    # columns of the weights (exact in floating point), take tanh, then map i, f, o by t/2 + 1/2.
    half = np.ones(4 * H, dtype=dtype)
    half[H:] = 0.5  # internal order g, i, f, o
    W_in = _reorder(np.vstack([W_h, W_x, b]), _TO_INTERNAL) * half  # (H + D + 1, 4H)

    # hx[t] holds the rows [h_{t-1}, x_t, 1]; the loop writes h_t into hx[t + 1, :, :H].
    hx = np.empty((T + 1, N, H + D + 1), dtype=dtype)
    hx[0, :, :H] = h0
    hx[:T, :, H : H + D] = x.transpose(1, 0, 2)
    hx[T, :, H : H + D] = 0.0  # no input after the last step
    hx[:, :, H + D] = 1.0
    gates = np.empty((T, 4, N, H), dtype=dtype)  # g, i, f, o after their nonlinearities
    c_tm = np.empty((T + 1, N, H), dtype=dtype)  # c_tm[t + 1] = C_t, c_tm[0] = c0
    tanh_c = np.empty((T, N, H), dtype=dtype)
    c_tm[0] = c0
    a = np.empty((N, 4 * H), dtype=dtype)
    ig = np.empty((N, H), dtype=dtype)
    for t in range(T):
        np.matmul(hx[t], W_in, out=a)
        np.tanh(a.reshape(N, 4, H).transpose(1, 0, 2), out=gates[t])
        gates[t, 1:] *= 0.5  # the sigmoid gates i, f, o
        gates[t, 1:] += 0.5
        g, i, f, o = gates[t]
        np.multiply(f, c_tm[t], out=c_tm[t + 1])  # C_t = f_t * C_{t-1} + i_t * g_t
        c_tm[t + 1] += np.multiply(i, g, out=ig)
        np.tanh(c_tm[t + 1], out=tanh_c[t])
        np.multiply(o, tanh_c[t], out=hx[t + 1, :, :H])  # h_t = o_t * tanh(C_t)

    def batch_major(arr_tm):
        return v.read_only(arr_tm.transpose(1, 0, 2))

    cache = {
        "x": batch_major(hx[:T, :, H : H + D]),
        "h0": h0.copy(),
        "c0": c0.copy(),
        "W_x": W_x.copy(),
        "W_h": W_h.copy(),
        "b": b.copy(),
        "i": batch_major(gates[:, 1]),
        "f": batch_major(gates[:, 2]),
        "g": batch_major(gates[:, 0]),
        "o": batch_major(gates[:, 3]),
        "c": batch_major(c_tm[1:]),
        "tanh_c": batch_major(tanh_c),
        "h": batch_major(hx[1:, :, :H]),
        "hx_tm": hx,
        "gates_tm": gates,
        "c_tm": c_tm,
        "tanh_c_tm": tanh_c,
    }
    hs = np.ascontiguousarray(hx[1:, :, :H].transpose(1, 0, 2))
    return hs, (hs[:, -1].copy(), c_tm[T].copy()), cache


def lstm_backward(
    dhs: np.ndarray | None,
    cache: Mapping,
    dh_T: np.ndarray | None = None,
    dc_T: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Backpropagation through time for :func:`lstm_forward`.

    Parameters
    ----------
    dhs : ndarray, shape (N, T, H), or None
        Gradient of the loss with respect to ``hs``. None means zeros (a loss that uses only
        the final state).
    cache : dict
        The third value returned by :func:`lstm_forward`.
    dh_T, dc_T : ndarray, shape (N, H), optional
        Gradients with respect to the final states ``h_T`` and ``c_T`` returned by the forward
        pass (for example from a later chunk of the sequence); zeros if not given.

    Returns
    -------
    dict
        ``W_x`` (D, 4H), ``W_h`` (H, 4H), ``b`` (4H,), ``x`` (N, T, D), ``h0``, ``c0`` (N, H):
        the gradients of the loss, in the dtype of ``x``, gates in the order i, f, g, o.
        The inputs are not modified.
    """
    v.check_cache(cache, ("hx_tm", "gates_tm", "c_tm", "tanh_c_tm", "W_x", "W_h"), "lstm_forward")
    gates, hx, c_tm, tanh_c = cache["gates_tm"], cache["hx_tm"], cache["c_tm"], cache["tanh_c_tm"]
    T, _, N, H = gates.shape
    D = hx.shape[2] - H - 1
    dtype = gates.dtype
    dhs = v.check_dhs(dhs, N, T, H, dtype)
    # Copies, so the caller's arrays are never modified.
    dh_next = v.check_state(dh_T, "dh_T", N, H, dtype).copy()  # gradient reaching h_t from t + 1
    dc = v.check_state(dc_T, "dc_T", N, H, dtype).copy()  # gradient reaching C_t from t + 1

    # Local derivatives that do not depend on the recursion, for all steps at once: `local`
    # holds d(pre-activation)/d(C_t) for g, i, f (from C_t = f C_{t-1} + i g) and
    # d(pre-activation)/d(h_t) for o (from h_t = o tanh(C_t)), with σ' = σ(1 - σ) and
    # tanh' = 1 - tanh². The loop multiplies them by dC_t and dh_t.
    g, i, f, o = (gates[:, k] for k in range(4))  # each (T, N, H)
    local = np.empty_like(gates)
    np.subtract(1.0, gates[:, 1:], out=local[:, 1:])
    local[:, 1:] *= gates[:, 1:]  # σ' for i, f, o
    np.multiply(g, g, out=local[:, 0])
    np.subtract(1.0, local[:, 0], out=local[:, 0])  # tanh' for g
    local[:, 0] *= i
    local[:, 1] *= g
    local[:, 2] *= c_tm[:-1]
    local[:, 3] *= tanh_c
    dc_dh = np.multiply(tanh_c, tanh_c)  # d(h_t)/d(C_t) = o_t (1 - tanh²(C_t))
    np.subtract(1.0, dc_dh, out=dc_dh)
    dc_dh *= o

    da = np.empty((T, N, 4 * H), dtype=dtype)  # d(pre-activations), rows laid out for GEMMs
    da_blocks = da.reshape(T, N, 4, H).transpose(0, 2, 1, 3)  # the same memory as (T, 4, N, H)
    W_hT = np.ascontiguousarray(_reorder(cache["W_h"], _TO_INTERNAL).T)
    dh = np.empty((N, H), dtype=dtype)
    tmp = np.empty((N, H), dtype=dtype)
    for t in range(T - 1, -1, -1):
        if dhs is None:
            dh[...] = dh_next
        else:
            np.add(dhs[:, t], dh_next, out=dh)
        dc += np.multiply(dh, dc_dh[t], out=tmp)  # dC_t: from step t + 1 and through h_t
        np.multiply(local[t, :3], dc, out=da_blocks[t, :3])  # g, i, f
        np.multiply(local[t, 3], dh, out=da_blocks[t, 3])  # o
        dc *= f[t]  # now the gradient reaching C_{t-1}
        np.matmul(da[t], W_hT, out=dh_next)

    # One GEMM over all (step, example) rows [h_{t-1}, x_t, 1] gives dW_h, dW_x and db; one
    # more gives dx.
    da2 = da.reshape(T * N, 4 * H)
    dW = _reorder(hx[:-1].reshape(T * N, H + D + 1).T @ da2, _TO_PUBLIC)
    dx = da2 @ _reorder(cache["W_x"], _TO_INTERNAL).T
    return {
        "W_x": dW[H : H + D],
        "W_h": dW[:H],
        "b": dW[H + D],
        "x": np.ascontiguousarray(dx.reshape(T, N, D).transpose(1, 0, 2)),
        "h0": dh_next,
        "c0": dc,
    }


# ----------------------------------------------------------------------------------------------
# The plain RNN, h_t = tanh(x_t W_x + h_{t-1} W_h + b)
# ----------------------------------------------------------------------------------------------


def rnn_forward(
    x: np.ndarray, params: Mapping, h0: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Run a plain (Elman) RNN with tanh over a batch of sequences, like ``torch.nn.RNN``.

    Parameters
    ----------
    x : ndarray, shape (N, T, D)
        Inputs, (batch, time, features). float32 stays float32; other dtypes become float64.
    params : dict
        ``W_x`` (D, H), ``W_h`` (H, H), ``b`` (H,) (see :func:`init_rnn_params`);
        ``W_x = weight_ih_l0.T``, ``W_h = weight_hh_l0.T``, ``b = bias_ih_l0 + bias_hh_l0``.
    h0 : ndarray, shape (N, H), optional
        Initial hidden state; zeros if not given.

    Returns
    -------
    hs : ndarray, shape (N, T, H)
        The hidden state h_t at every step.
    h_T : ndarray, shape (N, H)
        The final hidden state (equals ``hs[:, -1]``).
    cache : dict
        For :func:`rnn_backward`: ``"x"`` (N, T, D), ``"h"`` (N, T, H, read-only view),
        ``"h0"``, copies of the weights, and time-major working arrays (keys ending in ``_tm``).
    """
    x = v.as_sequence(x)
    dtype = x.dtype
    N, T, D = x.shape
    W_x, W_h, b, H = _check_params(params, D, 1, dtype)
    h0 = v.check_state(h0, "h0", N, H, dtype)

    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))
    h_tm = np.empty((T + 1, N, H), dtype=dtype)  # h_tm[t + 1] = h_t, h_tm[0] = h0
    h_tm[0] = h0
    # The input projections of all steps in one GEMM, written where the states will go.
    np.matmul(x_tm.reshape(T * N, D), W_x, out=h_tm[1:].reshape(T * N, H))
    h_tm[1:] += b
    hw = np.empty((N, H), dtype=dtype)
    for t in range(T):
        h = h_tm[t + 1]
        h += np.matmul(h_tm[t], W_h, out=hw)
        np.tanh(h, out=h)

    cache = {
        "x": v.read_only(x_tm.transpose(1, 0, 2)),
        "h": v.read_only(h_tm[1:].transpose(1, 0, 2)),
        "h0": h0.copy(),
        "W_x": W_x.copy(),
        "W_h": W_h.copy(),
        "b": b.copy(),
        "x_tm": x_tm,
        "h_tm": h_tm,
    }
    return np.ascontiguousarray(h_tm[1:].transpose(1, 0, 2)), h_tm[T].copy(), cache


def rnn_backward(
    dhs: np.ndarray | None, cache: Mapping, dh_T: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Backpropagation through time for :func:`rnn_forward`.

    Parameters
    ----------
    dhs : ndarray, shape (N, T, H), or None
        Gradient of the loss with respect to ``hs``; None means zeros.
    cache : dict
        The third value returned by :func:`rnn_forward`.
    dh_T : ndarray, shape (N, H), optional
        Gradient with respect to the final state ``h_T``; zeros if not given.

    Returns
    -------
    dict
        ``W_x`` (D, H), ``W_h`` (H, H), ``b`` (H,), ``x`` (N, T, D), ``h0`` (N, H), in the
        dtype of ``x``. The inputs are not modified.
    """
    v.check_cache(cache, ("x_tm", "h_tm", "W_x", "W_h"), "rnn_forward")
    x_tm, h_tm, W_x, W_h = cache["x_tm"], cache["h_tm"], cache["W_x"], cache["W_h"]
    T, N, D = x_tm.shape
    H = h_tm.shape[2]
    dtype = h_tm.dtype
    dhs = v.check_dhs(dhs, N, T, H, dtype)
    dh_next = v.check_state(dh_T, "dh_T", N, H, dtype).copy()  # gradient reaching h_t from t + 1

    da = np.multiply(h_tm[1:], h_tm[1:])  # becomes d(pre-activation): tanh' = 1 - tanh²
    np.subtract(1.0, da, out=da)
    W_hT = np.ascontiguousarray(W_h.T)
    dh = np.empty((N, H), dtype=dtype)
    for t in range(T - 1, -1, -1):
        da[t] *= dh_next if dhs is None else np.add(dhs[:, t], dh_next, out=dh)
        np.matmul(da[t], W_hT, out=dh_next)

    da2 = da.reshape(T * N, H)
    return {
        "W_x": x_tm.reshape(T * N, D).T @ da2,
        "W_h": h_tm[:-1].reshape(T * N, H).T @ da2,
        "b": da2.sum(axis=0),
        "x": np.ascontiguousarray((da2 @ W_x.T).reshape(T, N, D).transpose(1, 0, 2)),
        "h0": dh_next,
    }


# ----------------------------------------------------------------------------------------------
# The GRU (Cho et al., 2014), in PyTorch's form: gates r, z, n; reset applied after the matmul
# ----------------------------------------------------------------------------------------------
#
#   r_t = σ(x_t W_xr + b_xr + h_{t-1} W_hr + b_hr)         reset gate
#   z_t = σ(x_t W_xz + b_xz + h_{t-1} W_hz + b_hz)         update gate
#   n_t = tanh(x_t W_xn + b_xn + r_t * (h_{t-1} W_hn + b_hn))   candidate
#   h_t = (1 - z_t) * n_t + z_t * h_{t-1}
#
# The blocks are stacked r, z, n along the last axis of W_x (D, 3H), W_h (H, 3H), b_x and b_h
# (3H,). Two bias vectors, as in torch.nn.GRU: r_t multiplies b_hn but not b_xn, so the two
# cannot be merged into one (those of r and z could, but are kept for a one-to-one mapping).

_GRU_KEYS = ("W_x", "W_h", "b_x", "b_h")


def init_gru_params(
    input_size: int, hidden_size: int, seed: int | None = 0, dtype=np.float64
) -> dict[str, np.ndarray]:
    """Random GRU parameters, drawn like ``torch.nn.GRU``'s: uniform(-1/sqrt(H), 1/sqrt(H)).

    Parameters
    ----------
    input_size : int
        D, the number of features per time step.
    hidden_size : int
        H, the number of hidden units.
    seed : int or None, default 0
        Seed of a private ``numpy.random.default_rng``; the global generator is left untouched.
    dtype : numpy dtype, default np.float64

    Returns
    -------
    dict
        ``W_x`` : ndarray, shape (D, 3H); ``W_h`` : ndarray, shape (H, 3H); ``b_x``, ``b_h`` :
        ndarray, shape (3H,). Gate blocks along the last axis in PyTorch's order r, z, n;
        ``W_x = weight_ih_l0.T``, ``W_h = weight_hh_l0.T``, ``b_x = bias_ih_l0``,
        ``b_h = bias_hh_l0``.
    """
    params = _init_params(input_size, hidden_size, 3, seed, dtype)
    k = 1.0 / np.sqrt(hidden_size)
    rng = np.random.default_rng(None if seed is None else [seed, 1])  # a stream of its own
    return {
        "W_x": params["W_x"],
        "W_h": params["W_h"],
        "b_x": params["b"],
        "b_h": rng.uniform(-k, k, size=3 * hidden_size).astype(params["b"].dtype),
    }


def _check_gru_params(
    params, input_size: int, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Check GRU ``params`` and return ``(W_x, W_h, b_x, b_h, H)`` cast to ``dtype``."""
    v.check_mapping(
        params, "params", "with keys 'W_x', 'W_h', 'b_x' and 'b_h' (as made by init_gru_params)"
    )
    missing = [k for k in _GRU_KEYS if k not in params]
    if missing:
        hint = ""
        if "b" in params:
            hint = (
                " These look like LSTM or RNN parameters (one bias 'b'). The GRU keeps two bias "
                "vectors, as torch.nn.GRU does, because its reset gate multiplies b_hn but not "
                "b_xn; make them with init_gru_params."
            )
        raise ValueError(
            f"params is missing {', '.join(repr(k) for k in missing)}: expected the keys "
            f"'W_x', 'W_h', 'b_x' and 'b_h' (as made by init_gru_params), got "
            f"{sorted(map(str, params))}.{hint}"
        )
    W_x, W_h, b_x, b_h = (v.as_float_array(params[k], f"params[{k!r}]", dtype) for k in _GRU_KEYS)
    if W_x.ndim != 2 or W_x.shape[1] == 0 or W_x.shape[1] % 3:
        raise ValueError(
            f"params['W_x'] must be 2-D (input_size, 3H), the blocks r, z, n stacked, with a "
            f"positive multiple of 3 columns; got shape {W_x.shape}."
        )
    H = W_x.shape[1] // 3
    if W_x.shape[0] != input_size:
        raise ValueError(
            f"params['W_x'] has shape {W_x.shape} but x has input_size {input_size} (its last "
            f"axis): expected ({input_size}, {3 * H}). Make the parameters with "
            f"init_gru_params(input_size={input_size}, hidden_size=...), or check that x is "
            "laid out (batch, time, input_size)."
        )
    if W_h.shape != (H, 3 * H):
        hint = ""
        if W_h.ndim == 2 and W_h.shape[1] == 4 * W_h.shape[0]:
            hint = " These look like LSTM parameters (4H columns); the GRU has 3H."
        raise ValueError(
            f"params['W_h'] has shape {W_h.shape} but hidden_size is {H} (from W_x's 3H="
            f"{3 * H}): expected ({H}, {3 * H}).{hint}"
        )
    for name, b in (("b_x", b_x), ("b_h", b_h)):
        if b.shape != (3 * H,):
            raise ValueError(
                f"params[{name!r}] has shape {b.shape} but hidden_size is {H} (from W_x's 3H="
                f"{3 * H}): expected ({3 * H},), one bias per gate unit."
            )
    return W_x, W_h, b_x, b_h, H


def gru_step_forward(
    x_t: np.ndarray, h_prev: np.ndarray, params: Mapping
) -> tuple[np.ndarray, dict]:
    """One GRU step, like ``torch.nn.GRUCell``: the equations written plainly.

    Parameters
    ----------
    x_t : ndarray, shape (N, D)
        Input at step t.
    h_prev : ndarray, shape (N, H)
        Hidden state h_{t-1}.
    params : dict
        ``W_x`` (D, 3H), ``W_h`` (H, 3H), ``b_x``, ``b_h`` (3H,), blocks in the order r, z, n
        (see :func:`init_gru_params`).

    Returns
    -------
    h_t : ndarray, shape (N, H)
    step_cache : dict
        The gates ``r``, ``z``, ``n`` and ``hn`` = h_{t-1} W_hn + b_hn, each (N, H).

    Examples
    --------
    >>> params = init_gru_params(input_size=3, hidden_size=5)
    >>> h_t, step_cache = gru_step_forward(np.ones((2, 3)), np.zeros((2, 5)), params)
    >>> h_t.shape, step_cache["z"].shape
    ((2, 5), (2, 5))
    """
    x_t = np.asarray(x_t)
    if x_t.ndim != 2:
        raise ValueError(
            f"x_t must be 2-D (batch, input_size), got shape {x_t.shape}. "
            "For a single example use x_t[None]; for a whole sequence use gru_forward."
        )
    x_t = v.as_float_array(x_t, "x_t", fix=v.DATA_FIX)
    dtype = x_t.dtype
    N, D = x_t.shape
    W_x, W_h, b_x, b_h, H = _check_gru_params(params, D, dtype)
    h_prev = v.check_state(h_prev, "h_prev", N, H, dtype)

    ax = x_t @ W_x + b_x  # (N, 3H)
    ah = h_prev @ W_h + b_h  # (N, 3H)
    r = sigmoid(ax[:, :H] + ah[:, :H])
    z = sigmoid(ax[:, H : 2 * H] + ah[:, H : 2 * H])
    n = np.tanh(ax[:, 2 * H :] + r * ah[:, 2 * H :])
    h_t = (1.0 - z) * n + z * h_prev
    return h_t, {"r": r, "z": z, "n": n, "hn": ah[:, 2 * H :]}


def gru_forward(
    x: np.ndarray, params: Mapping, h0: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Run a GRU over a batch of sequences, like ``torch.nn.GRU(batch_first=True)``.

    Parameters
    ----------
    x : ndarray, shape (N, T, D)
        Inputs, (batch, time, features). float32 stays float32; other dtypes become float64.
    params : dict
        ``W_x`` (D, 3H), ``W_h`` (H, 3H), ``b_x`` (3H,), ``b_h`` (3H,), blocks in PyTorch's
        order r, z, n (see :func:`init_gru_params`). Cast to the dtype of ``x``.
    h0 : ndarray, shape (N, H), optional
        Initial hidden state; zeros if not given.

    Returns
    -------
    hs : ndarray, shape (N, T, H)
        The hidden state h_t at every step.
    h_T : ndarray, shape (N, H)
        The final hidden state (equals ``hs[:, -1]``).
    cache : dict
        For :func:`gru_backward`, and to look inside: ``"r"``, ``"z"``, ``"n"`` (the gates and
        the candidate) and ``"h"``, each a read-only view of shape (N, T, H); ``"x"``
        (N, T, D); ``"h0"``; copies of the weights; and time-major working arrays (keys
        ending in ``_tm``).

    Examples
    --------
    >>> params = init_gru_params(input_size=3, hidden_size=5)
    >>> hs, h_T, cache = gru_forward(np.ones((2, 4, 3)), params)
    >>> hs.shape, h_T.shape, cache["z"].shape
    ((2, 4, 5), (2, 5), (2, 4, 5))
    """
    x = v.as_sequence(x)
    dtype = x.dtype
    N, T, D = x.shape
    W_x, W_h, b_x, b_h, H = _check_gru_params(params, D, dtype)
    h0 = v.check_state(h0, "h0", N, H, dtype)

    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))
    ax = (x_tm.reshape(T * N, D) @ W_x + b_x).reshape(T, N, 3 * H)  # all input terms at once
    h_tm = np.empty((T + 1, N, H), dtype=dtype)  # h_tm[t + 1] = h_t, h_tm[0] = h0
    h_tm[0] = h0
    gates = np.empty((T, 3, N, H), dtype=dtype)  # r, z, n after their nonlinearities
    hn = np.empty((T, N, H), dtype=dtype)  # h_{t-1} W_hn + b_hn, which r_t multiplies
    ah = np.empty((N, 3 * H), dtype=dtype)
    for t in range(T):
        np.matmul(h_tm[t], W_h, out=ah)
        ah += b_h
        rz = sigmoid(ax[t, :, : 2 * H] + ah[:, : 2 * H])
        gates[t, 0], gates[t, 1] = rz[:, :H], rz[:, H:]
        hn[t] = ah[:, 2 * H :]
        r, z, n = gates[t]
        np.tanh(ax[t, :, 2 * H :] + r * hn[t], out=n)
        h_tm[t + 1] = n + z * (h_tm[t] - n)  # (1 - z) n + z h_{t-1}

    def batch_major(arr_tm):
        return v.read_only(arr_tm.transpose(1, 0, 2))

    cache = {
        "x": batch_major(x_tm),
        "h0": h0.copy(),
        "W_x": W_x.copy(),
        "W_h": W_h.copy(),
        "b_x": b_x.copy(),
        "b_h": b_h.copy(),
        "r": batch_major(gates[:, 0]),
        "z": batch_major(gates[:, 1]),
        "n": batch_major(gates[:, 2]),
        "h": batch_major(h_tm[1:]),
        "x_tm": x_tm,
        "h_tm": h_tm,
        "gates_tm": gates,
        "hn_tm": hn,
    }
    return np.ascontiguousarray(h_tm[1:].transpose(1, 0, 2)), h_tm[T].copy(), cache


def gru_backward(
    dhs: np.ndarray | None, cache: Mapping, dh_T: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Backpropagation through time for :func:`gru_forward`.

    Parameters
    ----------
    dhs : ndarray, shape (N, T, H), or None
        Gradient of the loss with respect to ``hs``; None means zeros (a loss that uses only
        the final state).
    cache : dict
        The third value returned by :func:`gru_forward`.
    dh_T : ndarray, shape (N, H), optional
        Gradient with respect to the final state ``h_T``; zeros if not given.

    Returns
    -------
    dict
        ``W_x`` (D, 3H), ``W_h`` (H, 3H), ``b_x``, ``b_h`` (3H,), ``x`` (N, T, D), ``h0``
        (N, H): the gradients of the loss, in the dtype of ``x``, blocks in the order r, z, n.
        The inputs are not modified.
    """
    v.check_cache(cache, ("x_tm", "h_tm", "gates_tm", "hn_tm", "W_x", "W_h"), "gru_forward")
    x_tm, h_tm, gates, hn = cache["x_tm"], cache["h_tm"], cache["gates_tm"], cache["hn_tm"]
    T, N, D = x_tm.shape
    H = h_tm.shape[2]
    dtype = h_tm.dtype
    dhs = v.check_dhs(dhs, N, T, H, dtype)
    dh_next = v.check_state(dh_T, "dh_T", N, H, dtype).copy()  # gradient reaching h_t from t + 1

    dax = np.empty((T, N, 3 * H), dtype=dtype)  # d(input terms x_t W_x + b_x), blocks r, z, n
    dah = np.empty((T, N, 3 * H), dtype=dtype)  # d(recurrent terms h_{t-1} W_h + b_h)
    W_hT = np.ascontiguousarray(cache["W_h"].T)
    for t in range(T - 1, -1, -1):
        r, z, n = gates[t]
        dh = dh_next if dhs is None else dhs[:, t] + dh_next
        dn = dh * (1.0 - z) * (1.0 - n * n)  # through h_t = (1 - z) n + z h_{t-1}, then tanh
        dr = dn * hn[t] * r * (1.0 - r)  # n's pre-activation holds r * hn
        dz = dh * (h_tm[t] - n) * z * (1.0 - z)
        dax[t, :, :H], dax[t, :, H : 2 * H], dax[t, :, 2 * H :] = dr, dz, dn
        dah[t, :, :H], dah[t, :, H : 2 * H], dah[t, :, 2 * H :] = dr, dz, dn * r
        dh_next = dh * z + dah[t] @ W_hT

    dax2, dah2 = dax.reshape(T * N, 3 * H), dah.reshape(T * N, 3 * H)
    return {
        "W_x": x_tm.reshape(T * N, D).T @ dax2,
        "W_h": h_tm[:-1].reshape(T * N, H).T @ dah2,
        "b_x": dax2.sum(axis=0),
        "b_h": dah2.sum(axis=0),
        "x": np.ascontiguousarray((dax2 @ cache["W_x"].T).reshape(T, N, D).transpose(1, 0, 2)),
        "h0": dh_next,
    }
