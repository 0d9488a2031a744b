"""The graded assignments: statements, reference solutions, tests with points, hidden tests.

Each assignment is a list of cells in nbgrader's vocabulary:

- ``markdown``: the statement (locked);
- ``setup``: code every test needs (locked, not graded);
- ``solution``: the student's cell. Its source holds the signature and docstring (shapes) and the
  reference body between ``### BEGIN SOLUTION`` and ``### END SOLUTION``; the student release
  keeps the signature and docstring and puts ``...`` in place of the body;
- ``test``: a graded test cell with its points. The part between ``### BEGIN HIDDEN TESTS`` and
  ``### END HIDDEN TESTS`` is removed from the student release and put back when grading. A
  test cell earns its points when it runs without an error.

The tests print a line in the style of :mod:`lstmbook.checks`, ``PASS name: what is right`` or
``FAIL name: the first thing that is wrong``, which the grader copies into the feedback.

``assignments(seed)`` makes the variant of a seed: the hidden tests draw their cases from it, and
the LSTM step's weights stack the gates in an order drawn from it (seed 0: the book's order i, f,
g, o). The book's HTML shows the solution for seed 0 only; give students another seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GATES = ("i", "f", "g", "o")


@dataclass(frozen=True)
class Cell:
    """One cell of an assignment (see the module docstring for the kinds)."""

    kind: str
    source: str
    grade_id: str = ""
    points: int = 0
    exercise: str = ""


@dataclass(frozen=True)
class Assignment:
    name: str
    title: str
    cells: tuple[Cell, ...]

    def max_points(self) -> dict[str, int]:
        """Points of each exercise, in the order of the assignment."""
        out: dict[str, int] = {}
        for cell in self.cells:
            if cell.kind == "test":
                out[cell.exercise] = out.get(cell.exercise, 0) + cell.points
        return out


def gate_order(seed: int) -> tuple[str, ...]:
    """The order the gates are stacked in for a seed: the book's for 0, another one otherwise."""
    if seed == 0:
        return GATES
    perms = [p for p in _permutations(GATES) if p != GATES]
    return perms[int(np.random.default_rng(seed).integers(len(perms)))]


def _permutations(items):
    if len(items) <= 1:
        return [tuple(items)]
    return [
        (x,) + rest
        for k, x in enumerate(items)
        for rest in _permutations(items[:k] + items[k + 1 :])
    ]


SETUP = '''import numpy as np

import lstmbook as lb

SEED = @SEED@  # this assignment's variant


def report(ok, name, right, wrong):
    """Print PASS or FAIL with what is right or wrong; fail the cell when wrong."""
    print(f"{'PASS' if ok else 'FAIL'} {name}: {right if ok else wrong}")
    assert ok, wrong


def call(fn, *args, n=None):
    """Call a student's function; say in words when it returns nothing or too little."""
    out = fn(*args)
    name = fn.__name__
    if out is None:
        report(False, name, "", f"{name} returns None: write its body in place of `...`.")
    if n and not (isinstance(out, tuple) and len(out) == n):
        report(False, name, "", f"{name} must return {n} values as a tuple.")
    return out'''


def _test(grade_id, points, exercise, visible, hidden=""):
    source = f"# Test ({points} point{'s' if points > 1 else ''}).\n{visible}"
    if hidden:
        source += f"\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS"
    return Cell("test", source, grade_id, points, exercise)


def _md(text):
    return Cell("markdown", text)


def _solution(grade_id, exercise, source):
    return Cell("solution", source, grade_id, 0, exercise)


# --- assignment 1: an LSTM from scratch (chapters 1-4) -------------------------------------------

WINDOWS = '''def make_windows(series, look_back, horizon=1):
    """Every input window of a 1-D series and the values that follow it.

    Parameters
    ----------
    series : ndarray, shape (T,)
    look_back : int
        L, the length of each input window.
    horizon : int
        h, how many values after a window are its target.

    Returns
    -------
    X : ndarray, shape (N, L, 1)
        Window k is series[k : k + L], with a features axis; N = T - L - h + 1.
    y : ndarray, shape (N, h)
        Target k is series[k + L : k + L + h].
    """
    ### BEGIN SOLUTION
    series = np.asarray(series, dtype=float)
    n = len(series) - look_back - horizon + 1
    X = np.stack([series[k : k + look_back] for k in range(n)])
    y = np.stack([series[k + look_back : k + look_back + horizon] for k in range(n)])
    return X[:, :, None], y
    ### END SOLUTION'''

