"""Fixtures for the checks of the printed book (`make pdf`, after the HTML book is built)."""

import html
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "html"))

from pdf_tools import PDF, poppler  # noqa: E402


@pytest.fixture(scope="session")
def pdf() -> Path:
    if not PDF.exists():
        pytest.fail(f"no {PDF.relative_to(ROOT)}: run `make pdf` first")
    return PDF


@pytest.fixture(scope="session")
def pdf_text(pdf) -> str:
    """The PDF's text (pdftotext), whitespace folded."""
    return re.sub(r"\s+", " ", poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-"))


@pytest.fixture(scope="session")
def pdf_prose(pdf) -> str:
    """The PDF's text outside code: every text run not set in a monospace font (pdftohtml)."""
    xml = poppler("pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf))
    fonts = dict(re.findall(r'<fontspec id="(\d+)"[^>]*family="([^"]*)"', xml))
    runs = re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml, re.S)
    prose = [re.sub(r"<[^>]+>", "", t) for f, t in runs if "mono" not in fonts.get(f, "").lower()]
    return html.unescape(" ".join(prose))
