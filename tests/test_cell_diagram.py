"""Tests of lstmbook.plots.draw_lstm_cell, the book's diagram of the LSTM cell."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from lstmbook import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def value_texts(ax) -> dict[str, str]:
    return {
        t.get_gid().removeprefix("value:"): t.get_text()
        for t in ax.texts
        if (t.get_gid() or "").startswith("value:")
    }


def test_returns_axes_on_a_new_figure_and_writes_no_numbers_by_default():
    ax = plots.draw_lstm_cell()
    assert isinstance(ax, Axes)
    assert not ax.axison
    assert value_texts(ax) == {}


def test_draws_on_the_axes_it_is_given():
    fig, (left, right) = plt.subplots(1, 2)
    assert plots.draw_lstm_cell(ax=right) is right
    assert right.patches and not left.patches


def test_labels_use_the_book_notation():
    labels = {t.get_text() for t in plots.draw_lstm_cell().texts}
    for symbol in (r"$f_t$", r"$i_t$", r"$\tilde{C}_t$", r"$o_t$", r"$C_{t-1}$", r"$C_t$"):
        assert symbol in labels
    for symbol in (r"$h_{t-1}$", r"$h_t$", r"$x_t$", "×", "+"):
        assert symbol in labels


def test_each_gate_box_has_its_gate_colour():
    ax = plots.draw_lstm_cell()
    boxes = {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches if p.get_gid()}
    names = {"f": "forget", "i": "input", "g": "candidate", "o": "output"}
    assert boxes == {f"gate:{k}": plots.GATE_COLORS[v].lower() for k, v in names.items()}


def test_writes_the_given_values_as_text():
    values = {
        "f": 0.973,
        "i": np.float32(0.05),
        "g": np.array([-0.4, 0.9]),
        "o": [0.6, 0.7, 0.8],
        "c_prev": np.array(1.3),
        "c": 1.2436,
        "h": -0.5,
    }
    texts = value_texts(plots.draw_lstm_cell(values=values))
    assert texts == {
        "f": "0.97",
        "i": "0.05",
        "g": "-0.40\n0.90",
        "o": "0.60\n0.70\n0.80",
        "c_prev": "1.30",
        "c": "1.24",
        "h": "-0.50",
    }


def test_every_documented_key_can_be_shown_and_fmt_is_applied():
    values = dict.fromkeys(plots.CELL_DIAGRAM_KEYS, 0.123456)
    texts = value_texts(plots.draw_lstm_cell(values=values, fmt=".3f"))
    assert texts == dict.fromkeys(plots.CELL_DIAGRAM_KEYS, "0.123")


def test_values_from_a_real_forward_pass():
    from lstmbook import scratch

    x = np.random.default_rng(0).normal(size=(1, 5, 2))
    hs, _, cache = scratch.lstm_forward(x, scratch.init_lstm_params(2, 4))
    t = 3
    values = {k: cache[k][0, t, :2] for k in ("f", "i", "g", "o", "c", "h")}
    texts = value_texts(plots.draw_lstm_cell(values=values))
    assert texts["h"] == "\n".join(f"{v:.2f}" for v in hs[0, t, :2])


def test_unknown_key_is_a_clear_error():
    with pytest.raises(ValueError, match=r"unknown key\(s\) 'C_tilde'.*'g'") as err:
        plots.draw_lstm_cell(values={"f": 0.5, "C_tilde": 0.1})
    assert "'c_prev'" in str(err.value) and "'h'" in str(err.value)


@pytest.mark.parametrize(
    "values, message",
    [
        ([0.5], "values must be a dict"),
        ({"f": "high"}, r"values\['f'\] must hold real numbers"),
        ({"f": np.zeros((1, 3))}, r"shape \(1, 3\).*cache\['f'\]\[0, t, :3\]"),
        ({"f": np.arange(5.0)}, r"holds 5 numbers.*1 to 3.*values\['f'\]\[:3\]"),
        ({"f": []}, "holds 0 numbers"),
        ({"f": 1 + 2j}, "real numbers"),
    ],
)
def test_bad_values_are_clear_errors(values, message):
    with pytest.raises(ValueError, match=message):
        plots.draw_lstm_cell(values=values)


def test_bad_format_is_a_clear_error():
    with pytest.raises(ValueError, match=r"fmt='%.2f' is not a format.*'\.2f'"):
        plots.draw_lstm_cell(values={"f": 0.5}, fmt="%.2f")


def test_a_bad_call_draws_nothing():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError):
        plots.draw_lstm_cell(ax=ax, values={"forget": 0.5})
    assert not ax.patches and not ax.texts