RNN = '''def rnn_step(x_t, h_prev, params):
    """One step of a plain RNN, h_t = tanh(x_t W_x + h_{t-1} W_h + b).

    Parameters
    ----------
    x_t : ndarray, shape (N, D)
    h_prev : ndarray, shape (N, H)
    params : dict
        ``W_x`` (D, H), ``W_h`` (H, H), ``b`` (H,).

    Returns
    -------
    h_t : ndarray, shape (N, H)
    """
    ### BEGIN SOLUTION
    return np.tanh(x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"])
    ### END SOLUTION'''

LSTM = '''def lstm_step(x_t, h_prev, c_prev, params):
    """One LSTM step, with the gate blocks stacked in the order GATE_ORDER.

    Parameters
    ----------
    x_t : ndarray, shape (N, D)
    h_prev, c_prev : ndarray, shape (N, H)
        h_{t-1} and C_{t-1}.
    params : dict
        ``W_x`` (D, 4H), ``W_h`` (H, 4H), ``b`` (4H,): block k of the pre-activations
        a = x_t W_x + h_prev W_h + b, a[:, k*H:(k+1)*H], belongs to gate GATE_ORDER[k].

    Returns
    -------
    h_t, c_t : ndarray, shape (N, H)
    """
    ### BEGIN SOLUTION
    a = x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]
    blocks = dict(zip(GATE_ORDER, np.split(a, 4, axis=1), strict=True))
    i, f, o = (lb.scratch.sigmoid(blocks[k]) for k in "ifo")
    g = np.tanh(blocks["g"])
    c_t = f * c_prev + i * g
    return o * np.tanh(c_t), c_t
    ### END SOLUTION'''

LSTM_SETUP = '''GATE_ORDER = @ORDER@  # how this assignment stacks the gate blocks


def in_assignment_order(params):
    """Weights stacked i, f, g, o (the book's order) restacked in GATE_ORDER."""
    H = params["W_h"].shape[0]
    idx = np.concatenate([np.arange(H) + H * "ifgo".index(k) for k in GATE_ORDER])
    return {name: w[..., idx] for name, w in params.items()}


def cell_state_right(seed):
    """Whether lstm_step's c_t is right in three random cases."""
    rng = np.random.default_rng(seed)
    for k in range(3):
        params = lb.scratch.init_lstm_params(3, 4, seed=seed + k)
        params["b"] = params["b"] + rng.normal(size=16)
        x, h, c = (rng.normal(size=(2, d)) for d in (3, 4, 4))
        _, c_ref, _ = lb.scratch.lstm_step_forward(x, h, c, params)
        _, c_t = call(lstm_step, x, h, c, in_assignment_order(params), n=2)
        if np.shape(c_t) != c_ref.shape or not np.allclose(c_t, c_ref):
            return False
    return True


def lstm_step_book_order(x_t, h_prev, c_prev, params):
    """lstm_step called with weights stacked as lstmbook.checks stacks them."""
    return lstm_step(x_t, h_prev, c_prev, in_assignment_order(params))'''

BACKWARD = '''def lstm_step_backward(dh_t, dc_t, cache):
    """Backward pass of one LSTM step (gates stacked i, f, g, o).

    Parameters
    ----------
    dh_t, dc_t : ndarray, shape (N, H)
        Gradients of the loss with respect to h_t and C_t.
    cache : dict
        From lb.scratch.lstm_step_forward: ``x_t`` (N, D), ``h_prev``, ``c_prev``, the gates
        ``i``, ``f``, ``g``, ``o`` and ``tanh_c`` (N, H), ``W_x`` (D, 4H), ``W_h`` (H, 4H).

    Returns
    -------
    dx_t : (N, D), dh_prev : (N, H), dc_prev : (N, H), dW_x : (D, 4H), dW_h : (H, 4H),
    db : (4H,)
    """
    ### BEGIN SOLUTION
    i, f, g, o, tanh_c = (cache[k] for k in ("i", "f", "g", "o", "tanh_c"))
    dc = dc_t + dh_t * o * (1 - tanh_c**2)
    da = np.concatenate(
        [
            dc * g * i * (1 - i),
            dc * cache["c_prev"] * f * (1 - f),
            dc * i * (1 - g**2),
            dh_t * tanh_c * o * (1 - o),
        ],
        axis=1,
    )
    return (
        da @ cache["W_x"].T,
        da @ cache["W_h"].T,
        dc * f,
        cache["x_t"].T @ da,
        cache["h_prev"].T @ da,
        da.sum(axis=0),
    )
    ### END SOLUTION'''

