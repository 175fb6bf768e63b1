"""Writing the tables: CSV (UTF-8) or Parquet, with a Frictionless ``datapackage.json``.

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

import functools
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import PACKAGE_DATA

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus

__all__ = ["FORMATS", "datapackage", "write_tables"]

FORMATS = ("csv", "parquet")

_PANDAS_TYPES = {"int64": "integer", "Int64": "integer", "float64": "number", "bool": "boolean"}


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    import yaml

    with open(PACKAGE_DATA / "schema.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _fields(name: str, df: pd.DataFrame) -> list[dict[str, str]]:
    schema = _schema()
    table = schema["tables"][name]
    out = []
    for col in df.columns:
        spec = table["fields"].get(col) or schema["common"].get(col)
        if spec is None:
            if name in ("place_mechanisms", "place_indicators"):
                kind = _PANDAS_TYPES.get(str(df[col].dtype), "string")
                what = (
                    "mechanism code (0/1)"
                    if name == "place_mechanisms"
                    else "indicator (largest reported value)"
                )
                spec = {
                    "type": kind,
                    "description": f"Column for {what}: {col}." if col != "place" else "",
                }
            else:
                raise ValueError(
                    f"table {name!r}: column {col!r} has no description in schema.yaml"
                )
        out.append({"name": col, "type": spec["type"], "description": spec["description"]})
    return out


def datapackage(
    tables: dict[str, pd.DataFrame], files: dict[str, tuple[str, str]], fmt: str
) -> dict[str, Any]:
    """The ``datapackage.json`` content for written *tables*.

    *files* maps table name to ``(file name, sha256)``.
    """
    schema = _schema()
    resources = []
    for name, df in tables.items():
        path, digest = files[name]
        res: dict[str, Any] = {
            "name": name,
            "path": path,
            "description": schema["tables"][name]["description"],
            "hash": f"sha256:{digest}",
            "schema": {"fields": _fields(name, df)},
        }
        if fmt == "csv":
            res.update(
                {
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                }
            )
        else:
            res.update({"format": "parquet", "mediatype": "application/vnd.apache.parquet"})
        resources.append(res)
    return {
        "profile": "tabular-data-package" if fmt == "csv" else "data-package",
        "name": "democracy-study-corpus",
        "title": "County people's congress reports: provenance-tracked tables",
        "description": "Produced by democracy-study from data/raw. Every row from text carries source_file, "
        "char_start and char_end into the decoded source.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 (tables; source texts keep their own rights)",
            }
        ],
        "resources": resources,
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_one(df: pd.DataFrame, path: Path, fmt: str) -> None:
    if fmt == "csv":
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    else:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "--format parquet needs pyarrow: pip install 'democracy-study[parquet]'"
            ) from None
        df.to_parquet(path, index=False, engine="pyarrow")


def write_tables(corpus: Corpus, out_dir: str | Path, fmt: str = "csv") -> Path:
    """Write every table of *corpus* to *out_dir* (replaced atomically).

    Parameters
    ----------
    corpus : Corpus
    out_dir : path
        Target directory; created if missing, replaced as a whole on success,
        untouched on failure.
    fmt : {'csv', 'parquet'}
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        tables = corpus.tables()
        files = {}
        for name, df in tables.items():
            fname = f"{name}.{fmt}"
            _write_one(df, tmp / fname, fmt)
            files[name] = (fname, _sha256(tmp / fname))
        pkg = datapackage(tables, files, fmt)
        (tmp / "datapackage.json").write_text(
            json.dumps(pkg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        os.chmod(tmp, 0o755)
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out_dir, old)
            os.replace(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir
