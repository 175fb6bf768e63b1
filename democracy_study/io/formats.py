"""Any report a researcher brings: plain text, Markdown, saved web pages, PDF, Word.

:func:`read_document` decides the format by the file's content first (a PDF
named ``.txt`` is a PDF) and by its extension second, and returns a
:class:`~democracy_study.io.sources.Source` whose ``text`` is what every offset
indexes:

========  ==========================================================  =========================
format    ``Source.text``                                             reader
========  ==========================================================  =========================
text      the decoded file (``.txt``, ``.md``)                        :func:`.sources.read_source`
html      same-length view of the decoded HTML: article body kept,    :func:`.html.html_view`
          markup and page furniture blanked (offsets = file offsets)
pdf       the text layer, paragraphs and headings rebuilt; ``pages``  :func:`.pdf.read_pdf`
docx      paragraphs, heading styles and tables as text               :func:`.docx.read_docx`
========  ==========================================================  =========================

Everything a reader leaves out or notices becomes a ``SourceNote`` (a
``quality`` row); page metadata (title, publish date, outlet, author) goes to
``Source.meta`` and from there to the ``sources`` table.

Examples
--------
>>> sniff_format(b"%PDF-1.4 ...", "report.txt")
'pdf'
>>> sniff_format("<!DOCTYPE html><html>".encode(), "page.txt")
'html'
>>> sniff_format("## 甲县：标题".encode(), "notes.md")
'text'
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from democracy_study._util import sha256_bytes
from democracy_study.io.docx import is_docx
from democracy_study.io.html import looks_like_html
from democracy_study.io.pdf import is_pdf
from democracy_study.io.sources import Source, SourceError, SourceNote, read_source

__all__ = ["FORMATS", "FORMAT_SUFFIXES", "SUFFIXES", "read_document", "sniff_format"]

#: File name endings read from a directory, by format.
FORMAT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".md"),
    "html": (".html", ".htm", ".xhtml", ".shtml"),
    "pdf": (".pdf",),
    "docx": (".docx",),
}
#: The closed vocabulary of ``sources.format``.
FORMATS: tuple[str, ...] = tuple(FORMAT_SUFFIXES)
#: Every file name ending that a directory contributes.
SUFFIXES: tuple[str, ...] = tuple(s for v in FORMAT_SUFFIXES.values() for s in v)


def sniff_format(data: bytes, name: str = "") -> str:
    """The format of a file from its bytes (signature first) and its name."""
    if is_pdf(data):
        return "pdf"
    suffix = Path(name).suffix.lower()
    if is_docx(data) or (data.startswith(b"PK\x03\x04") and suffix == ".docx"):
        return "docx"  # a damaged .docx (truncated zip) is still a Word file: say so
    if suffix in FORMAT_SUFFIXES["html"]:
        return "html"
    head = data[:4096]
    for enc in ("utf-8", "utf-16", "gb18030"):
        try:
            if looks_like_html(head.decode(enc, errors="ignore").lstrip("\ufeff")):
                return "html"
        except LookupError:  # pragma: no cover
            continue
    if suffix == ".doc":
        return "doc"
    return "text"


def _notes(items) -> tuple[SourceNote, ...]:
    return tuple(SourceNote(issue, detail, s, e) for issue, detail, s, e in items)


def read_document(path: str | Path) -> Source:
    """Read one report file of any supported format (see module docs).

    Raises
    ------
    SourceError
        Missing, empty, undecodable, encrypted, scanned (no text layer),
        damaged, or an optional reader not installed; the message names the
        file and the problem.
    """
    p = Path(path)
    if not p.is_file():
        return read_source(p)  # raises the reader's "no such file" error
    data = p.read_bytes()
    fmt = sniff_format(data, p.name)
    if fmt == "doc":
        raise SourceError(p, "is an old binary Word (.doc) file: save it as .docx or PDF first")
    if fmt in ("pdf", "docx"):
        try:
            if fmt == "pdf":
                from democracy_study.io.pdf import read_pdf

                got = read_pdf(data, str(p))
                pages = tuple(got.pages)
            else:
                from democracy_study.io.docx import read_docx

                got = read_docx(data, str(p))
                pages = ()
        except ImportError as exc:
            raise SourceError(p, str(exc)) from None
        except ValueError as exc:
            raise SourceError(p, str(exc)) from None
        if not got.text.strip():
            raise SourceError(p, f"no text in this {fmt.upper()} file")
        return Source(
            path=p,
            name=p.name,
            text=got.text,
            encoding=fmt,
            sha256=sha256_bytes(data),
            n_bytes=len(data),
            format=fmt,
            notes=_notes(got.notes),
            meta=dict(got.meta),
            pages=pages,
        )
    src = read_source(p)
    if fmt != "html":
        return src
    from democracy_study.io.html import html_view

    view = html_view(src.text)
    if not view.body_found or not view.text.strip():
        raise SourceError(
            p, "web page without an article body (no paragraph of Chinese text found)"
        )
    notes = [
        SourceNote("page_furniture", f"{f.reason}: {f.text}", f.start, f.start)
        for f in view.furniture
    ]
    return replace(
        src,
        text=view.text,
        format="html",
        markup=tuple(view.markup),
        notes=tuple(src.notes) + tuple(notes),
        meta=dict(view.meta),
    )
