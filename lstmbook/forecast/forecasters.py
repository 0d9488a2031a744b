"""The forecaster interface and the classical forecasters.

Every forecaster has the same two methods, in the spirit of scikit-learn::

    model.fit(y_train)                 # everything it learns comes from y_train only
    y_hat = model.predict(horizon=12)  # the 12 values after the end of y_train

and follows scikit-learn's estimator conventions (``get_params``, ``set_params``, ``clone``,
its repr), so that scikit-learn's tools take it as it is. ``predict`` also takes a ``context``:
the series observed up to a later forecast origin, read with the parameters learnt by ``fit``
(no refitting), which gives one-step-ahead forecasts through a hold-out.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression

from lstmbook import _validate as v
from lstmbook.data import make_windows
from lstmbook.forecast.metrics import naive, seasonal_naive

__all__ = [
    "Forecaster",
    "NaiveForecaster",
    "SeasonalNaiveForecaster",
    "LinearARForecaster",
    "ARIMAForecaster",
    "HoltWintersForecaster",
    "SeasonalDifferenceForecaster",
    "SeedEnsemble",
]


class Forecaster(BaseEstimator):
    """Base class: ``fit(y)`` on a training series, then ``predict(horizon)`` after its end.

    Subclasses implement ``_fit(y)``, ``_predict(horizon, context)`` and say how much history
    they need (``_min_fit_length``, ``_min_context``). The base class checks the inputs.

    A forecaster is a scikit-learn estimator: ``__init__`` stores its arguments under their
    own names (checked, not changed), so that ``get_params``, ``set_params``, ``clone`` and
    the repr work as they do for scikit-learn's models; what ``fit`` learns ends in ``_``.

    Examples
    --------
    >>> from sklearn.base import clone
    >>> model = SeasonalNaiveForecaster(season=4)
    >>> model, model.get_params(), clone(model).set_params(season=2)
    (SeasonalNaiveForecaster(season=4), {'season': 4}, SeasonalNaiveForecaster(season=2))
    """

    def _min_fit_length(self) -> int:
        return 1

    def _min_context(self) -> int:
        return 1

    def fit(self, y) -> Forecaster:
        """Learn everything the forecaster needs from the training series ``y`` only.

        Parameters
        ----------
        y : array-like, shape (n,)
            The training series, oldest value first; no NaN or inf.

        Returns
        -------
        self
        """
        y = v.as_series(y, "y")
        need = self._min_fit_length()
        if len(y) < need:
            raise ValueError(
                f"y has {len(y)} points, too short for this {type(self).__name__}: it needs at "
                f"least {need}. Use a longer series or a shorter look_back/horizon."
            )
        self._fit(y)
        self.y_train_ = y
        return self

    def predict(self, horizon: int, context=None) -> np.ndarray:
        """Forecast the ``horizon`` values that follow the end of the series.

        Parameters
        ----------
        horizon : int
            h, steps to forecast (>= 1).
        context : array-like, shape (n',), optional
            The series observed up to the forecast origin, for example ``y[:origin]`` with the
            origin after the end of the training series. The forecast starts after its last
            value and uses the parameters learnt by :meth:`fit` (nothing is refit). Default:
            the training series.

        Returns
        -------
        numpy.ndarray, shape (h,)
            Forecasts for the steps ``n' + 1, ..., n' + h`` (counting from 1).
        """
        if not hasattr(self, "y_train_"):
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet: call fit(y_train) before "
                "predict(horizon)."
            )
        horizon = v.positive_int(horizon, "horizon")
        if context is None:
            context = self.y_train_
        else:
            need = self._min_context()
            if len(np.atleast_1d(context)) < need:
                raise ValueError(
                    f"context has {len(np.atleast_1d(context))} points, but this "
                    f"{type(self).__name__} needs at least {need} (its look_back, or one season) "
                    "to forecast from. Pass a longer series."
                )
            context = v.as_series(context, "context", need)
        return np.asarray(self._predict(horizon, context), dtype=np.float64)


class NaiveForecaster(Forecaster):
    """The last value, repeated (see :func:`naive`)."""

    def _fit(self, y: np.ndarray) -> None:
        pass

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        return naive(context, horizon)


class SeasonalNaiveForecaster(Forecaster):
    """The last season, repeated (see :func:`seasonal_naive`).

    Parameters
    ----------
    season : int
        m, the season length in steps (>= 1).
    """

    def __init__(self, season: int):
        self.season = v.positive_int(season, "season")

    def _min_fit_length(self) -> int:
        return self.season

    def _min_context(self) -> int:
        return self.season

    def _fit(self, y: np.ndarray) -> None:
        pass

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        return seasonal_naive(context, horizon, self.season)


def _recursive(step: Callable[[np.ndarray], float], window: np.ndarray, horizon: int) -> np.ndarray:
    """Feed a one-step model its own predictions: ``horizon`` steps after ``window``."""
    window = list(window)
    look_back = len(window)
    out = []
    for _ in range(horizon):
        value = float(step(np.asarray(window[-look_back:])))
        out.append(value)
        window.append(value)
    return np.asarray(out)


class LinearARForecaster(Forecaster):
    """A linear autoregression on the last ``look_back`` values, forecasting recursively.

    ``y_t = b + w_1 y_{t-look_back} + ... + w_look_back y_{t-1}``, fit by least squares with
    scikit-learn's ``LinearRegression`` on the windows of :func:`lstmbook.data.make_windows`:
    the same inputs an LSTM with the same ``look_back`` sees. Beyond one step ahead, each
    forecast is fed back as an input.

    Parameters
    ----------
    look_back : int, default 10
        Number of lags (>= 1).
    fit_intercept : bool, default True

    Attributes
    ----------
    model_ : sklearn.linear_model.LinearRegression
        ``coef_[j]`` is the weight of lag ``look_back - j`` (oldest first, as in the window).
    """

    def __init__(self, look_back: int = 10, fit_intercept: bool = True):
        self.look_back = v.positive_int(look_back, "look_back")
        self.fit_intercept = v.check_bool(fit_intercept, "fit_intercept")

    def _min_fit_length(self) -> int:
        return self.look_back + 1

    def _min_context(self) -> int:
        return self.look_back

    def _fit(self, y: np.ndarray) -> None:
        X, target = make_windows(y, self.look_back, 1)
        self.model_ = LinearRegression(fit_intercept=self.fit_intercept).fit(
            X[:, :, 0], target[:, 0]
        )

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        def step(window):
            return self.model_.predict(window.reshape(1, -1))[0]

        return _recursive(step, context[-self.look_back :], horizon)


class ARIMAForecaster(Forecaster):
    """An ARIMA or seasonal ARIMA model (Box and Jenkins), fit by statsmodels.

    A thin wrapper of ``statsmodels.tsa.arima.model.ARIMA`` with the book's interface.

    Parameters
    ----------
    order : (p, d, q), default (1, 0, 0)
        Autoregressive order, number of differences, moving-average order.
    seasonal_order : (P, D, Q, m) or None, default None
        The seasonal part, for example ``(0, 1, 1, 12)``; None for none.
    trend : str or None, default None
        statsmodels' trend: ``"c"`` (constant), ``"t"`` (linear trend; with d = 1 a drift),
        ``"ct"``, or None.
    log : bool, default False
        Model the logarithm of the series (positive series only); forecasts are transformed
        back with ``exp``, which gives the median, not the mean, of the forecast distribution.

    Attributes
    ----------
    results_ : statsmodels ARIMAResults
        The fitted model (``results_.aic``, ``results_.params``, ``results_.summary()``).
    aic_ : float
        Akaike's information criterion of the fit (on the log scale when ``log=True``).
    converged_ : bool
        Whether the optimiser reported convergence.
    """

    def __init__(self, order=(1, 0, 0), seasonal_order=None, trend=None, log: bool = False):
        if not isinstance(order, (tuple, list)):
            raise TypeError(f"order must be a tuple (p, d, q) such as (1, 1, 0), got {order!r}.")
        if len(order) != 3 or any(
            isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0 for k in order
        ):
            raise ValueError(
                "order must be three whole numbers (p, d, q) >= 0, such as (1, 1, 0); "
                f"got {order!r}."
            )
        if seasonal_order is not None:
            if not isinstance(seasonal_order, (tuple, list)):
                raise TypeError(
                    "seasonal_order must be a tuple (P, D, Q, m) such as (0, 1, 1, 12), or "
                    f"None; got {seasonal_order!r}."
                )
            if len(seasonal_order) != 4:
                raise ValueError(
                    "seasonal_order must be four whole numbers (P, D, Q, m), such as "
                    f"(0, 1, 1, 12); got {seasonal_order!r}."
                )
        self.order = order
        self.seasonal_order = seasonal_order
        self.trend = trend
        self.log = v.check_bool(log, "log")

    def _min_fit_length(self) -> int:
        p, d, q = self.order
        P, D, Q, m = self.seasonal_order or (0, 0, 0, 0)
        return max(p + d + q, (P + D + Q) * m + D * m) + 2

    def _to_model_scale(self, y: np.ndarray, name: str) -> np.ndarray:
        if not self.log:
            return y
        if (y <= 0).any():
            raise ValueError(
                f"log=True needs a positive series, but {name} has {int((y <= 0).sum())} value(s) "
                f"<= 0 (the smallest is {y.min():g}). Use log=False or shift the series."
            )
        return np.log(y)

    def _fit(self, y: np.ndarray) -> None:
        from statsmodels.tools.sm_exceptions import ConvergenceWarning
        from statsmodels.tsa.arima.model import ARIMA

        endog = self._to_model_scale(y, "y")
        seasonal = self.seasonal_order or (0, 0, 0, 0)
        with warnings.catch_warnings():
            # statsmodels warns about its own starting values; convergence is kept in converged_
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = ARIMA(endog, order=self.order, seasonal_order=seasonal, trend=self.trend)
            self.results_ = model.fit()
        self.aic_ = float(self.results_.aic)
        self.converged_ = bool(self.results_.mle_retvals.get("converged", True))

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        results = self.results_
        if context is not self.y_train_:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                results = results.apply(self._to_model_scale(context, "context"))
        forecast = np.asarray(results.forecast(horizon), dtype=np.float64)
        return np.exp(forecast) if self.log else forecast


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
        self.trend, self.seasonal = trend, seasonal
        self.damped = v.check_bool(damped, "damped")
        self.season = v.positive_int(season, "season")
        if self.season < 2:
            raise ValueError(f"season must be at least 2 for a seasonal model, got {season}.")

    def _min_fit_length(self) -> int:
        return 2 * self.season + 1

    def _model(self, y: np.ndarray, **init):
        from statsmodels.tsa.holtwinters import ExponentialSmoothing

        if "mul" in (self.trend, self.seasonal):
            v.check_positive(y, "y", "a multiplicative component")
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
            raise TypeError(
                "base must be a forecaster with fit(y) and predict(horizon, context), such as "
                f"lstmbook.forecast.LSTMForecaster(...); got {type(base).__name__}."
            )
        self.base = base
        self.season = v.positive_int(season, "season")
        self.log = v.check_bool(log, "log")

    def _min_fit_length(self) -> int:
        return self.season + self.base._min_fit_length()

    def _min_context(self) -> int:
        return self.season + self.base._min_context()

    def _level(self, y: np.ndarray, name: str) -> np.ndarray:
        if self.log:
            v.check_positive(y, name, "log=True")
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
        y = np.asarray(v.as_finite_array(y, "y", ndims=(1,)), dtype=np.float64)
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
            raise TypeError(
                "factory must be a function seed -> forecaster, such as "
                f"`lambda seed: LSTMForecaster(seed=seed)`; got {type(factory).__name__}."
            )
        if not isinstance(seeds, (tuple, list)):
            raise TypeError(
                f"seeds must be a tuple or list of ints such as (0, 1, 2), got {seeds!r}."
            )
        for seed in seeds:
            v.check_int(seed, "each seed", minimum=0)
        self.seeds = seeds
        if not seeds:
            raise ValueError("seeds is empty: give at least one seed, for example (0, 1, 2).")
        self.factory = factory
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
