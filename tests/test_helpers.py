import sys

import numpy as np
import pytest
from tqdm import tqdm

import lstmbook as lb
from lstmbook import book, progress


def test_glue_turns_numpy_scalars_into_python_numbers(monkeypatch):
    seen = {}
    monkeypatch.setattr(book, "_myst_glue", lambda name, value, display: seen.update({name: value}))
    lb.glue("x", np.float64(1.5))
    lb.glue("n", np.int64(3))
    assert seen == {"x": 1.5, "n": 3}
    assert type(seen["x"]) is float and type(seen["n"]) is int


def test_glue_without_myst_nb_shows_the_value_only_when_asked(monkeypatch):
    shown = []
    monkeypatch.setattr(book, "_myst_glue", None)  # as in Colab, without myst-nb
    monkeypatch.setattr("IPython.display.display", shown.append)
    assert lb.glue("x", 1.0) is None and shown == []
    lb.glue("y", np.float64(2.5), display=True)
    assert shown == [2.5]


@pytest.mark.parametrize("mode", ["", "final"])
def test_progress_bar_is_plain_text_on_stdout(monkeypatch, mode):
    monkeypatch.setenv("LSTMBOOK_PROGRESS", mode)
    bar = progress.progress_bar(range(3), disable=False)
    # a text bar, never tqdm.notebook's widget: that would make the HTML load JS from a CDN
    assert isinstance(bar, tqdm) and type(bar).__module__ in ("tqdm.std", "lstmbook.progress")
    assert getattr(bar.fp, "_wrapped", bar.fp) is sys.stdout  # stderr is for trouble
    assert list(bar) == [0, 1, 2]
    bar.close()
    assert list(progress.trange(2)) == [0, 1]


def test_final_only_bars_draw_once_finished(monkeypatch, capsys):
    monkeypatch.setenv("LSTMBOOK_PROGRESS", "final")
    bar = progress.trange(50, desc="train")
    for i in bar:
        bar.set_postfix(loss=i)
    out = capsys.readouterr().out
    assert out.count("train:") == 1 and "50/50" in out and "loss=49" in out
    assert " 0/50" not in out


def test_live_bars_redraw(monkeypatch, capsys):
    monkeypatch.delenv("LSTMBOOK_PROGRESS", raising=False)
    for _ in progress.trange(3, desc="live", mininterval=0):
        pass
    assert capsys.readouterr().out.count("live:") > 1


def test_full_setting_reads_the_environment(monkeypatch):
    monkeypatch.delenv("LSTMBOOK_FULL", raising=False)
    assert lb.full_setting() is False
    monkeypatch.setenv("LSTMBOOK_FULL", "1")
    assert lb.full_setting() is True
    monkeypatch.setenv("LSTMBOOK_FULL", "0")
    assert lb.full_setting() is False


def test_full_setting_rejects_other_values(monkeypatch):
    monkeypatch.setenv("LSTMBOOK_FULL", "yes")
    with pytest.raises(ValueError, match="LSTMBOOK_FULL must be 0 or 1"):
        lb.full_setting()
