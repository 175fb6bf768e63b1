"""Paragraph-level mechanism coding with sentence-level evidence.

All cues of the codebook (code cues and the shared negation/future and
elsewhere vetoes) are compiled once into one combined regular expression. A
single scan of a paragraph finds every position where some cue matches and,
at that position, every cue that matches there (each cue sits in its own
named group inside a lookahead), so cues never shadow each other and there is
no loop over codes or cues.

Vetoes: a negation or future cue vetoes every hit in its clause and every
later hit in its sentence ("尚未建立联络站", "下一步，将建立联络站"); an
elsewhere cue vetoes every hit in its clause ("赴外地学习联络站建设经验").

Examples
--------
>>> [(h.code, h.rule) for h in code_text("代表每月进站接待选民。")]
[('regular_contact_day', 'regular_contact_day:fixed_schedule'), ('liaison_station', 'liaison_station:enter_station')]
>>> code_text("下一步，将建立代表联络站。")
[]
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

try:  # the regex parser, used only to compute a first-character prefilter
    from re import _constants as _C
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from democracy_study.coding.codebook import Codebook, load_codebook
from democracy_study.schema import TABLE_COLUMNS
from democracy_study.text import JoinedText, normalize

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "MECHANISM_COLUMNS",
    "PLAN_SECTION_FLAG",
    "CompiledCodebook",
    "Hit",
    "code_corpus",
    "code_paragraphs",
    "code_text",
    "compile_codebook",
    "family_counts",
    "is_codable",
    "mechanisms_frame",
    "paragraph_codes",
    "place_mechanisms",
]

#: Columns of the ``mechanisms`` table (data contract) followed by extra columns.
MECHANISM_COLUMNS = [*TABLE_COLUMNS["mechanisms"], "cue_text", "cue_start", "cue_end", "n_hits"]

_SENTENCE_END = "。！？；!?;\n\r"
_CLAUSE_END = _SENTENCE_END + "，,：:"
_CLOSERS = '”’"」』)）】'
# a delimiter run plus any closing quotes or brackets right after it
_SENTENCE_RE = re.compile(f"[{re.escape(_SENTENCE_END)}]+[{re.escape(_CLOSERS)}]*")
_CLAUSE_RE = re.compile(f"[{re.escape(_CLAUSE_END)}]+[{re.escape(_CLOSERS)}]*")
_TRIM = " \t\r\n\u3000"
#: Longest evidence span (characters) of a hit: a longer sentence (e.g. a line without
#: sentence-final punctuation) is clipped to a window of this size around the cue, so
#: memory per hit is bounded whatever the length of the paragraph.
MAX_EVIDENCE_CHARS = 400


@dataclass(frozen=True)
class Hit:
    """One cue match that survived the vetoes.

    Offsets are into the text given to :func:`code_text` (normalisation keeps
    lengths, so they are also offsets into the normalized text).

    Attributes
    ----------
    code, family : str
    rule : str
        ``"<code>:<cue id>"``.
    start, end : int
        The cue match.
    sentence_start, sentence_end : int
        The sentence containing the match (the evidence).
    """

    code: str
    family: str
    rule: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True)
class CompiledCodebook:
    """A codebook's cues compiled into one regular expression."""

    codebook: Codebook
    regex: re.Pattern[str]
    #: group name → (kind, code, family, cue id); kind is "cue", "negation", "future", "elsewhere"
    groups: dict[str, tuple[str, str, str, str]]
    #: first character → ((group index, pattern), ...) of the patterns that can start with it,
    #: in group order; None when some pattern's first characters are unbounded
    by_first_char: dict[str, tuple[tuple[int, re.Pattern[str]], ...]] | None = None


_COMPILED: dict[tuple[int, bool], tuple[Codebook, CompiledCodebook]] = {}


