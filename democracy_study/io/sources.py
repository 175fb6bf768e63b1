"""Reading source files: encoding detection with clear errors.

A source is decoded once, and every offset in every table refers to that
decoded string (no newline translation). Supported: UTF-8 with or without BOM,
UTF-32 and UTF-16 with or without BOM, GB18030 (which includes GBK and GB2312)
and Big5. Anything else, a file with no visible text or a binary file raises
:class:`SourceError` naming the file and the reason. Mojibake and control
characters are kept and reported as notes (``quality`` rows).

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
import errno
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from democracy_study._util import sha256_bytes

__all__ = [
    "INVISIBLE",
    "Source",
    "SourceError",
    "SourceNote",
    "decode_bytes",
    "read_source",
    "text_notes",
]


class SourceError(ValueError):
    """A source file cannot be used. The message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # picklable across worker processes
        return (type(self), (self.path, self.problem))


@dataclass(frozen=True)
class SourceNote:
    """Something a reader noticed about a source (becomes a ``quality`` row)."""

    issue: str
    detail: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Source:
    """A decoded source file.

    ``text`` is what every offset indexes. For a plain-text file it is the
    decoded file; for a web page it is a same-length view of the decoded HTML
    (:func:`democracy_study.io.html.html_view`); for a PDF or Word file, the
    extracted text (``pages`` maps its offsets to PDF pages).
    """

    path: Path
    name: str  #: the ``source_file`` value used in every table (the file name)
    text: str
    encoding: str
    sha256: str
    n_bytes: int
    format: str = "text"  #: text, html, pdf or docx
    markup: tuple[tuple[int, int], ...] = ()  #: blanked inline markup inside lines (HTML)
    notes: tuple[SourceNote, ...] = ()  #: what the reader noticed (quality rows)
    meta: dict[str, str] = field(default_factory=dict)  #: title, published, outlet, author
    pages: tuple[tuple[int, int, int], ...] = ()  #: (start, end, page number) of PDF pages


#: Characters that print nothing (zero-width spaces and joiners, word joiner, BOM).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
#: Characters cp1252 maps bytes 0x80–0x9f to (what UTF-8 read as cp1252 shows).
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_MOJIBAKE_RE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00ff{re.escape(_CP1252_HIGH)}]+")
#: A share of control characters above which a file is taken for binary data.
_BINARY_SHARE = 0.01


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data


