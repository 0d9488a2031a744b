"""Keep the Colab set-up cell of every chapter in step with the repository URL in _config.yml.

The repository's address is written in one place, ``_config.yml``. Each chapter's first code
cell installs ``lstmbook`` from that address when (and only when) it runs in Google Colab.
``python scripts/colab_cell.py`` rewrites those cells after the address changes;
``--check`` only reports notebooks that are out of step (the test suite runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIRST_LINE = "# Colab set-up: in Google Colab, install the book's helper package lstmbook."
MARK = "# Colab set-up"  # how the cell is recognised, whatever its wording


def repository(config: Path = ROOT / "_config.yml") -> tuple[str, str]:
    """Return the repository URL and branch written in ``_config.yml``."""
    repo = yaml.safe_load(config.read_text(encoding="utf-8"))["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def cell_source(url: str, branch: str) -> str:
    """The source of the Colab set-up cell for a repository."""
    return f"""{FIRST_LINE}
# Anywhere else (the HTML book, Binder, your machine) it does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    package = "lstmbook @ git+{url}@{branch}"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
    subprocess.run([*pip, package], check=True)
""".rstrip("\n")


def chapters() -> list[Path]:
    return sorted((ROOT / "chapters").glob("*.ipynb"))


def sync(paths: list[Path], check: bool = False) -> list[Path]:
    """Make the first code cell of each notebook the set-up cell; return those out of step."""
    wanted = cell_source(*repository())
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        if code and code[0].source.startswith(MARK):
            if code[0].source == wanted:
                continue
            code[0].source = wanted
        else:
            cell = nbformat.v4.new_code_cell(wanted, metadata={"tags": ["hide-input"]})
            first_code = nb.cells.index(code[0]) if code else len(nb.cells)
            nb.cells.insert(first_code, cell)
        stale.append(path)
        if not check:
            nbformat.write(nb, path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    args = parser.parse_args(argv)
    stale = sync(chapters(), check=args.check)
    for path in stale:
        verb = "out of step" if args.check else "updated"
        print(f"{path.relative_to(ROOT)}: Colab cell {verb}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
