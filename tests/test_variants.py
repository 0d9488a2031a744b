"""lstmbook.variants: the LSTM variants against plain reference code, and gradient checks."""

from __future__ import annotations

import numpy as np
import pytest

from lstmbook import scratch as S
from lstmbook import variants as V
from lstmbook.gradcheck import numerical_gradient

N, T, D, H = 3, 5, 2, 4


def random_arrays(seed: int = 1, **shapes) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape) for name, shape in shapes.items()}


def variant_params(variant: str, seed: int = 0) -> dict[str, np.ndarray]:
    """Parameters with a forget bias and, for peepholes, random (non-zero) peephole weights."""
    params = V.init_variant_params(
        D, H, variant=variant, seed=seed, forget_bias=0.0 if variant == "no_forget" else 0.7
    )
    if variant == "peephole":
        params.update(random_arrays(seed + 50, p_i=H, p_f=H, p_o=H))
    return params


def reference_step(x_t, h_prev, c_prev, params, variant):
    """The variants written the plain way, one gate at a time, without the module's code."""

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    blocks = V.GATE_BLOCKS[variant]
    a = x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]
    pre = {name: a[:, k * H : (k + 1) * H] for k, name in enumerate(blocks)}
    peep = variant == "peephole"
    f = sigmoid(pre["f"] + (params["p_f"] * c_prev if peep else 0)) if "f" in pre else 1.0
    i = sigmoid(pre["i"] + (params["p_i"] * c_prev if peep else 0)) if "i" in pre else 1 - f
    c = f * c_prev + i * np.tanh(pre["g"])
    o = sigmoid(pre["o"] + (params["p_o"] * c if peep else 0))
    return o * np.tanh(c), c