def compile_codebook(codebook: Codebook | None = None, prefilter: bool = True) -> CompiledCodebook:
    """Compile every cue and veto of *codebook* into one regex (cached per codebook).

    The pattern is ``(?=cue_1|…|cue_n)(?:(?=(?P<g1>cue_1))|)…(?:(?=(?P<gn>cue_n))|)``:
    the first lookahead rejects positions where nothing matches in one pass;
    at the remaining positions every group that matched is set. With
    *prefilter* (default) a one-character class of every character a cue can
    start with is tested first, which rejects most positions at once (it is
    left out when some cue can start with any character).

    Examples
    --------
    >>> cc = compile_codebook()
    >>> len(cc.groups) > 32
    True
    """
    cb = codebook if codebook is not None else load_codebook()
    key = (id(cb), prefilter)
    cached = _COMPILED.get(key)
    if cached is not None and cached[0] is cb:
        return cached[1]
    groups: dict[str, tuple[str, str, str, str]] = {}
    patterns: list[str] = []
    for c in cb.codes:
        for q in c.cues:
            groups[f"g{len(patterns)}"] = ("cue", c.code, c.family, q.id)
            patterns.append(q.pattern)
    for q in (*cb.negation, *cb.elsewhere):
        groups[f"g{len(patterns)}"] = (q.kind, "", "", q.id)
        patterns.append(q.pattern)
    starts = _first_chars_union(patterns) if prefilter else None
    prefilter = (
        "" if starts is None else "(?=[" + "".join(re.escape(ch) for ch in sorted(starts)) + "])"
    )
    gate = "(?=" + "|".join(f"(?:{p})" for p in patterns) + ")"
    body = "".join(f"(?:(?=(?P<g{i}>{p}))|)" for i, p in enumerate(patterns))
    compiled = CompiledCodebook(
        cb, re.compile(prefilter + gate + body), groups, _index_first_chars(patterns)
    )
    _COMPILED[key] = (cb, compiled)
    return compiled


def _index_first_chars(
    patterns: Sequence[str],
) -> dict[str, tuple[tuple[int, re.Pattern[str]], ...]] | None:
    """Each possible first character → the (index, compiled pattern) pairs that can start
    with it, in index order; None when some pattern has no bounded first-character set.

    At a position only these patterns are tried, each with ``Pattern.match(text, pos)``,
    which finds the same span as the combined regex's lookahead group at that position.
    """
    index: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    for i, p in enumerate(patterns):
        parsed = _sre_parse.parse(p)
        if parsed.state.flags & re.IGNORECASE:
            return None
        f = _first_chars(parsed)
        if f is None or "" in f:
            return None
        rx = re.compile(p)
        for ch in f:
            index.setdefault(ch, []).append((i, rx))
    return {ch: tuple(v) for ch, v in index.items()}


def _first_chars(items: Any) -> set[str] | None:
    """Characters a parsed regex sequence can start with ('' = may match empty);
    None when unbounded (negated classes, wide ranges, categories, any char)."""
    out: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            out.add(chr(av))
            return out
        if op is _C.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is _C.LITERAL:
                    chars.add(chr(a))
                elif o is _C.RANGE and a[1] - a[0] < 256:
                    chars.update(chr(x) for x in range(a[0], a[1] + 1))
                else:
                    return None
            return out | chars
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue  # zero-width
        if op is _C.SUBPATTERN:
            f = _first_chars(av[-1])
        elif op is _C.BRANCH:
            f = set()
            for alt in av[1]:
                g = _first_chars(alt)
                if g is None:
                    return None
                f |= g
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            f = _first_chars(av[2])
            if f is not None and av[0] == 0:
                f = f | {""}
        else:
            return None
        if f is None:
            return None
        out |= f - {""}
        if "" not in f:
            return out
    return out | {""}


def _first_chars_union(patterns: Sequence[str]) -> set[str] | None:
    """All characters any pattern can start with, or None if some pattern is unbounded.

    Used as a one-character prefilter ``(?=[...])`` in front of the combined
    regex: positions whose character starts no cue are rejected at once.
    """
    out: set[str] = set()
    for p in patterns:
        parsed = _sre_parse.parse(p)
        if parsed.state.flags & re.IGNORECASE:
            return None  # case variants would be missed
        f = _first_chars(parsed)
        if f is None or "" in f:
            return None
        out |= f
    return out


def _bounds(text: str, rx: re.Pattern[str]) -> list[int]:
    """Sorted positions just after each delimiter (segment starts), with 0."""
    return [0, *(m.end() for m in rx.finditer(text))]


