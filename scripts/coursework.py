"""Graded coursework: write the assignments (`make assignments`), grade them (`make grade`).

The assignments live in ``grading/assignments.py`` (outside the book: the HTML never shows their
hidden tests). This script writes them in nbgrader's format and grades them with a small runner of
its own on nbclient, so that grading needs nothing beyond the book's environment:

    python scripts/coursework.py assignments [--seed 0] [--out _build/coursework]
        source/NAME.ipynb   the instructor version: reference solutions, hidden tests, points
                            (nbgrader's source format: ``### BEGIN SOLUTION``, ``### BEGIN HIDDEN
                            TESTS``, ``nbgrader`` cell metadata)
        release/NAME.ipynb  the student version: signatures, docstrings and ``...``; the visible
                            tests; no hidden test

    python scripts/coursework.py grade SUBMISSIONS [--seed 0] [--out _build/grades] [--timeout 30]
        SUBMISSIONS/STUDENT/NAME.ipynb (or SUBMISSIONS/STUDENT/NAME/NAME.ipynb, nbgrader's layout)
        grades.csv          student, assignment, exercise, points, max_points
        feedback/STUDENT.md what each test found, in words, and what went wrong with a notebook

Grading restores the locked cells (statements, set-up, tests, with their hidden parts) from the
source version, keeps the student's own cells, runs the notebook with a timeout per cell, and
gives each test cell its points when it runs without an error. A notebook that is not valid JSON,
that raises, or that runs forever loses the points of what it breaks, gets a line in its feedback,
and the run goes on with the next one.
"""

from __future__ import annotations

import argparse
import copy
import csv
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grading.assignments import Assignment, assignments  # noqa: E402

SOLUTION = re.compile(
    r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$", re.M | re.S
)
HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*\n?", re.M | re.S
)
STUB = "...  # YOUR CODE HERE"
TIMEOUT_ERROR = "CellTimeoutError"


# --- writing the assignments ---------------------------------------------------------------------


def _meta(grade_id: str, *, solution=False, grade=False, points=0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return meta


def source_notebook(assignment: Assignment, seed: int) -> nbformat.NotebookNode:
    """The instructor version in nbgrader's source format."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["lstmbook_coursework"] = {"assignment": assignment.name, "seed": seed}
    for k, cell in enumerate(assignment.cells):
        if cell.kind == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source)
            new.metadata["nbgrader"] = _meta(f"{assignment.name}-text-{k}")
        else:
            new = nbformat.v4.new_code_cell(cell.source)
            new.metadata["nbgrader"] = _meta(
                cell.grade_id,
                solution=cell.kind == "solution",
                grade=cell.kind == "test",
                points=cell.points,
            )
            if cell.exercise:
                new.metadata["lstmbook_exercise"] = cell.exercise
        new.id = f"cell-{k}"
        nb.cells.append(new)
    nbformat.validate(nb)
    return nb


def release_notebook(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version: each solution body becomes ``...``, hidden tests are removed."""
    nb = copy.deepcopy(source)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = SOLUTION.sub(lambda m: m.group(1) + STUB, cell.source)
        elif meta.get("grade"):
            cell.source = HIDDEN.sub("", cell.source).rstrip("\n")
    return nb


def write_assignments(out: Path, seed: int = 0) -> list[Path]:
    written = []
    for name, assignment in assignments(seed).items():
        source = source_notebook(assignment, seed)
        for kind, nb in (("source", source), ("release", release_notebook(source))):
            path = out / kind / f"{name}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, path)
            written.append(path)
    return written


# --- grading -------------------------------------------------------------------------------------


@dataclass
class TestResult:
    grade_id: str
    exercise: str
    points: float
    max_points: float
    messages: list[str] = field(default_factory=list)


@dataclass
class Graded:
    student: str
    assignment: str
    tests: list[TestResult]
    notes: list[str] = field(default_factory=list)  # what went wrong with the notebook itself
    seconds: float = 0.0


def _graded_cells(source: nbformat.NotebookNode):
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            yield cell, meta


def _zero(student, name, source, note) -> Graded:
    tests = [
        TestResult(
            m["grade_id"], c.metadata.get("lstmbook_exercise", ""), 0, m["points"], ["not run"]
        )
        for c, m in _graded_cells(source)
    ]
    return Graded(student, name, tests, [note])


def merge(student_nb: nbformat.NotebookNode, source: nbformat.NotebookNode):
    """The notebook to run: the source's locked cells, the student's answers and own cells."""
    by_id = {c.metadata["nbgrader"]["grade_id"]: c for c in source.cells}
    answers: dict[str, nbformat.NotebookNode] = {}
    extra: dict[str, list] = {"": []}
    last = ""
    for cell in student_nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in by_id:
            last = gid
            extra.setdefault(gid, [])
            if by_id[gid].metadata["nbgrader"]["solution"] and gid not in answers:
                answers[gid] = cell
        elif cell.get("cell_type") in ("code", "markdown"):
            extra.setdefault(last, []).append(cell)
    nb = copy.deepcopy(source)
    cells = []
    for cell in [*extra[""]]:
        cells.append(_clean(cell))
    for cell in nb.cells:
        gid = cell.metadata["nbgrader"]["grade_id"]
        if gid in answers:
            cell.source = answers[gid].get("source", "")
            if isinstance(cell.source, list):
                cell.source = "".join(cell.source)
        cells.append(cell)
        cells.extend(_clean(c) for c in extra.get(gid, []))
    nb.cells = cells
    return nb, sorted(set(answers) ^ {g for g, c in by_id.items() if c.metadata.nbgrader.solution})


def _clean(cell):
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    if cell.get("cell_type") == "code":
        return nbformat.v4.new_code_cell(source)
    return nbformat.v4.new_markdown_cell(source)


def _error(cell) -> dict | None:
    return next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)


