"""The LSTM forecaster: windows, scaling, training and multi-step forecasts in one object."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from sklearn.base import clone
from sklearn.preprocessing import MinMaxScaler
from torch import nn

from lstmbook import _validate as v
from lstmbook.data import make_windows
from lstmbook.forecast.forecasters import Forecaster, _recursive
from lstmbook.torch_lstm import StackedLSTM

__all__ = ["LSTMRegressor", "LSTMForecaster"]

#: The seed's network (stacked LSTM layers and a linear head on the last step), the LSTM
#: forecaster's default model: the one class :class:`lstmbook.torch_lstm.StackedLSTM`.
LSTMRegressor = StackedLSTM

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
        self.look_back = v.positive_int(look_back, "look_back")
        self.hidden_size = v.positive_int(hidden_size, "hidden_size")
        self.num_layers = v.positive_int(num_layers, "num_layers")
        if strategy not in ("recursive", "direct"):
            raise ValueError(
                f"strategy must be 'recursive' (feed predictions back) or 'direct' (one output "
                f"per step), got {strategy!r}."
            )
        self.strategy = strategy
        self.horizon = v.positive_int(horizon, "horizon")
        self.epochs = v.positive_int(epochs, "epochs")
        self.batch_size = v.positive_int(batch_size, "batch_size")
        self.lr = lr
        if patience is not None:
            patience = v.positive_int(patience, "patience")
        if isinstance(val_fraction, bool) or not isinstance(
            val_fraction, (int, float, np.integer, np.floating)
        ):
            raise TypeError(f"val_fraction must be a number in [0, 1), got {val_fraction!r}.")
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
        self.val_fraction = val_fraction
        self.seed = seed
        if transform not in _TRANSFORMS:
            raise ValueError(f"transform must be one of {_TRANSFORMS}, got {transform!r}.")
        self.transform = transform
        self.scaler = scaler
        self.module_factory = module_factory
        self.clip_norm = clip_norm
        self.progress = v.check_bool(progress, "progress")

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
