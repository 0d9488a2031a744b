"""Chapter 3's cell playground: sliders in the static page, numbers checked against lstmbook."""

import numpy as np
import pytest

from lstmbook.scratch import lstm_step_forward

PAGE = "chapters/03_lstm_cell.html"
GATES = "ifgo"  # the book's order
SLIDERS = ["x", "h_prev", "c_prev"] + [f"{p}_{k}" for p in ("b", "wx", "wh") for k in GATES]
SHOWN = {  # where each computed number is shown: the diagram and the table
    "diagram": ["x", "h_prev", "c_prev", "f", "i", "g", "o", "c", "tanh_c", "h"],
    "table": ["i", "f", "g", "o", "c", "tanh_c", "h"],
}


def reference(v):
    """The step of lstmbook.scratch.lstm_step_forward for one example, D = H = 1."""
    params = {
        "W_x": np.array([[v[f"wx_{k}"] for k in GATES]]),
        "W_h": np.array([[v[f"wh_{k}"] for k in GATES]]),
        "b": np.array([v[f"b_{k}"] for k in GATES]),
    }
    h, c, cache = lstm_step_forward(
        np.array([[v["x"]]]), np.array([[v["h_prev"]]]), np.array([[v["c_prev"]]]), params
    )
    out = {k: float(cache[k][0, 0]) for k in ("i", "f", "g", "o", "tanh_c")}
    out.update(c=float(c[0, 0]), h=float(h[0, 0]))
    out.update(x=v["x"], h_prev=v["h_prev"], c_prev=v["c_prev"])
    return out


def number(text):
    return float(text.replace("\u2212", "-"))


@pytest.fixture
def playground(visit):
    v = visit(PAGE)
    root = v.page.locator(".lstm-playground")
    assert root.count() == 1, f"{PAGE}: expected one playground, found {root.count()}"
    v.page.wait_for_selector('.lstm-playground[data-ready="true"]', timeout=10_000)
    assert not v.errors, v.errors
    return v.page


def set_sliders(page, values):
    page.evaluate(
        """values => {
            for (const [key, value] of Object.entries(values)) {
                const el = document.querySelector(`.lstm-playground input[name="${key}"]`);
                el.value = String(value);
                el.dispatchEvent(new Event("input", {bubbles: true}));
            }
        }""",
        values,
    )


def read_sliders(page):
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            '.lstm-playground input[type=range]')].map(e => [e.name, parseFloat(e.value)]))"""
    )


def shown_numbers(page):
    """Every number the playground shows: (where, key, data-value, text)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.lstm-playground [data-value]')].map(e => [
            e.closest('svg') ? 'diagram' : e.closest('table') ? 'table' : 'slider',
            e.getAttribute('data-key'),
            parseFloat(e.getAttribute('data-value')), e.textContent])"""
    )


def check_page_against_lstmbook(page):
    values = read_sliders(page)
    assert sorted(values) == sorted(SLIDERS)
    expected = reference(values)
    shown = shown_numbers(page)
    for where, keys in SHOWN.items():
        assert sorted(k for w, k, _, _ in shown if w == where) == sorted(keys), where
    assert sum(w == "slider" for w, *_ in shown) == len(SLIDERS)
    for where, key, full, text in shown:
        target = values[key] if where == "slider" else expected[key]
        assert abs(full - target) <= 1e-6, f"{where} {key}: data-value {full} != {target}"
        assert abs(number(text) - target) <= 1e-6, f"{where} {key}: shows {text}, want {target}"
    return expected


def test_the_playground_shows_lstmbooks_step_at_the_start(playground):
    check_page_against_lstmbook(playground)


def test_every_number_follows_the_sliders(playground):
    ranges = playground.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            '.lstm-playground input[type=range]')].map(
            e => [e.name, [+e.min, +e.max, +e.step]]))"""
    )
    rng = np.random.default_rng(0)
    settings = [
        {k: lo for k, (lo, hi, st) in ranges.items()},
        {k: hi for k, (lo, hi, st) in ranges.items()},
    ]
    for _ in range(6):
        settings.append(
            {
                k: round(lo + st * rng.integers(0, round((hi - lo) / st) + 1), 10)
                for k, (lo, hi, st) in ranges.items()
            }
        )
    for values in settings:
        set_sliders(playground, values)
        assert read_sliders(playground) == pytest.approx(values, abs=1e-9)
        check_page_against_lstmbook(playground)


def test_the_carousel_the_chapter_describes(playground):
    # The cell's text: raise b_f and lower b_i, and C_t stays close to C_{t-1} whatever x_t does;
    # then lower b_o, and h_t falls towards zero while C_t keeps its value.
    for x in (-3.0, 0.0, 3.0):
        set_sliders(playground, {"b_f": 5, "b_i": -5, "b_o": 0, "x": x})
        open_gate = check_page_against_lstmbook(playground)
        assert abs(open_gate["c"] - open_gate["c_prev"]) < 0.1 * abs(open_gate["c_prev"])
        set_sliders(playground, {"b_o": -5})
        closed = check_page_against_lstmbook(playground)
        assert closed["c"] == pytest.approx(open_gate["c"], abs=1e-12)
        assert abs(closed["h"]) < 0.1 * abs(open_gate["h"]) + 1e-3


def test_sliders_are_labelled_and_keyboard_operable(playground):
    page = playground
    sliders = page.locator(".lstm-playground input[type=range]")
    assert sliders.count() == len(SLIDERS)
    for n in range(sliders.count()):
        slider = sliders.nth(n)
        name = slider.evaluate("e => e.labels.length ? e.labels[0].textContent.trim() : ''")
        assert len(name) > 3, f"slider {slider.get_attribute('name')} has no label"
    page.locator(".lstm-playground input[name=b_f]").focus()
    before = read_sliders(page)
    page.keyboard.press("ArrowRight")
    after = read_sliders(page)
    assert after["b_f"] == pytest.approx(before["b_f"] + 0.1)
    check_page_against_lstmbook(page)
    page.keyboard.press("End")
    assert read_sliders(page)["b_f"] == 5
    check_page_against_lstmbook(page)
    page.keyboard.press("Tab")  # on to the next slider
    assert page.evaluate("document.activeElement.name") == "b_g"
    page.locator(".lstm-playground button[type=reset]").click()
    page.wait_for_timeout(50)
    assert read_sliders(page) == before
    check_page_against_lstmbook(page)


def test_the_diagram_uses_the_books_gate_colours(playground):
    from lstmbook.plots import GATE_COLORS

    fills = playground.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            '.lstm-playground rect[data-gate]')].map(
            e => [e.getAttribute('data-gate'), e.getAttribute('fill')]))"""
    )
    names = {"i": "input", "f": "forget", "g": "candidate", "o": "output"}
    assert {k: v.upper() for k, v in fills.items()} == {
        k: GATE_COLORS[n].upper() for k, n in names.items()
    }
