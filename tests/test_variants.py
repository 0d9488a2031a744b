"""lstmbook.variants: the LSTM variants against plain reference code, gradient checks, training."""

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
    params = V.init_lstm_params(
        D, H, variant, seed=seed, forget_bias=0.0 if variant == "no_forget" else 0.7
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
    hs, (h_T, c_T), cache = V.lstm_forward(a["x"], params, variant, a["h0"], a["c0"])
    h, c = a["h0"], a["c0"]
    for t in range(T):
        h, c = reference_step(a["x"][:, t], h, c, params, variant)
        np.testing.assert_allclose(hs[:, t], h, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(cache["c"][:, t], c, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(h_T, hs[:, -1])
    np.testing.assert_array_equal(c_T, cache["c"][:, -1])


def test_vanilla_equals_scratch_forward_and_backward():
    params = S.init_lstm_params(D, H, seed=3, forget_bias=1.0)
    a = random_arrays(x=(N, T, D), h0=(N, H), c0=(N, H), dhs=(N, T, H), dh_T=(N, H), dc_T=(N, H))
    same = V.init_lstm_params(D, H, seed=3, forget_bias=1.0)
    ours = V.lstm_forward(a["x"], same, "vanilla", a["h0"], a["c0"])
    ref = S.lstm_forward(a["x"], params, a["h0"], a["c0"])
    np.testing.assert_allclose(ours[0], ref[0], atol=1e-14)
    np.testing.assert_allclose(ours[1][1], ref[1][1], atol=1e-14)
    g_ours = V.lstm_backward(a["dhs"], ours[2], a["dh_T"], a["dc_T"])
    g_ref = S.lstm_backward(a["dhs"], ref[2], a["dh_T"], a["dc_T"])
    assert set(g_ours) == set(g_ref)
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
        hs, (h_T, c_T), _ = V.lstm_forward(a["x"], a, variant, a["h0"], a["c0"])
        return np.sum(hs * w["hs"]) + np.sum(h_T * w["h_T"]) + np.sum(c_T * w["c_T"])

    _, _, cache = V.lstm_forward(arrays["x"], arrays, variant, arrays["h0"], arrays["c0"])
    grads = V.lstm_backward(w["hs"], cache, w["h_T"], w["c_T"])
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
    _, _, cifg = V.lstm_forward(x, variant_params("cifg"), "cifg")
    np.testing.assert_allclose(cifg["i"], 1.0 - cifg["f"], atol=1e-15)
    _, _, nfg = V.lstm_forward(x, variant_params("no_forget"), "no_forget")
    assert np.all(nfg["f"] == 1.0)
    assert cifg["variant"] == "cifg" and not cifg["i"].flags.writeable


def test_init_shares_blocks_and_peepholes_start_at_zero():
    full = S.init_lstm_params(D, H, seed=5, forget_bias=1.0)
    blocks = {name: full["W_h"][:, k * H : (k + 1) * H] for k, name in enumerate("ifgo")}
    for variant in V.VARIANTS:
        fb = 0.0 if variant == "no_forget" else 1.0
        params = V.init_lstm_params(D, H, variant, seed=5, forget_bias=fb)
        for k, name in enumerate(V.GATE_BLOCKS[variant]):
            np.testing.assert_array_equal(params["W_h"][:, k * H : (k + 1) * H], blocks[name])
    peep = V.init_lstm_params(D, H, "peephole", seed=5)
    assert all(np.array_equal(peep[k], np.zeros(H)) for k in ("p_i", "p_f", "p_o"))
    x = random_arrays(x=(N, T, D))["x"]
    hs_peep = V.lstm_forward(x, peep, "peephole")[0]
    hs_vanilla = V.lstm_forward(x, V.init_lstm_params(D, H, seed=5), "vanilla")[0]
    np.testing.assert_allclose(hs_peep, hs_vanilla, atol=1e-15)


@pytest.mark.parametrize(
    "variant, count",
    [
        ("vanilla", 4 * H * (D + H + 1)),
        ("peephole", 4 * H * (D + H + 1) + 3 * H),
        ("cifg", 3 * H * (D + H + 1)),
        ("no_forget", 3 * H * (D + H + 1)),
    ],
)
def test_parameter_counts(variant, count):
    assert sum(v.size for v in V.init_lstm_params(D, H, variant).values()) == count


def test_float32_stays_float32():
    params = V.init_lstm_params(D, H, "peephole", dtype=np.float32)
    x = np.ones((N, T, D), dtype=np.float32)
    hs, (h_T, c_T), cache = V.lstm_forward(x, params, "peephole")
    grads = V.lstm_backward(hs, cache)
    assert hs.dtype == c_T.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())


# ----------------------------------------------------------------------------------------------
# The model with a read-out, and training
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", V.MODELS)
def test_model_gradients(variant):
    params = V.init_model(variant, D, 3, seed=1, forget_bias=0.0)
    a = random_arrays(2, X=(2, 3, D), y=2)
    loss, grads = V.loss_and_grads(params, variant, a["X"], a["y"])
    assert set(grads) == set(params)
    assert np.isclose(loss, np.mean((V.predict(params, variant, a["X"]) - a["y"]) ** 2))
    for name, grad in grads.items():
        numeric = numerical_gradient(
            lambda _: V.loss_and_grads(params, variant, a["X"], a["y"])[0], params[name], 1e-5
        )
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9, err_msg=name)


def test_init_model():
    params = V.init_model("gru", D, H, seed=2)
    assert params["W_y"].shape == (H, 1) and np.all(params["b_y"] == 0)
    assert np.all(np.abs(params["W_y"]) <= 1 / np.sqrt(H))
    np.testing.assert_array_equal(params["W_h"], S.init_gru_params(D, H, seed=2)["W_h"])
    lstm = V.init_model("vanilla", D, H, seed=2, forget_bias=1.0)
    assert np.all(lstm["b"][H : 2 * H] > 1 - 1 / np.sqrt(H))


def test_fit_learns_and_stops_when_told():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(16, 4, 1))
    y = X[:, -1, 0]  # repeat the last input
    params = V.init_model("cifg", 1, 4, seed=0, forget_bias=1.0)
    losses = V.fit(params, "cifg", lambda k: (X, y), 200, lr=3e-2)
    assert losses.shape == (200,) and losses[-1] < 0.1 * losses[0]
    calls = []
    short = V.fit(
        params, "cifg", lambda k: (X, y), 50, callback=lambda k: calls.append(k) or k == 7
    )
    assert len(short) == 7 and calls == list(range(1, 8))


