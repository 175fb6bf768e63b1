"""A Chinese word lexicon and a small maximum-probability segmenter.

Used by the defect detectors (:mod:`democracy_study.parse.quality`) to judge whether
the two sides of a page break join into words, and whether a doubled
character is a real word boundary (人民|民主) or a typing error.

The lexicon is jieba's ``dict.txt`` (MIT licence; about 349,000 words with
frequencies and part-of-speech tags), read directly from the installed
``jieba`` package: jieba's own tokenizer is never initialised, so nothing is
logged to stderr. Only the dictionary file is used.

Examples
--------
>>> segment("推动全过程人民民主")
['推动', '全过程', '人民', '民主']
>>> pos("民"), pos("全")
('ng', 'a')
"""

from __future__ import annotations

import functools
import importlib.util
import math
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["is_bound_morpheme", "is_word", "lexicon", "pos", "segment"]

_MAX_WORD = 12


def _dict_path() -> Any:
    """jieba's ``dict.txt``, found without importing jieba (its import costs 0.15 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
        if path.is_file():
            return path
    return resources.files("jieba") / "dict.txt"  # e.g. a zipped install


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, tuple[int, str]], float]:
    """Return ``(words, log_total)``; ``words[w] = (freq, pos)``."""
    words: dict[str, tuple[int, str]] = {}
    with _dict_path().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    total = sum(f for f, _ in words.values())
    return words, math.log(total)


def is_word(s: str) -> bool:
    """True if *s* is a lexicon entry.

    >>> is_word("代表"), is_word("表民")
    (True, False)
    """
    return s in lexicon()[0]


def pos(s: str) -> str:
    """Part-of-speech tag of a lexicon entry ('' if unknown)."""
    entry = lexicon()[0].get(s)
    return entry[1] if entry else ""


def is_bound_morpheme(ch: str) -> bool:
    """True if *ch* is a single character the lexicon only knows as a bound morpheme.

    jieba tags such characters with a POS ending in ``g`` (``ng`` noun
    morpheme, ``vg``, ``ag``, ``tg`` …); a character absent from the lexicon
    also counts as bound.

    >>> is_bound_morpheme("民"), is_bound_morpheme("等")
    (True, False)
    """
    if len(ch) != 1 or not ("\u4e00" <= ch <= "\u9fff"):
        return False
    tag = pos(ch)
    return tag == "" or (tag.endswith("g") and tag != "eng")


def segment(text: str) -> list[str]:
    """Maximum-probability segmentation of *text* with the lexicon (unigram model).

    Characters outside the lexicon become single tokens; runs of ASCII letters
    or digits stay together.
    """
    words, log_total = lexicon()
    n = len(text)
    unknown = math.log(1) - log_total - 5.0
    best = [0.0] * (n + 1)
    back = [0] * (n + 1)
    best[n] = 0.0
    for i in range(n - 1, -1, -1):
        ch = text[i]
        if ch.isascii() and ch.isalnum():
            j = i + 1
            while j < n and text[j].isascii() and text[j].isalnum():
                j += 1
            best[i], back[i] = unknown + best[j], j
            continue
        cands = []
        for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
            piece = text[i:j]
            entry = words.get(piece)  # every piece up to _MAX_WORD (no prefix set to build)
            if entry:
                cands.append((math.log(entry[0] or 1) - log_total + best[j], j))
        if not cands:
            cands.append((unknown + best[i + 1], i + 1))
        best[i], back[i] = max(cands)
    out, i = [], 0
    while i < n:
        out.append(text[i : back[i]])
        i = back[i]
    return out
