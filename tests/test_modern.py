"""Tests of lstmbook.modern: sLSTM, mLSTM, minLSTM and minGRU."""

import math
import time

import numpy as np
import pytest
import torch

from lstmbook import modern

FORWARDS = [
    ("slstm", modern.slstm_forward),
    ("mlstm", modern.mlstm_forward),
    ("mlstm", modern.mlstm_parallel),
    ("min_lstm", modern.min_lstm_sequential),
    ("min_lstm", modern.min_lstm_parallel),
    ("min_gru", modern.min_gru_sequential),
    ("min_gru", modern.min_gru_parallel),
]
IDS = [f.__name__ for _, f in FORWARDS]


def _x(N=3, T=20, D=4, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).normal(size=(N, T, D)).astype(dtype)


# ---------------------------------------------------------------- plain-loop references


def _sig(a):
    return 1.0 / (1.0 + np.exp(-a))


def _g(a):
    return np.where(a >= 0, a + 0.5, _sig(a))


def _ref_slstm(x, p):
    """The paper's equations without a stabiliser, one sample and one unit at a time."""
    N, T, _ = x.shape
    H = p["R"].shape[0]
    out = np.zeros((N, T, H))
    for b in range(N):
        h, c, n = np.zeros(H), np.zeros(H), np.zeros(H)
        for t in range(T):
            a = x[b, t] @ p["W"] + h @ p["R"] + p["b"]
            h_new = np.zeros(H)
            for j in range(H):
                i, f = math.exp(a[j]), _sig(a[H + j])
                c[j] = f * c[j] + i * math.tanh(a[2 * H + j])
                n[j] = f * n[j] + i
                h_new[j] = _sig(a[3 * H + j]) * c[j] / n[j]
            h = h_new
            out[b, t] = h
    return out


def _ref_mlstm(x, p):
    N, T, _ = x.shape
    H = p["W"].shape[1] // 4
    out = np.zeros((N, T, H))
    for b in range(N):
        C, n = np.zeros((H, H)), np.zeros(H)
        for t in range(T):
            a = x[b, t] @ p["W"] + p["b"]
            q, k, v, o = a[:H], a[H : 2 * H] / math.sqrt(H), a[2 * H : 3 * H], a[3 * H :]
            gi, gf = x[b, t] @ p["w_if"] + p["b_if"]
            i, f = math.exp(gi), _sig(gf)
            C = f * C + i * np.outer(v, k)
            n = f * n + i * k
            out[b, t] = _sig(o) * (C @ q) / max(abs(n @ q), 1.0)
    return out


def _ref_min(x, p, cell):
    N, T, _ = x.shape
    a = x @ p["W"] + p["b"]
    if cell == "min_lstm":
        H = a.shape[2] // 3
        i, f, g = _sig(a[..., :H]), _sig(a[..., H : 2 * H]), _g(a[..., 2 * H :])
        keep, write = f / (f + i), i / (f + i)
    else:
        H = a.shape[2] // 2
        z, g = _sig(a[..., :H]), _g(a[..., H:])
        keep, write = 1 - z, z
    h = np.zeros((N, H))
    out = np.zeros((N, T, H))
    for t in range(T):
        h = keep[:, t] * h + write[:, t] * g[:, t]
        out[:, t] = h
    return out