BACKWARD_SETUP = '''def backward_case(seed, N=3, D=2, H=4):
    """A random step: the forward cache, dh_t, dc_t and the reference gradients."""
    rng = np.random.default_rng(seed)
    params = lb.scratch.init_lstm_params(D, H, seed=seed)
    x, h, c = rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    _, _, cache = lb.scratch.lstm_step_forward(x, h, c, params)
    dh, dc = rng.normal(size=(N, H)), rng.normal(size=(N, H))
    return cache, dh, dc, lb.scratch.lstm_step_backward(dh, dc, cache)'''


def assignment_1(seed: int) -> Assignment:
    hidden = 1000 + seed
    order = gate_order(seed)
    ex = "make_windows"
    cells = [
        _md(
            "# Assignment 1: an LSTM from scratch (chapters 1 to 4)\n\n"
            "Write each function where its cell says `...`, then run the test cell under it: it "
            "prints `PASS` with what is right, or `FAIL` with the first thing that is wrong. "
            "When your notebook is graded, hidden tests run the same checks on other random "
            "cases. Do not rename the functions; you may add cells of your own.\n\n"
            "Points: windows 3, RNN step 2, LSTM step 4, LSTM step backward 4 (13 in all)."
        ),
        Cell("setup", SETUP.replace("@SEED@", str(seed)), "setup"),
        _md(
            "## 1. Windows (chapter 1; 3 points)\n\n"
            "Write `make_windows(series, look_back, horizon)`: every input window of "
            "`look_back` values and the `horizon` values that follow it, as "
            "`lstmbook.data.make_windows` returns them (chapter 1, exercise ch01-ex-fix: keep "
            "the last window). Do not call `lb.data.make_windows`."
        ),
        _solution("make_windows", ex, WINDOWS),
        _test(
            "windows_shape",
            1,
            ex,
            "out = call(make_windows, np.arange(12.0), 4, 2, n=2)\n"
            "report(\n"
            "    np.shape(out[0])[1:] == (4, 1) and np.shape(out[1])[1:] == (2,),\n"
            '    "windows_shape",\n'
            '    "X is (N, look_back, 1) and y is (N, horizon).",\n'
            '    f"X has shape {np.shape(out[0])} and y {np.shape(out[1])}; "\n'
            '    "expected (N, 4, 1) and (N, 2): [batch, time, features].",\n'
            ")",
        ),
        _test(
            "windows_count",
            1,
            ex,
            "X, y = call(make_windows, np.arange(20.0), 5, 3, n=2)\n"
            'few = ": the last window is dropped." if len(X) == 12 else "."\n'
            "report(\n"
            "    len(X) == len(y) == 13,\n"
            '    "windows_count",\n'
            '    "a series of 20 gives 20 - 5 - 3 + 1 = 13 windows.",\n'
            '    f"a series of 20 (look_back=5, horizon=3) gives {len(X)} windows, "\n'
            '    f"expected 20 - 5 - 3 + 1 = 13{few}",\n'
            ")",
        ),
        _test(
            "windows_values",
            1,
            ex,
            "assert lb.checks.check_make_windows(make_windows)",
            f"assert lb.checks.check_make_windows(make_windows, seed={hidden})",
        ),
        _md(
            "## 2. One RNN step (chapter 2; 2 points)\n\n"
            "Write `rnn_step(x_t, h_prev, params)` for "
            "$h_t = \\tanh(x_t W_x + h_{t-1} W_h + b)$, one row per example."
        ),
        _solution("rnn_step", "rnn_step", RNN),
        _test(
            "rnn_shape",
            1,
            "rnn_step",
            "p = lb.scratch.init_rnn_params(3, 5, seed=0)\n"
            "h_t = call(rnn_step, np.ones((4, 3)), np.zeros((4, 5)), p)\n"
            "report(\n"
            "    np.shape(h_t) == (4, 5),\n"
            '    "rnn_shape",\n'
            '    "h_t is (N, H).",\n'
            '    f"h_t has shape {np.shape(h_t)}, expected (N, H) = (4, 5).",\n'
            ")",
        ),
        _test(
            "rnn_values",
            1,
            "rnn_step",
            "assert lb.checks.check_rnn_step(rnn_step)",
            f"assert lb.checks.check_rnn_step(rnn_step, seed={hidden})",
        ),
        _md(
            "## 3. One LSTM step (chapter 3; 4 points)\n\n"
            "Write `lstm_step(x_t, h_prev, c_prev, params)`, which returns `(h_t, c_t)`. "
            f"**In this assignment the weights stack the gate blocks in the order "
            f"{', '.join(order)}** (`GATE_ORDER` below"
            + (", the book's order" if order == GATES else "; the book uses i, f, g, o")
            + "): block k of the pre-activations `a` is `a[:, k*H:(k+1)*H]`."
        ),
        Cell("setup", LSTM_SETUP.replace("@ORDER@", repr(order)), "lstm_setup"),
        _solution("lstm_step", "lstm_step", LSTM),
        _test(
            "lstm_shapes",
            1,
            "lstm_step",
            "rng = np.random.default_rng(0)\n"
            "p = in_assignment_order(lb.scratch.init_lstm_params(2, 3, seed=0))\n"
            "x, h, c = rng.normal(size=(4, 2)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))\n"
            "h_t, c_t = call(lstm_step, x, h, c, p, n=2)\n"
            "report(\n"
            "    np.shape(h_t) == np.shape(c_t) == (4, 3),\n"
            '    "lstm_shapes",\n'
            '    "h_t and c_t are (N, H).",\n'
            '    f"h_t is {np.shape(h_t)} and c_t {np.shape(c_t)}, expected (4, 3) each.",\n'
            ")",
        ),
        _test(
            "lstm_cell_state",
            2,
            "lstm_step",
            "report(\n"
            "    cell_state_right(0),\n"
            '    "lstm_cell_state",\n'
            '    "C_t = f_t * C_{t-1} + i_t * g_t is right.",\n'
            '    "C_t is wrong: check which block of a is which gate (GATE_ORDER), the "\n'
            '    "forget gate, and tanh for the candidate g.",\n'
            ")",
            f"assert cell_state_right({hidden})",
        ),
        _test(
            "lstm_output",
            1,
            "lstm_step",
            "assert lb.checks.check_lstm_step(lstm_step_book_order)",
            f"assert lb.checks.check_lstm_step(lstm_step_book_order, seed={hidden})",
        ),
        _md(
            "## 4. The LSTM step backward (chapter 4; 4 points)\n\n"
            "Write `lstm_step_backward(dh_t, dc_t, cache)`, the six gradients of one step "
            "(gates stacked i, f, g, o as in `lb.scratch`). Do not call "
            "`lb.scratch.lstm_step_backward`."
        ),
        Cell("setup", BACKWARD_SETUP, "backward_setup"),
        _solution("lstm_step_backward", "lstm_step_backward", BACKWARD),
        _test(
            "backward_shapes",
            1,
            "lstm_step_backward",
            "cache, dh, dc, ref = backward_case(0)\n"
            "out = call(lstm_step_backward, dh, dc, cache, n=6)\n"
            "shapes = [np.shape(g) for g in out]\n"
            "report(\n"
            "    shapes == [r.shape for r in ref],\n"
            '    "backward_shapes",\n'
            '    "the six gradients have the shapes of x_t, h, c, W_x, W_h and b.",\n'
            '    f"the gradients have shapes {shapes}, expected {[r.shape for r in ref]}.",\n'
            ")",
        ),
        _test(
            "backward_carousel",
            1,
            "lstm_step_backward",
            "cache, dh, dc, ref = backward_case(1)\n"
            "dc_prev = call(lstm_step_backward, dh, dc, cache, n=6)[2]\n"
            "report(\n"
            "    np.allclose(dc_prev, ref[2]),\n"
            '    "backward_carousel",\n'
            '    "dC_{t-1} = dC_t * f_t is right.",\n'
            '    "dc_prev is wrong: dC_t collects dc_t and dh_t * o_t * (1 - tanh(C_t)^2), "\n'
            '    "and dC_{t-1} = dC_t * f_t.",\n'
            ")",
            f"cache, dh, dc, ref = backward_case({hidden})\n"
            "assert np.allclose(lstm_step_backward(dh, dc, cache)[2], ref[2])",
        ),
        _test(
            "backward_all",
            2,
            "lstm_step_backward",
            "assert lb.checks.check_lstm_backward(lstm_step_backward)",
            f"assert lb.checks.check_lstm_backward(lstm_step_backward, seed={hidden})",
        ),
    ]
    return Assignment("a1_from_scratch", "An LSTM from scratch", tuple(cells))


