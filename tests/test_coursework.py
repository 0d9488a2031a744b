"""`make assignments` and `make grade`: the graded coursework, proven on synthetic submissions.

The reference solutions get full marks; each typical mistake gets its partial marks and the
message that names it; an empty submission, a notebook that is not JSON, one that raises and one
that runs forever get zero for what they break and a line in their feedback.
"""

import csv
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import coursework  # noqa: E402

from grading.assignments import GATES, assignments, gate_order  # noqa: E402

A1, A2 = "a1_from_scratch", "a2_pytorch_and_forecasting"

FORGET = """def init_forget_bias(lstm, value=1.0):
    H = lstm.hidden_size
    with torch.no_grad():
        for name, p in lstm.named_parameters():
            if not name.endswith("{layers}"):
                continue
            if name.startswith("bias_ih"):
                p[{block}] = value
            elif name.startswith("bias_hh"):
                p[{block}] = {hh}
    return lstm"""

# Wrong answers, each a typical mistake (the ones lstmbook.checks recognises).
SIG = "lb.scratch.sigmoid"
WRONG = {
    "windows_drop_last": """def make_windows(series, look_back, horizon=1):
    n = len(series) - look_back - horizon
    X = np.stack([series[k : k + look_back] for k in range(n)])[:, :, None]
    y = np.stack([series[k + look_back : k + look_back + horizon] for k in range(n)])
    return X, y""",
    "windows_early": """def make_windows(series, look_back, horizon=1):
    n = len(series) - look_back - horizon + 1
    X = np.stack([series[k : k + look_back] for k in range(n)])[:, :, None]
    y = np.stack([series[k + look_back - 1 : k + look_back + horizon - 1] for k in range(n)])
    return X, y""",
    "windows_no_features": """def make_windows(series, look_back, horizon=1):
    n = len(series) - look_back - horizon + 1
    X = np.stack([series[k : k + look_back] for k in range(n)])
    y = np.stack([series[k + look_back : k + look_back + horizon] for k in range(n)])
    return X, y""",
    "rnn_no_tanh": """def rnn_step(x_t, h_prev, params):
    return x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]""",
    "rnn_no_h": """def rnn_step(x_t, h_prev, params):
    return np.tanh(x_t @ params["W_x"] + params["b"])""",
    "lstm_gate_order": f"""def lstm_step(x_t, h_prev, c_prev, params):
    a = x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]
    a_i, a_f, a_o, a_g = np.split(a, 4, axis=1)  # i, f, o, g: the wrong order
    c_t = {SIG}(a_f) * c_prev + {SIG}(a_i) * np.tanh(a_g)
    return {SIG}(a_o) * np.tanh(c_t), c_t""",
    "lstm_no_forget": f"""def lstm_step(x_t, h_prev, c_prev, params):
    a = x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]
    a_i, a_f, a_g, a_o = np.split(a, 4, axis=1)
    c_t = c_prev + {SIG}(a_i) * np.tanh(a_g)
    return {SIG}(a_o) * np.tanh(c_t), c_t""",
    "lstm_tanh_output_gate": f"""def lstm_step(x_t, h_prev, c_prev, params):
    a = x_t @ params["W_x"] + h_prev @ params["W_h"] + params["b"]
    a_i, a_f, a_g, a_o = np.split(a, 4, axis=1)
    c_t = {SIG}(a_f) * c_prev + {SIG}(a_i) * np.tanh(a_g)
    return np.tanh(a_o) * np.tanh(c_t), c_t""",
    "backward_not_through_f": "dc_prev_scale = 1.0",
    "backward_tanh_not_derivative": "tanh_prime = lambda t: t",
    "mase_leak": """def mase(y_true, y_pred, y_train, season=1):
    return np.mean(np.abs(y_true - y_pred)) / np.mean(np.abs(np.diff(y_true)))""",
    "mase_no_season": """def mase(y_true, y_pred, y_train, season=1):
    return np.mean(np.abs(y_true - y_pred)) / np.mean(np.abs(np.diff(y_train)))""",
    "gru_z_swapped": "swap_z = True",
    "forget_wrong_block": FORGET.format(block="0 : H", hh=0.0, layers="l0"),
    "forget_both_biases": FORGET.format(block="H : 2 * H", hh="value", layers=""),
    "forget_first_layer_only": FORGET.format(block="H : 2 * H", hh=0.0, layers="l0"),
    "gru_reset_before": "reset_after = False",
}

