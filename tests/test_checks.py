"""lstmbook.checks: the reference passes, and typical student mistakes fail with the right words."""

import numpy as np
import pytest

from lstmbook import checks, data, scratch

sig = scratch.sigmoid


def test_reference_implementations_pass(capsys):
    assert checks.check_make_windows(data.make_windows)
    assert checks.check_rnn_step(lambda x, h, p: np.tanh(x @ p["W_x"] + h @ p["W_h"] + p["b"]))
    assert checks.check_lstm_step(scratch.lstm_step_forward)
    assert checks.check_lstm_backward(scratch.lstm_step_backward)
    assert checks.check_gru_step(lambda x, h, p: checks._gru_reference(x, h, p))
    out = capsys.readouterr().out
    assert out.count("PASS") == 5 and "FAIL" not in out


def expect_fail(check, fn, capsys, words):
    assert check(fn) is False
    out = capsys.readouterr().out
    assert "FAIL" in out and words in out, out


# --- windows ----------------------------------------------------------------------------------


def seed_create_dataset(series, look_back, horizon):
    X = [series[i : i + look_back] for i in range(len(series) - look_back - horizon)]
    y = [series[i + look_back : i + look_back + horizon] for i in range(len(X))]
    return np.array(X)[..., None], np.array(y)


def test_windows_mistakes(capsys):
    expect_fail(
        checks.check_make_windows, seed_create_dataset, capsys, "the last window is dropped"
    )

    def no_axis(s, lb, h):
        X, y = data.make_windows(s, lb, h)
        return X[..., 0], y

    expect_fail(checks.check_make_windows, no_axis, capsys, "add the features axis")

    def early(s, lb, h):
        X, _ = data.make_windows(s, lb, h)
        y = np.array([s[k + lb - 1 : k + lb - 1 + h] for k in range(len(X))])
        return X, y

    expect_fail(checks.check_make_windows, early, capsys, "one step too early")

    def stub(s, lb, h):
        raise NotImplementedError

    expect_fail(checks.check_make_windows, stub, capsys, "still a stub")
    expect_fail(checks.check_make_windows, lambda s, lb, h: 1 / 0, capsys, "ZeroDivisionError")


# --- RNN and LSTM steps -------------------------------------------------------------------------


def test_rnn_mistakes(capsys):
    expect_fail(
        checks.check_rnn_step,
        lambda x, h, p: x @ p["W_x"] + h @ p["W_h"] + p["b"],
        capsys,
        "apply np.tanh",
    )
    expect_fail(
        checks.check_rnn_step,
        lambda x, h, p: np.tanh(x @ p["W_x"] + p["b"]),
        capsys,
        "ignores h_prev",
    )


def lstm_step(order="ifgo", forget=True, candidate=np.tanh, gate_act=sig, squash=True, use_o=True):
    def step(x, h, c, p):
        H = h.shape[1]
        a = x @ p["W_x"] + h @ p["W_h"] + p["b"]
        blk = {name: a[:, k * H : (k + 1) * H] for k, name in enumerate(order)}
        i, f, o = gate_act(blk["i"]), gate_act(blk["f"]), gate_act(blk["o"])
        g = candidate(blk["g"])
        c_t = (f * c if forget else c) + i * g
        h_t = (o if use_o else 1.0) * (np.tanh(c_t) if squash else c_t)
        return h_t, c_t

    return step


@pytest.mark.parametrize(
    "kwargs,words",
    [
        (dict(order="ifog"), "order i, f, o, g"),
        (dict(order="fiog"), "order f, i, o, g"),
        (dict(forget=False), "the forget gate is missing"),
        (dict(candidate=sig), "candidate ~C_t uses a sigmoid"),
        (dict(gate_act=np.tanh), "i and f and o use tanh where a sigmoid belongs"),
        (dict(squash=False), "squash the cell state first"),
        (dict(use_o=False), "the output gate is missing"),
    ],
)
def test_lstm_step_mistakes(capsys, kwargs, words):
    expect_fail(checks.check_lstm_step, lstm_step(**kwargs), capsys, words)


def test_lstm_step_swapped_and_shapes(capsys):
    swapped = lambda x, h, c, p: scratch.lstm_step_forward(x, h, c, p)[1::-1]  # noqa: E731
    expect_fail(checks.check_lstm_step, swapped, capsys, "h_t and c_t are swapped")
    flat = lambda x, h, c, p: tuple(a.ravel() for a in scratch.lstm_step_forward(x, h, c, p)[:2])  # noqa: E731
    expect_fail(checks.check_lstm_step, flat, capsys, "h_t has shape")


# --- LSTM backward -----------------------------------------------------------------------------


def broken_backward(kind):
    def backward(dh_t, dc_t, sc):
        i, f, g, o, tc = sc["i"], sc["f"], sc["g"], sc["o"], sc["tanh_c"]
        through_h = dh_t * o * ((1 - tc**2) if kind != "tanh" else tc)
        dc = (dc_t if kind != "no-dc" else 0) + (through_h if kind != "no-h" else 0)
        dc_prev = dc * f if kind != "no-f" else dc
        do, di, df, dg = dh_t * tc, dc * g, dc * sc["c_prev"], dc * i
        da = np.concatenate(
            [di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], 1
        )
        return (
            da @ sc["W_x"].T,
            da @ sc["W_h"].T,
            dc_prev,
            sc["x_t"].T @ da,
            sc["h_prev"].T @ da,
            da.sum(0),
        )

    return backward


@pytest.mark.parametrize(
    "kind,words",
    [
        ("no-f", "must pass through the forget gate"),
        ("no-h", "reaching C_t through h_t is missing"),
        ("no-dc", "arriving from step t+1 (dc_t) is not added"),
        ("tanh", "the derivative of tanh is 1 - tanh^2"),
    ],
)
def test_lstm_backward_mistakes(capsys, kind, words):
    expect_fail(checks.check_lstm_backward, broken_backward(kind), capsys, words)


def test_lstm_backward_names_the_first_wrong_gradient(capsys):
    def wrong_db(dh, dc, sc):
        out = list(scratch.lstm_step_backward(dh, dc, sc))
        out[5] = out[5] * 2
        return tuple(out)

    expect_fail(checks.check_lstm_backward, wrong_db, capsys, "db is wrong")
    assert checks.check_lstm_backward(lambda *a: scratch.lstm_step_backward(*a)[:5]) is False
    assert "return six gradients" in capsys.readouterr().out


# --- GRU ---------------------------------------------------------------------------------------


def test_gru_mistakes(capsys):
    expect_fail(
        checks.check_gru_step,
        lambda x, h, p: checks._gru_reference(x, h, p, swap_z=True),
        capsys,
        "z and 1 - z are swapped",
    )
    expect_fail(
        checks.check_gru_step,
        lambda x, h, p: checks._gru_reference(x, h, p, reset_after=False),
        capsys,
        "PyTorch applies it after",
    )
