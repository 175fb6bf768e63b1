"""Detectors for the defects real newspaper sources have.

Each detector is general (it knows no particular page) and returns
:class:`Defect` records with source offsets; :mod:`democracy_study.corpus`
turns them into the ``quality`` table.

- :func:`detect_duplicates`: passages copied into the wrong report by a layout
  error. Shared runs of at least ``min_chars`` characters between two reports
  of one document; the copy that fits its host report worse (IDF-weighted
  character-bigram overlap with the rest of the report) is judged misplaced.
- :func:`detect_lost_text`: page breaks whose two sides do not join into
  words (a bound morpheme stranded at the break, judged with a lexicon).
- :func:`detect_doubled_characters`: a character typed twice where no word
  boundary explains it (人民|民主 is fine; 站站 is not).
- :func:`detect_doubled_in_name`: a personal name whose three-character given
  name ends in a doubled character (朱天平平 for 朱天平).

Examples
--------
>>> from democracy_study.text import JoinedText
>>> src = "镇政府认真落实代表\\n\\n民每天加工面板。"
>>> [d.issue for d in detect_lost_text(JoinedText(src, [(0, 9), (11, 19)]))]
['text_lost_at_break']
>>> [d.evidence for d in detect_doubled_characters(JoinedText("建设联络站站处。", [(0, 8)]))]
['站站']
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from democracy_study.parse._lexicon import is_bound_morpheme, segment
from democracy_study.text import JoinedText

__all__ = [
    "Defect",
    "detect_doubled_characters",
    "detect_doubled_in_name",
    "detect_duplicates",
    "detect_lost_text",
]


@dataclass
class Defect:
    """One detected defect: ``source[char_start:char_end] == evidence``."""

    issue: str
    detail: str
    char_start: int
    char_end: int
    evidence: str
    unit: int | None = None  #: index of the report the defect lies in, if known


_NONSPACE = re.compile(r"\S+")
_DOUBLED = re.compile(r"(?=([\u4e00-\u9fff])\1)")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _window_tokens(s: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token spans (absolute) of the segmentation of ``s[lo:hi]``."""
    out, pos = [], lo
    for tok in segment(s[lo:hi]):
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out


def detect_lost_text(joined: JoinedText, window: int = 8) -> list[Defect]:
    """Breaks where the text on the two sides does not join into words.

    A break inside a word (实|现) or between two words (企业|更换) is an
    ordinary page or column break. A break next to a single character that
    the lexicon knows only as a bound morpheme (代表|民每天) means characters
    were lost at the break.
    """
    out: list[Defect] = []
    s = joined.normalized
    for b in joined.breaks():
        if b <= 0 or b >= len(s):
            continue
        if not (_is_cjk(s[b - 1]) and _is_cjk(s[b])):
            continue
        lo, hi = max(0, b - window), min(len(s), b + window)
        toks = _window_tokens(s, lo, hi)
        if not any(e == b for _, e in toks):
            continue  # the break falls inside a word
        left = next(t for t in toks if t[1] == b)
        right = next(t for t in toks if t[0] == b)
        stranded = [
            s[t[0] : t[1]]
            for t in (left, right)
            if t[1] - t[0] == 1 and is_bound_morpheme(s[t[0] : t[1]])
        ]
        if stranded:
            ev, cs, ce = joined.evidence(max(0, b - 2), min(len(s), b + 2))
            out.append(
                Defect(
                    "text_lost_at_break",
                    f"the two sides of the break do not join: {s[max(0, b - 6) : b]}|{s[b : b + 6]} "
                    f"(stranded bound morpheme {'、'.join(stranded)})",
                    cs,
                    ce,
                    ev,
                )
            )
    return out


