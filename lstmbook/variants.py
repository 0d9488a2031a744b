"""Variants of the LSTM cell in NumPy: the cells only (forward and backward of each).

The LSTM of :mod:`lstmbook.scratch` is the *vanilla* LSTM: three gates, a forget gate among
them, and no peepholes. Chapter 13 compares it with the variants studied by Greff et al. (2017),
"LSTM: A Search Space Odyssey", each a small change of the same equations::

    variant      gate blocks   what changes
    "peephole"   i, f, g, o    i_t and f_t also see C_{t-1}, o_t sees C_t, through diagonal
                               weights p_i, p_f, p_o (Gers and Schmidhuber, 2000)
    "cifg"       f, g, o       coupled input and forget gates: i_t = 1 - f_t
    "no_forget"  i, g, o       no forget gate, f_t = 1: the LSTM of Hochreiter and Schmidhuber
                               (1997), before Gers, Schmidhuber and Cummins (2000) added it

The vanilla LSTM itself is :func:`lstmbook.scratch.lstm_forward`; a peephole LSTM whose
peephole weights are zero computes exactly the same thing (a test checks it).

A gate that a variant does not have has no block in its weights: the blocks it has are stacked
in the book's order i, f, g, o with the missing one left out, so ``W_x`` is (D, 3H) for "cifg"
and "no_forget". With the same seed, every variant starts from the same weights as
:func:`lstmbook.scratch.init_lstm_params` for the blocks it shares with the vanilla LSTM, and the
peephole weights start at zero.

Training any of these cells (or the plain RNN, the vanilla LSTM and the GRU) with a read-out is
the job of :mod:`lstmbook.numpy_train`, whose cell registry uses the functions here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lstmbook import _validate as v
from lstmbook import scratch
from lstmbook.scratch import sigmoid

__all__ = [
    "VARIANTS",
    "GATE_BLOCKS",
    "init_variant_params",
    "variant_forward",
    "variant_backward",
]

#: The LSTM variants of this module.
VARIANTS: tuple[str, ...] = ("peephole", "cifg", "no_forget")
#: The gate blocks each variant's weights hold, in the order they are stacked.
GATE_BLOCKS: dict[str, tuple[str, ...]] = {
    "peephole": ("i", "f", "g", "o"),
    "cifg": ("f", "g", "o"),
    "no_forget": ("i", "g", "o"),
}
_PEEPHOLES = ("p_i", "p_f", "p_o")


def _check_variant(variant) -> str:
    if not isinstance(variant, str):
        raise TypeError(f"variant must be a string such as 'cifg', got {variant!r}.")
    if variant not in VARIANTS:
        hint = {
            "gru": " The GRU is not an LSTM variant: use lstmbook.scratch.gru_forward.",
            "lstm": " The vanilla LSTM is lstmbook.scratch.lstm_forward.",
            "vanilla": " The vanilla LSTM is lstmbook.scratch.lstm_forward.",
        }.get(variant, "")
        raise ValueError(
            f"variant must be one of {', '.join(repr(k) for k in VARIANTS)}, got {variant!r}.{hint}"
        )
    return variant


# ----------------------------------------------------------------------------------------------
# The cell: one forward and one backward for all four variants
# ----------------------------------------------------------------------------------------------


def init_variant_params(
    input_size: int,
    hidden_size: int,
    *,
    variant: str,
    seed: int | None = 0,
    forget_bias: float = 0.0,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Random parameters of an LSTM variant, drawn like :func:`lstmbook.scratch.init_lstm_params`.

    Parameters
    ----------
    input_size, hidden_size : int
        D and H, as for :func:`lstmbook.scratch.init_lstm_params`.
    variant : {"peephole", "cifg", "no_forget"}
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
    forget_bias = v.check_number(forget_bias, "forget_bias", example="1.0")
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
    v.check_mapping(
        params,
        "params",
        f"with keys {list(keys)} (as made by init_variant_params(..., variant={variant!r}))",
    )
    missing = [k for k in keys if k not in params]
    if missing:
        raise ValueError(
            f"params is missing {missing} for variant={variant!r}: make them with "
            f"init_variant_params(input_size, hidden_size, variant={variant!r})."
        )
    W_x, W_h, b = (
        v.as_float_array(params[k], f"params[{k!r}]", dtype) for k in ("W_x", "W_h", "b")
    )
    other = 7 - G  # the other number of blocks: 3 or 4
    hint = ""
    if W_h.ndim == 2 and W_h.shape[1] == other * W_h.shape[0]:
        hint = (
            f" These have {other} gate blocks; variant={variant!r} has {G} "
            f"({', '.join(blocks)}). Make the parameters with "
            f"init_variant_params(..., variant={variant!r})."
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
            peepholes[k] = v.as_float_array(params[k], f"params[{k!r}]", dtype)
            if peepholes[k].shape != (H,):
                raise ValueError(
                    f"params[{k!r}] has shape {peepholes[k].shape}: a peephole weight is "
                    f"diagonal, one number per cell, so expected ({H},)."
                )
    return W_x, W_h, b, peepholes, H


def variant_forward(
    x: np.ndarray,
    params: Mapping,
    *,
    variant: str,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], dict]:
    """Run an LSTM variant over a batch of sequences.

    Parameters
    ----------
    x : ndarray, shape (N, T, D)
        Inputs, (batch, time, features). float32 stays float32; other dtypes become float64.
    params : dict
        As made by :func:`init_variant_params` for the same ``variant``.
    variant : {"peephole", "cifg", "no_forget"}
    h0, c0 : ndarray, shape (N, H), optional
        Initial hidden and cell states; zeros if not given.

    Returns
    -------
    hs : ndarray, shape (N, T, H)
    (h_T, c_T) : tuple of ndarray, each shape (N, H)
    cache : dict
        For :func:`variant_backward`, and to look inside: ``"i"``, ``"f"``, ``"g"``, ``"o"``,
        ``"c"``, ``"tanh_c"``, ``"h"``, each a read-only view of shape (N, T, H) (for "cifg"
        ``"i"`` holds 1 - f, for "no_forget" ``"f"`` holds ones), and ``"variant"``.

    Examples
    --------
    >>> params = init_variant_params(input_size=3, hidden_size=5, variant="cifg")
    >>> hs, (h_T, c_T), cache = variant_forward(np.ones((2, 4, 3)), params, variant="cifg")
    >>> hs.shape, bool(np.allclose(cache["i"], 1 - cache["f"]))
    ((2, 4, 5), True)
    """
    _check_variant(variant)
    x = v.as_sequence(x)
    dtype = x.dtype
    N, T, D = x.shape
    W_x, W_h, b, peep, H = _check_params(params, variant, D, dtype)
    h0 = v.check_state(h0, "h0", N, H, dtype)
    c0 = v.check_state(c0, "c0", N, H, dtype)
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
        return v.read_only(arr_tm.transpose(1, 0, 2))

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


def variant_backward(
    dhs: np.ndarray | None,
    cache: Mapping,
    dh_T: np.ndarray | None = None,
    dc_T: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Backpropagation through time for :func:`variant_forward`, for any of the variants.

    Parameters
    ----------
    dhs : ndarray, shape (N, T, H), or None
        Gradient of the loss with respect to ``hs``; None means zeros.
    cache : dict
        The third value returned by :func:`variant_forward` (it knows the variant).
    dh_T, dc_T : ndarray, shape (N, H), optional
        Gradients with respect to the final states; zeros if not given.

    Returns
    -------
    dict
        ``W_x``, ``W_h``, ``b`` (shaped like the variant's parameters), ``x`` (N, T, D),
        ``h0``, ``c0`` (N, H), and for "peephole" ``p_i``, ``p_f``, ``p_o`` (H,).
    """
    needed = ("variant", "x_tm", "gates_tm", "h_tm", "c_tm", "tanh_c_tm", "W_x", "W_h")
    v.check_cache(cache, needed, "variant_forward")
    variant, peep = cache["variant"], cache["peepholes"]
    x_tm, gates, h_tm, c_tm = cache["x_tm"], cache["gates_tm"], cache["h_tm"], cache["c_tm"]
    tanh_c = cache["tanh_c_tm"]
    T, _, N, H = gates.shape
    D = x_tm.shape[2]
    dtype = gates.dtype
    dhs = v.check_dhs(dhs, N, T, H, dtype)
    dh_next = v.check_state(dh_T, "dh_T", N, H, dtype).copy()  # gradient reaching h_t from t + 1
    dc = v.check_state(dc_T, "dc_T", N, H, dtype).copy()  # gradient reaching C_t from t + 1
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
