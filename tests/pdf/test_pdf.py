"""The printed book (_build/pdf/lstm-book.pdf): every chapter, numbered, with typeset maths,
figures and the glued numbers of the HTML book, and no raw TeX or glue markup."""

import re
from html import unescape

import pytest
from book_pages import HTML, ROOT, glued_texts, page_text, toc_entries
from pdf_tools import poppler

ENTRIES = toc_entries()
NOTEBOOKS = [e for e in ENTRIES if (ROOT / f"{e}.ipynb").exists()]
RAW_TEX = re.compile(r"\$\$|\\(?:frac|begin|end|sigma|odot|tilde|partial|text|mathrm|left|right)\b")
RAW_GLUE = re.compile(r"\{glue(?::\w+)?\}")


def title(entry):
    """The page's heading as the HTML book shows it (with its chapter number)."""
    html = (HTML / f"{entry}.html").read_text(encoding="utf-8")
    article = html[html.index("<article") :]
    h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", article, re.S).group(1)
    return re.sub(r"\s+", " ", unescape(page_text(h1))).replace("#", "").strip()


def test_page_count(pdf):
    info = poppler("pdfinfo", str(pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert re.search(r"^Page size:.*\(A4\)", info, re.M), info
    # Every chapter is several pages long; a page count far below that means chapters are missing
    # (or the print was cut), far above it that the layout broke (one line per page).
    assert 5 * len(NOTEBOOKS) <= pages <= 60 * len(NOTEBOOKS), f"{pages} pages"


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_page_of_the_book_is_printed_with_its_number(pdf_text, entry):
    heading = title(entry)
    if entry in NOTEBOOKS:
        assert re.match(r"\d+\.\s", heading), f"{entry}: chapter heading not numbered: {heading!r}"
    assert heading in pdf_text, f"{entry}: heading {heading!r} not in the PDF"


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_glued_numbers_are_printed(pdf_text, entry):
    found = list(glued_texts(entry))
    assert found
    # Chromium may break a line after the hyphen of "2.2e-16": join such breaks.
    joined = re.sub(r"-\s+", "-", pdf_text)
    # A value may also run over a page break: drop the page numbers ("200 / 437") that the
    # page's footer puts between its parts (the text's whitespace is already folded).
    flowed = re.sub(r" \d+ / \d+ ", " ", pdf_text)

    def printed(value):
        return value in pdf_text or value in joined or value in flowed

    missing = [(k, v) for k, v in found if not printed(v)]
    assert not missing, f"{entry}: glued values not in the PDF: {missing[:10]}"


def test_maths_is_typeset_and_no_raw_tex_or_glue_markup(pdf_prose):
    raw = [pdf_prose[max(0, m.start() - 40) : m.end() + 40] for m in RAW_TEX.finditer(pdf_prose)]
    assert not raw, f"raw TeX in the PDF's text: {raw[:5]}"
    glue = [pdf_prose[max(0, m.start() - 40) : m.end() + 40] for m in RAW_GLUE.finditer(pdf_prose)]
    assert not glue, f"raw glue markup in the PDF's text: {glue[:5]}"
    # MathJax's typeset symbols, as the gate equations use them: f_t = σ(...), f_t ⊙ C_{t-1}
    assert pdf_prose.count("σ") > 20 and pdf_prose.count("⊙") > 20


def test_figures_are_printed(pdf):
    listed = poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    figures = {
        src
        for entry in ENTRIES
        for src in re.findall(
            r'<img\b[^>]*src="([^"]*_images/[^"]*)"',
            (HTML / f"{entry}.html").read_text(encoding="utf-8"),
        )
    }
    assert len(listed) >= len(figures) > 0, f"{len(listed)} images for {len(figures)} figures"
