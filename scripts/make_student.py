"""Write the student version of every chapter notebook (``make student``).

In a student version, each code cell tagged ``solution`` (the exercises' solutions, and
implementation cells a chapter leaves to students) becomes a *scaffold* and a *check*:

- the scaffold keeps the solution's imports and, for each function or class it defines, the
  signature with its docstring (or the comments under the signature, which give the shapes) and
  ``...`` where the body goes; the rest of the solution's code becomes ``...`` with a comment
  naming what it must define, followed by ``raise NotImplementedError`` (the notebook stops there,
  as nbgrader's stubs do, until the student writes the code);
- the check is a visible cell with the solution's own asserts (top-level asserts, and loops or
  blocks that assert), which runs the student's answer and prints a PASS line when they hold;
- the markdown of the solutions (from ``{solution-start}`` to ``{solution-end}``) is removed;
- everything else is as in the book. The instructor versions are the chapters themselves: the
  chapter is the one source of truth, the student version is generated from it.

    python scripts/make_student.py [--out _build/student] [notebook ...]
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
STUB_TAG = "student-stub"
CHECK_TAG = "student-check"


def stub_source(label: str | None, hint: str | None) -> str:
    """The stub of a cell whose code cannot be scaffolded (it does not parse)."""
    where = f"exercise {label}" if label else "this step"
    text = hint or f"write your code for {where} here, then run the cell"
    return (
        f"# Student exercise ({where}).\n"
        "# Replace the next line with your code.\n"
        f'raise NotImplementedError("Student exercise: {text}")'
    )


def _asserts(node: ast.stmt) -> bool:
    return any(isinstance(n, ast.Assert) for n in ast.walk(node))


def _defined_names(node: ast.stmt) -> list[str]:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    names = []
    for target in targets:
        names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


def _signature(node: ast.FunctionDef | ast.ClassDef, lines: list[str]) -> str:
    """Header, docstring (or the comments under the header) and ``...`` of a def or class."""
    first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    body0 = node.body[0]
    indent = " " * body0.col_offset
    keep = lines[first - 1 : node.body[0].lineno - 1]  # header and comments under it
    if (
        isinstance(body0, ast.Expr)
        and isinstance(body0.value, ast.Constant)
        and isinstance(body0.value.value, str)
    ):
        keep += lines[body0.lineno - 1 : body0.end_lineno]  # the docstring
    return "\n".join(keep + [f"{indent}...  # your code"])


def _class_scaffold(node: ast.ClassDef, lines: list[str]) -> str:
    """A class's header and docstring, and the scaffold of each of its methods."""
    methods = [n for n in node.body if isinstance(n, ast.FunctionDef)]
    if not methods:
        return _signature(node, lines)
    first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    head = lines[first - 1 : node.lineno]
    body0 = node.body[0]
    if (
        isinstance(body0, ast.Expr)
        and isinstance(body0.value, ast.Constant)
        and isinstance(body0.value.value, str)
    ):
        head += lines[body0.lineno - 1 : body0.end_lineno]
    return "\n\n".join(["\n".join(head)] + [_signature(m, lines) for m in methods])


def scaffold(source: str, label: str | None, hint: str | None) -> tuple[str, str | None]:
    """Split a solution cell into (scaffold, check): the check is None when nothing asserts."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return stub_source(label, hint), None
    lines = source.splitlines()
    where = f"exercise {label}" if label else "this step"
    parts, checks, names, work = [], [], [], False
    for node in tree.body:
        text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        if isinstance(node, ast.Import | ast.ImportFrom):
            parts.append(text)
        elif isinstance(node, ast.FunctionDef):
            parts.append(_signature(node, lines))
        elif isinstance(node, ast.ClassDef):
            parts.append(_class_scaffold(node, lines))
        elif isinstance(node, ast.Assert) or (_asserts(node) and not isinstance(node, ast.Assign)):
            checks.append(text)
        else:
            work = True
            for name in _defined_names(node):
                if name not in names and not name.startswith("_"):
                    names.append(name)
    head = [f"# Student exercise ({where}): replace each `...` with your code."]
    if hint:
        head.append(f"# Hint: {hint}")
    body = "\n\n\n".join(p for p in parts) if parts else ""
    out = "\n".join(head) + ("\n" + body if body else "")
    if work or not parts:
        define = f" It should define: {', '.join(names)}." if names else ""
        text = hint or f"write your code for {where}, then delete this line"
        out += (
            f'\n\n# Your code.{define}\n...\nraise NotImplementedError("Student exercise: {text}")'
        )
    check = None
    if checks:
        name = label or "this step"
        check = (
            f"# Check of {where}: the book's own tests of the answer.\n"
            + with_messages("\n".join(checks), name)
            + f'\nprint("PASS {name}: the checks of the book\'s solution hold.")'
        )
    return out, check


def with_messages(source: str, name: str) -> str:
    """Give each assert without a message one that says, in words, which check failed."""
    lines = source.splitlines()
    asserts = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Assert) and not n.msg]
    # insert after the whole statement: inside parentheses around the test, ", message" would
    # make it a tuple, which is always true
    for node in sorted(asserts, key=lambda n: (n.end_lineno, n.end_col_offset))[::-1]:
        condition = " ".join(ast.get_source_segment(source, node.test).split())
        if len(condition) > 60:
            condition = condition[:57] + "..."
        message = f"FAIL {name}: this does not hold: {condition}"
        row, col = node.end_lineno - 1, node.end_col_offset
        lines[row] = lines[row][:col] + f", {message!r}" + lines[row][col:]
    return "\n".join(lines)


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
            stub, check = scaffold(cell.source, label if inside else None, hint)
            new = nbformat.v4.new_code_cell(stub)
            new.metadata["tags"] = [STUB_TAG]
            out.cells.append(new)
            if check:
                test = nbformat.v4.new_code_cell(check)
                test.metadata["tags"] = [CHECK_TAG]
                out.cells.append(test)
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
        checks = sum(CHECK_TAG in c.metadata.get("tags", []) for c in student.cells)
        print(f"{target / path.name}: {stubs} exercise scaffolds, {checks} visible checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
