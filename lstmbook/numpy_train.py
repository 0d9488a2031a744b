"""Training the book's NumPy LSTM (or plain RNN) with a linear read-out of its last hidden state.

Chapter 5 builds every piece of this in front of the reader (the read-out and its gradient, Adam,
gradient clipping, the loop over fresh batches of the adding problem); this module is the same
recipe, written once and tested, for the chapters that train NumPy models again::

    from lstmbook import numpy_train

    params, history = numpy_train.train_adding_lstm(T=50, hidden_size=8, n_updates=1200)
    y_hat = numpy_train.predict(params, X_test)

The model is ``y_hat = h_T W_y + b_y``: a recurrent network (``lstmbook.scratch``) reads a batch
of sequences X (N, T, D) and a linear read-out ``W_y`` (H, 1), ``b_y`` (1,) turns its final
hidden state h_T (N, H) into one number per sequence. All parameters live in one dict, the keys
``W_x``, ``W_h``, ``b`` of the recurrent part next to ``W_y`` and ``b_y``. The loss is the mean
squared error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping

import numpy as np

from lstmbook import data, optim, scratch
from lstmbook._checks import positive_int
from lstmbook.progress import trange

__all__ = ["init_model", "forward", "predict", "loss_and_grads", "train", "train_adding_lstm"]

_KINDS = ("lstm", "rnn")


def _check_kind(kind) -> str:
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'lstm' or 'rnn', got {kind!r}.")
    return kind


def _check_model(params, kind: str) -> None:
    if not isinstance(params, Mapping):
        raise ValueError(
            f"params must be a dict of arrays as made by init_model, got {type(params).__name__}."
        )
    missing = [k for k in ("W_x", "W_h", "b", "W_y", "b_y") if k not in params]
    if missing:
        raise ValueError(
            f"params is missing {', '.join(repr(k) for k in missing)}: a model is the recurrent "
            "network's 'W_x', 'W_h', 'b' plus the read-out 'W_y' (H, 1) and 'b_y' (1,). Make it "
            "with init_model(input_size, hidden_size)."
        )
    H = np.shape(params["W_h"])[0]
    if np.shape(params["W_y"]) != (H, 1) or np.shape(params["b_y"]) != (1,):
        raise ValueError(
            f"the read-out must have W_y of shape (hidden_size, 1) = ({H}, 1) and b_y of shape "
            f"(1,), got {np.shape(params['W_y'])} and {np.shape(params['b_y'])}."
        )
    gates = np.shape(params["W_h"])[1] // max(H, 1)
    if (kind == "lstm") != (gates == 4):
        other = "rnn" if kind == "lstm" else "lstm"
        raise ValueError(
            f"params hold {'LSTM' if gates == 4 else 'plain-RNN'} weights (W_h has shape "
            f"{np.shape(params['W_h'])}) but kind={kind!r}; pass kind={other!r}."
        )


def init_model(
    input_size: int,
    hidden_size: int,
    seed: int = 0,
    *,
    kind: str = "lstm",
    forget_bias: float = 1.0,
    dtype=np.float32,
) -> dict[str, np.ndarray]:
    """A recurrent network plus a linear read-out, as one dict of parameters.

    Parameters
    ----------
    input_size : int
        D, features per step (2 for the adding problem).
    hidden_size : int
        H, units of the recurrent network.
    seed : int, default 0
        Seeds the recurrent weights (``seed``) and the read-out (``seed + 1``).
    kind : {"lstm", "rnn"}, default "lstm"
        ``lstmbook.scratch.init_lstm_params`` or ``init_rnn_params``.
    forget_bias : float, default 1.0
        Added to the LSTM's forget-gate biases, so that its cells keep most of their content
        from the start (Jozefowicz et al., 2015); ignored for the RNN.
    dtype : numpy dtype, default np.float32
        Precision of every array.

    Returns
    -------
    dict of str to ndarray
        ``W_x`` (D, GH), ``W_h`` (H, GH), ``b`` (GH,) with G = 4 for the LSTM (gates i, f, g, o)
        and 1 for the RNN; ``W_y`` (H, 1) drawn uniformly from ±1/sqrt(H) (the scale of
        ``nn.Linear``) and ``b_y`` (1,) zero.

    Raises
    ------
    ValueError
        If ``kind`` is not "lstm" or "rnn", or a size is not a whole number >= 1.
    """
    kind = _check_kind(kind)
    if kind == "lstm":
        params = scratch.init_lstm_params(
            input_size, hidden_size, seed, forget_bias=forget_bias, dtype=dtype
        )
    else:
        params = scratch.init_rnn_params(input_size, hidden_size, seed, dtype=dtype)
    k = 1 / np.sqrt(hidden_size)
    readout = np.random.default_rng(seed + 1).uniform(-k, k, (hidden_size, 1))
    params["W_y"] = readout.astype(dtype)
    params["b_y"] = np.zeros(1, dtype=dtype)
    return params


def forward(
    params: Mapping[str, np.ndarray], X: np.ndarray, kind: str = "lstm"
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Run the model on a batch: the network over the sequences, the read-out on h_T.

    Parameters
    ----------
    params : dict
        As made by :func:`init_model`.
    X : ndarray, shape (N, T, D)
        Inputs in the [batch, time, features] layout, cast to the dtype of ``params["W_x"]``.
    kind : {"lstm", "rnn"}, default "lstm"

    Returns
    -------
    y_hat : ndarray, shape (N,)
        One prediction per sequence.
    h_T : ndarray, shape (N, H)
        The final hidden state.
    cache : dict
        The cache of ``lstm_forward`` / ``rnn_forward``: for the LSTM, ``cache["i"]``,
        ``cache["f"]``, ``cache["g"]``, ``cache["o"]``, ``cache["c"]`` hold the gates and cell
        states of every step, shape (N, T, H).

    Raises
    ------
    ValueError
        If ``params`` lack the read-out or do not match ``kind``, or ``X`` does not fit them.
    """
    kind = _check_kind(kind)
    _check_model(params, kind)
    X = np.asarray(X, dtype=np.asarray(params["W_x"]).dtype)
    if kind == "lstm":
        _, (h_T, _), cache = scratch.lstm_forward(X, params)
    else:
        _, h_T, cache = scratch.rnn_forward(X, params)
    y_hat = (h_T @ params["W_y"] + params["b_y"])[:, 0]
    return y_hat, h_T, cache


