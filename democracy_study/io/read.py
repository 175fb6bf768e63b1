"""Reading a written output directory back: tables with their dtypes, and the source texts.

:func:`read_tables` loads what :func:`~democracy_study.io.tables.write_tables`
wrote (CSV, Parquet or Stata, found through ``datapackage.json``) and restores
the dtypes of the parse from the descriptor's field types: ``string`` columns
are ``str`` with ``""`` for empty, ``integer`` columns ``int64`` when the
descriptor marks them ``required`` and nullable ``Int64`` otherwise,
``number`` columns ``float64`` and ``boolean`` columns ``bool``. The result
equals the parse that wrote the directory, table by table.

Source texts
------------
The tables record each source by its file name (``sources.source_file``) and
the SHA-256 of its bytes, not its text. :func:`read_tables` reads the texts
from the raw directory (``raw=``; by default ``../raw`` beside the output
directory, as in ``data/processed`` → ``data/raw``, else the project's
``data/raw``), decodes them exactly as the parse did
(:func:`~democracy_study.io.formats.read_document`) and checks every file's
SHA-256 against ``sources``: a changed or missing source is an error naming
the file, because the offsets would no longer index it. ``texts=False`` skips
this (``corpus.texts`` is then empty and provenance cannot be checked).

Examples
--------
>>> import tempfile, pathlib
>>> from democracy_study.corpus import parse_reports
>>> from democracy_study.io.tables import write_tables
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "raw").mkdir(), (d / "raw" / "r.txt").write_text(
...     "## 昌乐县：甲\\n\\n组织代表120名，开展活动3次。\\n", encoding="utf-8")
>>> out = write_tables(parse_reports(d / "raw"), d / "processed")
>>> tables, texts = read_tables(out)
>>> tables["quantities"][["evidence", "value"]].to_dict("records")
[{'evidence': '120名', 'value': 120.0}, {'evidence': '3次', 'value': 3.0}]
>>> sorted(texts)
['r.txt']

:func:`democracy_study.corpus.read_corpus` wraps the result in a ``Corpus``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pandas import NA as _NA

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CorpusReadError",
    "coerce_table",
    "read_descriptor",
    "read_table",
    "read_tables",
    "validate_output",
]

_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


class CorpusReadError(ValueError):
    """An output directory cannot be read back; the message names the file and the problem."""


def read_descriptor(path: str | Path) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of the output directory *path*."""
    path = Path(path)
    if not path.is_dir():
        raise CorpusReadError(f"{path}: not a directory")
    desc = path / "datapackage.json"
    try:
        pkg = json.loads(desc.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusReadError(
            f"{desc}: not found (is {path} an output directory written by "
            "`democracy-study parse` or `build`?)"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusReadError(f"{desc}: not valid JSON ({exc})") from None
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise CorpusReadError(f"{desc}: has no 'resources' list")
    return pkg


def _bool(v: Any, where: str) -> bool:
    if isinstance(v, str):
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
        raise CorpusReadError(f"{where}: {v!r} is not a boolean")
    if v is None or v is _NA or (isinstance(v, float) and math.isnan(v)):
        raise CorpusReadError(f"{where}: missing value in a boolean column")
    return bool(v)


def _float(v: Any) -> float:
    if isinstance(v, str):
        return float(v) if v != "" else math.nan  # float(repr(x)) == x: exact round trip
    if v is None or v is _NA or (isinstance(v, float) and math.isnan(v)):
        return math.nan
    return float(v)


def coerce_table(df: pd.DataFrame, fields: list[dict[str, Any]], where: str) -> pd.DataFrame:
    """*df* with the columns and dtypes the descriptor *fields* give (see module docstring).

    *where* names the file in error messages.

    Examples
    --------
    >>> import pandas as pd
    >>> fields = [{"name": "n", "type": "integer"}, {"name": "ok", "type": "boolean"},
    ...           {"name": "s", "type": "string"}]
    >>> t = coerce_table(pd.DataFrame({"n": ["1", ""], "ok": ["True", "False"], "s": ["a", ""]}),
    ...                  fields, "x.csv")
    >>> [str(t[c].dtype) for c in t], t["n"].tolist()
    (['Int64', 'bool', 'str'], [1, <NA>])
    """
    import pandas as pd

    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise CorpusReadError(f"{where}: column {missing[0]!r} of datapackage.json is missing")
    out = {}
    for f in fields:
        name, kind = f["name"], f.get("type", "string")
        s = df[name].reset_index(drop=True)
        required = bool((f.get("constraints") or {}).get("required"))
        try:
            if kind == "string":
                s = s.astype(object).where(s.notna(), "").map(str).astype(str)
            elif kind == "integer":
                vals = s.map(_float).astype("float64")
                if vals.notna().any() and (vals.dropna() % 1 != 0).any():
                    raise ValueError("not an integer")
                if required:
                    if vals.isna().any():
                        raise ValueError("missing value in a required column")
                    s = vals.astype("int64")
                else:
                    s = vals.astype("Int64")
            elif kind == "number":
                s = s.map(_float).astype("float64")
            elif kind == "boolean":
                s = s.map(lambda v, w=f"{where}, column {name!r}": _bool(v, w)).astype(bool)
            else:
                raise ValueError(f"unknown field type {kind!r}")
        except (ValueError, TypeError) as exc:
            if isinstance(exc, CorpusReadError):
                raise
            raise CorpusReadError(f"{where}, column {name!r}: {exc}") from None
        out[name] = s
    return pd.DataFrame(out, columns=names)


def _first_path(resource: dict[str, Any]) -> str:
    """The file of a resource (the first part of a multipart one) for messages."""
    p = resource.get("path", "")
    return str(p[0] if isinstance(p, list) and p else p)


def read_table(path: str | Path, resource: dict[str, Any]) -> pd.DataFrame:
    """Read one resource of a descriptor (relative to the directory *path*), typed."""
    import pandas as pd

    path = Path(path)
    if isinstance(resource["path"], list):  # a table written in parts: read them in order
        import pandas as pd

        if not resource["path"]:
            raise CorpusReadError(
                f"{path / 'datapackage.json'}: resource {resource.get('name')!r} lists no parts"
            )
        parts = [read_table(path, {**resource, "path": p}) for p in resource["path"]]
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    file = path / resource["path"]
    fmt = resource.get("format") or file.suffix.lstrip(".")
    if not file.is_file():
        raise CorpusReadError(f"{file}: listed in datapackage.json but missing")
    try:
        if fmt == "csv":
            df = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
        elif fmt == "parquet":
            df = pd.read_parquet(file)
        elif fmt == "dta":
            from democracy_study.io.stata import read_dta

            df = read_dta(file)
        else:
            raise CorpusReadError(f"{file}: unknown format {fmt!r}")
    except ImportError:
        raise CorpusReadError(
            f"{file}: reading Parquet needs pyarrow: pip install 'democracy-study[parquet]'"
        ) from None
    except (ValueError, OSError) as exc:
        if isinstance(exc, CorpusReadError):
            raise
        raise CorpusReadError(f"{file}: cannot be read ({exc})") from None
    return coerce_table(df, resource["schema"]["fields"], str(file))


def _raw_dirs(path: Path, raw: str | Path | None) -> list[Path]:
    if raw is not None:
        return [Path(raw)]
    from democracy_study import config

    return list(dict.fromkeys([path.resolve().parent / "raw", config.DATA_RAW]))


def _texts(path: Path, sources: pd.DataFrame, raw: str | Path | None) -> dict[str, str]:
    from democracy_study.io.formats import read_document
    from democracy_study.io.sources import SourceError

    dirs = _raw_dirs(path, raw)
    names = list(sources["source_file"])
    found = next((d for d in dirs if all((d / n).is_file() for n in names)), None)
    if found is None:
        missing = next(n for n in names if not (dirs[0] / n).is_file())
        raise SourceError(
            dirs[0] / missing,
            "source of the tables not found (looked in "
            + ", ".join(str(d) for d in dirs)
            + "); pass raw=DIR, or texts=False to read the tables without texts",
        )
    texts = {}
    for name, digest in zip(names, sources["sha256"], strict=True):
        src = read_document(found / name)
        if src.sha256 != digest:
            raise SourceError(
                found / name,
                f"sha256 {src.sha256[:12]}… differs from sources.sha256 {digest[:12]}… in "
                f"{path}: the tables were written from another version of this file",
            )
        texts[name] = src.text
    return texts


def read_tables(
    path: str | Path, *, raw: str | Path | None = None, texts: bool = True
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The tables of an output directory (dtypes restored) and the source texts.

    Parameters and errors as :func:`democracy_study.corpus.read_corpus`, which
    wraps the result in a ``Corpus``.

    Returns
    -------
    (tables, texts) : dict of DataFrame by table name, dict of text by source_file
    """
    from democracy_study.schema import TABLE_COLUMNS

    path = Path(path)
    pkg = read_descriptor(path)
    resources = {r.get("name"): r for r in pkg["resources"]}
    tables = {}
    for name, columns in TABLE_COLUMNS.items():
        if name not in resources:
            raise CorpusReadError(f"{path / 'datapackage.json'}: no resource {name!r}")
        df = read_table(path, resources[name])
        absent = [c for c in columns if c not in df.columns]
        if absent:
            raise CorpusReadError(
                f"{path / _first_path(resources[name])}: column {absent[0]!r} of the data contract "
                "is missing"
            )
        tables[name] = df
    text_map = _texts(path, tables["sources"], raw) if texts else {}
    return tables, text_map


#: Span columns checked against the source text: (start, end, characters they must equal).
_SPANS = (("char_start", "char_end", "evidence"), ("cue_start", "cue_end", "cue_text"))
_MAX_SHOWN = 5


def _check_table(name: str, df: pd.DataFrame, res: dict[str, Any], problems: list[str]) -> None:
    fields = res["schema"]["fields"]
    for f in fields:
        col, c = f["name"], f.get("constraints") or {}
        s = df[col]
        empty = s.isna() | (s == "") if f.get("type") == "string" else s.isna()
        if c.get("required") and empty.any():
            problems.append(
                f"{name}.{col}: {int(empty.sum())} missing value(s) in a required column"
            )
        if c.get("enum"):
            bad = sorted(set(s[~empty].astype(str)) - {str(v) for v in c["enum"]})
            if bad:
                problems.append(
                    f"{name}.{col}: value(s) outside the vocabulary: {bad[:_MAX_SHOWN]}"
                )
    pk = res["schema"].get("primaryKey") or []
    if pk:
        dup = df.duplicated(pk, keep=False)
        if dup.any():
            first = df.loc[dup, pk].iloc[0].tolist()
            problems.append(
                f"{name}: primary key {pk} not unique ({int(dup.sum())} rows, e.g. {first})"
            )


def _check_foreign(tables: dict, resources: dict, problems: list[str]) -> None:
    for name, res in resources.items():
        for fk in res["schema"].get("foreignKeys") or []:
            ref = fk["reference"]
            if name not in tables or ref["resource"] not in tables:
                continue
            cols, rcols = list(fk["fields"]), list(ref["fields"])
            child = tables[name][cols]
            child = child[~(child.isna() | (child == "")).any(axis=1)]
            have = set(map(tuple, tables[ref["resource"]][rcols].astype(str).to_numpy()))
            bad = [k for k in map(tuple, child.astype(str).to_numpy()) if k not in have]
            if bad:
                problems.append(
                    f"{name}.{'+'.join(cols)}: {len(bad)} value(s) not in "
                    f"{ref['resource']}.{'+'.join(rcols)}, e.g. {list(bad[0])}"
                )


def _check_provenance(tables: dict, texts: dict[str, str], problems: list[str]) -> int:
    n = 0
    for name, df in tables.items():
        if "source_file" not in df:
            continue
        for start, end, chars in _SPANS:
            if not {start, end, chars} <= set(df.columns):
                continue
            bad = []
            for i, (src, a, b, ev) in enumerate(
                zip(df["source_file"], df[start], df[end], df[chars], strict=True)
            ):
                n += 1
                text = texts.get(src)
                if text is None or text[int(a) : int(b)] != ev:
                    bad.append(i)
            if bad:
                problems.append(
                    f"{name}: {len(bad)} row(s) where text[{start}:{end}] != {chars} "
                    f"(first at row {bad[0] + 1})"
                )
    if "paragraphs" in tables:
        p = tables["paragraphs"]
        bad = 0
        for src, spans, text in zip(p["source_file"], p["spans"], p["text"], strict=True):
            n += 1
            src_text = texts.get(src, "")
            try:
                joined = "".join(src_text[a:b] for a, b in json.loads(spans))
            except (ValueError, TypeError):
                joined = None
            bad += joined != text
        if bad:
            problems.append(f"paragraphs: {bad} row(s) whose spans do not spell the text")
    return n


def validate_output(
    path: str | Path, *, raw: str | Path | None = None
) -> tuple[list[str], dict[str, int]]:
    """Check a written output directory against its descriptor and its sources.

    Checks: every resource file exists and has the descriptor's SHA-256;
    columns and types read as declared; ``required`` and ``enum`` constraints;
    primary keys unique; foreign keys resolve; and provenance:
    ``text[char_start:char_end] == evidence`` (and the mechanism cue spans)
    for every row, and every paragraph's spans spell its text, against the
    source files (found as in :func:`read_tables`, SHA-256 checked).

    Returns
    -------
    problems : list of str
        One line per failed check (empty: valid).
    counts : dict
        ``tables``, ``rows`` and ``spans`` checked.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from democracy_study.corpus import parse_reports
    >>> from democracy_study.io.tables import write_tables
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "raw").mkdir(), (d / "raw" / "r.txt").write_text(
    ...     "## 昌乐县：甲\\n\\n开展活动3次。\\n", encoding="utf-8")
    >>> out = write_tables(parse_reports(d / "raw"), d / "processed")
    >>> validate_output(out)[0]
    []
    >>> _ = (out / "quantities.csv").write_text("broken", encoding="utf-8")
    >>> validate_output(out)[0][0]
    'quantities: quantities.csv has sha256 ... but datapackage.json says ...'
    """
    from democracy_study._util import sha256_file
    from democracy_study.io.sources import SourceError

    path = Path(path)
    pkg = read_descriptor(path)
    problems: list[str] = []
    resources = {r.get("name"): r for r in pkg["resources"]}
    tables: dict[str, pd.DataFrame] = {}
    for name, res in resources.items():
        if isinstance(res.get("path"), list):  # multipart: each part has its own hash
            hashes = {p.get("path"): p.get("hash", "") for p in res.get("parts") or []}
            entries = [(p, hashes.get(p, "")) for p in res["path"]]
        else:
            entries = [(res.get("path", ""), res.get("hash", ""))]
        bad = False
        for rel, want in entries:
            file = path / rel
            if not file.is_file():
                problems.append(f"{name}: {rel} is missing")
                bad = True
                continue
            digest = sha256_file(file)
            want = str(want).removeprefix("sha256:")
            if want and digest != want:
                problems.append(
                    f"{name}: {rel} has sha256 {digest[:12]}… but datapackage.json says "
                    f"{want[:12]}…"
                )
                bad = True
        if bad:
            continue
        try:
            tables[name] = read_table(path, res)
        except CorpusReadError as exc:
            problems.append(f"{name}: {exc}")
            continue
        _check_table(name, tables[name], res, problems)
    _check_foreign(tables, resources, problems)
    spans = 0
    if "sources" in tables:
        try:
            texts = _texts(path, tables["sources"], raw)
        except SourceError as exc:
            problems.append(f"provenance not checked: {exc}")
        else:
            spans = _check_provenance(tables, texts, problems)
    counts = {"tables": len(tables), "rows": sum(len(t) for t in tables.values()), "spans": spans}
    return problems, counts
