"""Print the whole book to one PDF: _build/pdf/lstm-book.pdf (run by `make pdf`).

The PDF is made from the HTML book that `make book` (or `make build-strict`) built, so nothing is
executed again and the PDF shows the same outputs and glued numbers as the web pages:

1. The article of every page of _build/html, in the order of _toc.yml, is put into one document
   (the first page's, so that it keeps the book's stylesheets, MathJax and scripts).
2. Debian's headless Chromium, driven by Playwright, opens that document from a server on
   127.0.0.1 (any other address is refused: the build is offline), unfolds the solutions, waits
   for MathJax to typeset every formula and for every image, and prints it with `page.pdf()`:
   A4, each page of the book starting a new sheet, page numbers in the footer, an outline.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "pdf" / "lstm-book.pdf"
# The table of contents and the Chromium settings are those of the tests of the built book.
sys.path.insert(0, str(ROOT / "tests" / "html"))
from book_pages import CHROMIUM, CHROMIUM_ARGS, toc_entries  # noqa: E402

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
/* One column of text: no sidebars, headers, buttons or footers of the web page. */
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .bd-header-article,
.prev-next-area, .bd-footer, .bd-footer-article, .bd-footer-content, .headerlink,
.toggle-button, .primary-toggle, .secondary-toggle, #pst-back-to-top, .skip-link,
#jb-print-docs-body, .lstm-playground form { display: none !important; }
/* The article fills the sheet: the page's flex layout would otherwise size it to its widest
   line and the printer would cut both sides. */
html, body, .bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container,
.bd-article { display: block !important; width: auto !important; max-width: none !important;
  min-width: 0 !important; margin: 0 !important; padding: 0 !important; }
img, svg { max-width: 100% !important; height: auto !important; }
/* The theme prints the page title in its own header and hides the article's h1, which carries
   the chapter number: here every page of the book keeps its own numbered h1. */
.bd-article h1 { display: block !important; }
/* Each chapter (a top-level section of the single page) starts on a new page. */
.book-page + .book-page { break-before: page; }
h1, h2, h3 { break-after: avoid; }
figure, .cell_output img, mjx-container[display="true"], .cell_input { break-inside: avoid; }
/* Long code lines wrap rather than being cut at the page edge. */
pre { white-space: pre-wrap !important; word-break: break-word; overflow: visible !important; }
"""


def one_document(html: Path, entries: list[str]) -> str:
    """The articles of every page, in reading order, in the first page's frame."""
    folders = {str(Path(e).parent) for e in entries}
    if len(folders) != 1:
        sys.exit(f"make_pdf: the pages live in several folders {folders}: links would break")
    pages = []
    for entry in entries:
        path = html / f"{entry}.html"
        if not path.exists():
            sys.exit(f"make_pdf: {path} is missing: run `make book` first")
        pages.append(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
    articles = [soup.select_one("article.bd-article") for soup in pages]
    if None in articles:
        sys.exit("make_pdf: a built page has no <article class='bd-article'>")
    contents = [list(article.children) for article in articles]  # before the frame is emptied
    frame, article = pages[0], articles[0]
    article.clear()
    for entry, children in zip(entries, contents, strict=True):
        part = frame.new_tag("div", attrs={"class": "book-page", "data-page": entry})
        for child in children:
            part.append(child.extract() if child.parent is not None else child)
        article.append(part)
    frame.title.string = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    return str(frame)


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_pdf(html: Path, document: str, folder: str, pdf: Path) -> int:
    """Print the document, served as if it were a page of html/folder; return its formula count."""
    from playwright.sync_api import sync_playwright

    server = serve(html)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"{base}/{folder}/__lstm_book__.html"  # not a file: the route below answers it
    outside = []

    def route(r):
        if r.request.url == url:
            r.fulfill(status=200, content_type="text/html; charset=utf-8", body=document)
        elif r.request.url.startswith(base) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.route("**/*", route)
            page.emulate_media(media="print", color_scheme="light")
            page.goto(url, wait_until="load", timeout=180_000)
            page.add_style_tag(content=PRINT_CSS)
            # Unfold the solutions and any folded cell, so that the PDF shows them.
            page.evaluate(
                """() => {
                document.querySelectorAll('.toggle-hidden').forEach(
                    e => e.classList.remove('toggle-hidden'));
                document.querySelectorAll('details').forEach(d => d.open = true);
            }"""
            )
            page.wait_for_function(
                "window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=180_000
            )
            page.evaluate("() => MathJax.startup.promise")
            page.wait_for_function("[...document.images].every(i => i.complete)", timeout=180_000)
            # A display equation wider than the sheet is set smaller rather than cut.
            page.evaluate(
                """() => document.querySelectorAll('mjx-container[display="true"]').forEach(c => {
                    const wide = c.scrollWidth, room = c.clientWidth;
                    if (room > 0 && wide > room) c.style.fontSize = `${(98 * room) / wide}%`;
                })"""
            )
            untypeset = page.locator(".math:not(:has(mjx-container))").count()
            if untypeset:
                sys.exit(f"make_pdf: {untypeset} formulas were not typeset")
            formulas = page.locator("mjx-container").count()
            pdf.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(pdf),
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
                    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                ),
                scale=0.8,
                outline=True,
                tagged=True,
            )
            browser.close()
    finally:
        server.shutdown()
    if outside:
        sys.exit(f"make_pdf: the page asked for outside addresses: {outside[:5]}")
    return formulas


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--html", type=Path, default=HTML, help="the built book (_build/html)")
    parser.add_argument("--out", type=Path, default=OUT, help="the PDF to write")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    entries = toc_entries()
    document = one_document(args.html, entries)
    formulas = print_pdf(args.html, document, str(Path(entries[0]).parent), args.out)
    seconds = time.perf_counter() - start
    print(
        f"{args.out}: {len(entries)} pages of the book, {formulas} formulas, "
        f"{args.out.stat().st_size / 1e6:.1f} MB, in {seconds:.0f} s"
    )


if __name__ == "__main__":
    main()
