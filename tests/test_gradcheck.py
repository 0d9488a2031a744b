"""lstmbook.gradcheck: central differences, the floored relative error, the named check."""

from __future__ import annotations

import numpy as np
import pytest

from lstmbook.gradcheck import check_gradients, numerical_gradient, relative_error


def test_numerical_gradient_of_known_functions():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((3, 4))
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**2), w), 2 * w, atol=1e-8)
    np.testing.assert_allclose(
        numerical_gradient(lambda v: np.sum(np.sin(v)), w), np.cos(w), atol=1e-8
    )


def test_numerical_gradient_restores_the_array_and_works_through_a_closure():
    params = {"W": np.arange(6.0).reshape(2, 3) / 10}
    before = params["W"].copy()
    x = np.array([1.0, -2.0])

    def loss(_):  # reads the array from the dict, not from its argument
        return float(np.sum(np.tanh(x @ params["W"])))

    grad = numerical_gradient(loss, params["W"])
    np.testing.assert_array_equal(params["W"], before)
    expected = np.outer(x, 1 - np.tanh(x @ params["W"]) ** 2)
    np.testing.assert_allclose(grad, expected, atol=1e-8)
    assert grad.shape == before.shape and grad.dtype == before.dtype


def test_numerical_gradient_restores_the_array_when_f_fails():
    w = np.ones(3)

    def explode(v):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(explode, w)
    np.testing.assert_array_equal(w, np.ones(3))


def test_relative_error():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == 1.0  # opposite signs: at most 1, no division by 0
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0  # both zero: floored denominator
    assert relative_error([1e-12], [0.0]) == pytest.approx(1e-4)  # 1e-12 / floor 1e-8
    assert relative_error([1e-12], [0.0], floor=1e-15) == 1.0
    assert relative_error([1.0, 100.0], [1.1, 100.0]) == pytest.approx(0.1 / 2.1)
    assert relative_error(np.zeros((0, 3)), np.zeros((0, 3))) == 0.0
    assert isinstance(relative_error(np.ones(2, dtype=np.float32), np.ones(2)), float)


def test_check_gradients_accepts_right_and_catches_wrong_gradients():
    rng = np.random.default_rng(1)
    arrays = {"W": rng.standard_normal((3, 2)), "x": rng.standard_normal((4, 3))}
    target = rng.standard_normal((4, 2))

    def loss(a):
        return 0.5 * np.sum((a["x"] @ a["W"] - target) ** 2)

    residual = arrays["x"] @ arrays["W"] - target
    right = {"W": arrays["x"].T @ residual, "x": residual @ arrays["W"].T}
    errors = check_gradients(loss, arrays, right)
    assert set(errors) == {"W", "x"} and max(errors.values()) < 1e-7

    wrong = {"W": right["W"] * 1.01, "x": right["x"]}
    errors = check_gradients(loss, arrays, wrong)
    assert errors["W"] > 1e-3 and errors["x"] < 1e-7

    only_W = check_gradients(loss, arrays, {"W": right["W"]})  # x held fixed
    assert set(only_W) == {"W"}


def _loss(a):
    return float(np.sum(a["w"] ** 2))


W = {"w": np.ones(3)}

ERRORS = {
    "array-read-only": (
        lambda: numerical_gradient(np.sum, np.broadcast_to(np.ones(1), (3,))),
        r"array is read-only",
    ),
    "eps-negative": (lambda: numerical_gradient(np.sum, np.ones(2), eps=-1e-6), r"eps=-1e-06"),
    "eps-too-small-float32": (
        lambda: numerical_gradient(np.sum, np.ones(2, dtype=np.float32)),
        r"eps=1e-06 is too small for float32 numbers .* Check gradients in float64",
    ),
    "f-not-scalar": (
        lambda: numerical_gradient(lambda v: v * 2, np.ones(2)),
        r"f must return a scalar loss, got an array of shape \(2,\)",
    ),
    "f-nan": (
        lambda: numerical_gradient(lambda v: np.nan, np.ones(2)),
        r"f returned nan; a gradient check needs a finite loss",
    ),
    "shapes-differ": (
        lambda: relative_error(np.ones(3), np.ones((3, 1))),
        r"a and b must have the same shape to be compared, got \(3,\) and \(3, 1\)",
    ),
    "relative-error-nan": (
        lambda: relative_error([np.nan], [1.0]),
        r"a contains NaN or infinite values",
    ),
    "floor-zero": (lambda: relative_error([1.0], [1.0], floor=0), r"floor must be a small"),
    "unknown-name": (
        lambda: check_gradients(_loss, dict(W), {"v": np.ones(3)}),
        r"analytic has gradient\(s\) for \['v'\], which params_and_inputs does not hold "
        r"\(it holds \['w'\]\)",
    ),
    "grad-shape": (
        lambda: check_gradients(_loss, dict(W), {"w": np.ones(4)}),
        r"analytic\['w'\] has shape \(4,\) but params_and_inputs\['w'\] has shape \(3,\)",
    ),
    "empty-analytic": (lambda: check_gradients(_loss, dict(W), {}), r"analytic is empty"),
    "loss-not-scalar": (
        lambda: check_gradients(lambda a: a["w"], dict(W), {"w": np.ones(3)}),
        r"forward_loss must return a scalar loss, got an array of shape \(3,\)",
    ),
}


@pytest.mark.parametrize("call, match", ERRORS.values(), ids=ERRORS.keys())
def test_error_messages(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# a value of the wrong type (not a function, not a float array) is a TypeError
TYPE_ERRORS = {
    "f-not-callable": (lambda: numerical_gradient(3.0, np.ones(2)), r"f must be a function"),
    "array-list": (
        lambda: numerical_gradient(np.sum, [1.0, 2.0]),
        r"array must be a NumPy array of floats, which is nudged in place, got list",
    ),
    "array-int": (
        lambda: numerical_gradient(np.sum, np.arange(3)),
        r"array must be a NumPy array of floats, which is nudged in place, got int\d+",
    ),
    "param-not-array": (
        lambda: check_gradients(_loss, {"w": [1.0, 2.0]}, {"w": np.ones(2)}),
        r"params_and_inputs\['w'\] must be a NumPy array of floats",
    ),
    "loss-not-callable": (
        lambda: check_gradients(None, dict(W), {"w": np.ones(3)}),
        r"forward_loss must be a function",
    ),
}


@pytest.mark.parametrize("call, match", TYPE_ERRORS.values(), ids=TYPE_ERRORS.keys())
def test_type_error_messages(call, match):
    with pytest.raises(TypeError, match=match):
        call()
