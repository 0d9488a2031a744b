"""Forecasting, done honestly: baselines, MASE, an LSTM forecaster and rolling-origin evaluation.

Every forecaster here has the same two methods, in the spirit of scikit-learn::

    from lstmbook import forecast

    model = forecast.LSTMForecaster(look_back=10, epochs=100, patience=10, val_fraction=0.2)
    model.fit(y_train)               # everything it learns comes from y_train only
    y_hat = model.predict(horizon=12)  # the 12 values after the end of y_train

so that a chapter can compare an LSTM with the models a forecaster tries first (the naive and
seasonal naive forecasts, a linear autoregression, an ARIMA) in one loop. ``predict`` also takes
a ``context``: the series observed up to a later forecast origin, read with the parameters
learnt by ``fit`` (no refitting), which gives one-step-ahead forecasts through a hold-out.

The metrics are scikit-learn's, plus the mean absolute scaled error (MASE) of Hyndman and
Koehler (2006); :func:`rolling_origin` evaluates a model from several forecast origins
(Tashman, 2000; Hyndman and Athanasopoulos, 2021, section 5.10).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.preprocessing import MinMaxScaler
from torch import nn

from lstmbook._checks import as_finite_array, positive_int
from lstmbook.data import make_windows
from lstmbook.progress import progress_bar

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
    "LSTMRegressor",
    "LSTMForecaster",
    "rolling_origin",
]


# --- checks ------------------------------------------------------------------------------------


def _series(values, name: str, min_length: int = 1) -> np.ndarray:
    """``values`` as a 1-D float array without NaN/inf and with at least ``min_length`` points."""
    arr = np.asarray(as_finite_array(values, name, ndims=(1,)), dtype=np.float64)
    if len(arr) < min_length:
        raise ValueError(
            f"{name} has {len(arr)} point(s), but at least {min_length} are needed here. "
            "Pass a longer series."
        )
    return arr


# --- baselines and metrics ---------------------------------------------------------------------


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
    horizon = positive_int(horizon, "horizon")
    y = _series(y_train, "y_train")
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
    horizon = positive_int(horizon, "horizon")
    season = positive_int(season, "season")
    y = _series(y_train, "y_train")
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
    season = positive_int(season, "season")
    truth = _series(y_true, "y_true")
    pred = _series(y_pred, "y_pred")
    if truth.shape != pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape, got {truth.shape} and {pred.shape}."
        )
    train = _series(y_train, "y_train")
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


# --- the forecaster interface ------------------------------------------------------------------


class Forecaster:
    """Base class: ``fit(y)`` on a training series, then ``predict(horizon)`` after its end.

    Subclasses implement ``_fit(y)``, ``_predict(horizon, context)`` and say how much history
    they need (``_min_fit_length``, ``_min_context``). The base class checks the inputs.
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
        y = _series(y, "y")
        need = self._min_fit_length()
        if len(y) < need:
            raise ValueError(
                f"y has {len(y)} points, too short for {self._describe()}: it needs at least "
                f"{need}. Use a longer series or a shorter look_back/horizon."
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
        horizon = positive_int(horizon, "horizon")
        if context is None:
            context = self.y_train_
        else:
            context = _series(context, "context", self._min_context())
        return np.asarray(self._predict(horizon, context), dtype=np.float64)

    def _describe(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


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
        self.season = positive_int(season, "season")

    def _min_fit_length(self) -> int:
        return self.season

    def _min_context(self) -> int:
        return self.season

    def _fit(self, y: np.ndarray) -> None:
        pass

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        return seasonal_naive(context, horizon, self.season)

    def _describe(self) -> str:
        return f"SeasonalNaiveForecaster(season={self.season})"

    def __repr__(self) -> str:
        return self._describe()


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
        self.look_back = positive_int(look_back, "look_back")
        self.fit_intercept = bool(fit_intercept)

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

    def _describe(self) -> str:
        return f"LinearARForecaster(look_back={self.look_back})"

    def __repr__(self) -> str:
        return self._describe()


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
        order = tuple(order)
        if len(order) != 3 or any(
            isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0 for k in order
        ):
            raise ValueError(
                "order must be three whole numbers (p, d, q) >= 0, such as (1, 1, 0); "
                f"got {order!r}."
            )
        if seasonal_order is not None:
            seasonal_order = tuple(seasonal_order)
            if len(seasonal_order) != 4:
                raise ValueError(
                    "seasonal_order must be four whole numbers (P, D, Q, m), such as "
                    f"(0, 1, 1, 12); got {seasonal_order!r}."
                )
        self.order = tuple(int(k) for k in order)
        self.seasonal_order = seasonal_order
        self.trend = trend
        self.log = bool(log)

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

    def _describe(self) -> str:
        parts = [f"order={self.order}"]
        if self.seasonal_order is not None:
            parts.append(f"seasonal_order={self.seasonal_order}")
        if self.trend is not None:
            parts.append(f"trend={self.trend!r}")
        if self.log:
            parts.append("log=True")
        return f"ARIMAForecaster({', '.join(parts)})"

    def __repr__(self) -> str:
        return self._describe()


# --- the LSTM ----------------------------------------------------------------------------------


class LSTMRegressor(nn.Module):
    """Stacked ``nn.LSTM`` layers and a linear layer on the last hidden state.

    The PyTorch counterpart of the Keras model ``Sequential([LSTM(H, return_sequences=True),
    LSTM(H), Dense(outputs)])``.

    Parameters
    ----------
    input_size : int, default 1
        D, features per step.
    hidden_size : int, default 50
        H, units per LSTM layer.
    num_layers : int, default 2
        Stacked LSTM layers.
    output_size : int, default 1
        Values predicted per window (1, or the horizon of a direct forecaster).

    Notes
    -----
    ``forward(x)`` maps x of shape (batch, time, D) to predictions of shape
    (batch, output_size).
    """

    def __init__(
        self, input_size: int = 1, hidden_size: int = 50, num_layers: int = 2, output_size: int = 1
    ):
        super().__init__()
        self.lstm = nn.LSTM(
            positive_int(input_size, "input_size"),
            positive_int(hidden_size, "hidden_size"),
            positive_int(num_layers, "num_layers"),
            batch_first=True,
        )
        self.head = nn.Linear(hidden_size, positive_int(output_size, "output_size"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.lstm(x)  # (batch, time, H)
        return self.head(out[:, -1])  # (batch, output_size)


_TRANSFORMS = (None, "log", "diff", "log-diff")


class LSTMForecaster(Forecaster):
    """An LSTM forecaster: windows, scaling, training and multi-step forecasts in one object.

    ``fit(y)`` (1) optionally transforms the series (``transform``), (2) fits a scikit-learn
    scaler on the training series only, (3) cuts it into windows with
    :func:`lstmbook.data.make_windows`, keeping the last ``val_fraction`` of the series as a
    validation tail for early stopping, and (4) trains an :class:`LSTMRegressor` with
    :func:`lstmbook.train.fit`. ``predict(h)`` then forecasts ``h`` steps:

    - ``strategy="recursive"``: a one-step model, fed its own predictions as inputs;
    - ``strategy="direct"``: one model with ``horizon`` outputs, all steps at once.

    Parameters
    ----------
    look_back : int, default 10
        Steps in each input window.
    hidden_size : int, default 50
        Units per LSTM layer.
    num_layers : int, default 2
        Stacked LSTM layers.
    strategy : {"recursive", "direct"}, default "recursive"
    horizon : int, default 1
        Outputs of the direct model (the longest forecast it can make); ignored by the recursive
        strategy, which forecasts any horizon.
    epochs, batch_size, lr, patience, clip_norm : as :func:`lstmbook.train.fit`
        ``patience`` needs ``val_fraction > 0``.
    val_fraction : float, default 0.0
        Share of the training series (its last values) whose windows' targets are used only for
        early stopping, in [0, 1).
    seed : int, default 0
        Seeds the initial weights and the shuffling.
    transform : {None, "log", "diff", "log-diff"}, default None
        Applied before scaling and undone after forecasting: ``"log"`` models ``log y``,
        ``"diff"`` the changes ``y_t - y_{t-1}`` (forecasts are summed back onto the last
        value), ``"log-diff"`` both.
    scaler : scikit-learn transformer or None, default None
        A scaler such as ``StandardScaler()``, cloned and fit on the (transformed) training
        series; default ``MinMaxScaler()`` to [0, 1], as in the usual tutorial code.
    module_factory : callable or None, default None
        ``module_factory(n_outputs) -> nn.Module`` mapping (batch, look_back, 1) to
        (batch, n_outputs), to try another network; default :class:`LSTMRegressor`.
    progress : bool, default True
        Show :func:`lstmbook.train.fit`'s progress bar.

    Attributes
    ----------
    scaler_ : fitted scaler
    model_ : torch.nn.Module
    history_ : lstmbook.train.History
    n_windows_ : int
        Training windows (the validation windows not counted).
    """

    def __init__(
        self,
        look_back: int = 10,
        hidden_size: int = 50,
        num_layers: int = 2,
        strategy: str = "recursive",
        horizon: int = 1,
        epochs: int = 100,
        batch_size: int = 32,
        lr: float = 1e-3,
        patience: int | None = None,
        val_fraction: float = 0.0,
        seed: int = 0,
        transform: str | None = None,
        scaler=None,
        module_factory: Callable[[int], nn.Module] | None = None,
        clip_norm: float | None = None,
        progress: bool = True,
    ):
        self.look_back = positive_int(look_back, "look_back")
        self.hidden_size = positive_int(hidden_size, "hidden_size")
        self.num_layers = positive_int(num_layers, "num_layers")
        if strategy not in ("recursive", "direct"):
            raise ValueError(
                f"strategy must be 'recursive' (feed predictions back) or 'direct' (one output "
                f"per step), got {strategy!r}."
            )
        self.strategy = strategy
        self.horizon = positive_int(horizon, "horizon")
        self.epochs = positive_int(epochs, "epochs")
        self.batch_size = positive_int(batch_size, "batch_size")
        self.lr = lr
        if patience is not None:
            patience = positive_int(patience, "patience")
        if isinstance(val_fraction, bool) or not isinstance(
            val_fraction, (int, float, np.integer, np.floating)
        ):
            raise ValueError(f"val_fraction must be a number in [0, 1), got {val_fraction!r}.")
        if not 0.0 <= float(val_fraction) < 1.0:
            raise ValueError(
                f"val_fraction must be in [0, 1), got val_fraction={val_fraction}: it is the "
                "share of the training series kept for early stopping, for example 0.2."
            )
        if patience is not None and val_fraction == 0:
            raise ValueError(
                f"patience={patience} stops training when the validation loss stops improving, "
                "but val_fraction=0 keeps no validation tail. Set val_fraction, for example 0.2, "
                "or drop patience."
            )
        self.patience = patience
        self.val_fraction = float(val_fraction)
        self.seed = seed
        if transform not in _TRANSFORMS:
            raise ValueError(f"transform must be one of {_TRANSFORMS}, got {transform!r}.")
        self.transform = transform
        self.scaler = scaler
        self.module_factory = module_factory
        self.clip_norm = clip_norm
        self.progress = bool(progress)

    # how many outputs the network has, and how much history each step needs
    @property
    def _n_outputs(self) -> int:
        return self.horizon if self.strategy == "direct" else 1

    @property
    def _lost_to_diff(self) -> int:
        return 1 if self.transform in ("diff", "log-diff") else 0

    def _min_fit_length(self) -> int:
        return self.look_back + self._n_outputs + self._lost_to_diff

    def _min_context(self) -> int:
        return self.look_back + self._lost_to_diff

    def _describe(self) -> str:
        return (
            f"LSTMForecaster(look_back={self.look_back}, strategy={self.strategy!r}, "
            f"horizon={self.horizon})"
        )

    def __repr__(self) -> str:
        return self._describe()

    # transform and scaling
    def _level(self, y: np.ndarray, name: str) -> np.ndarray:
        if self.transform in ("log", "log-diff"):
            if (y <= 0).any():
                raise ValueError(
                    f"transform={self.transform!r} needs a positive series, but {name} has "
                    f"{int((y <= 0).sum())} value(s) <= 0. Use transform=None or 'diff'."
                )
            return np.log(y)
        return y

    def _to_model(self, y: np.ndarray, name: str) -> np.ndarray:
        """The series as the network sees it: transformed, then scaled with ``scaler_``."""
        z = self._level(y, name)
        if self._lost_to_diff:
            z = np.diff(z)
        return self.scaler_.transform(z.reshape(-1, 1))[:, 0]

    def _from_model(self, scaled: np.ndarray, context: np.ndarray) -> np.ndarray:
        z = self.scaler_.inverse_transform(np.asarray(scaled).reshape(-1, 1))[:, 0]
        if self._lost_to_diff:
            z = self._level(context, "context")[-1] + np.cumsum(z)
        return np.exp(z) if self.transform in ("log", "log-diff") else z

    def _fit(self, y: np.ndarray) -> None:
        from lstmbook import train

        z = self._level(y, "y")
        if self._lost_to_diff:
            z = np.diff(z)
        self.scaler_ = clone(self.scaler if self.scaler is not None else MinMaxScaler())
        self.scaler_.fit(z.reshape(-1, 1))  # the training series only, by construction
        scaled = self.scaler_.transform(z.reshape(-1, 1))[:, 0]

        n_out, look_back = self._n_outputs, self.look_back
        n_val = int(round(self.val_fraction * len(scaled)))
        if self.val_fraction > 0 and (n_val < n_out or len(scaled) - n_val < look_back + n_out):
            raise ValueError(
                f"val_fraction={self.val_fraction} keeps {n_val} of {len(scaled)} points for "
                f"validation: it needs at least {n_out} (one target of {n_out} step(s)) and must "
                f"leave look_back + {n_out} = {look_back + n_out} points to train on. Change "
                "val_fraction or use a longer series."
            )
        cut = len(scaled) - n_val
        X, target = (np.array(a) for a in make_windows(scaled[:cut], look_back, n_out))
        val_data = None
        if n_val:
            # validation windows: targets in the tail, inputs may reach back into the fit part
            val_data = tuple(
                np.array(a) for a in make_windows(scaled[cut - look_back :], look_back, n_out)
            )
        self.n_windows_ = len(X)

        train.set_seed(self.seed)
        if self.module_factory is None:
            model = LSTMRegressor(1, self.hidden_size, self.num_layers, n_out)
        else:
            model = self.module_factory(n_out)
        self.history_ = train.fit(
            model,
            (X, target),
            val_data,
            epochs=self.epochs,
            lr=self.lr,
            batch_size=self.batch_size,
            patience=self.patience,
            clip_norm=self.clip_norm,
            seed=self.seed,
            progress=self.progress,
        )
        self.model_ = model

    def _predict(self, horizon: int, context: np.ndarray) -> np.ndarray:
        if self.strategy == "direct" and horizon > self.horizon:
            raise ValueError(
                f"strategy='direct' was trained for horizon={self.horizon} steps; asked for "
                f"horizon={horizon}. Forecast at most {self.horizon} steps, or build the "
                f"forecaster with horizon={horizon}."
            )
        window = self._to_model(context, "context")[-self.look_back :]
        model = self.model_
        first = next(model.parameters(), None)
        device = first.device if first is not None else torch.device("cpu")
        was_training = model.training
        model.eval()  # one window at a time: a plain forward pass, without lb.train.predict's
        try:  # checks of a whole batch at every step of the recursion
            with torch.no_grad():

                def step(values: np.ndarray) -> np.ndarray:
                    x = torch.as_tensor(values, dtype=torch.float32, device=device)
                    return model(x.reshape(1, -1, 1))[0].cpu().numpy()

                if self.strategy == "recursive":
                    scaled = _recursive(lambda w: step(w)[0], window, horizon)
                else:
                    scaled = step(window)[:horizon]
        finally:
            model.train(was_training)
        return self._from_model(scaled, context)


# --- evaluation --------------------------------------------------------------------------------

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
    y = _series(y, "y")
    horizon = positive_int(horizon, "horizon")
    season = positive_int(season, "season")
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
        raise ValueError(
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
