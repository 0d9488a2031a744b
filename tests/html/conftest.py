"""Fixtures for tests of the built book (run after `jupyter-book build`, as `make test` does)."""

from pathlib import Path

import pytest
from book_pages import HTML


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML / "index.html").exists():
        pytest.fail("no built book in _build/html: run `make build-strict` (or `make book`) first")
    return HTML
