"""Training the book's NumPy recurrent networks: one loop for every cell.

Chapter 5 builds every piece of this in front of the reader (the read-out and its gradient, Adam,
gradient clipping, the loop over fresh batches of the adding problem) and checks that its own
code gives the same numbers as this module; chapters 13 and 14 train with the module::

    from lstmbook import numpy_train

    params, history = numpy_train.train_adding(T=50, hidden_size=8, n_updates=1200)
    y_hat = numpy_train.predict(params, X_test)

The model is ``y_hat = h_T W_y + b_y``: a recurrent cell reads a batch of sequences X (N, T, D)
and a linear read-out ``W_y`` (H, 1), ``b_y`` (1,) turns its final hidden state h_T (N, H) into
one number per sequence. All parameters live in one dict, the cell's next to ``W_y`` and
``b_y``. The loss is the mean squared error.

The cell comes from a small registry, :data:`CELLS`, chosen with the keyword ``cell``:
``"lstm"`` (:func:`lstmbook.scratch.lstm_forward`, with a forget-gate bias ``forget_bias``),
``"rnn"`` and ``"gru"`` (:mod:`lstmbook.scratch`), and the variants ``"peephole"``,
``"cifg"`` and ``"no_forget"`` (:func:`lstmbook.variants.variant_forward`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass

import numpy as np

from lstmbook import _validate as v
from lstmbook import data, optim, scratch, variants
from lstmbook.progress import trange

__all__ = ["CELLS", "init_model", "forward", "predict", "loss_and_grads", "train", "train_adding"]


@dataclass(frozen=True)
class _Cell:
    """How to make, run and differentiate one kind of recurrent cell."""

    init: Callable  # (input_size, hidden_size, seed, forget_bias, dtype) -> params
    run: Callable  # (X, params) -> (h_T, cache)
    backward: Callable  # (cache, dh_T) -> grads of the cell's parameters (and more)
    keys: tuple[str, ...]  # the cell's parameter names
    has_forget_gate: bool


def _lstm_run(X, params):
    _, (h_T, _), cache = scratch.lstm_forward(X, params)
    return h_T, cache


def _variant(name: str) -> _Cell:
    def init(D, H, seed, forget_bias, dtype):
        return variants.init_variant_params(
            D, H, variant=name, seed=seed, forget_bias=forget_bias, dtype=dtype
        )

    def run(X, params):
        _, (h_T, _), cache = variants.variant_forward(X, params, variant=name)
        return h_T, cache

    peep = ("p_i", "p_f", "p_o") if name == "peephole" else ()
    return _Cell(
        init,
        run,
        lambda cache, dh_T: variants.variant_backward(None, cache, dh_T=dh_T),
        ("W_x", "W_h", "b", *peep),
        name != "no_forget",
    )


_REGISTRY: dict[str, _Cell] = {
    "lstm": _Cell(
        lambda D, H, seed, fb, dtype: scratch.init_lstm_params(D, H, seed, fb, dtype),
        _lstm_run,
        lambda cache, dh_T: scratch.lstm_backward(None, cache, dh_T=dh_T),
        ("W_x", "W_h", "b"),
        True,
    ),
    "rnn": _Cell(
        lambda D, H, seed, fb, dtype: scratch.init_rnn_params(D, H, seed, dtype=dtype),
        lambda X, params: scratch.rnn_forward(X, params)[1:],
        lambda cache, dh_T: scratch.rnn_backward(None, cache, dh_T=dh_T),
        ("W_x", "W_h", "b"),
        False,
    ),
    "gru": _Cell(
        lambda D, H, seed, fb, dtype: scratch.init_gru_params(D, H, seed, dtype),
        lambda X, params: scratch.gru_forward(X, params)[1:],
        lambda cache, dh_T: scratch.gru_backward(None, cache, dh_T=dh_T),
        ("W_x", "W_h", "b_x", "b_h"),
        False,
    ),
    **{name: _variant(name) for name in variants.VARIANTS},
}

#: The cells :func:`init_model`, :func:`train` and :func:`train_adding` accept.
CELLS: tuple[str, ...] = tuple(_REGISTRY)


def _check_cell(cell) -> _Cell:
    if not isinstance(cell, str):
        raise TypeError(f"cell must be a string such as 'lstm', got {cell!r}.")
    v.check_choice(cell, "cell", CELLS)
    return _REGISTRY[cell]


def _check_model(params, cell: str) -> _Cell:
    spec = _check_cell(cell)
    v.check_mapping(params, "params", "of arrays as made by init_model")
    missing = [k for k in (*spec.keys, "W_y", "b_y") if k not in params]
    if missing:
        raise ValueError(
            f"params is missing {', '.join(repr(k) for k in missing)}: a model with "
            f"cell={cell!r} is the cell's {list(spec.keys)} plus the read-out 'W_y' (H, 1) and "
            f"'b_y' (1,). Make it with init_model(input_size, hidden_size, cell={cell!r})."
        )
    H = np.shape(params["W_h"])[0]
    if np.shape(params["W_y"]) != (H, 1) or np.shape(params["b_y"]) != (1,):
        raise ValueError(
            f"the read-out must have W_y of shape (hidden_size, 1) = ({H}, 1) and b_y of shape "
            f"(1,), got {np.shape(params['W_y'])} and {np.shape(params['b_y'])}."
        )
    return spec


def init_model(
    input_size: int,
    hidden_size: int,
    seed: int = 0,
    *,
    cell: str = "lstm",
    forget_bias: float | None = None,
    dtype=np.float32,
) -> dict[str, np.ndarray]:
    """A recurrent cell plus a linear read-out, as one dict of parameters.

    Parameters
    ----------
    input_size : int
        D, features per step (2 for the adding problem).
    hidden_size : int
        H, units of the recurrent cell.
    seed : int, default 0
        Seeds the cell's weights (``seed``) and the read-out (``seed + 1``).
    cell : str, default "lstm"
        One of :data:`CELLS`.
    forget_bias : float or None, default None
        Added to the forget-gate biases, so that the cells keep most of their content from the
        start (Jozefowicz et al., 2015). None means 1.0 for a cell with a forget gate ("lstm",
        "peephole", "cifg") and 0 for the others, which accept no other value.
    dtype : numpy dtype, default np.float32
        Precision of every array.

    Returns
    -------
    dict of str to ndarray
        The cell's parameters (see ``lstmbook.scratch`` and ``lstmbook.variants``), plus
        ``W_y`` (H, 1) drawn uniformly from ±1/sqrt(H) (the scale of ``nn.Linear``) and
        ``b_y`` (1,) zero.

    Raises
    ------
    TypeError
        If ``cell`` is not a string or a size is not an int.
    ValueError
        If ``cell`` is unknown, a size is < 1, or ``forget_bias`` is not 0 for a cell without a
        forget gate.

    Examples
    --------
    >>> params = init_model(2, 4, cell="gru")
    >>> sorted(params), params["W_y"].shape
    (['W_h', 'W_x', 'W_y', 'b_h', 'b_x', 'b_y'], (4, 1))
    """
    spec = _check_cell(cell)
    if forget_bias is None:
        forget_bias = 1.0 if spec.has_forget_gate else 0.0
    forget_bias = v.check_number(forget_bias, "forget_bias", example="1.0")
    if forget_bias != 0 and not spec.has_forget_gate:
        raise ValueError(
            f"cell={cell!r} has no forget gate, so it has no forget bias either; got "
            f"forget_bias={forget_bias!r}. Leave it out (None) or pass 0."
        )
    params = spec.init(input_size, hidden_size, seed, forget_bias, dtype)
    k = 1 / np.sqrt(hidden_size)
    readout = np.random.default_rng(seed + 1).uniform(-k, k, (hidden_size, 1))
    params["W_y"] = readout.astype(dtype)
    params["b_y"] = np.zeros(1, dtype=dtype)
    return params


def forward(
    params: Mapping[str, np.ndarray], X: np.ndarray, *, cell: str = "lstm"
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Run the model on a batch: the cell over the sequences, the read-out on h_T.

    Parameters
    ----------
    params : dict
        As made by :func:`init_model`.
    X : ndarray, shape (N, T, D)
        Inputs in the [batch, time, features] layout, cast to the dtype of ``params["W_x"]``.
    cell : str, default "lstm"
        One of :data:`CELLS`, the one ``params`` were made for.

    Returns
    -------
    y_hat : ndarray, shape (N,)
        One prediction per sequence.
    h_T : ndarray, shape (N, H)
        The final hidden state.
    cache : dict
        The cell's cache: for the LSTM cells ``cache["i"]``, ``cache["f"]``, ``cache["g"]``,
        ``cache["o"]``, ``cache["c"]`` hold the gates and cell states of every step, (N, T, H).

    Raises
    ------
    ValueError
        If ``params`` lack the read-out or do not match ``cell``, or ``X`` does not fit them.
    """
    spec = _check_model(params, cell)
    X = np.asarray(X, dtype=np.asarray(params["W_x"]).dtype)
    h_T, cache = spec.run(X, params)
    y_hat = (h_T @ params["W_y"] + params["b_y"])[:, 0]
    return y_hat, h_T, cache