def _segment(bounds: list[int], pos: int, n: int) -> tuple[int, int]:
    k = bisect.bisect_right(bounds, pos) - 1
    end = bounds[k + 1] if k + 1 < len(bounds) else n
    return bounds[k], end


def _clip(ss: int, se: int, s: int, e: int) -> tuple[int, int]:
    """A window of at most :data:`MAX_EVIDENCE_CHARS` inside ``[ss, se)`` that holds the cue ``[s, e)``.

    >>> _clip(0, 10_000, 5000, 5004)
    (4802, 5202)
    """
    room = max(0, MAX_EVIDENCE_CHARS - (e - s))
    lo = max(ss, s - room // 2)
    hi = min(se, max(e, lo + MAX_EVIDENCE_CHARS))
    lo = max(ss, min(lo, hi - MAX_EVIDENCE_CHARS))
    return lo, hi


def _overlaps(ranges: Sequence[tuple[int, int]]) -> Any:
    """A test ``(cs, ce) -> bool``: does ``[cs, ce)`` overlap one of *ranges*? (bisection)

    >>> f = _overlaps([(10, 20), (0, 5)])
    >>> f(4, 6), f(5, 10), f(19, 30)
    (True, False, True)
    """
    rs = sorted(ranges)
    starts = [a for a, _ in rs]
    reach, m = [], -1  # reach[k]: largest end among the first k + 1 ranges
    for _, b in rs:
        m = max(m, b)
        reach.append(m)

    def test(cs: int, ce: int) -> bool:
        k = bisect.bisect_left(starts, ce)  # ranges starting before ce
        return k > 0 and reach[k - 1] > cs

    return test


_START_CLASS: dict[int, tuple[dict[str, Any], re.Pattern[str]]] = {}


def _group_spans(cc: CompiledCodebook, norm: str) -> Iterator[tuple[int, int, int]]:
    """(group index, start, end) of every pattern matching at every position, by position
    then group index: the spans the combined regex's groups report, found by trying at
    each position only the patterns that can start with its character."""
    index = cc.by_first_char
    if index is None:
        for m in cc.regex.finditer(norm):
            # m.regs[1:] holds every group's span in one call; -1 = did not match here
            for gi, (s, e) in enumerate(m.regs[1:]):
                if s >= 0:
                    yield gi, s, e
        return
    starts = _START_CLASS.get(id(index))
    if starts is None or starts[0] is not index:
        cls = "[" + "".join(re.escape(ch) for ch in sorted(index)) + "]"
        starts = _START_CLASS[id(index)] = (index, re.compile(cls))
    for sm in starts[1].finditer(norm):
        pos = sm.start()
        for gi, rx in index[sm.group()]:
            m = rx.match(norm, pos)
            if m is not None:
                yield gi, pos, m.end()


def code_text(text: str, codebook: Codebook | None = None) -> list[Hit]:
    """Find mechanism cues in *text*, apply vetoes, return hits in text order.

    Parameters
    ----------
    text : str
        Any text (traditional script and full-width forms are fine: the text
        is normalized first, which keeps its length).
    codebook : Codebook, optional
        Default: the shipped codebook.

    Returns
    -------
    list of Hit
        Sorted by start, then codebook order. One hit per (code, cue, start).

    Examples
    --------
    >>> hits = code_text("開展專題詢問，選民掃碼反映問題。")
    >>> sorted({h.code for h in hits})
    ['digital_channel', 'special_inquiry']
    >>> code_text("尚未建立代表联络站")
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"code_text needs a str, not {type(text).__name__}")
    cc = compile_codebook(codebook)
    norm = normalize(text)
    n = len(norm)
    raw: list[tuple[int, int, int]] = []  # (start, end, group index)
    neg: list[int] = []
    elsewhere: list[int] = []
    kinds = [k for k, _, _, _ in cc.groups.values()]
    for gi, s, e in _group_spans(cc, norm):
        kind = kinds[gi]
        if kind == "cue":
            if e > s:
                raw.append((s, e, gi))
        elif kind == "elsewhere":
            elsewhere.append(s)
        else:
            neg.append(s)
    if not raw:
        return []
    sentences = _bounds(norm, _SENTENCE_RE)
    clauses = _bounds(norm, _CLAUSE_RE)
    veto_clauses = {_segment(clauses, p, n) for p in (*neg, *elsewhere)}
    neg_by_sentence: dict[tuple[int, int], int] = {}
    for p in neg:
        key = _segment(sentences, p, n)
        neg_by_sentence[key] = min(p, neg_by_sentence.get(key, n))
    names = list(cc.groups)
    hits: list[Hit] = []
    for s, e, gi in sorted(raw):
        if _segment(clauses, s, n) in veto_clauses:
            continue
        sent = _segment(sentences, s, n)
        first_neg = neg_by_sentence.get(sent)
        if first_neg is not None and first_neg < s:
            continue
        _, code, family, cue_id = cc.groups[names[gi]]
        ss, se = sent
        while ss < se and norm[ss] in _TRIM:
            ss += 1
        while se > ss and norm[se - 1] in _TRIM:
            se -= 1
        if se - ss > MAX_EVIDENCE_CHARS:
            ss, se = _clip(ss, se, s, e)
        hits.append(Hit(code, family, f"{code}:{cue_id}", s, e, ss, se))
    return hits


def _require(df: Any, name: str, columns: Sequence[str]) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"corpus.{name} must be a pandas DataFrame, not {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"corpus.{name} lacks columns: {', '.join(missing)}")


def _parse_spans(value: Any, paragraph_id: str) -> list[tuple[int, int]]:
    try:
        spans = json.loads(value) if isinstance(value, str) else value
        out = [(int(s), int(e)) for s, e in spans]
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"paragraph {paragraph_id}: spans {value!r} are not [[s,e],...] ({exc})"
        ) from None
    if not out:
        raise ValueError(f"paragraph {paragraph_id}: empty spans")
    return out


def _duplicate_ranges(quality: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    if len(quality) == 0:
        return out
    dup = quality[quality["issue"].astype(str) == "duplicate_passage"]
    for sf, s, e in zip(dup["source_file"], dup["char_start"], dup["char_end"], strict=True):
        out.setdefault(str(sf), []).append((int(s), int(e)))
    return out


def code_paragraphs(
    paragraphs: Any,
    texts: Any,
    duplicates: dict[str, list[tuple[int, int]]],
    codebook: Codebook | None = None,
    *,
    all_hits: bool = False,
) -> list[dict[str, Any]]:
    """The rows of :func:`code_corpus` for plain paragraph records (no DataFrames needed).

    Parameters
    ----------
    paragraphs : iterable of (source_file, report_id, paragraph_id, place, spans)
        ``spans`` as JSON ``[[s,e],...]`` or a list of pairs.
    texts : mapping
        source_file → decoded text.
    duplicates : dict
        source_file → ``(char_start, char_end)`` of misplaced duplicate passages.
    codebook : Codebook, optional
    all_hits : bool
        Every hit instead of one row per (paragraph, code).

    Returns
    -------
    list of dict
        Rows with the keys of :data:`MECHANISM_COLUMNS`, in paragraph order. The
        overlap with duplicate passages is tested by bisection, so the cost is
        O(hits · log ranges).

    Examples
    --------
    >>> text = "代表通过志愿服务联系选民。"
    >>> rows = code_paragraphs([("a", "r", "r.p01", "X", [[0, 13]])], {"a": text}, {"a": [(4, 6)]})
    >>> [(r["code"], r["duplicate"]) for r in rows]
    [('volunteer_service', True)]
    """
    import pandas as pd

    cb = codebook if codebook is not None else load_codebook()
    code_rank = {c: i for i, c in enumerate(cb.code_names)}
    tests = {sf: _overlaps(r) for sf, r in duplicates.items()}
    rows: list[dict[str, Any]] = []
    for sf, rid, pid, place, spans in paragraphs:
        sf = str(sf)
        if sf not in texts:
            raise ValueError(f"paragraph {pid}: source_file {sf!r} not in corpus.texts")
        jt = JoinedText(texts[sf], _parse_spans(spans, str(pid)))
        in_dup = tests.get(sf)
        place_s = (
            "" if place is None or (not isinstance(place, str) and pd.isna(place)) else str(place)
        )
        para_rows: list[dict[str, Any]] = []
        for h in code_text(jt.text, cb):
            ev, es, ee = jt.evidence(h.sentence_start, h.sentence_end)
            cue, cs, ce = jt.evidence(h.start, h.end)
            para_rows.append(
                {
                    "source_file": sf,
                    "report_id": str(rid),
                    "paragraph_id": str(pid),
                    "place": place_s,
                    "code": h.code,
                    "family": h.family,
                    "evidence": ev,
                    "char_start": es,
                    "char_end": ee,
                    "rule": h.rule,
                    "duplicate": in_dup is not None and in_dup(cs, ce),
                    "cue_text": cue,
                    "cue_start": cs,
                    "cue_end": ce,
                    "n_hits": 1,
                }
            )
        if all_hits:
            rows.extend(para_rows)
            continue
        best: dict[str, dict[str, Any]] = {}
        counts: dict[str, int] = {}
        for r in para_rows:  # text order: first non-duplicate hit wins
            counts[r["code"]] = counts.get(r["code"], 0) + 1
            cur = best.get(r["code"])
            if cur is None or (cur["duplicate"] and not r["duplicate"]):
                best[r["code"]] = r
        for code, r in sorted(best.items(), key=lambda kv: (kv[1]["cue_start"], code_rank[kv[0]])):
            rows.append({**r, "n_hits": counts[code]})
    return rows


#: Paragraph flag of a section that states plans (``下一步`` …): it describes no practice.
PLAN_SECTION_FLAG = "plan_section"


def is_codable(flags: Any) -> bool:
    """False for a paragraph whose ``flags`` (``;``-joined) mark a plan section.

    The codebook codes mechanisms as practised; the build and :func:`code_corpus`
    both skip such paragraphs.

    >>> is_codable("joined_across_break"), is_codable("plan_section;x"), is_codable(None)
    (True, False, True)
    """
    if flags is None or (isinstance(flags, float) and flags != flags):
        return True
    return PLAN_SECTION_FLAG not in str(flags).split(";")


def code_corpus(
    corpus: Any, codebook: Codebook | None = None, *, all_hits: bool = False
) -> pd.DataFrame:
    """Code every paragraph of *corpus*: the ``mechanisms`` table.

    Parameters
    ----------
    corpus : object
        With attributes ``paragraphs`` (DataFrame: source_file, report_id,
        paragraph_id, place, spans as JSON ``[[s,e],...]``), ``texts``
        (source_file → decoded text) and ``quality`` (DataFrame: source_file,
        issue, char_start, char_end; ``issue == "duplicate_passage"`` rows mark
        the misplaced copy of a passage). Paragraphs whose ``flags`` mark a
        plan section are not coded (:func:`is_codable`), as in the build.
    codebook : Codebook, optional
        Default: the shipped codebook.
    all_hits : bool
        If True, return every hit instead of one row per (paragraph, code).

    Returns
    -------
    DataFrame
        :data:`MECHANISM_COLUMNS`. ``evidence`` is the sentence holding the
        cue, ``char_start``/``char_end`` its source offsets
        (``texts[source_file][char_start:char_end] == evidence``);
        ``cue_text``/``cue_start``/``cue_end`` the cue match itself; ``rule``
        is ``<code>:<cue id>``. ``duplicate`` is True when the cue lies in a
        misplaced duplicate passage (and, for one row per code, when every
        hit of that code in the paragraph does). One row per (paragraph,
        code): the first non-duplicate hit, ``n_hits`` counts all hits.

    Examples
    --------
    >>> import types, pandas as pd
    >>> text = "## 某县\\n\\n代表通过志愿\\n\\n服务联系选民。"
    >>> paras = pd.DataFrame({"source_file": ["a.txt"], "report_id": ["a#r01"],
    ...     "paragraph_id": ["a#r01.p01"], "place": ["某县"],
    ...     "spans": ["[[7, 13], [15, 22]]"], "flags": [""]})
    >>> quality = pd.DataFrame(columns=["source_file", "report_id", "issue", "char_start", "char_end"])
    >>> corpus = types.SimpleNamespace(paragraphs=paras, texts={"a.txt": text}, quality=quality)
    >>> m = code_corpus(corpus)
    >>> m[["code", "rule", "evidence", "cue_text"]].to_dict("records")
    [{'code': 'volunteer_service', 'rule': 'volunteer_service:volunteer', 'evidence': '代表通过志愿\\n\\n服务联系选民。', 'cue_text': '志愿'}]
    >>> text[m.char_start[0]:m.char_end[0]] == m.evidence[0]
    True
    """
    cb = codebook if codebook is not None else load_codebook()
    for attr in ("paragraphs", "texts", "quality"):
        if not hasattr(corpus, attr):
            raise TypeError(f"corpus has no attribute {attr!r}")
    paras = corpus.paragraphs
    _require(paras, "paragraphs", ["source_file", "report_id", "paragraph_id", "place", "spans"])
    _require(corpus.quality, "quality", ["source_file", "issue", "char_start", "char_end"])
    cols = ["source_file", "report_id", "paragraph_id", "place", "spans"]
    if "flags" in paras.columns:  # the same veto as the build: plan sections are not coded
        paras = paras[[is_codable(f) for f in paras["flags"]]]
    rows = code_paragraphs(
        zip(*(paras[c] for c in cols), strict=True),
        corpus.texts,
        _duplicate_ranges(corpus.quality),
        cb,
        all_hits=all_hits,
    )
    return mechanisms_frame(rows)


def mechanisms_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The ``mechanisms`` DataFrame (:data:`MECHANISM_COLUMNS`, typed) of rows from :func:`code_paragraphs`.

    >>> mechanisms_frame([]).columns[:3].tolist()
    ['source_file', 'report_id', 'paragraph_id']
    """
    import pandas as pd

    out = pd.DataFrame(list(rows), columns=MECHANISM_COLUMNS)
    for c in ("char_start", "char_end", "cue_start", "cue_end", "n_hits"):
        out[c] = out[c].astype("int64")
    out["duplicate"] = out["duplicate"].astype(bool)
    return out


def paragraph_codes(mechanisms: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Every paragraph with its codes, so uncoded paragraphs stay visible.

    Returns
    -------
    DataFrame
        One row per paragraph (in *paragraphs* order): source_file, report_id,
        paragraph_id, place, ``codes`` (';'-joined, non-duplicate, '' when
        none), ``n_codes``, ``duplicate_codes`` (codes found only in a
        misplaced duplicate passage).

    Examples
    --------
    >>> import pandas as pd
    >>> paras = pd.DataFrame({"source_file": ["a", "a"], "report_id": ["r", "r"],
    ...     "paragraph_id": ["r.p01", "r.p02"], "place": ["X", "X"]})
    >>> mech = pd.DataFrame({"paragraph_id": ["r.p02"], "code": ["special_inquiry"],
    ...     "duplicate": [False]})
    >>> paragraph_codes(mech, paras)[["paragraph_id", "codes", "n_codes"]].to_dict("records")
    [{'paragraph_id': 'r.p01', 'codes': '', 'n_codes': 0}, {'paragraph_id': 'r.p02', 'codes': 'special_inquiry', 'n_codes': 1}]
    """
    for name, df, cols in (
        ("mechanisms", mechanisms, ["paragraph_id", "code", "duplicate"]),
        ("paragraphs", paragraphs, ["source_file", "report_id", "paragraph_id", "place"]),
    ):
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ValueError(f"{name} lacks columns: {', '.join(missing)}")
    codes: dict[str, list[str]] = {}
    dcodes: dict[str, list[str]] = {}
    for pid, code, dup in zip(
        mechanisms["paragraph_id"], mechanisms["code"], mechanisms["duplicate"], strict=True
    ):
        target = dcodes if bool(dup) else codes
        lst = target.setdefault(str(pid), [])
        if code not in lst:
            lst.append(str(code))
    out = paragraphs[["source_file", "report_id", "paragraph_id", "place"]].copy()
    pids = [str(p) for p in out["paragraph_id"]]
    out["codes"] = [";".join(codes.get(p, [])) for p in pids]
    out["n_codes"] = [len(codes.get(p, [])) for p in pids]
    out["duplicate_codes"] = [
        ";".join(c for c in dcodes.get(p, []) if c not in codes.get(p, [])) for p in pids
    ]
    return out.reset_index(drop=True)


def place_mechanisms(
    mechanisms: pd.DataFrame,
    places: Sequence[str] | None = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Place × code matrix (0/1), every codebook code a column, duplicates excluded.

    Parameters
    ----------
    mechanisms : DataFrame
        The mechanisms table (needs place, code, duplicate).
    places : sequence of str, optional
        Rows, in this order. Places without any hit get a row of zeros; rows
        of *mechanisms* whose place is not listed (e.g. photo captions about
        another place) are left out. Default: every place in *mechanisms*,
        sorted; then an empty place is an error.
    codebook : Codebook, optional

    Examples
    --------
    >>> import pandas as pd
    >>> mech = pd.DataFrame({"place": ["A", "A", "B"], "duplicate": [False, True, False],
    ...     "code": ["special_inquiry", "liaison_station", "special_inquiry"]})
    >>> pm = place_mechanisms(mech, places=["A", "B", "C"])
    >>> pm[["special_inquiry", "liaison_station"]].to_dict("index")
    {'A': {'special_inquiry': 1, 'liaison_station': 0}, 'B': {'special_inquiry': 1, 'liaison_station': 0}, 'C': {'special_inquiry': 0, 'liaison_station': 0}}
    """
    import pandas as pd

    cb = codebook if codebook is not None else load_codebook()
    missing = [c for c in ("place", "code", "duplicate") if c not in mechanisms.columns]
    if missing:
        raise ValueError(f"mechanisms lacks columns: {', '.join(missing)}")
    unknown = sorted(set(mechanisms["code"].astype(str).unique()) - set(cb.code_names))
    if unknown:
        raise ValueError(f"mechanisms has codes not in the codebook: {', '.join(unknown)}")
    keep = ~mechanisms["duplicate"].astype(bool).to_numpy()
    m = mechanisms[["place", "code"] + (["paragraph_id"] if "paragraph_id" in mechanisms else [])]
    m = m[keep]  # only the columns used: a boolean take of every column costs
    place_col = m["place"].fillna("").astype(str)
    if places is None:
        if (place_col == "").any():
            bad = m.loc[place_col == "", "paragraph_id"] if "paragraph_id" in m else []
            raise ValueError(
                "mechanisms rows without a place (pass places= to choose rows): "
                + ", ".join(map(str, list(bad)[:5]))
            )
        rows = sorted(set(place_col))
    else:
        rows = [str(p) for p in places]
        if len(set(rows)) != len(rows):
            raise ValueError("places contains duplicates")
    import numpy as np

    cells = np.zeros((len(rows), len(cb.code_names)), dtype="int64")
    r = pd.Index(rows).get_indexer(place_col)  # -1: a place not among the rows
    c = pd.Index(list(cb.code_names)).get_indexer(m["code"].astype(str))
    cells[r[r >= 0], c[r >= 0]] = 1
    out = pd.DataFrame(cells, index=pd.Index(rows, name="place"), columns=list(cb.code_names))
    out.columns.name = "code"
    return out


def family_counts(place_mechanisms: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Number of codes present per place and family, plus ``total``.

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"special_inquiry": [1, 0], "satisfaction_vote": [1, 0],
    ...     "liaison_station": [1, 1]}, index=pd.Index(["A", "B"], name="place"))
    >>> fc = family_counts(pm)
    >>> fc[["contact", "oversight", "total"]].to_dict("index")
    {'A': {'contact': 1, 'oversight': 2, 'total': 3}, 'B': {'contact': 1, 'oversight': 0, 'total': 1}}
    """
    import pandas as pd

    cb = codebook if codebook is not None else load_codebook()
    unknown = [c for c in place_mechanisms.columns if c not in cb]
    if unknown:
        raise ValueError(
            f"place_mechanisms has columns not in the codebook: {', '.join(map(str, unknown))}"
        )
    out = pd.DataFrame(index=place_mechanisms.index)
    for fam in cb.families:
        cols = [c for c in cb.codes_in(fam) if c in place_mechanisms.columns]
        out[fam] = place_mechanisms[cols].astype("int64").sum(axis=1) if cols else 0
    out["total"] = out[list(cb.families)].sum(axis=1)
    return out.astype("int64")
