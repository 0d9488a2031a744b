"""The built book in a real browser: every page loads offline, cleanly, with maths and figures."""

import re

import pytest
from book_pages import HTML, ROOT, glued_texts, toc_entries

ENTRIES = toc_entries()
NOTEBOOKS = [e for e in ENTRIES if (ROOT / f"{e}.ipynb").exists()]
SHOTS = HTML.parent / "screenshots"


@pytest.mark.parametrize("entry", ENTRIES)
def test_page_loads_offline_and_cleanly(visit, entry):
    v = visit(f"{entry}.html")
    assert v.response is not None and v.response.ok, (
        f"{entry}: HTTP {v.response and v.response.status}"
    )
    assert not v.errors, f"{entry}: console errors {v.errors}"
    assert not v.outside, f"{entry}: requests leaving the local server {v.outside}"
    assert not v.failed, f"{entry}: failed requests {v.failed}"
    broken = v.page.evaluate(
        "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert not broken, f"{entry}: images that did not load {broken}"


@pytest.mark.parametrize("entry", ENTRIES)
def test_maths_is_typeset_by_the_local_mathjax(visit, entry):
    v = visit(f"{entry}.html")
    if not v.page.locator(".math").count():
        pytest.skip(f"{entry} has no maths")
    v.page.wait_for_function(
        "window.MathJax && window.MathJax.startup && window.MathJax.startup.document"
    )
    v.page.wait_for_selector("mjx-container", state="attached", timeout=20_000)
    assert v.page.evaluate("MathJax.version").startswith("3")
    src = v.page.evaluate("[...document.scripts].map(s => s.src).find(s => s.includes('mathjax'))")
    assert src.startswith(v.page.url.split("/chapters/")[0]), src
    raw = v.page.locator(".math:not(:has(mjx-container))").count()
    assert raw == 0, f"{entry}: {raw} formulas left untypeset"


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_glued_numbers_are_shown(visit, entry):
    v = visit(f"{entry}.html")
    text = re.sub(r"\s+", " ", v.page.text_content("main"))  # folded solutions too
    for key, expected in glued_texts(entry):
        assert expected in text, f"{entry}: {key}={expected!r} not shown"


@pytest.mark.parametrize("entry", NOTEBOOKS)
def test_launch_buttons_and_folded_solutions(visit, entry):
    v = visit(f"{entry}.html")
    page = v.page
    assert page.locator('a[href*="mybinder.org/v2/gh/"]').count() == 1
    assert page.locator('a[href*="colab.research.google.com/github/"]').count() == 1
    solution = page.locator("div.solution.dropdown").first
    body = solution.locator("> :not(.admonition-title)").first
    assert not body.is_visible(), "a solution is open before the reader asks for it"
    solution.locator(".admonition-title").click()
    body.wait_for(state="visible", timeout=5_000)
    assert body.is_visible()


def test_search_finds_the_forget_gate(visit):
    v = visit("search.html?q=forget+gate")
    v.page.wait_for_selector("#search-results ul li", timeout=20_000)
    hits = v.page.locator("#search-results ul li").count()
    assert hits >= 1


def test_screenshots_for_a_person_to_look_at(visit):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for entry in [ENTRIES[0], *NOTEBOOKS[:3], "chapters/notation"]:
        if entry not in ENTRIES:
            continue
        v = visit(f"{entry}.html")
        path = SHOTS / (entry.replace("/", "__") + ".png")
        v.page.screenshot(path=str(path), full_page=False)
        assert path.stat().st_size > 10_000
