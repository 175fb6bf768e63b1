"""Reading source files: encoding detection with clear errors.

A source is decoded once, and every offset in every table refers to that
decoded string (no newline translation). Supported: UTF-8 with or without BOM,
UTF-16 with BOM, GB18030 (which includes GBK and GB2312). Anything else, an
empty file or a binary file raises :class:`SourceError` naming the file.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
>>> _ = p.write_bytes("## 某县：标题\\r\\n".encode("gb18030"))
>>> src = read_source(p)
>>> src.encoding, src.text[:5]
('gb18030', '## 某县')
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from democracy_study._util import sha256_bytes

__all__ = ["Source", "SourceError", "decode_bytes", "read_source"]


class SourceError(ValueError):
    """A source file cannot be used. The message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Source:
    """A decoded source file."""

    path: Path
    name: str  #: the ``source_file`` value used in every table (the file name)
    text: str
    encoding: str
    sha256: str
    n_bytes: int


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    control = sum(1 for b in data[:4096] if b < 9 or 13 < b < 32)
    return control > 0


def _plausible(text: str) -> bool:
    """Mostly CJK, ASCII and CJK/full-width punctuation."""
    ok = sum(
        1
        for ch in text
        if ch.isascii()
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u2027"
        or ch in "△▲·"
    )
    return ok >= 0.8 * len(text)


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode *data* and return ``(text, encoding)``.

    The BOM, if any, is removed from the text (it is not a character of the
    report); offsets are offsets into the returned text.

    >>> decode_bytes("甲".encode("utf-16"))
    ('甲', 'utf-16')
    >>> decode_bytes(codecs.BOM_UTF8 + "乙".encode())
    ('乙', 'utf-8-sig')
    >>> decode_bytes(b"\\xff\\xfe\\xfe")
    Traceback (most recent call last):
    ...
    democracy_study.io.sources.SourceError: <bytes>: not valid UTF-16 (odd number of bytes after the byte-order mark)
    """
    if not data.strip():
        raise SourceError(name, "file is empty (no text to parse)")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SourceError(
                name, f"has a UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start + 3}"
            ) from None
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[2:]
            if len(body) % 2:
                raise SourceError(
                    name, "not valid UTF-16 (odd number of bytes after the byte-order mark)"
                )
            try:
                text = body.decode(enc)
            except UnicodeDecodeError as exc:
                raise SourceError(name, f"invalid UTF-16 at byte {exc.start + 2}") from None
            if not text.strip():
                raise SourceError(name, "file is empty (no text to parse)")
            if not _plausible(text):
                raise SourceError(
                    name,
                    "cannot be decoded: it has a UTF-16 byte-order mark but is not Chinese text",
                )
            return text, "utf-16"
    if _looks_binary(data):
        raise SourceError(
            name, "looks like a binary file (NUL or control bytes), not a text report"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_exc:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise SourceError(
                name,
                f"cannot be decoded: invalid UTF-8 at byte {utf8_exc.start} and not valid GB18030 either",
            ) from None
        # GB18030 decodes almost any byte soup; insist that the result is mostly CJK text.
        if not _plausible(text):
            raise SourceError(
                name,
                f"cannot be decoded: invalid UTF-8 at byte {utf8_exc.start}, and as GB18030 it is not Chinese text",
            ) from None
        return text, "gb18030"


def read_source(path: str | Path) -> Source:
    """Read and decode one report file.

    Raises
    ------
    SourceError
        If the file is missing, empty, binary or undecodable.
    """
    p = Path(path)
    if not p.is_file():
        raise SourceError(p, "no such file")
    data = p.read_bytes()
    text, encoding = decode_bytes(data, str(p))
    return Source(
        path=p,
        name=p.name,
        text=text,
        encoding=encoding,
        sha256=sha256_bytes(data),
        n_bytes=len(data),
    )