# --- assignment 2: PyTorch, forecasting and variants (chapters 7, 9, 10 and 13) -----------------

MASE = '''def mase(y_true, y_pred, y_train, season=1):
    """Mean absolute scaled error.

    Parameters
    ----------
    y_true, y_pred : ndarray, shape (h,)
        Actual values and forecasts of the hold-out.
    y_train : ndarray, shape (n,)
        The training series, n > season.
    season : int
        m, the lag of the seasonal naive forecast that sets the scale.

    Returns
    -------
    float
        mean|y_true - y_pred| / mean_{t >= m} |y_train[t] - y_train[t - m]|.
    """
    ### BEGIN SOLUTION
    y_train = np.asarray(y_train, dtype=float)
    scale = np.mean(np.abs(y_train[season:] - y_train[:-season]))
    return float(np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred))) / scale)
    ### END SOLUTION'''

GRU = '''def gru_step(x_t, h_prev, params):
    """One GRU step as torch.nn.GRUCell computes it (gate blocks r, z, n).

    Parameters
    ----------
    x_t : ndarray, shape (N, D)
    h_prev : ndarray, shape (N, H)
    params : dict
        ``W_x`` (D, 3H), ``W_h`` (H, 3H), ``b_x`` (3H,), ``b_h`` (3H,).

    Returns
    -------
    h_t : ndarray, shape (N, H)
    """
    ### BEGIN SOLUTION
    H = h_prev.shape[1]
    ax = x_t @ params["W_x"] + params["b_x"]
    ah = h_prev @ params["W_h"] + params["b_h"]
    r = lb.scratch.sigmoid(ax[:, :H] + ah[:, :H])
    z = lb.scratch.sigmoid(ax[:, H : 2 * H] + ah[:, H : 2 * H])
    n = np.tanh(ax[:, 2 * H :] + r * ah[:, 2 * H :])
    return (1 - z) * n + z * h_prev
    ### END SOLUTION'''

