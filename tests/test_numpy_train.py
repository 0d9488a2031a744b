import numpy as np
import pytest

from lstmbook import data, gradcheck, numpy_train, scratch


def test_init_model_shapes_dtype_and_forget_bias():
    params = numpy_train.init_model(2, 5, seed=3)
    assert params["W_x"].shape == (2, 20) and params["W_h"].shape == (5, 20)
    assert params["W_y"].shape == (5, 1) and params["b_y"].shape == (1,)
    assert all(p.dtype == np.float32 for p in params.values())
    plain = scratch.init_lstm_params(2, 5, 3, dtype=np.float32)
    np.testing.assert_allclose(params["b"][5:10] - plain["b"][5:10], 1.0, rtol=1e-6)
    assert np.all(params["b_y"] == 0) and np.all(np.abs(params["W_y"]) <= 1 / np.sqrt(5))


def test_init_model_follows_chapter_5_recipe():
    params = numpy_train.init_model(2, 4, seed=7, dtype=np.float64)
    k = 1 / np.sqrt(4)
    expected = np.random.default_rng(8).uniform(-k, k, (4, 1))
    np.testing.assert_array_equal(params["W_y"], expected)
    rnn = numpy_train.init_model(2, 4, seed=7, kind="rnn", dtype=np.float64)
    assert rnn["W_h"].shape == (4, 4)


def test_forward_reads_out_the_last_hidden_state():
    params = numpy_train.init_model(3, 4, seed=0, dtype=np.float64)
    X = np.random.default_rng(0).normal(size=(5, 6, 3))
    y_hat, h_T, cache = numpy_train.forward(params, X)
    hs, (h_last, _), _ = scratch.lstm_forward(X, params)
    np.testing.assert_allclose(h_T, h_last)
    np.testing.assert_allclose(y_hat, hs[:, -1] @ params["W_y"][:, 0] + params["b_y"][0])
    assert cache["f"].shape == (5, 6, 4)
    np.testing.assert_allclose(numpy_train.predict(params, X), y_hat)


@pytest.mark.parametrize("kind", ["lstm", "rnn"])
def test_gradients_agree_with_central_differences(kind):
    params = numpy_train.init_model(2, 3, seed=1, kind=kind, dtype=np.float64)
    X, y = data.adding_problem(4, T=5, seed=2)
    _, grads = numpy_train.loss_and_grads(params, X, y, kind)
    assert set(grads) == set(params)
    errors = gradcheck.check_gradients(
        lambda p: numpy_train.loss_and_grads(p, X, y, kind)[0], params, grads
    )
    assert max(errors.values()) < 1e-6, errors


def test_targets_may_be_a_column():
    params = numpy_train.init_model(2, 3, seed=1, dtype=np.float64)
    X, y = data.adding_problem(4, T=5, seed=2)
    loss_a, _ = numpy_train.loss_and_grads(params, X, y)
    loss_b, _ = numpy_train.loss_and_grads(params, X, y[:, None])
    assert loss_a == loss_b


def test_train_updates_in_place_lowers_the_loss_and_records_history():
    params = numpy_train.init_model(1, 4, seed=0)
    W_x = params["W_x"]
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 6, 1)).astype(np.float32)
    y = X[:, -1, 0]  # repeat the last input

    def batches(k):
        return X, y

    calls = []
    history = numpy_train.train(
        params,
        batches,
        300,
        evaluate=lambda p: calls.append(1) or 0.5,
        eval_every=100,
        progress=False,
    )
    assert params["W_x"] is W_x  # updated in place
    assert history["loss"].shape == (300,)
    assert history["loss"][-10:].mean() < 0.1 * history["loss"][:10].mean()
    np.testing.assert_array_equal(history["eval"], [[100, 0.5], [200, 0.5], [300, 0.5]])
    assert len(calls) == 3
    empty = numpy_train.train(params, batches, 2, progress=False)["eval"]
    assert empty.shape == (0, 2)


def test_train_adding_lstm_is_deterministic_and_learns_short_sequences():
    X_test, y_test = data.adding_problem(200, T=10, seed=1)
    params, history = numpy_train.train_adding_lstm(
        10, 8, 500, seed=0, eval_data=(X_test, y_test), eval_every=250, progress=False
    )
    again, _ = numpy_train.train_adding_lstm(10, 8, 20, seed=0, progress=False)
    first, _ = numpy_train.train_adding_lstm(10, 8, 20, seed=0, progress=False)
    assert all(np.array_equal(again[k], first[k]) for k in again)
    assert history["eval"].shape == (2, 2)
    assert history["eval"][-1, 1] < 0.05  # far below the 1/6 of knowing nothing
    mse = float(np.mean((numpy_train.predict(params, X_test) - y_test) ** 2))
    assert mse == pytest.approx(history["eval"][-1, 1], rel=1e-5)


def test_train_adding_lstm_uses_the_batch_seeds_it_is_given():
    a, _ = numpy_train.train_adding_lstm(6, 3, 3, seed=0, first_batch_seed=5, progress=False)
    b, _ = numpy_train.train_adding_lstm(6, 3, 3, seed=0, first_batch_seed=6, progress=False)
    assert not np.array_equal(a["W_x"], b["W_x"])


def _model():
    return numpy_train.init_model(2, 3, seed=0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: numpy_train.init_model(2, 3, kind="gru"), "kind must be 'lstm' or 'rnn'"),
        (lambda: numpy_train.init_model(2, 0), "hidden_size"),
        (
            lambda: numpy_train.forward(scratch.init_lstm_params(2, 3), np.ones((1, 4, 2))),
            "missing 'W_y', 'b_y'.*init_model",
        ),
        (lambda: numpy_train.forward(_model(), np.ones((1, 4, 2)), "rnn"), "pass kind='lstm'"),
        (
            lambda: numpy_train.forward({**_model(), "W_y": np.ones((2, 1))}, np.ones((1, 4, 2))),
            r"W_y of shape \(hidden_size, 1\) = \(3, 1\)",
        ),
        (lambda: numpy_train.forward([1, 2], np.ones((1, 4, 2))), "dict of arrays"),
        (
            lambda: numpy_train.loss_and_grads(_model(), np.ones((3, 4, 2)), np.ones(2)),
            r"one target per sequence, shape \(3,\)",
        ),
        (lambda: numpy_train.train(_model(), [1], 3), "function of the update number"),
        (
            lambda: numpy_train.train(_model(), lambda k: None, 3, evaluate=1.0),
            "evaluate must be a function",
        ),
        (lambda: numpy_train.train(_model(), lambda k: None, 0), "n_updates must be at least 1"),
        (
            lambda: numpy_train.train(_model(), lambda k: None, 2, eval_every=0),
            "eval_every must be at least 1",
        ),
        (lambda: numpy_train.train_adding_lstm(1, 3, 2), "T must be at least 2"),
        (
            lambda: numpy_train.train_adding_lstm(5, 3, 2, eval_data=np.ones(3)),
            r"eval_data must be a pair \(X, y\)",
        ),
        (
            lambda: numpy_train.train_adding_lstm(5, 3, 2, first_batch_seed=True),
            "first_batch_seed must be a whole number",
        ),
        (lambda: numpy_train.train_adding_lstm(5, 3, 2, batch_size=0), "batch_size"),
    ],
)
def test_messages_say_what_to_fix(call, message):
    with pytest.raises(ValueError, match=message):
        call()
