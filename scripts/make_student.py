"""Write the student version of every chapter notebook (``make student``).

In a student version:
- each code cell tagged ``solution`` (the exercises' solutions, and implementation cells a chapter
  leaves to students) is replaced by a stub that raises ``NotImplementedError`` with a hint;
- the markdown of the solutions (from ``{solution-start}`` to ``{solution-end}``) is removed;
- everything else is as in the book. The instructor versions are the chapters themselves.

    python scripts/make_student.py [--out _build/student] [notebook ...]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
STUB_TAG = "student-stub"


def stub_source(label: str | None, hint: str | None) -> str:
    where = f"exercise {label}" if label else "this step"
    text = hint or f"write your code for {where} here, then run the cell"
    return (
        f"# Student exercise ({where}).\n"
        "# Replace the next line with your code.\n"
        f'raise NotImplementedError("Student exercise: {text}")'
    )


def studentise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student version of a chapter notebook."""
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    inside, label = False, None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            start = re.search(r"\{solution-start\}\s+(\S+)", cell.source)
            if start:
                inside, label = True, start.group(1)
                out.cells.append(nbformat.v4.new_markdown_cell("**Your solution:**"))
            if "{solution-end}" in cell.source:
                inside = False
                continue
            if inside or start:
                continue
            out.cells.append(nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata))
            continue
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            hint = cell.metadata.get("student_hint")
            new = nbformat.v4.new_code_cell(stub_source(label if inside else None, hint))
            new.metadata["tags"] = [STUB_TAG]
            out.cells.append(new)
        else:
            copy = nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata)
            out.cells.append(copy)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write student versions of the chapters.")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "student")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    target = args.out / "chapters"
    target.mkdir(parents=True, exist_ok=True)
    for path in paths:
        student = studentise(nbformat.read(path, as_version=4))
        nbformat.validate(student)
        nbformat.write(student, target / path.name)
        stubs = sum(STUB_TAG in c.metadata.get("tags", []) for c in student.cells)
        print(f"{target / path.name}: {stubs} exercise stubs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
