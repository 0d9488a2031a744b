"""One way to show progress in every training loop of the book.

A plain text bar (``tqdm.tqdm``) rather than a notebook widget: the widget makes the built HTML
load a widget manager from a CDN, which breaks the book's offline rule. The bar goes to stdout,
not to tqdm's usual stderr: in the built book a stderr block means something went wrong (a
warning, a log line), and the book's tests fail on any.

Where nobody watches the bar move (the book build, the tests: ``make`` sets the environment
variable ``LSTMBOOK_PROGRESS=final``), every refresh would be stored as one more line of the
cell's output; there the bar is drawn once, finished, when the loop ends.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from tqdm import tqdm

__all__ = ["progress_bar", "trange"]


class _FinalBar(tqdm):
    """A tqdm bar that draws nothing until it closes, then draws itself once, finished."""

    def __init__(self, *args, **kwargs):
        kwargs.update(mininterval=float("inf"), maxinterval=float("inf"), delay=float("inf"))
        super().__init__(*args, **kwargs)

    def refresh(self, *args, **kwargs):  # set_postfix and friends redraw: not until the end
        return None

    def close(self):
        if not self.disable and not getattr(self, "_drawn", False):
            self._drawn = True
            self.display()
            self.fp.write("\n")
            self.fp.flush()
        self.leave = False  # already drawn: tqdm must not draw or clear it again
        super().close()


def final_only() -> bool:
    """True when bars should be drawn only once, finished (``LSTMBOOK_PROGRESS=final``)."""
    return os.environ.get("LSTMBOOK_PROGRESS", "").lower() == "final"


def progress_bar(iterable: Iterable | None = None, **kwargs) -> tqdm:
    """Wrap ``iterable`` in the book's text progress bar (arguments as ``tqdm.tqdm``)."""
    options = dict(file=sys.stdout, ascii=True, ncols=79, mininterval=1.0)
    options.update(kwargs)
    return (_FinalBar if final_only() else tqdm)(iterable, **options)


def trange(n: int, **kwargs) -> tqdm:
    """``progress_bar(range(n), ...)``."""
    return progress_bar(range(n), **kwargs)
