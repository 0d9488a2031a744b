"""Glue numbers from executed code into the book's prose.

In the built book this is myst-nb's ``glue``; where myst-nb is not installed (for example in
Colab) the value is simply shown, so that every chapter runs anywhere.
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:  # the book build and the test suite have myst-nb
    from myst_nb import glue as _myst_glue
except ImportError:  # pragma: no cover - exercised only outside the book's environment
    _myst_glue = None


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` under ``name`` for ``{glue:text}`name``` in the chapter's markdown.

    Parameters
    ----------
    name : str
        Key used in the markdown.
    value : Any
        A number, string or figure.
    display : bool, default False
        Also show the value where the code cell stands.
    """
    if isinstance(value, np.generic):  # np.float64(1.5) would show as "np.float64(1.5)"
        value = value.item()
    if _myst_glue is not None:
        _myst_glue(name, value, display=display)
    elif display:
        from IPython.display import display as show

        show(value)


FULL_ENV = "LSTMBOOK_FULL"


def full_setting() -> bool:
    """Whether to run a chapter's full-size setting instead of its quick one.

    Chapters that must execute in under a minute run a smaller version of some
    experiments (fewer series, seeds or updates) and say so; ``LSTMBOOK_FULL=1``
    in the environment makes them run the full version instead (for example
    ``LSTMBOOK_FULL=1 make book``), whose measured time the chapter reports.

    >>> isinstance(full_setting(), bool)
    True
    """
    import os

    value = os.environ.get(FULL_ENV, "").strip()
    if value not in ("", "0", "1"):
        raise ValueError(f"{FULL_ENV} must be 0 or 1 (or unset), got {value!r}")
    return value == "1"
