"""Paths and helpers shared by the tests of the built book."""

import json
import os
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# BOOK_BUILD points the tests at another build folder (e.g. a copy kept to compare before/after).
BUILD = Path(os.environ.get("BOOK_BUILD", ROOT / "_build"))
HTML = BUILD / "html"

# Debian's headless Chromium, for the browser tests and for printing the PDF (scripts/make_pdf.py).
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Chromium's own background traffic (updates, sync, ...) would leave the machine: switch it off.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def toc_entries() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    entries = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            entries.append(chapter["file"])
            entries += [s["file"] for s in chapter.get("sections", [])]
    return entries


def page_text(html: str) -> str:
    """The visible text of a page, with whitespace folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text)


def glued_texts(entry):
    """(key, text the page must show) for every {glue:text} role in a notebook's markdown."""
    store = json.loads((BUILD / "jupyter_execute" / f"{entry}.glue.json").read_text())
    nb = json.loads((ROOT / f"{entry}.ipynb").read_text())
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for key, spec in re.findall(r"\{glue:text\}`([\w.-]+)(?::([^`]*))?`", markdown):
        plain = store[key]["data"]["text/plain"]
        yield key, format(float(plain), spec) if spec else plain.strip("'\"")
