"""`make student`: student notebooks are valid, hold no solution, and stop at their first stub."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import make_student  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    assert make_student.main(["--out", str(out)]) == 0
    return out / "chapters"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_version_holds_no_solution(student_dir, path):
    book = nbformat.read(path, as_version=4)
    student = nbformat.read(student_dir / path.name, as_version=4)
    nbformat.validate(student)
    text = "\n".join(c.source for c in student.cells)
    assert "{solution-start}" not in text and "{solution-end}" not in text
    solutions = [c.source for c in book.cells if "solution" in c.metadata.get("tags", [])]
    assert solutions, f"{path.name} has no cells tagged solution"
    # lines written only in solutions (not elsewhere in the book) must all be gone
    elsewhere = "\n".join(
        c.source for c in book.cells if "solution" not in c.metadata.get("tags", [])
    )
    for source in solutions:
        own = [ln for ln in source.splitlines() if len(ln.strip()) > 12 and ln not in elsewhere]
        assert own and not any(ln in text for ln in own), source[:80]
    stubs = [c for c in student.cells if make_student.STUB_TAG in c.metadata.get("tags", [])]
    assert len(stubs) == len(solutions)
    assert all("raise NotImplementedError" in c.source for c in stubs)
    exercises = text.count("{exercise}")
    assert exercises == book_text(book).count("{exercise}") >= 3


def book_text(nb):
    return "\n".join(c.source for c in nb.cells)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_version_runs_to_its_first_stub(student_dir, path):
    """Up to its first stub a student notebook runs exactly the book's code, then stops.

    nbval runs every chapter of the book; the student version need not run that code again
    (it used to: a second execution of the whole book in every `make test`). What must hold is
    that the code before the first stub is the book's, cell for cell (so it runs as the book
    does, nothing it needs was cut with a solution), and that the stub stops the notebook.
    """
    book = nbformat.read(path, as_version=4)
    nb = nbformat.read(student_dir / path.name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    first_stub = next(
        i for i, c in enumerate(code) if make_student.STUB_TAG in c.metadata.get("tags", [])
    )
    book_code = [c.source for c in book.cells if c.cell_type == "code"]
    before = [c.source for c in code[:first_stub]]
    assert before == book_code[:first_stub], "a cell before the first stub differs from the book"
    with pytest.raises(NotImplementedError, match="Student exercise"):
        exec(compile(code[first_stub].source, path.name, "exec"), {})
