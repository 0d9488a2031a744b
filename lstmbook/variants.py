"""Variants of the LSTM cell in NumPy, and one training loop shared by them and the GRU.

The LSTM of :mod:`lstmbook.scratch` is the *vanilla* LSTM: three gates, a forget gate among
them, and no peepholes. Chapter 12 compares it with the variants studied by Greff et al. (2017),
"LSTM: A Search Space Odyssey", each a small change of the same equations::

    variant      gate blocks   what changes
    "vanilla"    i, f, g, o    nothing: equal to lstmbook.scratch.lstm_forward
    "peephole"   i, f, g, o    i_t and f_t also see C_{t-1}, o_t sees C_t, through diagonal
                               weights p_i, p_f, p_o (Gers and Schmidhuber, 2000)
    "cifg"       f, g, o       coupled input and forget gates: i_t = 1 - f_t
    "no_forget"  i, g, o       no forget gate, f_t = 1: the LSTM of Hochreiter and Schmidhuber
                               (1997), before Gers, Schmidhuber and Cummins (2000) added it

A gate that a variant does not have has no block in its weights: the blocks it has are stacked
in the book's order i, f, g, o with the missing one left out, so ``W_x`` is (D, 3H) for "cifg"
and "no_forget". With the same seed, every variant starts from the same weights for the blocks
it shares with the vanilla LSTM, and the peephole weights start at zero, so that the peephole
LSTM starts out as the vanilla one.

The forget-gate bias (0 or 1, Jozefowicz et al., 2015) is an option of
:func:`init_lstm_params`, not a variant.

The second half of the module puts a linear read-out on the last hidden state of any of these
cells or of the GRU (:func:`lstmbook.scratch.gru_forward`) and trains it with Adam and gradient
clipping (:mod:`lstmbook.optim`): :func:`init_model`, :func:`predict`, :func:`loss_and_grads`,
:func:`fit`, and :func:`train_on_adding` for the adding problem of chapter 5.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import numpy as np

from lstmbook import data, optim, scratch
from lstmbook.scratch import (
    _as_array,
    _check_cache,
    _check_dhs,
    _check_sequence,
    _check_state,
    _read_only,
    sigmoid,
)

__all__ = [
    "VARIANTS",
    "MODELS",
    "GATE_BLOCKS",
    "init_lstm_params",
    "lstm_forward",
    "lstm_backward",
    "init_model",
    "predict",
    "loss_and_grads",
    "fit",
    "train_on_adding",
]

#: The LSTM variants of this module.
VARIANTS: tuple[str, ...] = ("vanilla", "peephole", "cifg", "no_forget")
#: Everything :func:`init_model` and :func:`fit` accept: the LSTM variants and the GRU.
MODELS: tuple[str, ...] = (*VARIANTS, "gru")
#: The gate blocks each variant's weights hold, in the order they are stacked.
GATE_BLOCKS: dict[str, tuple[str, ...]] = {
    "vanilla": ("i", "f", "g", "o"),
    "peephole": ("i", "f", "g", "o"),
    "cifg": ("f", "g", "o"),
    "no_forget": ("i", "g", "o"),
}
_PEEPHOLES = ("p_i", "p_f", "p_o")


def _check_variant(variant, allowed: tuple[str, ...] = VARIANTS) -> str:
    if not isinstance(variant, str) or variant not in allowed:
        hint = ""
        if variant == "gru" and "gru" not in allowed:
            hint = " The GRU is not an LSTM variant: use lstmbook.scratch.gru_forward."
        raise ValueError(
            f"variant must be one of {', '.join(repr(v) for v in allowed)}, got {variant!r}.{hint}"
        )
    return variant


# ----------------------------------------------------------------------------------------------
# The cell: one forward and one backward for all four variants
# ----------------------------------------------------------------------------------------------


def init_lstm_params(
    input_size: int,
    hidden_size: int,
    variant: str = "vanilla",
    seed: int | None = 0,
    forget_bias: float = 0.0,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Random parameters of an LSTM variant, drawn like :func:`lstmbook.scratch.init_lstm_params`.

    Parameters
    ----------
    input_size : int
        D, the number of features per time step.
    hidden_size : int
        H, the number of hidden (and cell) units.
    variant : {"vanilla", "peephole", "cifg", "no_forget"}, default "vanilla"
    seed : int or None, default 0
        With the same seed, all variants share the weights of the blocks they have in common.
    forget_bias : float, default 0.0
        Added to the forget-gate bias (1.0 starts the forget gates mostly open). Must be 0 for
        "no_forget", which has no forget gate.
    dtype : numpy dtype, default np.float64

    Returns
    -------
    dict
        ``W_x`` (D, G*H), ``W_h`` (H, G*H), ``b`` (G*H,), with G = 4 blocks i, f, g, o, or 3
        for "cifg" (f, g, o) and "no_forget" (i, g, o); for "peephole" also ``p_i``, ``p_f``,
        ``p_o`` (H,), the diagonal peephole weights, starting at zero.
    """
    _check_variant(variant)
    if variant == "no_forget" and forget_bias != 0:
        raise ValueError(
            f"variant='no_forget' has no forget gate, so it has no forget bias either; got "
            f"forget_bias={forget_bias!r}. Leave forget_bias at 0."
        )
    full = scratch.init_lstm_params(input_size, hidden_size, seed, forget_bias, dtype)
    H = hidden_size
    columns = np.concatenate(
        [
            np.arange(k * H, (k + 1) * H)
            for k, name in enumerate("ifgo")
            if name in GATE_BLOCKS[variant]
        ]
    )
    params = {name: np.ascontiguousarray(full[name][..., columns]) for name in ("W_x", "W_h", "b")}
    if variant == "peephole":
        params.update({name: np.zeros(H, dtype=params["b"].dtype) for name in _PEEPHOLES})
    return params


