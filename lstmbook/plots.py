"""The book's figure style and its one palette of gate colours.

Every figure of the book takes its colours from :data:`GATE_COLORS`, so that the forget gate
(say) has the same colour in every chapter. The palette is Okabe and Ito's, which stays
distinguishable for readers with colour-vision deficiencies.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["GATE_COLORS", "use_book_style", "plot_windows"]

#: One colour per part of the cell, used in every figure of the book.
GATE_COLORS: dict[str, str] = {
    "forget": "#D55E00",  # vermillion: f_t
    "input": "#0072B2",  # blue: i_t
    "candidate": "#009E73",  # bluish green: ~C_t (g in code)
    "output": "#CC79A7",  # reddish purple: o_t
    "cell": "#E69F00",  # orange: C_t, the conveyor belt
    "hidden": "#56B4E9",  # sky blue: h_t
}

#: Colours for data that are not parts of the cell (series, forecasts, baselines).
SERIES_COLORS: dict[str, str] = {
    "data": "#333333",
    "train": "#333333",
    "test": "#999999",
    "prediction": "#0072B2",
    "baseline": "#E69F00",
}


def use_book_style() -> None:
    """Set matplotlib's defaults to the book's style (size, grid, spines, colour cycle)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 3.2),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": "medium",
            "legend.frameon": False,
            "axes.prop_cycle": mpl.cycler(color=list(GATE_COLORS.values())),
        }
    )


def plot_windows(series, look_back: int, horizon: int = 1, starts=(0, 1, 2), ax=None):
    """Draw a series with a few input windows (shaded) and their targets (marked).

    Parameters
    ----------
    series : array-like, shape (L,)
        The series.
    look_back, horizon : int
        Window and target lengths, as in :func:`lstmbook.data.make_windows`.
    starts : sequence of int
        Start index of each window to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = np.asarray(series, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"plot_windows draws a 1-D series, got shape {values.shape}.")
    last = max(starts) + look_back + horizon
    if last > len(values):
        raise ValueError(
            f"The window starting at {max(starts)} needs {last} points, the series has "
            f"{len(values)}. Use smaller starts, look_back or horizon."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 1.2 + 0.5 * len(starts)))
    t = np.arange(last + 2 if last + 2 <= len(values) else len(values))
    span = np.ptp(values[t]) or 1.0
    for row, start in enumerate(starts):
        offset = -row * 1.3 * span
        ax.plot(t, values[t] + offset, color=SERIES_COLORS["test"], lw=1)
        window = np.arange(start, start + look_back)
        target = np.arange(start + look_back, start + look_back + horizon)
        ax.plot(
            window,
            values[window] + offset,
            "o-",
            color=GATE_COLORS["input"],
            ms=4,
            label="input window (look_back)" if row == 0 else None,
        )
        ax.plot(
            target,
            values[target] + offset,
            "s",
            color=GATE_COLORS["forget"],
            ms=6,
            label="target (horizon)" if row == 0 else None,
        )
        ax.text(-0.5, values[0] + offset, f"window {row}", ha="right", va="center", fontsize=8)
    ax.set_yticks([])
    ax.set_xlabel("time step t")
    ax.legend(loc="upper right", fontsize=8)
    return ax