def test_train_on_adding_is_deterministic_and_reports():
    kwargs = dict(T=6, hidden_size=4, n_updates=30, eval_every=10, n_test=32)
    run = V.train_on_adding("gru", seed=1, **kwargs)
    again = V.train_on_adding("gru", seed=1, **kwargs)
    other = V.train_on_adding("gru", seed=2, **kwargs)
    assert set(run) == {"params", "loss", "updates", "test_mse", "solved_at", "seconds"}
    np.testing.assert_array_equal(run["loss"], again["loss"])
    assert not np.array_equal(run["loss"], other["loss"])
    assert run["loss"].shape == (30,) and list(run["updates"]) == [10, 20, 30]
    assert run["solved_at"] is None and run["seconds"] > 0
    uneven = V.train_on_adding("gru", seed=1, **{**kwargs, "n_updates": 25})
    assert list(uneven["updates"]) == [10, 20, 25]
    easy = V.train_on_adding("gru", seed=1, **{**kwargs, "n_updates": 40}, solved_below=1.0)
    assert easy["solved_at"] == 10 and len(easy["loss"]) == 10  # stops at the first test


X = np.zeros((N, T, D))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: V.init_lstm_params(D, H, "gru"), r"variant must be one of .*gru_forward"),
        (lambda: V.init_lstm_params(D, H, "cifgg"), r"variant must be one of 'vanilla'"),
        (lambda: V.init_lstm_params(D, H, "no_forget", forget_bias=1.0), r"no forget gate"),
        (
            lambda: V.lstm_forward(X, V.init_lstm_params(D, H), "cifg"),
            r"These have 4 gate blocks; variant='cifg' has 3",
        ),
        (
            lambda: V.lstm_forward(X, V.init_lstm_params(D, H), "peephole"),
            r"missing \['p_i', 'p_f', 'p_o'\]",
        ),
        (
            lambda: V.lstm_forward(
                X, {**V.init_lstm_params(D, H, "peephole"), "p_o": np.ones(3)}, "peephole"
            ),
            r"peephole weight is diagonal",
        ),  # fmt: skip
        (lambda: V.lstm_forward(X, V.init_lstm_params(D + 1, H)), r"input_size 2"),
        (lambda: V.lstm_forward(X[0], V.init_lstm_params(D, H)), r"must be 3-D"),
        (lambda: V.lstm_forward(X, "params"), r"params must be a dict"),
        (lambda: V.lstm_backward(None, {}), r"cache must be the third value .* lstm_forward"),
        (lambda: V.init_model("gru", D, H, forget_bias=1.0), r"GRU has no forget gate"),
        (lambda: V.predict(V.init_lstm_params(D, H), "vanilla", X), r"read-out 'W_y'"),
        (
            lambda: V.loss_and_grads(V.init_model("gru", D, H), "gru", X, np.zeros((N, 1))),
            r"one target per sequence.* y\[:, 0\]",
        ),
        (lambda: V.fit(V.init_model("gru", D, H), "gru", (X, X), 5), r"batches must be a function"),
        (lambda: V.fit(V.init_model("gru", D, H), "gru", lambda k: (X, X), 0), r"n_updates"),
        (lambda: V.train_on_adding("gru", 5, 4, 10, seed=-1), r"seed must be a whole number"),
        (lambda: V.train_on_adding("gru", 5, 4, 10, eval_every=0), r"eval_every must be"),
    ],
)
def test_error_messages(call, match):
    with pytest.raises(ValueError, match=match):
        call()
