"""Paths and helpers shared by the tests of the built book."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
HTML = BUILD / "html"


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
