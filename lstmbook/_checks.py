"""Input checks shared by the public functions (messages tell a student what to fix)."""

from __future__ import annotations

import numpy as np


def as_finite_array(values, name: str, ndims: tuple[int, ...]) -> np.ndarray:
    """Return ``values`` as a float array after checking its rank and that it holds no NaN/inf."""
    arr = np.asarray(values)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"{name} must hold numbers, got an array of dtype {arr.dtype}.")
    if arr.ndim not in ndims:
        wanted = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(
            f"{name} must be {wanted}, got a {arr.ndim}-D array of shape {arr.shape}. "
            "Pass one series of shape (length,) or (length, features)."
        )
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = np.argwhere(bad)[0].tolist()
        raise ValueError(
            f"{name} contains {int(bad.sum())} NaN or infinite value(s), the first at index "
            f"{first[0] if len(first) == 1 else tuple(first)}. Fill or drop them first "
            "(for example with pandas' interpolate() or dropna())."
        )
    return arr


def positive_int(value, name: str) -> int:
    """Check that ``value`` is an integer >= 1 and return it as ``int``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {name}={value}.")
    return int(value)
