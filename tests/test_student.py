"""`make student`: student notebooks are valid, hold no solution, and stop at their first stub."""

import ast
import re
import sys
import warnings
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
    checks = "\n".join(
        c.source for c in student.cells if make_student.CHECK_TAG in c.metadata.get("tags", [])
    )
    for source in solutions:
        # the solution's asserts stay, as the visible check; its other code is gone
        own = [
            ln
            for ln in source.splitlines()
            if len(ln.strip()) > 12 and ln not in elsewhere and ln not in checks
        ]
        leaked = [ln for ln in own if ln in text and not _is_header(ln)]
        assert not leaked, leaked
    stubs = [c for c in student.cells if make_student.STUB_TAG in c.metadata.get("tags", [])]
    assert len(stubs) == len(solutions)
    tags = (make_student.STUB_TAG, make_student.CHECK_TAG)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. an assert made a tuple, always true
        for cell in student.cells:
            if any(t in cell.metadata.get("tags", []) for t in tags):
                compile(cell.source, path.name, "exec")
    for stub in stubs:
        # each scaffold either stops the notebook or only declares functions without a body
        assert "raise NotImplementedError" in stub.source or _only_signatures(stub.source)
    exercises = text.count("{exercise}")
    assert exercises == book_text(book).count("{exercise}") >= 3


def _is_header(line):
    """A def/class line, an import, a comment or a list of names: the scaffold keeps these."""
    s = line.strip()
    if re.fullmatch(r"[\w, ]+", s):  # names the scaffold says the answer must define
        return True
    return s.startswith(("def ", "class ", "import ", "from ", "#", "@")) or s.endswith("):")


def _only_signatures(source):
    """True when every function in ``source`` has only a docstring and ``...`` as its body."""
    tree = ast.parse(source)
    funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    for fn in funcs:
        body = [
            n
            for n in fn.body
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
        ]
        if body:
            return False
    return bool(funcs)


def test_scaffold_keeps_signature_docstring_and_asserts():
    source = (
        "import numpy as np\n\n\n"
        "def step(x_t, h_prev):\n"
        '    """One step: x_t (N, D), h_prev (N, H) -> (N, H)."""\n'
        "    return np.tanh(x_t + h_prev)\n\n\n"
        "h = step(np.zeros((2, 3)), np.ones((2, 3)))\n"
        "assert h.shape == (2, 3)\n"
    )
    stub, check = make_student.scaffold(source, "ex-1", None)
    assert "def step(x_t, h_prev):" in stub and "x_t (N, D)" in stub
    assert "np.tanh" not in stub and "It should define: h." in stub
    assert "raise NotImplementedError" in stub and "import numpy as np" in stub
    assert check.splitlines()[1].startswith("assert h.shape == (2, 3), ") and "PASS ex-1" in check
    namespace = {"np": __import__("numpy")}
    exec(compile(stub.split("# Your code.")[0] + "h = np.zeros((3, 2))\n", "s", "exec"), namespace)
    with pytest.raises(AssertionError, match=r"FAIL ex-1: this does not hold: h.shape == \(2, 3\)"):
        exec(compile(check, "c", "exec"), namespace)
    paren = make_student.with_messages("assert (\n    1 > 2\n)", "e")
    with pytest.raises(AssertionError, match="FAIL e: this does not hold: 1 > 2"):
        exec(compile(paren, "p", "exec"), {})
    only_def, no_check = make_student.scaffold(
        "def f(x):\n    # x: (N,)\n    return x\n", "e", None
    )
    assert _only_signatures(only_def) and "# x: (N,)" in only_def and no_check is None


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
    stub = code[first_stub].source
    if "raise NotImplementedError" in stub:
        with pytest.raises(NotImplementedError, match="Student exercise"):
            exec(compile(stub, path.name, "exec"), {})
    else:  # a scaffold of functions: they return nothing until the student writes them
        assert _only_signatures(stub)
