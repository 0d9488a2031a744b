"""Checks a student runs on their own code: ``lb.checks.check_lstm_step(my_step)``.

Each check calls the student's function on random cases drawn from a seed, compares it with the
book's reference implementation, and prints either what is right or the *first* thing that is
wrong, in words (wrong shape, gates in the wrong order, a missing term). It returns True or
False, so a notebook can ``assert lb.checks.check_lstm_step(my_step)``.

The cases come from ``seed`` (default 0), so a failure can be reproduced exactly: a failing
check prints the call that repeats it, for example ``check_lstm_step(fn, seed=0)``; another
seed tries other cases.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from lstmbook import data, scratch

__all__ = [
    "check_make_windows",
    "check_rnn_step",
    "check_lstm_step",
    "check_lstm_backward",
    "check_gru_step",
]

GATES = ("i", "f", "g", "o")
TOL = 1e-8


def _close(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=TOL, atol=TOL))


def _report(ok: bool, name: str, message: str = "", seed: int | None = None) -> bool:
    again = "" if ok or seed is None else f" (to repeat: check_{name}(fn, seed={seed}))"
    print(f"{'PASS' if ok else 'FAIL'} {name}: {message}{again}")
    return ok


def _check_seed(seed) -> int:
    from lstmbook._validate import check_int

    return check_int(seed, "seed", minimum=0)


def _call(fn: Callable, name: str, *args):
    """Call the student's function; a crash becomes a message, not a traceback."""
    try:
        return True, fn(*args)
    except NotImplementedError:
        return False, "the function is still a stub (it raises NotImplementedError)."
    except Exception as err:  # noqa: BLE001 - any student error is reported in words
        return False, f"calling it raised {type(err).__name__}: {err}"


def _shape_problem(got, expected: tuple, what: str) -> str | None:
    shape = np.shape(got)
    if shape != expected:
        return f"{what} has shape {shape}, expected {expected}."
    return None


# --- windows --------------------------------------------------------------------------------


def check_make_windows(fn: Callable, seed: int = 0) -> bool:
    """Check ``fn(series, look_back, horizon)`` against :func:`lstmbook.data.make_windows`.

    Parameters
    ----------
    fn : callable
        ``fn(series, look_back, horizon) -> (X, y)`` with ``X`` (N, look_back, 1) and
        ``y`` (N, horizon) for a 1-D series.

    Returns
    -------
    bool
        True when every case matches.
    """
    name = "make_windows"
    seed = _check_seed(seed)
    rng = np.random.default_rng(seed)
    for length, look_back, horizon in [(20, 5, 1), (31, 7, 3), (12, 1, 1), (9, 4, 5)]:
        series = rng.normal(size=length)
        ok, got = _call(fn, name, series, look_back, horizon)
        if not ok:
            return _report(False, name, seed=seed, message=got)
        if not (isinstance(got, tuple) and len(got) == 2):
            return _report(
                False,
                name,
                seed=seed,
                message="return two arrays, X and y, as a tuple: return X, y",
            )
        X, y = np.asarray(got[0]), np.asarray(got[1])
        X_ref, y_ref = data.make_windows(series, look_back, horizon)
        n = X_ref.shape[0]
        case = f"(series of {length}, look_back={look_back}, horizon={horizon})"
        if X.shape[0] == n - 1:
            return _report(
                False,
                name,
                seed=seed,
                message=f"one window too few {case}: the last window is dropped. The loop must run "
                "len(series) - look_back - horizon + 1 times.",
            )
        if X.shape == (n, look_back):
            return _report(
                False,
                name,
                seed=seed,
                message=f"X has shape {X.shape} {case}: add the features axis, X[..., None], "
                "so that it is [batch, time, features].",
            )
        if problem := _shape_problem(X, X_ref.shape, "X"):
            return _report(False, name, seed=seed, message=f"{problem} {case}")
        if y.shape == (n,) and horizon == 1:
            return _report(
                False,
                name,
                seed=seed,
                message=f"y has shape {y.shape}: make it (N, horizon), y[:, None].",
            )
        if problem := _shape_problem(y, y_ref.shape, "y"):
            return _report(False, name, seed=seed, message=f"{problem} {case}")
        if not _close(X, X_ref):
            return _report(
                False, name, seed=seed, message=f"the input windows hold the wrong values {case}."
            )
        if n > 1 and _close(y[1:], y_ref[:-1]):
            return _report(
                False,
                name,
                seed=seed,
                message="the targets are one step too early: the target of window k "
                "starts at series[k + look_back], right after the window.",
            )
        if not _close(y, y_ref):
            return _report(
                False, name, seed=seed, message=f"the targets hold the wrong values {case}."
            )
    return _report(True, name, "shapes, windows and targets are right in 4 random cases.")


