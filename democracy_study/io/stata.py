"""Stata ``.dta`` files of the tables (format 118: Unicode, readable by Stata 14 and later).

:func:`write_dta` writes one table with :meth:`pandas.DataFrame.to_stata`:
variable labels are the schema's field descriptions (cut to Stata's 80-character
limit, the cut marked with ``…``), the data label is the table's description,
strings longer than Stata's 2,045-byte ``str#`` limit are stored as ``strL``,
booleans as 0/1 bytes and missing integers as Stata's missing value ``.``.
The header's time stamp is fixed, so the bytes depend only on the data.

:func:`read_dta` reads such a file back into the dtypes of the parse (see
:func:`democracy_study.corpus.read_corpus`).

Examples
--------
>>> import tempfile, pathlib
>>> import pandas as pd
>>> df = pd.DataFrame({"place": ["昌乐县", ""], "n_paragraphs": [3, 1]})
>>> p = pathlib.Path(tempfile.mkdtemp()) / "reports.dta"
>>> _ = write_dta(df, p, "reports")
>>> pd.read_stata(p)["place"].tolist()
['昌乐县', '']
>>> with pd.io.stata.StataReader(p) as r:
...     r.variable_labels()["n_paragraphs"]
'Number of logical paragraphs.'
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LABEL_LIMIT", "STR_LIMIT", "VERSION", "read_dta", "stata_label", "write_dta"]

#: The ``.dta`` format written: 118 stores UTF-8 strings (Stata 14+).
VERSION = 118
#: Stata's limit on variable and data labels (characters).
LABEL_LIMIT = 80
#: Longest ``str#`` value in bytes; longer strings are written as ``strL``.
STR_LIMIT = 2045
#: Fixed header time stamp (Stata files otherwise record the time of writing).
_TIME_STAMP = _dt.datetime(2000, 1, 1)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")


def stata_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """*text* on one line, cut to *limit* characters (the cut marked with ``…``).

    Examples
    --------
    >>> stata_label("short")
    'short'
    >>> len(stata_label("x" * 200)), stata_label("x" * 200)[-1]
    (80, '…')
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_dta(df: pd.DataFrame, path: str | Path, table: str = "") -> Path:
    """Write *df* as a Stata 118 ``.dta`` file at *path*; *table* names its schema entry.

    Parameters
    ----------
    df : DataFrame
        A table of the data contract (or a derived one).
    path : path
    table : str
        Table name in ``schema.yaml``: labels come from its field descriptions.
        Empty: no labels.

    Raises
    ------
    ValueError
        A column name Stata cannot hold (more than 32 characters, or not an
        identifier); the message names it.
    """
    import pandas as pd

    from democracy_study.schema import _schema, table_fields

    path = Path(path)
    bad = [c for c in df.columns if not _NAME.match(str(c))]
    if bad:
        raise ValueError(
            f"{path.name}: column {bad[0]!r} is not a valid Stata variable name "
            "(at most 32 letters, digits or '_', not starting with a digit)"
        )
    labels: dict[str, str] = {}
    data_label = None
    if table:
        labels = {f["name"]: stata_label(f["description"]) for f in table_fields(table, df)}
        labels = {k: v for k, v in labels.items() if v}
        data_label = stata_label(_schema()["tables"][table]["description"])
    out = pd.DataFrame(index=range(len(df)))
    strl = []
    for col in df.columns:
        s = df[col].reset_index(drop=True)
        dtype = str(s.dtype)
        if dtype == "bool":
            s = s.astype("int8")
        elif dtype == "Int64":
            s = s.astype("float64")
        elif dtype in ("object", "str", "string"):
            s = s.astype(object).where(s.notna(), "")
            s = s.map(str)
            if len(s) and int(s.map(lambda v: len(v.encode("utf-8"))).max()) > STR_LIMIT:
                strl.append(col)
        out[col] = s
    out.to_stata(
        path,
        write_index=False,
        version=VERSION,
        variable_labels=labels,
        data_label=data_label,
        time_stamp=_TIME_STAMP,
        convert_strl=strl,
    )
    return path


def read_dta(path: str | Path) -> pd.DataFrame:
    """Read a ``.dta`` file as written by :func:`write_dta` (no dtype conversion).

    Strings come back as written; integers, booleans and missing integers as
    Stata stores them (:func:`democracy_study.corpus.read_corpus` restores
    the parse's dtypes from ``datapackage.json``).
    """
    import pandas as pd

    return pd.read_stata(path, convert_categoricals=False, convert_missing=False)
