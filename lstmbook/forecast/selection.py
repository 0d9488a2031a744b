"""Choosing a model by rolling-origin validation inside the training part.

Information criteria such as the AIC compare ARIMA models only when they share the number of
differences d; a unit-root or stationarity test that fixes d first can pick the wrong one. Scoring
every candidate by its forecasts from several origins inside the training part compares them all
on the one thing a forecaster cares about (Hyndman and Athanasopoulos, 2021, section 5.10).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from lstmbook import _validate as v
from lstmbook.forecast.evaluation import rolling_origin
from lstmbook.forecast.forecasters import ARIMAForecaster

__all__ = ["select_arima", "arima_trend"]


def arima_trend(d: int, with_trend: bool) -> str | None:
    """statsmodels' ``trend`` argument for an ARIMA with ``d`` differences, with or without trend.

    Without trend, a model of the levels (d = 0) keeps a constant mean (``"c"``) and a model of
    the changes (d = 1) none (``None``). With trend, d = 0 gets a constant and a linear trend
    (``"ct"``: trend-stationary) and d = 1 a drift (``"t"``, a constant mean change).

    >>> arima_trend(0, True), arima_trend(1, True), arima_trend(0, False), arima_trend(1, False)
    ('ct', 't', 'c', None)
    """
    d = v.check_int(d, "d", minimum=0, maximum=1)
    with_trend = v.check_bool(with_trend, "with_trend")
    return {(0, False): "c", (0, True): "ct", (1, False): None, (1, True): "t"}[(d, with_trend)]


def _int_choices(values, name: str, minimum: int, maximum: int | None = None) -> list[int]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a sequence of whole numbers such as (0, 1, 2), got "
            f"{type(values).__name__}."
        )
    out = [v.check_int(k, name, minimum=minimum, maximum=maximum) for k in values]
    if not out:
        raise ValueError(f"{name} is empty: give at least one value, such as (0, 1).")
    return out


def select_arima(
    y,
    horizon: int,
    origins: Iterable[int],
    *,
    ps: Iterable[int] = (0, 1, 2),
    ds: Iterable[int] = (0, 1),
    qs: Iterable[int] = (0, 1, 2),
    trends: Iterable[bool] = (False, True),
    metric: str = "rmse",
) -> tuple[ARIMAForecaster, pd.DataFrame]:
    """Choose an ARIMA(p, d, q), with or without trend, by rolling-origin validation.

    Every candidate is refit on ``y[:o]`` at each origin ``o`` and forecasts ``horizon`` steps
    (recursively); the candidate with the smallest mean score over the origins wins. Give only
    the training part as ``y``: the validation then happens inside it, and the hold-out stays
    unseen.

    Parameters
    ----------
    y : array-like, shape (n,)
        The training series.
    horizon : int
        h, the number of steps forecast from each origin (the horizon the model is chosen for).
    origins : iterable of int
        Forecast origins inside ``y``, strictly increasing, with ``o + h <= n``.
    ps, ds, qs : iterables of int
        The autoregressive orders, numbers of differences (0 or 1) and moving-average orders
        to try.
    trends : iterable of bool, default (False, True)
        Without and/or with a trend: see :func:`arima_trend` (a linear trend for d = 0, a drift
        for d = 1).
    metric : {"rmse", "mae", "mase"}, default "rmse"

    Returns
    -------
    best : ARIMAForecaster
        The winning candidate, unfitted: fit it on the whole training part.
    table : pandas.DataFrame
        One row per candidate (columns ``p``, ``d``, ``q``, ``trend``, ``with_trend``,
        ``metric``, ``metric_std`` over origins), best first.

    Raises
    ------
    TypeError
        If a grid is not a sequence of whole numbers, or ``trends`` not booleans.
    ValueError
        If a grid is empty, d is not 0 or 1, the metric is unknown, or the origins do not fit
        (see :func:`~lstmbook.forecast.rolling_origin`).

    Examples
    --------
    >>> t = np.arange(60.0)
    >>> y = 0.5 * t + np.sin(t / 3)
    >>> best, table = select_arima(y, 5, [40, 50], ps=[1], ds=[0, 1], qs=[0])
    >>> len(table), list(table.columns[:4])
    (4, ['p', 'd', 'q', 'trend'])
    """
    y = v.as_series(y, "y")
    horizon = v.positive_int(horizon, "horizon")
    metric = v.check_choice(metric, "metric", ("rmse", "mae", "mase"))
    origins = list(origins)
    ps = _int_choices(ps, "ps", 0)
    ds = _int_choices(ds, "ds", 0, 1)
    qs = _int_choices(qs, "qs", 0)
    if isinstance(trends, (str, bytes)) or not isinstance(trends, Iterable):
        raise TypeError(
            f"trends must be a sequence of booleans such as (False, True), got {trends!r}."
        )
    trends = [v.check_bool(t, "trends") for t in trends]
    if not trends:
        raise ValueError("trends is empty: give (False,), (True,) or (False, True).")
    rows = []
    for d in ds:
        for with_trend in trends:
            trend = arima_trend(d, with_trend)
            for p in ps:
                for q in qs:

                    def factory(p=p, d=d, q=q, trend=trend):
                        return ARIMAForecaster(order=(p, d, q), trend=trend)

                    scores = rolling_origin(factory, y, horizon, origins, metrics=[metric])[metric]
                    rows.append(
                        {
                            "p": p,
                            "d": d,
                            "q": q,
                            "trend": trend,
                            "with_trend": with_trend,
                            metric: float(scores.mean()),
                            f"{metric}_std": float(scores.std(ddof=1))
                            if len(scores) > 1
                            else np.nan,
                        }
                    )
    table = pd.DataFrame(rows).astype({"trend": object})
    table = table.sort_values(metric, kind="stable").reset_index(drop=True)
    top = min(rows, key=lambda row: row[metric])
    best = ARIMAForecaster(order=(top["p"], top["d"], top["q"]), trend=top["trend"])
    return best, table