# --- a plain RNN step -----------------------------------------------------------------------


def check_rnn_step(fn: Callable, seed: int = 0) -> bool:
    """Check ``fn(x_t, h_prev, params) -> h_t`` for h_t = tanh(x_t W_x + h_prev W_h + b).

    ``params`` holds ``W_x`` (D, H), ``W_h`` (H, H) and ``b`` (H,), as
    :func:`lstmbook.scratch.init_rnn_params` makes them.
    """
    name = "rnn_step"
    seed = _check_seed(seed)
    for k, (N, D, H) in enumerate([(3, 2, 4), (1, 5, 3)]):
        case_seed = 1000 * seed + k
        params = scratch.init_rnn_params(D, H, seed=case_seed)
        rng = np.random.default_rng(case_seed)
        x_t, h_prev = rng.normal(size=(N, D)), rng.normal(size=(N, H))
        ok, h_t = _call(fn, name, x_t, h_prev, params)
        if not ok:
            return _report(False, name, seed=seed, message=h_t)
        ref, _, _ = scratch.rnn_forward(x_t[:, None, :], params, h0=h_prev)
        ref = ref[:, 0]
        if problem := _shape_problem(h_t, ref.shape, "h_t"):
            return _report(False, name, seed=seed, message=problem)
        pre = x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]
        if _close(h_t, pre):
            return _report(
                False, name, seed=seed, message="h_t is not squashed: apply np.tanh to the sum."
            )
        if _close(h_t, np.tanh(x_t @ params["W_x"] + params["b"])):
            return _report(False, name, seed=seed, message="h_t ignores h_prev: add h_prev @ W_h.")
        if not _close(h_t, ref):
            return _report(
                False, name, seed=seed, message="h_t has the right shape but wrong values."
            )
    return _report(True, name, "h_t is right in 2 random cases.")


# --- the LSTM step --------------------------------------------------------------------------


