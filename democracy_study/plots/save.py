"""Write figures to ``figures/`` with stable names, deterministic bytes and a manifest.

:func:`save_figure` is the only function in the project that writes a figure. It
writes ``<name>.pdf`` (vector, fonts embedded as TrueType) and ``<name>.png``
(300 dpi), each atomically, with no timestamps or software versions in the file,
and upserts one row into ``figures/manifest.csv``:

========  ==============================================================
name      stable figure name, ``figNN-short-slug``
caption   the caption a paper should print
source    the notebook or command that made the figure
inputs    JSON ``{table file: sha256}`` of the data tables drawn
files     JSON ``{figure file: sha256}`` of the files written
========  ==============================================================

Nothing that varies between machines (absolute paths, times, versions) is
written to the manifest; rows are sorted by name.

Examples
--------
>>> import re
>>> bool(re.match(NAME_PATTERN, "fig01-quantities-by-place"))
True
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study import config
from democracy_study._util import atomic_write_bytes, sha256_bytes, sha256_file

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAME",
    "NAME_PATTERN",
    "PNG_DPI",
    "figure_manifest",
    "save_figure",
]

NAME_PATTERN = r"^fig\d{2}-[a-z0-9-]+$"
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("name", "caption", "source", "inputs", "files")
PNG_DPI = 300
#: Supported formats and the savefig metadata that removes dates and versions.
FORMATS: dict[str, dict[str, Any]] = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}
_NAME_RE = re.compile(NAME_PATTERN)


def _json(obj: dict[str, str]) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _portable_name(path: Path) -> str:
    """Path relative to the project root (POSIX), else the bare file name."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(config.PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return resolved.name


def _validate(name: Any, caption: Any, source: Any, formats: Sequence[str]) -> None:
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(
            f"figure name {name!r} is invalid: it must match {NAME_PATTERN} "
            "(e.g. 'fig01-quantities-by-place': 'fig', two digits, '-', lower-case slug)"
        )
    for field, value in (("caption", caption), ("source", source)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"figure {name}: {field} must be a non-empty string, got {value!r}")
    if os.path.isabs(source) or re.search(r"(^|\s)(/|[A-Za-z]:\\)", source):
        raise ValueError(
            f"figure {name}: source {source!r} contains an absolute path; give the notebook "
            "relative to the project root (e.g. 'notebooks/01_corpus.ipynb') or the command"
        )
    if isinstance(formats, str) or not formats:
        raise ValueError(f"figure {name}: formats must be a non-empty sequence, got {formats!r}")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"figure {name}: unsupported format(s) {unknown}; use {sorted(FORMATS)}")


def _render(fig: Figure, fmt: str) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    rc = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.hashsalt": "democracy-study"}
    with matplotlib.rc_context(rc):
        kwargs: dict[str, Any] = {
            "format": fmt,
            "metadata": dict(FORMATS[fmt]),
            "bbox_inches": "tight",  # legends placed outside the axes are kept
            "pad_inches": 0.02,
        }
        if fmt == "png":
            kwargs["dpi"] = PNG_DPI
        fig.savefig(buf, **kwargs)
    data = buf.getvalue()
    if fmt == "pdf" and re.search(rb"/Subtype\s*/Type3\b", data):
        raise RuntimeError(
            "PDF would contain a Type 3 font; figures must embed TrueType fonts "
            "(call democracy_study.plots.style.use_style() before drawing)"
        )
    return data


