"""Input checks shared by every public function of ``lstmbook`` (private).

scikit-learn's convention: a value of the wrong *type* raises ``TypeError``, a value of the right
type but a bad *value* raises ``ValueError``. Every message names the argument, says what was
expected and what was received, and, where it helps, how to fix it.

>>> check_int(3, "hidden_size")
3
>>> check_int(0, "hidden_size")
Traceback (most recent call last):
...
ValueError: hidden_size must be at least 1, got hidden_size=0.
>>> check_int(2.5, "hidden_size")
Traceback (most recent call last):
...
TypeError: hidden_size must be a whole number (an int) such as 16, got 2.5 (float).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = [
    "check_int",
    "positive_int",
    "check_number",
    "positive_number",
    "check_fraction",
    "check_bool",
    "check_choice",
    "as_finite_array",
    "as_series",
    "check_positive",
]

_CLEAN_FIX = "Fill or drop them first (for example with pandas' interpolate() or dropna())."


def _type_name(value) -> str:
    return type(value).__name__


def check_int(
    value,
    name: str,
    *,
    minimum: int | None = 1,
    maximum: int | None = None,
    example: int | None = None,
) -> int:
    """Return ``value`` as ``int`` after checking it is a whole number in [minimum, maximum].

    ``bool`` is refused (``True`` is an ``int`` to Python, never a size to a reader).
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        ex = example if example is not None else max(16, minimum or 0)
        raise TypeError(
            f"{name} must be a whole number (an int) such as {ex}, got {value!r} "
            f"({_type_name(value)})."
        )
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {name}={value}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {name}={value}.")
    return value


def positive_int(value, name: str) -> int:
    """``check_int`` with minimum 1: a count, a size, a number of steps."""
    return check_int(value, name, minimum=1)


def check_number(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    example: str = "0.1",
) -> float:
    """Return ``value`` as a finite ``float`` inside the given bounds.

    Bounds are closed unless ``low_open`` / ``high_open`` is set.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{name} must be a number such as {example}, got {value!r} ({_type_name(value)})."
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number such as {example}, got {name}={value}.")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        lo = "" if low is None else f"{'(' if low_open else '['}{low:g}"
        hi = "" if high is None else f"{high:g}{')' if high_open else ']'}"
        if low is not None and high is not None:
            where = f"in {lo}, {hi}"
        elif low is not None:
            where = f"{'>' if low_open else '>='} {low:g}"
        else:
            where = f"{'<' if high_open else '<='} {high:g}"
        raise ValueError(f"{name} must be {where}, such as {example}; got {name}={value}.")
    return value


def positive_number(value, name: str, example: str = "0.01") -> float:
    """A finite number > 0 (a learning rate, a scale, a clipping norm)."""
    return check_number(value, name, low=0.0, low_open=True, example=example)


def check_fraction(value, name: str, *, example: str = "0.8", closed: bool = False) -> float:
    """A number in (0, 1) (or [0, 1] with ``closed=True``): a level, a split, a probability."""
    return check_number(
        value, name, low=0.0, high=1.0, low_open=not closed, high_open=not closed, example=example
    )


def check_bool(value, name: str) -> bool:
    """``True`` or ``False`` (NumPy's ``bool_`` too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r} ({_type_name(value)}).")
    return bool(value)


def check_choice(value, name: str, choices: Sequence):
    """``value`` if it is one of ``choices``; otherwise a ValueError listing them."""
    try:
        ok = value in choices
    except TypeError:
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {name}={value!r}.")
    return value


def as_finite_array(
    values, name: str, ndims: tuple[int, ...] = (1, 2, 3), *, fix: str = _CLEAN_FIX
) -> np.ndarray:
    """``values`` as a float array (float32 kept), after checking rank, dtype and finiteness."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be an array of numbers, got {_type_name(values)}.")
    arr = np.asarray(values)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}.")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}.")
    if arr.ndim not in ndims:
        wanted = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(
            f"{name} must be {wanted}, got a {arr.ndim}-D array of shape {arr.shape}."
            + (" Pass one series of shape (length,) or (length, features)." if 1 in ndims else "")
        )
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = np.argwhere(bad)[0].tolist()
        where = first[0] if len(first) == 1 else tuple(first)
        raise ValueError(
            f"{name} contains {int(bad.sum())} NaN or infinite value(s), the first at index "
            f"{where}. {fix}"
        )
    return arr


def as_series(values, name: str = "y", min_length: int = 1) -> np.ndarray:
    """A 1-D float64 series of at least ``min_length`` finite values.

    A column of shape (n, 1) is accepted and flattened.
    """
    arr = np.asarray(values) if not isinstance(values, (str, bytes)) else values
    if isinstance(arr, np.ndarray) and arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    arr = as_finite_array(arr, name, (1,)).astype(np.float64, copy=False)
    if len(arr) < min_length:
        raise ValueError(f"{name} has {len(arr)} values but at least {min_length} are needed here.")
    return arr


def check_positive(y: np.ndarray, name: str, what: str = "a log transform") -> np.ndarray:
    """Check that every value of ``y`` is > 0 (logs and multiplicative models need it)."""
    y = np.asarray(y)
    if (y <= 0).any():
        k = int(np.argmax(y <= 0))
        raise ValueError(
            f"{what} needs a positive series, but {name}[{k}] = {y[k]:g}. Turn the option off "
            "or shift the series above zero."
        )
    return y
