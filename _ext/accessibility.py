"""Small accessibility repairs of the HTML that Sphinx and its extensions write into each page.

- myst-nb's folded code cells use `<summary aria-label="Toggle hidden content">` around the
  visible words "Show code cell source": a screen reader then announces a different name than a
  sighted reader sees (axe-core: label-content-name-mismatch). The visible words become the name.
- docutils writes `<div role="list" class="citation-list">` whose children are citations and
  their back-links, not list items (axe-core: aria-required-children). The role goes.

The theme's own buttons (templates) are repaired in _static/book.js.
"""

REPLACEMENTS = [
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
]


def _repair(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body:
        return
    for old, new in REPLACEMENTS:
        body = body.replace(old, new)
    context["body"] = body


def setup(app):
    app.connect("html-page-context", _repair)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
