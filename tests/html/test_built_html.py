"""Checks of the built HTML book: pages, glued numbers, tracebacks, offline assets, solutions."""

import re
from html import unescape

import pytest
from book_pages import ROOT, glued_texts, page_text, toc_entries

ENTRIES = toc_entries()
NOTEBOOKS = [e for e in ENTRIES if (ROOT / f"{e}.ipynb").exists()]
EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def read(html_dir, entry):
    return (html_dir / f"{entry}.html").read_text(encoding="utf-8")


def all_pages(html_dir):
    return sorted(html_dir.rglob("*.html"))


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_toc_entry_has_a_page(html_dir, entry):
    page = html_dir / f"{entry}.html"
    assert page.exists(), f"{entry} is in _toc.yml but {page} was not built"
    assert "<h1" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_glued_numbers_are_in_the_page(html_dir, entry):
    html = read(html_dir, entry)
    text = unescape(page_text(html))
    found = list(glued_texts(entry))
    assert found, f"{entry} glues no numbers into its prose"
    for key, expected in found:
        assert expected in text, f"{entry}: glued {key}={expected!r} not in the page"
    assert "{glue" not in text, "an unresolved glue role is shown as text"
    assert not re.search(r'<span class="pasted-text">\s*</span>', html)


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_no_traceback_in_a_page(html_dir, entry):
    html = read(html_dir, entry)
    assert "Traceback (most recent call last)" not in html
    assert "output traceback" not in html and "highlight-ipythontb" not in html


def test_no_page_loads_anything_from_outside(html_dir):
    offenders = []
    for page in all_pages(html_dir):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|img|iframe|source|video|audio|embed)\b[^>]*>", html):
            src = re.search(r'\ssrc="([^"]*)"', tag)
            if src and EXTERNAL.match(src.group(1)):
                offenders.append((page.name, src.group(1)))
        for tag in re.findall(r"<link\b[^>]*>", html):
            rel = re.search(r'\srel="([^"]*)"', tag)
            href = re.search(r'\shref="([^"]*)"', tag)
            loads = rel and set(rel.group(1).split()) & {
                "stylesheet",
                "preload",
                "icon",
                "modulepreload",
            }
            if loads and href and EXTERNAL.match(href.group(1)):
                offenders.append((page.name, href.group(1)))
    for css in html_dir.rglob("*.css"):
        for url in re.findall(
            r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", css.read_text(errors="ignore")
        ):
            offenders.append((css.name, url))
    assert not offenders, offenders


def test_no_widget_manager_or_cdn_mathjax(html_dir):
    for page in all_pages(html_dir):
        html = page.read_text(encoding="utf-8")
        assert "jupyter-widgets" not in html and "require.min.js" not in html, page.name
        assert "cdn.jsdelivr.net/npm/mathjax" not in html, page.name
    chapter = read(html_dir, NOTEBOOKS[0])
    assert re.search(r'<script[^>]*src="[^"]*_static/mathjax/tex-chtml\.js', chapter)
    assert (html_dir / "_static" / "mathjax" / "tex-chtml.js").exists()


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_solutions_are_present_but_folded(html_dir, entry):
    html = read(html_dir, entry)
    exercises = re.findall(r'<div class="exercise admonition"', html)
    solutions = re.findall(r'<div class="solution ([^"]*)"', html)
    assert len(exercises) >= 3
    assert len(solutions) == len(exercises)
    assert all("dropdown" in classes.split() for classes in solutions), solutions
    assert "togglebutton.js" in html  # the script that folds `.admonition.dropdown`
    assert "'.toggle, .admonition.dropdown'" in html


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_launch_buttons(html_dir, entry):
    html = read(html_dir, entry)
    assert "mybinder.org/v2/gh/" in html, "Binder launch button"
    assert "colab.research.google.com/github/" in html, "Colab launch button"


def test_scripts_are_not_duplicated(html_dir):
    for page in all_pages(html_dir):
        inline = re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
        assert len(inline) == len(set(inline)), f"{page.name}: an inline script appears twice"


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_every_figure_has_alt_text_and_a_caption(html_dir, entry):
    html = read(html_dir, entry)
    outputs = re.findall(r'<div class="cell_output docutils container">(.*?)</div>', html, re.S)
    images = [img for out in outputs for img in re.findall(r"<img\b[^>]*>", out)]
    figures = re.findall(r"<figure\b.*?</figure>", html, re.S)
    for img in images:
        alt = re.search(r'\salt="([^"]*)"', img)
        assert alt and len(alt.group(1)) > 20, f"{entry}: a figure without alt text: {img[:120]}"
    captioned = [f for f in figures if "<figcaption" in f and "_images/" in f]
    assert len(captioned) == len(images), (
        f"{entry}: {len(images) - len(captioned)} figures lack a caption"
    )


def test_the_book_was_built_without_network(html_dir):
    record = html_dir.parent / "offline.txt"
    if not record.exists():
        pytest.skip("the book was not built by `make build-strict`, which records its network")
    mode = record.read_text().strip()
    if not mode.startswith("network: none"):
        pytest.skip(f"offline not proven on this machine: {mode}")
    assert mode.startswith("network: none")
