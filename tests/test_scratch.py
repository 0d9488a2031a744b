"""lstmbook.scratch against torch.nn.LSTM / nn.RNN and autograd, and against itself."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstmbook import scratch as S
from lstmbook.gradcheck import check_gradients

TOL = {np.float64: 1e-10, np.float32: 1e-5}
TORCH_DTYPE = {np.float64: torch.float64, np.float32: torch.float32}
N, T, D, H = 3, 6, 4, 5


def torch_module(kind: str, dtype, seed: int = 0):
    """An nn.LSTM or nn.RNN (batch_first) and its weights as scratch parameters."""
    torch.manual_seed(seed)
    cls = torch.nn.LSTM if kind == "lstm" else torch.nn.RNN
    module = cls(D, H, batch_first=True).to(TORCH_DTYPE[dtype])
    params = {
        "W_x": module.weight_ih_l0.detach().numpy().T.copy(),
        "W_h": module.weight_hh_l0.detach().numpy().T.copy(),
        "b": (module.bias_ih_l0 + module.bias_hh_l0).detach().numpy(),
    }
    return module, params


def random_arrays(dtype, seed: int = 1, **shapes) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape).astype(dtype) for name, shape in shapes.items()}


def assert_close(actual, expected, dtype, what=""):
    assert actual.dtype == dtype, f"{what}: dtype {actual.dtype}, expected {np.dtype(dtype)}"
    np.testing.assert_allclose(actual, expected, rtol=TOL[dtype], atol=TOL[dtype], err_msg=what)


def tensor(a, requires_grad=False):
    return torch.tensor(a, requires_grad=requires_grad)


# ----------------------------------------------------------------------------------------------
# Agreement with PyTorch
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("given_state", [False, True], ids=["zero-state", "h0-c0"])
@pytest.mark.parametrize("final_grads", [False, True], ids=["dhs", "dhs-dhT-dcT"])
def test_lstm_matches_torch(dtype, given_state, final_grads):
    module, params = torch_module("lstm", dtype)
    a = random_arrays(dtype, x=(N, T, D), h0=(N, H), c0=(N, H), dhs=(N, T, H))
    a.update(random_arrays(dtype, seed=2, dh_T=(N, H), dc_T=(N, H)))
    h0, c0 = (a["h0"], a["c0"]) if given_state else (None, None)
    dh_T, dc_T = (a["dh_T"], a["dc_T"]) if final_grads else (None, None)

    hs, (h_T, c_T), cache = S.lstm_forward(a["x"], params, h0, c0)
    grads = S.lstm_backward(a["dhs"], cache, dh_T, dc_T)

    x_t = tensor(a["x"], True)
    h0_t = tensor(a["h0"][None] if given_state else np.zeros((1, N, H), dtype), True)
    c0_t = tensor(a["c0"][None] if given_state else np.zeros((1, N, H), dtype), True)
    hs_t, (h_T_t, c_T_t) = module(x_t, (h0_t, c0_t))
    loss = (hs_t * tensor(a["dhs"])).sum()
    if final_grads:
        loss = loss + (h_T_t[0] * tensor(a["dh_T"])).sum() + (c_T_t[0] * tensor(a["dc_T"])).sum()
    loss.backward()

    assert_close(hs, hs_t.detach().numpy(), dtype, "hs")
    assert_close(h_T, h_T_t[0].detach().numpy(), dtype, "h_T")
    assert_close(c_T, c_T_t[0].detach().numpy(), dtype, "c_T")
    expected = {
        "W_x": module.weight_ih_l0.grad.numpy().T,
        "W_h": module.weight_hh_l0.grad.numpy().T,
        "b": module.bias_ih_l0.grad.numpy(),  # equal to bias_hh_l0.grad
        "x": x_t.grad.numpy(),
        "h0": h0_t.grad[0].numpy(),
        "c0": c0_t.grad[0].numpy(),
    }
    assert set(grads) == set(expected)
    for name, value in expected.items():
        assert_close(grads[name], value, dtype, f"d{name}")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("given_state", [False, True], ids=["zero-state", "h0"])
def test_rnn_matches_torch(dtype, given_state):
    module, params = torch_module("rnn", dtype)
    a = random_arrays(dtype, x=(N, T, D), h0=(N, H), dhs=(N, T, H), dh_T=(N, H))
    h0 = a["h0"] if given_state else None

    hs, h_T, cache = S.rnn_forward(a["x"], params, h0)
    grads = S.rnn_backward(a["dhs"], cache, a["dh_T"])

    x_t = tensor(a["x"], True)
    h0_t = tensor(a["h0"][None] if given_state else np.zeros((1, N, H), dtype), True)
    hs_t, h_T_t = module(x_t, h0_t)
    ((hs_t * tensor(a["dhs"])).sum() + (h_T_t[0] * tensor(a["dh_T"])).sum()).backward()

    assert_close(hs, hs_t.detach().numpy(), dtype, "hs")
    assert_close(h_T, h_T_t[0].detach().numpy(), dtype, "h_T")
    expected = {
        "W_x": module.weight_ih_l0.grad.numpy().T,
        "W_h": module.weight_hh_l0.grad.numpy().T,
        "b": module.bias_ih_l0.grad.numpy(),
        "x": x_t.grad.numpy(),
        "h0": h0_t.grad[0].numpy(),
    }
    assert set(grads) == set(expected)
    for name, value in expected.items():
        assert_close(grads[name], value, dtype, f"d{name}")


# ----------------------------------------------------------------------------------------------
# Numerical gradient checks (float64, small sizes)
# ----------------------------------------------------------------------------------------------

# Small sizes and eps=1e-5: the relative error is taken element by element, so an element of
# the gradient that happens to be close to zero turns the rounding error of the central
# differences (about 1e-16 |loss| / eps) into a large relative error.
GC_SIZES = {"N": 2, "T": 3, "D": 2, "H": 3}
GC_EPS = 1e-5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lstm_gradient_check(seed):
    n, t, d, h = GC_SIZES.values()
    arrays = S.init_lstm_params(d, h, seed=seed, forget_bias=1.0)
    arrays.update(random_arrays(np.float64, seed=seed, x=(n, t, d), h0=(n, h), c0=(n, h)))
    w = random_arrays(np.float64, seed=seed + 100, hs=(n, t, h), h_T=(n, h), c_T=(n, h))

    def loss(a):
        hs, (h_T, c_T), _ = S.lstm_forward(a["x"], a, a["h0"], a["c0"])
        return np.sum(hs * w["hs"]) + np.sum(h_T * w["h_T"]) + np.sum(c_T * w["c_T"])

    _, _, cache = S.lstm_forward(arrays["x"], arrays, arrays["h0"], arrays["c0"])
    grads = S.lstm_backward(w["hs"], cache, w["h_T"], w["c_T"])
    errors = check_gradients(loss, arrays, grads, eps=GC_EPS)
    assert set(errors) == {"W_x", "W_h", "b", "x", "h0", "c0"}
    assert max(errors.values()) <= 1e-7, errors


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rnn_gradient_check(seed):
    n, t, d, h = GC_SIZES.values()
    arrays = S.init_rnn_params(d, h, seed=seed)
    arrays.update(random_arrays(np.float64, seed=seed, x=(n, t, d), h0=(n, h)))
    w = random_arrays(np.float64, seed=seed + 100, hs=(n, t, h), h_T=(n, h))

    def loss(a):
        hs, h_T, _ = S.rnn_forward(a["x"], a, a["h0"])
        return np.sum(hs * w["hs"]) + np.sum(h_T * w["h_T"])

    _, _, cache = S.rnn_forward(arrays["x"], arrays, arrays["h0"])
    grads = S.rnn_backward(w["hs"], cache, w["h_T"])
    errors = check_gradients(loss, arrays, grads, eps=GC_EPS)
    assert set(errors) == {"W_x", "W_h", "b", "x", "h0"}
    assert max(errors.values()) <= 1e-7, errors


def test_lstm_step_gradient_check():
    n, _, d, h = GC_SIZES.values()
    arrays = S.init_lstm_params(d, h, seed=3)
    arrays.update(random_arrays(np.float64, seed=3, x_t=(n, d), h_prev=(n, h), c_prev=(n, h)))
    w = random_arrays(np.float64, seed=4, h=(n, h), c=(n, h))

    def loss(a):
        h_t, c_t, _ = S.lstm_step_forward(a["x_t"], a["h_prev"], a["c_prev"], a)
        return np.sum(h_t * w["h"]) + np.sum(c_t * w["c"])

    _, _, step_cache = S.lstm_step_forward(
        arrays["x_t"], arrays["h_prev"], arrays["c_prev"], arrays
    )
    names = ("x_t", "h_prev", "c_prev", "W_x", "W_h", "b")
    grads = dict(zip(names, S.lstm_step_backward(w["h"], w["c"], step_cache), strict=True))
    errors = check_gradients(loss, arrays, grads, eps=GC_EPS)
    assert max(errors.values()) <= 1e-7, errors


# ----------------------------------------------------------------------------------------------
# Consistency with itself
# ----------------------------------------------------------------------------------------------


def lstm_case(dtype=np.float64, seed=0):
    params = S.init_lstm_params(D, H, seed=seed, forget_bias=0.5, dtype=dtype)
    a = random_arrays(dtype, seed=seed, x=(N, T, D), h0=(N, H), c0=(N, H), dhs=(N, T, H))
    a.update(random_arrays(dtype, seed=seed + 1, dh_T=(N, H), dc_T=(N, H)))
    return params, a


def test_stepwise_equals_whole_sequence():
    params, a = lstm_case()
    hs, (h_T, c_T), cache = S.lstm_forward(a["x"], params, a["h0"], a["c0"])
    grads = S.lstm_backward(a["dhs"], cache, a["dh_T"], a["dc_T"])

    h, c, step_caches = a["h0"], a["c0"], []
    for t in range(T):
        h, c, sc = S.lstm_step_forward(a["x"][:, t], h, c, params)
        step_caches.append(sc)
        np.testing.assert_allclose(hs[:, t], h, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(cache["c"][:, t], c, rtol=1e-12, atol=1e-12)
        for gate in "ifgo":
            np.testing.assert_allclose(cache[gate][:, t], sc[gate], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(h_T, h, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c_T, c, rtol=1e-12, atol=1e-12)

    dh_next, dc_next = a["dh_T"], a["dc_T"]
    total = {"W_x": 0.0, "W_h": 0.0, "b": 0.0}
    dx = np.zeros_like(a["x"])
    for t in reversed(range(T)):
        dx[:, t], dh_next, dc_next, dW_x, dW_h, db = S.lstm_step_backward(
            a["dhs"][:, t] + dh_next, dc_next, step_caches[t]
        )
        total["W_x"] += dW_x
        total["W_h"] += dW_h
        total["b"] += db
    stepwise = {**total, "x": dx, "h0": dh_next, "c0": dc_next}
    for name, value in stepwise.items():
        np.testing.assert_allclose(grads[name], value, rtol=1e-12, atol=1e-12, err_msg=name)


def _run(kind, params, a):
    """Forward and backward of the LSTM or the RNN on the arrays of `a`: (hs, grads)."""
    if kind == "lstm":
        hs, _, cache = S.lstm_forward(a["x"], params, a["h0"], a["c0"])
        return hs, S.lstm_backward(a["dhs"], cache, a["dh_T"], a["dc_T"])
    hs, _, cache = S.rnn_forward(a["x"], params, a["h0"])
    return hs, S.rnn_backward(a["dhs"], cache, a["dh_T"])


@pytest.mark.parametrize("kind", ["lstm", "rnn"])
def test_batched_equals_per_example(kind):
    params, a = lstm_case(seed=5)
    if kind == "rnn":
        params = S.init_rnn_params(D, H, seed=5)
    hs, grads = _run(kind, params, a)
    summed = {}  # weight gradients are sums over the batch
    for n in range(N):
        hs_n, grads_n = _run(kind, params, {k: v[n : n + 1] for k, v in a.items()})
        np.testing.assert_allclose(hs[n : n + 1], hs_n, rtol=1e-12, atol=1e-12)
        for name, value in grads_n.items():
            if name in ("x", "h0", "c0"):
                np.testing.assert_allclose(grads[name][n : n + 1], value, atol=1e-12)
            else:
                summed[name] = summed.get(name, 0.0) + value
    for name, value in summed.items():
        np.testing.assert_allclose(grads[name], value, rtol=1e-12, atol=1e-12, err_msg=name)


def test_cache_exposes_gates_and_states():
    params, a = lstm_case()
    hs, (h_T, c_T), cache = S.lstm_forward(a["x"], params)
    for name in ("i", "f", "g", "o", "c", "tanh_c", "h"):
        assert cache[name].shape == (N, T, H), name
        assert not cache[name].flags.writeable, name
    for gate in "ifo":
        assert ((cache[gate] > 0) & (cache[gate] < 1)).all()
    assert (np.abs(cache["g"]) < 1).all()
    np.testing.assert_array_equal(cache["h"], hs)
    np.testing.assert_array_equal(cache["c"][:, -1], c_T)
    np.testing.assert_array_equal(hs[:, -1], h_T)
    # The cell update C_t = f_t * C_{t-1} + i_t * g_t, read back from the cache.
    c_prev = np.concatenate([np.zeros((N, 1, H)), cache["c"][:, :-1]], axis=1)
    np.testing.assert_allclose(
        cache["c"], cache["f"] * c_prev + cache["i"] * cache["g"], atol=1e-14
    )
    np.testing.assert_allclose(hs, cache["o"] * np.tanh(cache["c"]), atol=1e-14)


def test_backward_leaves_its_inputs_alone():
    params, a = lstm_case()
    _, _, cache = S.lstm_forward(a["x"], params, a["h0"], a["c0"])
    before = {k: v.copy() for k, v in a.items()}
    first = S.lstm_backward(a["dhs"], cache, a["dh_T"], a["dc_T"])
    second = S.lstm_backward(a["dhs"], cache, a["dh_T"], a["dc_T"])
    for k, v in before.items():
        np.testing.assert_array_equal(a[k], v, err_msg=k)
    for k in first:
        np.testing.assert_array_equal(first[k], second[k], err_msg=k)

    _, _, rcache = S.rnn_forward(a["x"], S.init_rnn_params(D, H))
    S.rnn_backward(a["dhs"], rcache, a["dh_T"])
    for k, v in before.items():
        np.testing.assert_array_equal(a[k], v, err_msg=k)


def test_dhs_none_means_zeros():
    params, a = lstm_case()
    _, _, cache = S.lstm_forward(a["x"], params)
    none = S.lstm_backward(None, cache, a["dh_T"])
    zeros = S.lstm_backward(np.zeros((N, T, H)), cache, a["dh_T"])
    for k in none:
        np.testing.assert_array_equal(none[k], zeros[k], err_msg=k)
    _, _, rcache = S.rnn_forward(a["x"], S.init_rnn_params(D, H))
    none, zeros = S.rnn_backward(None, rcache, a["dh_T"]), S.rnn_backward(0 * a["dhs"], rcache)
    assert np.abs(none["x"]).sum() > 0 and not np.abs(zeros["x"]).any()


# ----------------------------------------------------------------------------------------------
# dtypes and initialisation
# ----------------------------------------------------------------------------------------------


def test_float32_stays_float32():
    params = S.init_lstm_params(D, H)  # float64 parameters, cast to the input's dtype
    x = np.random.default_rng(0).standard_normal((N, T, D)).astype(np.float32)
    hs, (h_T, c_T), cache = S.lstm_forward(x, params, h0=np.zeros((N, H)))
    grads = S.lstm_backward(np.ones((N, T, H)), cache)
    outputs = [hs, h_T, c_T, *(cache[k] for k in "ifgoc"), *grads.values()]
    assert all(v.dtype == np.float32 for v in outputs)

    rnn_hs, rnn_h_T, rcache = S.rnn_forward(x, S.init_rnn_params(D, H))
    outputs = [rnn_hs, rnn_h_T, *S.rnn_backward(np.ones((N, T, H)), rcache).values()]
    assert all(v.dtype == np.float32 for v in outputs)


def test_integer_input_runs_in_float64():
    hs, _, _ = S.lstm_forward(np.ones((N, T, D), dtype=int), S.init_lstm_params(D, H))
    assert hs.dtype == np.float64


def test_init_lstm_params():
    p = S.init_lstm_params(D, H, seed=7)
    assert {k: v.shape for k, v in p.items()} == {
        "W_x": (D, 4 * H),
        "W_h": (H, 4 * H),
        "b": (4 * H,),
    }
    assert all(np.abs(v).max() <= 1 / np.sqrt(H) for v in p.values())
    assert all(v.dtype == np.float64 for v in p.values())
    again = S.init_lstm_params(D, H, seed=7, forget_bias=1.0, dtype=np.float32)
    assert all(v.dtype == np.float32 for v in again.values())
    shifted = again["b"].astype(np.float64) - p["b"]
    np.testing.assert_allclose(shifted[H : 2 * H], 1.0, atol=1e-6)  # the f block only
    np.testing.assert_allclose(np.delete(shifted, np.s_[H : 2 * H]), 0.0, atol=1e-6)
    assert not np.array_equal(S.init_lstm_params(D, H, seed=8)["W_x"], p["W_x"])


def test_init_rnn_params():
    p = S.init_rnn_params(D, H, dtype=np.float32)
    assert {k: v.shape for k, v in p.items()} == {"W_x": (D, H), "W_h": (H, H), "b": (H,)}
    assert all(v.dtype == np.float32 and np.abs(v).max() <= 1 / np.sqrt(H) for v in p.values())


def test_sigmoid_is_stable():
    z = np.array([-1000.0, -30.0, 0.0, 2.0, 1000.0])
    with np.errstate(all="raise"):
        s = S.sigmoid(z)
    np.testing.assert_allclose(s[1:4], 1 / (1 + np.exp(-z[1:4])), rtol=1e-12, atol=1e-16)
    assert s[0] == 0.0 and s[-1] == 1.0


# ----------------------------------------------------------------------------------------------
# Error messages
# ----------------------------------------------------------------------------------------------

P16 = S.init_lstm_params(D, 16)  # W_x (4, 64), W_h (16, 64), b (64,)
X = np.zeros((2, 3, D))


def _with(**changes):
    return {**P16, **changes}


def _lstm_backward_after_forward(**kwargs):
    _, _, cache = S.lstm_forward(X, P16)
    return S.lstm_backward(**{"dhs": np.zeros((2, 3, 16)), "cache": cache, **kwargs})


def _nan_x():
    x = X.copy()
    x[1, 2, 0] = np.nan
    return x


ERRORS = {
    "x-2d": (
        lambda: S.lstm_forward(np.zeros((5, 3)), P16),
        r"x must be 3-D \(batch, time, input_size\), got shape \(5, 3\)\. "
        r"Add a batch axis with x\[None\]",
    ),
    "x-1d": (lambda: S.rnn_forward(np.zeros(5), P16), r"x\[None, :, None\]"),
    "x-empty": (lambda: S.lstm_forward(np.zeros((2, 0, D)), P16), r"must all be at least 1"),
    "x-nan": (
        lambda: S.lstm_forward(_nan_x(), P16),
        r"x contains 1 NaN or infinite value\(s\), the first at index \(1, 2, 0\)\. Clean the data",
    ),
    "x-inf": (lambda: S.lstm_forward(X + np.inf, P16), r"x contains 24 NaN or infinite"),
    "params-missing": (
        lambda: S.lstm_forward(X, {"W_x": P16["W_x"], "b": P16["b"]}),
        r"params is missing 'W_h'",
    ),
    "W_h-shape": (
        lambda: S.lstm_forward(X, _with(W_h=np.zeros((8, 32)))),
        r"params\['W_h'\] has shape \(8, 32\) but hidden_size is 16 \(from W_x's 4H=64\): "
        r"expected \(16, 64\)",
    ),
    "W_x-input-size": (
        lambda: S.lstm_forward(np.zeros((2, 3, 7)), P16),
        r"params\['W_x'\] has shape \(4, 64\) but x has input_size 7 .*expected \(7, 64\)",
    ),
    "W_x-not-4H": (
        lambda: S.lstm_forward(X, _with(W_x=np.zeros((D, 30)))),
        r"params\['W_x'\] has shape \(4, 30\): its second axis must be 4H \(the gates i, f, g, "
        r"o stacked\), a positive multiple of 4, got 30",
    ),
    "W_x-1d": (
        lambda: S.lstm_forward(X, _with(W_x=np.zeros(64))),
        r"params\['W_x'\] must be 2-D \(input_size, 4H\), got shape \(64,\)",
    ),
    "rnn-W_x-empty": (
        lambda: S.rnn_forward(X, {"W_x": np.zeros((D, 0)), "W_h": np.zeros((0, 0)), "b": []}),
        r"its second axis must be hidden_size H, at least 1, got 0",
    ),
    "b-shape": (
        lambda: S.lstm_forward(X, _with(b=np.zeros((64, 1)))),
        r"params\['b'\] has shape \(64, 1\) but hidden_size is 16 .*expected \(64,\)",
    ),
    "W_h-nan": (
        lambda: S.lstm_forward(X, _with(W_h=np.full((16, 64), np.nan))),
        r"params\['W_h'\] contains 1024 NaN or infinite .* training diverged",
    ),
    "rnn-params-to-lstm": (
        lambda: S.lstm_forward(X, S.init_rnn_params(D, 16)),
        r"These look like plain-RNN parameters \(init_rnn_params\); use rnn_forward",
    ),
    "lstm-params-to-rnn": (
        lambda: S.rnn_forward(X, P16),
        r"params\['W_h'\] has shape \(16, 64\) but hidden_size is 64 \(from W_x's H=64\): "
        r"expected \(64, 64\)\. These look like LSTM parameters",
    ),
    "h0-shape": (
        lambda: S.lstm_forward(X, P16, h0=np.zeros((3, 16))),
        r"h0 must have shape \(batch, hidden_size\) = \(2, 16\), got \(3, 16\)",
    ),
    "c0-1d": (
        lambda: S.lstm_forward(X[:1], P16, c0=np.zeros(16)),
        r"c0 must have shape .* = \(1, 16\), got \(16,\)\. Add a batch axis with c0\[None\]",
    ),
    "rnn-h0-shape": (
        lambda: S.rnn_forward(X, S.init_rnn_params(D, 16), h0=np.zeros((2, 8))),
        r"h0 must have shape \(batch, hidden_size\) = \(2, 16\), got \(2, 8\)",
    ),
    "dhs-shape": (
        lambda: _lstm_backward_after_forward(dhs=np.zeros((2, 16))),
        r"dhs must have the shape of hs, \(batch, time, hidden_size\) = \(2, 3, 16\), "
        r"got \(2, 16\)",
    ),
    "dc_T-shape": (
        lambda: _lstm_backward_after_forward(dc_T=np.zeros((2, 3, 16))),
        r"dc_T must have shape \(batch, hidden_size\) = \(2, 16\), got \(2, 3, 16\)",
    ),
    "dhs-nan": (
        lambda: _lstm_backward_after_forward(dhs=np.full((2, 3, 16), np.nan)),
        r"dhs contains 96 NaN",
    ),
    "bad-cache": (
        lambda: S.lstm_backward(np.zeros((2, 3, 16)), {"x": X}),
        r"cache must be the third value returned by lstm_forward\(x, params, \.\.\.\), got a "
        r"dict without the key\(s\) \['hx_tm', 'gates_tm'",
    ),
    "rnn-cache-to-lstm": (
        lambda: S.lstm_backward(None, S.rnn_forward(X, S.init_rnn_params(D, 16))[2]),
        r"cache must be the third value returned by lstm_forward",
    ),
    "step-x_t-3d": (
        lambda: S.lstm_step_forward(X, np.zeros((2, 16)), np.zeros((2, 16)), P16),
        r"x_t must be 2-D \(batch, input_size\), got shape \(2, 3, 4\)",
    ),
    "step-h_prev": (
        lambda: S.lstm_step_forward(X[:, 0], np.zeros((2, 8)), np.zeros((2, 16)), P16),
        r"h_prev must have shape \(batch, hidden_size\) = \(2, 16\), got \(2, 8\)",
    ),
    "hidden-size-zero": (
        lambda: S.init_lstm_params(3, 0),
        r"hidden_size must be at least 1, got hidden_size=0",
    ),
    "int-dtype": (
        lambda: S.init_lstm_params(3, 4, dtype=np.int64),
        r"dtype must be a floating dtype",
    ),
}


@pytest.mark.parametrize("call, match", ERRORS.values(), ids=ERRORS.keys())
def test_error_messages(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# a value of the wrong type (strings, a list for a dict, a float for a size) is a TypeError
TYPE_ERRORS = {
    "x-strings": (
        lambda: S.lstm_forward(np.full((1, 2, D), "a"), P16),
        r"x must hold numbers, got an array of dtype <U1",
    ),
    "params-not-dict": (
        lambda: S.lstm_forward(X, [1, 2, 3]),
        r"params must be a dict with keys 'W_x', 'W_h' and 'b' \(as made by init_lstm_params\)",
    ),
    "cache-not-dict": (
        lambda: S.rnn_backward(None, (1, 2)),
        r"cache must be the third value returned by rnn_forward\(x, params, \.\.\.\), got tuple",
    ),
    "input-size-float": (
        lambda: S.init_rnn_params(2.5, 4),
        r"input_size must be a whole number >= 1, got 2\.5",
    ),
}


@pytest.mark.parametrize("call, match", TYPE_ERRORS.values(), ids=TYPE_ERRORS.keys())
def test_type_error_messages(call, match):
    with pytest.raises(TypeError, match=match):
        call()