@pytest.mark.parametrize("variant", V.VARIANTS)
def test_forward_matches_plain_reference(variant):
    params = variant_params(variant)
    a = random_arrays(x=(N, T, D), h0=(N, H), c0=(N, H))
    hs, (h_T, c_T), cache = V.variant_forward(
        a["x"], params, variant=variant, h0=a["h0"], c0=a["c0"]
    )
    h, c = a["h0"], a["c0"]
    for t in range(T):
        h, c = reference_step(a["x"][:, t], h, c, params, variant)
        np.testing.assert_allclose(hs[:, t], h, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(cache["c"][:, t], c, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(h_T, hs[:, -1])
    np.testing.assert_array_equal(c_T, cache["c"][:, -1])


def test_zero_peepholes_equal_scratch_forward_and_backward():
    """With its peephole weights at zero the peephole LSTM is the vanilla LSTM of scratch."""
    params = S.init_lstm_params(D, H, seed=3, forget_bias=1.0)
    a = random_arrays(x=(N, T, D), h0=(N, H), c0=(N, H), dhs=(N, T, H), dh_T=(N, H), dc_T=(N, H))
    same = V.init_variant_params(D, H, variant="peephole", seed=3, forget_bias=1.0)
    ours = V.variant_forward(a["x"], same, variant="peephole", h0=a["h0"], c0=a["c0"])
    ref = S.lstm_forward(a["x"], params, a["h0"], a["c0"])
    np.testing.assert_allclose(ours[0], ref[0], atol=1e-14)
    np.testing.assert_allclose(ours[1][1], ref[1][1], atol=1e-14)
    g_ours = V.variant_backward(a["dhs"], ours[2], a["dh_T"], a["dc_T"])
    g_ref = S.lstm_backward(a["dhs"], ref[2], a["dh_T"], a["dc_T"])
    assert set(g_ours) == set(g_ref) | {"p_i", "p_f", "p_o"}
    for name in g_ref:
        np.testing.assert_allclose(g_ours[name], g_ref[name], atol=1e-13, err_msg=name)


@pytest.mark.parametrize("variant", V.VARIANTS)
@pytest.mark.parametrize("seed", [0, 1])
def test_gradient_check(variant, seed):
    n, t, d, h = 2, 3, D, H
    arrays = variant_params(variant, seed)
    arrays.update(random_arrays(seed, x=(n, t, d), h0=(n, h), c0=(n, h)))
    w = random_arrays(seed + 100, hs=(n, t, h), h_T=(n, h), c_T=(n, h))

    def loss(a):
        hs, (h_T, c_T), _ = V.variant_forward(a["x"], a, variant=variant, h0=a["h0"], c0=a["c0"])
        return np.sum(hs * w["hs"]) + np.sum(h_T * w["h_T"]) + np.sum(c_T * w["c_T"])

    _, _, cache = V.variant_forward(
        arrays["x"], arrays, variant=variant, h0=arrays["h0"], c0=arrays["c0"]
    )
    grads = V.variant_backward(w["hs"], cache, w["h_T"], w["c_T"])
    expected = {"W_x", "W_h", "b", "x", "h0", "c0"}
    expected |= {"p_i", "p_f", "p_o"} if variant == "peephole" else set()
    assert set(grads) == expected
    for name, grad in grads.items():
        assert grad.shape == arrays[name].shape
        numeric = numerical_gradient(lambda _: loss(arrays), arrays[name], eps=1e-5)
        # relative 1e-6, plus an absolute 1e-9 for elements near zero (rounding of the
        # central differences)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9, err_msg=name)


def test_gates_in_the_cache():
    x = random_arrays(x=(N, T, D))["x"]
    _, _, cifg = V.variant_forward(x, variant_params("cifg"), variant="cifg")
    np.testing.assert_allclose(cifg["i"], 1.0 - cifg["f"], atol=1e-15)
    _, _, nfg = V.variant_forward(x, variant_params("no_forget"), variant="no_forget")
    assert np.all(nfg["f"] == 1.0)
    assert cifg["variant"] == "cifg" and not cifg["i"].flags.writeable


def test_init_shares_blocks_and_peepholes_start_at_zero():
    full = S.init_lstm_params(D, H, seed=5, forget_bias=1.0)
    blocks = {name: full["W_h"][:, k * H : (k + 1) * H] for k, name in enumerate("ifgo")}
    for variant in V.VARIANTS:
        fb = 0.0 if variant == "no_forget" else 1.0
        params = V.init_variant_params(D, H, variant=variant, seed=5, forget_bias=fb)
        for k, name in enumerate(V.GATE_BLOCKS[variant]):
            np.testing.assert_array_equal(params["W_h"][:, k * H : (k + 1) * H], blocks[name])
    peep = V.init_variant_params(D, H, variant="peephole", seed=5)
    assert all(np.array_equal(peep[k], np.zeros(H)) for k in ("p_i", "p_f", "p_o"))


@pytest.mark.parametrize(
    "variant, count",
    [
        ("peephole", 4 * H * (D + H + 1) + 3 * H),
        ("cifg", 3 * H * (D + H + 1)),
        ("no_forget", 3 * H * (D + H + 1)),
    ],
)
def test_parameter_counts(variant, count):
    assert sum(v.size for v in V.init_variant_params(D, H, variant=variant).values()) == count


def test_float32_stays_float32():
    params = V.init_variant_params(D, H, variant="peephole", dtype=np.float32)
    x = np.ones((N, T, D), dtype=np.float32)
    hs, (h_T, c_T), cache = V.variant_forward(x, params, variant="peephole")
    grads = V.variant_backward(hs, cache)
    assert hs.dtype == c_T.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())


X = np.zeros((N, T, D))


def _params(variant="cifg", **kw):
    return V.init_variant_params(D, H, variant=variant, **kw)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: _params("gru"), r"variant must be one of .*gru_forward"),
        (lambda: _params("vanilla"), r"variant must be one of .*scratch.lstm_forward"),
        (lambda: _params("cifgg"), r"variant must be one of 'peephole'"),
        (lambda: _params("no_forget", forget_bias=1.0), r"no forget gate"),
        (
            lambda: V.variant_forward(X, _params("peephole"), variant="cifg"),
            r"These have 4 gate blocks; variant='cifg' has 3",
        ),
        (
            lambda: V.variant_forward(X, _params("cifg"), variant="peephole"),
            r"missing \['p_i', 'p_f', 'p_o'\]",
        ),
        (
            lambda: V.variant_forward(
                X, {**_params("peephole"), "p_o": np.ones(3)}, variant="peephole"
            ),
            r"peephole weight is diagonal",
        ),
        (
            lambda: V.variant_forward(
                X, V.init_variant_params(D + 1, H, variant="cifg"), variant="cifg"
            ),
            r"input_size 2",
        ),
        (lambda: V.variant_forward(X[0], _params(), variant="cifg"), r"must be 3-D"),
        (
            lambda: V.variant_backward(None, {}),
            r"cache must be the third value .* variant_forward",
        ),
    ],
)
def test_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: V.variant_forward(X, "params", variant="cifg"), r"params must be a dict"),
        (lambda: _params(3), r"variant must be a string"),
        (lambda: V.init_variant_params(D, 2.5, variant="cifg"), r"hidden_size must be a whole"),
        (lambda: V.variant_backward(None, [1]), r"cache must be the third value"),
        (lambda: _params(forget_bias="1"), r"forget_bias must be a number"),
    ],
)
def test_type_errors(call, match):
    with pytest.raises(TypeError, match=match):
        call()


def test_variant_is_keyword_only():
    with pytest.raises(TypeError):
        V.variant_forward(X, _params(), "cifg")  # type: ignore[misc]
