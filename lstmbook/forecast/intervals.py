"""Prediction intervals from the errors of earlier forecasts, and how often they hold the truth."""

from __future__ import annotations

import numpy as np

from lstmbook import _validate as v

__all__ = ["empirical_interval", "coverage", "winkler_score"]


def empirical_interval(
    past_actual,
    past_forecast,
    forecast,
    level: float = 0.8,
    log: bool = True,
    symmetric: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """A prediction interval from the errors a forecaster made before, step by step.

    For each step ``k`` ahead, the errors of earlier forecasts made ``k`` steps ahead,
    ``e = log(actual) - log(forecast)`` (or ``actual - forecast`` with ``log=False``), set the
    width of the interval around the new forecast:

    - ``symmetric=True``: ``q`` is the ``level`` quantile of ``|e|`` and the interval is
      ``forecast * exp(-q)`` to ``forecast * exp(q)`` (``forecast -+ q`` without the log), as in
      split conformal prediction: only the size of past errors is used, not their sign;
    - ``symmetric=False``: the quantiles of ``e`` at ``(1 - level) / 2`` and ``(1 + level) / 2``,
      which also carry over the bias the past forecasts had.

    Errors on the log scale make the interval grow with the level of the series.

    Parameters
    ----------
    past_actual, past_forecast : array-like, shape (n_origins, h)
        Actual values and forecasts from earlier origins (for example validation origins inside
        the training period, from :func:`lstmbook.forecast.rolling_origin`), row k from origin k.
    forecast : array-like, shape (h',)
        The forecast to put an interval around, with h' <= h.
    level : float, default 0.8
        Nominal coverage, in (0, 1).
    log : bool, default True
        Errors as log ratios (positive series only) or as differences.
    symmetric : bool, default True
        Quantile of the absolute errors (True) or two quantiles of the signed errors (False).

    Returns
    -------
    lower, upper : numpy.ndarray, shape (h',)

    Examples
    --------
    >>> past_actual = [[10.0], [12.0], [11.0], [9.0]]
    >>> past_forecast = [[10.0], [10.0], [10.0], [10.0]]  # errors 0, 2, 1, -1
    >>> lower, upper = empirical_interval(past_actual, past_forecast, [20.0], level=0.5, log=False)
    >>> float(lower[0]), float(upper[0])  # the median absolute error is 1
    (19.0, 21.0)
    """
    level = v.check_fraction(level, "level", example="0.8 for an 80% interval")
    actual = np.asarray(v.as_finite_array(past_actual, "past_actual", ndims=(2,)), dtype=np.float64)
    past = np.asarray(v.as_finite_array(past_forecast, "past_forecast", ndims=(2,)), np.float64)
    if actual.shape != past.shape:
        raise ValueError(
            f"past_actual and past_forecast must have the same shape (n_origins, h), got "
            f"{actual.shape} and {past.shape}."
        )
    if actual.shape[0] < 2:
        raise ValueError(
            f"past errors from {actual.shape[0]} origin(s) cannot give a quantile: use at least "
            "2 origins (many more for a useful interval)."
        )
    point = np.asarray(v.as_finite_array(forecast, "forecast", ndims=(1,)), dtype=np.float64)
    if len(point) > actual.shape[1]:
        raise ValueError(
            f"forecast has {len(point)} steps but the past forecasts only {actual.shape[1]}: the "
            f"errors of steps beyond {actual.shape[1]} are unknown. Pass longer past forecasts."
        )
    h = len(point)
    if log:
        for name, values in (("past_actual", actual), ("past_forecast", past), ("forecast", point)):
            v.check_positive(values, name, "log=True")
        errors = np.log(actual[:, :h]) - np.log(past[:, :h])
    else:
        errors = actual[:, :h] - past[:, :h]
    if symmetric:
        q_hi = np.quantile(np.abs(errors), level, axis=0)
        q_lo = -q_hi
    else:
        q_lo, q_hi = np.quantile(errors, [(1 - level) / 2, (1 + level) / 2], axis=0)
    if log:
        return point * np.exp(q_lo), point * np.exp(q_hi)
    return point + q_lo, point + q_hi


def coverage(y_true, lower, upper) -> float:
    """The share of actual values inside their intervals, ``lower <= y_true <= upper``.

    Parameters
    ----------
    y_true, lower, upper : array-like, same shape
        Any shape, for example (h,) or (n_origins, h).

    Returns
    -------
    float
        In [0, 1]; close to the intervals' nominal level when they are well calibrated.
    """
    truth = v.as_finite_array(y_true, "y_true", ndims=(1, 2))
    lo = v.as_finite_array(lower, "lower", ndims=(1, 2))
    hi = v.as_finite_array(upper, "upper", ndims=(1, 2))
    if not truth.shape == lo.shape == hi.shape:
        raise ValueError(
            f"y_true, lower and upper must have the same shape, got {truth.shape}, {lo.shape} "
            f"and {hi.shape}."
        )
    if (lo > hi).any():
        raise ValueError(
            f"lower is above upper at {int((lo > hi).sum())} place(s): pass the lower bounds first."
        )
    return float(np.mean((lo <= truth) & (truth <= hi)))


def winkler_score(y_true, lower, upper, level: float = 0.8) -> float:
    """Mean Winkler (interval) score of ``(1 - alpha)`` prediction intervals; lower is better.

    Each interval scores its width, plus ``2 / alpha`` times how far the actual value falls
    outside it (Winkler, 1972; Gneiting and Raftery, 2007). Unlike coverage, it is a proper
    score: it rewards narrow intervals and punishes misses by their size, so an interval that is
    too wide or too narrow scores worse than an honest one.

    Parameters
    ----------
    y_true, lower, upper : array-like, same shape
        Any shape, for example (h,) or (n_origins, h).
    level : float, default 0.8
        The intervals' nominal level, 1 - alpha.

    Returns
    -------
    float
        In the units of the series.

    Examples
    --------
    >>> winkler_score([1.0, 5.0], [0.0, 0.0], [2.0, 4.0], level=0.8)  # widths 2, 4; miss 1
    8.0
    """
    level = v.check_fraction(level, "level")
    coverage(y_true, lower, upper)  # the same checks of shapes and order
    truth = np.asarray(y_true, dtype=float)
    lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    alpha = 1 - level
    below, above = np.clip(lo - truth, 0, None), np.clip(truth - hi, 0, None)
    return float(np.mean(hi - lo + 2 / alpha * (below + above)))