def detect_doubled_characters(joined: JoinedText, window: int = 6) -> list[Defect]:
    """A character written twice where no word boundary explains it.

    Reduplicated words the lexicon knows (常常, 紧紧), AABB patterns
    (平平安安) and doubled characters split between two words (人民|民主)
    are not defects. A doubled character at the end of a personal name
    followed by a word starting with it (朱天平|平等) looks like a word
    boundary here; :func:`detect_doubled_in_name` catches it through the name.
    """
    out: list[Defect] = []
    s = joined.normalized
    for m in _DOUBLED.finditer(s):
        i, ch = m.start(), m.group(1)
        if i + 3 < len(s) and s[i + 2] == s[i + 3] and s[i + 2] != ch:
            continue  # AABB
        if i >= 2 and s[i - 2] == s[i - 1] and s[i - 1] != ch:
            continue  # AABB, second half
        if (i + 2 < len(s) and s[i + 2] == ch) or (i >= 1 and s[i - 1] == ch):
            continue  # runs of three are onomatopoeia or intentional
        lo, hi = max(0, i - window), min(len(s), i + 2 + window)
        toks = _window_tokens(s, lo, hi)
        t1 = next(t for t in toks if t[0] <= i < t[1])
        t2 = next(t for t in toks if t[0] <= i + 1 < t[1])
        if t1 == t2:
            continue  # a word containing the pair
        if t1[1] - t1[0] >= 2 and t2[1] - t2[0] >= 2:
            continue  # word boundary between two words
        ev, cs, ce = joined.evidence(i, i + 2)
        out.append(
            Defect(
                "doubled_character",
                f"'{ch}' written twice in {s[max(0, i - 4) : i + 6]} with no word boundary to explain it",
                cs,
                ce,
                ev,
            )
        )
    return out


def detect_doubled_in_name(name: str, given_length: int, start: int, source: str) -> Defect | None:
    """A personal name with a three-character given name ending in a doubled character.

    Chinese given names have one or two characters; a third that repeats the
    second (朱天平平 for 朱天平) is far more likely a typing error than a name.
    ``start`` is the source offset of the name (names are matched on
    normalised text of the same length, so the offsets carry over).

    >>> src = "组织朱天平平等18名代表"
    >>> detect_doubled_in_name("朱天平平", 3, 2, src).evidence
    '平平'
    >>> detect_doubled_in_name("王丹丹", 2, 0, "王丹丹代表") is None
    True
    """
    if given_length < 3 or len(name) < 2 or name[-1] != name[-2]:
        return None
    s = start + len(name) - 2
    return Defect(
        "doubled_character",
        f"personal name '{name}' has a three-character given name ending in a doubled '{name[-1]}' "
        f"(probably '{name[:-1]}')",
        s,
        s + 2,
        source[s : s + 2],
    )


def _stream(units: Sequence[Sequence[JoinedText]]) -> list[tuple[str, list[int]]]:
    """Per unit: its non-whitespace normalised characters and their source offsets."""
    out = []
    for paras in units:
        chars: list[str] = []
        idx: list[int] = []
        for jt in paras:
            for m in _NONSPACE.finditer(jt.normalized):
                chars.append(m.group())
                idx.extend(jt.source_index[m.start() : m.end()])
        out.append(("".join(chars), idx))
    return out


def _find_all(s: str, sub: str) -> list[int]:
    out, i = [], s.find(sub)
    while i >= 0:
        out.append(i)
        i = s.find(sub, i + 1)
    return out


