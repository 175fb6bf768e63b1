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

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from democracy_study._util import sha256_file
from democracy_study.schema import datapackage

if TYPE_CHECKING:
    import pandas as pd

    from democracy_study.corpus import Corpus

__all__ = ["FORMATS", "write_tables"]

FORMATS = ("csv", "parquet")


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
            files[name] = (fname, sha256_file(tmp / fname))
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
