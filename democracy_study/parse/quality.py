"""Detectors for the defects real newspaper sources have.

Each detector is general (it knows no particular page) and returns
:class:`Defect` records with source offsets; :mod:`democracy_study.corpus`
turns them into the ``quality`` table.

- :func:`detect_duplicates`: passages copied into the wrong report by a layout
  error. Shared runs of at least :data:`DUPLICATE_MIN_CHARS` characters between two reports
  of one document; the copy that fits its host report worse (IDF-weighted
  character-bigram overlap with the rest of the report) is judged misplaced. A
  run found in more than :data:`DUPLICATE_MAX_COPIES` reports is a stock phrase
  (a compilation's repeated formula), not a layout copy, and is not reported.
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

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from democracy_study.parse._lexicon import is_bound_morpheme, segment
from democracy_study.text import JoinedText

__all__ = [
    "DUPLICATE_MAX_COPIES",
    "DUPLICATE_MIN_CHARS",
    "ISSUES",
    "Defect",
    "Report",
    "Stream",
    "detect_doubled_characters",
    "detect_doubled_in_name",
    "detect_duplicates",
    "detect_lost_text",
    "find_syndicated",
    "fingerprint",
    "shared_grams",
]


#: Every ``issue`` the quality table can hold (the detectors here and the checks in
#: :mod:`democracy_study.corpus`); the closed vocabulary of quality.issue.
ISSUES = (
    "duplicate_passage",
    "duplicate_passage_source",
    "text_lost_at_break",
    "place_suffix_mismatch",
    "doubled_character",
    "paragraph_unfinished",
    "no_heading",
    "place_unknown",
    "place_ambiguous",
    "place_from_metadata",  # democracy_study.parse.document: an ambiguous heading place scoped
    "html_remnant",
    "encoding_suspect",  # democracy_study.io.sources: mojibake (UTF-8 read as Latin-1/cp1252)
    "control_character",  # democracy_study.io.sources: control characters in the text
    "number_at_break",  # democracy_study.parse.quantities: digits on both sides of a break
    "number_hidden_character",  # democracy_study.parse.quantities: invisible chars in a number
    "number_unreadable",  # democracy_study.parse.quantities: a digit run too long to be a number
    "page_furniture",  # democracy_study.io: navigation, footers, page numbers left out of the text
    "pdf_no_text_layer",  # democracy_study.io.pdf: a page without text (scanned)
    "pdf_garbled_text",  # democracy_study.io.pdf: glyphs without a Unicode map
    "stale_annotation",  # democracy_study.annotations: a correction that matches nothing
    "annotation_removed",  # democracy_study.annotations: a mechanism row a human removed
    "syndicated_copy",  # democracy_study.corpus: the whole report is another source's report
    "syndicated_passage",  # democracy_study.corpus: a passage also in another source's report
)


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


class Stream:
    """A unit's non-whitespace normalised characters, with a compact map back to the source.

    The map holds one entry per whitespace-free segment (not per character):
    ``seg_pos[k]`` is where segment *k* starts in :attr:`chars`, ``seg_map[k]``
    its paragraph and start in that paragraph's joined text.
    """

    __slots__ = ("chars", "seg_map", "seg_pos")

    def __init__(self, paras: Sequence[JoinedText]) -> None:
        parts: list[str] = []
        self.seg_pos: list[int] = []
        self.seg_map: list[tuple[JoinedText, int]] = []
        pos = 0
        for jt in paras:
            for m in _NONSPACE.finditer(jt.normalized):
                parts.append(m.group())
                self.seg_pos.append(pos)
                self.seg_map.append((jt, m.start()))
                pos += m.end() - m.start()
        self.chars = "".join(parts)

    def source(self, i: int) -> int:
        """Source offset of character *i* of :attr:`chars`."""
        k = bisect.bisect_right(self.seg_pos, i) - 1
        jt, start = self.seg_map[k]
        return jt.to_source(start + i - self.seg_pos[k])


#: Multiplier of the polynomial k-gram hash (odd, so arithmetic mod 2**64 keeps information).
_HASH_BASE = 0x9E3779B97F4A7C15


_SORT_BLOCK = 1 << 20  # sorted hashes compared per block of this many


def _gram_hashes(s: str, k: int) -> Any:
    """64-bit polynomial hash of every k-gram of *s* (numpy, wrapping arithmetic)."""
    import numpy as np

    n = len(s) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)
    h = np.zeros(n, dtype=np.uint64)
    base = np.uint64(_HASH_BASE)
    with np.errstate(over="ignore"):
        for j in range(k):
            h *= base
            h += codes[j : j + n]
    return h


def shared_grams(
    strings: Sequence[str], k: int, max_per_string: int = 8, max_strings: int | None = None
) -> list[tuple[str, list[tuple[int, list[int]]]]]:
    """k-grams that occur in at least two of *strings*, through one hashed index.

    Every k-gram of every string is hashed (numpy), the hashes are sorted once
    and only hash values seen in two or more strings are looked at again (and
    compared as strings, so hash collisions cannot create matches). Time is
    O(N log N) and memory O(N) in the total length N; no pair of strings is
    ever compared.

    Parameters
    ----------
    strings : sequence of str
    k : int
        Gram length.
    max_per_string : int
        Positions kept per string and gram (the first ones).
    max_strings : int, optional
        Leave out grams found in more than this many strings (stock phrases):
        the output then grows with the number of copies of each passage, not
        with the square of a phrase's frequency.

    Returns
    -------
    list of (gram, [(string index, [positions]), ...])
        Sorted by the first occurrence; strings in index order.

    Examples
    --------
    >>> shared_grams(["abcdx", "zabcd", "qqqq"], 3)
    [('abc', [(0, [0]), (1, [1])]), ('bcd', [(0, [1]), (1, [2])])]
    >>> shared_grams(["abcdx", "zabcd", "yabc"], 3, max_strings=2)
    [('bcd', [(0, [1]), (1, [2])])]
    """
    import numpy as np

    # one array of every gram's hash, filled string by string (no per-string copies kept);
    # a gram is named by its index in it, and offs[u] is where string u's grams begin
    lens = [max(0, len(s) - k + 1) for s in strings]
    n = sum(lens)
    if n < 2:
        return []
    offs = np.zeros(len(lens), dtype=np.int64)
    np.cumsum(lens[:-1], out=offs[1:])
    hv = np.empty(n, dtype=np.uint64)
    for u, s in enumerate(strings):
        if lens[u]:
            hv[offs[u] : offs[u] + lens[u]] = _gram_hashes(s, k)
    order = np.argsort(hv, kind="stable")  # equal hashes stay in (string, position) order
    # dup[i]: sorted grams i and i + 1 have the same hash (neighbours compared a block at a
    # time, so no sorted copy of the hashes is held)
    dup = np.empty(n - 1, dtype=bool)
    for a in range(0, n - 1, _SORT_BLOCK):
        b = min(a + _SORT_BLOCK, n - 1)
        h = hv[order[a : b + 1]]
        np.equal(h[1:], h[:-1], out=dup[a:b])
    del hv
    # only grams whose hash occurs twice or more are looked at again
    in_group = np.zeros(n, dtype=bool)
    in_group[1:] = dup
    in_group[:-1] |= dup
    at = np.flatnonzero(in_group)
    if not len(at):
        return []
    first = np.ones(len(at), dtype=bool)  # a group's first gram: not equal to the one before
    first[1:] = ~dup[at[1:] - 1]
    del dup, in_group
    sel = order[at]
    del order
    own = np.searchsorted(offs, sel, side="right") - 1
    pos = sel - offs[own]
    gstart = np.flatnonzero(first)
    # owners are non-decreasing inside a group (stable sort): distinct owners = 1 + changes
    change = np.zeros(len(own), dtype=np.int64)
    np.not_equal(own[1:], own[:-1], out=change[1:], casting="unsafe")
    change[gstart] = 0
    n_owners = 1 + np.add.reduceat(change, gstart)
    keep = n_owners >= 2  # groups seen in two or more strings
    if max_strings is not None:
        keep &= n_owners <= max_strings
    multi = np.flatnonzero(keep)
    bounds = np.append(gstart, len(sel))
    found: dict[str, dict[int, list[int]]] = {}
    for g in multi.tolist():
        lo, hi = bounds[g], bounds[g + 1]
        for u, i in zip(own[lo:hi].tolist(), pos[lo:hi].tolist(), strict=True):
            gram = strings[u][i : i + k]
            found.setdefault(gram, {}).setdefault(u, []).append(i)
    out = []
    for gram, by in found.items():
        if len(by) < 2:
            continue  # a hash collision between different grams
        out.append((gram, [(u, sorted(v)[:max_per_string]) for u, v in sorted(by.items())]))
    out.sort(key=lambda t: (t[1][0][0], t[1][0][1][0], t[0]))
    return out


def _chain(seeds: set[tuple[int, int, int, int]], k: int) -> list[tuple[int, int, int, int, int]]:
    """Maximal runs ``(u1, i1, u2, i2, length)`` of consecutive shared k-gram seeds."""
    runs = []
    for u1, i1, u2, i2 in sorted(seeds):
        if (u1, i1 - 1, u2, i2 - 1) in seeds:
            continue
        t = 0
        while (u1, i1 + t + 1, u2, i2 + t + 1) in seeds:
            t += 1
        runs.append((u1, i1, u2, i2, t + k))
    return runs


def _bigram_codes(s: str) -> Any:
    """Character bigrams of *s* as integers ``(first << 21) | second``."""
    import numpy as np

    c = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return (c[:-1] << 21) | c[1:] if len(c) > 1 else np.zeros(0, dtype=np.int64)


def _fits(streams: Sequence[Stream], runs: Sequence[tuple[int, int, int, int, int]]) -> list[float]:
    """Fit of each copy of each run to its host unit: two floats per run, in order.

    The fit of a passage is the summed IDF (over units) of its distinct character
    bigrams that also occur in the rest of its host unit (the unit outside every
    shared run). All of it in NumPy: bigrams are integer codes, membership is a
    sorted search on ``unit << 42 | code`` (no set of strings per unit).
    """
    import numpy as np

    shared: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for u1, i1, u2, i2, length in runs:
        shared[u1].append((i1, i1 + length))
        shared[u2].append((i2, i2 + length))
    codes = [_bigram_codes(st.chars) for st in streams]
    rest = []
    for u, c in enumerate(codes):
        keep = np.ones(len(c), dtype=bool)
        for a, b in shared.get(u, ()):  # bigram j spans characters j and j + 1
            keep[max(0, a - 1) : b] = False
        rest.append(np.unique(c[keep]))
    keys, counts = np.unique(np.concatenate(rest), return_counts=True)
    idf = np.log((1 + len(streams)) / (1 + counts))
    unit_rest = np.concatenate(
        [(np.int64(u) << 42) | r for u, r in enumerate(rest)]
    )  # sorted: units in order, codes sorted within a unit
    queries = [(u, i, n) for u1, i1, u2, i2, n in runs for u, i in ((u1, i1), (u2, i2))]
    if not len(unit_rest):
        return [0.0] * len(queries)
    q_unit = np.array([u for u, _, _ in queries], dtype=np.int64)
    parts = [codes[u][i : i + n - 1] for u, i, n in queries]
    q_idx = np.repeat(np.arange(len(queries), dtype=np.int64), [len(x) for x in parts])
    pairs = np.unique((q_idx << 42) | np.concatenate(parts))  # distinct bigrams per passage
    q_idx, code = pairs >> 42, pairs & ((1 << 42) - 1)
    key = (q_unit[q_idx] << 42) | code
    pos = np.minimum(np.searchsorted(unit_rest, key), len(unit_rest) - 1)
    hit = unit_rest[pos] == key
    w = idf[np.searchsorted(keys, code[hit])]
    return np.bincount(q_idx[hit], weights=w, minlength=len(queries)).tolist()


#: A passage in more reports of one document than this is a stock phrase, not a layout copy.
DUPLICATE_MAX_COPIES = 4
#: Shortest passage (non-whitespace characters) two reports of one document must share to be a
#: layout copy. A misplaced block is a clause or more (the one on the seed page: 67); shorter
#: shared runs are formulas with the same small figure (``12月份专题询问会上，17位代``), which
#: two places can report independently: with 14 characters a synthetic compilation of 300
#: formulaic reports lost 24 % of its figures as "duplicates" (docs/BENCHMARKS.md, round 6).
DUPLICATE_MIN_CHARS = 30


def detect_duplicates(
    source: str,
    units: Sequence[Sequence[JoinedText]],
    names: Sequence[str] | None = None,
    min_chars: int = DUPLICATE_MIN_CHARS,
    max_copies: int | None = DUPLICATE_MAX_COPIES,
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
    max_copies : int or None
        A run found in more units than this is a stock phrase (a formula many
        reports of a compilation repeat), not a passage misplaced by layout:
        it is not reported. None reports every shared run.

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
    streams = [Stream(paras) for paras in units]
    k = min_chars
    # k-grams shared by two units, through one hashed index of all units (no pair of units
    # is compared). A gram in several units pairs every later unit with the first one
    # (linear in the number of copies; for two units the same as comparing the pair); a
    # gram in more than max_copies units is a stock phrase, not a copy.
    seeds = set()
    for _, occ in shared_grams([st.chars for st in streams], k, max_strings=max_copies):
        u1, pos1 = occ[0]
        for u2, pos2 in occ[1:]:
            seeds.update((u1, i1, u2, i2) for i1 in pos1 for i2 in pos2)
    runs = _chain(seeds, k)
    if not runs:
        return []

    fits = _fits(streams, runs)
    out: list[Defect] = []
    for (u1, i1, u2, i2, length), f1, f2 in zip(runs, fits[0::2], fits[1::2], strict=True):
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
            cs, ce = streams[u].source(i), streams[u].source(i + length - 1) + 1
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


#: Fingerprints keep a k-gram when the top bits of its hash are zero: 1 in 2**_FP_SHIFT_BITS.
_FP_SHIFT_BITS = 3


def fingerprint(chars: str, k: int = 14) -> list[int]:
    """A content-defined sample of the hashed k-grams of *chars* (sorted, distinct).

    The same passage yields the same sample in every source it is copied
    into, whatever surrounds it, so reports that share text share
    fingerprints; about one k-gram in eight is kept.

    >>> a = fingerprint("代表联络站每月接待选民，收集意见建议并及时转交有关部门办理答复。")
    >>> b = fingerprint("转载：代表联络站每月接待选民，收集意见建议并及时转交有关部门办理答复。")
    >>> set(a) <= set(b)
    True
    """
    import numpy as np

    h = _gram_hashes(chars, k)
    keep = h[(h >> np.uint64(64 - _FP_SHIFT_BITS)) == 0]
    return [int(x) for x in np.unique(keep)]


@dataclass
class Report:
    """A report for :func:`find_syndicated`: its key, its rank (lower = original) and fingerprint."""

    key: tuple[str, str]  #: (source_file, report_id)
    rank: tuple
    fingerprint: Sequence[int]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _shared_counts(
    reports: Sequence[Report],
    max_postings: int,
    boilerplate: Collection[int] = (),
    involving: Collection[int] | None = None,
) -> list[tuple[tuple[int, int], int]]:
    """``((i, j), n)`` for report positions i < j of different sources sharing n fingerprints.

    Only fingerprints held by 2 to *max_postings* reports (and not in *boilerplate*)
    count; with *involving*, only pairs including one of those positions. Sorted by
    ``(i, j)``. One sort of all (fingerprint, report) postings, then the pairs of each
    posting list, grouped by its length, as NumPy arrays (no per-fingerprint Python).

    >>> reps = [Report(("a", "a1"), (0,), [1, 2, 3]), Report(("b", "b1"), (1,), [2, 3, 4]),
    ...         Report(("a", "a2"), (2,), [3, 4])]
    >>> _shared_counts(reps, max_postings=2)
    [((0, 1), 1), ((1, 2), 1)]
    >>> _shared_counts(reps, max_postings=3)
    [((0, 1), 2), ((1, 2), 2)]
    """
    import numpy as np

    n = len(reports)
    if n < 2:
        return []
    lens = np.fromiter((len(r.fingerprint) for r in reports), dtype=np.int64, count=n)
    if int(lens.sum()) == 0:
        return []
    hashes = np.concatenate(
        [np.asarray(r.fingerprint, dtype=np.uint64) for r in reports if len(r.fingerprint)]
    )
    owner = np.repeat(np.arange(n, dtype=np.int64), lens)
    order = np.lexsort((owner, hashes))
    hashes, owner = hashes[order], owner[order]
    keep = np.ones(len(hashes), dtype=bool)  # one posting per (fingerprint, report)
    keep[1:] = (hashes[1:] != hashes[:-1]) | (owner[1:] != owner[:-1])
    hashes, owner = hashes[keep], owner[keep]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    sizes = np.diff(np.r_[starts, len(hashes)])
    ok = (sizes >= 2) & (sizes <= max_postings)
    if len(boilerplate):
        ok &= ~np.isin(hashes[starts], np.asarray(list(boilerplate), dtype=np.uint64))
    files: dict[str, int] = {}
    file_of = np.asarray([files.setdefault(r.key[0], len(files)) for r in reports], np.int64)
    only = None
    if involving is not None:
        only = np.zeros(n, dtype=bool)
        only[np.asarray(list(involving), dtype=np.int64)] = True
    codes = []
    for k in np.unique(sizes[ok]).tolist():
        first = starts[ok & (sizes == k)]
        groups = owner[first[:, None] + np.arange(k)[None, :]]  # one row per posting list
        xs, ys = np.triu_indices(k, 1)
        a, b = groups[:, xs].ravel(), groups[:, ys].ravel()  # a < b: owners sorted per list
        sel = file_of[a] != file_of[b]
        if only is not None:
            sel &= only[a] | only[b]
        codes.append(a[sel] * n + b[sel])
    if not codes:
        return []
    pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
    return [((int(c // n), int(c % n)), int(m)) for c, m in zip(pairs, counts, strict=True)]


def find_syndicated(
    reports: Sequence[Report],
    stream: Callable[[tuple[str, str]], Stream],
    *,
    min_chars: int = 50,
    min_shared: int = 4,
    whole: float = 0.8,
    max_postings: int = 1000,
    boilerplate: Collection[int] = (),
    involving: Collection[int] | None = None,
) -> list[tuple[tuple[str, str], tuple[str, str], list[tuple[int, int]], bool]]:
    """The same article or passage in reports of different sources.

    Candidates come from an inverted index of the fingerprints (reports of
    different sources sharing at least *min_shared* of them); only those pairs
    are compared, by exact shared runs of at least *min_chars* non-whitespace
    characters. Of a pair, the report with the lower ``rank`` is the original.

    Parameters
    ----------
    reports : sequence of Report
    stream : callable
        Report key → :class:`Stream` of its text (built only for candidates).
    min_chars : int
        Shortest shared passage.
    min_shared : int
        Fingerprints two reports must share to be compared.
    whole : float
        Share of the copy's characters in shared passages from which the whole
        report counts as a copy.
    max_postings : int
        Fingerprints in more reports than this (boilerplate) are not used.
    boilerplate : collection of int
        Fingerprints not to use whatever their count here (an incremental
        parse passes those that are boilerplate in the whole corpus while it
        compares only some of its reports).
    involving : collection of int, optional
        Compare only the pairs that include one of these positions in
        *reports* (default: all pairs).

    Returns
    -------
    list of (copy key, original key, source spans in the copy, whole)
        Sorted by copy, then the original's rank.

    Examples
    --------
    >>> body = "代表联络站每月接待选民，收集意见建议三十余条，均已转交有关部门办理并答复。"
    >>> jt = {("a.txt", "a#r01"): JoinedText(body, [(0, len(body))]),
    ...       ("b.txt", "b#r01"): JoinedText("转载" + body, [(0, len(body) + 2)])}
    >>> reps = [Report(k, (i,), fingerprint(Stream([v]).chars)) for i, (k, v) in enumerate(jt.items())]
    >>> [(c[0], o[0], w) for c, o, _, w in find_syndicated(
    ...     reps, lambda k: Stream([jt[k]]), min_chars=20, min_shared=2)]
    [('b.txt', 'a.txt', True)]
    """
    shared = _shared_counts(reports, max_postings, boilerplate, involving)
    out = []
    for (i, j), n in shared:
        if n < min_shared:
            continue
        a, b = reports[i], reports[j]
        orig, copy = (a, b) if a.rank <= b.rank else (b, a)
        sc, so = stream(copy.key), stream(orig.key)
        seeds = set()
        for _, occ in shared_grams([sc.chars, so.chars], min_chars):
            (_, pos1), (_, pos2) = occ
            seeds.update((0, i1, 1, i2) for i1 in pos1 for i2 in pos2)
        runs = _merge([(i1, i1 + length) for _, i1, _, _, length in _chain(seeds, min_chars)])
        if not runs:
            continue
        covered = sum(e - s for s, e in runs)
        spans = [(sc.source(s), sc.source(e - 1) + 1) for s, e in runs]
        out.append((copy.key, orig.key, _merge(spans), covered >= whole * len(sc.chars), orig.rank))
    out.sort(key=lambda t: (t[0], t[4]))
    return [t[:4] for t in out]
