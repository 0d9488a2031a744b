"""Nothing stray in the built pages: no stderr, warnings, tracebacks, log lines, raw glue markup.

A reader sees the outputs of every executed cell. What the code prints on purpose is fine; what
a library writes on its own (stderr, warnings, profiler or log lines) is not, and neither is a
progress bar caught half-way (a bar appears once, finished, or not at all). Each failure names
the page, the kind of problem and a snippet, so that it can be silenced at its source.
"""

import re

import pytest
from book_pages import toc_entries
from bs4 import BeautifulSoup

ENTRIES = toc_entries()

WARNING = re.compile(r"\b(?:\w*Warning:|UserWarning|DeprecationWarning|FutureWarning)")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*File \"[^\"]+\", line \d+", re.M)
PROFILER = re.compile(r"\bUSDT\b|profiler_(?:start|stop)")
LOG_LINE = re.compile(r"^\s*\[?(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\b[\]:]", re.M)
RAW_GLUE = re.compile(r"\{glue(?::\w+)?\}")
# A tqdm-style bar: "label: 42%|####      | 21/50 [...]".
BAR = re.compile(r"^(?P<label>[^\n|]*?):?\s*(?P<pct>\d{1,3})%\|", re.M)


def snippet(text, match=None, width=100):
    text = re.sub(r"\s+", " ", text).strip()
    if match is not None:
        start = max(0, re.sub(r"\s+", " ", text).find(match) - 20)
        text = text[start:]
    return text[:width] + ("…" if len(text) > width else "")


def outputs(soup):
    """(kind of block, its text) for every output block of every code cell."""
    for block in soup.select("div.cell_output div.output, div.cell_output > div"):
        classes = block.get("class", [])
        yield ("stderr" if "stderr" in classes else "output"), block.get_text()


def prose(soup):
    """The page's text outside code cells, code blocks and inline code."""
    soup = BeautifulSoup(str(soup.select_one("article") or soup), "html.parser")
    for tag in soup.select("div.cell, pre, code, script, style"):
        tag.decompose()
    return soup.get_text(" ")


def problems_in(html):
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for kind, text in outputs(soup):
        if not text.strip():
            continue
        if kind == "stderr":
            found.append(("stderr output", snippet(text)))
        for pattern, name in [
            (WARNING, "warning"),
            (TRACEBACK, "traceback"),
            (PROFILER, "profiler line"),
            (LOG_LINE, "log line"),
            (RAW_GLUE, "raw glue markup"),
        ]:
            m = pattern.search(text)
            if m:
                found.append((name, snippet(text[max(0, m.start() - 20) :])))
        if "\r" in text:
            found.append(("progress bar redraw (carriage return)", snippet(text)))
        bars = list(BAR.finditer(text))
        for bar in bars:
            if int(bar["pct"]) < 100:
                found.append(("unfinished progress bar", snippet(text[bar.start() :])))
        labels = [b["label"].strip() for b in bars]
        for label in {lb for lb in labels if labels.count(lb) > 1}:
            found.append(("progress bar drawn more than once", f"{label!r} x{labels.count(label)}"))
    if soup.select(".output.traceback, .highlight-ipythontb, div.output.error"):
        found.append(("traceback", "an error output block"))
    text = prose(soup)
    for pattern, name in [
        (RAW_GLUE, "raw glue markup"),
        (WARNING, "warning"),
        (PROFILER, "profiler line"),
    ]:
        for m in pattern.finditer(text):
            found.append((name + " in the text", snippet(text[max(0, m.start() - 40) :])))
    return found


@pytest.mark.parametrize("entry", ENTRIES)
def test_nothing_stray_in_the_page(html_dir, entry):
    html = (html_dir / f"{entry}.html").read_text(encoding="utf-8")
    found = problems_in(html)
    assert not found, f"{entry}: {len(found)} stray outputs\n" + "\n".join(
        f"  {entry}: {kind}: {text}" for kind, text in found
    )


def cell(text, classes="output text_plain"):
    return f'<div class="cell_output"><div class="{classes}"><pre>{text}</pre></div></div>'


@pytest.mark.parametrize(
    "html, kind",
    [
        (cell("x", "output stderr"), "stderr"),
        (cell("a.py:3: UserWarning: x"), "warning"),
        (cell("Traceback (most recent call last):"), "traceback"),
        (cell("USDT:2026 x] profiler_start"), "profiler"),
        (cell("fit:  40%|####  | 2/5"), "unfinished"),
        (cell("fit: 100%|#| 5/5\nfit: 100%|#| 5/5"), "more than once"),
        ("<article><p>It keeps {glue:text} of it.</p></article>", "raw glue"),
        ("<article><p>It keeps {glue} of it.</p></article>", "raw glue"),
    ],
)
def test_the_checks_catch_what_they_look_for(html, kind):
    found = problems_in(html)
    assert any(kind in k for k, _ in found), found


def test_the_checks_let_wanted_output_through():
    ok = (
        "<article><p>Call <code>lb.glue</code> for <code>{glue:text}`name`</code>.</p>"
        '<div class="cell_output"><div class="output text_plain"><pre>fit: 100%|####| 5/5\n'
        "{'lstm': 0.97}</pre></div></div></article>"
    )
    assert problems_in(ok) == []
