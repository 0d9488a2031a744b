"""Animations that play in the static HTML book: no kernel, no network.

matplotlib's ``FuncAnimation(...).to_jshtml()`` renders every frame to a PNG image, embeds them
in the page as base64 text, and adds a small player written in inline JavaScript. Two things in
its output break the book's offline rule, and :func:`to_offline_html` repairs them:

- the player's buttons draw their icons with the Font Awesome stylesheet, loaded from a CDN
  (``<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/...">``): the link is removed
  and each icon is replaced by a plain Unicode character;
- the frame is an ``<img>`` without ``alt`` text: the description given is added.

It also checks what the page will carry: every frame (matplotlib silently drops the frames
beyond ``rcParams["animation.embed_limit"]``), a size below ``max_bytes``, and no reference to
anything outside the page::

    from IPython.display import HTML
    from lstmbook import animate

    html = animate.to_offline_html(anim, alt="The cell state rises at each marked step.")
    HTML(html)
"""

from __future__ import annotations

import re

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.animation import Animation

from lstmbook._validate import check_int

__all__ = ["ICONS", "to_offline_html", "external_references"]

#: The Unicode character that replaces each Font Awesome icon of matplotlib's player.
ICONS: dict[str, str] = {
    "fa-minus": "\u2212",  # slower: −
    "fa-fast-backward": "\u00ab",  # first frame: «
    "fa-step-backward": "\u2039",  # previous frame: ‹
    "fa-flip-horizontal": "\u25c0",  # play backwards: ◀
    "fa-pause": "\u275a\u275a",  # pause: ❚❚
    "fa-play": "\u25b6",  # play: ▶
    "fa-step-forward": "\u203a",  # next frame: ›
    "fa-fast-forward": "\u00bb",  # last frame: »
    "fa-plus": "+",  # faster
}

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
_FRAME = re.compile(r"frames\[\d+\]\s*=")
_MODES = ("loop", "once", "reflect")


def external_references(html: str) -> list[str]:
    """Every ``src=`` or ``href=`` in ``html`` that points outside the page (http, https, //).

    Parameters
    ----------
    html : str

    Returns
    -------
    list of str
        The offending attributes, in the order found; empty when the page needs no network.
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be a str, got {type(html).__name__}.")
    return [m.group(0) for m in _EXTERNAL.finditer(html)]


def _icon(match: re.Match) -> str:
    classes = match.group(1).split()
    for name in ("fa-flip-horizontal", *ICONS):  # "play backwards" is fa-play flipped
        if name in classes:
            return ICONS[name]
    return ""


def to_offline_html(
    anim: Animation,
    alt: str,
    *,
    max_bytes: int = 2_000_000,
    default_mode: str = "once",
    close: bool = True,
) -> str:
    """The animation as self-contained HTML: frames embedded, player inline, nothing loaded.

    Parameters
    ----------
    anim : matplotlib.animation.Animation
        For example a ``FuncAnimation``. Keep it small: few frames, a small figure, a low dpi
        (each frame is a PNG image of ``figsize * dpi`` pixels of the animation's figure,
        stored as base64 text).
    alt : str
        What the animation shows, in words, for readers who cannot see it; becomes the
        ``alt`` text of the frame image. At least 20 characters.
    max_bytes : int, default 2_000_000
        The largest HTML allowed, in bytes (UTF-8). Also used as matplotlib's
        ``animation.embed_limit`` while rendering, so that no frame is dropped unnoticed.
    default_mode : {"once", "loop", "reflect"}, default "once"
        What the player does at the last frame.
    close : bool, default True
        Close the animation's figure afterwards, so that the notebook does not also show its
        last frame as a still image.

    Returns
    -------
    str
        HTML for ``IPython.display.HTML``: a player with every frame, no external reference.

    Raises
    ------
    ValueError
        If ``alt`` is too short, ``default_mode`` or ``max_bytes`` is invalid, or the HTML would
        be larger than ``max_bytes`` or lose frames (the message says how to make it smaller).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from matplotlib.animation import FuncAnimation
    >>> fig, ax = plt.subplots(figsize=(2, 1.5), dpi=40)
    >>> (line,) = ax.plot([0, 1], [0, 0])
    >>> anim = FuncAnimation(fig, lambda k: line.set_ydata([0, k]), frames=3)
    >>> html = to_offline_html(anim, alt="A line that tilts upwards, frame by frame.")
    >>> external_references(html), 'alt="A line' in html
    ([], True)
    """
    if not isinstance(anim, Animation):
        raise TypeError(
            "anim must be a matplotlib animation such as FuncAnimation(fig, update, frames=...), "
            f"got {type(anim).__name__}."
        )
    if not isinstance(alt, str):
        raise TypeError(f"alt must be a str that describes the animation, got {alt!r}.")
    if len(alt.strip()) < 20:
        raise ValueError(
            f"alt must describe the animation in words (at least 20 characters), got {alt!r}."
        )
    if default_mode not in _MODES:
        raise ValueError(f"default_mode must be one of {_MODES}, got {default_mode!r}.")
    max_bytes = check_int(max_bytes, "max_bytes")

    expected = _frame_count(anim)
    limit_mb = max_bytes / 2**20
    # savefig.dpi="figure": frames get the figure's own dpi, not the book style's savefig.dpi
    with mpl.rc_context({"animation.embed_limit": limit_mb, "savefig.dpi": "figure"}):
        html = anim.to_jshtml(default_mode=default_mode)
    if close:
        plt.close(anim._fig)

    html = re.sub(r"<link\b[^>]*font-awesome[^>]*>", "", html, flags=re.I | re.S)
    html = re.sub(r'<i class="(fa\b[^"]*)"></i>', _icon, html)
    html = re.sub(
        r'<img id="(_anim_img\w+)"\s*>',
        lambda m: f'<img id="{m.group(1)}" alt="{_escape(alt)}" role="img">',
        html,
    )

    frames = len(_FRAME.findall(html))
    size = len(html.encode("utf-8"))
    if (expected is not None and frames < expected) or size > max_bytes:
        raise ValueError(
            f"the animation takes {size:,} bytes with {frames} of "
            f"{expected if expected is not None else '?'} frames embedded, over "
            f"max_bytes={max_bytes:,}. Make it smaller: fewer frames, a smaller figsize, or a "
            "lower dpi (for example plt.subplots(figsize=(6, 4), dpi=60))."
        )
    outside = external_references(html)
    if outside:  # pragma: no cover - a future matplotlib template could add another
        raise ValueError(f"the animation's HTML still loads {outside} from outside the page.")
    return html


def _frame_count(anim: Animation) -> int | None:
    count = getattr(anim, "_save_count", None) or getattr(anim, "save_count", None)
    return int(count) if count else None


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