FORGET = '''def init_forget_bias(lstm, value=1.0):
    """Start every forget gate of an nn.LSTM (all layers, both directions) at bias `value`.

    Parameters
    ----------
    lstm : torch.nn.LSTM
        Biases ``bias_ih_l{k}`` and ``bias_hh_l{k}`` (and ``..._reverse``), each (4H,), with
        the gate blocks in the order i, f, g, o.
    value : float
        The forget gate's bias: the gate sees the sum bias_ih + bias_hh.

    Returns
    -------
    torch.nn.LSTM
        The same module, changed in place.
    """
    ### BEGIN SOLUTION
    H = lstm.hidden_size
    with torch.no_grad():
        for name, p in lstm.named_parameters():
            if name.startswith("bias_ih"):
                p[H : 2 * H] = value
            elif name.startswith("bias_hh"):
                p[H : 2 * H] = 0.0
    return lstm
    ### END SOLUTION'''

FORGET_SETUP = '''import torch


def biases(lstm):
    """{layer and direction: (bias_ih, bias_hh)} as NumPy arrays."""
    out = {}
    for name, p in lstm.named_parameters():
        if name.startswith("bias_"):
            key = name[len("bias_ih_") :]
            out.setdefault(key, {})[name[:7]] = p.detach().numpy().copy()
    return {k: (v["bias_ih"], v["bias_hh"]) for k, v in out.items()}


def forget_sums(lstm):
    """The forget gate's total bias in each layer and direction."""
    H = lstm.hidden_size
    return [ih[H : 2 * H] + hh[H : 2 * H] for ih, hh in biases(lstm).values()]'''

