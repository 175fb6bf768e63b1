"""Reading sources and writing tables.

:mod:`~.sources` decodes a report file into the text every offset indexes;
:mod:`~.tables` writes a corpus's tables (CSV, Parquet or Stata with ``datapackage.json``);
:mod:`~.read` reads them back into a corpus; :mod:`~.stata` writes and reads ``.dta`` files.

Names load on first use, so importing the package is cheap.

Examples
--------
>>> from democracy_study.io import read_source
>>> callable(read_source)
True
"""

from __future__ import annotations

from democracy_study._util import lazy_exports

_LAZY = {
    "EXTENSIONS": "democracy_study.io.tables",
    "FORMATS": "democracy_study.io.tables",
    "CorpusReadError": "democracy_study.io.read",
    "read_tables": "democracy_study.io.read",
    "read_dta": "democracy_study.io.stata",
    "write_dta": "democracy_study.io.stata",
    "Source": "democracy_study.io.sources",
    "SourceError": "democracy_study.io.sources",
    "decode_bytes": "democracy_study.io.sources",
    "read_source": "democracy_study.io.sources",
    "write_tables": "democracy_study.io.tables",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
