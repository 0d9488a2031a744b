"""`make student`: student notebooks are valid, hold no solution, and stop at their first stub."""

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

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
    nb = nbformat.read(student_dir / path.name, as_version=4)
    first_stub = next(
        i for i, c in enumerate(nb.cells) if make_student.STUB_TAG in c.metadata.get("tags", [])
    )
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "chapters")}},
    )
    with pytest.raises(CellExecutionError) as err:
        client.execute()
    # on failure, show the cell and the traceback of what stopped the notebook
    assert err.value.ename == "NotImplementedError", str(err.value)[-3000:]
    ran = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
    assert max(ran) == first_stub, "the notebook stopped somewhere else than its first stub"
