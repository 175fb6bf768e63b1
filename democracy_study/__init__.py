"""democracy-study: provenance-tracked data on China's local people's congresses.

Importing the package is cheap: submodules (and pandas, matplotlib) load on
first use.

Examples
--------
>>> import democracy_study as ds
>>> "parse_reports" in ds.__all__
True
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "parse_reports": "democracy_study.corpus",
    "Corpus": "democracy_study.corpus",
    "extract_quantities": "democracy_study.parse.quantities",
    "parse_number": "democracy_study.parse.numerals",
    "read_corpus": "democracy_study.corpus",
    "read_source": "democracy_study.io.sources",
    "SourceError": "democracy_study.io.sources",
    "load_codebook": "democracy_study.coding.codebook",
    "code_corpus": "democracy_study.coding.coder",
    "resolve_place": "democracy_study.parse.gazetteer",
    "save_figure": "democracy_study.plots.save",
}

__all__ = [*sorted(_LAZY), "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'democracy_study' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
