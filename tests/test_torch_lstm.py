"""lstmbook.torch_lstm against nn.LSTM, the NumPy reference and gradcheck; its input checks."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from torch import nn

from lstmbook import scratch
from lstmbook.torch_lstm import LSTM, LSTMFunction, lstm_function

B, T, D, H = 3, 7, 4, 5
# Largest difference allowed, relative to the largest entry of the tensor (at least 1): the
# weight gradients are sums over batch and time, so their rounding error grows with their size.
TOL = {torch.float32: 1e-6, torch.float64: 1e-12}
PARAMS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")


def max_error(actual: torch.Tensor, expected: torch.Tensor) -> float:
    scale = max(1.0, expected.abs().max().item())
    return (actual - expected).abs().max().item() / scale


def run(module, x, state, weights):
    """Outputs and the gradients of sum(out * R) + sum(h_n * r_h) + sum(c_n * r_c)."""
    for p in module.parameters():
        p.grad = None
    x = x.detach().clone().requires_grad_(True)
    leaves = [x]
    if state is not None:
        state = tuple(s.detach().clone().requires_grad_(True) for s in state)
        leaves += list(state)
    out, (h_n, c_n) = module(x, state)
    loss = (out * weights[0]).sum() + (h_n * weights[1]).sum() + (c_n * weights[2]).sum()
    loss.backward()
    values = {"out": out.detach(), "h_n": h_n.detach(), "c_n": c_n.detach()}
    values.update({name: getattr(module, name).grad for name in PARAMS})
    values["x"] = x.grad
    if state is not None:
        values["h_0"], values["c_0"] = state[0].grad, state[1].grad
    return values


def random_case(dtype, seed=1, batch=B, steps=T):
    g = torch.Generator().manual_seed(seed)

    def randn(*shape):
        return torch.randn(*shape, generator=g, dtype=dtype)

    x = randn(batch, steps, D)
    state = (randn(1, batch, H), randn(1, batch, H))
    weights = (randn(batch, steps, H), randn(1, batch, H), randn(1, batch, H))
    return x, state, weights


def pair(dtype, manual_backward, seed=0):
    torch.manual_seed(seed)
    theirs = nn.LSTM(D, H, batch_first=True).to(dtype)
    ours = LSTM(D, H, manual_backward=manual_backward).to(dtype)
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


# ----------------------------------------------------------------------------------------------
# The contract with nn.LSTM: parameters, initialisation, shapes
# ----------------------------------------------------------------------------------------------


def test_parameters_are_named_and_shaped_like_nn_lstm():
    ours, theirs = LSTM(D, H), nn.LSTM(D, H, batch_first=True)
    expected = {name: tuple(p.shape) for name, p in theirs.named_parameters()}
    assert {name: tuple(p.shape) for name, p in ours.named_parameters()} == expected
    assert list(dict(ours.named_parameters())) == list(PARAMS)
    assert sum(p.numel() for p in ours.parameters()) == 4 * H * (D + H) + 8 * H


def test_state_dicts_load_both_ways():
    ours, theirs = LSTM(D, H), nn.LSTM(D, H, batch_first=True)
    ours.load_state_dict(theirs.state_dict())  # strict: every key matches
    for name in PARAMS:
        assert torch.equal(getattr(ours, name), getattr(theirs, name))
    other = LSTM(D, H)
    theirs.load_state_dict(other.state_dict())
    for name in PARAMS:
        assert torch.equal(getattr(theirs, name), getattr(other, name))


def test_initialisation_is_nn_lstms():
    torch.manual_seed(3)
    theirs = nn.LSTM(D, H, batch_first=True)
    torch.manual_seed(3)
    ours = LSTM(D, H)
    bound = 1 / np.sqrt(H)
    for name in PARAMS:
        p = getattr(ours, name)
        assert torch.equal(p, getattr(theirs, name)), name
        assert p.abs().max() <= bound and p.abs().max() > 0.5 * bound, name
    assert not torch.equal(ours.bias_ih_l0, ours.bias_hh_l0)


@pytest.mark.parametrize("manual_backward", [False, True])
def test_shapes_and_dtype_follow_the_module(manual_backward):
    lstm = LSTM(D, H, manual_backward=manual_backward)
    for dtype in (torch.float32, torch.float64):
        lstm = lstm.to(dtype)
        out, (h_n, c_n) = lstm(torch.randn(B, T, D, dtype=dtype))
        assert out.shape == (B, T, H) and h_n.shape == c_n.shape == (1, B, H)
        assert out.dtype == h_n.dtype == c_n.dtype == dtype
        assert torch.equal(out[:, -1], h_n[0])
    assert lstm.double().weight_ih_l0.dtype == torch.float64
    assert "manual_backward" in repr(lstm) and f"{D}, {H}" in repr(lstm)


# ----------------------------------------------------------------------------------------------
# Equal to nn.LSTM and to the NumPy reference
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("manual_backward", [False, True], ids=["autograd", "manual"])
@pytest.mark.parametrize("given_state", [False, True], ids=["zero-state", "h0-c0"])
def test_matches_nn_lstm(dtype, manual_backward, given_state):
    ours, theirs = pair(dtype, manual_backward)
    x, state, weights = random_case(dtype)
    state = state if given_state else None
    expected = run(theirs, x, state, weights)
    actual = run(ours, x, state, weights)
    assert set(actual) == set(expected)
    errors = {name: max_error(actual[name], expected[name]) for name in expected}
    assert max(errors.values()) <= TOL[dtype], errors
    assert all(actual[name].dtype == dtype for name in actual)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_nn_lstm_at_the_books_benchmark_size(seed):
    torch.manual_seed(seed)
    theirs = nn.LSTM(8, 64, batch_first=True)
    ours = LSTM(8, 64, manual_backward=True)
    ours.load_state_dict(theirs.state_dict())
    g = torch.Generator().manual_seed(seed)
    x, weights = torch.randn(32, 50, 8, generator=g), torch.randn(32, 50, 64, generator=g)
    zeros = torch.zeros(1, 32, 64)
    expected = run(theirs, x, None, (weights, zeros, zeros))
    actual = run(ours, x, None, (weights, zeros, zeros))
    errors = {name: max_error(actual[name], expected[name]) for name in expected}
    assert max(errors.values()) <= 2e-6, errors  # float32, sums over 1600 rows


@pytest.mark.parametrize("manual_backward", [False, True], ids=["autograd", "manual"])
def test_matches_the_numpy_reference(manual_backward):
    dtype = torch.float64
    ours, _ = pair(dtype, manual_backward, seed=4)
    x, state, weights = random_case(dtype, seed=5)
    got = run(ours, x, state, weights)
    params = {
        "W_x": ours.weight_ih_l0.detach().numpy().T,
        "W_h": ours.weight_hh_l0.detach().numpy().T,
        "b": (ours.bias_ih_l0 + ours.bias_hh_l0).detach().numpy(),
    }
    h0, c0 = (s[0].numpy() for s in state)
    hs, (h_T, c_T), cache = scratch.lstm_forward(x.numpy(), params, h0, c0)
    grads = scratch.lstm_backward(
        weights[0].numpy(), cache, weights[1][0].numpy(), weights[2][0].numpy()
    )
    pairs = {
        "out": (got["out"], hs),
        "h_n": (got["h_n"][0], h_T),
        "c_n": (got["c_n"][0], c_T),
        "W_x": (got["weight_ih_l0"].T, grads["W_x"]),
        "W_h": (got["weight_hh_l0"].T, grads["W_h"]),
        "b_ih": (got["bias_ih_l0"], grads["b"]),
        "b_hh": (got["bias_hh_l0"], grads["b"]),
        "x": (got["x"], grads["x"]),
        "h0": (got["h_0"][0], grads["h0"]),
        "c0": (got["c_0"][0], grads["c0"]),
    }
    for name, (a, b) in pairs.items():
        assert max_error(a, torch.from_numpy(np.asarray(b))) <= 1e-12, name


def test_manual_backward_equals_the_autograd_loop():
    dtype = torch.float64
    loop, _ = pair(dtype, False, seed=6)
    hand = LSTM(D, H, manual_backward=True).to(dtype)
    hand.load_state_dict(loop.state_dict())
    x, state, weights = random_case(dtype, seed=7, batch=2, steps=11)
    a, b = run(loop, x, state, weights), run(hand, x, state, weights)
    for name in a:
        assert max_error(b[name], a[name]) <= 1e-13, name


# ----------------------------------------------------------------------------------------------
# The hand-written backward pass
# ----------------------------------------------------------------------------------------------


def function_inputs(seed=0, batch=2, steps=4, d=3, h=3):
    g = torch.Generator().manual_seed(seed)
    shapes = [(batch, steps, d), (batch, h), (batch, h), (4 * h, d), (4 * h, h), (4 * h,), (4 * h,)]
    return tuple(
        torch.randn(*s, generator=g, dtype=torch.float64).requires_grad_(True) for s in shapes
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradcheck(seed):
    assert torch.autograd.gradcheck(LSTMFunction.apply, function_inputs(seed))
    assert torch.autograd.gradcheck(lstm_function, function_inputs(seed + 10, batch=1, steps=1))


def test_gradcheck_catches_a_wrong_gradient():
    """The check itself can fail: a Function whose backward drops the path along C_t."""

    class Broken(torch.autograd.Function):
        @staticmethod
        def forward(ctx, *inputs):
            ctx.inputs = inputs
            return LSTMFunction.forward(ctx, *inputs)

        @staticmethod
        def backward(ctx, d_out, d_hn, d_cn):
            grads = list(LSTMFunction.backward(ctx, d_out, d_hn, d_cn))
            grads[2] = torch.zeros_like(grads[2])  # no gradient for c0
            return tuple(grads)

    inputs = function_inputs(3)
    assert not torch.autograd.gradcheck(Broken.apply, inputs, raise_exception=False)


def test_only_the_needed_gradients_are_computed():
    class Ctx:  # what autograd passes to forward and backward, reduced to what they use
        def save_for_backward(self, *tensors):
            self.saved_tensors = tensors

    inputs = [t.detach() for t in function_inputs(4)]
    ctx = Ctx()
    out, h_n, c_n = LSTMFunction.forward(ctx, *inputs)
    d = (torch.ones_like(out), torch.zeros_like(h_n), torch.zeros_like(c_n))
    ctx.needs_input_grad = (True,) * 7
    full = LSTMFunction.backward(ctx, *d)
    ctx.needs_input_grad = (False, True, True, False, False, True, False)
    some = LSTMFunction.backward(ctx, *d)
    assert some[0] is None and some[3] is None and some[4] is None
    for k in (1, 2, 5, 6):
        assert torch.equal(some[k], full[k])


def test_backward_can_run_twice_and_loss_may_skip_outputs():
    inputs = function_inputs(5)
    out, h_n, c_n = LSTMFunction.apply(*inputs)
    first = torch.autograd.grad(c_n.sum(), inputs, retain_graph=True)  # out and h_n unused
    second = torch.autograd.grad(c_n.sum(), inputs)
    for a, b in zip(first, second, strict=True):
        assert torch.equal(a, b)  # the saved tensors were not modified by the first call


def test_the_two_bias_gradients_are_separate_tensors():
    lstm = LSTM(D, H, manual_backward=True)
    out, _ = lstm(torch.randn(B, T, D))
    out.sum().backward()
    assert torch.equal(lstm.bias_ih_l0.grad, lstm.bias_hh_l0.grad)
    lstm.bias_ih_l0.grad.zero_()  # an optimiser changing one must not change the other
    assert lstm.bias_hh_l0.grad.abs().sum() > 0


def test_noncontiguous_input_and_state():
    lstm = LSTM(D, H, manual_backward=True).double()
    x = torch.randn(T, B, D, dtype=torch.float64).transpose(0, 1)  # (B, T, D), not contiguous
    h0 = torch.randn(B, 1, H, dtype=torch.float64).transpose(0, 1)
    assert not x.is_contiguous()
    out, _ = lstm(x, (h0, torch.zeros_like(h0)))
    ref, _ = lstm(x.contiguous(), (h0.contiguous(), torch.zeros(1, B, H, dtype=torch.float64)))
    assert torch.allclose(out, ref, rtol=0, atol=1e-14)


@pytest.mark.parametrize("manual_backward", [False, True])
def test_state_carries_across_calls(manual_backward):
    lstm = LSTM(D, H, manual_backward=manual_backward).double()
    x = torch.randn(B, T, D, dtype=torch.float64)
    whole, (h_n, c_n) = lstm(x)
    first, state = lstm(x[:, :3])
    second, (h2, c2) = lstm(x[:, 3:], state)
    assert torch.allclose(torch.cat([first, second], dim=1), whole, rtol=0, atol=1e-14)
    assert torch.allclose(h2, h_n, rtol=0, atol=1e-14)
    assert torch.allclose(c2, c_n, rtol=0, atol=1e-14)


@pytest.mark.parametrize("manual_backward", [False, True])
def test_smallest_sizes(manual_backward):
    lstm = LSTM(1, 1, manual_backward=manual_backward)
    out, (h_n, c_n) = lstm(torch.ones(1, 1, 1))
    assert out.shape == (1, 1, 1) and h_n.shape == (1, 1, 1)
    out.sum().backward()
    assert all(p.grad is not None for p in lstm.parameters())


# ----------------------------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size, message",
    [
        ((T, D), r"must be 3-D \(batch, time, input_size\) = \(B, T, 4\), got shape \(7, 4\)\."),
        ((B, T, D, 1), r"got shape \(3, 7, 4, 1\)\. Reshape it"),
        ((B, T, D + 2), r"expected \(batch, time, input_size\) = \(B, T, 4\).*6 features"),
        ((0, T, D), r"batch and time must both be at least 1"),
    ],
)
def test_wrong_input_shapes_name_expected_and_received(size, message):
    lstm = LSTM(D, H)
    with pytest.raises(ValueError, match=message):
        lstm(torch.zeros(size))


def test_two_dimensional_input_gets_a_fix():
    with pytest.raises(ValueError, match=r"x\.unsqueeze\(0\).*x\.unsqueeze\(-1\)"):
        LSTM(D, H)(torch.zeros(T, D))


def test_input_type_and_dtype_checks():
    lstm = LSTM(D, H)
    with pytest.raises(TypeError, match=r"must be a torch\.Tensor, got ndarray.*torch\.as_tensor"):
        lstm(np.zeros((B, T, D)))
    with pytest.raises(ValueError, match="floating-point.*x.float()"):
        lstm(torch.zeros(B, T, D, dtype=torch.int64))
    with pytest.raises(
        ValueError,
        match=r"x has dtype torch\.float64, the LSTM's parameters torch\.float32: convert",
    ):
        lstm(torch.zeros(B, T, D, dtype=torch.float64))


def test_device_mismatch_is_explained():
    lstm = LSTM(D, H)
    with pytest.raises(
        ValueError,
        match=r"x is on device meta, the LSTM's parameters on cpu: move x with x\.to\('cpu'\)",
    ):
        lstm(torch.zeros(B, T, D, device="meta"))


@pytest.mark.parametrize(
    "state, message",
    [
        ((torch.zeros(B, H), torch.zeros(B, H)), r"\(1, 3, 5\), got \(3, 5\)\. .*unsqueeze\(0\)"),
        (
            (torch.zeros(1, B + 1, H), torch.zeros(1, B, H)),
            r"h_0 must have shape .*got \(1, 4, 5\)",
        ),
        (
            (torch.zeros(1, B, H), torch.zeros(1, B, H + 1)),
            r"c_0 must have shape .*got \(1, 3, 6\)",
        ),
        ((torch.zeros(1, B, H),), r"must be a pair .*got tuple of length 1"),
        (
            (torch.zeros(1, B, H, dtype=torch.float64), torch.zeros(1, B, H)),
            r"h_0 has dtype torch\.float64, x torch\.float32",
        ),
    ],
)
def test_wrong_state_is_explained(state, message):
    with pytest.raises(ValueError, match=message):
        LSTM(D, H)(torch.zeros(B, T, D), state)


def test_a_state_that_is_not_a_pair_is_a_type_error():
    with pytest.raises(TypeError, match=r"must be a pair \(h_0, c_0\).*got Tensor\.$"):
        LSTM(D, H)(torch.zeros(B, T, D), torch.zeros(1, B, H))


@pytest.mark.parametrize("bad", [0, -1])
def test_constructor_checks_sizes(bad):
    with pytest.raises(ValueError, match=f"input_size must be at least 1, got input_size={bad}"):
        LSTM(bad, H)
    with pytest.raises(ValueError, match=f"hidden_size must be at least 1, got hidden_size={bad}"):
        LSTM(D, bad)


@pytest.mark.parametrize("bad", [2.0, True, "3"])
def test_constructor_checks_size_types(bad):
    got = re.escape(f"got {bad!r} ({type(bad).__name__})")
    with pytest.raises(TypeError, match=f"input_size must be a whole number >= 1, {got}"):
        LSTM(bad, H)
    with pytest.raises(TypeError, match=f"hidden_size must be a whole number >= 1, {got}"):
        LSTM(D, bad)


def test_lstm_function_checks_shapes():
    x, h0, c0, w_ih, w_hh, b_ih, b_hh = (t.detach() for t in function_inputs(6))
    out, h_n, c_n = lstm_function(x, h0, c0, w_ih, w_hh, b_ih, b_hh)
    assert out.shape == (2, 4, 3) and h_n.shape == c_n.shape == (2, 3)
    with pytest.raises(ValueError, match=r"weight_ih must have shape \(4H, D\).*got \(11, 3\)"):
        lstm_function(x, h0, c0, w_ih[:11], w_hh, b_ih, b_hh)
    with pytest.raises(ValueError, match=r"h0 must have shape \(2, 3\).*got \(1, 2, 3\)"):
        lstm_function(x, h0[None], c0, w_ih, w_hh, b_ih, b_hh)
    with pytest.raises(ValueError, match=r"weight_hh must have shape \(12, 3\).*got \(3, 12\)"):
        lstm_function(x, h0, c0, w_ih, w_hh.T, b_ih, b_hh)
    with pytest.raises(ValueError, match=r"bias_hh has dtype torch\.float32, x torch\.float64"):
        lstm_function(x, h0, c0, w_ih, w_hh, b_ih, b_hh.float())
    with pytest.raises(TypeError, match="c0 must be a torch.Tensor"):
        lstm_function(x, h0, c0.numpy(), w_ih, w_hh, b_ih, b_hh)


def test_graph_size_counts_recorded_operations():
    from lstmbook.torch_lstm import graph_size

    a = torch.ones(2, requires_grad=True)
    assert graph_size(a) == 0  # a leaf has no history
    assert graph_size((a * 2).sum()) == 3  # AccumulateGrad, Mul, Sum
    with pytest.raises(TypeError, match="graph_size needs a torch.Tensor, got list"):
        graph_size([1.0])
