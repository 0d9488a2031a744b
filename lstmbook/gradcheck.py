"""Numerical gradient checks: central differences and a relative error that does not break.

A backward pass derived by hand is trusted once its gradients agree with central differences,

    df/dθ_k ≈ (f(θ + ε e_k) - f(θ - ε e_k)) / (2ε),

to within a small relative error (about 1e-7 or better in float64 for smooth functions such as
the LSTM). The usual recipe, from Karpathy's gist and CS231n: take the loss
``sum(outputs * fixed_random_weights)`` so every output gets a different gradient, use small
sizes, and work in float64.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping

import numpy as np

__all__ = ["numerical_gradient", "relative_error", "check_gradients"]


def _check_eps(eps: float, dtype: np.dtype) -> float:
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating, np.integer)):
        raise TypeError(f"eps must be a small positive number such as 1e-6, got {eps!r}.")
    eps = float(eps)
    if not (np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a small positive number such as 1e-6, got eps={eps}.")
    resolution = float(np.finfo(dtype).eps)
    if eps < 100 * resolution:
        raise ValueError(
            f"eps={eps:g} is too small for {dtype} numbers (their resolution is about "
            f"{resolution:.1e}): the differences would be mostly rounding error. Check "
            "gradients in float64 (array.astype(np.float64)), or use eps >= "
            f"{100 * resolution:.0e}."
        )
    return eps


def _scalar(value, what: str) -> float:
    arr = np.asarray(value)
    if arr.size != 1:
        raise ValueError(
            f"{what} must return a scalar loss, got an array of shape {arr.shape}. Reduce it "
            "to one number, for example np.sum(outputs * weights) with fixed random weights."
        )
    out = float(arr.reshape(()))
    if not np.isfinite(out):
        raise ValueError(f"{what} returned {out}; a gradient check needs a finite loss.")
    return out


def numerical_gradient(
    f: Callable[[np.ndarray], float], array: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Gradient of the scalar ``f(array)`` with respect to ``array``, by central differences.

    Each element of ``array`` is nudged by +eps and -eps **in place** and restored afterwards,
    so ``f`` may just as well ignore its argument and read ``array`` through a closure (for
    example a weight matrix inside a parameter dict).

    Parameters
    ----------
    f : callable
        ``f(array) -> float``, the loss. Called 2 * array.size times.
    array : ndarray of floats, any shape
        The point at which to differentiate; modified during the call, unchanged after it.
    eps : float, default 1e-6
        Step of the central difference.

    Returns
    -------
    ndarray, same shape and dtype as ``array``

    Examples
    --------
    >>> w = np.array([1.0, 2.0, 3.0])
    >>> np.round(numerical_gradient(lambda v: np.sum(v**2), w), 6)
    array([2., 4., 6.])
    """
    if not callable(f):
        raise TypeError(f"f must be a function f(array) -> float, got {type(f).__name__}.")
    if not isinstance(array, np.ndarray) or not np.issubdtype(array.dtype, np.floating):
        got = array.dtype if isinstance(array, np.ndarray) else type(array).__name__
        raise TypeError(
            f"array must be a NumPy array of floats, which is nudged in place, got {got}. "
            "Convert it first, e.g. array = np.asarray(values, dtype=np.float64), and "
            "differentiate a loss that reads that same array."
        )
    if not array.flags.writeable:
        raise ValueError(
            "array is read-only, but the gradient check nudges it in place; pass a writeable "
            "copy (array.copy()) that the loss function reads."
        )
    eps = _check_eps(eps, array.dtype)
    grad = np.empty_like(array)
    it = np.nditer(array, flags=["multi_index"], op_flags=[["readwrite"]])
    for _ in it:
        k = it.multi_index
        old = array[k]
        try:
            array[k] = old + eps
            up = _scalar(f(array), "f")
            array[k] = old - eps
            down = _scalar(f(array), "f")
        finally:
            array[k] = old
        grad[k] = (up - down) / (2 * eps)
    return grad


