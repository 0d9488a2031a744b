"""Accessibility of every page: axe-core (vendored, offline), light and dark mode, keyboard focus.

axe-core's `axe.min.js` (tests/browser/vendor, MPL-2.0) is injected into each page of the built
book in the local Chromium. A page passes with no serious or critical violation, in light mode
(every rule) and in dark mode (colour contrast). Figures keep a light background in dark mode,
and a reader moving with the keyboard always sees where the focus is.
"""

from pathlib import Path

import pytest
from book_pages import toc_entries

ENTRIES = toc_entries()
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def set_mode(page, mode):
    """Switch the theme as its own button does (PyData theme: data-theme, data-mode).

    Transitions are switched off first: axe-core would otherwise measure colours half-way.
    """
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(
        """mode => {
            localStorage.setItem('mode', mode); localStorage.setItem('theme', mode);
            document.documentElement.dataset.mode = mode;
            document.documentElement.dataset.theme = mode;
        }""",
        mode,
    )
    page.wait_for_timeout(100)


def axe(page, rules=None):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    page.evaluate("() => window.MathJax?.startup?.promise")
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def describe(entry, mode, violations):
    lines = []
    for v in violations:
        node = v["nodes"][0]
        lines.append(
            f"  {entry} [{mode}] {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes), "
            f"e.g. {node['target']} {node['html'][:120]}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("entry", ENTRIES)
def test_axe_finds_no_serious_violation(visit, entry):
    page = visit(f"{entry}.html").page
    found = []
    light = [v for v in axe(page) if v["impact"] in BLOCKING]
    found.append(describe(entry, "light", light))
    set_mode(page, "dark")
    dark = [v for v in axe(page, ["color-contrast"]) if v["impact"] in BLOCKING]
    found.append(describe(entry, "dark", dark))
    assert not light and not dark, f"{entry}: axe-core violations\n" + "\n".join(
        f for f in found if f
    )


@pytest.mark.parametrize("entry", ENTRIES)
def test_figures_have_alt_text_and_a_light_background_in_dark_mode(visit, entry):
    page = visit(f"{entry}.html").page
    images = page.locator("article img")
    if not images.count():
        pytest.skip(f"{entry} has no figures")
    missing = page.evaluate(
        """() => [...document.querySelectorAll('article img')]
            .filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)"""
    )
    assert not missing, f"{entry}: figures without alt text {missing}"
    set_mode(page, "dark")
    dark = page.evaluate(
        """() => [...document.querySelectorAll('article img')].filter(i => {
            let e = i;
            while (e) {
                const bg = getComputedStyle(e).backgroundColor;
                const m = bg.match(/rgba?\\((\\d+), (\\d+), (\\d+)(?:, ([\\d.]+))?\\)/);
                if (m && (m[4] === undefined || +m[4] > 0.5)) {
                    return (+m[1] + +m[2] + +m[3]) / 3 < 200;  // a dark background
                }
                e = e.parentElement;
            }
            return true;
        }).map(i => i.src.split('/').pop())"""
    )
    assert not dark, f"{entry}: figures drawn on a dark background in dark mode: {dark}"


FOCUS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const cs = getComputedStyle(e);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1;
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    return {tag: e.tagName, text: (e.textContent || e.getAttribute('aria-label') || '').trim()
            .slice(0, 40), visible: outline || shadow};
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("entry", [ENTRIES[0], "chapters/03_lstm_cell"])
def test_keyboard_focus_is_visible(visit, entry, mode):
    page = visit(f"{entry}.html").page
    set_mode(page, mode)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus:
            seen.append(focus)
    assert len(seen) >= 20, f"{entry}: only {len(seen)} stops for the keyboard"
    hidden = [f for f in seen if not f["visible"]]
    assert not hidden, f"{entry} [{mode}]: focus not visible on {hidden[:5]}"
