import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import is_color_like, to_rgb

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