def _lstm_variants(x_t, h_prev, c_prev, params):
    """Typical mistakes, each as (message, h_t, c_t)."""
    H = h_prev.shape[1]
    a = x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]
    blocks = {name: a[:, k * H : (k + 1) * H] for k, name in enumerate(GATES)}
    sig = scratch.sigmoid
    for order in itertools.permutations(GATES):
        if order == GATES:
            continue
        read = {gate: a[:, order.index(gate) * H : (order.index(gate) + 1) * H] for gate in GATES}
        i, f, g, o = sig(read["i"]), sig(read["f"]), np.tanh(read["g"]), sig(read["o"])
        c = f * c_prev + i * g
        yield (
            f"the gates are read in the order {', '.join(order)}; the book stacks them "
            "i, f, g, o (PyTorch's order): block k of the pre-activations is a[:, k*H:(k+1)*H].",
            o * np.tanh(c),
            c,
        )
    i, f, g, o = sig(blocks["i"]), sig(blocks["f"]), np.tanh(blocks["g"]), sig(blocks["o"])
    mistakes = [
        ("the forget gate is missing: C_t = f_t * C_{t-1} + i_t * ~C_t.", c_prev + i * g, None),
        ("C_{t-1} is not carried: C_t = f_t * C_{t-1} + i_t * ~C_t.", i * g, None),
        (
            "the candidate ~C_t uses a sigmoid where tanh belongs.",
            f * c_prev + i * sig(blocks["g"]),
            None,
        ),
        ("a gate uses tanh where a sigmoid belongs (i, f and o are sigmoids).", None, None),
        ("h_t = o_t * C_t: squash the cell state first, h_t = o_t * tanh(C_t).", None, "no-tanh"),
        ("h_t = tanh(C_t): the output gate is missing, h_t = o_t * tanh(C_t).", None, "no-o"),
    ]
    c = f * c_prev + i * g
    for message, c_wrong, h_kind in mistakes:
        if c_wrong is not None:
            yield message, o * np.tanh(c_wrong), c_wrong
        elif h_kind == "no-tanh":
            yield message, o * c, c
        elif h_kind == "no-o":
            yield message, np.tanh(c), c
        else:  # any of the three gates squashed by tanh instead of a sigmoid
            for k in (1, 2, 3):
                for gates in itertools.combinations(("i", "f", "o"), k):
                    acts = {"i": i, "f": f, "o": o}
                    acts.update({gate: np.tanh(blocks[gate]) for gate in gates})
                    cw = acts["f"] * c_prev + acts["i"] * g
                    names = " and ".join(gates)
                    yield (
                        message.replace("a gate uses", f"{names} use{'s' if k == 1 else ''}"),
                        acts["o"] * np.tanh(cw),
                        cw,
                    )


def check_lstm_step(fn: Callable, seed: int = 0) -> bool:
    """Check ``fn(x_t, h_prev, c_prev, params) -> (h_t, c_t[, cache])`` against the book's step.

    ``params`` holds ``W_x`` (D, 4H), ``W_h`` (H, 4H) and ``b`` (4H,) with the gates stacked
    i, f, g, o, as :func:`lstmbook.scratch.init_lstm_params` makes them.
    """
    name = "lstm_step"
    seed = _check_seed(seed)
    for k, (N, D, H) in enumerate([(3, 2, 4), (2, 5, 3)]):
        case_seed = 1000 * seed + k
        params = scratch.init_lstm_params(D, H, seed=case_seed)
        params["b"] = params["b"] + np.random.default_rng(case_seed).normal(size=4 * H)
        rng = np.random.default_rng(case_seed + 1)
        x_t, h_prev, c_prev = (
            rng.normal(size=(N, D)),
            rng.normal(size=(N, H)),
            rng.normal(size=(N, H)),
        )
        ok, out = _call(fn, name, x_t, h_prev, c_prev, params)
        if not ok:
            return _report(False, name, seed=seed, message=out)
        if not (isinstance(out, tuple) and len(out) in (2, 3)):
            return _report(
                False,
                name,
                seed=seed,
                message="return h_t and c_t (and optionally a cache) as a tuple.",
            )
        h_t, c_t = out[0], out[1]
        h_ref, c_ref, _ = scratch.lstm_step_forward(x_t, h_prev, c_prev, params)
        for got, ref, what in ((h_t, h_ref, "h_t"), (c_t, c_ref, "c_t")):
            if problem := _shape_problem(got, ref.shape, what):
                return _report(False, name, seed=seed, message=problem)
        if _close(h_t, c_ref) and _close(c_t, h_ref):
            return _report(
                False,
                name,
                seed=seed,
                message="h_t and c_t are swapped: return h_t first, then c_t.",
            )
        if _close(h_t, h_ref) and _close(c_t, c_ref):
            continue
        for message, h_wrong, c_wrong in _lstm_variants(x_t, h_prev, c_prev, params):
            if _close(h_t, h_wrong) and _close(c_t, c_wrong):
                return _report(False, name, seed=seed, message=message)
        what = "c_t" if not _close(c_t, c_ref) else "h_t"
        return _report(
            False, name, seed=seed, message=f"{what} has the right shape but wrong values."
        )
    return _report(True, name, "h_t and c_t are right in 2 random cases.")


