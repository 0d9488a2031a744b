"""lstmbook.numpy_train: one NumPy training loop for every cell of the registry."""

import numpy as np
import pytest

from lstmbook import data, gradcheck, numpy_train, scratch, variants


def test_registry_names_every_cell():
    assert numpy_train.CELLS == ("lstm", "rnn", "gru", "peephole", "cifg", "no_forget")


def test_init_model_shapes_dtype_and_forget_bias():
    params = numpy_train.init_model(2, 5, seed=3)
    assert params["W_x"].shape == (2, 20) and params["W_h"].shape == (5, 20)
    assert params["W_y"].shape == (5, 1) and params["b_y"].shape == (1,)
    assert all(p.dtype == np.float32 for p in params.values())
    plain = scratch.init_lstm_params(2, 5, 3, dtype=np.float32)
    np.testing.assert_allclose(params["b"][5:10] - plain["b"][5:10], 1.0, rtol=1e-6)
    assert np.all(params["b_y"] == 0) and np.all(np.abs(params["W_y"]) <= 1 / np.sqrt(5))
    zero = numpy_train.init_model(2, 5, seed=3, forget_bias=0.0)
    np.testing.assert_array_equal(zero["b"], plain["b"])


def test_init_model_follows_chapter_5_recipe():
    params = numpy_train.init_model(2, 4, seed=7, dtype=np.float64)
    k = 1 / np.sqrt(4)
    expected = np.random.default_rng(8).uniform(-k, k, (4, 1))
    np.testing.assert_array_equal(params["W_y"], expected)
    rnn = numpy_train.init_model(2, 4, seed=7, cell="rnn", dtype=np.float64)
    assert rnn["W_h"].shape == (4, 4)
    np.testing.assert_array_equal(rnn["W_y"], expected)  # the same read-out for every cell


@pytest.mark.parametrize(
    "cell, maker",
    [
        ("gru", lambda: scratch.init_gru_params(2, 4, 2)),
        ("cifg", lambda: variants.init_variant_params(2, 4, variant="cifg", seed=2, forget_bias=1)),
        ("no_forget", lambda: variants.init_variant_params(2, 4, variant="no_forget", seed=2)),
    ],
)
def test_cells_come_from_their_modules(cell, maker):
    params = numpy_train.init_model(2, 4, seed=2, cell=cell, dtype=np.float64)
    for name, value in maker().items():
        np.testing.assert_array_equal(params[name], value, err_msg=name)


def test_forward_reads_out_the_last_hidden_state():
    params = numpy_train.init_model(3, 4, seed=0, dtype=np.float64)
    X = np.random.default_rng(0).normal(size=(5, 6, 3))
    y_hat, h_T, cache = numpy_train.forward(params, X)
    hs, (h_last, _), _ = scratch.lstm_forward(X, params)
    np.testing.assert_allclose(h_T, h_last)
    np.testing.assert_allclose(y_hat, hs[:, -1] @ params["W_y"][:, 0] + params["b_y"][0])
    assert cache["f"].shape == (5, 6, 4)
    np.testing.assert_allclose(numpy_train.predict(params, X), y_hat)


@pytest.mark.parametrize("cell", numpy_train.CELLS)
def test_gradients_agree_with_central_differences(cell):
    params = numpy_train.init_model(2, 3, seed=1, cell=cell, dtype=np.float64)
    if cell == "peephole":  # non-zero peepholes, so that their gradients are tested too
        rng = np.random.default_rng(4)
        params.update({k: rng.normal(size=3) for k in ("p_i", "p_f", "p_o")})
    X, y = data.adding_problem(4, T=5, seed=2)
    loss, grads = numpy_train.loss_and_grads(params, X, y, cell=cell)
    assert set(grads) == set(params)
    assert np.isclose(loss, np.mean((numpy_train.predict(params, X, cell=cell) - y) ** 2))
    for name, grad in grads.items():
        numeric = gradcheck.numerical_gradient(
            lambda _: numpy_train.loss_and_grads(params, X, y, cell=cell)[0], params[name], 1e-5
        )
        # relative 1e-6, plus an absolute 1e-9 for elements near zero
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9, err_msg=name)


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


def test_train_stops_when_the_evaluation_falls_below_the_bar():
    params = numpy_train.init_model(1, 4, seed=0, cell="gru")
    X = np.ones((4, 3, 1), dtype=np.float32)
    scores = iter([0.5, 0.2, 0.05, 0.01])
    history = numpy_train.train(
        params,
        lambda k: (X, X[:, -1, 0]),
        100,
        cell="gru",
        evaluate=lambda p: next(scores),
        eval_every=5,
        stop_below=0.1,
        progress=False,
    )
    assert len(history["loss"]) == 15
    np.testing.assert_array_equal(history["eval"][:, 0], [5, 10, 15])


