"""nbval runs every chapter as a test; this plugin keeps what those runs make.

With ``LSTMBOOK_NBVAL_CACHE=DIR`` set (``make nbval`` sets it to the book's
jupyter-cache, ``_build/.jupyter_cache``), every notebook whose cells all pass
is stored in that cache with the outputs nbval collected. The book build
(``execute_notebooks: cache``) then finds each chapter there and renders it
without running it a second time. A notebook with a failing cell is not
stored: the build runs it again and fails on it too. Without the variable
nothing happens.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from nbval.kernel import RunningKernel

_CACHE = os.environ.get("LSTMBOOK_NBVAL_CACHE")
_runs: dict[
    Path, dict
] = {}  # notebook path -> {"file": IPyNbFile, "passed": [...], "s": float}


def _execute_as_jupyter_does(self, cell_input, allow_stdin=None):
    """Run a cell the way Jupyter does: with the history kept.

    nbval sends cells with ``store_history=False``. IPython then cannot see
    the cell's trailing ``;`` (it reads the cell from the history), so a cell
    ending in ``ax.set_title(...);`` would also show ``Text(...)``, unlike in
    Jupyter and in the book.
    """
    return self.kc.execute(
        cell_input,
        store_history=True,
        allow_stdin=allow_stdin,
        stop_on_error=False,
    )


RunningKernel.execute_cell_input = _execute_as_jupyter_does


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if not _CACHE or call.when != "call" or not hasattr(item, "test_outputs"):
        return
    report = outcome.get_result()
    run = _runs.setdefault(
        Path(item.parent.path), {"file": item.parent, "ok": True, "s": 0.0}
    )
    run["s"] += report.duration
    if report.passed and item.test_outputs is not None:
        item.cell.outputs = list(
            item.test_outputs
        )  # nbval's outputs, in nbformat's form
    else:
        run["ok"] = False


def pytest_sessionfinish(session):
    if not _CACHE or not _runs:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    Path(_CACHE).mkdir(parents=True, exist_ok=True)
    with open(
        Path(_CACHE) / ".nbval.lock", "w"
    ) as lock:  # xdist workers finish in parallel
        fcntl.flock(lock, fcntl.LOCK_EX)
        cache = get_cache(_CACHE)
        for path, run in _runs.items():
            if not run["ok"]:
                continue
            nb = run["file"].nb
            count = 0
            for cell in nb.cells:
                if cell.cell_type == "code":
                    count += 1
                    cell.execution_count = count
                    for out in cell.get("outputs", []):
                        if out.get("output_type") == "execute_result":
                            out["execution_count"] = count
            bundle = CacheBundleIn(
                nb, str(path), data={"execution_seconds": run["s"]}
            )
            cache.cache_notebook_bundle(
                bundle, check_validity=False, overwrite=True
            )
