"""The book's figure style and its one palette of gate colours.

Every figure of the book takes its colours from :data:`GATE_COLORS`, so that the forget gate
(say) has the same colour in every chapter. The palette is Okabe and Ito's, which stays
distinguishable for readers with colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from lstmbook._validate import check_int

__all__ = [
    "GATE_COLORS",
    "SERIES_COLORS",
    "use_book_style",
    "plot_windows",
    "draw_lstm_cell",
    "CELL_DIAGRAM_KEYS",
    "draw_unrolled_rnn",
    "draw_lstm_backward_step",
    "draw_packed_sequence",
    "draw_truncated_bptt",
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
    "alternative": "#332288",  # indigo (Tol): a second series or model beside the forecast
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
            color=SERIES_COLORS["alternative"],
            ms=4,
            label="input window (look_back)" if row == 0 else None,
        )
        ax.plot(
            target,
            values[target] + offset,
            "s",
            color=SERIES_COLORS["prediction"],
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


# ----------------------------------------------------------------------------------------------
# Diagrams of backpropagation (chapters 2 and 4) and of batch layouts (chapter 7)
# ----------------------------------------------------------------------------------------------

_GRADIENT_COLOR = "#882255"  # wine, as SERIES_COLORS["prediction"]: not a part of the cell


def _check_count(name: str, value, low: int, high: int) -> int:
    """An int in [low, high] (a diagram stays readable), or a clear TypeError/ValueError."""
    return check_int(value, name, minimum=low, maximum=high, example=low + 2)


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}.")
    return ax


def _arrow(ax: Axes, start, end, color, *, gid=None, ls="-", lw=1.8, rad=0.0) -> None:
    from matplotlib.patches import FancyArrowPatch

    patch = FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>,head_length=5,head_width=3",
        connectionstyle=f"arc3,rad={rad}",
        color=color,
        lw=lw,
        ls=ls,
        zorder=2,
        shrinkA=0,
        shrinkB=0,
    )
    patch.set_gid(gid)
    ax.add_patch(patch)


def _box(ax: Axes, xy, text, color, *, gid=None, w=1.1, h=0.6, fill=False, fontsize=11):
    from matplotlib.patches import FancyBboxPatch

    x, y = xy
    box = FancyBboxPatch(
        (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.12", gid=gid
    )
    box.set(fc=color if fill else "white", ec=color, lw=1.8, zorder=3)
    ax.add_patch(box)
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=fontsize,
        zorder=4,
        color="white" if fill else SERIES_COLORS["data"],
    )


def _finish(ax: Axes, xlim, ylim) -> Axes:
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def draw_unrolled_rnn(steps: int = 4, ax: Axes | None = None) -> Axes:
    """Draw a plain RNN unrolled over ``steps`` steps, with the Jacobians of the backward pass.

    The states h_0 ... h_T (``T = steps``) sit in a row, in the hidden state's colour; each
    x_t enters from below and a solid grey arrow carries h_{t-1} to h_t. The loss L reads h_T.
    Below the row, dashed wine arrows run backwards: the gradient δ_t = ∂L/∂h_t becomes
    δ_{t-1} = δ_t J_t, with J_t = ∂h_t/∂h_{t-1} = diag(1 - h_t²) W_hᵀ (chapter 2).

    Parameters
    ----------
    steps : int, default 4
        Number of steps T drawn, 2 to 6.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of the book's width when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. State boxes have ``gid="state:h<t>"``, backward arrows
        ``gid="jacobian:<t>"`` (t = 1 ... T) and forward arrows ``gid="forward:<t>"``.

    Raises
    ------
    TypeError
        If ``steps`` is not an int, or ``ax`` is not an Axes.
    ValueError
        If ``steps`` is outside 2 ... 6.
    """
    T = _check_count("steps", steps, 2, 6)
    ax = _new_axes(ax, (7.0, 3.0))
    grey, hidden = SERIES_COLORS["data"], GATE_COLORS["hidden"]
    dx, y, back = 2.2, 0.0, 1.1  # back: height of the backward row above the states
    for t in range(T + 1):
        name = "T" if t == T else str(t)
        _box(ax, (t * dx, y), f"$h_{{{name}}}$", hidden, gid=f"state:h{t}")
        ax.text(
            t * dx,
            y + back,
            rf"$\delta_{{{name}}}$",
            ha="center",
            va="center",
            fontsize=11,
            color=_GRADIENT_COLOR,
        )
        if t == 0:
            continue
        _arrow(ax, ((t - 1) * dx + 0.55, y), (t * dx - 0.55, y), grey, gid=f"forward:{t}")
        ax.text(
            t * dx,
            y - 1.2,
            f"$x_{{{name}}}$",
            ha="center",
            va="center",
            fontsize=11,
            color=grey,
        )
        _arrow(ax, (t * dx, y - 0.95), (t * dx, y - 0.3), grey, lw=1.2)
        _arrow(
            ax,
            (t * dx - 0.35, y + back),
            ((t - 1) * dx + 0.35, y + back),
            _GRADIENT_COLOR,
            gid=f"jacobian:{t}",
            ls="--",
        )
        ax.text(
            (t - 0.5) * dx,
            y + back + 0.15,
            f"$J_{{{name}}}$",
            ha="center",
            va="bottom",
            fontsize=10,
            color=_GRADIENT_COLOR,
        )
    _box(ax, (T * dx + 1.9, y), "$L$", grey, gid="loss")
    _arrow(ax, (T * dx + 0.55, y), (T * dx + 1.35, y), grey)
    ax.text(
        T * dx + 1.9,
        y + back,
        r"$\partial L/\partial h_T$",
        ha="center",
        va="center",
        fontsize=10,
        color=_GRADIENT_COLOR,
    )
    _arrow(ax, (T * dx + 1.25, y + back), (T * dx + 0.35, y + back), _GRADIENT_COLOR, ls="--")
    ax.text(
        T * dx / 2,
        y + back + 0.75,
        r"backward: $\delta_{t-1} = \delta_t\, J_t$, with "
        r"$J_t = \partial h_t / \partial h_{t-1} = \mathrm{diag}(1 - h_t^2)\, W_h^\top$",
        ha="center",
        va="bottom",
        fontsize=10,
        color=_GRADIENT_COLOR,
    )
    return _finish(ax, (-0.9, T * dx + 2.6), (-1.6, 2.5))


def draw_lstm_backward_step(ax: Axes | None = None) -> Axes:
    """Draw one backward step of the LSTM cell: where each δ comes from (chapter 4).

    Two gradients enter on the right: δh_t (from the loss and from step t+1) and δC_t^next
    (from step t+1 along the cell state). They become δC_t, then the gradients of the gates
    δi_t, δf_t, δC̃_t, δo_t (each in its gate's colour), then the fused δa_t with its blocks in
    the order i, f, g, o, and finally the gradients that leave on the left: δC_{t-1} (through
    the forget gate alone), δh_{t-1} (through W_hᵀ) and δx_t (through W_xᵀ), plus the weight
    gradients δW_x = x_tᵀ δa_t, δW_h = h_{t-1}ᵀ δa_t and δb.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of the book's width when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. Each δ node is a box with ``gid="delta:<name>"`` (``h``, ``c``,
        ``i``, ``f``, ``g``, ``o``, ``c_prev``, ``h_prev``, ``x``) and the four blocks of δa_t
        have ``gid="da:<gate>"`` in the order i, f, g, o.

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes.
    """
    ax = _new_axes(ax, (7.0, 4.6))
    grey, cell, hidden = SERIES_COLORS["data"], GATE_COLORS["cell"], GATE_COLORS["hidden"]
    gate = {
        k: GATE_COLORS[v]
        for k, v in (("i", "input"), ("f", "forget"), ("g", "candidate"), ("o", "output"))
    }
    small = dict(fontsize=8.5, ha="left", va="center")
    spots = {"i": 1.6, "f": 3.6, "g": 5.6, "o": 7.6}  # x of each gate's column

    # Entering on the right, C's gradient leaving on the left along the belt.
    _box(ax, (11.4, 6.6), r"$\delta C_t^{\mathrm{next}}$", cell, gid="delta:c_next", w=1.5)
    _box(ax, (9.8, 0.0), r"$\delta h_t$", hidden, gid="delta:h")
    _box(ax, (8.8, 6.6), r"$\delta C_t$", cell, gid="delta:c")
    _box(ax, (-0.6, 6.6), r"$\delta C_{t-1}$", cell, gid="delta:c_prev", w=1.3)
    _arrow(ax, (10.65, 6.6), (9.35, 6.6), cell, lw=2.5)
    ax.text(10.0, 6.75, "+", ha="center", va="bottom", fontsize=11, color=cell)
    _arrow(ax, (9.9, 0.3), (9.0, 6.3), hidden)
    ax.text(9.75, 3.4, r"$\odot\, o_t \odot \tanh'(C_t)$", color=gate["o"], **small)
    _arrow(ax, (8.25, 6.6), (0.1, 6.6), cell, lw=2.5)
    ax.text(
        4.2,
        6.8,
        r"$\odot\, f_t$  (no matrix, no $\sigma'$)",
        ha="center",
        va="bottom",
        fontsize=9.5,
        color=gate["f"],
    )

    # The gate gradients: i, f, g from δC_t (along a bus), o from δh_t.
    ax.plot([8.8, 8.8, spots["i"]], [6.3, 5.3, 5.3], color=cell, lw=1.2, zorder=1)
    factor = {"i": r"$\odot\,\tilde C_t$", "f": r"$\odot\, C_{t-1}$", "g": r"$\odot\, i_t$"}
    names = {
        "i": r"$\delta i_t$",
        "f": r"$\delta f_t$",
        "g": r"$\delta \tilde C_t$",
        "o": r"$\delta o_t$",
    }
    for k, x in spots.items():
        _box(ax, (x, 4.0), names[k], gate[k], gid=f"delta:{k}")
        if k == "o":
            _arrow(ax, (9.5, 0.3), (7.8, 3.7), hidden)
            ax.text(8.75, 2.6, r"$\odot \tanh C_t$", color=gate[k], **small)
        else:
            _arrow(ax, (x, 5.3), (x, 4.3), cell, lw=1.2)
            ax.text(x + 0.12, 4.85, factor[k], color=gate[k], **small)

    # δa_t: four blocks in the order i, f, g, o, through σ' or tanh'.
    deriv = {"i": r"$\sigma'$", "f": r"$\sigma'$", "g": r"$\tanh'$", "o": r"$\sigma'$"}
    for k, x in spots.items():
        _box(
            ax,
            (x, 2.0),
            f"$\\delta a^{k}_t$",
            gate[k],
            gid=f"da:{k}",
            w=1.5,
            fill=True,
            fontsize=10,
        )
        _arrow(ax, (x, 3.7), (x, 2.3), gate[k], lw=1.4)
        ax.text(x + 0.1, 3.0, deriv[k], color=gate[k], **small)
    ax.text(
        3.9,
        1.55,
        r"$\delta a_t$: blocks in the order i, f, g, o",
        ha="center",
        va="top",
        fontsize=9,
        color=grey,
    )

    # Leaving: δh_{t-1} through W_hᵀ, δx_t through W_xᵀ; the weight gradients.
    _box(ax, (-0.6, 0.0), r"$\delta h_{t-1}$", hidden, gid="delta:h_prev", w=1.3)
    _box(ax, (8.3, -1.0), r"$\delta x_t$", grey, gid="delta:x")
    _arrow(ax, (0.85, 1.7), (-0.3, 0.3), hidden)
    ax.text(0.45, 0.75, r"$W_h^\top$", ha="left", va="center", fontsize=10, color=hidden)
    _arrow(ax, (8.0, 1.7), (8.25, -0.7), grey)
    ax.text(8.35, 0.5, r"$W_x^\top$", fontsize=10, color=grey, ha="left", va="center")
    ax.text(
        -1.3,
        -1.0,
        r"$\delta W_x = x_t^\top \delta a_t,\ \delta W_h = h_{t-1}^\top \delta a_t,\ "
        r"\delta b = \sum_n \delta a_t$",
        fontsize=9.5,
        color=grey,
        ha="left",
        va="center",
    )
    return _finish(ax, (-1.5, 12.3), (-1.6, 7.4))


def _check_lengths(lengths) -> np.ndarray:
    try:
        arr = np.asarray(lengths)
    except Exception:  # noqa: BLE001 - anything that is not array-like
        arr = np.asarray([], dtype=object)
    if arr.ndim != 1 or arr.size == 0 or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"lengths must be a 1-D list of ints such as [5, 3, 2], got {lengths!r}.")
    if (arr < 1).any() or arr.max() > 32 or arr.size > 6:
        raise ValueError(
            f"lengths={arr.tolist()} cannot be drawn: give 1 to 6 sequences of 1 to 32 steps."
        )
    return arr.astype(int)


def draw_packed_sequence(lengths: Sequence[int], ax: Axes | None = None) -> Axes:
    """Draw how ``pack_padded_sequence`` lays out a batch: padded grid, packed order, batch_sizes.

    Each row is one sequence (longest first, as PyTorch sorts them), each column a time step.
    Real steps are shaded and numbered in the order they sit in ``PackedSequence.data``
    (time-major: all sequences' step 0, then all step 1, ...); padding is hatched. Under each
    column, ``batch_sizes[t]`` counts the sequences still running at step t.

    Parameters
    ----------
    lengths : sequence of int, shape (B,)
        Length of each sequence, 1 to 32 steps, at most 6 sequences.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. The texts under the columns have ``gid="batch_size:<t>"``, the
        numbers in the cells ``gid="packed:<row>:<t>"``.

    Raises
    ------
    TypeError
        If ``lengths`` is not a 1-D list of ints, or ``ax`` is not an Axes.
    ValueError
        If a length is below 1 or above 32, or there are more than 6 sequences.
    """
    from matplotlib.patches import Rectangle

    lens = np.sort(_check_lengths(lengths))[::-1]
    ax = _new_axes(ax, (7.0, 1.2 + 0.45 * len(lens)))
    T, B = int(lens.max()), len(lens)
    batch_sizes = [int((lens > t).sum()) for t in range(T)]
    fill, grey = GATE_COLORS["hidden"], SERIES_COLORS["data"]
    small = 8 if T <= 12 else 5.5  # numbers in the cells
    index = 0
    for t in range(T):
        for row in range(B):
            real = lens[row] > t
            rect = Rectangle(
                (t, -row - 1),
                1,
                1,
                lw=1,
                ec=grey,
                zorder=2,
                fc=fill if real else "white",
                alpha=1.0,
                hatch=None if real else "//",
            )
            rect.set_gid(f"cell:{row}:{t}")
            ax.add_patch(rect)
            if real:
                ax.text(
                    t + 0.5,
                    -row - 0.5,
                    str(index),
                    ha="center",
                    va="center",
                    fontsize=small,
                    color=grey,
                    zorder=3,
                    gid=f"packed:{row}:{t}",
                )
                index += 1
        ax.text(
            t + 0.5,
            -B - 0.55,
            str(batch_sizes[t]),
            ha="center",
            va="center",
            fontsize=9,
            color=grey,
            fontweight="bold",
            gid=f"batch_size:{t}",
        )
        if T <= 12 or t % 5 == 0:
            ax.text(t + 0.5, 0.35, str(t), ha="center", va="center", fontsize=8, color=grey)
    for row in range(B):
        ax.text(
            -0.2, -row - 0.5, f"length {lens[row]}", ha="right", va="center", fontsize=9, color=grey
        )
    ax.text(
        -0.2,
        -B - 0.55,
        "batch_sizes",
        ha="right",
        va="center",
        fontsize=9,
        color=grey,
        family="monospace",
    )
    ax.text(-0.2, 0.35, "step t", ha="right", va="center", fontsize=8, color=grey)
    ax.set_xlim(-3.2 if T <= 12 else -5.5, T + 0.2)
    ax.set_ylim(-B - 1.0, 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def draw_truncated_bptt(streams: int = 4, chunks: int = 4, ax: Axes | None = None) -> Axes:
    """Draw the streams x chunks layout of truncated BPTT (chapter 7).

    A long series cut into ``streams`` parallel rows (the batch) and each row into ``chunks``
    chunks of k steps (the columns). Chunk j of every stream is one batch, processed in order;
    the state (h, C) at the end of chunk j starts chunk j+1 (orange arrows), detached, so the
    gradient of chunk j+1 stops at its first step (a wine bar with a cross).

    Parameters
    ----------
    streams : int, default 4
        Number of rows (the batch size), 1 to 8.
    chunks : int, default 4
        Number of chunks per stream, 2 to 8.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. Chunk rectangles have ``gid="chunk:<stream>:<j>"``, state arrows
        ``gid="state:<stream>:<j>"`` (from chunk j to chunk j+1).

    Raises
    ------
    TypeError
        If ``streams`` or ``chunks`` is not an int, or ``ax`` is not an Axes.
    ValueError
        If they are outside the ranges above.
    """
    from matplotlib.patches import Rectangle

    S = _check_count("streams", streams, 1, 8)
    J = _check_count("chunks", chunks, 2, 8)
    ax = _new_axes(ax, (7.0, 1.3 + 0.5 * S))
    grey, cell = SERIES_COLORS["data"], GATE_COLORS["cell"]
    w, gap = 2.0, 0.6
    for s in range(S):
        y = -s * 0.9
        for j in range(J):
            x = j * (w + gap)
            rect = Rectangle(
                (x, y - 0.3),
                w,
                0.6,
                fc=GATE_COLORS["hidden"],
                ec=grey,
                lw=1,
                alpha=0.35 + 0.5 * (j % 2),
                zorder=2,
                gid=f"chunk:{s}:{j}",
            )
            ax.add_patch(rect)
            if j < J - 1:
                _arrow(ax, (x + w, y), (x + w + gap, y), cell, gid=f"state:{s}:{j}", lw=1.6)
        ax.text(-0.2, y, f"stream {s}", ha="right", va="center", fontsize=9, color=grey)
    for j in range(J):
        x = j * (w + gap)
        ax.text(x + w / 2, 0.55, f"chunk {j + 1}", ha="center", va="bottom", fontsize=9, color=grey)
        ax.text(
            x + w / 2,
            -(S - 1) * 0.9 - 0.65,
            "k steps",
            ha="center",
            va="top",
            fontsize=8,
            color=grey,
        )
        if j > 0:
            ax.plot(
                [x + 0.05, x + 0.05],
                [0.35, -(S - 1) * 0.9 - 0.35],
                color=_GRADIENT_COLOR,
                lw=2.5,
                zorder=3,
            )
            ax.text(
                x + 0.05, 0.45, "×", ha="center", va="bottom", fontsize=11, color=_GRADIENT_COLOR
            )
    total = J * (w + gap) - gap
    ax.text(
        total / 2,
        -(S - 1) * 0.9 - 1.15,
        "orange: (h, C) carried on;  wine: gradient stops (state detached)",
        ha="center",
        va="top",
        fontsize=8.5,
        color=grey,
    )
    ax.set_xlim(-2.0, total + 0.2)
    ax.set_ylim(-(S - 1) * 0.9 - 1.6, 1.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
