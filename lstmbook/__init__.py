"""lstmbook: the helper package shared by the chapters of *The LSTM book*.

Import it as ``import lstmbook as lb`` or by module (``from lstmbook import data``). Submodules
load on first use (``lb.scratch``), so that a chapter pays only for what it uses.
"""

from importlib import import_module

from lstmbook.book import glue

__all__ = ["glue", "data", "plots", "progress", "scratch", "gradcheck", "optim", "checks"]
__version__ = "0.1.0"

_SUBMODULES = {
    "data",
    "plots",
    "progress",
    "book",
    "scratch",
    "gradcheck",
    "optim",
    "checks",
    "train",
    "torch_lstm",
    "keras_compat",
    "forecast",
    "modern",
}


def __getattr__(name: str):
    if name in _SUBMODULES or (not name.startswith("_") and name.isidentifier() and _exists(name)):
        module = import_module(f"lstmbook.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'lstmbook' has no attribute {name!r}")


def _exists(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(f"lstmbook.{name}") is not None


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
