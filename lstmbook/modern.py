"""The LSTM today: sLSTM and mLSTM (xLSTM), minLSTM and minGRU with a parallel scan.

Reference implementations, in PyTorch, of the cells of chapter 16:

- :func:`slstm_forward` and :func:`mlstm_forward`, the two cells of xLSTM (Beck et al., 2024):
  exponential input gates, a normaliser state ``n`` and a stabiliser state ``m``; the sLSTM has a
  scalar memory per unit and a recurrent matrix, the mLSTM a matrix memory ``C = f C + i v k^T``
  and no recurrence in its gates (one head here).
- :func:`min_lstm_sequential` / :func:`min_lstm_parallel` and :func:`min_gru_sequential` /
  :func:`min_gru_parallel`, the minimal cells of Feng et al. (2024), whose gates see only
  ``x_t``, so that the recurrence ``h_t = a_t * h_{t-1} + b_t`` is computed either step by step
  or all at once by Heinsen's (2023) scan in log space.

Every function takes a batch ``x`` of shape (N, T, D) as a NumPy array or a torch tensor and
returns the hidden states ``h`` of shape (N, T, H) of the same kind and floating dtype (float32
stays float32; tensors keep their autograd graph). Parameters are drawn from ``seed`` for a
given ``hidden_size``, or passed as ``params`` (a dict; :func:`init_params` shows the keys).
Gate blocks are stacked in the book's order **i, f, g, o** (xLSTM's own code calls the candidate
``z``). :class:`SLSTM`, :class:`MLSTM`, :class:`MinLSTM` and :class:`MinGRU` wrap the same
functions as ``torch.nn.Module`` layers with trainable weights.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lstmbook._validate import as_finite_array, check_bool, check_choice, check_int

__all__ = [
    "CELLS",
    "init_params",
    "slstm_forward",
    "mlstm_forward",
    "min_lstm_sequential",
    "min_lstm_parallel",
    "min_gru_sequential",
    "min_gru_parallel",
    "log_space_scan",
    "mlstm_parallel",
    "SLSTM",
    "MLSTM",
    "MinLSTM",
    "MinGRU",
]

#: The cells of this module and the shapes of their parameters, for D inputs and H units.
CELLS: dict[str, dict[str, str]] = {
    "slstm": {"W": "(D, 4H)", "R": "(H, 4H)", "b": "(4H,)"},
    "mlstm": {"W": "(D, 4H)", "b": "(4H,)", "w_if": "(D, 2)", "b_if": "(2,)"},
    "min_lstm": {"W": "(D, 3H)", "b": "(3H,)"},
    "min_gru": {"W": "(D, 2H)", "b": "(2H,)"},
}


def _shapes(cell: str, D: int, H: int) -> dict[str, tuple[int, ...]]:
    table = {
        "slstm": {"W": (D, 4 * H), "R": (H, 4 * H), "b": (4 * H,)},
        "mlstm": {"W": (D, 4 * H), "b": (4 * H,), "w_if": (D, 2), "b_if": (2,)},
        "min_lstm": {"W": (D, 3 * H), "b": (3 * H,)},
        "min_gru": {"W": (D, 2 * H), "b": (2 * H,)},
    }
    return table[cell]


def init_params(
    cell: str, input_size: int, hidden_size: int, *, seed: int = 0, dtype=np.float64
) -> dict[str, np.ndarray]:
    """Draw the parameters of one cell, uniform in [-1/sqrt(H), 1/sqrt(H)] as ``nn.LSTM`` does.

    Parameters
    ----------
    cell : {"slstm", "mlstm", "min_lstm", "min_gru"}
        Which cell (:data:`CELLS` lists the keys and shapes).
    input_size : int
        D, the features per step.
    hidden_size : int
        H, the units (the mLSTM's memory is H x H).
    seed : int, default 0
        Seed of a private ``numpy.random.default_rng``.
    dtype : numpy dtype, default float64

    Returns
    -------
    dict of numpy.ndarray
        sLSTM: ``W`` (D, 4H), ``R`` (H, 4H), ``b`` (4H,), blocks i, f, g, o.
        mLSTM: ``W`` (D, 4H) and ``b`` (4H,) with blocks q, k, v, o; ``w_if`` (D, 2) and
        ``b_if`` (2,) for the scalar input and forget gates.
        minLSTM: ``W`` (D, 3H), ``b`` (3H,), blocks i, f, g. minGRU: ``W`` (D, 2H), ``b`` (2H,),
        blocks z, g.

    Examples
    --------
    >>> p = init_params("slstm", 2, 8)
    >>> p["W"].shape, p["R"].shape, p["b"].shape
    ((2, 32), (8, 32), (32,))
    """
    check_choice(cell, "cell", tuple(CELLS))
    D = check_int(input_size, "input_size")
    H = check_int(hidden_size, "hidden_size")
    seed = check_int(seed, "seed", minimum=0, example=0)
    rng = np.random.default_rng(seed)
    bound = 1.0 / math.sqrt(H)
    return {
        k: rng.uniform(-bound, bound, size=s).astype(dtype) for k, s in _shapes(cell, D, H).items()
    }


# ---------------------------------------------------------------- input handling


def _as_tensor(x, name: str = "x") -> tuple[torch.Tensor, bool]:
    """``x`` as a floating tensor of rank 3; the flag says whether it came as NumPy."""
    if isinstance(x, torch.Tensor):
        if x.dtype.is_complex or not (x.dtype.is_floating_point):
            if x.dtype.is_complex or x.dtype == torch.bool:
                raise TypeError(f"{name} must hold real numbers, got a tensor of {x.dtype}.")
            x = x.double()
        if x.ndim != 3:
            raise ValueError(
                f"{name} must be 3-D, shape (N, T, D) [batch, time, features], got shape "
                f"{tuple(x.shape)}. Add a batch axis with x[None] or a feature axis with "
                "x[..., None]."
            )
        if x.shape[0] == 0 or x.shape[1] == 0:
            raise ValueError(f"{name} is empty (shape {tuple(x.shape)}).")
        if not torch.isfinite(x).all():
            raise ValueError(f"{name} contains NaN or infinite values. Clean the input first.")
        return x, False
    arr = as_finite_array(x, name, (3,), fix="Clean the input first.")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}).")
    return torch.from_numpy(np.ascontiguousarray(arr)), True


def _params(cell: str, x: torch.Tensor, hidden_size, seed, params) -> dict[str, torch.Tensor]:
    D = x.shape[2]
    if params is None:
        if hidden_size is None:
            raise ValueError(
                "give hidden_size (the number of units H, e.g. hidden_size=16) or params."
            )
        drawn = init_params(cell, D, hidden_size, seed=seed)
        return {k: torch.from_numpy(v).to(x.dtype) for k, v in drawn.items()}
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}.")
    wanted = set(CELLS[cell])
    if set(params) != wanted:
        raise ValueError(
            f"params of a {cell} cell need the keys {sorted(wanted)}, got {sorted(params)}. "
            f"Draw them with init_params({cell!r}, D, H)."
        )
    out = {}
    for k, v in params.items():
        t = v if isinstance(v, torch.Tensor) else torch.from_numpy(as_finite_array(v, k))
        if not t.dtype.is_floating_point:
            raise TypeError(f"params[{k!r}] must hold floats, got {t.dtype}.")
        out[k] = t.to(x.dtype)
    H = out["W"].shape[1] // {"slstm": 4, "mlstm": 4, "min_lstm": 3, "min_gru": 2}[cell]
    if hidden_size is not None and check_int(hidden_size, "hidden_size") != H:
        raise ValueError(f"hidden_size={hidden_size} but params hold H={H} units.")
    for k, shape in _shapes(cell, D, max(H, 1)).items():
        if tuple(out[k].shape) != shape:
            raise ValueError(
                f"params[{k!r}] must have shape {shape} for D={D} inputs and H={H} units "
                f"({CELLS[cell][k]}), got {tuple(out[k].shape)}."
            )
    return out


def _run(cell, core, x, hidden_size, seed, params, **kw):
    if hidden_size is not None:
        check_int(hidden_size, "hidden_size")
    check_int(seed, "seed", minimum=0, example=0)
    xt, was_numpy = _as_tensor(x)
    p = _params(cell, xt, hidden_size, seed, params)
    if was_numpy:
        with torch.no_grad():
            return core(xt, p, **kw).numpy()
    return core(xt, p, **kw)


# ---------------------------------------------------------------- sLSTM


def _slstm(x: torch.Tensor, p: dict, stabilise: bool = True) -> torch.Tensor:
    N, T, _ = x.shape
    H = p["R"].shape[0]
    pre_x = x @ p["W"] + p["b"]  # (N, T, 4H): the input terms of all steps at once
    h = c = n = x.new_zeros(N, H)
    m = x.new_zeros(N, H)
    out = []
    for t in range(T):
        a = pre_x[:, t] + h @ p["R"]
        i_raw, f_raw, g_raw, o_raw = a.split(H, dim=1)
        log_f = F.logsigmoid(f_raw)  # sigmoid forget gate, in log space
        if stabilise:
            m_new = i_raw if t == 0 else torch.maximum(log_f + m, i_raw)
            i = torch.exp(i_raw - m_new)  # i_t' = exp(log i_t - m_t)
            f = torch.exp(log_f + m - m_new)  # f_t' = exp(log f_t + m_{t-1} - m_t)
            m = m_new
        else:
            i, f = torch.exp(i_raw), torch.exp(log_f)
        c = f * c + i * torch.tanh(g_raw)
        n = f * n + i
        h = torch.sigmoid(o_raw) * (c / n)
        out.append(h)
    return torch.stack(out, dim=1)


def slstm_forward(
    x,
    *,
    hidden_size: int | None = None,
    seed: int = 0,
    params: dict | None = None,
    stabilise: bool = True,
):
    """Run an sLSTM layer (Beck et al., 2024) over a batch of sequences.

    With ``a_t = W^T x_t + R^T h_{t-1} + b`` split into the blocks i, f, g, o:

    ``i_t = exp(a_i)``, ``f_t = sigmoid(a_f)``, ``g_t = tanh(a_g)``, ``o_t = sigmoid(a_o)``,
    ``C_t = f_t C_{t-1} + i_t g_t``, ``n_t = f_t n_{t-1} + i_t``, ``h_t = o_t C_t / n_t``.

    The exponential input gate overflows for large ``a_i``; the stabiliser
    ``m_t = max(log f_t + m_{t-1}, log i_t)`` divides ``C_t`` and ``n_t`` by ``exp(m_t)``, which
    leaves ``h_t`` unchanged and every exponent <= 0.

    Parameters
    ----------
    x : numpy.ndarray or torch.Tensor, shape (N, T, D)
        Inputs, [batch, time, features].
    hidden_size : int, optional
        H. Needed unless ``params`` is given.
    seed : int, default 0
        Seed of the parameters drawn by :func:`init_params` when ``params`` is None.
    params : dict, optional
        ``W`` (D, 4H), ``R`` (H, 4H), ``b`` (4H,), blocks i, f, g, o.
    stabilise : bool, default True
        False runs the textbook form with ``exp`` as it stands, to show it overflow.

    Returns
    -------
    h : same kind as ``x``, shape (N, T, H)
        The hidden states, in ``x``'s floating dtype (integers become float64).

    Raises
    ------
    TypeError
        If ``x`` is not an array of real numbers, ``params`` not a dict, or a size not an int.
    ValueError
        If ``x`` is not 3-D, empty or not finite, if neither ``hidden_size`` nor ``params`` is
        given, or if ``params`` has the wrong keys or shapes.

    Examples
    --------
    >>> x = np.zeros((2, 5, 3), dtype=np.float32)
    >>> h = slstm_forward(x, hidden_size=4)
    >>> h.shape, h.dtype
    ((2, 5, 4), dtype('float32'))
    """
    stabilise = check_bool(stabilise, "stabilise")
    return _run("slstm", _slstm, x, hidden_size, seed, params, stabilise=stabilise)


# ---------------------------------------------------------------- mLSTM


def _mlstm(x: torch.Tensor, p: dict, stabilise: bool = True) -> torch.Tensor:
    N, T, _ = x.shape
    H = p["W"].shape[1] // 4
    q, k, v, o_raw = (x @ p["W"] + p["b"]).split(H, dim=2)  # each (N, T, H)
    k = k / math.sqrt(H)
    i_raw, f_raw = (x @ p["w_if"] + p["b_if"]).unbind(dim=2)  # each (N, T): scalar gates
    log_f = F.logsigmoid(f_raw)
    C = x.new_zeros(N, H, H)
    n = x.new_zeros(N, H)
    m = x.new_zeros(N)
    out = []
    for t in range(T):
        if stabilise:
            m_new = i_raw[:, t] if t == 0 else torch.maximum(log_f[:, t] + m, i_raw[:, t])
            i = torch.exp(i_raw[:, t] - m_new)
            f = torch.exp(log_f[:, t] + m - m_new)
            floor = torch.exp(-m_new)  # the bound 1 of max(|n^T q|, 1), stabilised
            m = m_new
        else:
            i, f = torch.exp(i_raw[:, t]), torch.exp(log_f[:, t])
            floor = torch.ones_like(i)
        vk = v[:, t, :, None] * k[:, t, None, :]  # v_t k_t^T, (N, H, H)
        C = f[:, None, None] * C + i[:, None, None] * vk
        n = f[:, None] * n + i[:, None] * k[:, t]
        num = (C @ q[:, t, :, None])[..., 0]  # C_t q_t, (N, H)
        den = torch.maximum((n * q[:, t]).sum(dim=1).abs(), floor)
        out.append(torch.sigmoid(o_raw[:, t]) * num / den[:, None])
    return torch.stack(out, dim=1)


def _mlstm_parallel(x: torch.Tensor, p: dict) -> torch.Tensor:
    """The same mLSTM for all steps at once: a (T, T) matrix of gated scores per sample."""
    T = x.shape[1]
    H = p["W"].shape[1] // 4
    q, k, v, o_raw = (x @ p["W"] + p["b"]).split(H, dim=2)
    k = k / math.sqrt(H)
    i_raw, f_raw = (x @ p["w_if"] + p["b_if"]).unbind(dim=2)  # (N, T)
    cum = torch.cumsum(F.logsigmoid(f_raw), dim=1)  # log f_1 + ... + log f_t
    # log of the weight of step s in the memory at step t: i_s + log f_{s+1} + ... + log f_t
    log_d = cum[:, :, None] - cum[:, None, :] + i_raw[:, None, :]  # (N, T, T)
    causal = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
    log_d = log_d.masked_fill(~causal, -math.inf)
    m = log_d.amax(dim=2, keepdim=True)  # the stabiliser m_t of the recurrent form
    scores = (q @ k.transpose(1, 2)) * torch.exp(log_d - m)  # (N, T, T)
    den = torch.maximum(scores.sum(dim=2, keepdim=True).abs(), torch.exp(-m))
    return torch.sigmoid(o_raw) * (scores @ v) / den


def mlstm_forward(
    x,
    *,
    hidden_size: int | None = None,
    seed: int = 0,
    params: dict | None = None,
    stabilise: bool = True,
):
    """Run an mLSTM layer (Beck et al., 2024, one head) over a batch of sequences.

    From ``x_t`` alone: query ``q_t``, key ``k_t = (W_k^T x_t + b_k) / sqrt(H)``, value ``v_t``,
    output gate ``o_t = sigmoid(.)`` (blocks q, k, v, o of ``W``), and two scalar gates
    ``i_t = exp(.)``, ``f_t = sigmoid(.)`` (columns of ``w_if``). The memory is a matrix:

    ``C_t = f_t C_{t-1} + i_t v_t k_t^T``, ``n_t = f_t n_{t-1} + i_t k_t``,
    ``h_t = o_t * C_t q_t / max(|n_t^T q_t|, 1)``.

    The stabiliser ``m_t`` works as in :func:`slstm_forward` (the bound 1 becomes
    ``exp(-m_t)``).

    Parameters
    ----------
    x : numpy.ndarray or torch.Tensor, shape (N, T, D)
    hidden_size : int, optional
        H, the size of q, k, v and h; the memory is (H, H). Needed unless ``params`` is given.
    seed : int, default 0
    params : dict, optional
        ``W`` (D, 4H), ``b`` (4H,), ``w_if`` (D, 2), ``b_if`` (2,).
    stabilise : bool, default True

    Returns
    -------
    h : same kind as ``x``, shape (N, T, H)
        Errors (TypeError, ValueError) as :func:`slstm_forward`.

    Examples
    --------
    >>> mlstm_forward(np.ones((1, 3, 2)), hidden_size=4).shape
    (1, 3, 4)
    """
    stabilise = check_bool(stabilise, "stabilise")
    return _run("mlstm", _mlstm, x, hidden_size, seed, params, stabilise=stabilise)


def mlstm_parallel(x, *, hidden_size: int | None = None, seed: int = 0, params=None):
    """The mLSTM of :func:`mlstm_forward`, all steps at once (its parallel form).

    The gates see only ``x_t``, so ``h_t`` is a weighted sum over the steps ``s <= t``: with
    ``D[t, s] = exp(i_s + log f_{s+1} + ... + log f_t - m_t)``, ``m_t`` the largest exponent of
    row t, and ``S = (q k^T) * D``, ``h_t = o_t * (S v)_t / max(|sum_s S[t, s]|, exp(-m_t))``.
    Same arguments and result as :func:`mlstm_forward`; memory O(N T^2).
    """
    return _run("mlstm", _mlstm_parallel, x, hidden_size, seed, params)


# ---------------------------------------------------------------- minLSTM and minGRU


def _g(a: torch.Tensor) -> torch.Tensor:
    """Feng et al.'s positive activation: a + 1/2 for a >= 0, sigmoid(a) below."""
    return torch.where(a >= 0, a + 0.5, torch.sigmoid(a))


def _log_g(a: torch.Tensor) -> torch.Tensor:
    """log of :func:`_g`, computed without leaving log space."""
    return torch.where(a >= 0, torch.log(F.relu(a) + 0.5), -F.softplus(-a))


def log_space_scan(log_a: torch.Tensor, log_b: torch.Tensor) -> torch.Tensor:
    """``h_t = a_t h_{t-1} + b_t`` from ``h_0 = 0`` for every t at once (Heinsen, 2023).

    ``h_t = sum_{s<=t} (a_{s+1} ... a_t) b_s``; with ``A_t = log a_1 + ... + log a_t``,
    ``log h_t = A_t + logcumsumexp_s(log b_s - A_s)``: one cumulative sum and one cumulative
    log-sum-exp along time instead of T sequential steps.

    Parameters
    ----------
    log_a, log_b : torch.Tensor, shape (N, T, H)
        Logs of the (positive) coefficients and inputs.

    Returns
    -------
    torch.Tensor, shape (N, T, H)
        ``h_t``, not its log.
    """
    a_star = torch.cumsum(log_a, dim=1)
    return torch.exp(a_star + torch.logcumsumexp(log_b - a_star, dim=1))


def _min_lstm_gates(x, p):
    H = p["W"].shape[1] // 3
    return (x @ p["W"] + p["b"]).split(H, dim=2)  # i, f, g pre-activations


def _min_lstm_seq(x, p):
    i_raw, f_raw, g_raw = _min_lstm_gates(x, p)
    f, i = torch.sigmoid(f_raw), torch.sigmoid(i_raw)
    f, i = f / (f + i), i / (f + i)  # normalised: f' + i' = 1
    g = _g(g_raw)
    h = x.new_zeros(x.shape[0], g.shape[2])
    out = []
    for t in range(x.shape[1]):
        h = f[:, t] * h + i[:, t] * g[:, t]
        out.append(h)
    return torch.stack(out, dim=1)


def _min_lstm_par(x, p):
    i_raw, f_raw, g_raw = _min_lstm_gates(x, p)
    diff = F.softplus(-f_raw) - F.softplus(-i_raw)  # log i - log f
    log_f = -F.softplus(diff)  # log f' = log(f / (f + i))
    log_i = -F.softplus(-diff)  # log i' = log(i / (f + i))
    return log_space_scan(log_f, log_i + _log_g(g_raw))


def _min_gru_seq(x, p):
    H = p["W"].shape[1] // 2
    z_raw, g_raw = (x @ p["W"] + p["b"]).split(H, dim=2)
    z, g = torch.sigmoid(z_raw), _g(g_raw)
    h = x.new_zeros(x.shape[0], H)
    out = []
    for t in range(x.shape[1]):
        h = (1 - z[:, t]) * h + z[:, t] * g[:, t]
        out.append(h)
    return torch.stack(out, dim=1)


def _min_gru_par(x, p):
    H = p["W"].shape[1] // 2
    z_raw, g_raw = (x @ p["W"] + p["b"]).split(H, dim=2)
    # log(1 - z) = -softplus(z_raw), log z = -softplus(-z_raw)
    return log_space_scan(-F.softplus(z_raw), -F.softplus(-z_raw) + _log_g(g_raw))


_MIN_DOC = """Run a {name} layer (Feng et al., 2024) over a batch of sequences, {how}.

    {eqs}

    The gates see only ``x_t``, never ``h_{{t-1}}``, so the recurrence is linear in ``h`` and
    :func:`{twin}` computes the same ``h`` {other}. The candidate goes through Feng et al.'s
    positive ``g(a) = a + 1/2`` (a >= 0), ``sigmoid(a)`` (a < 0), so that its log exists.
    ``h_0 = 0``.

    Parameters
    ----------
    x : numpy.ndarray or torch.Tensor, shape (N, T, D)
    hidden_size : int, optional
        H. Needed unless ``params`` is given.
    seed : int, default 0
        Seed of the parameters drawn by :func:`init_params` when ``params`` is None.
    params : dict, optional
        {params}

    Returns
    -------
    h : same kind as ``x``, shape (N, T, H)

    Raises
    ------
    TypeError, ValueError
        As :func:`slstm_forward`.
    """

_LSTM_EQS = (
    "``i_t = sigmoid(a_i)``, ``f_t = sigmoid(a_f)``, ``f' = f/(f+i)``, ``i' = i/(f+i)``,\n"
    "    ``h_t = f'_t h_{t-1} + i'_t g(a_g)``, with ``a = W^T x_t + b`` in blocks i, f, g."
)
_GRU_EQS = "``z_t = sigmoid(a_z)``, ``h_t = (1 - z_t) h_{t-1} + z_t g(a_g)``, blocks z, g."


def min_lstm_sequential(x, *, hidden_size=None, seed: int = 0, params=None):
    return _run("min_lstm", _min_lstm_seq, x, hidden_size, seed, params)


def min_lstm_parallel(x, *, hidden_size=None, seed: int = 0, params=None):
    return _run("min_lstm", _min_lstm_par, x, hidden_size, seed, params)


def min_gru_sequential(x, *, hidden_size=None, seed: int = 0, params=None):
    return _run("min_gru", _min_gru_seq, x, hidden_size, seed, params)


def min_gru_parallel(x, *, hidden_size=None, seed: int = 0, params=None):
    return _run("min_gru", _min_gru_par, x, hidden_size, seed, params)


_SEQ = "one step after another (a Python loop over T)"
_PAR = "all steps at once by a log-space scan (:func:`log_space_scan`)"
for _f, _name, _how, _twin, _eqs, _p in (
    (min_lstm_sequential, "minLSTM", _SEQ, "min_lstm_parallel", _LSTM_EQS, "W (D, 3H), b (3H,)"),
    (min_lstm_parallel, "minLSTM", _PAR, "min_lstm_sequential", _LSTM_EQS, "W (D, 3H), b (3H,)"),
    (min_gru_sequential, "minGRU", _SEQ, "min_gru_parallel", _GRU_EQS, "W (D, 2H), b (2H,)"),
    (min_gru_parallel, "minGRU", _PAR, "min_gru_sequential", _GRU_EQS, "W (D, 2H), b (2H,)"),
):
    _other = "by a log-space scan" if _how == _SEQ else "with a loop"
    _f.__doc__ = _MIN_DOC.format(
        name=_name, how=_how, eqs=_eqs, twin=_twin, other=_other, params=_p
    )


# ---------------------------------------------------------------- layers


class _Layer(nn.Module):
    cell = ""

    def __init__(self, input_size: int, hidden_size: int, *, seed: int = 0):
        super().__init__()
        self.input_size = check_int(input_size, "input_size")
        self.hidden_size = check_int(hidden_size, "hidden_size")
        drawn = init_params(self.cell, self.input_size, self.hidden_size, seed=seed)
        for k, v in drawn.items():
            self.register_parameter(k, nn.Parameter(torch.from_numpy(v).float()))

    def _p(self) -> dict[str, torch.Tensor]:
        return {k: getattr(self, k) for k in CELLS[self.cell]}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, T, D) -> (N, T, H)."""
        x, _ = _as_tensor(x)
        return self._core(x.to(self.W.dtype), self._p())


class SLSTM(_Layer):
    """An sLSTM layer with trainable ``W``, ``R``, ``b`` (see :func:`slstm_forward`)."""

    cell = "slstm"

    def __init__(self, input_size: int, hidden_size: int, *, seed: int = 0, stabilise=True):
        super().__init__(input_size, hidden_size, seed=seed)
        self.stabilise = check_bool(stabilise, "stabilise")

    def _core(self, x, p):
        return _slstm(x, p, stabilise=self.stabilise)


class _TwoFormLayer(_Layer):
    """A layer whose cell can run step by step or all at once (``parallel``)."""

    def __init__(self, input_size: int, hidden_size: int, *, seed: int = 0, parallel=True):
        super().__init__(input_size, hidden_size, seed=seed)
        self.parallel = check_bool(parallel, "parallel")

    def _core(self, x, p):
        return (self._par if self.parallel else self._seq)(x, p)


class MLSTM(_TwoFormLayer):
    """A one-head mLSTM layer with trainable weights (see :func:`mlstm_forward`).

    ``parallel=True`` (default) computes all steps at once from a (T, T) matrix of gated
    scores, as attention does: the same outputs as the step-by-step loop, O(T^2) memory.
    """

    cell = "mlstm"
    _seq, _par = staticmethod(_mlstm), staticmethod(_mlstm_parallel)


class MinLSTM(_TwoFormLayer):
    """A minLSTM layer; ``parallel=True`` (default) runs the log-space scan, False the loop."""

    cell = "min_lstm"
    _seq, _par = staticmethod(_min_lstm_seq), staticmethod(_min_lstm_par)


class MinGRU(_TwoFormLayer):
    """A minGRU layer; ``parallel=True`` (default) runs the log-space scan, False the loop."""

    cell = "min_gru"
    _seq, _par = staticmethod(_min_gru_seq), staticmethod(_min_gru_par)
