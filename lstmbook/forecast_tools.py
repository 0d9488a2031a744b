"""More forecasters and interval tools for real seasonal data, in :mod:`lstmbook.forecast`'s style.

Everything here has the ``fit(y)`` / ``predict(horizon, context=None)`` interface of
:class:`lstmbook.forecast.Forecaster`, so it works with :func:`lstmbook.forecast.rolling_origin`::

    from lstmbook import forecast, forecast_tools

    lstm = forecast.LSTMForecaster(look_back=24, strategy="direct", horizon=12)
    model = forecast_tools.SeasonalDifferenceForecaster(lstm, season=12, log=True)
    model.fit(y_train).predict(12)

- :class:`SeasonalDifferenceForecaster` hands another forecaster the seasonal differences of a
  series (on the log scale, the year-on-year growth of a monthly series) and adds them back;
- :class:`HoltWintersForecaster` wraps statsmodels' ``ExponentialSmoothing``;
- :class:`SeedEnsemble` fits one forecaster per seed and averages their forecasts;
- :func:`empirical_interval` and :func:`coverage` build prediction intervals from the errors of
  earlier forecasts and measure how often they hold the truth.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.exceptions import NotFittedError

from lstmbook._checks import as_finite_array, positive_int
from lstmbook.forecast import Forecaster

__all__ = [
    "SeasonalDifferenceForecaster",
    "HoltWintersForecaster",
    "SeedEnsemble",
    "empirical_interval",
    "coverage",
]


def _check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.integer, np.floating)):
        raise ValueError(f"level must be a number in (0, 1) such as 0.8, got {level!r}.")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(
            f"level must be in (0, 1), got level={level}: it is the share of future values the "
            "interval should hold, for example 0.8 for an 80% interval."
        )
    return float(level)


def _positive(y: np.ndarray, name: str, what: str) -> None:
    if (y <= 0).any():
        raise ValueError(
            f"{what} needs a positive series, but {name} has {int((y <= 0).sum())} value(s) <= 0 "
            f"(the smallest is {y.min():g}). Use log=False or shift the series."
        )


# --- seasonal differences ----------------------------------------------------------------------


class SeasonalDifferenceForecaster(Forecaster):
    """Forecast the seasonal differences of a series with another forecaster, then add them back.

    ``fit(y)`` computes ``z_t = g(y_t) - g(y_{t - m})`` with ``g = log`` (``log=True``) or the
    identity, and fits ``base`` on ``z``. ``predict(h)`` forecasts ``z`` for ``h`` steps with
    ``base`` and undoes the difference: ``g(y_{n+k}) = g(y_{n+k-m}) + z_{n+k}``, where for
    ``k > m`` the value one season back is itself a forecast.

    On the log scale, ``z_t`` is the growth over one season (for monthly data, year on year), so
    the seasonal pattern and the level are handled by the difference and ``base`` only forecasts
    the growth. A ``base`` that forecasts ``z`` by its mean gives the seasonal naive forecast
    with drift; one that forecasts zero gives the seasonal naive forecast.

    Parameters
    ----------
    base : Forecaster
        Any unfitted forecaster with the book's interface, for example an
        :class:`lstmbook.forecast.LSTMForecaster`; it is fitted in place by ``fit``.
    season : int, default 12
        m, the season length in steps (>= 1).
    log : bool, default True
        Difference the logarithm (positive series only); forecasts are transformed back with
        ``exp``.

    Attributes
    ----------
    base : Forecaster
        The fitted forecaster of the differences.
    z_train_ : numpy.ndarray, shape (n - m,)
        The seasonal differences ``base`` was fit on.
    """

    def __init__(self, base: Forecaster, season: int = 12, log: bool = True):
        if not isinstance(base, Forecaster):
            raise ValueError(
                "base must be a forecaster with fit(y) and predict(horizon, context), such as "
                f"lstmbook.forecast.LSTMForecaster(...); got {type(base).__name__}."
            )
        self.base = base
        self.season = positive_int(season, "season")
        self.log = bool(log)

    def _min_fit_length(self) -> int:
        return self.season + self.base._min_fit_length()

    def _min_context(self) -> int:
        return self.season + self.base._min_context()

    def _level(self, y: np.ndarray, name: str) -> np.ndarray:
        if self.log:
            _positive(y, name, "log=True")
            return np.log(y)
        return y

    def differences(self, y) -> np.ndarray:
        """The seasonal differences ``g(y_t) - g(y_{t-m})`` of a series.

        Parameters
        ----------
        y : array-like, shape (n,)
            A series with n > m points.

        Returns
        -------
        numpy.ndarray, shape (n - m,)
        """
        y = np.asarray(as_finite_array(y, "y", ndims=(1,)), dtype=np.float64)
        if len(y) <= self.season:
            raise ValueError(
                f"y has {len(y)} points, but a seasonal difference at lag season={self.season} "
                f"needs more than {self.season}. Use a longer series."
            )
        level = self._level(y, "y")
        return level[self.season :] - level[: -self.season]

    def _fit(self, y: np.ndarray) -> None:
        self.z_train_ = self.differences(y)
        self.base.fit(self.z_train_)

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        if context is self.y_train_:
            z_hat = self.base.predict(horizon)
        else:
            z_hat = self.base.predict(horizon, context=self.differences(context))
        level = list(self._level(context, "context"))
        for step in range(horizon):
            level.append(level[-self.season] + z_hat[step])
        out = np.asarray(level[len(context) :])
        return np.exp(out) if self.log else out

    def _describe(self) -> str:
        return f"SeasonalDifferenceForecaster({self.base!r}, season={self.season}, log={self.log})"

    def __repr__(self) -> str:
        return self._describe()


# --- Holt-Winters ------------------------------------------------------------------------------


class HoltWintersForecaster(Forecaster):
    """Holt-Winters exponential smoothing (statsmodels' ``ExponentialSmoothing``).

    A level, a trend and a seasonal component, each updated by exponential smoothing (Hyndman
    and Athanasopoulos, 2021, chapter 8). ``fit`` estimates the smoothing parameters and the
    initial states on the training series. ``predict(h, context=...)`` runs the fitted model,
    with the same parameters and initial states, through a longer series that starts like the
    training series, and forecasts from its end (nothing is re-estimated).

    Parameters
    ----------
    trend : {"add", "mul", None}, default "add"
        None: a level and a season only.
    seasonal : {"add", "mul"}, default "mul"
        ``"mul"``: the seasonal swing grows with the level.
    season : int, default 12
        m, the season length in steps (>= 2).
    damped : bool, default False
        Damp the trend (needs a trend).

    Attributes
    ----------
    results_ : statsmodels HoltWintersResults
    params_ : dict
        The estimated smoothing parameters and initial states.
    """

    def __init__(self, trend="add", seasonal="mul", season: int = 12, damped: bool = False):
        if trend not in ("add", "mul", None):
            raise ValueError(f"trend must be 'add', 'mul' or None, got {trend!r}.")
        if seasonal not in ("add", "mul"):
            raise ValueError(
                f"seasonal must be 'add' or 'mul', got {seasonal!r}: Holt-Winters models a "
                "season. For a model without one, use statsmodels' ExponentialSmoothing."
            )
        if damped and trend is None:
            raise ValueError("damped=True damps the trend, but trend=None: set trend='add'.")
        self.trend, self.seasonal, self.damped = trend, seasonal, bool(damped)
        self.season = positive_int(season, "season")
        if self.season < 2:
            raise ValueError(f"season must be at least 2 for a seasonal model, got {season}.")

    def _min_fit_length(self) -> int:
        return 2 * self.season + 1

    def _model(self, y: np.ndarray, **init):
        from statsmodels.tsa.holtwinters import ExponentialSmoothing

        if "mul" in (self.trend, self.seasonal):
            _positive(y, "y", "a multiplicative component")
        return ExponentialSmoothing(
            y,
            trend=self.trend,
            seasonal=self.seasonal,
            seasonal_periods=self.season,
            damped_trend=self.damped,
            **init,
        )

    def _fit(self, y: np.ndarray) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # statsmodels' convergence chatter
            self.results_ = self._model(y).fit()
        self.params_ = dict(self.results_.params)

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        results = self.results_
        if context is not self.y_train_:
            n = len(self.y_train_)
            if len(context) < n or not np.array_equal(context[:n], self.y_train_):
                raise ValueError(
                    "context must start with the training series (the model's initial states "
                    f"belong to its first values): got {len(context)} values that do not begin "
                    f"with the {n} training values. Refit on the new series instead."
                )
            p = self.params_
            model = self._model(
                context,
                initialization_method="known",
                initial_level=p["initial_level"],
                initial_trend=p["initial_trend"] if self.trend else None,
                initial_seasonal=np.asarray(p["initial_seasons"]),
            )
            fixed = {
                "smoothing_level": p["smoothing_level"],
                "smoothing_trend": p["smoothing_trend"] if self.trend else None,
                "smoothing_seasonal": p["smoothing_seasonal"],
                "damping_trend": p["damping_trend"] if self.damped else None,
            }
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results = model.fit(
                    **{k: v for k, v in fixed.items() if v is not None}, optimized=False
                )
        return np.asarray(results.forecast(horizon), dtype=np.float64)

    def _describe(self) -> str:
        return (
            f"HoltWintersForecaster(trend={self.trend!r}, seasonal={self.seasonal!r}, "
            f"season={self.season}, damped={self.damped})"
        )

    def __repr__(self) -> str:
        return self._describe()


# --- several seeds -----------------------------------------------------------------------------


class SeedEnsemble(Forecaster):
    """One forecaster per seed, fit on the same series; the forecast is their mean.

    Parameters
    ----------
    factory : callable
        ``factory(seed) -> unfitted forecaster``.
    seeds : sequence of int
        At least one seed.

    Attributes
    ----------
    members_ : list of Forecaster
        The fitted forecasters, in the order of ``seeds``.
    """

    def __init__(self, factory: Callable[[int], Forecaster], seeds: Sequence[int] = (0, 1, 2)):
        if not callable(factory):
            raise ValueError(
                "factory must be a function seed -> forecaster, such as "
                f"`lambda seed: LSTMForecaster(seed=seed)`; got {type(factory).__name__}."
            )
        seeds = list(seeds)
        if not seeds:
            raise ValueError("seeds is empty: give at least one seed, for example (0, 1, 2).")
        self.factory, self.seeds = factory, seeds
        self._probe = factory(seeds[0])

    def _min_fit_length(self) -> int:
        return self._probe._min_fit_length()

    def _min_context(self) -> int:
        return self._probe._min_context()

    def _fit(self, y: np.ndarray) -> None:
        self.members_ = [self.factory(seed).fit(y) for seed in self.seeds]

    def member_forecasts(self, horizon: int, context=None) -> np.ndarray:
        """Each member's forecast, as ``predict`` takes them.

        Returns
        -------
        numpy.ndarray, shape (n_seeds, horizon)
            Row k from the forecaster with ``seeds[k]``; their mean is ``predict``'s forecast.
        """
        if not hasattr(self, "members_"):
            raise NotFittedError(
                "This SeedEnsemble is not fitted yet: call fit(y_train) before "
                "member_forecasts(horizon)."
            )
        return np.vstack([m.predict(horizon, context=context) for m in self.members_])

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        context = None if context is self.y_train_ else context  # each member's own series
        return self.member_forecasts(horizon, context).mean(axis=0)

    def __repr__(self) -> str:
        return f"SeedEnsemble({self._probe!r}, seeds={self.seeds})"


# --- intervals ---------------------------------------------------------------------------------


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
    level = _check_level(level)
    actual = np.asarray(as_finite_array(past_actual, "past_actual", ndims=(2,)), dtype=np.float64)
    past = np.asarray(as_finite_array(past_forecast, "past_forecast", ndims=(2,)), np.float64)
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
    point = np.asarray(as_finite_array(forecast, "forecast", ndims=(1,)), dtype=np.float64)
    if len(point) > actual.shape[1]:
        raise ValueError(
            f"forecast has {len(point)} steps but the past forecasts only {actual.shape[1]}: the "
            f"errors of steps beyond {actual.shape[1]} are unknown. Pass longer past forecasts."
        )
    h = len(point)
    if log:
        for name, values in (("past_actual", actual), ("past_forecast", past), ("forecast", point)):
            _positive(values, name, "log=True")
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
    truth = as_finite_array(y_true, "y_true", ndims=(1, 2))
    lo = as_finite_array(lower, "lower", ndims=(1, 2))
    hi = as_finite_array(upper, "upper", ndims=(1, 2))
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