@pytest.mark.parametrize("cell,forward", FORWARDS, ids=IDS)
def test_matches_a_plain_loop_in_float64(cell, forward):
    x = _x()
    p = modern.init_params(cell, 4, 5, seed=1)
    ref = {"slstm": _ref_slstm, "mlstm": _ref_mlstm}.get(cell)
    x = x * 3 if cell == "mlstm" else x  # exponents large enough for the stabiliser to work
    want = ref(x, p) if ref else _ref_min(x, p, cell)
    np.testing.assert_allclose(forward(x, params=p), want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("cell,forward", FORWARDS, ids=IDS)
def test_shapes_and_dtypes(cell, forward):
    for dtype in (np.float32, np.float64):
        h = forward(_x(dtype=dtype), hidden_size=6, seed=2)
        assert isinstance(h, np.ndarray) and h.shape == (3, 20, 6) and h.dtype == dtype
    t = torch.from_numpy(_x(dtype=np.float32)).requires_grad_()
    h = forward(t, hidden_size=6)
    assert isinstance(h, torch.Tensor) and h.dtype == torch.float32 and h.requires_grad
    h.sum().backward()
    assert t.grad is not None and torch.isfinite(t.grad).all()
    ints = forward(np.ones((1, 3, 2), dtype=int), hidden_size=2)
    assert ints.dtype == np.float64
    assert forward(_x(), hidden_size=4, seed=0).shape == (3, 20, 4)
    assert not np.allclose(
        forward(_x(), hidden_size=4, seed=0), forward(_x(), hidden_size=4, seed=1)
    )


@pytest.mark.parametrize("seq,par", [(0, 0), (1, 1)])
def test_sequential_equals_parallel_to_1e_10(seq, par):
    pairs = [
        (modern.min_lstm_sequential, modern.min_lstm_parallel),
        (modern.min_gru_sequential, modern.min_gru_parallel),
    ]
    s, p = pairs[seq]
    x = _x(N=2, T=2000, D=3, seed=4) * 3  # long, and gates pushed towards 0 and 1
    np.testing.assert_allclose(s(x, hidden_size=8), p(x, hidden_size=8), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("forward", [modern.slstm_forward, modern.mlstm_forward])
def test_stabiliser_changes_nothing_but_prevents_overflow(forward):
    x = _x()
    np.testing.assert_allclose(
        forward(x, hidden_size=5), forward(x, hidden_size=5, stabilise=False), rtol=1e-10
    )
    big = _x(dtype=np.float32) * 200  # input-gate pre-activations far beyond log(max float32)
    assert np.isfinite(forward(big, hidden_size=5)).all()
    with np.errstate(all="ignore"):
        assert not np.isfinite(forward(big, hidden_size=5, stabilise=False)).all()


@pytest.mark.parametrize("cell,forward", FORWARDS, ids=IDS)
def test_gradients_float64(cell, forward):
    x = torch.from_numpy(_x(N=2, T=6, D=3)).requires_grad_()
    params = {
        k: torch.from_numpy(v).requires_grad_()
        for k, v in modern.init_params(cell, 3, 3, seed=5).items()
    }
    keys = sorted(params)

    def f(x, *values):
        return forward(x, params=dict(zip(keys, values, strict=True)))

    assert torch.autograd.gradcheck(f, (x, *(params[k] for k in keys)), eps=1e-6, atol=1e-6)


def test_log_space_scan_is_the_recurrence():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0.1, 1, (2, 30, 3)), rng.uniform(0.1, 2, (2, 30, 3))
    h, want = np.zeros((2, 3)), []
    for t in range(30):
        h = a[:, t] * h + b[:, t]
        want.append(h)
    got = modern.log_space_scan(torch.from_numpy(np.log(a)), torch.from_numpy(np.log(b)))
    np.testing.assert_allclose(got.numpy(), np.stack(want, 1), rtol=1e-12)


@pytest.mark.parametrize("layer", [modern.SLSTM, modern.MLSTM, modern.MinLSTM, modern.MinGRU])
def test_layers_train(layer):
    torch.manual_seed(0)
    model = layer(2, 4)
    x = torch.randn(8, 10, 2)
    h = model(x)
    assert h.shape == (8, 10, 4) and h.dtype == torch.float32
    loss = h[:, -1].pow(2).mean()
    loss.backward()
    assert all(p.grad is not None for p in model.parameters())
    n_params = sum(p.numel() for p in model.parameters())
    H, D = 4, 2
    expected = {
        modern.SLSTM: 4 * H * (D + H + 1),
        modern.MLSTM: 4 * H * (D + 1) + 2 * (D + 1),
        modern.MinLSTM: 3 * H * (D + 1),
        modern.MinGRU: 2 * H * (D + 1),
    }[layer]
    assert n_params == expected


def test_layers_parallel_flag_agrees():
    x = torch.randn(2, 30, 3, dtype=torch.float64)
    for layer in (modern.MLSTM, modern.MinLSTM, modern.MinGRU):
        a, b = layer(3, 4, parallel=True).double(), layer(3, 4, parallel=False).double()
        torch.testing.assert_close(a(x), b(x))


def test_parallel_scan_beats_the_loop_when_overhead_bound():
    torch.set_num_threads(1)
    x = torch.randn(1, 2048, 1)
    p = {k: torch.from_numpy(v).float() for k, v in modern.init_params("min_gru", 1, 4).items()}
    ratios = []
    for _ in range(3):
        t0 = time.perf_counter()
        modern._min_gru_seq(x, p)
        t1 = time.perf_counter()
        modern._min_gru_par(x, p)
        t2 = time.perf_counter()
        ratios.append((t1 - t0) / (t2 - t1))
    assert max(ratios) > 3  # measured about 50-100x on this machine: a wide margin


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("cell,forward", FORWARDS, ids=IDS)
def test_errors(cell, forward):
    with pytest.raises(ValueError, match="3-D"):
        forward(np.zeros((4, 2)), hidden_size=2)
    with pytest.raises(ValueError, match="3-D"):
        forward(torch.zeros(4, 2), hidden_size=2)
    with pytest.raises(TypeError, match="must be an array"):
        forward("abc", hidden_size=2)
    with pytest.raises(TypeError, match="real numbers"):
        forward(torch.zeros(1, 2, 3, dtype=torch.complex64), hidden_size=2)
    with pytest.raises(ValueError, match="NaN"):
        forward(np.full((1, 2, 3), np.nan), hidden_size=2)
    with pytest.raises(ValueError, match="NaN"):
        forward(torch.full((1, 2, 3), float("inf")), hidden_size=2)
    with pytest.raises(ValueError, match="empty"):
        forward(np.zeros((0, 2, 3)), hidden_size=2)
    with pytest.raises(ValueError, match="give hidden_size"):
        forward(_x())
    with pytest.raises(ValueError, match="at least 1"):
        forward(_x(), hidden_size=0)
    with pytest.raises(TypeError, match="whole number"):
        forward(_x(), hidden_size=2.5)
    with pytest.raises(ValueError, match="seed"):
        forward(_x(), hidden_size=2, seed=-1)
    with pytest.raises(TypeError, match="dict"):
        forward(_x(), params=[1, 2])
    with pytest.raises(ValueError, match="keys"):
        forward(_x(), params={"W": np.zeros((4, 8))})
    p = modern.init_params(cell, 5, 2)  # D = 5, but x has D = 4
    with pytest.raises(ValueError, match="shape"):
        forward(_x(), params=p)
    with pytest.raises(ValueError, match="hidden_size=3 but params hold H=2"):
        forward(_x(), hidden_size=3, params=modern.init_params(cell, 4, 2))
    p = {k: v.astype(int) for k, v in modern.init_params(cell, 4, 2).items()}
    with pytest.raises(TypeError, match="floats"):
        forward(_x(), params={k: torch.from_numpy(v) for k, v in p.items()})


def test_other_errors():
    with pytest.raises(ValueError, match="cell must be one of"):
        modern.init_params("gru", 2, 3)
    with pytest.raises(TypeError, match="True or False"):
        modern.slstm_forward(_x(), hidden_size=2, stabilise="yes")
    with pytest.raises(TypeError, match="True or False"):
        modern.MinLSTM(2, 3, parallel=1)
    with pytest.raises(ValueError, match="at least 1"):
        modern.SLSTM(0, 3)


# ---------------------------------------------------------------- the authors' code (optional)


def test_matches_the_xlstm_package():
    """Against the pure-PyTorch reference code of the ``xlstm`` package (Apache-2.0).

    Optional: skipped unless it is installed (``pip install --no-deps xlstm==2.0.6``; the
    functions used need only torch). The book does not depend on it.
    """
    pytest.importorskip("xlstm")
    from xlstm.blocks.mlstm.backends import (
        parallel_stabilized_simple,
        recurrent_step_stabilized_simple,
    )
    from xlstm.blocks.slstm.src.vanilla.slstm import slstm_forward_pointwise

    x = _x(N=2, T=40, D=3, seed=7) * 4  # large enough for the stabiliser to work
    xt, N, T, H = torch.from_numpy(x), 2, 40, 5
    p = modern.init_params("slstm", 3, H, seed=3)
    pt = {k: torch.from_numpy(v) for k, v in p.items()}
    states, outs = torch.zeros(4, N, H, dtype=torch.float64), []
    for t in range(T):  # xLSTM's gate order i, f, z, o is the book's i, f, g, o
        states, _ = slstm_forward_pointwise(
            xt[:, t] @ pt["W"], states[0] @ pt["R"], pt["b"][None], states, {}
        )
        outs.append(states[0])
    want = torch.stack(outs, 1).numpy()
    np.testing.assert_allclose(modern.slstm_forward(x, params=p), want, rtol=1e-10, atol=1e-12)

    p = modern.init_params("mlstm", 3, H, seed=3)
    pt = {k: torch.from_numpy(v) for k, v in p.items()}
    q, k, v, o = (xt @ pt["W"] + pt["b"]).split(H, 2)
    i_raw, f_raw = (xt @ pt["w_if"] + pt["b_if"]).unbind(2)
    par = parallel_stabilized_simple(
        q[:, None],
        k[:, None],
        v[:, None],
        i_raw[:, None, :, None],
        f_raw[:, None, :, None],
        eps=0.0,
    )[:, 0]
    ours = modern.mlstm_forward(x, params=p)
    np.testing.assert_allclose(ours, (torch.sigmoid(o) * par).numpy(), rtol=1e-9, atol=1e-12)
    C = torch.zeros(N, 1, H, H, dtype=torch.float64)
    n = torch.zeros(N, 1, H, 1, dtype=torch.float64)
    m = torch.zeros(N, 1, 1, 1, dtype=torch.float64)
    outs = []
    for t in range(T):
        one = [u[:, None, t : t + 1].clone() for u in (q, k, v)]
        h, (C, n, m) = recurrent_step_stabilized_simple(
            C, n, m, *one, i_raw[:, None, t, None, None], f_raw[:, None, t, None, None], eps=0.0
        )
        outs.append(h[:, 0, 0])
    rec = (torch.sigmoid(o) * torch.stack(outs, 1)).numpy()
    np.testing.assert_allclose(ours, rec, rtol=1e-10, atol=1e-12)