def _printed(cell) -> list[str]:
    """The PASS and FAIL lines a test cell printed, each once."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
    return list(dict.fromkeys(ln for ln in text.splitlines() if ln.startswith(("PASS", "FAIL"))))


def _describe(error: dict, timeout: float) -> str:
    if error["ename"] in (TIMEOUT_ERROR, "KeyboardInterrupt"):
        return f"the cell ran for more than {timeout:g} s and was stopped (an endless loop?)."
    value = str(error.get("evalue", "")).strip().splitlines()
    return f"{error['ename']}: {value[0] if value else ''}".rstrip(": ")


def grade_notebook(path: Path, source: nbformat.NotebookNode, student: str, timeout: float):
    """Run one submitted notebook and score its test cells; never raises."""
    from nbclient import NotebookClient

    name = source.metadata["lstmbook_coursework"]["assignment"]
    start = time.perf_counter()
    try:
        submitted = nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - any unreadable file is a line of feedback
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return _zero(student, name, source, f"{path.name} is not a valid notebook ({first}).")
    nb, missing = merge(submitted, source)
    notes = [f"the answer cell {gid} is missing: it was graded as empty." for gid in missing]
    with tempfile.TemporaryDirectory() as work:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={
                "ename": TIMEOUT_ERROR,
                "evalue": f"the cell ran for more than {timeout:g} s",
                "traceback": [],
            },
            resources={"metadata": {"path": work}},
        )
        try:
            # the kernel's own log lines (not the student's output) are of no use here
            client.execute(stderr=subprocess.DEVNULL)
        except Exception as err:  # noqa: BLE001 - a dead kernel must not stop the run
            notes.append(f"the notebook stopped: {type(err).__name__}: {str(err)[:200]}")
    results = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and (error := _error(cell)):
            notes.append(f"your cell {meta['grade_id']} raised {_describe(error, timeout)}")
        if not meta.get("grade") or meta.get("solution"):
            continue
        error = _error(cell)
        ran = cell.get("execution_count") is not None or bool(cell.get("outputs"))
        messages = _printed(cell)
        if not ran:
            error = {"ename": "NotRun", "evalue": "the test did not run (the notebook stopped)."}
        if error:
            said = any(m.startswith("FAIL") for m in messages)
            if error["ename"] == "NotRun":
                messages.append(error["evalue"])
            elif error["ename"] in (TIMEOUT_ERROR, "KeyboardInterrupt") or not said:
                hidden = all(m.startswith("PASS") for m in messages) and messages
                prefix = "a hidden test failed: " if hidden else ""
                messages.append(prefix + _describe(error, timeout))
        results.append(
            TestResult(
                meta["grade_id"],
                cell.metadata.get("lstmbook_exercise", ""),
                0 if error else meta["points"],
                meta["points"],
                messages,
            )
        )
    return Graded(student, name, results, notes, time.perf_counter() - start)


def find_submissions(folder: Path, names) -> dict[str, dict[str, Path]]:
    """{student: {assignment: notebook}} from STUDENT/NAME.ipynb or STUDENT/NAME/NAME.ipynb."""
    found: dict[str, dict[str, Path]] = {}
    for student in sorted(p for p in folder.iterdir() if p.is_dir()):
        found[student.name] = {}
        for name in names:
            paths = sorted(student.rglob(f"{name}.ipynb"))
            paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
            if paths:
                found[student.name][name] = paths[0]
    return found


def grade_folder(folder: Path, out: Path, seed: int = 0, timeout: float = 30.0) -> list[Graded]:
    """Grade every submission in ``folder``; write grades.csv and feedback/STUDENT.md in ``out``."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder of submissions at {folder}: give SUBMISSIONS=DIR")
    specs = assignments(seed)
    sources = {name: source_notebook(a, seed) for name, a in specs.items()}
    found = find_submissions(folder, specs)
    handed_in = [n for n in specs if any(n in s for s in found.values())]
    graded: list[Graded] = []
    for student, notebooks in found.items():
        for name in handed_in:
            if name in notebooks:
                result = grade_notebook(notebooks[name], sources[name], student, timeout)
            else:
                result = _zero(student, name, sources[name], f"{name}.ipynb was not submitted.")
            graded.append(result)
            total = sum(t.points for t in result.tests)
            top = sum(t.max_points for t in result.tests)
            print(f"{student:>20} {name}: {total:g}/{top:g} ({result.seconds:.1f} s)", flush=True)
    write_results(graded, specs, out)
    return graded


