"""Writing the tables: CSV (UTF-8), Parquet or Stata, with a Frictionless ``datapackage.json``.

Writes are atomic: everything goes to a temporary directory beside the
target, which replaces the target only when every file is complete. Bytes are
deterministic (sorted rows as parsed, ``\\n`` line ends, no timestamps).

Examples
--------
>>> import tempfile, pathlib, json
>>> from democracy_study.corpus import parse_reports
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "r.txt").write_text("## 昌乐县：甲\\n\\n开展活动3次。\\n", encoding="utf-8")
>>> out = write_tables(parse_reports(d), d / "out")
>>> pkg = json.loads((d / "out" / "datapackage.json").read_text(encoding="utf-8"))
>>> [r["name"] for r in pkg["resources"]][:3]
['sources', 'reports', 'paragraphs']
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from democracy_study._util import replace_directory, sha256_file
from democracy_study.schema import datapackage

if TYPE_CHECKING:
    import pandas as pd

    from democracy_study.corpus import Corpus

__all__ = ["EXTENSIONS", "FORMATS", "write_tables"]

FORMATS = ("csv", "parquet", "stata")
#: File name extension of each format.
EXTENSIONS = {"csv": "csv", "parquet": "parquet", "stata": "dta"}


def _write_one(df: pd.DataFrame, path: Path, fmt: str, name: str = "") -> None:
    if fmt == "csv":
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    elif fmt == "stata":
        from democracy_study.io.stata import write_dta

        write_dta(df, path, name)
    else:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "--format parquet needs pyarrow: pip install 'democracy-study[parquet]'"
            ) from None
        df.to_parquet(path, index=False, engine="pyarrow")


def write_tables(
    corpus: Corpus,
    out_dir: str | Path,
    fmt: str = "csv",
    *,
    inputs: Sequence[str | Path] = (),
    force: bool = False,
) -> Path:
    """Write every table of *corpus* to *out_dir* (replaced atomically).

    Parameters
    ----------
    corpus : Corpus
    out_dir : path
        Target directory; created if missing, replaced as a whole on success,
        untouched on failure (:func:`democracy_study._util.replace_directory`:
        never a file, a symbolic link, an input or a directory holding one; a
        non-empty directory that is not a previous output only with *force*;
        a lock against concurrent runs; leftovers of killed runs cleaned).
    fmt : {'csv', 'parquet', 'stata'}
        ``stata`` writes ``.dta`` files (version 118, Unicode) with variable labels
        from the schema (:func:`democracy_study.io.stata.write_dta`).
    inputs : paths
        The source files or directories the corpus was parsed from.
    force : bool
        Replace a non-empty directory that was not written by this tool.

    Raises
    ------
    democracy_study._util.OutputDirError
        If *out_dir* cannot be used (the message names it as given).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    tables = corpus.tables()

    def fill(tmp: Path) -> None:
        files = {}
        for name, df in tables.items():
            fname = f"{name}.{EXTENSIONS[fmt]}"
            if fmt == "csv":
                _write_csv(df, tmp / fname)
            else:
                _write_one(df, tmp / fname, fmt, name)
            files[name] = (fname, sha256_file(tmp / fname))
        pkg = datapackage(tables, files, fmt)
        (tmp / "datapackage.json").write_text(
            json.dumps(pkg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    return replace_directory(Path(out_dir), fill, inputs=tuple(inputs), force=force)


#: Characters some CSV readers take for a line end: a field holding one is always quoted.
_LINE_BREAKING = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: Appended to such a field so that the writer quotes it (it holds ``\\n``), then removed.
_FORCE_QUOTE = "\ue000\n\ue001"


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV with ``\\n`` line ends; a field with ``\\r`` or another line-breaking
    character is quoted, so every reader (``csv`` with ``newline=''``, pandas) reads
    back the same rows and the exact characters (evidence keeps its ``\\r\\n``).

    >>> import pandas as pd, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _write_csv(pd.DataFrame({"a": ["x\\ry", "z"], "b": [1, 2]}), p)
    >>> p.read_bytes()
    b'a,b\\n"x\\ry",1\\nz,2\\n'
    """
    from pandas.api.types import is_object_dtype, is_string_dtype

    cols = [c for c in df.columns if is_object_dtype(df[c]) or is_string_dtype(df[c])]
    flagged = False
    out = df
    for c in cols:
        hit = df[c].map(lambda v: isinstance(v, str) and bool(_LINE_BREAKING.search(v)))
        if hit.any():
            if not flagged:
                out, flagged = df.copy(), True
            out.loc[hit, c] = out.loc[hit, c] + _FORCE_QUOTE
    text = out.to_csv(index=False, lineterminator="\n")
    if flagged:
        text = text.replace(_FORCE_QUOTE, "")
    path.write_bytes(text.encode("utf-8"))
