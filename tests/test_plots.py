import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import is_color_like, to_hex, to_rgb

from lstmbook import plots


def test_one_colour_per_part_of_the_cell():
    assert set(plots.GATE_COLORS) == {"forget", "input", "candidate", "output", "cell", "hidden"}
    assert all(is_color_like(c) for c in plots.GATE_COLORS.values())
    assert len(set(plots.GATE_COLORS.values())) == len(plots.GATE_COLORS)


def test_book_style_uses_the_gate_palette():
    plots.use_book_style()
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    assert cycle == list(plots.GATE_COLORS.values())


def test_plot_windows_draws_one_row_per_window():
    ax = plots.plot_windows(np.arange(30.0), look_back=5, horizon=2, starts=(0, 3))
    # per window: the series, the input window and the target
    assert len(ax.lines) == 3 * 2
    plt.close(ax.figure)


def test_plot_windows_errors():
    with pytest.raises(ValueError, match="needs 18 points, the series has 10"):
        plots.plot_windows(np.arange(10.0), look_back=5, horizon=1, starts=(0, 12))
    with pytest.raises(ValueError, match="draws a 1-D series"):
        plots.plot_windows(np.zeros((10, 2)), look_back=2)


def _rgb(colour):
    return np.array(to_rgb(colour)) * 255


def test_series_colours_are_not_gate_colours():
    # a baseline or a forecast drawn in a gate's colour would read as that gate
    for name, colour in plots.SERIES_COLORS.items():
        for gate, gate_colour in plots.GATE_COLORS.items():
            assert colour.lower() != gate_colour.lower(), f"{name} has the colour of {gate}"
            distance = np.linalg.norm(_rgb(colour) - _rgb(gate_colour))
            assert distance > 60, f"{name} is hard to tell from the {gate} colour"


def test_forecasts_stand_out_from_the_data():
    for name in ("data", "train", "test", "baseline"):
        distance = np.linalg.norm(
            _rgb(plots.SERIES_COLORS["prediction"]) - _rgb(plots.SERIES_COLORS[name])
        )
        assert distance > 60, f"a forecast is hard to tell from {name}"


def _gids(ax, prefix):
    artists = list(ax.patches) + list(ax.texts)
    return {a.get_gid() for a in artists if (a.get_gid() or "").startswith(prefix)}


def test_unrolled_rnn_has_one_jacobian_per_step():
    ax = plots.draw_unrolled_rnn(steps=3)
    assert _gids(ax, "state:") == {"state:h0", "state:h1", "state:h2", "state:h3"}
    assert _gids(ax, "jacobian:") == {"jacobian:1", "jacobian:2", "jacobian:3"}
    texts = {t.get_text() for t in ax.texts}
    assert {"$J_{1}$", "$J_{2}$", "$J_{T}$", r"$\delta_{T}$", r"$\partial L/\partial h_T$"} <= texts
    hidden = {
        to_hex(p.get_edgecolor()) for p in ax.patches if (p.get_gid() or "").startswith("state")
    }
    assert hidden == {plots.GATE_COLORS["hidden"].lower()}
    plt.close(ax.figure)


def test_unrolled_rnn_errors():
    with pytest.raises(TypeError, match="steps must be a whole number"):
        plots.draw_unrolled_rnn(steps=2.5)
    with pytest.raises(ValueError, match="steps must be at most 6, got steps=9"):
        plots.draw_unrolled_rnn(steps=9)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plots.draw_unrolled_rnn(ax="left")


def test_backward_step_labels_every_delta_in_its_gate_colour():
    ax = plots.draw_lstm_backward_step()
    deltas = _gids(ax, "delta:")
    assert deltas == {
        f"delta:{k}" for k in ("h", "c", "c_next", "i", "f", "g", "o", "c_prev", "h_prev", "x")
    }
    names = {"i": "input", "f": "forget", "g": "candidate", "o": "output"}
    blocks = [p for p in ax.patches if (p.get_gid() or "").startswith("da:")]
    # the blocks of delta a_t, left to right, in the gate order i, f, g, o
    blocks.sort(key=lambda p: p.get_x())
    assert [p.get_gid() for p in blocks] == ["da:i", "da:f", "da:g", "da:o"]
    for p in blocks:
        assert to_hex(p.get_facecolor()) == plots.GATE_COLORS[names[p.get_gid()[3:]]].lower()
    texts = " ".join(t.get_text() for t in ax.texts)
    assert r"\odot\, f_t" in texts and r"\delta W_x = x_t^\top \delta a_t" in texts
    plt.close(ax.figure)


def test_packed_sequence_matches_pytorch_batch_sizes():
    torch = pytest.importorskip("torch")
    from torch.nn.utils.rnn import pack_padded_sequence

    lengths = [4, 7, 2]
    ax = plots.draw_packed_sequence(lengths)
    packed = pack_padded_sequence(
        torch.zeros(3, 7, 1), torch.tensor(lengths), batch_first=True, enforce_sorted=False
    )
    drawn = [
        int(t.get_text())
        for t in sorted(
            (t for t in ax.texts if (t.get_gid() or "").startswith("batch_size:")),
            key=lambda t: int(t.get_gid().split(":")[1]),
        )
    ]
    assert drawn == packed.batch_sizes.tolist()
    # one number per real step, 0 .. sum(lengths) - 1, in time-major order
    numbers = {
        t.get_gid(): int(t.get_text()) for t in ax.texts if t.get_gid() and "packed" in t.get_gid()
    }
    assert sorted(numbers.values()) == list(range(sum(lengths)))
    assert numbers["packed:0:1"] == 3  # the longest sequence's step 1 follows all step-0 rows
    plt.close(ax.figure)


def test_packed_sequence_errors():
    with pytest.raises(TypeError, match="lengths must be a 1-D list of ints"):
        plots.draw_packed_sequence([2.5, 1.0])
    with pytest.raises(ValueError, match=r"lengths=\[0, 3\] cannot be drawn"):
        plots.draw_packed_sequence([0, 3])


def test_truncated_bptt_draws_streams_by_chunks():
    ax = plots.draw_truncated_bptt(streams=3, chunks=4)
    assert len(_gids(ax, "chunk:")) == 3 * 4
    # the state is carried from each chunk to the next, in the cell state's colour
    arrows = [p for p in ax.patches if (p.get_gid() or "").startswith("state:")]
    assert len(arrows) == 3 * 3
    assert {to_hex(p.get_edgecolor()) for p in arrows} == {plots.GATE_COLORS["cell"].lower()}
    assert {"chunk 1", "chunk 4"} <= {t.get_text() for t in ax.texts}
    plt.close(ax.figure)


def test_truncated_bptt_errors():
    with pytest.raises(ValueError, match="chunks must be at least 2, got chunks=1"):
        plots.draw_truncated_bptt(chunks=1)
    with pytest.raises(TypeError, match="streams must be a whole number"):
        plots.draw_truncated_bptt(streams="4")
