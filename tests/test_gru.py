"""The GRU of lstmbook.scratch against torch.nn.GRU / nn.GRUCell, autograd and itself."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lstmbook import checks
from lstmbook import scratch as S
from lstmbook.gradcheck import numerical_gradient

TOL = {np.float64: 1e-10, np.float32: 1e-5}
TORCH_DTYPE = {np.float64: torch.float64, np.float32: torch.float32}
N, T, D, H = 3, 6, 4, 5


def torch_gru(dtype, seed: int = 0):
    """An nn.GRU (batch_first) and its weights as scratch parameters."""
    torch.manual_seed(seed)
    module = torch.nn.GRU(D, H, batch_first=True).to(TORCH_DTYPE[dtype])
    params = {
        "W_x": module.weight_ih_l0.detach().numpy().T.copy(),
        "W_h": module.weight_hh_l0.detach().numpy().T.copy(),
        "b_x": module.bias_ih_l0.detach().numpy().copy(),
        "b_h": module.bias_hh_l0.detach().numpy().copy(),
    }
    return module, params


def random_arrays(dtype, seed: int = 1, **shapes) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape).astype(dtype) for name, shape in shapes.items()}


def assert_close(actual, expected, dtype, what=""):
    assert actual.dtype == dtype, f"{what}: dtype {actual.dtype}, expected {np.dtype(dtype)}"
    np.testing.assert_allclose(actual, expected, rtol=TOL[dtype], atol=TOL[dtype], err_msg=what)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("given_state", [False, True], ids=["zero-state", "h0"])
@pytest.mark.parametrize("final_grad", [False, True], ids=["dhs", "dhs-dhT"])
def test_gru_matches_torch(dtype, given_state, final_grad):
    module, params = torch_gru(dtype)
    a = random_arrays(dtype, x=(N, T, D), h0=(N, H), dhs=(N, T, H), dh_T=(N, H))
    h0 = a["h0"] if given_state else None
    dh_T = a["dh_T"] if final_grad else None

    hs, h_T, cache = S.gru_forward(a["x"], params, h0)
    grads = S.gru_backward(a["dhs"], cache, dh_T)

    x_t = torch.tensor(a["x"], requires_grad=True)
    h0_t = torch.tensor(a["h0"][None] if given_state else np.zeros((1, N, H), dtype))
    h0_t.requires_grad_(True)
    hs_t, h_T_t = module(x_t, h0_t)
    loss = (hs_t * torch.tensor(a["dhs"])).sum()
    if final_grad:
        loss = loss + (h_T_t[0] * torch.tensor(a["dh_T"])).sum()
    loss.backward()

    assert_close(hs, hs_t.detach().numpy(), dtype, "hs")
    assert_close(h_T, h_T_t[0].detach().numpy(), dtype, "h_T")
    expected = {
        "W_x": module.weight_ih_l0.grad.numpy().T,
        "W_h": module.weight_hh_l0.grad.numpy().T,
        "b_x": module.bias_ih_l0.grad.numpy(),
        "b_h": module.bias_hh_l0.grad.numpy(),
        "x": x_t.grad.numpy(),
        "h0": h0_t.grad[0].numpy(),
    }
    assert set(grads) == set(expected)
    for name, value in expected.items():
        assert_close(grads[name], value, dtype, f"d{name}")


def test_gru_step_matches_gru_cell_and_passes_the_students_check(capsys):
    _, params = torch_gru(np.float64)
    a = random_arrays(np.float64, x_t=(N, D), h_prev=(N, H))
    cell = torch.nn.GRUCell(D, H, dtype=torch.float64)
    with torch.no_grad():
        for attr, key in (("weight_ih", "W_x"), ("weight_hh", "W_h")):
            getattr(cell, attr).copy_(torch.from_numpy(params[key].T.copy()))
        cell.bias_ih.copy_(torch.from_numpy(params["b_x"]))
        cell.bias_hh.copy_(torch.from_numpy(params["b_h"]))
        expected = cell(torch.from_numpy(a["x_t"]), torch.from_numpy(a["h_prev"])).numpy()
    h_t, step_cache = S.gru_step_forward(a["x_t"], a["h_prev"], params)
    assert_close(h_t, expected, np.float64, "h_t")
    assert set(step_cache) == {"r", "z", "n", "hn"}
    assert checks.check_gru_step(lambda x, h, p: S.gru_step_forward(x, h, p)[0])
    assert "PASS" in capsys.readouterr().out


def test_stepwise_equals_whole_sequence():
    params = S.init_gru_params(D, H, seed=2)
    a = random_arrays(np.float64, x=(N, T, D), h0=(N, H))
    hs, h_T, cache = S.gru_forward(a["x"], params, a["h0"])
    h = a["h0"]
    for t in range(T):
        h, step_cache = S.gru_step_forward(a["x"][:, t], h, params)
        np.testing.assert_allclose(hs[:, t], h, rtol=1e-13, atol=1e-13)
        for gate in ("r", "z", "n"):
            np.testing.assert_allclose(cache[gate][:, t], step_cache[gate], atol=1e-13)
    np.testing.assert_array_equal(h_T, hs[:, -1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gru_gradient_check(seed):
    n, t, d, h = 2, 3, 2, 3
    arrays = S.init_gru_params(d, h, seed=seed)
    arrays.update(random_arrays(np.float64, seed=seed, x=(n, t, d), h0=(n, h)))
    w = random_arrays(np.float64, seed=seed + 100, hs=(n, t, h), h_T=(n, h))

    def loss(a):
        hs, h_T, _ = S.gru_forward(a["x"], a, a["h0"])
        return np.sum(hs * w["hs"]) + np.sum(h_T * w["h_T"])

    _, _, cache = S.gru_forward(arrays["x"], arrays, arrays["h0"])
    grads = S.gru_backward(w["hs"], cache, w["h_T"])
    assert set(grads) == {"W_x", "W_h", "b_x", "b_h", "x", "h0"}
    for name, grad in grads.items():
        numeric = numerical_gradient(lambda _: loss(arrays), arrays[name], eps=1e-5)
        # relative 1e-6, plus an absolute 1e-9 for elements near zero, where the rounding
        # error of central differences (about 1e-16 |loss| / eps) dominates
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9, err_msg=name)


def test_dhs_none_means_zeros_and_inputs_are_left_alone():
    params = S.init_gru_params(D, H, seed=4)
    a = random_arrays(np.float64, x=(N, T, D), dh_T=(N, H))
    _, _, cache = S.gru_forward(a["x"], params)
    kept = {k: v.copy() for k, v in a.items()}
    with_none = S.gru_backward(None, cache, a["dh_T"])
    with_zeros = S.gru_backward(np.zeros((N, T, H)), cache, a["dh_T"])
    for name in with_none:
        np.testing.assert_array_equal(with_none[name], with_zeros[name])
    for name, value in kept.items():
        np.testing.assert_array_equal(a[name], value)
    assert np.abs(with_none["W_h"]).sum() > 0


def test_cache_exposes_gates_read_only():
    params = S.init_gru_params(D, H)
    _, _, cache = S.gru_forward(np.ones((N, T, D)), params)
    for gate in ("r", "z", "n", "h"):
        assert cache[gate].shape == (N, T, H)
        assert not cache[gate].flags.writeable
    assert np.all((cache["r"] > 0) & (cache["r"] < 1)) and np.all(np.abs(cache["n"]) < 1)


def test_float32_stays_float32_and_integers_run_in_float64():
    params = S.init_gru_params(D, H, dtype=np.float32)
    hs, h_T, cache = S.gru_forward(np.ones((N, T, D), dtype=np.float32), params)
    grads = S.gru_backward(hs, cache)
    assert hs.dtype == h_T.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    hs64, _, _ = S.gru_forward(np.ones((N, T, D), dtype=int), S.init_gru_params(D, H))
    assert hs64.dtype == np.float64


def test_init_gru_params():
    params = S.init_gru_params(D, H, seed=7)
    assert {k: v.shape for k, v in params.items()} == {
        "W_x": (D, 3 * H),
        "W_h": (H, 3 * H),
        "b_x": (3 * H,),
        "b_h": (3 * H,),
    }
    k = 1 / np.sqrt(H)
    for value in params.values():
        assert value.dtype == np.float64 and np.all(np.abs(value) <= k)
    assert not np.allclose(params["b_x"], params["b_h"])  # two independent draws
    again = S.init_gru_params(D, H, seed=7)
    assert all(np.array_equal(params[name], again[name]) for name in params)
    other = S.init_gru_params(D, H, seed=8)
    assert not np.array_equal(params["W_h"], other["W_h"])
    n_params = sum(v.size for v in params.values())
    assert n_params == sum(p.numel() for p in torch.nn.GRU(D, H).parameters())
    assert S.init_gru_params(D, H, dtype=np.float32)["b_h"].dtype == np.float32


def params_with(**changes):
    params = S.init_gru_params(D, H)
    params.update(changes)
    return {k: v for k, v in params.items() if v is not None}


X = np.zeros((N, T, D))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: S.gru_forward(X[0], S.init_gru_params(D, H)), r"must be 3-D .* Add a batch"),
        (
            lambda: S.gru_forward(X, S.init_lstm_params(D, H)),
            r"missing 'b_x', 'b_h'.* two bias vectors",
        ),
        (lambda: S.gru_forward(X, params_with(b_h=None)), r"missing 'b_h'"),
        (
            lambda: S.gru_forward(X, params_with(W_x=np.zeros((D, 10)))),
            r"positive multiple of 3",
        ),
        (
            lambda: S.gru_forward(np.zeros((N, T, D + 1)), S.init_gru_params(D, H)),
            r"input_size 5 .* init_gru_params\(input_size=5",
        ),
        (
            lambda: S.gru_forward(X, params_with(W_h=np.zeros((H, 4 * H)))),
            r"expected \(5, 15\)\. These look like LSTM",
        ),
        (lambda: S.gru_forward(X, params_with(b_x=np.zeros(4 * H))), r"params\['b_x'\].*\(15,\)"),
        (
            lambda: S.gru_forward(X, params_with(W_h=np.full((H, 3 * H), np.nan))),
            r"params\['W_h'\] contains .* NaN .* training diverged",
        ),
        (lambda: S.gru_forward(X, S.init_gru_params(D, H), np.zeros(H)), r"h0 must have shape"),
        (lambda: S.gru_backward(None, {"x": 1}), r"cache must be the third value .* gru_forward"),
        (
            lambda: S.gru_backward(
                np.zeros((N, T, H + 1)), S.gru_forward(X, S.init_gru_params(D, H))[2]
            ),
            r"dhs must have the shape of hs",
        ),
        (
            lambda: S.gru_step_forward(X, np.zeros((N, H)), S.init_gru_params(D, H)),
            r"x_t must be 2-D .* use gru_forward",
        ),
        (lambda: S.init_gru_params(0, H), r"input_size must be at least 1, got input_size=0"),
        (lambda: S.init_gru_params(D, H, dtype=int), r"floating dtype"),
    ],
)
def test_error_messages(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: S.gru_forward(X, [1, 2]), r"params must be a dict .* init_gru_params\), got list"),
        (lambda: S.init_gru_params(2.5, H), r"input_size must be a whole number >= 1, got 2.5"),
    ],
)
def test_wrong_types_are_type_errors(call, match):
    with pytest.raises(TypeError, match=match):
        call()
