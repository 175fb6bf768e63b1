"""Annotation files: reading and checking ``data/annotations/*.csv``.

See :mod:`democracy_study.annotations` for the three files and what they mean.

Examples
--------
>>> parse_present("1", "mechanisms.csv:2"), parse_present("0", "mechanisms.csv:3")
(True, False)
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = [
    "ANNOTATED_TABLES",
    "ANNOTATION_COLUMN",
    "FILE_COLUMNS",
    "Annotation",
    "AnnotationError",
    "adopt_adjudication",
    "parse_present",
    "read_annotations",
]

#: The provenance column added to every annotated table.
ANNOTATION_COLUMN = "annotation"
#: Tables that carry :data:`ANNOTATION_COLUMN` (always, so the schema is stable).
ANNOTATED_TABLES = ("reports", "paragraphs", "quantities", "mechanisms")
#: Required columns of each annotation file (``mechanisms.csv`` may add ``char_start, char_end``).
FILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "quantities": (
        "source_file",
        "char_start",
        "char_end",
        "field",
        "value",
        "coder",
        "date",
        "reason",
    ),
    "mechanisms": ("report_id", "code", "present", "coder", "date", "reason"),
    "places": ("source_file", "char_start", "char_end", "place", "coder", "date", "reason"),
}
_OPTIONAL = {"mechanisms": ("char_start", "char_end")}
#: Quantity columns an annotation may not set (provenance; ``place`` comes from places.csv).
_PROTECTED = (
    "source_file",
    "report_id",
    "paragraph_id",
    "place",
    "evidence",
    "char_start",
    "char_end",
    ANNOTATION_COLUMN,
)
_PLACE_COLUMNS = (
    "place",
    "admin_code",
    "admin_level",
    "place_en",
    "prefecture",
    "province",
    "place_match",
)
_TRUE = ("1", "true", "yes", "y")
_FALSE = ("0", "false", "no", "n")
_REMOVED = "annotation_removed"
_STALE = "stale_annotation"
_ORIGINAL_MARK = "; original rows: "


class AnnotationError(ValueError):
    """An annotation file is malformed or two annotations conflict; the message names them."""


@dataclass(frozen=True)
class Annotation:
    """One row of an annotation file.

    ``kind`` is ``quantities``, ``mechanisms`` or ``places``; ``file`` and
    ``line`` say where it was read (``line`` counts the header as 1).
    ``field``/``value`` hold the field and new value (quantities), the code
    (mechanisms: ``field='code'``) or the place (places: ``field='place'``).
    """

    kind: str
    file: str
    line: int
    coder: str
    date: str
    reason: str
    source_file: str = ""
    char_start: int | None = None
    char_end: int | None = None
    report_id: str = ""
    field: str = ""
    value: str = ""
    present: bool | None = None

    @property
    def ref(self) -> str:
        """``<file name>:<line>`` (no directory, so outputs do not depend on where the files are)."""
        return f"{Path(self.file).name}:{self.line}"

    def where(self, *, full: bool = True) -> str:
        """``<file> line <n> (coder <name>)`` for messages (*full*: the file's whole path)."""
        name = self.file if full else Path(self.file).name
        return f"{name} line {self.line} (coder {self.coder})"


def parse_present(value: str, where: str) -> bool:
    """``1/0``, ``true/false``, ``yes/no`` (any case) → bool; else :class:`AnnotationError`.

    >>> parse_present("1", "x"), parse_present("No", "x")
    (True, False)
    """
    v = str(value).strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise AnnotationError(f"{where}: {value!r} is not 1 or 0 (true/false, yes/no)")


def _offsets(row: dict[str, str], where: str) -> tuple[int, int]:
    try:
        s, e = int(row["char_start"]), int(row["char_end"])
    except (TypeError, ValueError):
        raise AnnotationError(
            f"{where}: char_start/char_end {row.get('char_start')!r}, {row.get('char_end')!r} "
            "are not integers"
        ) from None
    if not 0 <= s < e:
        raise AnnotationError(f"{where}: char_start {s} / char_end {e}: need 0 <= start < end")
    return s, e


def _read_file(path: Path, kind: str) -> list[Annotation]:
    from democracy_study.coding.codebook import load_codebook

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise AnnotationError(f"{path}: cannot be read ({exc.strerror})") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        return []
    need = FILE_COLUMNS[kind]
    missing = [c for c in need if c not in header]
    if missing:
        raise AnnotationError(f"{path}: missing column(s) {', '.join(missing)}")
    known = set(need) | set(_OPTIONAL.get(kind, ()))
    extra = [c for c in header if c not in known]
    if extra:
        raise AnnotationError(
            f"{path}: unknown column(s) {', '.join(extra)}; expected {', '.join(need)}"
            + (f" (optional: {', '.join(_OPTIONAL[kind])})" if kind in _OPTIONAL else "")
        )
    reader.fieldnames = header
    out: list[Annotation] = []
    cb = load_codebook() if kind == "mechanisms" else None
    for raw in reader:
        line = reader.line_num
        where = f"{path} line {line}"
        if None in raw:
            raise AnnotationError(f"{where}: more cells than columns")
        row = {k: (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        for c in ("coder", "date", "reason"):
            if not row[c]:
                raise AnnotationError(
                    f"{where}: empty {c} (every correction says who, when and why)"
                )
        try:
            datetime.date.fromisoformat(row["date"])
        except ValueError:
            raise AnnotationError(f"{where}: date {row['date']!r} is not YYYY-MM-DD") from None
        base = dict(
            kind=kind,
            file=str(path),
            line=line,
            coder=row["coder"],
            date=row["date"],
            reason=row["reason"],
        )
        if kind == "quantities":
            s, e = _offsets(row, where)
            if not row["source_file"] or not row["field"]:
                raise AnnotationError(f"{where}: empty source_file or field")
            if row["field"] in _PROTECTED:
                hint = " (correct places in places.csv)" if row["field"] == "place" else ""
                raise AnnotationError(f"{where}: field {row['field']!r} cannot be annotated{hint}")
            out.append(
                Annotation(
                    **base,
                    source_file=row["source_file"],
                    char_start=s,
                    char_end=e,
                    field=row["field"],
                    value=row["value"],
                )
            )
        elif kind == "places":
            s, e = _offsets(row, where)
            if not row["source_file"] or not row["place"]:
                raise AnnotationError(f"{where}: empty source_file or place")
            out.append(
                Annotation(
                    **base,
                    source_file=row["source_file"],
                    char_start=s,
                    char_end=e,
                    field="place",
                    value=row["place"],
                )
            )
        else:
            assert cb is not None
            if not row["report_id"]:
                raise AnnotationError(f"{where}: empty report_id")
            if row["code"] not in cb:
                raise AnnotationError(f"{where}: code {row['code']!r} is not in the codebook")
            has = [bool(row.get(c)) for c in ("char_start", "char_end")]
            if any(has) and not all(has):
                raise AnnotationError(f"{where}: give both char_start and char_end, or neither")
            s, e = _offsets(row, where) if all(has) else (None, None)
            out.append(
                Annotation(
                    **base,
                    report_id=row["report_id"],
                    char_start=s,
                    char_end=e,
                    field="code",
                    value=row["code"],
                    present=parse_present(row["present"], f"{where}: present"),
                )
            )
    return out


def read_annotations(directory: str | Path | None, *, must_exist: bool = False) -> list[Annotation]:
    """Read ``quantities.csv``, ``mechanisms.csv`` and ``places.csv`` from *directory*.

    Missing files (or a missing directory, unless *must_exist*) mean no
    annotations. Other files in the folder (e.g. ``README.md``) are ignored.

    Raises
    ------
    AnnotationError
        A file is malformed: a missing or unknown column, a bad offset, value,
        date or code, an empty coder/date/reason (the message names file and line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> read_annotations(d)
    []
    >>> _ = (d / "mechanisms.csv").write_text(
    ...     "report_id,code,present,coder,date,reason\\na#r01,special_inquiry,1,li,2025-01-02,seen\\n",
    ...     encoding="utf-8")
    >>> [(a.kind, a.value, a.present, a.ref) for a in read_annotations(d)]
    [('mechanisms', 'special_inquiry', True, 'mechanisms.csv:2')]
    """
    if directory is None:
        return []
    d = Path(directory)
    if not d.is_dir():
        if must_exist:
            raise AnnotationError(f"{d}: annotation directory not found")
        return []
    out: list[Annotation] = []
    for kind in ("places", "quantities", "mechanisms"):
        p = d / f"{kind}.csv"
        if p.is_file():
            out.extend(_read_file(p, kind))
    return out


# ----------------------------------------------------------------------------------------------
# applying


def adopt_adjudication(template: str | Path, annotations_dir: str | Path) -> tuple[int, int]:
    """Append the filled rows of an adjudication *template* to ``annotations_dir/mechanisms.csv``.

    A row is filled when ``present`` is not blank; it then needs ``coder``,
    ``date`` and ``reason`` (checked as the build checks annotation files).
    Rows already in the file are not added twice.

    Returns
    -------
    (added, left) : the rows appended and the unfilled rows left out.
    """
    import tempfile

    from democracy_study._util import atomic_write_text
    from democracy_study.coding.agreement import _MECHANISM_FILE_COLUMNS, SheetError, _csv_text

    t = Path(template)
    try:
        text = t.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SheetError(f"{t}: adjudication template not found") from None
    except UnicodeDecodeError as exc:
        raise SheetError(f"{t}: not UTF-8 (byte {exc.start})") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    missing = [c for c in _MECHANISM_FILE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SheetError(
            f"{t}: not an adjudication template: missing column(s) {', '.join(missing)}"
        )
    filled: list[tuple[int, list[str]]] = []
    left = 0
    for row in reader:
        if (row.get("present") or "").strip():
            cells = [(row.get(c) or "").strip() for c in _MECHANISM_FILE_COLUMNS]
            filled.append((reader.line_num, cells))
        else:
            left += 1
    d = Path(annotations_dir)
    target = d / "mechanisms.csv"
    existing: list[list[str]] = []
    if target.is_file():
        old = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
        if old and old[0] != list(_MECHANISM_FILE_COLUMNS):
            raise SheetError(
                f"{target}: header is not {','.join(_MECHANISM_FILE_COLUMNS)}; add the rows by hand"
            )
        existing = old[1:]
    new = [cells for _, cells in filled if cells not in existing]
    with tempfile.TemporaryDirectory() as tmp:  # each new row checked as the build checks it
        probe = Path(tmp) / "mechanisms.csv"
        for line, cells in filled:
            probe.write_text(_csv_text([list(_MECHANISM_FILE_COLUMNS), cells]), encoding="utf-8")
            try:
                read_annotations(tmp)
            except AnnotationError as exc:
                msg = str(exc).replace(f"{probe} line 2", f"{t} line {line}")
                raise SheetError(msg) from None
    d.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, _csv_text([list(_MECHANISM_FILE_COLUMNS), *existing, *new]))
    return len(new), left
