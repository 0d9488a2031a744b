"""lstmbook: the helper package shared by the chapters of *The LSTM book*.

Import it as ``import lstmbook as lb`` or by module (``from lstmbook import data``).
"""

from lstmbook import data, plots, progress
from lstmbook.book import glue

__all__ = ["data", "plots", "progress", "glue"]
__version__ = "0.1.0"
