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
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study._util import replace_directory, sha256_file
from democracy_study.schema import datapackage, table_fields

if TYPE_CHECKING:
    import pandas as pd

    from democracy_study.corpus import Corpus

__all__ = ["EXTENSIONS", "FORMATS", "write_partitioned", "write_tables"]

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


#: Arrow type of each descriptor field type: every part of a table has the same schema.
_ARROW_TYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}


def _arrow_schema(fields: Sequence[Mapping[str, Any]]) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(f["name"], getattr(pa, _ARROW_TYPES[f["type"]])()) for f in fields])


def _merge_fields(
    name: str, old: list[dict[str, Any]] | None, new: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The fields of a table written in parts: the same columns and types in every part;
    a column is ``required`` only if no part can miss it."""
    if old is None:
        return new
    if [(f["name"], f["type"]) for f in old] != [(f["name"], f["type"]) for f in new]:
        raise ValueError(f"table {name!r}: a part has other columns or types than the first")
    out = []
    for a, b in zip(old, new, strict=True):
        ca, cb = a.get("constraints") or {}, b.get("constraints") or {}
        if ca.get("required") and not cb.get("required"):
            a = dict(a)
            rest = {k: v for k, v in ca.items() if k != "required"}
            if rest:
                a["constraints"] = rest
            else:
                a.pop("constraints", None)
        out.append(a)
    return out


def write_partitioned(
    batches: Iterable[Mapping[str, pd.DataFrame]],
    out_dir: str | Path,
    *,
    final: Callable[[], Mapping[str, pd.DataFrame]] | None = None,
    inputs: Sequence[str | Path] = (),
    force: bool = False,
) -> Path:
    """Write tables that arrive in batches as Parquet parts, one folder per table.

    Each batch (table name → DataFrame) becomes ``NAME/part-KKKKK.parquet`` for
    every table in it, written as it arrives, so only one batch is ever in
    memory. Every part of a table has one Arrow schema (from the descriptor's
    field types), so ``pandas.read_parquet("OUT/NAME")`` reads the folder as one
    dataset; :func:`democracy_study.io.read.read_tables` reads the parts in
    order. ``datapackage.json`` lists each table as a multipart resource (see
    :func:`democracy_study.schema.datapackage`). The tables *final* returns,
    called after the last batch, are written as single files (``NAME.parquet``).
    The directory is replaced atomically, as by :func:`write_tables`: an error
    in any batch leaves the previous output in place and no part behind.

    Parameters
    ----------
    batches : iterable of dict
        Table name → DataFrame, the same tables (and columns) in every batch.
    out_dir : path
    final : callable, optional
        Returns the tables written once, after the batches (e.g. place-level
        summaries accumulated over the batches).
    inputs, force
        As for :func:`write_tables`.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> src = pd.DataFrame({"source_file": ["a.txt"], "sha256": ["0" * 64]})
    >>> batches = ({"sources": src.assign(source_file=n)} for n in ["a.txt", "b.txt"])
    >>> out = write_partitioned(batches, d / "out")
    >>> sorted(p.name for p in (out / "sources").iterdir())
    ['part-00000.parquet', 'part-00001.parquet']
    >>> pd.read_parquet(out / "sources")["source_file"].tolist()
    ['a.txt', 'b.txt']
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError(
            "partitioned output is Parquet and needs pyarrow: pip install 'democracy-study[parquet]'"
        ) from None

    def fill(tmp: Path) -> None:
        fields: dict[str, list[dict[str, Any]]] = {}
        schemas: dict[str, Any] = {}
        files: dict[str, Any] = {}
        for k, batch in enumerate(batches):
            for name, df in batch.items():
                if k and name not in files:
                    raise ValueError(f"table {name!r} is not in the first batch")
                f = table_fields(name, df)
                fields[name] = _merge_fields(name, fields.get(name), f)
                if name not in schemas:
                    schemas[name] = _arrow_schema(f)
                    (tmp / name).mkdir()
                rel = f"{name}/part-{k:05d}.parquet"
                table = pa.Table.from_pandas(df, schema=schemas[name], preserve_index=False)
                pq.write_table(table, tmp / rel)
                files.setdefault(name, []).append((rel, sha256_file(tmp / rel), len(df)))
        if not files:
            raise ValueError("no batch of tables to write")
        tables: dict[str, Any] = dict(fields)
        for name, df in (final() if final is not None else {}).items():
            fname = f"{name}.parquet"
            _write_one(df, tmp / fname, "parquet", name)
            files[name] = (fname, sha256_file(tmp / fname))
            tables[name] = df
        pkg = datapackage(tables, files, "parquet")
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