def relative_error(a, b, floor: float = 1e-8) -> float:
    """The largest elementwise relative error, ``max |a - b| / max(|a| + |b|, floor)``.

    The denominator is ``|a| + |b|``, not ``|a + b|`` or ``|b|``, so the error is at most 1 even
    when the signs differ, and it is floored so that elements where both are (nearly) zero
    count as agreeing instead of dividing 0 by 0.

    Parameters
    ----------
    a, b : array_like, same shape
        For example an analytic gradient and a numerical one.
    floor : float, default 1e-8
        Smallest denominator.

    Returns
    -------
    float
        0 for identical arrays (and for empty ones), up to 1 for arrays that disagree entirely.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must have the same shape to be compared, got {a.shape} and {b.shape}."
        )
    if not (np.isfinite(floor) and floor > 0):
        raise ValueError(f"floor must be a small positive number such as 1e-8, got {floor!r}.")
    for name, arr in (("a", a), ("b", b)):
        if not np.isfinite(arr).all():
            raise ValueError(
                f"{name} contains NaN or infinite values; a relative error is meaningless there."
            )
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))


def check_gradients(
    forward_loss: Callable[[MutableMapping[str, np.ndarray]], float],
    params_and_inputs: MutableMapping[str, np.ndarray],
    analytic: Mapping[str, np.ndarray],
    eps: float = 1e-6,
) -> dict[str, float]:
    """Compare analytic gradients with central differences, one named array at a time.

    Parameters
    ----------
    forward_loss : callable
        ``forward_loss(params_and_inputs) -> float``: runs the model on the arrays of the dict
        and returns a scalar loss.
    params_and_inputs : dict of str to ndarray
        Every array the loss depends on (weights, inputs, initial states). The arrays named in
        ``analytic`` are nudged in place, one element at a time, and restored.
    analytic : dict of str to ndarray
        The gradients to check, keyed like ``params_and_inputs`` and of the same shapes (for
        example what a backward pass returned for this loss). Arrays of ``params_and_inputs``
        not named here are held fixed.
    eps : float, default 1e-6
        Step of the central differences.

    Returns
    -------
    dict of str to float
        The largest :func:`relative_error` for each name in ``analytic``.

    Examples
    --------
    >>> arrays = {"w": np.array([1.0, -2.0]), "x": np.array([3.0, 4.0])}
    >>> errors = check_gradients(lambda a: np.sum(a["w"] * a["x"]), arrays, {"w": arrays["x"]})
    >>> errors["w"] < 1e-9
    True
    """
    if not callable(forward_loss):
        raise TypeError(
            "forward_loss must be a function taking the dict of arrays and returning a scalar "
            f"loss, got {type(forward_loss).__name__}."
        )
    for name, value in (("params_and_inputs", params_and_inputs), ("analytic", analytic)):
        if not isinstance(value, Mapping):
            raise TypeError(f"{name} must be a dict of named arrays, got {type(value).__name__}.")
    if not analytic:
        raise ValueError("analytic is empty: give at least one gradient to check.")
    unknown = [k for k in analytic if k not in params_and_inputs]
    if unknown:
        raise ValueError(
            f"analytic has gradient(s) for {unknown}, which params_and_inputs does not hold "
            f"(it holds {list(params_and_inputs)}). Use the same names in both."
        )
    for name, grad in analytic.items():
        array = params_and_inputs[name]
        if not isinstance(array, np.ndarray) or not np.issubdtype(array.dtype, np.floating):
            raise TypeError(
                f"params_and_inputs[{name!r}] must be a NumPy array of floats (it is nudged in "
                f"place), got {type(array).__name__}. Store np.asarray(..., dtype=np.float64)."
            )
        shape = array.shape
        if np.shape(grad) != shape:
            raise ValueError(
                f"analytic[{name!r}] has shape {np.shape(grad)} but params_and_inputs[{name!r}] "
                f"has shape {shape}: a gradient has the shape of what it differentiates."
            )
    _scalar(forward_loss(params_and_inputs), "forward_loss")  # fail early, before any nudge

    errors = {}
    for name, grad in analytic.items():
        numeric = numerical_gradient(
            lambda _, name=name: forward_loss(params_and_inputs), params_and_inputs[name], eps
        )
        errors[name] = relative_error(grad, numeric)
    return errors