def predict(params: Mapping[str, np.ndarray], X: np.ndarray, kind: str = "lstm") -> np.ndarray:
    """The model's predictions for a batch X (N, T, D): an array of shape (N,)."""
    return forward(params, X, kind)[0]


def _check_targets(y, N: int, dtype) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (N,):
        raise ValueError(
            f"y must hold one target per sequence, shape ({N},), got {y.shape}. The read-out "
            "predicts one number per sequence; for windows with horizon 1 use y[:, 0]."
        )
    return y.astype(dtype)


def loss_and_grads(
    params: Mapping[str, np.ndarray], X: np.ndarray, y: np.ndarray, kind: str = "lstm"
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean squared error on a batch and its gradient with respect to every parameter.

    With δ = 2 (y_hat - y) / N as a column (N, 1): dW_y = h_T^T δ, db_y = sum(δ), and
    backpropagation through time starts from dh_T = δ W_y^T (chapter 5 derives these).

    Parameters
    ----------
    params : dict
        As made by :func:`init_model`.
    X : ndarray, shape (N, T, D)
    y : ndarray, shape (N,) or (N, 1)
        One target per sequence.
    kind : {"lstm", "rnn"}, default "lstm"

    Returns
    -------
    loss : float
        The mean squared error.
    grads : dict of str to ndarray
        Same keys and shapes as ``params``.

    Raises
    ------
    ValueError
        If ``y`` does not hold one number per sequence of ``X``, or as in :func:`forward`.
    """
    y_hat, h_T, cache = forward(params, X, kind)
    y = _check_targets(y, len(y_hat), y_hat.dtype)
    delta = (2 * (y_hat - y) / len(y))[:, None]
    grads = {"W_y": h_T.T @ delta, "b_y": delta.sum(axis=0)}
    backward = scratch.lstm_backward if kind == "lstm" else scratch.rnn_backward
    core = backward(None, cache, dh_T=delta @ np.asarray(params["W_y"]).T)
    grads.update({k: core[k] for k in ("W_x", "W_h", "b")})
    return float(np.mean((y_hat - y) ** 2)), grads


def train(
    params: MutableMapping[str, np.ndarray],
    batches: Callable[[int], tuple[np.ndarray, np.ndarray]],
    n_updates: int,
    *,
    kind: str = "lstm",
    lr: float = 1e-2,
    max_norm: float | None = 1.0,
    evaluate: Callable[[Mapping[str, np.ndarray]], float] | None = None,
    eval_every: int = 100,
    progress: bool = True,
    desc: str | None = None,
) -> dict[str, np.ndarray]:
    """Train a model in place with Adam and gradient-norm clipping, one batch per update.

    Parameters
    ----------
    params : dict
        As made by :func:`init_model`; updated **in place**.
    batches : callable
        ``batches(k)`` returns the batch ``(X, y)`` of update k = 0, 1, ..., with X (N, T, D)
        and y (N,). For fresh sequences every time, generate them with a seed that depends on
        ``k``; for a fixed training set, index it with ``k``.
    n_updates : int
        Number of Adam steps (>= 1).
    kind : {"lstm", "rnn"}, default "lstm"
    lr : float, default 1e-2
        Adam's learning rate (``lstmbook.optim.Adam``).
    max_norm : float or None, default 1.0
        Clip the joint norm of the gradients to this (``lstmbook.optim.clip_grad_norm``);
        None for no clipping.
    evaluate : callable or None, default None
        ``evaluate(params) -> float``, called every ``eval_every`` updates (for example a test
        MSE, to draw a learning curve; nothing is chosen with it).
    eval_every : int, default 100
    progress : bool, default True
        Show the book's text progress bar.
    desc : str or None
        Label of the progress bar (default: ``kind``).

    Returns
    -------
    dict of str to ndarray
        ``"loss"``: the training loss of every update, shape (n_updates,); ``"eval"``: rows
        ``(update, evaluate(params))``, shape (n_updates // eval_every, 2), empty (0, 2)
        without ``evaluate``.

    Raises
    ------
    ValueError
        If ``batches`` or ``evaluate`` is not callable, ``n_updates`` or ``eval_every`` is not
        a whole number >= 1, or as in :func:`loss_and_grads` and ``lstmbook.optim``.
    """
    kind = _check_kind(kind)
    _check_model(params, kind)
    if not callable(batches):
        raise ValueError(
            "batches must be a function of the update number k that returns (X, y), for "
            "example lambda k: lstmbook.data.adding_problem(32, T=50, seed=10000 + k); got "
            f"{type(batches).__name__}."
        )
    if evaluate is not None and not callable(evaluate):
        raise ValueError(
            f"evaluate must be a function params -> float, or None; got {type(evaluate).__name__}."
        )
    n_updates = positive_int(n_updates, "n_updates")
    eval_every = positive_int(eval_every, "eval_every")
    opt = optim.Adam(params, lr=lr)
    losses, curve = np.empty(n_updates), []
    bar = trange(
        n_updates, desc=desc or kind, miniters=max(1, n_updates // 4), disable=not progress
    )
    for k in bar:
        X, y = batches(k)
        losses[k], grads = loss_and_grads(params, X, y, kind)
        if max_norm is not None:
            optim.clip_grad_norm(grads, max_norm)
        opt.step(grads)
        if evaluate is not None and (k + 1) % eval_every == 0:
            curve.append((k + 1, float(evaluate(params))))
    bar.close()
    return {"loss": losses, "eval": np.array(curve, dtype=float).reshape(-1, 2)}


def train_adding_lstm(
    T: int,
    hidden_size: int,
    n_updates: int,
    seed: int = 0,
    *,
    batch_size: int = 32,
    lr: float = 1e-2,
    max_norm: float | None = 1.0,
    first_batch_seed: int = 10_000,
    eval_data: tuple[np.ndarray, np.ndarray] | None = None,
    eval_every: int = 100,
    progress: bool = True,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Train an LSTM with a read-out on the adding problem, as chapter 5 does.

    Float32, forget-gate bias 1, Adam, clipping, and a fresh batch for every update: batch k
    is ``lstmbook.data.adding_problem(batch_size, T, seed=first_batch_seed + k)``, so no
    sequence is seen twice. Keep test sequences out of that range of seeds.

    Parameters
    ----------
    T : int
        Length of the sequences (>= 2).
    hidden_size : int
        H, units of the LSTM.
    n_updates : int
        Number of Adam steps.
    seed : int, default 0
        Seed of the initial weights (:func:`init_model`).
    batch_size : int, default 32
    lr : float, default 1e-2
    max_norm : float or None, default 1.0
    first_batch_seed : int, default 10000
        Seed of the first training batch; give runs with different ``seed`` different ranges
        too (for example ``10_000 + 100_000 * seed``) if their data should differ as well.
    eval_data : (X, y) or None, default None
        Test sequences; their MSE is recorded every ``eval_every`` updates.
    eval_every : int, default 100
    progress : bool, default True

    Returns
    -------
    params : dict of str to ndarray
        The trained model (see :func:`init_model`), float32.
    history : dict of str to ndarray
        As returned by :func:`train`.

    Raises
    ------
    ValueError
        If a size or count is not a whole number >= 1 (``T`` >= 2), or ``eval_data`` is not a
        pair (X, y).

    Examples
    --------
    >>> params, history = train_adding_lstm(T=10, hidden_size=4, n_updates=5, progress=False)
    >>> history["loss"].shape, predict(params, np.ones((3, 10, 2))).shape
    ((5,), (3,))
    """
    batch_size = positive_int(batch_size, "batch_size")
    if isinstance(first_batch_seed, bool) or not isinstance(first_batch_seed, (int, np.integer)):
        raise ValueError(f"first_batch_seed must be a whole number, got {first_batch_seed!r}.")
    data.adding_problem(1, T, seed=0)  # checks T with the data module's own message
    evaluate = None
    if eval_data is not None:
        if not isinstance(eval_data, (tuple, list)) or len(eval_data) != 2:
            raise ValueError(
                "eval_data must be a pair (X, y), for example "
                f"lstmbook.data.adding_problem(1000, T, seed=1); got {type(eval_data).__name__}."
            )
        X_eval, y_eval = eval_data

        def evaluate(params):
            return float(np.mean((predict(params, X_eval) - y_eval) ** 2))

    params = init_model(2, hidden_size, seed)

    def batches(k):
        X, y = data.adding_problem(batch_size, T, seed=first_batch_seed + k)
        return X.astype(np.float32), y.astype(np.float32)

    history = train(
        params,
        batches,
        n_updates,
        lr=lr,
        max_norm=max_norm,
        evaluate=evaluate,
        eval_every=eval_every,
        progress=progress,
        desc=f"adding, seed {seed}",
    )
    return params, history
