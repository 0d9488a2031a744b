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
TypeError: hidden_size must be a whole number >= 1, got 2.5 (float).
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
        wanted = "a whole number" if minimum is None else f"a whole number >= {minimum}"
        ex = f" such as {example}" if example is not None else ""
        raise TypeError(f"{name} must be {wanted}{ex}, got {value!r} ({_type_name(value)}).")
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
        raise ValueError(f"{name} must be finite, got {name}={value}.")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        if low is not None and high is not None:
            lo = f"{'(' if low_open else '['}{low:g}"
            hi = f"{high:g}{')' if high_open else ']'}"
            where = f"in {lo}, {hi}"
        elif low is not None:
            where = f"{'>' if low_open else '>='} {low:g}"
        else:
            where = f"{'<' if high_open else '<='} {high:g}"
        raise ValueError(f"{name} must be {where} (such as {example}), got {name}={value:g}.")
    return value


def positive_number(value, name: str, example: str = "0.01") -> float:
    """A finite number > 0 (a learning rate, a scale, a clipping norm)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{name} must be a positive number such as {example}, got {value!r} "
            f"({_type_name(value)})."
        )
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number such as {example}, got {name}={value}.")
    return value


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
    if arr.ndim not in ndims and arr.dtype != object:
        wanted = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(
            f"{name} must be {wanted}, got a {arr.ndim}-D array of shape {arr.shape}."
            + (" Pass one series of shape (length,) or (length, features)." if 1 in ndims else "")
        )
    return as_float_array(arr, name, fix=fix)


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


# ----------------------------------------------------------------------------------------------
# Arrays of the recurrent networks (lstmbook.scratch, lstmbook.variants, lstmbook.numpy_train)
# ----------------------------------------------------------------------------------------------

DATA_FIX = "Clean the data first (for example with pandas' interpolate() or dropna())."
TRAINING_FIX = (
    "In parameters, states or gradients this usually means training diverged: try a smaller "
    "learning rate or gradient clipping."
)


def float_dtype(arr: np.ndarray) -> np.dtype:
    """The dtype a computation runs in: float32 stays float32, anything else is float64."""
    return np.dtype(np.float32) if arr.dtype == np.float32 else np.dtype(np.float64)


def as_float_array(value, name: str, dtype=None, fix: str = TRAINING_FIX) -> np.ndarray:
    """``value`` as a real ndarray (cast to ``dtype`` if given), without NaN or inf."""
    arr = np.asarray(value)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}.")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}.")
    arr = arr.astype(dtype if dtype is not None else float_dtype(arr), copy=False)
    if not np.isfinite(arr).all():
        bad = ~np.isfinite(arr)
        first = tuple(int(k) for k in np.argwhere(bad)[0])
        where = first[0] if len(first) == 1 else first
        raise ValueError(
            f"{name} contains {int(bad.sum())} NaN or infinite value(s), the first at index "
            f"{where}. {fix}"
        )
    return arr


def as_sequence(x, name: str = "x") -> np.ndarray:
    """Check that ``x`` is a 3-D (N, T, D) batch of sequences and return it as a float array."""
    arr = np.asarray(x)
    if arr.ndim != 3:
        if arr.ndim == 2:
            fix = (
                f"Add a batch axis with {name}[None] if it is one sequence of shape "
                f"(time, input_size), or a feature axis with {name}[..., None] if it is a batch "
                "of sequences with one feature per step."
            )
        elif arr.ndim == 1:
            fix = f"For one sequence of one feature, use {name}[None, :, None]."
        else:
            fix = "Reshape it to (batch, time, input_size)."
        raise ValueError(
            f"{name} must be 3-D (batch, time, input_size), got shape {arr.shape}. {fix}"
        )
    if 0 in arr.shape:
        raise ValueError(
            f"{name} has shape {arr.shape}: batch, time and input_size must all be at least 1."
        )
    return as_float_array(arr, name, fix=DATA_FIX)


def check_state(value, name: str, N: int, H: int, dtype: np.dtype) -> np.ndarray:
    """A state or gradient of shape (N, H): zeros if ``value`` is None, else checked and cast."""
    if value is None:
        return np.zeros((N, H), dtype=dtype)
    arr = as_float_array(value, name, dtype)
    if arr.shape != (N, H):
        fix = f" Add a batch axis with {name}[None]." if arr.shape == (H,) and N == 1 else ""
        raise ValueError(
            f"{name} must have shape (batch, hidden_size) = ({N}, {H}), got {arr.shape}.{fix}"
        )
    return arr


def check_dhs(dhs, N: int, T: int, H: int, dtype: np.dtype) -> np.ndarray | None:
    """Upstream gradient of the hidden states, (N, T, H), checked and cast (None stays None)."""
    if dhs is None:
        return None
    arr = as_float_array(dhs, "dhs", dtype)
    if arr.shape != (N, T, H):
        raise ValueError(
            f"dhs must have the shape of hs, (batch, time, hidden_size) = ({N}, {T}, {H}), "
            f"got {arr.shape}. Pass dhs=None if the loss uses only the final state."
        )
    return arr


def check_mapping(value, name: str, what: str) -> None:
    """A TypeError unless ``value`` is a dict-like mapping; ``what`` says what it should hold."""
    from collections.abc import Mapping

    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict {what}, got {_type_name(value)}.")


def check_cache(cache, needed: tuple[str, ...], forward: str) -> None:
    """Check that ``cache`` is what a forward function returned (it has the ``needed`` keys)."""
    from collections.abc import Mapping

    if not isinstance(cache, Mapping):
        raise TypeError(
            f"cache must be the third value returned by {forward}(x, params, ...), got "
            f"{_type_name(cache)}."
        )
    missing = [k for k in needed if k not in cache]
    if missing:
        raise ValueError(
            f"cache must be the third value returned by {forward}(x, params, ...), got a dict "
            f"without the key(s) {missing}."
        )


def read_only(arr: np.ndarray) -> np.ndarray:
    """A read-only view, so that plotting code cannot corrupt what a backward pass needs."""
    view = arr.view()
    view.flags.writeable = False
    return view


def check_float_dtype(dtype) -> np.dtype:
    """``dtype`` as a NumPy floating dtype (float32 or float64)."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(
            f"dtype must be a NumPy float dtype such as np.float32, got {dtype!r}."
        ) from None
    if not np.issubdtype(dt, np.floating):
        raise ValueError(f"dtype must be a floating dtype such as np.float32, got {dt}.")
    return dt