def detect_duplicates(
    source: str,
    units: Sequence[Sequence[JoinedText]],
    names: Sequence[str] | None = None,
    min_chars: int = 14,
) -> list[Defect]:
    """Passages that occur in two units (reports) of one document.

    Parameters
    ----------
    source : str
        The decoded source text.
    units : sequence of sequences of JoinedText
        The paragraphs of each report, in document order.
    names : sequence of str, optional
        A label per unit for the ``detail`` text.
    min_chars : int
        Shortest shared run (non-whitespace characters) that counts.

    Returns
    -------
    list of Defect
        For each shared passage, a ``duplicate_passage`` defect on the copy
        judged misplaced and a ``duplicate_passage_source`` defect on the other.

    Examples
    --------
    >>> src = "甲县建立了乡村振兴工作站，服务农户三百户。\\n乙县建章立制。乡村振兴工作站，服务农户三百户。"
    >>> a, b = JoinedText(src, [(0, 21)]), JoinedText(src, [(22, 45)])
    >>> [(d.issue, d.unit) for d in detect_duplicates(src, [[a], [b]], min_chars=10)]
    [('duplicate_passage', 1), ('duplicate_passage_source', 0)]
    """
    names = list(names) if names is not None else [f"unit {i + 1}" for i in range(len(units))]
    streams = _stream(units)
    k = min_chars
    # k-grams shared by two units: set intersections (C speed), then positions by str.find
    gram_sets = [{s[i : i + k] for i in range(len(s) - k + 1)} for s, _ in streams]
    seeds = set()
    for u1 in range(len(streams)):
        for u2 in range(u1 + 1, len(streams)):
            for g in gram_sets[u1] & gram_sets[u2]:
                pos1 = _find_all(streams[u1][0], g)[:8]
                pos2 = _find_all(streams[u2][0], g)[:8]
                seeds.update((u1, i1, u2, i2) for i1 in pos1 for i2 in pos2)
    runs = []
    for u1, i1, u2, i2 in sorted(seeds):
        if (u1, i1 - 1, u2, i2 - 1) in seeds:
            continue
        t = 0
        while (u1, i1 + t + 1, u2, i2 + t + 1) in seeds:
            t += 1
        runs.append((u1, i1, u2, i2, t + k))

    # document frequency of character bigrams across units outside the shared runs, for the fit score
    shared = defaultdict(list)
    for u1, i1, u2, i2, length in runs:
        shared[u1].append((i1, i1 + length))
        shared[u2].append((i2, i2 + length))

    def rest_of(u: int, drop: list[tuple[int, int]]) -> str:
        s, out, pos = streams[u][0], [], 0
        for a, b in sorted(drop):
            out.append(s[pos:a])
            pos = max(pos, b)
        out.append(s[pos:])
        return "\x00".join(out)

    rest_bigrams = []
    for u in range(len(streams)):
        r = rest_of(u, shared[u])
        rest_bigrams.append({r[j : j + 2] for j in range(len(r) - 1)} - {""})
    df = Counter(b for bs in rest_bigrams for b in bs)
    n_units = len(streams)

    def fit(u: int, i: int, length: int) -> float:
        s = streams[u][0]
        passage = {s[j : j + 2] for j in range(i, i + length - 1)}
        return sum(
            math.log((1 + n_units) / (1 + df[b]))
            for b in passage & rest_bigrams[u]
            if "\x00" not in b
        )

    out: list[Defect] = []
    for u1, i1, u2, i2, length in runs:
        f1, f2 = fit(u1, i1, length), fit(u2, i2, length)
        # the copy that fits its host worse is the misplaced one; ties go to the later copy
        if f1 < f2:
            (mu, mi, mf), (ou, oi, of) = (u1, i1, f1), (u2, i2, f2)
            how = "fits its host report worse"
        else:
            (mu, mi, mf), (ou, oi, of) = (u2, i2, f2), (u1, i1, f1)
            how = (
                "fits its host report worse"
                if f2 < f1
                else "tie in fit; the later copy is taken as misplaced"
            )
        for issue, u, i, other, score, other_score in (
            ("duplicate_passage", mu, mi, ou, mf, of),
            ("duplicate_passage_source", ou, oi, mu, of, mf),
        ):
            idx = streams[u][1]
            cs, ce = idx[i], idx[i + length - 1] + 1
            role = (
                f"misplaced copy ({how})"
                if issue == "duplicate_passage"
                else "copy judged original"
            )
            out.append(
                Defect(
                    issue,
                    f"{length} characters also in {names[other]}; {role}; "
                    f"fit {score:.1f} vs {other_score:.1f}",
                    cs,
                    ce,
                    source[cs:ce],
                    unit=u,
                )
            )
    return out