def _check_params(params, variant: str, input_size: int, dtype: np.dtype):
    """Check a variant's ``params``; return ``(W_x, W_h, b, peepholes, H)`` cast to ``dtype``."""
    blocks = GATE_BLOCKS[variant]
    G = len(blocks)
    keys = ("W_x", "W_h", "b") + (_PEEPHOLES if variant == "peephole" else ())
    if not isinstance(params, Mapping):
        raise ValueError(
            f"params must be a dict with keys {list(keys)} (as made by "
            f"init_lstm_params(..., variant={variant!r})), got {type(params).__name__}."
        )
    missing = [k for k in keys if k not in params]
    if missing:
        raise ValueError(
            f"params is missing {missing} for variant={variant!r}: make them with "
            f"init_lstm_params(input_size, hidden_size, variant={variant!r})."
        )
    W_x, W_h, b = (_as_array(params[k], f"params[{k!r}]", dtype) for k in ("W_x", "W_h", "b"))
    other = 7 - G  # the other number of blocks: 3 or 4
    hint = ""
    if W_h.ndim == 2 and W_h.shape[1] == other * W_h.shape[0]:
        hint = (
            f" These have {other} gate blocks; variant={variant!r} has {G} "
            f"({', '.join(blocks)}). Make the parameters with "
            f"init_lstm_params(..., variant={variant!r})."
        )
    if W_x.ndim != 2 or W_x.shape[1] == 0 or W_x.shape[1] % G:
        raise ValueError(
            f"params['W_x'] must be 2-D (input_size, {G}H) for variant={variant!r}, the blocks "
            f"{', '.join(blocks)} stacked; got shape {W_x.shape}.{hint}"
        )
    H = W_x.shape[1] // G
    if W_x.shape[0] != input_size:
        raise ValueError(
            f"params['W_x'] has shape {W_x.shape} but x has input_size {input_size} (its last "
            f"axis): expected ({input_size}, {G * H})."
        )
    if W_h.shape != (H, G * H):
        raise ValueError(
            f"params['W_h'] has shape {W_h.shape}, but variant={variant!r} with W_x of shape "
            f"{W_x.shape} expects (H, {G}H).{hint}"
        )
    if b.shape != (G * H,):
        raise ValueError(f"params['b'] has shape {b.shape}: expected ({G * H},).")
    peepholes = {}
    if variant == "peephole":
        for k in _PEEPHOLES:
            peepholes[k] = _as_array(params[k], f"params[{k!r}]", dtype)
            if peepholes[k].shape != (H,):
                raise ValueError(
                    f"params[{k!r}] has shape {peepholes[k].shape}: a peephole weight is "
                    f"diagonal, one number per cell, so expected ({H},)."
                )
    return W_x, W_h, b, peepholes, H


