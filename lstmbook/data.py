"""The data of the book: the seed's series, the airline passengers, windows cut from a series."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from lstmbook._validate import as_finite_array, check_int, positive_int

__all__ = ["sine_with_trend", "load_airline", "make_windows", "adding_problem"]


def sine_with_trend(n: int = 200, seed: int = 42) -> np.ndarray:
    """The seed example's series: a sine wave on a linear trend, with noise.

    Value for value the series of ``np.random.seed(seed); t = np.arange(n);
    np.sin(t / 20) * 10 + 0.1 * t + np.random.randn(n) * 2``, drawn from a private
    ``RandomState`` so that NumPy's global generator is left untouched.

    Parameters
    ----------
    n : int, default 200
        Number of points.
    seed : int, default 42
        Seed of the noise.

    Returns
    -------
    numpy.ndarray, shape (n,)
    """
    n = positive_int(n, "n")
    t = np.arange(n)
    noise = np.random.RandomState(seed).randn(n)
    return np.sin(t / 20) * 10 + 0.1 * t + noise * 2


def load_airline() -> pd.Series:
    """Monthly international airline passengers, January 1949 to December 1960 (thousands).

    Box and Jenkins' Series G: 144 values that sum to 40363. Read from a CSV file shipped inside
    the package; nothing is downloaded.

    Returns
    -------
    pandas.Series, shape (144,)
        Named ``"passengers"``, indexed by month starts (``freq="MS"``).
    """
    source = resources.files("lstmbook") / "datasets" / "airline_passengers.csv"
    with source.open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f)
    index = pd.DatetimeIndex(
        pd.to_datetime(frame["month"], format="%Y-%m"), freq="MS", name="month"
    )
    return pd.Series(frame["passengers"].to_numpy(dtype=np.int64), index=index, name="passengers")


def make_windows(series, look_back: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Cut a series into (input window, target) pairs, keeping every window including the last.

    Window ``k`` holds ``series[k : k + look_back]`` and its target is the ``horizon`` values that
    follow, ``series[k + look_back : k + look_back + horizon]``.

    Parameters
    ----------
    series : array-like, shape (L,) or (L, F)
        One series of length L, with F features per step when 2-D.
    look_back : int
        Steps in each input window (>= 1).
    horizon : int, default 1
        Steps to predict after each window (>= 1).

    Returns
    -------
    X : numpy.ndarray, shape (N, look_back, 1) or (N, look_back, F)
        Inputs in the book's [batch, time, features] layout.
    y : numpy.ndarray, shape (N, horizon) or (N, horizon, F)
        Targets. ``N = L - look_back - horizon + 1``.

    Raises
    ------
    ValueError
        If ``look_back`` or ``horizon`` is below 1, if ``look_back + horizon`` is longer than the
        series, if the series holds NaN or inf, or if it is not 1-D or 2-D.
    """
    look_back = positive_int(look_back, "look_back")
    horizon = positive_int(horizon, "horizon")
    values = as_finite_array(series, "series", ndims=(1, 2))
    length = values.shape[0]
    if look_back + horizon > length:
        raise ValueError(
            f"look_back={look_back} plus horizon={horizon} is longer than the series "
            f"({length} points): no window fits. Use a shorter look_back or horizon, "
            "or a longer series."
        )
    one_d = values.ndim == 1
    steps = values[:, None] if one_d else values  # (L, F)
    # windows of length look_back + horizon; sliding_window_view puts the window axis last
    spans = sliding_window_view(steps, look_back + horizon, axis=0).transpose(0, 2, 1)
    # copies: the windows are a read-only view of the series, and overlap
    X = spans[:, :look_back, :].copy()
    y = spans[:, look_back:, :].copy()
    if one_d:
        y = y[:, :, 0]
    return X, y


def adding_problem(n_samples: int, T: int, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Sequences of the adding problem: add the two numbers that carry a marker.

    The task of Hochreiter and Schmidhuber (1997), in the variant of Le, Jaitly and Hinton
    (2015). Each sequence has ``T`` steps and two features per step: a number drawn uniformly
    from [0, 1], and a marker that is 1 at exactly two steps and 0 elsewhere. The first marked
    step is drawn uniformly from the first half of the sequence, ``0 <= t1 < T // 2``, the
    second from the second half, ``T // 2 <= t2 < T``. The target is the sum of the two marked
    numbers, so it lies in [0, 2] with mean 1 and variance 1/6: always predicting 1 scores a
    mean squared error of about 0.167.

    Parameters
    ----------
    n_samples : int
        N, the number of sequences (>= 1).
    T : int
        Length of each sequence (>= 2, so that each half holds a marker).
    seed : int or None, default 0
        Seed of a private ``numpy.random.default_rng``; the global generator is left untouched.
        Use different seeds for training and test sequences.

    Returns
    -------
    X : numpy.ndarray, shape (N, T, 2), float64
        ``X[:, :, 0]`` the numbers, ``X[:, :, 1]`` the markers, in the book's
        [batch, time, features] layout.
    y : numpy.ndarray, shape (N,), float64
        The targets, ``y[n] = X[n, t1, 0] + X[n, t2, 0]`` at the two marked steps.

    Raises
    ------
    ValueError
        If ``n_samples`` is not a whole number >= 1, or ``T`` not a whole number >= 2.

    Examples
    --------
    >>> X, y = adding_problem(4, T=10, seed=0)
    >>> X.shape, y.shape
    ((4, 10, 2), (4,))
    >>> bool(np.allclose(y, (X[:, :, 0] * X[:, :, 1]).sum(axis=1)))
    True
    """
    n_samples = positive_int(n_samples, "n_samples")
    T = check_int(T, "T", minimum=None, example=100)
    if T < 2:
        raise ValueError(
            f"T must be at least 2, got T={T}: the two markers sit one in each half of the "
            "sequence, so it needs at least two steps."
        )
    rng = np.random.default_rng(seed)
    numbers = rng.random((n_samples, T))
    rows = np.arange(n_samples)
    first = rng.integers(0, T // 2, size=n_samples)
    second = rng.integers(T // 2, T, size=n_samples)
    markers = np.zeros((n_samples, T))
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    X = np.stack([numbers, markers], axis=-1)
    y = numbers[rows, first] + numbers[rows, second]
    return X, y
