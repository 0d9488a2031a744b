"""One way to show progress in every training loop of the book.

A plain text bar (``tqdm.tqdm`` on stderr) rather than a notebook widget: the widget makes the
built HTML load a widget manager from a CDN, which breaks the book's offline rule. The text bar
is shown live in Jupyter and as a finished bar in the book.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from tqdm import tqdm


def progress_bar(iterable: Iterable | None = None, **kwargs) -> tqdm:
    """Wrap ``iterable`` in the book's text progress bar (arguments as ``tqdm.tqdm``)."""
    options = dict(file=sys.stderr, ascii=True, ncols=80, mininterval=1.0)
    options.update(kwargs)
    return tqdm(iterable, **options)


def trange(n: int, **kwargs) -> tqdm:
    """``progress_bar(range(n), ...)``."""
    return progress_bar(range(n), **kwargs)