MASE_SETUP = '''def mase_case(seed, season):
    """A training series with a season, a hold-out and a forecast."""
    rng = np.random.default_rng(seed)
    t = np.arange(60)
    y = 10 + np.sin(2 * np.pi * t / season) * 3 + rng.normal(size=60)
    return y[:48], y[48:], y[48:] + rng.normal(size=12)'''


def assignment_2(seed: int) -> Assignment:
    hidden = 1000 + seed
    cells = [
        _md(
            "# Assignment 2: PyTorch, forecasting and variants (chapters 7, 9, 10 and 13)\n\n"
            "Write each function where its cell says `...`, then run the test cell under it. "
            "Hidden tests run the same checks on other cases when your notebook is graded.\n\n"
            "Points: MASE 3, forget-gate bias 3, GRU step 3 (9 in all)."
        ),
        Cell("setup", SETUP.replace("@SEED@", str(seed)), "setup"),
        _md(
            "## 1. MASE (chapters 9 and 10; 3 points)\n\n"
            "Write `mase(y_true, y_pred, y_train, season)`: the forecast's mean absolute error "
            "divided by the in-sample mean absolute error of the seasonal naive forecast on the "
            "*training* series. Do not call `lb.forecast`."
        ),
        Cell("setup", MASE_SETUP, "mase_setup"),
        _solution("mase", "mase", MASE),
        _test(
            "mase_scale",
            1,
            "mase",
            "train, test, pred = mase_case(0, 12)\n"
            "got = call(mase, test, pred, train)\n"
            "want = lb.forecast.metrics.mase(test, pred, train)\n"
            "leak = np.mean(np.abs(test - pred)) / np.mean(np.abs(np.diff(test)))\n"
            "report(\n"
            "    np.isclose(got, want),\n"
            '    "mase_scale",\n'
            '    "the scale is the naive forecast\'s error on the training series.",\n'
            '    "the scale comes from the hold-out: take it from y_train."\n'
            "    if np.isclose(got, leak)\n"
            '    else f"mase gives {got}, expected {want:.6f} for season=1.",\n'
            ")",
        ),
        _test(
            "mase_season",
            1,
            "mase",
            "train, test, pred = mase_case(1, 12)\n"
            "got = call(mase, test, pred, train, 12)\n"
            "want = lb.forecast.metrics.mase(test, pred, train, season=12)\n"
            "report(\n"
            "    np.isclose(got, want),\n"
            '    "mase_season",\n'
            '    "with season=12 the scale is the seasonal naive forecast\'s error.",\n'
            '    "season is ignored: the scale compares y_train[t] with y_train[t - season]."\n'
            "    if np.isclose(got, lb.forecast.metrics.mase(test, pred, train))\n"
            '    else f"mase gives {got} for season=12, expected {want:.6f}.",\n'
            ")",
        ),
        _test(
            "mase_hidden",
            1,
            "mase",
            "train, test, pred = mase_case(2, 4)\n"
            'report(call(mase, test, test, train, 4) == 0, "mase_hidden", "a perfect forecast '
            'scores 0.", "a perfect forecast must score 0.")',
            f"for k, m in enumerate((1, 4, 7)):\n"
            f"    train, test, pred = mase_case({hidden} + k, m)\n"
            "    want = lb.forecast.metrics.mase(test, pred, train, season=m)\n"
            "    assert np.isclose(mase(test, pred, train, m), want), f'season={m}'",
        ),
        _md(
            "## 2. The forget-gate bias in PyTorch (chapter 7; 3 points)\n\n"
            "Write `init_forget_bias(lstm, value)`, which starts every forget gate of an "
            "`nn.LSTM` at bias `value` in every layer and direction, and changes nothing else."
        ),
        Cell("setup", FORGET_SETUP, "forget_setup"),
        _solution("init_forget_bias", "init_forget_bias", FORGET),
        _test(
            "forget_block",
            1,
            "init_forget_bias",
            "torch.manual_seed(0)\n"
            "lstm = torch.nn.LSTM(3, 4, batch_first=True)\n"
            'before = biases(lstm)["l0"]\n'
            'after = biases(call(init_forget_bias, lstm, 1.0))["l0"]\n'
            "changed = [\n"
            "    k for k in range(4)\n"
            "    if any(not np.array_equal(a[4 * k : 4 * k + 4], b[4 * k : 4 * k + 4])\n"
            "           for a, b in zip(before, after, strict=True))\n"
            "]\n"
            "report(\n"
            "    changed in ([1], []),\n"
            '    "forget_block",\n'
            '    "only the forget block, bias[H:2H], is changed.",\n'
            '    f"blocks {changed} of the biases changed: the gates are stacked i, f, g, o, "\n'
            '    "so the forget gate is block 1, bias[H:2H].",\n'
            ")",
        ),
        _test(
            "forget_sum",
            1,
            "init_forget_bias",
            "torch.manual_seed(1)\n"
            "total = forget_sums(call(init_forget_bias, torch.nn.LSTM(3, 4), 1.0))[0]\n"
            "report(\n"
            "    np.allclose(total, 1.0),\n"
            '    "forget_sum",\n'
            '    "the forget gate sees bias_ih + bias_hh = value.",\n'
            '    "bias_ih and bias_hh both hold value: the gate sees their sum, 2 * value; "\n'
            '    "put 0 in bias_hh."\n'
            "    if np.allclose(total, 2.0)\n"
            '    else f"the forget gate sees bias_ih + bias_hh = {total}, expected 1.0 each.",\n'
            ")",
        ),
        _test(
            "forget_layers",
            1,
            "init_forget_bias",
            "torch.manual_seed(2)\n"
            "deep = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)\n"
            "sums = forget_sums(call(init_forget_bias, deep, 0.5))\n"
            "report(\n"
            "    all(np.allclose(t, 0.5) for t in sums),\n"
            '    "forget_layers",\n'
            '    "every layer and direction starts at the value.",\n'
            '    f"{sum(not np.allclose(t, 0.5) for t in sums)} of the 4 layers and directions "\n'
            '    "are not set: loop over named_parameters (bias_ih_l1, ..._reverse).",\n'
            ")",
            f"torch.manual_seed({hidden})\n"
            "deep = torch.nn.LSTM(2, 6, num_layers=3)\n"
            "assert all(np.allclose(t, -0.25) for t in forget_sums(init_forget_bias(deep, -0.25)))",
        ),
        _md(
            "## 3. One GRU step (chapter 13; 3 points)\n\n"
            "Write `gru_step(x_t, h_prev, params)` so that it equals `torch.nn.GRUCell` "
            "(gate blocks r, z, n; the reset gate multiplies the recurrent term after its "
            "matrix product)."
        ),
        _solution("gru_step", "gru_step", GRU),
        _test(
            "gru_shape",
            1,
            "gru_step",
            "rng = np.random.default_rng(0)\n"
            'p = {k: rng.normal(size=s) for k, s in [("W_x", (3, 12)), ("W_h", (4, 12)), '
            '("b_x", 12), ("b_h", 12)]}\n'
            "h_t = call(gru_step, rng.normal(size=(2, 3)), rng.normal(size=(2, 4)), p)\n"
            'report(np.shape(h_t) == (2, 4), "gru_shape", "h_t is (N, H).", '
            'f"h_t has shape {np.shape(h_t)}, expected (2, 4).")',
        ),
        _test(
            "gru_values",
            2,
            "gru_step",
            "assert lb.checks.check_gru_step(gru_step)",
            f"assert lb.checks.check_gru_step(gru_step, seed={hidden})",
        ),
    ]
    return Assignment("a2_pytorch_and_forecasting", "PyTorch, forecasting, variants", tuple(cells))


def assignments(seed: int = 0) -> dict[str, Assignment]:
    """Every graded assignment of the book, in the variant of ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}.")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}.")
    made = (assignment_1(int(seed)), assignment_2(int(seed)))
    return {a.name: a for a in made}
