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
- ``lstmbook.forecast.intervals``: :func:`empirical_interval` and :func:`coverage`.

Every name is also importable from ``lstmbook.forecast`` itself.
"""

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
from lstmbook.forecast.intervals import coverage, empirical_interval
from lstmbook.forecast.lstm import LSTMForecaster, LSTMRegressor
from lstmbook.forecast.metrics import mase, naive, scores, seasonal_naive

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
    "empirical_interval",
    "coverage",
]