def predict(params: Mapping[str, np.ndarray], X: np.ndarray, *, cell: str = "lstm") -> np.ndarray:
    """The model's predictions for a batch X (N, T, D): an array of shape (N,)."""
    return forward(params, X, cell=cell)[0]


def _check_targets(y, N: int, dtype) -> np.ndarray:
    y = v.as_float_array(y, "y", dtype, fix=v.DATA_FIX)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (N,):
        raise ValueError(
            f"y must hold one target per sequence, shape ({N},), got {y.shape}. The read-out "
            "predicts one number per sequence; for windows with horizon 1 use y[:, 0]."
        )
    return y


def loss_and_grads(
    params: Mapping[str, np.ndarray], X: np.ndarray, y: np.ndarray, *, cell: str = "lstm"
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
    cell : str, default "lstm"

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
    y_hat, h_T, cache = forward(params, X, cell=cell)
    y = _check_targets(y, len(y_hat), y_hat.dtype)
    delta = (2 * (y_hat - y) / len(y))[:, None]
    grads = {"W_y": h_T.T @ delta, "b_y": delta.sum(axis=0)}
    core = _REGISTRY[cell].backward(cache, delta @ np.asarray(params["W_y"]).T)
    grads.update({k: core[k] for k in _REGISTRY[cell].keys})
    return float(np.mean((y_hat - y) ** 2)), grads


def train(
    params: MutableMapping[str, np.ndarray],
    batches: Callable[[int], tuple[np.ndarray, np.ndarray]],
    n_updates: int,
    *,
    cell: str = "lstm",
    lr: float = 1e-2,
    max_norm: float | None = 1.0,
    evaluate: Callable[[Mapping[str, np.ndarray]], float] | None = None,
    eval_every: int = 100,
    stop_below: float | None = None,
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
        ``k``; for a fixed training set, return the same arrays every time.
    n_updates : int
        The largest number of Adam steps (>= 1).
    cell : str, default "lstm"
        One of :data:`CELLS`, the one ``params`` were made for.
    lr : float, default 1e-2
        Adam's learning rate (``lstmbook.optim.Adam``).
    max_norm : float or None, default 1.0
        Clip the joint norm of the gradients to this (``lstmbook.optim.clip_grad_norm``);
        None for no clipping.
    evaluate : callable or None, default None
        ``evaluate(params) -> float``, called every ``eval_every`` updates (for example a test
        MSE, to draw a learning curve).
    eval_every : int, default 100
    stop_below : float or None, default None
        Stop as soon as ``evaluate`` returns less than this (a task counts as solved).
    progress : bool, default True
        Show the book's text progress bar.
    desc : str or None
        Label of the progress bar (default: ``cell``).

    Returns
    -------
    dict of str to ndarray
        ``"loss"``: the training loss of every update taken, before its step, shape
        (updates,); ``"eval"``: rows ``(update, evaluate(params))``, shape (evaluations, 2),
        empty (0, 2) without ``evaluate``.

    Raises
    ------
    TypeError
        If ``batches`` or ``evaluate`` is not callable, or a count is not an int.
    ValueError
        If a count is < 1, ``stop_below`` is given without ``evaluate``, or as in
        :func:`loss_and_grads` and ``lstmbook.optim``.
    """
    _check_model(params, cell)
    if not callable(batches):
        raise TypeError(
            "batches must be a function of the update number k that returns (X, y), for "
            "example lambda k: lstmbook.data.adding_problem(32, T=50, seed=10000 + k); got "
            f"{type(batches).__name__}."
        )
    if evaluate is not None and not callable(evaluate):
        raise TypeError(
            f"evaluate must be a function params -> float, or None; got {type(evaluate).__name__}."
        )
    if stop_below is not None:
        stop_below = v.check_number(stop_below, "stop_below", example="0.01")
        if evaluate is None:
            raise ValueError("stop_below needs evaluate, the function whose value it watches.")
    n_updates = v.positive_int(n_updates, "n_updates")
    eval_every = v.positive_int(eval_every, "eval_every")
    opt = optim.Adam(params, lr=lr)
    losses, curve = np.empty(n_updates), []
    bar = trange(
        n_updates, desc=desc or cell, miniters=max(1, n_updates // 4), disable=not progress
    )
    taken = 0
    for k in bar:
        X, y = batches(k)
        losses[k], grads = loss_and_grads(params, X, y, cell=cell)
        if max_norm is not None:
            optim.clip_grad_norm(grads, max_norm)
        opt.step(grads)
        taken = k + 1
        if evaluate is not None and taken % eval_every == 0:
            curve.append((taken, float(evaluate(params))))
            if stop_below is not None and curve[-1][1] < stop_below:
                break
    bar.close()
    return {"loss": losses[:taken], "eval": np.array(curve, dtype=float).reshape(-1, 2)}


def train_adding(
    T: int,
    hidden_size: int,
    n_updates: int,
    seed: int = 0,
    *,
    cell: str = "lstm",
    forget_bias: float | None = None,
    batch_size: int = 32,
    lr: float = 1e-2,
    max_norm: float | None = 1.0,
    first_batch_seed: int = 10_000,
    dtype=np.float32,
    eval_data: tuple[np.ndarray, np.ndarray] | None = None,
    eval_every: int = 100,
    solved_below: float | None = None,
    progress: bool = True,
) -> tuple[dict[str, np.ndarray], dict]:
    """Train a cell with a read-out on the adding problem, as chapter 5 does.

    Adam, clipping, and a fresh batch for every update: batch k is
    ``lstmbook.data.adding_problem(batch_size, T, seed=first_batch_seed + k)``, so no sequence
    is seen twice. Keep test sequences out of that range of seeds.

    Parameters
    ----------
    T : int
        Length of the sequences (>= 2).
    hidden_size : int
        H, units of the cell.
    n_updates : int
        The largest number of Adam steps.
    seed : int, default 0
        Seed of the initial weights (:func:`init_model`).
    cell : str, default "lstm"
        One of :data:`CELLS`.
    forget_bias : float or None, default None
        As in :func:`init_model`.
    batch_size : int, default 32
    lr : float, default 1e-2
    max_norm : float or None, default 1.0
    first_batch_seed : int, default 10000
        Seed of the first training batch; give runs with different ``seed`` different ranges
        too (for example ``10_000 + 100_000 * seed``) if their data should differ as well.
    dtype : numpy dtype, default np.float32
    eval_data : (X, y) or None, default None
        Test sequences; their MSE is recorded every ``eval_every`` updates.
    eval_every : int, default 100
    solved_below : float or None, default None
        With ``eval_data``: stop as soon as its MSE falls below this value.
    progress : bool, default True

    Returns
    -------
    params : dict of str to ndarray
        The trained model (see :func:`init_model`).
    history : dict
        As returned by :func:`train`, plus ``"solved_at"`` (the update after which the test MSE
        first fell below ``solved_below``, or None) and ``"seconds"`` (wall-clock time).

    Raises
    ------
    TypeError, ValueError
        If a size or count is not a whole number >= 1 (``T`` >= 2), or ``eval_data`` is not a
        pair (X, y).

    Examples
    --------
    >>> params, history = train_adding(T=10, hidden_size=4, n_updates=5, progress=False)
    >>> history["loss"].shape, predict(params, np.ones((3, 10, 2))).shape
    ((5,), (3,))
    """
    batch_size = v.positive_int(batch_size, "batch_size")
    first_batch_seed = v.check_int(first_batch_seed, "first_batch_seed", minimum=0)
    data.adding_problem(1, T, seed=0)  # checks T with the data module's own message
    evaluate = None
    if eval_data is not None:
        if not isinstance(eval_data, (tuple, list)) or len(eval_data) != 2:
            raise TypeError(
                "eval_data must be a pair (X, y), for example "
                f"lstmbook.data.adding_problem(1000, T, seed=1); got {type(eval_data).__name__}."
            )
        X_eval, y_eval = eval_data

        def evaluate(params):
            return float(np.mean((predict(params, X_eval, cell=cell) - y_eval) ** 2))

    elif solved_below is not None:
        raise ValueError("solved_below needs eval_data, the sequences it is measured on.")
    params = init_model(2, hidden_size, seed, cell=cell, forget_bias=forget_bias, dtype=dtype)

    def batches(k):
        X, y = data.adding_problem(batch_size, T, seed=first_batch_seed + k)
        return X.astype(dtype), y.astype(dtype)

    start = time.perf_counter()
    history = train(
        params,
        batches,
        n_updates,
        cell=cell,
        lr=lr,
        max_norm=max_norm,
        evaluate=evaluate,
        eval_every=eval_every,
        stop_below=solved_below,
        progress=progress,
        desc=f"adding, {cell}, seed {seed}",
    )
    curve = history["eval"]
    solved = solved_below is not None and len(curve) > 0 and curve[-1, 1] < solved_below
    history["solved_at"] = int(curve[-1, 0]) if solved else None
    history["seconds"] = time.perf_counter() - start
    return params, history
