"""Global forecasters: one model trained on the windows of many series at once.

A *local* forecaster (ETS, ARIMA, :class:`lstmbook.forecast.LSTMForecaster`) is fit to one
series at a time. A *global* one pools the windows of every series into one training set and
learns one set of weights, which is how recurrent networks won forecasting competitions (the
ES-RNN of Smyl, 2020; DeepAR of Salinas et al., 2020)::

    model = GlobalLSTMForecaster(horizon=24, season=12)
    model.fit(train)                    # a list of 1-D arrays, one per series
    point = model.predict(24)           # a list of arrays of shape (24,)
    bands = model.predict(24, quantiles=True)  # a list of arrays of shape (24, Q)

How each window is shown to the network is a choice (``transform``, ``skip``, ``patch``,
``calendar``), made by validation on the training parts, never on the hold-out:

- ``transform="standard"``: each series standardised with the mean and standard deviation of its
  own training part, windows as they are;
- ``transform="log"``: each series divided by its training mean and put on a log scale
  (``log1p``), then every window has its local level (the mean of its last season) subtracted,
  as ES-RNN normalises its inputs by a level;
- ``skip=True``: the network predicts the *correction* to the seasonal naive forecast, so that
  an untrained network already forecasts like seasonal naive (a residual connection);
- ``patch=m``: the LSTM steps through the window a season at a time (a 36-month window is 3
  steps of 12 values, as PatchTST cuts series into patches), instead of one value per step;
- ``calendar=True``: the position in the seasonal cycle, counted from the end of each series,
  as two inputs (sine and cosine).

Every statistic of a series (its mean and standard deviation) comes from the training part
passed to :meth:`GlobalForecaster.fit`; windows never reach past its end.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from lstmbook import _validate as v
from lstmbook.data import make_windows

__all__ = [
    "GlobalForecaster",
    "GlobalLSTMForecaster",
    "pinball_loss",
    "pool_windows",
]


def pinball_loss(y_true, y_quantiles, quantiles) -> float:
    """Mean pinball (quantile) loss of quantile forecasts.

    For level q, ``max(q * (y - f), (q - 1) * (y - f))``, averaged over points and levels. It
    is a proper score for quantiles (Gneiting and Raftery, 2007); at q = 0.5 it is half the
    absolute error.

    Parameters
    ----------
    y_true : array-like, shape (n,)
    y_quantiles : array-like, shape (n, Q)
    quantiles : sequence of float, length Q, each in (0, 1)

    Returns
    -------
    float
    """
    y = v.as_series(y_true, "y_true")
    f = np.asarray(y_quantiles, dtype=np.float64)
    q = np.asarray(quantiles, dtype=np.float64)
    if f.shape != (len(y), len(q)):
        raise ValueError(
            f"y_quantiles must have shape (n, Q) = ({len(y)}, {len(q)}), got {f.shape}."
        )
    if ((q <= 0) | (q >= 1)).any():
        raise ValueError(f"quantiles must lie in (0, 1), got {q.tolist()}.")
    diff = y[:, None] - f
    return float(np.mean(np.maximum(q * diff, (q - 1) * diff)))


def _check_series_list(series, look_back: int) -> list[np.ndarray]:
    if not isinstance(series, (list, tuple)):
        raise TypeError(
            "series must be a list of 1-D arrays (one per series), got "
            f"{type(series).__name__}. Wrap a single series as [y]."
        )
    if len(series) == 0:
        raise ValueError("series is an empty list: pass at least one series.")
    out = []
    for k, s in enumerate(series):
        if isinstance(s, (str, bytes)) or s is None or np.isscalar(s):
            raise TypeError(f"series[{k}] must be a 1-D array of numbers, got {type(s).__name__}.")
        arr = np.asarray(s)
        if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
            raise TypeError(f"series[{k}] must hold numbers, got dtype {arr.dtype}.")
        if arr.ndim != 1:
            raise ValueError(f"series[{k}] must be 1-D, got shape {arr.shape}.")
        arr = arr.astype(np.float64)
        if not np.isfinite(arr).all():
            bad = int(np.argmax(~np.isfinite(arr)))
            raise ValueError(
                f"series[{k}] has a missing or infinite value at position {bad}: fill or drop "
                "it first (for example with pandas' interpolate())."
            )
        if len(arr) < look_back:
            raise ValueError(
                f"series[{k}] has {len(arr)} points, shorter than the window look_back="
                f"{look_back}: drop it, or use a shorter look_back."
            )
        out.append(arr)
    return out


class _Transform:
    """Per-series statistics, from the training part only, and the window normalisation."""

    def __init__(self, kind: str, season: int):
        self.kind, self.season = kind, season

    def fit(self, series: list[np.ndarray]) -> _Transform:
        self.mean_ = np.array([s.mean() for s in series])
        self.std_ = np.array([s.std() for s in series])
        if self.kind == "log":
            if any((s < 0).any() for s in series):
                raise ValueError("transform='log' needs series without negative values.")
            self.mean_ = np.where(self.mean_ > 0, self.mean_, 1.0)
        self.std_ = np.where(self.std_ > 0, self.std_, 1.0)
        return self

    def forward(self, y: np.ndarray, k: int) -> np.ndarray:
        if self.kind == "log":
            return np.log1p(y / self.mean_[k])
        return (y - self.mean_[k]) / self.std_[k]

    def inverse(self, z: np.ndarray, k: int) -> np.ndarray:
        if self.kind == "log":
            return self.mean_[k] * np.expm1(z)
        return z * self.std_[k] + self.mean_[k]


def _seasonal_base(inputs: np.ndarray, horizon: int, season: int) -> np.ndarray:
    """Seasonal naive forecast of each window, shape (N, h), from inputs of shape (N, L)."""
    last = inputs[:, inputs.shape[1] - season :]
    return last[:, np.arange(horizon) % season]


def pool_windows(
    z: list[np.ndarray], look_back: int, horizon: int, season: int, *, skip: bool, level: bool
):
    """Pool the (input, target) windows of transformed series.

    Parameters
    ----------
    z : list of numpy.ndarray
        The transformed series.
    look_back, horizon, season : int
        L, h and m.
    skip : bool
        Targets are corrections to the seasonal naive forecast of each window.
    level : bool
        Subtract each window's level (mean of its last season) from inputs and targets.

    Returns
    -------
    X : numpy.ndarray, shape (N, L)
    Y : numpy.ndarray, shape (N, h)
    series_id : numpy.ndarray, shape (N,)
    phase : numpy.ndarray, shape (N,)
        Steps from each window's end to its series' end, modulo m.
    """
    xs, ys, ids, phases = [], [], [], []
    for k, s in enumerate(z):
        if len(s) < look_back + horizon:  # too short for one window: no windows
            continue
        x, y = make_windows(s, look_back, horizon)  # every window, the last included
        xs.append(x[:, :, 0])
        ys.append(y)
        ids.append(np.full(len(y), k))
        phases.append((len(s) - (np.arange(len(y)) + look_back)) % season)
    if not xs:
        raise ValueError(
            f"no series is long enough for one training window of look_back + horizon = "
            f"{look_back + horizon} points: use a shorter look_back or horizon."
        )
    X, Y = np.concatenate(xs), np.concatenate(ys)
    X, Y = _normalise(X, Y, horizon, season, skip=skip, level=level)
    return X, Y, np.concatenate(ids), np.concatenate(phases)


def _normalise(X, Y, horizon, season, *, skip, level):
    base = np.zeros((len(X), horizon))
    if level:
        lev = X[:, X.shape[1] - season :].mean(axis=1, keepdims=True)
        X = X - lev
        base = base + lev
    if skip:
        base = base + _seasonal_base(X, horizon, season)
    if Y is not None:
        Y = Y - base
    return X, Y if Y is not None else base


class _Net(nn.Module):
    def __init__(self, architecture, look_back, patch, extra, hidden, n_out, n_series, emb):
        super().__init__()
        self.architecture, self.patch = architecture, patch
        self.emb = nn.Embedding(n_series, emb) if emb else None
        steps = look_back // patch
        if architecture == "lstm":
            self.body = nn.LSTM(patch + extra + emb, hidden, batch_first=True)
            width = hidden
        elif architecture == "mlp":
            self.body = nn.Sequential(
                nn.Linear(look_back + extra + emb, hidden),
                nn.ReLU(),
                nn.Linear(hidden, hidden),
                nn.ReLU(),
            )
            width = hidden
        else:  # "linear"
            self.body = None
            width = look_back + extra + emb
        self.steps = steps
        self.head = nn.Linear(width, n_out)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x, extra, ids):
        # x (B, L); extra (B, E); ids (B,)
        parts = [extra]
        if self.emb is not None:
            parts.append(self.emb(ids))
        side = torch.cat(parts, dim=1)
        if self.architecture == "lstm":
            seq = x.view(x.shape[0], self.steps, self.patch)  # (B, T, patch)
            side_t = side[:, None, :].expand(-1, self.steps, -1)
            out, _ = self.body(torch.cat([seq, side_t], dim=2))
            return self.head(out[:, -1])
        flat = torch.cat([x, side], dim=1)
        return self.head(flat if self.body is None else self.body(flat))


class GlobalForecaster:
    """One network trained on the pooled windows of many series; direct multi-horizon output.

    Parameters
    ----------
    horizon : int
        h, the number of steps the network forecasts at once (direct output).
    season : int, default 12
        m, the seasonal period.
    look_back : int, optional
        L, the input window; default ``3 * season``. Must be a multiple of ``patch``.
    architecture : {"lstm", "mlp", "linear", "gbm"}, default "lstm"
        An LSTM over the window's steps; an N-BEATS-style MLP on the flat window; one linear
        map from window to forecast (DLinear-style); or scikit-learn's
        ``HistGradientBoostingRegressor`` on the window's lags with the step ahead as one more
        feature (one model per quantile level, on ``max_windows`` sampled windows).
    transform : {"log", "standard"}, default "log"
    skip : bool, default True
    patch : int, optional
        Values per LSTM step; default ``season``. 1 gives one value per step.
    calendar : bool, default False
    embedding_dim : int, default 0
        Size of a learned per-series embedding (0: none).
    quantiles : sequence of float, default (0.1, 0.5, 0.9)
        Levels trained with the pinball loss; must contain 0.5 (the point forecast).
    hidden_size : int, default 32
    epochs : int, default 6
    batch_size : int, default 512
    lr : float, default 3e-3
    seed : int, default 0
    max_windows : int, default 4000
        ``"gbm"`` only: the number of windows it is trained on (times ``horizon`` rows).

    Attributes
    ----------
    transform_ : per-series statistics of the training parts (``mean_``, ``std_``)
    train_seconds_ : float
        Wall-clock time of the training loop.
    n_windows_ : int
        The number of pooled training windows.
    """

    def __init__(
        self,
        horizon: int,
        season: int = 12,
        look_back: int | None = None,
        *,
        architecture: str = "lstm",
        transform: str = "log",
        skip: bool = True,
        patch: int | None = None,
        calendar: bool = False,
        embedding_dim: int = 0,
        quantiles=(0.1, 0.5, 0.9),
        hidden_size: int = 32,
        epochs: int = 6,
        batch_size: int = 512,
        lr: float = 3e-3,
        seed: int = 0,
        max_windows: int = 4000,
    ):
        self.horizon = v.positive_int(horizon, "horizon")
        self.season = v.positive_int(season, "season")
        self.look_back = v.positive_int(
            3 * self.season if look_back is None else look_back, "look_back"
        )
        if self.look_back < self.season:
            raise ValueError(
                f"look_back={self.look_back} is shorter than one season ({self.season}): the "
                "seasonal naive skip and the level need a full season."
            )
        self.architecture = v.check_choice(
            architecture, "architecture", ("lstm", "mlp", "linear", "gbm")
        )
        self.transform = v.check_choice(transform, "transform", ("log", "standard"))
        self.skip = v.check_bool(skip, "skip")
        self.patch = v.positive_int(self.season if patch is None else patch, "patch")
        if self.look_back % self.patch:
            raise ValueError(
                f"look_back={self.look_back} must be a multiple of patch={self.patch}."
            )
        self.calendar = v.check_bool(calendar, "calendar")
        self.embedding_dim = v.check_int(embedding_dim, "embedding_dim", minimum=0)
        if isinstance(quantiles, (str, bytes)) or not hasattr(quantiles, "__len__"):
            raise TypeError(f"quantiles must be a sequence of levels, got {quantiles!r}.")
        q = sorted(v.check_fraction(x, "quantiles", example="0.9") for x in quantiles)
        if 0.5 not in q:
            raise ValueError(f"quantiles must contain 0.5 (the point forecast), got {q}.")
        self.quantiles = tuple(q)
        self.hidden_size = v.positive_int(hidden_size, "hidden_size")
        self.epochs = v.positive_int(epochs, "epochs")
        self.batch_size = v.positive_int(batch_size, "batch_size")
        self.lr = v.positive_number(lr, "lr", "3e-3")
        self.seed = v.check_int(seed, "seed", minimum=0)
        self.max_windows = v.positive_int(max_windows, "max_windows")

    # ------------------------------------------------------------------ helpers
    def _extra(self, phase: np.ndarray) -> np.ndarray:
        if not self.calendar:
            return np.zeros((len(phase), 0), dtype=np.float32)
        angle = 2 * np.pi * phase / self.season
        return np.stack([np.sin(angle), np.cos(angle)], axis=1).astype(np.float32)

    def fit(self, series) -> GlobalForecaster:
        """Train on the pooled windows of ``series`` (a list of 1-D arrays, training parts).

        Raises
        ------
        TypeError
            If ``series`` is not a list of numeric 1-D arrays.
        ValueError
            For an empty list, NaNs, a series shorter than ``look_back``, or no series long
            enough for one window of ``look_back + horizon`` points.
        """
        series = _check_series_list(series, self.look_back)
        self.transform_ = _Transform(self.transform, self.season).fit(series)
        z = [self.transform_.forward(s, k) for k, s in enumerate(series)]
        X, Y, ids, phase = pool_windows(
            z,
            self.look_back,
            self.horizon,
            self.season,
            skip=self.skip,
            level=self.transform == "log",
        )
        self.n_windows_ = len(X)
        self.context_ = [s[len(s) - self.look_back :] for s in z]
        rng = np.random.default_rng(self.seed)
        if self.architecture == "gbm":
            self._fit_gbm(X, Y, self._extra(phase), rng)
            return self
        torch.manual_seed(self.seed)
        Q = len(self.quantiles)
        self.net_ = _Net(
            self.architecture,
            self.look_back,
            self.patch,
            2 if self.calendar else 0,
            self.hidden_size,
            self.horizon * Q,
            len(series),
            self.embedding_dim,
        )
        Xt = torch.as_tensor(X, dtype=torch.float32)
        Yt = torch.as_tensor(Y, dtype=torch.float32)
        Et = torch.as_tensor(self._extra(phase))
        It = torch.as_tensor(ids, dtype=torch.long)
        q = torch.tensor(self.quantiles, dtype=torch.float32)
        opt = torch.optim.Adam(self.net_.parameters(), lr=self.lr)
        start = time.perf_counter()
        self.net_.train()
        for _ in range(self.epochs):
            order = torch.as_tensor(rng.permutation(len(X)))
            for b in range(0, len(X), self.batch_size):
                sel = order[b : b + self.batch_size]
                out = self.net_(Xt[sel], Et[sel], It[sel]).view(-1, self.horizon, Q)
                diff = Yt[sel][:, :, None] - out
                loss = torch.maximum(q * diff, (q - 1) * diff).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
        self.train_seconds_ = time.perf_counter() - start
        self.net_.eval()
        return self

    def _gbm_rows(self, X: np.ndarray, extra: np.ndarray) -> np.ndarray:
        # one row per (window, step ahead): the lags, the calendar inputs and the step
        N = len(X)
        steps = np.repeat(np.arange(self.horizon)[None, :], N, axis=0).reshape(-1, 1)
        return np.hstack([np.repeat(np.hstack([X, extra]), self.horizon, axis=0), steps])

    def _fit_gbm(self, X, Y, extra, rng) -> None:
        from sklearn.ensemble import HistGradientBoostingRegressor

        keep = rng.permutation(len(X))[: self.max_windows]
        rows, target = self._gbm_rows(X[keep], extra[keep]), Y[keep].reshape(-1)
        start = time.perf_counter()
        self.gbms_ = [
            HistGradientBoostingRegressor(loss="quantile", quantile=q, random_state=self.seed).fit(
                rows, target
            )
            for q in self.quantiles
        ]
        self.train_seconds_ = time.perf_counter() - start
        self.net_ = None

    def _outputs(self, X: np.ndarray) -> np.ndarray:
        S = len(X)
        extra = self._extra(np.zeros(S))
        if self.architecture == "gbm":
            rows = self._gbm_rows(X, extra)
            cols = [g.predict(rows).reshape(S, self.horizon) for g in self.gbms_]
            return np.stack(cols, axis=2)
        with torch.no_grad():
            out = self.net_(
                torch.as_tensor(X, dtype=torch.float32),
                torch.as_tensor(extra),
                torch.arange(S),
            )
        return out.numpy().astype(np.float64).reshape(S, self.horizon, len(self.quantiles))

    def predict(self, horizon: int, quantiles: bool = False) -> list[np.ndarray]:
        """Forecast the ``horizon`` steps after the end of every fitted series.

        Parameters
        ----------
        horizon : int
            1 <= horizon <= the ``horizon`` the model was built with.
        quantiles : bool, default False
            Return every quantile level instead of the median.

        Returns
        -------
        list of numpy.ndarray
            One per series, shape (horizon,), or (horizon, Q) with ``quantiles=True``;
            quantiles sorted along the last axis so that they never cross.
        """
        if not hasattr(self, "net_"):
            raise RuntimeError("call fit(series) before predict(horizon).")
        horizon = v.positive_int(horizon, "horizon")
        if horizon > self.horizon:
            raise ValueError(
                f"horizon={horizon} is longer than the model's direct output ({self.horizon}): "
                "build the model with a longer horizon."
            )
        quantiles = v.check_bool(quantiles, "quantiles")
        X = np.stack(self.context_)
        X, base = _normalise(
            X, None, self.horizon, self.season, skip=self.skip, level=self.transform == "log"
        )
        z = self._outputs(X) + base[:, :, None]
        z = np.sort(z, axis=2)[:, :horizon]
        result = []
        for k in range(len(X)):
            y = self.transform_.inverse(z[k], k)
            result.append(y if quantiles else y[:, self.quantiles.index(0.5)])
        return result


class GlobalLSTMForecaster(GlobalForecaster):
    """A global LSTM: :class:`GlobalForecaster` with ``architecture="lstm"``.

    One LSTM (``torch.nn.LSTM``, gates i, f, g, o) reads each window a ``patch`` at a time;
    a linear head on its last hidden state gives ``horizon`` values for each quantile level.

    >>> rng = np.random.default_rng(0)
    >>> t = np.arange(80)
    >>> train = [10 + np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.1, 80) for _ in range(3)]
    >>> model = GlobalLSTMForecaster(horizon=6, season=12, epochs=1).fit(train)
    >>> [f.shape for f in model.predict(6)]
    [(6,), (6,), (6,)]
    """

    def __init__(self, horizon: int, season: int = 12, look_back: int | None = None, **kwargs):
        if "architecture" in kwargs:
            raise TypeError("GlobalLSTMForecaster is an LSTM: use GlobalForecaster for others.")
        super().__init__(horizon, season, look_back, architecture="lstm", **kwargs)
