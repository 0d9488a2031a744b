"""Remove duplicate <script> entries from each page.

Sphinx 7 adds some inline scripts twice (sphinx-thebe's THEBE_JS_URL, sphinx-togglebutton's
selector), which makes every page log "Identifier ... has already been declared" in the
browser. Fixed upstream in Sphinx 8, which Jupyter Book 1 cannot use.
"""


def _key(script):
    attributes = getattr(script, "attributes", {}) or {}
    # the same inline script comes twice, once with filename None and once with ""
    filename = getattr(script, "filename", script) or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def _dedupe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _dedupe, priority=1000)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
