"""PDF work reports and gazettes: the text layer, with pages, headings and page furniture.

:func:`read_pdf` extracts the text layer with pdfplumber (pdfminer.six), line by
line, and builds the text that every offset of the tables indexes:

- lines of one paragraph are joined without a separator (a line wrap is not a
  break in the report), also across a page break; a new paragraph starts where
  a line is indented or follows a larger vertical gap, and paragraphs are
  separated by a blank line;
- a line set in a clearly larger font than the body (≥ 1.2 ×) is a heading and
  is written as a markdown heading (``## …``), the largest size as level 1;
- ruled tables (pdfplumber's table finder) are written as markdown rows
  (``| 县区 | 联络站（个） |``), one line per row, so the table parser gives one
  quantity per cell;
- page numbers (``— 2 —``, ``- 2 -``, ``第2页``, ``2/9``) and running heads
  (the same line at the top or bottom of most pages) are page furniture: left
  out of the text and recorded as notes (``quality`` rows), never facts;
- ``pages`` maps offsets to page numbers; pages without a text layer and text
  without a Unicode map (``(cid:…)`` glyphs) are recorded as defects, and a PDF
  with no usable text at all is refused with that reason.

pdfplumber is an optional dependency (``pip install 'democracy-study[formats]'``).

Examples
--------
>>> is_pdf(b"%PDF-1.7\\n..."), is_pdf(b"## heading")
(True, False)
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PdfText", "is_pdf", "read_pdf"]

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－~]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[-—–－~])?\s*$"
    r"|^\s*\d{1,4}\s*/\s*\d{1,4}\s*$|^\s*(?:page|p\.)\s*\d{1,4}\s*$",
    re.I,
)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class PdfText:
    """What :func:`read_pdf` extracted."""

    text: str
    pages: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, page number)
    notes: list[tuple[str, str, int, int]] = field(default_factory=list)  # (issue, detail, s, e)
    meta: dict[str, str] = field(default_factory=dict)
    n_pages: int = 0


def is_pdf(data: bytes) -> bool:
    """True if *data* is a PDF file (by its signature, whatever the file is called)."""
    return data[:1024].lstrip().startswith(b"%PDF-")


def _import_pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise ImportError(
            "reading PDF files needs pdfplumber: pip install 'democracy-study[formats]'"
        ) from None
    return pdfplumber


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    top: float
    bottom: float
    size: float
    table: bool = False  # a markdown row drawn from a ruled table (issue 18)


def _cell(text: str | None) -> str:
    """One table cell on one line (a wrapped cell is joined; ``|`` cannot end it)."""
    return "".join((text or "").split()).replace("|", "｜")


def _table_rows(page: Any, n: int, rows: list[_Line]) -> list[_Line]:
    """*rows* with the lines inside each ruled table replaced by its rows as markdown.

    pdfplumber's table finder (``page.find_tables``: ruling lines) gives the cells;
    each table row becomes one line ``| a | b |`` at the row's top, so the table
    parser reads one quantity per cell with the unit from its column header.
    """
    try:
        found = page.find_tables()
    except Exception:  # a page whose drawing pdfplumber cannot read keeps its text lines
        return rows
    for t in found:
        x0, top, _x1, bottom = t.bbox
        cells = t.extract()
        if len(cells) < 2 or max(len(r) for r in cells) < 2:
            continue
        inside = [
            r for r in rows if top - 1 <= (r.top + r.bottom) / 2 <= bottom + 1 and not r.table
        ]
        size = statistics.median([r.size for r in inside]) if inside else 0.0
        keep = [r for r in rows if r not in inside]
        step = (bottom - top) / len(cells)
        for k, r in enumerate(cells):
            line = "| " + " | ".join(_cell(c) for c in r) + " |"
            keep.append(_Line(n, line, x0, top + k * step, top + (k + 1) * step, size, True))
        rows = sorted(keep, key=lambda r: (r.top, r.x0))
    return rows


def _lines(pdf: Any) -> tuple[list[list[_Line]], list[int], list[int]]:
    pages: list[list[_Line]] = []
    no_text: list[int] = []
    garbled: list[int] = []
    for n, page in enumerate(pdf.pages, 1):
        rows = []
        for ln in page.extract_text_lines(layout=False, strip=True, return_chars=True):
            chars = [c for c in ln.get("chars", []) if c.get("text", "").strip()]
            sizes = [float(c.get("size", 0)) for c in chars] or [0.0]
            rows.append(
                _Line(n, ln["text"], float(ln["x0"]), float(ln["top"]), float(ln["bottom"]),
                      statistics.median(sizes))
            )  # fmt: skip
        rows = _table_rows(page, n, rows)
        if not rows:
            no_text.append(n)
        elif (
            sum(len(_CID.findall(r.text)) for r in rows) > 0.2 * sum(len(r.text) for r in rows) / 8
        ):
            garbled.append(n)
        pages.append(rows)
    return pages, no_text, garbled


def _furniture(pages: list[list[_Line]]) -> set[tuple[int, int]]:
    """(page, line index) of page numbers and running heads/feet."""
    out: set[tuple[int, int]] = set()
    edges: dict[str, list[tuple[int, int]]] = {}
    for p, rows in enumerate(pages):
        for i, r in enumerate(rows):
            if r.table:
                continue
            if _PAGE_NUMBER.match(r.text):
                out.add((p, i))
        for i in (0, len(rows) - 1):
            if rows and (p, i) not in out and not rows[i].table:
                key = re.sub(r"\d+", "#", rows[i].text.strip())
                edges.setdefault(key, []).append((p, i))
    n = len(pages)
    for places in edges.values():
        if n >= 2 and len({p for p, _ in places}) >= max(2, (n + 1) // 2):
            out.update(places)
    return out


def read_pdf(data: bytes, name: str = "<pdf>") -> PdfText:
    """Extract the text layer of the PDF *data* (see module docs).

    Raises
    ------
    ValueError
        Encrypted, damaged, or without any usable text layer; the message says which.
    """
    pdfplumber = _import_pdfplumber()
    import io

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        kind = type(exc).__name__
        if "password" in kind.lower() or "encrypt" in str(exc).lower() or b"/Encrypt" in data:
            raise ValueError(
                "encrypted PDF: open it with its password and save a copy without"
            ) from None
        raise ValueError(f"not a readable PDF ({kind}: {exc})") from None
    with pdf:
        try:
            pages, no_text, garbled = _lines(pdf)
        except Exception as exc:
            kind = type(exc).__name__
            if "password" in kind.lower() or "encrypt" in str(exc).lower():
                raise ValueError(
                    "encrypted PDF: open it with its password and save a copy without"
                ) from None
            raise ValueError(f"not a readable PDF ({kind}: {exc})") from None
        info = {
            k.lower(): str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, str | bytes)
        }
    n_pages = len(pages)
    if n_pages == len(no_text):
        raise ValueError(
            f"no text layer on any of its {n_pages} page(s): a scanned PDF; OCR it first "
            "(e.g. ocrmypdf -l chi_sim) and parse the result"
        )
    if set(garbled) | set(no_text) == set(range(1, n_pages + 1)):
        raise ValueError(
            "its text cannot be read: the fonts have no Unicode map (glyph ids like (cid:123)); "
            "export the PDF again with embedded ToUnicode maps, or OCR it"
        )
    furniture = _furniture(pages)
    body = [
        r
        for p, rows in enumerate(pages)
        for i, r in enumerate(rows)
        if (p, i) not in furniture and r.text.strip()
    ]
    sizes = [r.size for r in body if r.size > 0]
    body_size = statistics.median(sizes) if sizes else 0.0
    heading_sizes = sorted(
        {round(r.size, 1) for r in body if body_size and r.size >= 1.2 * body_size}, reverse=True
    )
    lefts = [r.x0 for r in body if not heading_sizes or round(r.size, 1) not in heading_sizes]
    margin = min(lefts) if lefts else 0.0
    out: list[str] = []
    pos = 0
    notes: list[tuple[str, str, int, int]] = []
    page_start: dict[int, int] = {}
    prev: _Line | None = None

    def emit(s: str) -> None:
        nonlocal pos
        out.append(s)
        pos += len(s)

    for p, rows in enumerate(pages):
        page_no = p + 1
        page_start.setdefault(page_no, pos)
        for i, r in enumerate(rows):
            if (p, i) in furniture:
                what = "page number" if _PAGE_NUMBER.match(r.text) else "running head"
                notes.append(
                    ("page_furniture", f"page {page_no}: {what} {r.text.strip()!r}", pos, pos)
                )
                continue
            line = r.text.strip()
            if not line:
                continue
            if r.table:  # a table row: its own line, the table its own block
                emit(("\n" if prev is not None and prev.table else "\n\n" if pos else "") + line)
                prev = r
                continue
            if heading_sizes and round(r.size, 1) in heading_sizes:
                level = min(heading_sizes.index(round(r.size, 1)) + 1, 6)
                emit(("\n\n" if pos else "") + "#" * level + " " + line)
                prev = None
                continue
            indent = body_size and r.x0 - margin > 0.8 * body_size
            gap = (
                prev is not None
                and prev.page == r.page
                and r.top - prev.bottom > 0.9 * max(body_size, 1)
            )
            if prev is None or indent or gap or prev.table:
                emit(("\n\n" if pos else "") + line)
            else:
                emit(line)  # a wrapped line (or the next page) continues the paragraph
            prev = r
    text = "".join(out) + "\n"
    starts = sorted(page_start.items())
    page_spans = [
        (s, starts[k + 1][1] if k + 1 < len(starts) else len(text), pg)
        for k, (pg, s) in enumerate(starts)
    ]
    for pg in no_text:
        s = page_start.get(pg, 0)
        notes.append(("pdf_no_text_layer", f"page {pg} has no text layer (a scanned page?)", s, s))
    for pg in garbled:
        s = page_start.get(pg, 0)
        notes.append(
            ("pdf_garbled_text", f"page {pg}: glyphs without a Unicode map ((cid:…))", s, s)
        )
    meta = {k: info[k] for k in ("title", "author") if info.get(k)}
    return PdfText(text, page_spans, sorted(notes, key=lambda x: (x[2], x[0])), meta, n_pages)
