"""Table rows to quantities: one per cell, unit and indicator from the column header.

A table reaches the parser as markdown rows (``| 甲县 | 4 | 320 |``): typed in a
text file, written by the Word and PDF readers, or drawn over the tags of an HTML
``<table>`` (:mod:`democracy_study.io.html`). In such a table the units stand only in
the column header (``联络站（个）``) and the place only in the first cell of its row, so
the sentence rules of :mod:`~democracy_study.parse.quantities` see bare numbers.
:func:`row_quantities` reads one data row against its header: each cell with a number
gives one quantity whose value, unit, kind and indicator are those of the phrase the
header and the cell make together (``联络站`` + ``18`` + ``个``), and whose evidence is
the cell's own characters. :func:`row_label` says which place a row is about and
whether it is a totals row (``合计``, ``总计`` …, words in ``data/nonfacts.yaml``);
:func:`link_totals` makes every cell of the other rows ``part_of`` the totals cell of
its column, so that a total is never added to its parts.

Examples
--------
>>> h = "| 县区 | 联络站（个） | 办结率 |"
>>> header = [h[s:e] for s, e in split_cells(h)]
>>> row = "| 甲县 | 18 | 96.3% |"
>>> [(q.value, q.unit, q.kind, row[q.start:q.end]) for q in row_quantities(row, header)]
[(18.0, '个', 'count', '18'), (96.3, '%', 'percent', '96.3%')]
>>> row_label("| 合计 | 81 |")
('合计', True)
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace
from typing import Any

from democracy_study._util import load_package_yaml

__all__ = [
    "is_separator",
    "link_totals",
    "row_label",
    "row_quantities",
    "split_cells",
]

_HEADER_UNIT = re.compile(r"^(?P<noun>.*?)\s*[（(]\s*(?P<unit>[^（）()]{1,6})\s*[）)]\s*$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")


@functools.lru_cache(maxsize=1)
def _totals_re() -> re.Pattern[str]:
    words = load_package_yaml("nonfacts.yaml")["totals_words"]
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alt})\s*$")


def split_cells(row: str) -> list[tuple[int, int]]:
    """Spans of the cells of one markdown row (whitespace trimmed; empty cells kept).

    >>> t = "| 甲县 |  4 | |"
    >>> [t[s:e] for s, e in split_cells(t)]
    ['甲县', '4', '']
    """
    bars = [m.start() for m in re.finditer(r"\|", row)]
    out = []
    for a, b in itertools.pairwise(bars):
        s, e = a + 1, b
        while s < e and row[s].isspace():
            s += 1
        while e > s and row[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def is_separator(row: str) -> bool:
    """True for the ``| --- | --- |`` line under a markdown header.

    >>> is_separator("| --- | :---: |"), is_separator("| 甲县 | 4 |")
    (True, False)
    """
    cells = split_cells(row)
    return bool(cells) and all(_SEPARATOR_CELL.match(row[s:e]) for s, e in cells)


def row_label(row: str) -> tuple[str, bool]:
    """The first cell of a row and whether the row is a totals row.

    >>> row_label("| 甲县 | 4 |"), row_label("| 总计 | 9 |")
    (('甲县', False), ('总计', True))
    """
    cells = split_cells(row)
    if not cells:
        return "", False
    s, e = cells[0]
    label = row[s:e]
    return label, bool(_totals_re().match(label))


def _header_parts(header_cell: str) -> tuple[str, str]:
    m = _HEADER_UNIT.match(header_cell)
    if m:
        return m.group("noun").strip(), m.group("unit").strip()
    return header_cell.strip(), ""


def row_quantities(row: str, header: list[str]) -> list[Any]:
    """One quantity per number cell of a data *row* (offsets into *row*).

    Parameters
    ----------
    row : str
        The normalised text of one markdown row.
    header : list of str
        The header cells, in order (the first is the row-label column).

    Returns
    -------
    list of Quantity
        In cell order; a cell whose header gives no unit keeps the cell's own (``4个``);
        cells without a number (``—``) give none; the first cell (the row label)
        gives none.
    """
    from democracy_study.parse.quantities import FACT_KINDS, find_quantities

    heads = list(header)
    out = []
    for k, (s, e) in enumerate(split_cells(row)):
        if k == 0 or s >= e or not re.search(r"\d", row[s:e]):
            continue
        noun, unit = _header_parts(heads[k]) if k < len(heads) else ("", "")
        cell = row[s:e]
        has_unit = bool(re.search(r"[^\d.,%\s+\-]\s*$", cell))
        phrase = noun + cell + ("" if has_unit or cell.endswith("%") else unit)
        found = [q for q in find_quantities(phrase) if q.kind in FACT_KINDS]
        at = len(noun)
        hit = [q for q in found if q.start < at + len(cell) and q.end > at]
        if not hit:
            continue
        q = hit[0]
        out.append(replace(q, evidence=cell, start=s, end=e, part_of=None, rate_of_index=None))
    return out


def link_totals(rows: list[dict[str, Any]], cells: list[tuple[int, int, bool]]) -> None:
    """Set ``part_of`` of every cell to the totals cell of its column (in place).

    Parameters
    ----------
    rows : list of dict
        Quantity rows (with ``quantity_id``, ``kind``).
    cells : list of (table, column, is_total)
        For each row, its table number, column and whether its row is a totals row;
        ``table < 0`` for rows that are no table cell.

    Examples
    --------
    >>> rows = [{"quantity_id": i, "kind": "count", "part_of": ""} for i in "abc"]
    >>> link_totals(rows, [(0, 1, False), (0, 1, False), (0, 1, True)])
    >>> [r["part_of"] for r in rows]
    ['c', 'c', '']
    """
    totals = {
        (t, c): r["quantity_id"]
        for r, (t, c, tot) in zip(rows, cells, strict=True)
        if t >= 0 and tot and r["kind"] in ("count", "money")
    }
    for r, (t, c, tot) in zip(rows, cells, strict=True):
        if t >= 0 and not tot and (t, c) in totals and r["kind"] in ("count", "money"):
            r["part_of"] = totals[(t, c)]