def test_train_adding_is_deterministic_and_learns_short_sequences():
    X_test, y_test = data.adding_problem(200, T=10, seed=1)
    params, history = numpy_train.train_adding(
        10, 8, 500, seed=0, eval_data=(X_test, y_test), eval_every=250, progress=False
    )
    again, _ = numpy_train.train_adding(10, 8, 20, seed=0, progress=False)
    first, _ = numpy_train.train_adding(10, 8, 20, seed=0, progress=False)
    assert all(np.array_equal(again[k], first[k]) for k in again)
    assert history["eval"].shape == (2, 2)
    assert history["eval"][-1, 1] < 0.05  # far below the 1/6 of knowing nothing
    mse = float(np.mean((numpy_train.predict(params, X_test) - y_test) ** 2))
    assert mse == pytest.approx(history["eval"][-1, 1], rel=1e-5)
    assert history["solved_at"] is None and history["seconds"] > 0


def test_train_adding_reports_when_solved():
    X_test, y_test = data.adding_problem(64, T=6, seed=1)
    _, history = numpy_train.train_adding(
        6,
        4,
        40,
        cell="gru",
        eval_data=(X_test, y_test),
        eval_every=10,
        solved_below=1.0,
        dtype=np.float64,
        progress=False,
    )
    assert history["solved_at"] == 10 and len(history["loss"]) == 10  # stops at the first test


def test_train_adding_uses_the_batch_seeds_it_is_given():
    a, _ = numpy_train.train_adding(6, 3, 3, seed=0, first_batch_seed=5, progress=False)
    b, _ = numpy_train.train_adding(6, 3, 3, seed=0, first_batch_seed=6, progress=False)
    assert not np.array_equal(a["W_x"], b["W_x"])


def _model(cell="lstm"):
    return numpy_train.init_model(2, 3, seed=0, cell=cell)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: numpy_train.init_model(2, 3, cell="lstmm"), "cell must be one of 'lstm'"),
        (lambda: numpy_train.init_model(2, 0), "hidden_size"),
        (lambda: numpy_train.init_model(2, 3, cell="gru", forget_bias=1.0), "no forget gate"),
        (
            lambda: numpy_train.forward(scratch.init_lstm_params(2, 3), np.ones((1, 4, 2))),
            "missing 'W_y', 'b_y'.*init_model",
        ),
        (
            lambda: numpy_train.forward(_model(), np.ones((1, 4, 2)), cell="gru"),
            "missing 'b_x', 'b_h'.*cell='gru'",
        ),
        (
            lambda: numpy_train.forward({**_model(), "W_y": np.ones((2, 1))}, np.ones((1, 4, 2))),
            r"W_y of shape \(hidden_size, 1\) = \(3, 1\)",
        ),
        (
            lambda: numpy_train.loss_and_grads(_model(), np.ones((3, 4, 2)), np.ones(2)),
            r"one target per sequence, shape \(3,\)",
        ),
        (lambda: numpy_train.train(_model(), lambda k: None, 0), "n_updates must be at least 1"),
        (
            lambda: numpy_train.train(_model(), lambda k: None, 2, eval_every=0),
            "eval_every must be at least 1",
        ),
        (lambda: numpy_train.train(_model(), lambda k: None, 2, stop_below=0.1), "needs evaluate"),
        (lambda: numpy_train.train_adding(1, 3, 2), "T must be at least 2"),
        (lambda: numpy_train.train_adding(5, 3, 2, batch_size=0), "batch_size"),
        (lambda: numpy_train.train_adding(5, 3, 2, solved_below=0.1), "needs eval_data"),
    ],
)
def test_value_errors_say_what_to_fix(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: numpy_train.init_model(2, 3, cell=1), "cell must be a string"),
        (lambda: numpy_train.init_model(2, 3.0), "hidden_size must be a whole number"),
        (lambda: numpy_train.forward([1, 2], np.ones((1, 4, 2))), "dict of arrays"),
        (lambda: numpy_train.train(_model(), [1], 3), "function of the update number"),
        (
            lambda: numpy_train.train(_model(), lambda k: None, 3, evaluate=1.0),
            "evaluate must be a function",
        ),
        (
            lambda: numpy_train.train_adding(5, 3, 2, eval_data=np.ones(3)),
            r"eval_data must be a pair \(X, y\)",
        ),
        (
            lambda: numpy_train.train_adding(5, 3, 2, first_batch_seed=True),
            "first_batch_seed must be a whole number",
        ),
    ],
)
def test_type_errors_say_what_to_fix(call, message):
    with pytest.raises(TypeError, match=message):
        call()
