"""The book's figure style and its one palette of gate colours.

Every figure of the book takes its colours from :data:`GATE_COLORS`, so that the forget gate
(say) has the same colour in every chapter. The palette is Okabe and Ito's, which stays
distinguishable for readers with colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

__all__ = [
    "GATE_COLORS",
    "SERIES_COLORS",
    "use_book_style",
    "plot_windows",
    "draw_lstm_cell",
    "CELL_DIAGRAM_KEYS",
]

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
    "prediction": "#882255",  # wine (Tol): a forecast must not read as the input gate
    "baseline": "#999933",  # olive: not a gate colour, so baselines never look like C_t
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


# ----------------------------------------------------------------------------------------------
# The LSTM cell, drawn (chapter 3; "inside a trained LSTM" writes a real step's numbers on it)
# ----------------------------------------------------------------------------------------------


#: What ``draw_lstm_cell(values=...)`` can write on the diagram, and what each key means.
CELL_DIAGRAM_KEYS: dict[str, str] = {
    "x": "input x_t",
    "h_prev": "previous hidden state h_{t-1}",
    "c_prev": "previous cell state C_{t-1}",
    "f": "forget gate f_t",
    "i": "input gate i_t",
    "g": "candidate ~C_t",
    "o": "output gate o_t",
    "c": "new cell state C_t",
    "tanh_c": "tanh(C_t)",
    "h": "new hidden state h_t",
}

_MAX_DIAGRAM_VALUES = 3  # numbers per key that still fit on the diagram


def _format_cell_values(values: Mapping, fmt: str) -> dict[str, str]:
    """Check ``values`` for :func:`draw_lstm_cell` and format each entry as text."""
    if not hasattr(values, "items"):
        raise ValueError(
            f"values must be a dict such as {{'f': 0.9, 'i': 0.1}}, got {type(values).__name__}."
        )
    unknown = [k for k in values if k not in CELL_DIAGRAM_KEYS]
    if unknown:
        raise ValueError(
            f"values has unknown key(s) {', '.join(repr(k) for k in unknown)}; the diagram can "
            f"show {', '.join(repr(k) for k in CELL_DIAGRAM_KEYS)} (the candidate ~C_t is 'g', "
            "the cell states are 'c_prev' and 'c')."
        )
    try:
        format(0.5, fmt)
    except (TypeError, ValueError):
        raise ValueError(
            f"fmt={fmt!r} is not a format specification for a float; use for example '.2f' "
            "or '.1e'."
        ) from None
    texts = {}
    for key, value in values.items():
        arr = np.asarray(value)
        if (
            arr.dtype == object
            or not (np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_))
            or np.iscomplexobj(arr)
        ):
            raise ValueError(f"values[{key!r}] must hold real numbers, got {value!r}.")
        if arr.ndim > 1:
            raise ValueError(
                f"values[{key!r}] has shape {arr.shape}; give a number or a short 1-D array "
                f"for one example, for example cache[{key!r}][0, t, :3] from lstm_forward."
            )
        flat = arr.astype(float).ravel()
        if not 1 <= flat.size <= _MAX_DIAGRAM_VALUES:
            raise ValueError(
                f"values[{key!r}] holds {flat.size} numbers; the diagram has room for 1 to "
                f"{_MAX_DIAGRAM_VALUES}. Pick a few units, for example values[{key!r}][:3]."
            )
        texts[key] = "\n".join(format(v, fmt) for v in flat)
    return texts


def draw_lstm_cell(
    ax: Axes | None = None, values: Mapping | None = None, *, fmt: str = ".2f"
) -> Axes:
    """Draw the LSTM cell: the conveyor belt C_{t-1} -> C_t on top, the gates, the h path below.

    The four layers are boxes in the book's gate colours (:data:`GATE_COLORS`): the forget gate
    f_t and the input gate i_t (σ), the candidate ~C_t (tanh, ``g`` in code) and the output
    gate o_t (σ). The cell state runs along the top and is changed only by a multiplication
    (× f_t) and an addition (+ i_t × ~C_t); h_{t-1} and x_t enter at the bottom left, and
    h_t = o_t × tanh(C_t) leaves at the bottom right.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of the book's width (7 x 4 inches) when omitted. The axes'
        frame and ticks are switched off and its aspect ratio is set to equal.
    values : dict, optional
        The numbers of one real step, written next to their labels. Keys are those of
        :data:`CELL_DIAGRAM_KEYS`: ``"x"``, ``"h_prev"``, ``"c_prev"``, ``"f"``, ``"i"``,
        ``"g"``, ``"o"``, ``"c"``, ``"tanh_c"``, ``"h"``, any subset. Each value is a number or
        a 1-D array of at most 3 numbers (a few hidden units of one example, for instance
        ``cache["f"][0, t, :2]`` from :func:`lstmbook.scratch.lstm_forward`), written one per
        line. Each becomes a text artist with ``gid="value:<key>"``.
    fmt : str, default ".2f"
        Format specification applied to every number (``".3f"``, ``".1e"``, ...).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If ``values`` is not a dict, has a key not in :data:`CELL_DIAGRAM_KEYS`, or holds a
        value that is not a number or a 1-D array of 1 to 3 numbers; or if ``fmt`` is not a
        format for floats.

    Examples
    --------
    >>> ax = draw_lstm_cell()  # the conceptual diagram
    >>> ax = draw_lstm_cell(values={"f": 0.97, "i": [0.05, 0.9], "c_prev": 1.3, "c": 1.28})
    """
    from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path

    texts = _format_cell_values(values, fmt) if values is not None else {}
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 4.0))

    grey, bus = SERIES_COLORS["data"], "#777777"
    cell, hidden = GATE_COLORS["cell"], GATE_COLORS["hidden"]
    belt_y, bus_y, box_y, mul_y = 6.2, 0.8, 2.5, 4.9  # mul_y: the node i_t × ~C_t
    fx, ix, gx, ox, hx = 1.8, 3.4, 5.0, 6.6, 8.3  # x of the four layers and of the h_t column
    r, box_w, box_h = 0.3, 1.2, 0.9  # node radius, layer box size
    top = box_y + box_h / 2

    def arrow(points, color, lw=1.8, head=True, z=2):
        style = "-|>,head_length=5,head_width=3" if head else "-"
        path = Path(points)
        ax.add_patch(FancyArrowPatch(path=path, arrowstyle=style, color=color, lw=lw, zorder=z))

    def node(xy, symbol, color):
        ax.add_patch(Circle(xy, r, fc="white", ec=color, lw=1.8, zorder=4))
        ax.text(*xy, symbol, ha="center", va="center", fontsize=13, color=grey, zorder=5)

    def label(xy, text, color, ha="left", va="center"):
        ax.text(*xy, text, ha=ha, va=va, fontsize=12, color=color, zorder=6)

    # The cell's body, the conveyor belt C_{t-1} -> C_t, and h_{t-1}, x_t coming in.
    body = FancyBboxPatch((0, 0), 10, 6.8, boxstyle="round,pad=0.1,rounding_size=0.4")
    body.set(fc="#F4F4F4", ec="#BBBBBB", lw=1, zorder=0)
    ax.add_patch(body)
    arrow([(-1.2, belt_y), (11.2, belt_y)], cell, lw=3.5, z=1)
    label((-1.35, belt_y), r"$C_{t-1}$", cell, ha="right")
    label((11.35, belt_y), r"$C_t$", cell)
    arrow([(-1.2, bus_y), (0.9, bus_y)], hidden, head=False)
    label((-1.35, bus_y), r"$h_{t-1}$", hidden, ha="right")
    arrow([(0.9, -1.0), (0.9, bus_y)], grey, head=False)
    label((0.75, -0.75), r"$x_t$", grey, ha="right")
    arrow([(0.9, bus_y), (ox, bus_y)], bus, head=False)

    # The four layers, each fed by h_{t-1} and x_t.
    layers = (
        ("f", fx, r"$\sigma$", "forget"),
        ("i", ix, r"$\sigma$", "input"),
        ("g", gx, "tanh", "candidate"),
        ("o", ox, r"$\sigma$", "output"),
    )
    for key, x, act, name in layers:
        arrow([(x, bus_y), (x, box_y - box_h / 2)], bus)
        box = FancyBboxPatch(
            (x - box_w / 2, box_y - box_h / 2),
            box_w,
            box_h,
            boxstyle="round,pad=0,rounding_size=0.15",
            gid=f"gate:{key}",
        )
        box.set(fc=GATE_COLORS[name], ec=GATE_COLORS[name], zorder=3)
        ax.add_patch(box)
        ax.text(
            x,
            box_y,
            act,
            ha="center",
            va="center",
            color="white",
            zorder=4,
            fontsize=11 if act == "tanh" else 13,
            fontweight="bold",
        )
    for x in (0.9, fx, ix, gx):
        ax.add_patch(Circle((x, bus_y), 0.09, color=bus, zorder=3))

    # f_t multiplies the belt; i_t × ~C_t is added to it.
    forget, inp, cand, out = (GATE_COLORS[k] for k in ("forget", "input", "candidate", "output"))
    arrow([(fx, top), (fx, belt_y - r)], forget)
    node((fx, belt_y), "×", forget)
    arrow([(ix, top), (ix, mul_y), (gx - r, mul_y)], inp)
    arrow([(gx, top), (gx, mul_y - r)], cand)
    node((gx, mul_y), "×", inp)
    arrow([(gx, mul_y + r), (gx, belt_y - r)], cand)
    node((gx, belt_y), "+", cand)
    # h_t = o_t × tanh(C_t), out to the right.
    arrow([(hx, belt_y), (hx, 4.6 + 0.3)], cell)
    ax.add_patch(Ellipse((hx, 4.6), 1.2, 0.6, fc="white", ec=cell, lw=1.8, zorder=4))
    ax.text(hx, 4.6, "tanh", ha="center", va="center", fontsize=10, color=grey, zorder=5)
    arrow([(hx, 4.6 - 0.3), (hx, box_y + r)], cell)
    arrow([(ox + box_w / 2, box_y), (hx - r, box_y)], out)
    node((hx, box_y), "×", out)
    arrow([(hx, box_y - r), (hx, bus_y), (11.2, bus_y)], hidden)
    label((11.35, bus_y), r"$h_t$", hidden)

    # Gate labels; each gate's numbers go under its label (o_t's above it).
    o_mid = (ox + box_w / 2 + hx - r) / 2
    label((fx + 0.15, 5.05), r"$f_t$", forget, va="bottom")
    label((ix + 0.15, 4.3), r"$i_t$", inp, va="bottom")
    label((gx + 0.15, 3.95), r"$\tilde{C}_t$", cand, va="bottom")
    label((o_mid, box_y + 0.12), r"$o_t$", out, ha="center", va="bottom")
    spots = {  # key: (x, y, ha, va, colour)
        "f": (fx + 0.15, 5.0, "left", "top", forget),
        "i": (ix + 0.15, 4.25, "left", "top", inp),
        "g": (gx + 0.15, 3.9, "left", "top", cand),
        "o": (o_mid, box_y + 0.6, "center", "bottom", out),
        "c_prev": (-1.35, belt_y - 0.35, "right", "top", cell),
        "c": (11.35, belt_y - 0.35, "left", "top", cell),
        "tanh_c": (hx + 0.7, 4.6, "left", "center", cell),
        "h_prev": (-1.35, bus_y - 0.35, "right", "top", hidden),
        "h": (11.35, bus_y - 0.35, "left", "top", hidden),
        "x": (1.1, -0.1, "left", "top", grey),
    }
    for key, text in texts.items():
        x, y, ha, va, color = spots[key]
        bbox = dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85)
        ax.text(
            x,
            y,
            text,
            ha=ha,
            va=va,
            fontsize=8.5,
            color=color,
            fontweight="bold",
            linespacing=1.1,
            zorder=7,
            gid=f"value:{key}",
            bbox=bbox,
        )

    ax.set_xlim(-2.6, 12.6)
    ax.set_ylim(-1.8, 7.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
