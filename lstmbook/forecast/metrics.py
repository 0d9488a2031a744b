"""Baseline forecasts and the scores forecasters are compared by.

The naive and seasonal naive forecasts are the baselines every forecast must beat (Hyndman and
Athanasopoulos, 2021, section 5.2); the mean absolute scaled error (MASE) of Hyndman and Koehler
(2006) divides a forecast's mean absolute error by that of the in-sample (seasonal) naive
forecast, so that 1 means "as good as the naive forecast was on the training part".
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import mean_absolute_error, root_mean_squared_error

from lstmbook import _validate as v

__all__ = ["naive", "seasonal_naive", "mase", "scores"]


def naive(y_train, horizon: int) -> np.ndarray:
    """The naive forecast: the last observed value, repeated.

    Parameters
    ----------
    y_train : array-like, shape (n,)
        The series up to the forecast origin.
    horizon : int
        h, the number of steps to forecast (>= 1).

    Returns
    -------
    numpy.ndarray, shape (h,)
        ``y_train[-1]`` at every step.

    Examples
    --------
    >>> naive([1.0, 2.0, 5.0], horizon=2)
    array([5., 5.])
    """
    horizon = v.positive_int(horizon, "horizon")
    y = v.as_series(y_train, "y_train")
    return np.full(horizon, y[-1])


def seasonal_naive(y_train, horizon: int, season: int) -> np.ndarray:
    """The seasonal naive forecast: the last full season, repeated.

    The forecast for step k (from 1) is ``y_train[n - season + (k - 1) % season]``: each value is
    the observation one season earlier (or several seasons, beyond the first season ahead).

    Parameters
    ----------
    y_train : array-like, shape (n,)
        The series up to the forecast origin, with n >= ``season``.
    horizon : int
        h, the number of steps to forecast (>= 1).
    season : int
        m, the length of a season in steps (>= 1; 1 gives the naive forecast).

    Returns
    -------
    numpy.ndarray, shape (h,)

    Examples
    --------
    >>> seasonal_naive([1.0, 2.0, 3.0, 10.0, 20.0, 30.0], horizon=4, season=3)
    array([10., 20., 30., 10.])
    """
    horizon = v.positive_int(horizon, "horizon")
    season = v.positive_int(season, "season")
    y = v.as_series(y_train, "y_train")
    if len(y) < season:
        raise ValueError(
            f"seasonal naive needs one full season of history: season={season}, but y_train has "
            f"{len(y)} points. Use a shorter season, a longer series, or the naive forecast."
        )
    last_season = y[len(y) - season :]
    return last_season[np.arange(horizon) % season].copy()


def mase(y_true, y_pred, y_train, season: int = 1) -> float:
    """Mean absolute scaled error (Hyndman and Koehler, 2006).

    The mean absolute error of the forecast divided by the in-sample mean absolute error of the
    seasonal naive forecast with the same ``season`` (the naive forecast for ``season=1``):

    ``MASE = mean|y_true - y_pred| / mean_{t >= m} |y_train[t] - y_train[t - m]|``.

    Below 1, the forecast beats the average one-step (naive) error made on the training data.

    Parameters
    ----------
    y_true, y_pred : array-like, shape (h,)
        Actual values and forecasts.
    y_train : array-like, shape (n,)
        The series the forecaster was fit on, with n > ``season``.
    season : int, default 1
        m, the seasonal lag of the scaling forecast.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ, if ``y_train`` has no more than ``season`` points, or if it repeats
        itself exactly at lag ``season`` (the scale is zero and MASE undefined).

    Examples
    --------
    >>> mase([3.0, 5.0], [4.0, 4.0], y_train=[1.0, 2.0, 4.0])  # MAE 1 over naive MAE 1.5
    0.6666666666666666
    """
    season = v.positive_int(season, "season")
    truth = v.as_series(y_true, "y_true")
    pred = v.as_series(y_pred, "y_pred")
    if truth.shape != pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape, got {truth.shape} and {pred.shape}."
        )
    train = v.as_series(y_train, "y_train")
    if len(train) <= season:
        raise ValueError(
            f"MASE scales by the in-sample error of the seasonal naive forecast at lag "
            f"season={season}, which needs more than {season} points of y_train; got "
            f"{len(train)}."
        )
    scale = float(np.mean(np.abs(train[season:] - train[:-season])))
    if scale == 0.0:
        raise ValueError(
            f"y_train repeats itself exactly at lag season={season}, so the scale of MASE is 0 "
            "and MASE is undefined. Use another season or another error measure (MAE)."
        )
    return float(mean_absolute_error(truth, pred) / scale)


def scores(y_true, y_pred, y_train, season: int = 1) -> dict[str, float]:
    """RMSE, MAE (scikit-learn's) and MASE of one forecast.

    Parameters
    ----------
    y_true, y_pred : array-like, shape (h,)
    y_train : array-like, shape (n,)
        The training series, for the scale of MASE.
    season : int, default 1
        Seasonal lag of the MASE scale.

    Returns
    -------
    dict
        ``{"rmse": ..., "mae": ..., "mase": ...}``.
    """
    value = mase(y_true, y_pred, y_train, season)  # checks the inputs
    truth, pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    return {
        "rmse": float(root_mean_squared_error(truth, pred)),
        "mae": float(mean_absolute_error(truth, pred)),
        "mase": value,
    }
