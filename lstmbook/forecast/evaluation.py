"""Rolling-origin evaluation (Tashman, 2000; Hyndman and Athanasopoulos, 2021, section 5.10)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error, root_mean_squared_error

from lstmbook import _validate as v
from lstmbook.forecast.forecasters import Forecaster, NaiveForecaster  # noqa: F401 (doctest)
from lstmbook.forecast.metrics import mase
from lstmbook.progress import progress_bar

__all__ = ["rolling_origin"]

_METRICS = ("rmse", "mae", "mase")


def rolling_origin(
    model: Callable[[], Forecaster] | Forecaster,
    y,
    horizon: int,
    origins: Iterable[int],
    *,
    refit: bool = True,
    metrics: Sequence[str] | Mapping[str, Callable] = _METRICS,
    season: int = 1,
    return_forecasts: bool = False,
    progress: bool = False,
):
    """Evaluate a forecaster from several forecast origins (Tashman, 2000).

    For each origin ``o`` the forecaster sees ``y[:o]`` and forecasts ``y[o : o + horizon]``;
    nothing after ``o`` reaches it.

    - ``refit=True``: a fresh forecaster, ``model()``, is fit on ``y[:o]`` at every origin
      (rolling origin with recalibration; Hyndman and Athanasopoulos call it time-series
      cross-validation).
    - ``refit=False``: one forecaster, fit on ``y[:origins[0]]`` (or given already fitted),
      keeps its parameters; at later origins it only reads the newly observed values
      (``predict(horizon, context=y[:o])``). With ``horizon=1`` this gives the one-step-ahead
      forecasts through a hold-out.

    Parameters
    ----------
    model : callable or Forecaster
        A factory ``model() -> unfitted forecaster``, for example ``lambda: NaiveForecaster()``
        or a class. With ``refit=False`` it may also be a forecaster already fitted on the start
        of ``y`` (``y[:m]`` with ``m <= origins[0]``), which is used as it is.
    y : array-like, shape (n,)
        The whole series.
    horizon : int
        h, steps forecast from each origin.
    origins : iterable of int
        Forecast origins, strictly increasing, each with ``1 <= o`` and ``o + h <= n``.
    refit : bool, default True
    metrics : sequence of str or mapping, default ("rmse", "mae", "mase")
        Names from ``"rmse"``, ``"mae"``, ``"mase"``, or a mapping ``name -> f(y_true, y_pred)``.
    season : int, default 1
        Seasonal lag of the MASE scale, computed on ``y[:o]`` (the data known at the origin).
    return_forecasts : bool, default False
        Also return the forecasts.
    progress : bool, default False
        Show a progress bar over the origins.

    Returns
    -------
    pandas.DataFrame
        One row per origin (index ``origin``), one column per metric.
    numpy.ndarray, shape (n_origins, h)
        The forecasts, row k from ``origins[k]``; only when ``return_forecasts=True``.

    Raises
    ------
    ValueError
        If the origins are empty, not increasing, or leave fewer than ``horizon`` values after
        the last one; if a metric name is unknown; if a fitted forecaster is given with
        ``refit=True``, or was fit on anything but the start of ``y`` before the first origin.

    Examples
    --------
    >>> y = np.arange(10.0)
    >>> frame = rolling_origin(NaiveForecaster, y, horizon=2, origins=[5, 7], metrics=["mae"])
    >>> frame["mae"].to_dict()  # naive from 4 predicts 4, 4 for 5, 6: errors 1 and 2
    {5: 1.5, 7: 1.5}
    """
    y = v.as_series(y, "y")
    horizon = v.positive_int(horizon, "horizon")
    season = v.positive_int(season, "season")
    origins = [int(o) for o in origins]
    if not origins:
        raise ValueError("origins is empty: give at least one forecast origin, e.g. [160].")
    if any(b <= a for a, b in zip(origins, origins[1:], strict=False)):
        raise ValueError(f"origins must be strictly increasing, got {origins}.")
    if origins[0] < 1:
        raise ValueError(f"every origin must be >= 1 (some history to fit on), got {origins[0]}.")
    if origins[-1] + horizon > len(y):
        raise ValueError(
            f"origin={origins[-1]} with horizon={horizon} needs values up to index "
            f"{origins[-1] + horizon - 1}, but y has {len(y)} points. Use origins <= "
            f"{len(y) - horizon}."
        )
    fitted = None
    if isinstance(model, Forecaster):
        if refit:
            raise ValueError(
                f"refit=True fits a fresh forecaster at every origin, so model must be a factory "
                f"such as `lambda: {model!r}`, not a forecaster object. Or pass refit=False."
            )
        if not hasattr(model, "y_train_"):
            raise ValueError(
                f"the {type(model).__name__} given is not fitted: pass a factory (for example "
                "the class) and rolling_origin fits it on y[:origins[0]]."
            )
        seen = model.y_train_
        if len(seen) > origins[0] or not np.array_equal(seen, y[: len(seen)]):
            raise ValueError(
                f"the forecaster given was fit on {len(seen)} values that are not the start of y "
                f"before the first origin ({origins[0]}): its forecasts would have seen the "
                "future. Fit it on y[:origins[0]] or pass a factory."
            )
        fitted = model
    elif not callable(model):
        raise TypeError(
            f"model must be a factory such as `lambda: NaiveForecaster()` (or a fitted "
            f"forecaster with refit=False), got {type(model).__name__}."
        )
    if isinstance(metrics, Mapping):
        functions = dict(metrics)
    else:
        unknown = [m for m in metrics if m not in _METRICS]
        if unknown:
            raise ValueError(
                f"unknown metric(s) {unknown}: use names from {_METRICS} or a mapping "
                "name -> f(y_true, y_pred)."
            )
        functions = {name: None for name in metrics}

    rows, forecasts = [], []
    for origin in progress_bar(origins, desc="origins", disable=not progress):
        history, actual = y[:origin], y[origin : origin + horizon]
        if refit:
            forecast = model().fit(history).predict(horizon)
        else:
            if fitted is None:
                fitted = model().fit(history)
            forecast = fitted.predict(horizon, context=history)
        row = {"origin": origin}
        for name, function in functions.items():
            if function is not None:
                row[name] = float(function(actual, forecast))
            elif name == "mase":
                row[name] = mase(actual, forecast, history, season)
            elif name == "rmse":
                row[name] = float(root_mean_squared_error(actual, forecast))
            else:
                row[name] = float(mean_absolute_error(actual, forecast))
        rows.append(row)
        forecasts.append(forecast)
    frame = pd.DataFrame(rows).set_index("origin")
    if return_forecasts:
        return frame, np.vstack(forecasts)
    return frame
