"""Where the printed book is, and the poppler tools that read it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "html"))

from book_pages import BUILD  # noqa: E402

PDF = BUILD / "pdf" / "lstm-book.pdf"


def poppler(tool, *args):
    if not shutil.which(tool):
        pytest.fail(f"{tool} not found: apt-get install poppler-utils (see .ci/run)")
    out = subprocess.run([tool, *args], capture_output=True, text=True, check=True)
    return out.stdout