def lstm_forward(
    x: np.ndarray,
    params: Mapping,
    variant: str = "vanilla",
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], dict]:
    """Run an LSTM variant over a batch of sequences.

    Parameters
    ----------
    x : ndarray, shape (N, T, D)
        Inputs, (batch, time, features). float32 stays float32; other dtypes become float64.
    params : dict
        As made by :func:`init_lstm_params` for the same ``variant``.
    variant : {"vanilla", "peephole", "cifg", "no_forget"}, default "vanilla"
    h0, c0 : ndarray, shape (N, H), optional
        Initial hidden and cell states; zeros if not given.

    Returns
    -------
    hs : ndarray, shape (N, T, H)
    (h_T, c_T) : tuple of ndarray, each shape (N, H)
    cache : dict
        For :func:`lstm_backward`, and to look inside: ``"i"``, ``"f"``, ``"g"``, ``"o"``,
        ``"c"``, ``"tanh_c"``, ``"h"``, each a read-only view of shape (N, T, H) (for "cifg"
        ``"i"`` holds 1 - f, for "no_forget" ``"f"`` holds ones), and ``"variant"``.

    Examples
    --------
    >>> params = init_lstm_params(input_size=3, hidden_size=5, variant="cifg")
    >>> hs, (h_T, c_T), cache = lstm_forward(np.ones((2, 4, 3)), params, variant="cifg")
    >>> hs.shape, bool(np.allclose(cache["i"], 1 - cache["f"]))
    ((2, 4, 5), True)
    """
    _check_variant(variant)
    x = _check_sequence(x)
    dtype = x.dtype
    N, T, D = x.shape
    W_x, W_h, b, peep, H = _check_params(params, variant, D, dtype)
    h0 = _check_state(h0, "h0", N, H, dtype)
    c0 = _check_state(c0, "c0", N, H, dtype)
    blocks = GATE_BLOCKS[variant]

    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))
    ax = (x_tm.reshape(T * N, D) @ W_x + b).reshape(T, N, -1)  # input terms of all steps
    gates = np.empty((T, 4, N, H), dtype=dtype)  # i, f, g, o after their nonlinearities
    h_tm = np.empty((T + 1, N, H), dtype=dtype)  # h_tm[t + 1] = h_t, h_tm[0] = h0
    c_tm = np.empty((T + 1, N, H), dtype=dtype)  # c_tm[t + 1] = C_t, c_tm[0] = c0
    tanh_c = np.empty((T, N, H), dtype=dtype)
    h_tm[0], c_tm[0] = h0, c0
    a = np.empty((N, len(blocks) * H), dtype=dtype)  # pre-activations of one step
    s = np.empty_like(a)  # their sigmoids
    pre = {name: a[:, k * H : (k + 1) * H] for k, name in enumerate(blocks)}  # views, made once
    sig = {name: s[:, k * H : (k + 1) * H] for k, name in enumerate(blocks)}
    for t in range(T):
        np.matmul(h_tm[t], W_h, out=a)
        a += ax[t]
        i, f, g, o = gates[t]
        c_prev = c_tm[t]
        if variant == "peephole":  # i and f look at the old cell state
            pre["i"] += peep["p_i"] * c_prev
            pre["f"] += peep["p_f"] * c_prev
        s[...] = sigmoid(a)  # all blocks in one call (faster); the g block's σ goes unused
        f[...] = sig["f"] if "f" in sig else 1.0  # no_forget: f_t = 1
        i[...] = sig["i"] if "i" in sig else 1.0 - f  # cifg: i_t = 1 - f_t
        np.tanh(pre["g"], out=g)
        np.multiply(f, c_prev, out=c_tm[t + 1])  # C_t = f_t C_{t-1} + i_t g_t
        c_tm[t + 1] += i * g
        if variant == "peephole":  # o looks at the new cell state
            o[...] = sigmoid(pre["o"] + peep["p_o"] * c_tm[t + 1])
        else:
            o[...] = sig["o"]
        np.tanh(c_tm[t + 1], out=tanh_c[t])
        np.multiply(o, tanh_c[t], out=h_tm[t + 1])  # h_t = o_t tanh(C_t)

    def batch_major(arr_tm):
        return _read_only(arr_tm.transpose(1, 0, 2))

    cache = {name: batch_major(gates[:, k]) for k, name in enumerate("ifgo")}
    cache.update(
        variant=variant,
        x=batch_major(x_tm),
        h0=h0.copy(),
        c0=c0.copy(),
        W_x=W_x.copy(),
        W_h=W_h.copy(),
        c=batch_major(c_tm[1:]),
        tanh_c=batch_major(tanh_c),
        h=batch_major(h_tm[1:]),
        peepholes={k: v.copy() for k, v in peep.items()},
        x_tm=x_tm,
        gates_tm=gates,
        h_tm=h_tm,
        c_tm=c_tm,
        tanh_c_tm=tanh_c,
    )
    hs = np.ascontiguousarray(h_tm[1:].transpose(1, 0, 2))
    return hs, (h_tm[T].copy(), c_tm[T].copy()), cache