BACKWARD = """def lstm_step_backward(dh_t, dc_t, cache):
    {line}
    i, f, g, o, tanh_c = (cache[k] for k in ("i", "f", "g", "o", "tanh_c"))
    dc = dc_t + dh_t * o * tanh_prime(tanh_c)
    da = np.concatenate(
        [
            dc * g * i * (1 - i),
            dc * cache["c_prev"] * f * (1 - f),
            dc * i * (1 - g**2),
            dh_t * tanh_c * o * (1 - o),
        ],
        axis=1,
    )
    dc_prev = dc * (f if dc_prev_scale is None else dc_prev_scale)
    dx, dh = da @ cache["W_x"].T, da @ cache["W_h"].T
    return dx, dh, dc_prev, cache["x_t"].T @ da, cache["h_prev"].T @ da, da.sum(axis=0)"""

GRU = """def gru_step(x_t, h_prev, params):
    {line}
    return lb.checks._gru_reference(
        x_t, h_prev, params, reset_after=reset_after, swap_z=swap_z
    )"""


def backward(line):
    defaults = "tanh_prime, dc_prev_scale = (lambda t: 1 - t**2), None\n    "
    return BACKWARD.format(line=defaults + line)


def gru(line):
    return GRU.format(line="reset_after, swap_z = True, False\n    " + line)


def answer(wrong: str) -> str:
    if wrong.startswith("backward"):
        return backward(WRONG[wrong])
    if wrong.startswith("gru"):
        return gru(WRONG[wrong])
    return WRONG[wrong]


# student: {assignment: {answer cell: mistake}}; None hands in the reference solutions
STUDENTS = {
    "reference": {A1: {}, A2: {}},
    "mistakes_a": {
        A1: {
            "make_windows": "windows_drop_last",
            "rnn_step": "rnn_no_tanh",
            "lstm_step": "lstm_gate_order",
            "lstm_step_backward": "backward_not_through_f",
        },
        A2: {
            "mase": "mase_leak",
            "gru_step": "gru_z_swapped",
            "init_forget_bias": "forget_wrong_block",
        },
    },
    "mistakes_b": {
        A1: {
            "make_windows": "windows_early",
            "rnn_step": "rnn_no_h",
            "lstm_step": "lstm_no_forget",
            "lstm_step_backward": "backward_tanh_not_derivative",
        },
        A2: {
            "mase": "mase_no_season",
            "gru_step": "gru_reset_before",
            "init_forget_bias": "forget_both_biases",
        },
    },
    "mistakes_c": {
        A1: {"make_windows": "windows_no_features", "lstm_step": "lstm_tanh_output_gate"},
        A2: {"init_forget_bias": "forget_first_layer_only"},
    },
}

# (points, a word of the feedback) per student and exercise
EXPECTED = {
    "mistakes_a": {
        "make_windows": (1, "the last window is dropped"),
        "rnn_step": (1, "h_t is not squashed"),
        "lstm_step": (1, "the gates are read in the order i, f, o, g"),
        "lstm_step_backward": (1, "dc_prev must pass through the forget gate"),
        "mase": (0, "the scale comes from the hold-out"),
        "gru_step": (1, "z and 1 - z are swapped"),
        "init_forget_bias": (0, "so the forget gate is block 1, bias[H:2H]"),
    },
    "mistakes_b": {
        "make_windows": (2, "the targets are one step too early"),
        "rnn_step": (1, "h_t ignores h_prev"),
        "lstm_step": (1, "the forget gate is missing"),
        "lstm_step_backward": (1, "tanh'(C_t) is written as tanh(C_t)"),
        "mase": (1, "season is ignored"),
        "gru_step": (1, "the reset gate multiplies h_{t-1} before the matmul"),
        "init_forget_bias": (1, "the gate sees their sum, 2 * value; put 0 in bias_hh"),
    },
    "mistakes_c": {
        "make_windows": (1, "add the features axis"),
        "rnn_step": (2, "PASS rnn_step"),
        "lstm_step": (3, "o uses tanh where a sigmoid belongs"),
        "lstm_step_backward": (4, "PASS lstm_backward"),
        "init_forget_bias": (2, "3 of the 4 layers and directions are not set"),
    },
}


