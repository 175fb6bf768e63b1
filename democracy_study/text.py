"""Length-preserving text normalisation and joined-text offset mapping.

Every fact the package extracts must point at the exact characters of the
decoded source. Rules therefore never run on a text whose length differs from
the source: :func:`normalize` maps full-width forms to ASCII and traditional
characters to simplified ones *one character for one character*, and
:class:`JoinedText` glues the pieces of a paragraph that a page or column break
cut apart while remembering where each character came from.

Examples
--------
>>> normalize("１２３項萬")
'123项万'
>>> src = "代表通过志愿\\n\\n服务联系选民"
>>> jt = JoinedText(src, [(0, 6), (8, 14)])
>>> jt.text
'代表通过志愿服务联系选民'
>>> s, e = jt.source_span(4, 8)
>>> src[s:e]
'志愿\\n\\n服务'
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["JoinedText", "normalize", "to_halfwidth", "to_simplified"]

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII variants (``０-９``, ``Ａ-Ｚ``, ``％`` ...) to ASCII.

    The whole full-width block U+FF01–U+FF5E is mapped, so the Chinese comma
    ``，`` becomes ``,`` and ``（`` ``）`` ``：`` ``；`` become ASCII; ``。`` and
    ``、`` are outside that block and are kept. Rules on normalised text must
    accept both forms.

    >>> to_halfwidth("超１５０万元，约３０％")
    '超150万元,约30%'
    """
    return text.translate(_FULLWIDTH)


@functools.lru_cache(maxsize=1)
def _t2s_converter():
    import opencc  # imported lazily: keeps `import democracy_study` fast

    return opencc.OpenCC("t2s")


_T2S_TABLE: dict[int, int] = {}
_T2S_SEEN: set[str] = set()


@functools.lru_cache(maxsize=1)
def _t2s_keep() -> frozenset[str]:
    """Characters never rewritten (``data/t2s_keep.yaml``): standard simplified characters."""
    from democracy_study._util import load_package_yaml

    return frozenset(str(e["char"]) for e in load_package_yaml("t2s_keep.yaml")["keep"])


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese, one character for one character.

    Uses OpenCC's conversion of each distinct character (not its phrase
    table), so the result has exactly the length of the input. Conversions
    are cached in a translation table, so long texts convert at ``str.translate``
    speed. Characters listed in ``data/t2s_keep.yaml`` (standard simplified
    characters that OpenCC would rewrite, such as 乾 of 乾县) are kept.

    >>> to_simplified("聯絡站處理問題")
    '联络站处理问题'
    >>> to_simplified("乾縣")
    '乾县'
    """
    if text.isascii():
        return text
    new = set(text) - _T2S_SEEN
    if new:
        conv = _t2s_converter()
        keep = _t2s_keep()
        for ch in new:
            if ord(ch) > 0x2E7F and ch not in keep:
                out = conv.convert(ch)
                if len(out) == 1 and out != ch:
                    _T2S_TABLE[ord(ch)] = ord(out)
        _T2S_SEEN.update(new)
    return text.translate(_T2S_TABLE)


_NORM_CACHE: dict[str, str] = {}
_NORM_CACHE_MAX = 20000


def normalize(text: str) -> str:
    """Return the comparison form of *text*: half-width and simplified, same length.

    Results are cached (and a normalised string maps to itself), so the
    several stages that normalise the same paragraph pay once.

    >>> s = "選民說事１２件"
    >>> n = normalize(s)
    >>> n, len(n) == len(s)
    ('选民说事12件', True)
    """
    out = _NORM_CACHE.get(text)
    if out is not None:
        return out
    out = to_simplified(to_halfwidth(text))
    if len(out) != len(text):  # pragma: no cover - guarded by construction
        raise AssertionError("normalize changed the length of the text")
    if len(_NORM_CACHE) > _NORM_CACHE_MAX:
        _NORM_CACHE.clear()
    _NORM_CACHE[text] = out
    _NORM_CACHE[out] = out
    return out


@dataclass
class JoinedText:
    """Pieces of a source string joined into one logical text, with offset maps.

    Parameters
    ----------
    source : str
        The whole decoded source text.
    spans : sequence of (start, end)
        Offsets of the pieces in *source*, in order. Whitespace between pieces
        (the page or column break) is dropped from :attr:`text`.

    Attributes
    ----------
    text : str
        The pieces concatenated.
    normalized : str
        :func:`normalize` applied to :attr:`text` (same length).
    """

    source: str
    spans: Sequence[tuple[int, int]]
    text: str = field(init=False)
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.spans = [(int(s), int(e)) for s, e in self.spans]
        parts, starts, pos = [], [], 0
        for s, e in self.spans:
            if not 0 <= s <= e <= len(self.source):
                raise ValueError(f"span {(s, e)} outside source of length {len(self.source)}")
            parts.append(self.source[s:e])
            starts.append(pos)
            pos += e - s
        self.text = "".join(parts)
        # offsets are mapped through the spans by bisection (no per-character list: a
        # paragraph of n characters costs O(number of pieces) memory, not O(n))
        self._starts = starts

    @functools.cached_property
    def normalized(self) -> str:
        return normalize(self.text)

    @property
    def source_index(self) -> list[int]:
        """Source offset of every character of :attr:`text` (built on demand)."""
        return [i for s, e in self.spans for i in range(s, e)]

    def to_source(self, i: int) -> int:
        """Source offset of character *i* of :attr:`text`."""
        n = len(self.text)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"index {i} outside joined text of length {n}")
        k = bisect.bisect_right(self._starts, i) - 1
        while self.spans[k][0] == self.spans[k][1]:  # empty pieces own no character
            k -= 1
        return self.spans[k][0] + i - self._starts[k]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``(char_start, char_end)`` covering ``text[start:end]``.

        If the range crosses a break the source slice includes the break's
        whitespace, so ``source[char_start:char_end]`` is still the exact
        evidence as printed.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"range {(start, end)} outside joined text of length {len(self.text)}")
        return self.to_source(start), self.to_source(end - 1) + 1

    def evidence(self, start: int, end: int) -> tuple[str, int, int]:
        """``(evidence, char_start, char_end)`` for ``text[start:end]``."""
        s, e = self.source_span(start, end)
        return self.source[s:e], s, e

    def breaks(self) -> list[int]:
        """Positions in :attr:`text` where one piece ends and the next begins."""
        out, pos = [], 0
        for s, e in self.spans[:-1]:
            pos += e - s
            out.append(pos)
        return out


_EOL = re.compile(r"\r\n|\r|\n")


def iter_lines(text: str) -> Iterable[tuple[int, int]]:
    """Yield ``(start, end)`` of each line of *text*, without its line ending.

    Handles ``\\n``, ``\\r\\n`` and lone ``\\r``.

    >>> list(iter_lines("a\\r\\nbc\\n\\nd"))
    [(0, 1), (3, 5), (6, 6), (7, 8)]
    """
    pos = 0
    for m in _EOL.finditer(text):
        yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)