def lstm_backward(
    dhs: np.ndarray | None,
    cache: Mapping,
    dh_T: np.ndarray | None = None,
    dc_T: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Backpropagation through time for :func:`lstm_forward`, for any of the variants.

    Parameters
    ----------
    dhs : ndarray, shape (N, T, H), or None
        Gradient of the loss with respect to ``hs``; None means zeros.
    cache : dict
        The third value returned by :func:`lstm_forward` (it knows the variant).
    dh_T, dc_T : ndarray, shape (N, H), optional
        Gradients with respect to the final states; zeros if not given.

    Returns
    -------
    dict
        ``W_x``, ``W_h``, ``b`` (shaped like the variant's parameters), ``x`` (N, T, D),
        ``h0``, ``c0`` (N, H), and for "peephole" ``p_i``, ``p_f``, ``p_o`` (H,).
    """
    needed = ("variant", "x_tm", "gates_tm", "h_tm", "c_tm", "tanh_c_tm", "W_x", "W_h")
    _check_cache(cache, needed, "lstm_forward")
    variant, peep = cache["variant"], cache["peepholes"]
    x_tm, gates, h_tm, c_tm = cache["x_tm"], cache["gates_tm"], cache["h_tm"], cache["c_tm"]
    tanh_c = cache["tanh_c_tm"]
    T, _, N, H = gates.shape
    D = x_tm.shape[2]
    dtype = gates.dtype
    dhs = _check_dhs(dhs, N, T, H, dtype)
    dh_next = _check_state(dh_T, "dh_T", N, H, dtype).copy()  # gradient reaching h_t from t + 1
    dc = _check_state(dc_T, "dc_T", N, H, dtype).copy()  # gradient reaching C_t from t + 1
    blocks = GATE_BLOCKS[variant]

    # Local derivatives that do not depend on the recursion, for all steps at once (each
    # (T, N, H)): d(pre-activation)/d(C_t) for the blocks that feed C_t (i, f, g), and
    # d(pre-activation)/d(h_t) for o; σ' = σ(1 - σ), tanh' = 1 - tanh². The loop multiplies them
    # by dC_t and dh_t.
    i, f, g, o = (gates[:, k] for k in range(4))
    c_prev = c_tm[:-1]
    local = {
        "i": g * i * (1.0 - i),  # C_t = f_t C_{t-1} + i_t g_t
        "f": (c_prev - g if variant == "cifg" else c_prev) * f * (1.0 - f),  # cifg: i_t = 1 - f_t
        "g": i * (1.0 - g * g),
        "o": tanh_c * o * (1.0 - o),  # h_t = o_t tanh(C_t)
    }
    dc_dh = o * (1.0 - tanh_c**2)  # d(h_t)/d(C_t)

    da = np.empty((T, N, len(blocks) * H), dtype=dtype)  # d(pre-activations), blocks as stored
    da_block = {name: da[:, :, k * H : (k + 1) * H] for k, name in enumerate(blocks)}  # views
    W_hT = np.ascontiguousarray(cache["W_h"].T)
    for t in range(T - 1, -1, -1):
        dh = dh_next if dhs is None else dhs[:, t] + dh_next
        np.multiply(dh, local["o"][t], out=da_block["o"][t])
        dc = dc + dh * dc_dh[t]  # all of dC_t: from step t + 1 and through h_t
        if variant == "peephole":
            dc += da_block["o"][t] * peep["p_o"]  # o_t saw C_t
        for name in blocks[:-1]:  # the blocks that feed C_t (o is always last)
            np.multiply(dc, local[name][t], out=da_block[name][t])
        dc = dc * f[t]  # now the gradient reaching C_{t-1} along the cell state
        if variant == "peephole":
            dc += (
                da_block["i"][t] * peep["p_i"] + da_block["f"][t] * peep["p_f"]
            )  # i, f saw C_{t-1}
        dh_next = da[t] @ W_hT

    da2 = da.reshape(T * N, -1)
    grads = {
        "W_x": x_tm.reshape(T * N, D).T @ da2,
        "W_h": h_tm[:-1].reshape(T * N, H).T @ da2,
        "b": da2.sum(axis=0),
        "x": np.ascontiguousarray((da2 @ cache["W_x"].T).reshape(T, N, D).transpose(1, 0, 2)),
        "h0": dh_next,
        "c0": dc,
    }
    if variant == "peephole":
        grads["p_i"] = np.sum(da_block["i"] * c_prev, axis=(0, 1))
        grads["p_f"] = np.sum(da_block["f"] * c_prev, axis=(0, 1))
        grads["p_o"] = np.sum(da_block["o"] * c_tm[1:], axis=(0, 1))
    return grads


# ----------------------------------------------------------------------------------------------
# A model (any variant or the GRU, plus a linear read-out of h_T) and its training loop
# ----------------------------------------------------------------------------------------------


def init_model(
    variant: str,
    input_size: int,
    hidden_size: int,
    seed: int | None = 0,
    forget_bias: float = 0.0,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Parameters of a recurrent layer and a linear read-out ``y_hat = h_T W_y + b_y``.

    Parameters
    ----------
    variant : {"vanilla", "peephole", "cifg", "no_forget", "gru"}
        "gru" uses :func:`lstmbook.scratch.init_gru_params`, the others :func:`init_lstm_params`.
    input_size, hidden_size : int
        D and H.
    seed : int or None, default 0
    forget_bias : float, default 0.0
        For the LSTM variants with a forget gate; must be 0 for "no_forget" and "gru".
    dtype : numpy dtype, default np.float64

    Returns
    -------
    dict
        The recurrent layer's parameters, plus ``W_y`` (H, 1), drawn like ``nn.Linear``'s
        weights, and ``b_y`` (1,), zero.
    """
    _check_variant(variant, MODELS)
    if variant == "gru":
        if forget_bias != 0:
            raise ValueError(
                f"the GRU has no forget gate, so forget_bias must be 0, got {forget_bias!r}."
            )
        params = scratch.init_gru_params(input_size, hidden_size, seed, dtype)
    else:
        params = init_lstm_params(input_size, hidden_size, variant, seed, forget_bias, dtype)
    k = 1.0 / np.sqrt(hidden_size)
    rng = np.random.default_rng(None if seed is None else [seed, 2])
    params["W_y"] = rng.uniform(-k, k, size=(hidden_size, 1)).astype(params["W_x"].dtype)
    params["b_y"] = np.zeros(1, dtype=params["W_x"].dtype)
    return params


def _run(params: Mapping, variant: str, X: np.ndarray):
    """Forward pass of the recurrent layer: ``(h_T, cache)``."""
    if variant == "gru":
        _, h_T, cache = scratch.gru_forward(X, params)
    else:
        _, (h_T, _), cache = lstm_forward(X, params, variant)
    return h_T, cache


def _check_readout(params, variant: str) -> None:
    _check_variant(variant, MODELS)
    if not isinstance(params, Mapping) or "W_y" not in params or "b_y" not in params:
        raise ValueError(
            "params must hold the read-out 'W_y' and 'b_y' besides the recurrent weights: "
            f"make them with init_model({variant!r}, input_size, hidden_size)."
        )


def predict(params: Mapping, variant: str, X: np.ndarray) -> np.ndarray:
    """The model's output for each sequence, ``h_T W_y + b_y``.

    Parameters
    ----------
    params : dict
        As made by :func:`init_model` for the same ``variant``.
    variant : str
        One of :data:`MODELS`.
    X : ndarray, shape (N, T, D)

    Returns
    -------
    ndarray, shape (N,)
    """
    _check_readout(params, variant)
    h_T, _ = _run(params, variant, X)
    return (h_T @ params["W_y"] + params["b_y"])[:, 0]


def loss_and_grads(
    params: Mapping, variant: str, X: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean squared error of :func:`predict` and its gradient with respect to every parameter.

    Parameters
    ----------
    params : dict
        As made by :func:`init_model`.
    variant : str
        One of :data:`MODELS`.
    X : ndarray, shape (N, T, D)
    y : ndarray, shape (N,)
        One target per sequence.

    Returns
    -------
    loss : float
        ``mean((y_hat - y)**2)``.
    grads : dict
        One gradient per key of ``params``, same shapes.
    """
    _check_readout(params, variant)
    h_T, cache = _run(params, variant, X)
    y = _as_array(y, "y", h_T.dtype, fix=scratch._DATA_FIX)
    if y.shape != (len(h_T),):
        raise ValueError(
            f"y must hold one target per sequence, shape ({len(h_T)},), got {y.shape}. "
            "For targets of shape (N, 1) pass y[:, 0]."
        )
    y_hat = (h_T @ params["W_y"] + params["b_y"])[:, 0]
    delta = (2.0 * (y_hat - y) / len(y))[:, None]  # dL/dy_hat, (N, 1)
    grads = {"W_y": h_T.T @ delta, "b_y": delta.sum(axis=0)}
    dh_T = delta @ params["W_y"].T
    if variant == "gru":
        core = scratch.gru_backward(None, cache, dh_T=dh_T)
    else:
        core = lstm_backward(None, cache, dh_T=dh_T)
    grads.update({k: core[k] for k in params if k not in grads})
    return float(np.mean((y_hat - y) ** 2)), grads


def fit(
    params: dict[str, np.ndarray],
    variant: str,
    batches: Callable[[int], tuple[np.ndarray, np.ndarray]],
    n_updates: int,
    lr: float = 1e-2,
    max_norm: float = 1.0,
    callback: Callable[[int], bool] | None = None,
) -> np.ndarray:
    """Train a model in place with Adam and gradient-norm clipping.

    Parameters
    ----------
    params : dict
        As made by :func:`init_model`; updated in place.
    variant : str
        One of :data:`MODELS`.
    batches : callable
        ``batches(k) -> (X, y)``, the training batch of update ``k`` (``X`` (N, T, D), ``y``
        (N,)); return the same arrays every time for full-batch training.
    n_updates : int
        Number of Adam steps.
    lr : float, default 1e-2
    max_norm : float, default 1.0
        Gradients are clipped to this joint norm before each step.
    callback : callable, optional
        ``callback(k)`` is called after the ``k``-th update (k = 1, 2, ...); training stops
        early when it returns True (for example once a test error is low enough).

    Returns
    -------
    ndarray, shape (updates taken,)
        The training loss (MSE) of each update, before the step.
    """
    _check_readout(params, variant)
    if not callable(batches):
        raise ValueError(
            "batches must be a function k -> (X, y) giving the batch of update k, got "
            f"{type(batches).__name__}. For full-batch training: batches=lambda k: (X, y)."
        )
    if isinstance(n_updates, bool) or not isinstance(n_updates, (int, np.integer)) or n_updates < 1:
        raise ValueError(f"n_updates must be a whole number >= 1, got {n_updates!r}.")
    opt = optim.Adam(params, lr=lr)
    losses = []
    for k in range(n_updates):
        X, y = batches(k)
        loss, grads = loss_and_grads(params, variant, X, y)
        losses.append(loss)
        optim.clip_grad_norm(grads, max_norm)
        opt.step(grads)
        if callback is not None and callback(k + 1):
            break
    return np.array(losses)


def train_on_adding(
    variant: str,
    T: int,
    hidden_size: int,
    n_updates: int,
    seed: int = 0,
    forget_bias: float = 0.0,
    batch_size: int = 32,
    lr: float = 1e-2,
    max_norm: float = 1.0,
    n_test: int = 256,
    eval_every: int = 25,
    solved_below: float | None = None,
) -> dict:
    """Train a model of one variant on the adding problem (chapter 5), testing it as it learns.

    Batch ``k`` of run ``seed`` is ``lstmbook.data.adding_problem(batch_size, T,
    seed=1_000_000 * (seed + 1) + k)``, so runs with different seeds see different data; the
    test set, ``adding_problem(n_test, T, seed=1)``, is the same for every run. Always
    answering 1 scores a test MSE of about 1/6.

    Parameters
    ----------
    variant : str
        One of :data:`MODELS`.
    T : int
        Sequence length (>= 2).
    hidden_size : int
    n_updates : int
        The largest number of Adam steps (< 1,000,000).
    seed : int, default 0
        Seeds the initial weights and the training batches.
    forget_bias : float, default 0.0
    batch_size : int, default 32
    lr, max_norm : float
        Adam's learning rate and the clipping threshold.
    n_test : int, default 256
    eval_every : int, default 25
        Measure the test MSE after every ``eval_every`` updates.
    solved_below : float, optional
        Stop as soon as the test MSE falls below this value (the task counts as solved).

    Returns
    -------
    dict
        ``"params"`` (the trained model), ``"loss"`` the training loss of each update taken,
        ``"updates"`` and ``"test_mse"`` (arrays) the test MSE after those updates,
        ``"solved_at"`` the number of updates after which the test MSE first fell below
        ``solved_below`` (None if it did not, or if ``solved_below`` is None), and
        ``"seconds"`` the wall-clock time of the run.
    """
    _check_variant(variant, MODELS)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}.")
    for value, name in ((n_updates, "n_updates"), (eval_every, "eval_every")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    if n_updates >= 1_000_000:
        raise ValueError(f"n_updates must be below 1,000,000, got {n_updates}.")
    X_test, y_test = data.adding_problem(n_test, T, seed=1)
    params = init_model(variant, 2, hidden_size, seed, forget_bias)
    offset = 1_000_000 * (seed + 1)
    updates, test_mse = [], []

    def test(k: int) -> bool:  # the test MSE after k updates; True once the task is solved
        updates.append(k)
        test_mse.append(float(np.mean((predict(params, variant, X_test) - y_test) ** 2)))
        return solved_below is not None and test_mse[-1] < solved_below

    start = time.perf_counter()
    losses = fit(
        params,
        variant,
        lambda k: data.adding_problem(batch_size, T, seed=offset + k),
        n_updates,
        lr,
        max_norm,
        callback=lambda k: k % eval_every == 0 and test(k),
    )
    seconds = time.perf_counter() - start
    solved = updates[-1:] == [len(losses)] and bool(test_mse[-1] < (solved_below or -1))
    if updates[-1:] != [len(losses)]:  # n_updates is not a multiple of eval_every
        solved = test(len(losses))
    return {
        "params": params,
        "loss": losses,
        "updates": np.array(updates),
        "test_mse": np.array(test_mse),
        "solved_at": updates[-1] if solved else None,
        "seconds": seconds,
    }