def save_figure(
    fig: Figure,
    name: str,
    *,
    caption: str,
    source: str,
    inputs: Iterable[str | os.PathLike[str]] | Mapping[str, str | os.PathLike[str]] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Sequence[str] = ("pdf", "png"),
) -> dict[str, Any]:
    """Write *fig* as ``<out_dir>/<name>.<fmt>`` and record it in the manifest.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (drawn after :func:`democracy_study.plots.style.use_style`).
    name : str
        Stable name matching ``^fig\\d{2}-[a-z0-9-]+$``, e.g. ``fig01-quantities-by-place``.
    caption : str
        Caption for papers.
    source : str
        Notebook (relative to the project root) or command that made the figure.
    inputs : iterable of path, or mapping of label to path, optional
        Data tables the figure draws; their SHA-256 is recorded under the
        path relative to the project root (or the given label, so a build
        into a temporary directory records the same names).
    out_dir : path, optional
        Default :data:`democracy_study.config.FIGURES`.
    formats : sequence of str
        Any of ``'pdf'``, ``'png'``, ``'svg'``.

    Returns
    -------
    dict
        The manifest row with ``inputs`` and ``files`` as dicts, plus ``paths``
        (format → absolute :class:`~pathlib.Path` of the written file).

    Raises
    ------
    ValueError
        Invalid name, empty caption/source, absolute path in source, unknown format.
    FileNotFoundError
        An input table does not exist.
    TypeError
        *fig* is not a matplotlib Figure.
    RuntimeError
        The PDF would contain a Type 3 (non-TrueType) font.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     row = save_figure(fig, "fig99-example", caption="A line.", source="doctest",
    ...                       out_dir=d)
    ...     sorted(row["files"])
    ['fig99-example.pdf', 'fig99-example.png']
    >>> plt.close(fig)
    """
    if not callable(getattr(fig, "savefig", None)):
        raise TypeError(f"save_figure needs a matplotlib Figure, got {type(fig).__name__}")
    formats = tuple(formats) if not isinstance(formats, str) else formats
    _validate(name, caption, source, formats)
    out = Path(out_dir) if out_dir is not None else config.FIGURES
    if isinstance(inputs, str | bytes | os.PathLike):
        raise TypeError(f"figure {name}: inputs must be a list of paths, got one path {inputs!r}")
    input_hashes: dict[str, str] = {}
    labelled = inputs.items() if isinstance(inputs, Mapping) else ((None, i) for i in inputs or ())
    for label, item in labelled:
        path = Path(item)
        if not path.is_file():
            raise FileNotFoundError(f"figure {name}: input table {str(item)!r} does not exist")
        key = str(label) if label is not None else _portable_name(path)
        if key in input_hashes:
            raise ValueError(f"figure {name}: input {key!r} listed twice")
        input_hashes[key] = sha256_file(path)

    rendered = {fmt: _render(fig, fmt) for fmt in dict.fromkeys(formats)}
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    paths: dict[str, Path] = {}
    for fmt, data in rendered.items():
        target = out / f"{name}.{fmt}"
        atomic_write_bytes(target, data)
        files[target.name] = sha256_bytes(data)
        paths[fmt] = target.resolve()

    row = {
        "name": name,
        "caption": caption.strip(),
        "source": source.strip(),
        "inputs": input_hashes,
        "files": files,
    }
    _upsert_manifest(out / MANIFEST_NAME, row)
    return {**row, "paths": paths}


def _read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != MANIFEST_COLUMNS:
            raise ValueError(
                f"{path}: columns {reader.fieldnames} differ from the expected {MANIFEST_COLUMNS}"
            )
        return list(reader)


def _upsert_manifest(path: Path, row: dict[str, Any]) -> None:
    rows = {r["name"]: r for r in _read_rows(path)}
    rows[row["name"]] = {
        **row,
        "inputs": _json(row["inputs"]),
        "files": _json(row["files"]),
    }
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for key in sorted(rows):
        writer.writerow({c: rows[key][c] for c in MANIFEST_COLUMNS})
    atomic_write_bytes(path, buf.getvalue().encode("utf-8"))


def figure_manifest(out_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read the figure manifest as a DataFrame (all columns strings, sorted by name).

    Parameters
    ----------
    out_dir : path, optional
        Default :data:`democracy_study.config.FIGURES`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MANIFEST_COLUMNS`; empty if no figure was saved yet.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     list(figure_manifest(d).columns)
    ['name', 'caption', 'source', 'inputs', 'files']
    """
    import pandas as pd

    out = Path(out_dir) if out_dir is not None else config.FIGURES
    rows = _read_rows(out / MANIFEST_NAME)
    frame = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS), dtype="str")
    return frame.sort_values("name", kind="stable").reset_index(drop=True)