def write_results(graded: list[Graded], specs: dict[str, Assignment], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    with open(out / "grades.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "assignment", "exercise", "points", "max_points"])
        for g in graded:
            for exercise, top in specs[g.assignment].max_points().items():
                got = sum(t.points for t in g.tests if t.exercise == exercise)
                writer.writerow([g.student, g.assignment, exercise, f"{got:g}", f"{top:g}"])
    for student in dict.fromkeys(g.student for g in graded):
        lines = [f"# Feedback for {student}", ""]
        for g in (g for g in graded if g.student == student):
            total = sum(t.points for t in g.tests)
            top = sum(t.max_points for t in g.tests)
            lines += [f"## {g.assignment}: {total:g} / {top:g} points", ""]
            lines += [f"- **notebook**: {note}" for note in g.notes]
            for exercise, most in specs[g.assignment].max_points().items():
                tests = [t for t in g.tests if t.exercise == exercise]
                got = sum(t.points for t in tests)
                lines.append(f"- **{exercise}**: {got:g} / {most:g}")
                for t in tests:
                    said = "; ".join(t.messages) if t.messages else "passed"
                    lines.append(f"    - {t.grade_id} ({t.points:g}/{t.max_points:g}): {said}")
            lines.append("")
        (out / "feedback" / f"{student}.md").write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("assignments", help="write the source and release notebooks")
    make.add_argument("--seed", type=int, default=0)
    make.add_argument("--out", type=Path, default=ROOT / "_build" / "coursework")
    grade = sub.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("submissions", type=Path)
    grade.add_argument("--seed", type=int, default=0)
    grade.add_argument("--out", type=Path, default=ROOT / "_build" / "grades")
    grade.add_argument("--timeout", type=float, default=30.0, help="seconds per cell")
    args = parser.parse_args(argv)
    if args.command == "assignments":
        for path in write_assignments(args.out, args.seed):
            print(path)
        return 0
    if not args.submissions.is_dir():
        print(
            f"no folder of submissions at {args.submissions}: give SUBMISSIONS=DIR", file=sys.stderr
        )
        return 2
    start = time.perf_counter()
    graded = grade_folder(args.submissions, args.out, args.seed, args.timeout)
    print(
        f"graded {len(graded)} notebooks in {time.perf_counter() - start:.0f} s: "
        f"{args.out / 'grades.csv'}, {args.out / 'feedback'}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