def submission(source, answers: dict[str, str]):
    """A student's notebook: the release with the reference answers or the given mistakes."""
    nb = coursework.release_notebook(source)
    reference = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells}
    for cell in nb.cells:
        gid = cell.metadata["nbgrader"]["grade_id"]
        if cell.metadata["nbgrader"]["solution"]:
            cell.source = answer(answers[gid]) if gid in answers else reference[gid]
    return nb


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == grade_id)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coursework")
    written = coursework.write_assignments(tmp / "out", seed=0)
    assert len(written) == 4
    sources = {p.stem: nbformat.read(p, as_version=4) for p in written if p.parent.name == "source"}
    subs = tmp / "submissions"
    for student, work in STUDENTS.items():
        for name, answers in work.items():
            (subs / student).mkdir(parents=True, exist_ok=True)
            nbformat.write(submission(sources[name], answers), subs / student / f"{name}.ipynb")
    # nothing written: the release as handed out
    (subs / "empty" / A1).mkdir(parents=True)  # nbgrader's layout, STUDENT/NAME/NAME.ipynb
    nbformat.write(coursework.release_notebook(sources[A1]), subs / "empty" / A1 / f"{A1}.ipynb")
    (subs / "broken").mkdir()
    (subs / "broken" / f"{A1}.ipynb").write_text('{"cells": [')  # the upload was cut off
    raising = submission(sources[A1], {})
    answer_cell = cell(raising, "make_windows")
    answer_cell.source = 'raise RuntimeError("half-finished")\n\n' + answer_cell.source
    (subs / "raises").mkdir()
    nbformat.write(raising, subs / "raises" / f"{A1}.ipynb")
    forever = submission(sources[A1], {})
    cell(
        forever, "rnn_step"
    ).source = "def rnn_step(x_t, h_prev, params):\n    while True:\n        pass"
    (subs / "forever").mkdir()
    nbformat.write(forever, subs / "forever" / f"{A1}.ipynb")
    out = tmp / "grades"
    results = coursework.grade_folder(subs, out, seed=0, timeout=4)
    rows = list(csv.DictReader(open(out / "grades.csv")))
    marks = {(r["student"], r["exercise"]): float(r["points"]) for r in rows}
    tops = {r["exercise"]: float(r["max_points"]) for r in rows}
    feedback = {p.stem: p.read_text() for p in (out / "feedback").glob("*.md")}
    return results, marks, tops, feedback


def total(marks, student):
    return sum(v for (s, _), v in marks.items() if s == student)


def section(feedback: str, exercise: str) -> str:
    """The lines of the feedback about one exercise."""
    lines = feedback.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"- **{exercise}**"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- **")), None)
    return "\n".join(lines[start:end])


def test_the_reference_gets_full_marks(graded):
    _, marks, tops, feedback = graded
    assert tops == {
        "make_windows": 3,
        "rnn_step": 2,
        "lstm_step": 4,
        "lstm_step_backward": 4,
        "mase": 3,
        "init_forget_bias": 3,
        "gru_step": 3,
    }
    assert total(marks, "reference") == sum(tops.values()) == 22
    assert "FAIL" not in feedback["reference"]


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_mistake_gets_its_partial_marks_and_message(graded, student):
    _, marks, tops, feedback = graded
    for exercise, (points, message) in EXPECTED[student].items():
        assert marks[(student, exercise)] == points, (student, exercise)
        assert points < tops[exercise] or "FAIL" not in section(feedback[student], exercise)
        assert message in section(feedback[student], exercise), (exercise, feedback[student])


