"""The book's one training loop for PyTorch models, and its companions.

Every chapter from Part II on trains with :func:`fit` and predicts with :func:`predict`, so that a
reader meets one loop, written once and tested, instead of a slightly different loop per chapter::

    from lstmbook import train

    history = train.fit(model, (X_train, y_train), (X_val, y_val), epochs=50, patience=5)
    y_hat = train.predict(model, X_test)

:func:`fit` feeds mini-batches through ``torch.utils.data``, minimises the mean squared error with
Adam by default (Kingma and Ba, 2015), optionally clips the gradient norm (Pascanu, Mikolov and
Bengio, 2013) and stops early on the validation loss, restoring the best weights. For a given
``seed`` it is deterministic on the CPU.
"""

from __future__ import annotations

import copy
import math
import random
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

from lstmbook._validate import check_int, positive_int, positive_number
from lstmbook.progress import progress_bar

__all__ = ["History", "fit", "get_device", "predict", "set_seed"]


def set_seed(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator and torch (CPU and CUDA).

    Call it before building a model, so that its initial weights are the same on every run.

    Parameters
    ----------
    seed : int
        Any whole number >= 0.
    """
    seed = check_int(seed, "seed", minimum=0)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def get_device() -> torch.device:
    """The device to train on: ``cuda`` when a GPU is available, else ``cpu``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@dataclass
class History:
    """What :func:`fit` did, epoch by epoch.

    Attributes
    ----------
    train_loss : list of float
        Mean training loss of each epoch (averaged over samples, while the weights were changing).
    val_loss : list of float
        Validation loss after each epoch; empty when ``fit`` had no validation data.
    best_epoch : int or None
        Index (from 0) into ``val_loss`` of the lowest validation loss; None without
        validation data. With ``patience``, the model holds the weights of this epoch.
    epochs_run : int
        Epochs actually run (fewer than asked for when training stopped early).
    seconds : float
        Wall-clock time of the whole call.
    stopped_early : bool
        True when ``patience`` ended training before ``epochs``.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    epochs_run: int = 0
    seconds: float = 0.0
    stopped_early: bool = False


# --- input checks ------------------------------------------------------------------------------


def _as_float_tensor(values, name: str) -> torch.Tensor:
    """``values`` (array-like or tensor) as a float32 tensor, checked for NaN and inf."""
    if not isinstance(values, torch.Tensor):
        array = np.asarray(values)
        if array.dtype == object or not np.issubdtype(array.dtype, np.number):
            raise TypeError(f"{name} must hold numbers, got an array of dtype {array.dtype}.")
        values = array
    try:
        tensor = torch.as_tensor(values)
    except (TypeError, ValueError, RuntimeError) as err:
        raise ValueError(
            f"{name} must be a NumPy array or a tensor of numbers, got {type(values).__name__} "
            f"({err})."
        ) from None
    if tensor.dtype == torch.bool or not (tensor.is_floating_point() or _is_integer(tensor)):
        raise ValueError(f"{name} must hold numbers, got dtype {tensor.dtype}.")
    tensor = tensor.to(torch.float32)
    if tensor.ndim == 0:
        raise ValueError(f"{name} must have one row per sample, got a single number {values!r}.")
    bad = ~torch.isfinite(tensor)
    if bad.any():
        first = tuple(int(i) for i in torch.nonzero(bad)[0])
        where = first[0] if len(first) == 1 else first
        kind = "NaN" if torch.isnan(tensor).any() else "infinite"
        raise ValueError(
            f"{name} contains {int(bad.sum())} {kind} value(s) (NaN or inf), the first at index "
            f"{where}. Fill or drop them before training (for example with pandas' "
            "interpolate() or dropna())."
        )
    return tensor


def _is_integer(tensor: torch.Tensor) -> bool:
    return not tensor.is_floating_point() and not tensor.is_complex()


def _as_loader(data, name: str, batch_size: int, shuffle: bool, seed: int) -> DataLoader:
    """Turn ``(X, y)``, a Dataset or a DataLoader into a DataLoader."""
    if isinstance(data, DataLoader):
        _check_not_empty(data.dataset, name)
        return data
    if isinstance(data, (tuple, list)):
        if len(data) != 2:
            raise ValueError(
                f"{name} must be a pair (X, y), got a {type(data).__name__} of {len(data)} items."
            )
        X = _as_float_tensor(data[0], f"{name} X")
        y = _as_float_tensor(data[1], f"{name} y")
        if len(X) != len(y):
            raise ValueError(
                f"{name}: X and y must have one row per sample, but X has {len(X)} rows and "
                f"y has {len(y)}. Check how they were cut (for example make_windows returns "
                "them together)."
            )
        dataset = TensorDataset(X, y)
    elif isinstance(data, Dataset):
        dataset = data
    else:
        raise TypeError(
            f"{name} must be a pair (X, y) of arrays or tensors, a torch.utils.data.Dataset "
            f"or a DataLoader, got {type(data).__name__}."
        )
    _check_not_empty(dataset, name)
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, generator=generator)


def _check_not_empty(dataset, name: str) -> None:
    try:
        empty = len(dataset) == 0
    except TypeError:  # an IterableDataset has no length: found out while training
        empty = False
    if empty:
        raise ValueError(f"{name} is empty: it holds no samples to train or validate on.")


def _check_prediction(pred, yb: torch.Tensor, check_shape: bool) -> None:
    if not isinstance(pred, torch.Tensor):
        raise TypeError(
            f"model(X) must return one tensor of predictions, got a {type(pred).__name__}. "
            "A bare nn.LSTM returns (out, (h_n, c_n)): wrap it in a module whose forward "
            "returns only the predictions, e.g. a linear layer on out[:, -1]."
        )
    if check_shape and pred.shape != yb.shape:
        raise ValueError(
            f"model(X) returned predictions of shape {tuple(pred.shape)} but y has shape "
            f"{tuple(yb.shape)} for this batch: the mean squared error would broadcast them. "
            "Make the model's output match y (for example with .squeeze(-1), or reshape y)."
        )


# --- training ----------------------------------------------------------------------------------

# a bar of fixed width, so that the lines a built page shows (one per refresh) stay aligned
_BAR = "{desc}: {percentage:3.0f}%|{bar:16}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}{postfix}]"


def _unpack(batch, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    if not isinstance(batch, (tuple, list)) or len(batch) != 2:
        error = ValueError if isinstance(batch, (tuple, list)) else TypeError
        raise error(
            "each batch must be a pair (X, y); the Dataset or DataLoader given yields "
            f"{type(batch).__name__} items."
        )
    return batch[0].to(device), batch[1].to(device)


def _evaluate(model: nn.Module, loader: DataLoader, loss_fn, device, check_shape: bool) -> float:
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for batch in loader:
            xb, yb = _unpack(batch, device)
            pred = model(xb)
            _check_prediction(pred, yb, check_shape)
            total += float(loss_fn(pred, yb)) * len(xb)
            count += len(xb)
    if count == 0:
        raise ValueError("val_data is empty: it holds no samples to validate on.")
    return total / count


def fit(
    model: nn.Module,
    train_data,
    val_data=None,
    *,
    epochs: int = 100,
    lr: float = 1e-3,
    batch_size: int = 32,
    loss_fn=None,
    optimizer: torch.optim.Optimizer | None = None,
    clip_norm: float | None = None,
    patience: int | None = None,
    seed: int = 0,
    shuffle: bool = True,
    progress: bool = True,
    device: torch.device | str | None = None,
    restore_best: bool | None = None,
    desc: str = "fit",
) -> History:
    """Train ``model`` with mini-batches; return the losses of every epoch.

    Parameters
    ----------
    model : torch.nn.Module
        ``model(X)`` maps a batch of inputs, shape (B, ...), to predictions shaped like the
        batch's targets ``y`` (B, ...). It is trained in place and moved to ``device``.
    train_data : (X, y), Dataset or DataLoader
        A pair of NumPy arrays or tensors with one row per sample, for example X (N, T, D) and
        y (N,) or (N, horizon); they are converted to float32 tensors and batched by a
        ``DataLoader`` shuffled with a generator seeded by ``seed``. A ``Dataset`` yielding
        ``(x, y)`` pairs is batched the same way; a ``DataLoader`` is used as it is (its own
        ``batch_size`` and ``shuffle`` apply).
    val_data : (X, y), Dataset, DataLoader or None, default None
        Validation data in the same forms, never shuffled; evaluated after every epoch.
    epochs : int, default 100
        Passes over the training data (>= 1).
    lr : float, default 1e-3
        Learning rate of the default optimiser, ``torch.optim.Adam``.
    batch_size : int, default 32
        Samples per mini-batch when ``fit`` builds the DataLoader (>= 1).
    loss_fn : callable or None, default None
        ``loss_fn(pred, y) -> scalar tensor``, averaged over the batch; default
        ``torch.nn.MSELoss()``. With the default, predictions and targets must have the same
        shape (checked).
    optimizer : torch.optim.Optimizer or None, default None
        An optimiser built on ``model.parameters()``; when given, ``lr`` is ignored.
    clip_norm : float or None, default None
        If given, ``torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)`` rescales the
        gradients before every optimiser step, so that their joint norm is at most ``clip_norm``.
    patience : int or None, default None
        Early stopping: stop when the validation loss has not improved for ``patience`` epochs,
        and put back the weights of the best epoch at the end. Needs ``val_data``.
    seed : int, default 0
        Seeds the shuffling and, inside ``fit`` only, torch's global generator (dropout), so
        that two calls with the same seed and the same initial model give the same losses on the
        CPU. The global generator is restored afterwards.
    shuffle : bool, default True
        Shuffle the training samples every epoch (not used when ``train_data`` is a DataLoader).
    progress : bool, default True
        Show one text progress bar over the epochs, with the latest losses.
    device : torch.device, str or None, default None
        Where to train; default :func:`get_device`.
    restore_best : bool or None, default None
        Put back, at the end, the weights of the epoch with the lowest validation loss (Keras's
        ``restore_best_weights``). Needs ``val_data``. Default: True when ``patience`` is given,
        else False (the model keeps the weights of its last epoch).
    desc : str, default "fit"
        Label of the progress bar, to tell apart the bars of several models.

    Returns
    -------
    History
        ``train_loss`` and ``val_loss`` per epoch, ``best_epoch``, ``epochs_run``, ``seconds``
        and ``stopped_early``.

    Raises
    ------
    ValueError
        If ``epochs`` or ``batch_size`` is below 1, if ``patience`` or ``restore_best=True`` is
        given without ``val_data``, if X and y have different lengths, if the data are empty or
        hold NaN or inf (the message names the array and the first bad index), or if
        ``model(X)`` does not return predictions shaped like ``y``.

    Examples
    --------
    >>> import numpy as np, torch
    >>> X = np.linspace(-1, 1, 64).reshape(-1, 1)
    >>> model = torch.nn.Linear(1, 1)
    >>> history = fit(model, (X, 3 * X + 1), epochs=200, lr=0.05, progress=False)
    >>> history.train_loss[-1] < 1e-4
    True
    """
    start = time.perf_counter()
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    lr = positive_number(lr, "lr", "1e-3")
    if clip_norm is not None:
        clip_norm = positive_number(clip_norm, "clip_norm", "1.0")
    if patience is not None:
        patience = positive_int(patience, "patience")
        if val_data is None:
            raise ValueError(
                f"patience={patience} stops training when the validation loss stops improving, "
                "but no val_data was given. Pass val_data=(X_val, y_val), or drop patience."
            )
    if restore_best is None:
        restore_best = patience is not None
    elif restore_best and val_data is None:
        raise ValueError(
            "restore_best=True keeps the weights of the epoch with the lowest validation loss, "
            "but no val_data was given. Pass val_data=(X_val, y_val), or drop restore_best."
        )
    seed = check_int(seed, "seed", minimum=0)
    device = get_device() if device is None else torch.device(device)

    train_loader = _as_loader(train_data, "train_data", batch_size, shuffle, int(seed))
    val_loader = None
    if val_data is not None:
        val_loader = _as_loader(val_data, "val_data", batch_size, False, int(seed))

    model.to(device)
    was_training = model.training
    check_shape = loss_fn is None
    loss_fn = nn.MSELoss() if loss_fn is None else loss_fn
    if optimizer is None:
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    params = [p for p in model.parameters() if p.requires_grad]

    history = History()
    best_loss, best_state, waited = math.inf, None, 0
    rng_devices = [device] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=rng_devices):
        torch.manual_seed(int(seed))
        bar = progress_bar(range(epochs), desc=str(desc), bar_format=_BAR, disable=not progress)
        for epoch in bar:
            model.train()
            total, count = 0.0, 0
            for batch in train_loader:
                xb, yb = _unpack(batch, device)
                pred = model(xb)
                _check_prediction(pred, yb, check_shape)
                loss = loss_fn(pred, yb)
                optimizer.zero_grad()
                loss.backward()
                if clip_norm is not None:
                    torch.nn.utils.clip_grad_norm_(params, clip_norm)
                optimizer.step()
                total += float(loss.detach()) * len(xb)
                count += len(xb)
            if count == 0:
                raise ValueError("train_data is empty: it holds no samples to train on.")
            history.train_loss.append(total / count)
            history.epochs_run = epoch + 1
            postfix = {"train": f"{history.train_loss[-1]:.4g}"}

            if val_loader is not None:
                val_loss = _evaluate(model, val_loader, loss_fn, device, check_shape)
                history.val_loss.append(val_loss)
                postfix["val"] = f"{val_loss:.4g}"
                if val_loss < best_loss:
                    best_loss, history.best_epoch, waited = val_loss, epoch, 0
                    if restore_best:
                        best_state = copy.deepcopy(model.state_dict())
                else:
                    waited += 1
            bar.set_postfix(postfix, refresh=False)
            if patience is not None and waited >= patience:
                history.stopped_early = epoch + 1 < epochs
                break
        bar.close()

    if best_state is not None:
        model.load_state_dict(best_state)
    model.train(was_training)
    history.seconds = time.perf_counter() - start
    return history


def predict(
    model: nn.Module, X, batch_size: int = 256, device: torch.device | str | None = None
) -> np.ndarray:
    """Predictions of ``model`` for the inputs ``X``, in eval mode and without gradients.

    Parameters
    ----------
    model : torch.nn.Module
        Maps a batch (B, ...) to predictions (B, ...).
    X : array-like or torch.Tensor, shape (N, ...)
        Inputs, one row per sample (converted to float32).
    batch_size : int, default 256
        Samples per forward pass (>= 1); it only bounds the memory used.
    device : torch.device, str or None, default None
        Where to compute; default the device of the model's parameters.

    Returns
    -------
    numpy.ndarray, shape (N, ...)
        The predictions, float32, on the CPU. The model's train/eval mode is left as it was.

    Raises
    ------
    ValueError
        If ``X`` is empty or holds NaN or inf, or ``batch_size`` is below 1.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    batch_size = positive_int(batch_size, "batch_size")
    X = _as_float_tensor(X, "X")
    if len(X) == 0:
        raise ValueError("X is empty: there is nothing to predict.")
    if device is None:
        first = next(model.parameters(), None)
        device = first.device if first is not None else torch.device("cpu")
    device = torch.device(device)
    model.to(device)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            parts = []
            for start in range(0, len(X), batch_size):
                pred = model(X[start : start + batch_size].to(device))
                _check_prediction(pred, pred, check_shape=False)
                parts.append(pred.cpu())
    finally:
        model.train(was_training)
    return torch.cat(parts).numpy()