def _visible(text: str) -> bool:
    """True if *text* has a character that prints (not whitespace, control or format)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf") for ch in text)


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


def _outside_gb2312(text: str) -> float:
    """Share of the CJK characters of *text* that GB2312 (everyday simplified Chinese) lacks.

    Big5 bytes decode as valid but rare GBK characters; genuine GB text has
    almost none outside GB2312.
    """
    cjk = [ch for ch in text if ord(ch) > 0x2E7F]
    if not cjk:
        return 0.0
    bad = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            bad += 1
    return bad / len(cjk)


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    if not _visible(text):
        raise SourceError(name, "file is empty (no visible text to parse)")
    return text, encoding


def _utf_without_bom(data: bytes, name: str) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 without a byte-order mark, told apart by where the NUL bytes fall."""
    candidates = []
    for enc, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % width:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _plausible(text) or any(
            unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in "\t\n\r"
            for ch in text
        ):
            continue
        candidates.append((enc, text))
    if candidates:
        enc, text = candidates[0]  # UTF-32 first: its text is also valid UTF-16 with NULs
        return _checked(text, enc, name)
    return None


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode *data* and return ``(text, encoding)``.

    The BOM, if any, is removed from the text (it is not a character of the
    report); offsets are offsets into the returned text. Recognised: UTF-8
    (``utf-8``, ``utf-8-sig``), UTF-32 and UTF-16 with a BOM (``utf-32``,
    ``utf-16``) or without one (``utf-32-le`` … ``utf-16-be``, recognised by
    where the NUL bytes fall), GB18030 (with GBK and GB2312) and Big5 (told
    from GB18030 by the share of characters GB2312 lacks).

    >>> decode_bytes("甲".encode("utf-16"))
    ('甲', 'utf-16')
    >>> decode_bytes("乙县309".encode("utf-32"))
    ('乙县309', 'utf-32')
    >>> decode_bytes("丙".encode("utf-16-le") + "县代表".encode("utf-16-le"))
    ('丙县代表', 'utf-16-le')
    >>> decode_bytes(codecs.BOM_UTF8 + "乙".encode())
    ('乙', 'utf-8-sig')
    >>> decode_bytes(b"\\xff\\xfe\\xfe")
    Traceback (most recent call last):
    ...
    democracy_study.io.sources.SourceError: <bytes>: not valid UTF-16 (odd number of bytes after the byte-order mark)
    >>> decode_bytes(codecs.BOM_UTF8 + "\\u3000\\n".encode())
    Traceback (most recent call last):
    ...
    democracy_study.io.sources.SourceError: <bytes>: file is empty (no visible text to parse)
    """
    if not data.strip():
        raise SourceError(name, "file is empty (no text to parse)")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(data[3:].decode("utf-8"), "utf-8-sig", name)
        except UnicodeDecodeError as exc:
            raise SourceError(
                name, f"has a UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start + 3}"
            ) from None
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")):
        if data.startswith(bom):
            body = data[4:]
            if len(body) % 4:
                raise SourceError(
                    name,
                    "not valid UTF-32 (byte count after the byte-order mark not a multiple of 4)",
                )
            try:
                text = body.decode(enc)
            except UnicodeDecodeError as exc:
                raise SourceError(name, f"invalid UTF-32 at byte {exc.start + 4}") from None
            return _checked(text, "utf-32", name)
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
            if not _visible(text):
                raise SourceError(name, "file is empty (no visible text to parse)")
            if not _plausible(text):
                raise SourceError(
                    name,
                    "cannot be decoded: it has a UTF-16 byte-order mark but is not Chinese text",
                )
            return text, "utf-16"
    if _looks_binary(data):
        got = _utf_without_bom(data, name)
        if got is not None:
            return got
        raise SourceError(
            name,
            "looks like a binary file (NUL bytes, and not UTF-16 or UTF-32 text either), "
            "not a text report",
        )
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError as utf8_exc:
        bad = utf8_exc.start
    gb: str | None
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and _plausible(gb) and _outside_gb2312(gb) < 0.2:
        return _checked(gb, "gb18030", name)
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        big5 = None
    if big5 is not None and _plausible(big5):
        return _checked(big5, "big5", name)
    if gb is not None and _plausible(gb):
        return _checked(gb, "gb18030", name)
    u16 = _utf_without_bom(data, name)  # UTF-16 of CJK text has no NUL byte
    if u16 is not None:
        return u16
    raise SourceError(
        name,
        f"cannot be decoded: invalid UTF-8 at byte {bad}, and as GB18030 or Big5 it is not "
        "Chinese text",
    )


def _cp1252_bytes(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def text_notes(text: str) -> list[SourceNote]:
    """What decoding cannot fix but the reader should know: mojibake and control characters.

    Mojibake is UTF-8 that was read as Latin-1/cp1252 and saved again
    (``å¿`` for ``县``): a run that re-encodes to valid UTF-8 outside ASCII.
    Control characters other than tab and line ends are flagged wherever they
    are (offsets index *text*).

    >>> [(n.issue, n.start, n.end) for n in text_notes("代表" + "县".encode().decode("latin-1") + "\\x0c")]
    [('encoding_suspect', 2, 5), ('control_character', 5, 6)]
    """
    notes = []
    for m in _MOJIBAKE_RE.finditer(text):
        raw = _cp1252_bytes(m.group())
        try:
            fixed = raw.decode("utf-8") if raw is not None else ""
        except UnicodeDecodeError:
            continue
        if fixed and not fixed.isascii():
            notes.append(
                SourceNote(
                    "encoding_suspect",
                    f"looks like UTF-8 read as Latin-1/cp1252 and saved again (mojibake): "
                    f"{m.group()!r} would read {fixed!r}; re-save the file from its original",
                    m.start(),
                    m.end(),
                )
            )
    for m in _CONTROL_RE.finditer(text):
        codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(m.group()))
        notes.append(
            SourceNote(
                "control_character",
                f"control character(s) {codes} in the text (kept; offsets unchanged)",
                m.start(),
                m.end(),
            )
        )
    return notes


def _mojibake_share(text: str, notes: list[SourceNote]) -> float:
    bad = sum(n.end - n.start for n in notes if n.issue == "encoding_suspect")
    if not bad:  # the usual case: no need to count the text's characters
        return 0.0
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return bad / non_ascii if non_ascii else 0.0


def read_source(path: str | Path) -> Source:
    """Read and decode one report file.

    Mojibake and control characters are kept and listed in ``notes``
    (:func:`text_notes`); a file that is mostly mojibake or mostly control
    characters is refused.

    Raises
    ------
    SourceError
        If the file is missing, empty, binary or undecodable.
    """
    p = Path(path)
    try:
        p.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(p, "symbolic link loop (the link points back at itself)") from None
        if p.is_symlink():
            raise SourceError(p, "broken symbolic link (its target does not exist)") from None
        raise SourceError(p, "no such file") from None
    if not p.is_file():
        raise SourceError(p, "no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(p, f"cannot be read ({exc.strerror})") from None
    text, encoding = decode_bytes(data, str(p))
    notes = text_notes(text)
    if (
        sum(n.end - n.start for n in notes if n.issue == "control_character")
        > max(1, _BINARY_SHARE * len(text))
        and len(text) > 16
    ):
        raise SourceError(
            p, "looks like a binary file (many control characters), not a text report"
        )
    if _mojibake_share(text, notes) > 0.5:
        raise SourceError(
            p,
            "text is mojibake (UTF-8 that was read as Latin-1/cp1252 and saved again); "
            "re-save the file from its original",
        )
    return Source(
        path=p,
        name=p.name,
        text=text,
        encoding=encoding,
        sha256=sha256_bytes(data),
        n_bytes=len(data),
        notes=tuple(notes),
    )
