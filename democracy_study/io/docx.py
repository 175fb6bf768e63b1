"""Word files: paragraphs, heading styles and tables as text, in document order.

:func:`read_docx` reads a ``.docx`` with python-docx and writes the text that
every offset of the tables indexes: one paragraph per block (separated by a
blank line), headings (style ``Heading N``/``标题 N``, ``Title``, or an outline
level) as markdown headings (``## …``), and tables as markdown table rows
(``| 县区 | 联络站 |``), so the structure and table parsers see them.

python-docx is an optional dependency (``pip install 'democracy-study[formats]'``).

Examples
--------
>>> is_docx(b"PK\\x03\\x04" + b"\\x00" * 26 + b"word/document.xml"), is_docx(b"%PDF-1.7")
(True, False)
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DocxText", "is_docx", "read_docx"]

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


@dataclass
class DocxText:
    """What :func:`read_docx` extracted."""

    text: str
    notes: list[tuple[str, str, int, int]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def is_docx(data: bytes) -> bool:
    """True if *data* is a Word (OOXML) file: a zip with ``word/document.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    if b"word/" in data[:4096]:
        return True
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _import_docx() -> Any:
    try:
        import docx
    except ImportError:
        raise ImportError(
            "reading Word files needs python-docx: pip install 'democracy-study[formats]'"
        ) from None
    return docx


def _level(par: Any) -> int:
    style = getattr(par.style, "name", "") or ""
    if style.lower() == "title":
        return 1
    m = _HEADING_STYLE.match(style.strip())
    if m:
        return min(int(m.group(1)) + 1, 6)  # Title is level 1; Heading 1 is level 2
    ppr = par._p.pPr
    outline = getattr(ppr, "outlineLvl", None) if ppr is not None else None
    if outline is not None and outline.val is not None:
        return min(int(outline.val) + 2, 6)
    return 0


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "｜").split())


def read_docx(data: bytes, name: str = "<docx>") -> DocxText:
    """Extract the text of the Word file *data* (see module docs).

    Raises
    ------
    ValueError
        A damaged file or one that is not a Word document; the message says which.
    """
    docx = _import_docx()
    import io

    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValueError("damaged Word file (not a valid zip archive)") from None
    except KeyError as exc:
        raise ValueError(f"not a Word document (missing part {exc})") from None
    except Exception as exc:
        raise ValueError(f"damaged Word file ({type(exc).__name__}: {exc})") from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            par = Paragraph(child, document)
            text = par.text.strip()
            if not text:
                continue
            level = _level(par)
            blocks.append(("#" * level + " " + text) if level else text)
        elif tag == "tbl":
            rows = []
            for row in Table(child, document).rows:
                cells = [_cell(c.text) for c in row.cells]
                rows.append("| " + " | ".join(cells) + " |")
            if rows:
                n = rows[0].count("|") - 1
                rows.insert(1, "|" + "---|" * n)
                blocks.append("\n".join(rows))
    if not blocks:
        raise ValueError("the Word file has no text")
    props = document.core_properties
    meta = {k: str(v) for k, v in (("title", props.title), ("author", props.author)) if v}
    return DocxText("\n\n".join(blocks) + "\n", [], meta)
