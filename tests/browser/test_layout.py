"""Layout of the built book: nothing wider than the column at 1280 px, a phone, one search box.

At 1280 px the content column shows about 79 characters of code: a longer code line, or a
display equation wider than the column, makes the reader scroll sideways exactly where the
derivation or the code matters. Folded solutions are unfolded first: they are read too.
"""

import pytest
from book_pages import toc_entries

ENTRIES = toc_entries()
TOLERANCE = 1  # px: rounding of sub-pixel widths

UNFOLD_AND_TYPESET = """async () => {
    document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
    document.querySelectorAll('details').forEach(d => d.open = true);
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
}"""

# Every code input and display equation wider than its box, or sticking out of the article.
OVERFLOWS = """tolerance => {
    const article = document.querySelector('article.bd-article');
    const right = article.getBoundingClientRect().right;
    const tex = new Map();
    const doc = window.MathJax && MathJax.startup && MathJax.startup.document;
    if (doc) for (const item of doc.math) if (item.display) tex.set(item.typesetRoot, item.math);
    const found = [];
    const check = (kind, el, text) => {
        if (!el.getClientRects().length) return;  // not rendered
        const wide = el.scrollWidth - el.clientWidth;
        const out = el.getBoundingClientRect().right - right;
        if (wide > tolerance || out > tolerance) {
            found.push({kind, excess: Math.round(Math.max(wide, out)),
                        label: (el.closest('[id]') || {}).id || '', text});
        }
    };
    for (const pre of article.querySelectorAll('div.cell_input pre')) {
        const lines = pre.textContent.split('\\n');
        const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
        check('code input', pre, `${longest.length} columns: ${longest.trim().slice(0, 90)}`);
    }
    for (const eq of article.querySelectorAll('mjx-container[display="true"]')) {
        const source = (tex.get(eq) || eq.textContent).replace(/\\s+/g, ' ').trim();
        check('display equation', eq, source.slice(0, 90));
    }
    return found;
}"""


def overflows(page):
    page.evaluate(UNFOLD_AND_TYPESET)
    return page.evaluate(OVERFLOWS, TOLERANCE)


@pytest.mark.parametrize("entry", ENTRIES)
def test_nothing_is_wider_than_the_column_at_1280px(visit, entry):
    v = visit(f"{entry}.html")
    assert v.page.viewport_size["width"] == 1280
    found = overflows(v.page)
    assert not found, f"{entry}: {len(found)} elements wider than the column\n" + "\n".join(
        f"  {entry}: {f['kind']} ({f['excess']} px too wide) #{f['label']}: {f['text']}"
        for f in found
    )


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def open_(entry):
        page.goto(f"{base_url}/{entry}.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        return page

    open_.errors = errors
    yield open_
    context.close()


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_phone_can_read_and_navigate(phone, entry):
    page = phone(entry)
    assert not phone.errors, phone.errors
    # The page itself never scrolls sideways: wide code and maths scroll inside their own box.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + TOLERANCE, f"{entry}: the whole page is {width} px wide on a 390 px phone"
    # The text starts on screen and is not shrunk.
    h1 = page.locator("article h1").first
    box = h1.bounding_box()
    assert box and 0 <= box["x"] < 390 and box["x"] + box["width"] <= 390 + TOLERANCE, box
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
    )
    assert size >= 14, f"{entry}: body text is {size} px on a phone"
    # The book's navigation is one tap away.
    toggle = page.locator("button.primary-toggle").first
    assert toggle.is_visible(), f"{entry}: no visible button opens the navigation"
    toggle.click()
    # The theme moves the sidebar into a modal dialog on a small screen when it opens.
    where = "#pst-primary-sidebar-modal[open], #pst-primary-sidebar"
    links = page.locator(f":is({where}) nav.bd-docs-nav a.reference").filter(visible=True)
    links.first.wait_for(state="visible", timeout=5_000)
    assert links.count() >= len(ENTRIES) - 1
    # And so is search.
    search = page.locator(".search-button, .search-button-field").filter(visible=True)
    assert search.count() >= 1, f"{entry}: no visible search control on a phone"


def visible_search_controls(page):
    return page.evaluate(
        """() => [...document.querySelectorAll(
            'input[type=search], input[name=q], .search-button-field, .search-button')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
                         && !e.closest('dialog:not([open]), .search-button__wrapper:not(.show)'))
            .map(e => e.className || e.name)"""
    )


@pytest.mark.parametrize("entry", [ENTRIES[0], ENTRIES[3], "chapters/api"])
def test_one_search_box(visit, entry):
    v = visit(f"{entry}.html")
    v.page.evaluate("document.querySelector('#pst-primary-sidebar').scrollTop = 0")
    controls = visible_search_controls(v.page)
    assert len(controls) == 1, f"{entry}: {len(controls)} search controls at 1280 px: {controls}"
    # It opens the search field, which takes a query.
    v.page.locator(".search-button-field").filter(visible=True).first.click()
    # The theme's search field opens in a dialog (older releases: a wrapper marked .show).
    field = v.page.locator(
        "#pst-search-dialog[open] input[name=q], .search-button__wrapper.show input[name=q]"
    )
    field.wait_for(state="visible", timeout=5_000)
    field.fill("forget gate")
    field.press("Enter")
    v.page.wait_for_url("**/search.html?q=forget+gate*", timeout=10_000)