def test_an_empty_submission_gets_zero(graded):
    _, marks, _, feedback = graded
    assert total(marks, "empty") == 0
    assert "returns None: write its body in place of `...`" in feedback["empty"]
    assert "a2_pytorch_and_forecasting.ipynb was not submitted" in feedback["empty"]


def test_broken_notebooks_lose_what_they_break_and_say_why(graded):
    _, marks, tops, feedback = graded
    assert total(marks, "broken") == 0
    assert "a1_from_scratch.ipynb is not a valid notebook" in feedback["broken"]
    # the cell that raises costs its exercise; the others are graded
    assert marks[("raises", "make_windows")] == 0
    assert total(marks, "raises") == 13 - tops["make_windows"]
    assert "your cell make_windows raised RuntimeError: half-finished" in feedback["raises"]
    # the endless loop is stopped at the timeout; it costs rnn_step only
    assert marks[("forever", "rnn_step")] == 0
    assert total(marks, "forever") == 13 - tops["rnn_step"]
    assert "ran for more than 4 s and was stopped" in section(feedback["forever"], "rnn_step")


def test_hidden_tests_are_in_the_source_only(tmp_path):
    for name, assignment in assignments(0).items():
        source = coursework.source_notebook(assignment, 0)
        release = coursework.release_notebook(source)
        text = "\n".join(c.source for c in release.cells)
        assert "BEGIN HIDDEN TESTS" in "\n".join(c.source for c in source.cells)
        assert "HIDDEN" not in text and "BEGIN SOLUTION" not in text, name
        assert text.count(coursework.STUB) == sum(c.kind == "solution" for c in assignment.cells)
        for cell in release.cells:  # nbgrader's metadata on every cell
            meta = cell.metadata["nbgrader"]
            assert meta["schema_version"] == 3 and meta["locked"] != meta["solution"]
            assert not meta["grade"] or meta["points"] > 0


def _run_cells(nb) -> dict:
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "cell", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_seed_makes_a_variant_whose_answer_is_not_the_book(seed, capsys):
    order = gate_order(seed)
    assert order != GATES and sorted(order) == sorted(GATES)
    source = coursework.source_notebook(assignments(seed)[A1], seed)
    assert ", ".join(order) in "\n".join(c.source for c in source.cells)
    ns = _run_cells(source)  # the variant's reference passes its own tests, hidden ones too
    assert "FAIL" not in capsys.readouterr().out
    # the book's step (seed 0's answer, in the public HTML) fails this variant's tests
    book = _run_cells(coursework.source_notebook(assignments(0)[A1], 0))["lstm_step"]
    ns["lstm_step"] = book
    assert not ns["cell_state_right"](seed)
    x, h, c = np.ones((1, 3)), np.zeros((1, 4)), np.zeros((1, 4))
    params = ns["lb"].scratch.init_lstm_params(3, 4, seed=0)
    assert not np.allclose(book(x, h, c, params)[0], ns["lstm_step_book_order"](x, h, c, params)[0])


def test_seed_is_validated():
    with pytest.raises(TypeError, match="seed must be an int"):
        assignments("1")
    with pytest.raises(ValueError, match="seed must be 0 or more"):
        assignments(-1)


def test_the_teachers_page_lists_the_graded_exercises_with_their_points():
    page = (ROOT / "chapters" / "teachers_guide.md").read_text()
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("a") and cells[3].isdigit():
            rows[(cells[0], cells[1])] = int(cells[3])
    spec = {(n, e): p for n, a in assignments(0).items() for e, p in a.max_points().items()}
    assert rows == spec
    for name, assignment in assignments(0).items():
        assert f"({sum(assignment.max_points().values())} points)" in page, name