# --- the LSTM step backward -----------------------------------------------------------------


def _backward_variants(dh_t, dc_t, sc):
    """Typical mistakes in the step backward, each as (message, outputs)."""
    i, f, g, o, tanh_c = sc["i"], sc["f"], sc["g"], sc["o"], sc["tanh_c"]

    def finish(dc, do, dc_prev, di_scale=1.0):
        di, df, dg = dc * g * di_scale, dc * sc["c_prev"], dc * i
        da = np.concatenate(
            [di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1
        )
        return (
            da @ sc["W_x"].T,
            da @ sc["W_h"].T,
            dc_prev,
            sc["x_t"].T @ da,
            sc["h_prev"].T @ da,
            da.sum(axis=0),
        )

    dc_full = dc_t + dh_t * o * (1 - tanh_c**2)
    do = dh_t * tanh_c
    yield (
        "dc_prev must pass through the forget gate: dC_{t-1} = dC_t * f_t.",
        finish(dc_full, do, dc_full),
    )
    yield (
        "the gradient reaching C_t through h_t is missing: "
        "dC_t gets dh_t * o_t * (1 - tanh(C_t)^2).",
        finish(dc_t.copy(), do, dc_t * f),
    )
    yield (
        "the gradient arriving from step t+1 (dc_t) is not added to dC_t.",
        finish(dh_t * o * (1 - tanh_c**2), do, dh_t * o * (1 - tanh_c**2) * f),
    )
    yield (
        "tanh'(C_t) is written as tanh(C_t): the derivative of tanh is 1 - tanh^2.",
        finish(dc_t + dh_t * o * tanh_c, do, (dc_t + dh_t * o * tanh_c) * f),
    )


def check_lstm_backward(fn: Callable, seed: int = 0) -> bool:
    """Check a step backward ``fn(dh_t, dc_t, step_cache)``.

    ``step_cache`` is the one :func:`lstmbook.scratch.lstm_step_forward` returns. ``fn`` returns
    ``(dx_t, dh_prev, dc_prev, dW_x, dW_h, db)`` like :func:`lstmbook.scratch.lstm_step_backward`.
    """
    name = "lstm_backward"
    seed = _check_seed(seed)
    labels = ("dx_t", "dh_prev", "dc_prev", "dW_x", "dW_h", "db")
    for k, (N, D, H) in enumerate([(3, 2, 4), (2, 4, 3)]):
        case_seed = 1000 * seed + k
        rng = np.random.default_rng(case_seed)
        params = scratch.init_lstm_params(D, H, seed=case_seed)
        x_t, h_prev, c_prev = (
            rng.normal(size=(N, D)),
            rng.normal(size=(N, H)),
            rng.normal(size=(N, H)),
        )
        _, _, cache = scratch.lstm_step_forward(x_t, h_prev, c_prev, params)
        dh_t, dc_t = rng.normal(size=(N, H)), rng.normal(size=(N, H))
        ok, out = _call(fn, name, dh_t.copy(), dc_t.copy(), cache)
        if not ok:
            return _report(False, name, seed=seed, message=out)
        if not (isinstance(out, tuple) and len(out) == 6):
            return _report(
                False, name, "return six gradients: dx_t, dh_prev, dc_prev, dW_x, dW_h, db."
            )
        ref = scratch.lstm_step_backward(dh_t, dc_t, cache)
        for got, want, label in zip(out, ref, labels, strict=True):
            if problem := _shape_problem(got, want.shape, label):
                return _report(False, name, seed=seed, message=problem)
        if all(_close(a, b) for a, b in zip(out, ref, strict=True)):
            continue
        for message, wrong in _backward_variants(dh_t, dc_t, cache):
            if all(_close(a, b) for a, b in zip(out, wrong, strict=True)):
                return _report(False, name, seed=seed, message=message)
        first = next(lb for a, b, lb in zip(out, ref, labels, strict=True) if not _close(a, b))
        return _report(
            False,
            name,
            seed=seed,
            message=f"{first} is wrong (the gradients before it in "
            f"{', '.join(labels)} are right up to there).",
        )
    return _report(True, name, "all six gradients are right in 2 random cases.")


# --- the GRU step ---------------------------------------------------------------------------


def _gru_reference(x_t, h_prev, params, reset_after=True, swap_z=False):
    """PyTorch's GRU step (gates r, z, n); the flags give two common mistakes."""
    H = h_prev.shape[1]
    gx = x_t @ params["W_x"] + params["b_x"]
    gh = h_prev @ params["W_h"] + params["b_h"]
    r = scratch.sigmoid(gx[:, :H] + gh[:, :H])
    z = scratch.sigmoid(gx[:, H : 2 * H] + gh[:, H : 2 * H])
    if reset_after:
        n = np.tanh(gx[:, 2 * H :] + r * gh[:, 2 * H :])
    else:
        n = np.tanh(
            gx[:, 2 * H :] + (r * h_prev) @ params["W_h"][:, 2 * H :] + params["b_h"][2 * H :]
        )
    if swap_z:
        return z * n + (1 - z) * h_prev
    return (1 - z) * n + z * h_prev


def check_gru_step(fn: Callable, seed: int = 0) -> bool:
    """Check ``fn(x_t, h_prev, params) -> h_t`` against PyTorch's GRU cell.

    ``params`` holds ``W_x`` (D, 3H), ``W_h`` (H, 3H), ``b_x`` (3H,), ``b_h`` (3H,), gates in
    PyTorch's order r, z, n, with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
    """
    import torch

    name = "gru_step"
    seed = _check_seed(seed)
    for k, (N, D, H) in enumerate([(3, 2, 4), (2, 5, 3)]):
        case_seed = 1000 * seed + k
        rng = np.random.default_rng(case_seed)
        params = {
            "W_x": rng.normal(size=(D, 3 * H)) * 0.5,
            "W_h": rng.normal(size=(H, 3 * H)) * 0.5,
            "b_x": rng.normal(size=3 * H) * 0.5,
            "b_h": rng.normal(size=3 * H) * 0.5,
        }
        x_t, h_prev = rng.normal(size=(N, D)), rng.normal(size=(N, H))
        ok, h_t = _call(fn, name, x_t, h_prev, params)
        if not ok:
            return _report(False, name, seed=seed, message=h_t)
        cell = torch.nn.GRUCell(D, H, dtype=torch.float64)
        with torch.no_grad():
            for attr, value in (
                ("weight_ih", params["W_x"].T),
                ("weight_hh", params["W_h"].T),
                ("bias_ih", params["b_x"]),
                ("bias_hh", params["b_h"]),
            ):
                getattr(cell, attr).copy_(torch.from_numpy(np.ascontiguousarray(value)))
            ref = cell(torch.from_numpy(x_t), torch.from_numpy(h_prev)).numpy()
        if problem := _shape_problem(h_t, ref.shape, "h_t"):
            return _report(False, name, seed=seed, message=problem)
        if _close(h_t, ref):
            continue
        if _close(h_t, _gru_reference(x_t, h_prev, params, swap_z=True)):
            return _report(
                False,
                name,
                seed=seed,
                message="z and 1 - z are swapped: PyTorch's GRU keeps the old state "
                "with z, h_t = (1 - z) * n + z * h_{t-1}.",
            )
        if _close(h_t, _gru_reference(x_t, h_prev, params, reset_after=False)):
            return _report(
                False,
                name,
                seed=seed,
                message="the reset gate multiplies h_{t-1} before the matmul; "
                "PyTorch applies it after: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).",
            )
        return _report(
            False, name, "h_t has the right shape but wrong values (check the gate order r, z, n)."
        )
    return _report(True, name, "h_t equals torch.nn.GRUCell in 2 random cases.")
