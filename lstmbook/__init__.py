"""lstmbook: the helper package shared by the chapters of *The LSTM book*.

Import it as ``import lstmbook as lb`` or by module (``from lstmbook import data``). Submodules
load on first use (``lb.scratch``), so that a chapter pays only for what it uses.
"""

from importlib import import_module

from lstmbook.book import full_setting, glue

#: Every public module, loaded on first use.
_SUBMODULES = (
    "animate",
    "book",
    "checks",
    "data",
    "forecast",
    "gradcheck",
    "keras_compat",
    "modern",
    "numpy_train",
    "optim",
    "plots",
    "progress",
    "scratch",
    "synthetic",
    "text",
    "torch_lstm",
    "train",
    "variants",
)

__all__ = ["full_setting", "glue", *_SUBMODULES]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = import_module(f"lstmbook.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'lstmbook' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
