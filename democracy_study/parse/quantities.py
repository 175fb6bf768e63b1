"""Find number expressions in Chinese report text and classify them.

:func:`find_quantities` scans a text (normally the normalised joined text of
one paragraph) with regular expressions compiled once at import, and returns
one :class:`Quantity` per number expression: value (money in yuan, shares in
per cent), range maximum, measure word, qualifier, kind, indicator, and the
exact evidence substring with its offsets. :func:`extract_quantities` returns
the same as a :class:`pandas.DataFrame`.

Word lists, qualifier cues, slogan rules and the noun → indicator mapping
live in ``data/units.yaml`` and ``data/indicators.yaml``; this module holds
only the logic.

Kinds: ``count``, ``money`` and ``percent`` are facts about results;
``duration``, ``date``, ``ordinal``, ``rule`` (a number inside a procedure,
``每年选取…前10个部门``) and ``name`` (``12345热线``, slogans such as
``四个聚焦`` or ``一站一码``) are not, and get an empty indicator.

Qualifiers: ``exact``; ``over`` (``余``, ``多``, ``十几``: the value is a lower
bound); ``at_least`` (``以上``, ``超``, ``超过``, ``逾``); ``nearly`` (``近``,
``将近``); ``approx`` (``约``, ``左右``, ``上千``); ``at_most``
(``以下``, ``不超过``, ``小于``: the value is an upper bound); ``range``
(value = low end, value_max = high end; ``数十``, ``几百`` and ``数万`` name a first
digit from 2 to 9, the range 20 to 90, 200 to 900, 20,000 to 90,000).

Examples
--------
>>> [(q.value, q.unit, q.qualifier, q.kind) for q in find_quantities("联系服务选民1万余人")]
[(10000.0, '人', 'over', 'count')]
>>> q = find_quantities("募集捐款超\\n\\n150万元")[0]
>>> q.value, q.unit, q.qualifier, q.indicator, q.evidence
(1500000.0, '元', 'at_least', 'funds_cny', '超\\n\\n150万元')
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import astuple, dataclass, replace
from typing import TYPE_CHECKING

from democracy_study.parse import nonfacts as _nonfacts
from democracy_study.parse import semantics as _semantics
from democracy_study.parse._qlex import (  # the lexicon and number-blob parsing
    _BARE_UNIT_RE,
    _BIG_AHEAD_RE,
    _DIGIT_ENTITY_RE,
    _DIGIT_OR_ENTITY_RE,
    _FINANCIAL_TO_PLAIN,
    _FRACTION_RE,
    _INVISIBLE,
    _LEX,
    _LIST_COMMA_RE,
    _LONG_DIGITS_RE,
    _MAX_DIGITS,
    _MINUS_SIGNS,
    _MIXED_RE,
    _MIXED_SLASH_RE,
    _NUM_RE,
    _SIGN_RE,
    _SLASH_FRACTION_RE,
    _SLASH_RE,
    _SPECIAL_RE,
    _SPLIT_DIGITS_RE,
    _TENTHS_TAIL_RE,
    _YEAR_AHEAD_RE,
    _clean_float,
    _is_chinese_numeral,
    _parse_blob,
    _Spans,
    _spans,
)
from democracy_study.parse.numerals import parse_approximate
from democracy_study.text import normalize

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "FACT_KINDS",
    "INDICATORS",
    "KINDS",
    "QUALIFIERS",
    "QUANTITY_COLUMNS",
    "Quantity",
    "extract_quantities",
    "find_numerals",
    "find_quantities",
    "number_notes",
]

#: Columns of :func:`extract_quantities`, in order.
QUANTITY_COLUMNS = [
    "value",
    "value_max",
    "unit",
    "qualifier",
    "kind",
    "indicator",
    "evidence",
    "char_start",
    "char_end",
    "counted",
    "actor",
    "action",
    "scope",
    "period",
    "channel",
    "part_of",
    "rate_of_index",
    "rate_of",
    "value_low",
    "value_high",
]
#: Allowed qualifiers.
QUALIFIERS = ("exact", "over", "at_least", "nearly", "approx", "at_most", "range")
#: Allowed kinds.
KINDS = (
    "count",
    "money",
    "percent",
    "duration",
    "date",
    "ordinal",
    "rule",
    "plan",
    "name",
    "identifier",
    "furniture",
)
#: Kinds that are facts about results (the only kinds with an indicator).
FACT_KINDS = ("count", "money", "percent")
#: Indicator vocabulary (``indicators`` of data/indicators.yaml; issue 11).
INDICATORS = _semantics.INDICATORS


@dataclass(frozen=True)
class Quantity:
    """One number expression found in a text.

    Attributes
    ----------
    value : float
        The number (money in yuan, percentages in per cent; the low end of a
        range; the bound the text states for over/at_least/nearly/at_most).
    value_max : float or None
        High end of a range, else None.
    unit : str
        Measure word as written, simplified (``人次``, ``件``, ``%``; ``元`` for
        money whatever the multiplier); ``""`` if none.
    qualifier : str
        One of :data:`QUALIFIERS`.
    kind : str
        One of :data:`KINDS`.
    indicator : str
        One of :data:`INDICATORS` for fact kinds, ``""`` otherwise.
    evidence : str
        ``text[start:end]``, exactly as given (whitespace and breaks included).
    start, end : int
        Offsets into the text passed to :func:`find_quantities`.
    counted, actor, action, scope, period, channel : str
        Semantic slots of the sentence (:mod:`~democracy_study.parse.semantics`).
    part_of, rate_of_index : int or None
        Index (in the same list) of the total this figure is part of / of the
        figure a percentage is a rate of.
    rate_of : str
        For a rate of no written figure, the noun it is a rate of.
    value_low, value_high : float or None
        Interval of the figure (:func:`~democracy_study.parse.intervals.qualifier_interval`).
    """

    value: float
    value_max: float | None
    unit: str
    qualifier: str
    kind: str
    indicator: str
    evidence: str
    start: int
    end: int
    counted: str = ""
    actor: str = ""
    action: str = ""
    scope: str = ""
    period: str = ""
    channel: str = ""
    part_of: int | None = None
    rate_of_index: int | None = None
    rate_of: str = ""
    value_low: float | None = None
    value_high: float | None = None


# ---------------------------------------------------------------------------
# Main scanner
# ---------------------------------------------------------------------------


def _scan_text(text: str) -> str:
    return _prepare(text).scan


@dataclass(frozen=True)
class _Prepared:
    """The scan form of a text (same length) and what preparing it noticed."""

    scan: str
    moved: frozenset[int]  #: blanked positions that belong to the number before them
    splits: tuple[int, ...]  #: break positions a number must not cross
    notes: tuple[tuple[str, str, int, int], ...]


def _prepare(text: str, breaks: Sequence[int] = ()) -> _Prepared:
    """Normalise *text* for scanning, keeping its length (offsets index *text*).

    Digits split by invisible characters or numeric character references are
    moved together and the freed positions blanked (``moved``); other
    invisible characters become spaces; minus signs become ``-``; digit runs
    too long to be numbers are masked. Each change to a number is a note.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_quantities expects a str, got {type(text).__name__}")
    scan = normalize(text)
    chars: list[str] | None = None
    moved: set[int] = set()
    notes: list[tuple[str, str, int, int]] = []
    if "，" in text:
        # A full-width comma after an ASCII digit separates list items (3，5个);
        # keep it out of the number pattern. Same length, so offsets hold.
        chars = list(scan)
        for m in _LIST_COMMA_RE.finditer(text):
            chars[m.start()] = "，"
    if _SPECIAL_RE.search(scan):
        chars = chars if chars is not None else list(scan)
        cur = "".join(chars)
        for m in _DIGIT_ENTITY_RE.finditer(cur):
            digits = "".join(
                g if g.isdigit() else chr(int(g[3:-1], 16) if g[2] in "xX" else int(g[2:-1]))
                for g in _DIGIT_OR_ENTITY_RE.findall(m.group())
            )
            _compact(chars, moved, m.start(), m.end(), digits)
            notes.append(
                (
                    "html_remnant",
                    f"numeric HTML character references inside a number, read as {digits}",
                    m.start(),
                    m.end(),
                )
            )
        cur = "".join(chars)
        for m in _SPLIT_DIGITS_RE.finditer(cur):
            digits = "".join(ch for ch in m.group() if ch.isdigit())
            hidden = ", ".join(
                f"U+{ord(c):04X}" for c in dict.fromkeys(m.group()) if not c.isdigit()
            )
            _compact(chars, moved, m.start(), m.end(), digits)
            notes.append(
                (
                    "number_hidden_character",
                    f"invisible or narrow space character(s) {hidden} inside the number {digits}: "
                    "skipped",
                    m.start(),
                    m.end(),
                )
            )
        for i, ch in enumerate(chars):
            if ch in _INVISIBLE:
                chars[i] = " "
            elif ch in _MINUS_SIGNS:
                chars[i] = "-"
    if len(scan) > _MAX_DIGITS:
        cur = "".join(chars) if chars is not None else scan
        for m in _LONG_DIGITS_RE.finditer(cur):
            chars = chars if chars is not None else list(scan)
            chars[m.start() : m.end()] = "X" * (m.end() - m.start())
            notes.append(
                (
                    "number_unreadable",
                    f"a run of {m.end() - m.start()} digits is not a readable number: left out",
                    m.start(),
                    m.end(),
                )
            )
    if chars is not None:
        scan = "".join(chars)
    splits = []
    runs: dict[tuple[int, int], list[str]] = {}  # one note per digit run, however many breaks
    for b in sorted(set(breaks)):
        if 0 < b < len(scan) and scan[b - 1].isdigit() and scan[b].isdigit():
            lo, hi = b - 1, b + 1
            while lo > 0 and scan[lo - 1].isdigit():
                lo -= 1
            while hi < len(scan) and scan[hi].isdigit():
                hi += 1
            left, right = scan[lo:b][-40:], scan[b:hi][:40]
            if _YEAR_AHEAD_RE.match(scan, b):
                splits.append(b)
                what = f"read as two numbers ({left} | {right}): the next line starts with a year"
            else:
                what = f"read as one number {left}{right}; check the source"
            runs.setdefault((lo, hi), []).append(what)
    for (lo, hi), whats in runs.items():
        notes.append(
            (
                "number_at_break",
                "digits on both sides of a line or page break " + "; ".join(dict.fromkeys(whats)),
                lo,
                hi,
            )
        )
    return _Prepared(scan, frozenset(moved), tuple(splits), tuple(notes))


def _compact(chars: list[str], moved: set[int], s: int, e: int, digits: str) -> None:
    """Write *digits* at ``chars[s:]`` and blank the rest of ``chars[s:e]`` (same length)."""
    k = s + len(digits)
    chars[s:k] = list(digits)
    chars[k:e] = [" "] * (e - k)
    moved.update(range(k, e))


def number_notes(text: str, breaks: Sequence[int] = ()) -> list[tuple[str, str, int, int]]:
    """What :func:`find_quantities` did to numbers that were not written cleanly.

    Returns ``(issue, detail, start, end)`` with offsets into *text*, for the
    ``quality`` table: ``number_at_break`` (digits on both sides of a removed
    line break), ``number_hidden_character`` (zero-width or narrow spaces
    skipped), ``html_remnant`` (numeric character references read as digits),
    ``number_unreadable`` (a digit run too long to be a number).

    Examples
    --------
    >>> [(i, s, e) for i, _, s, e in number_notes("选民3\u200b00人")]
    [('number_hidden_character', 2, 6)]
    >>> number_notes("选民3002024年", breaks=[5])[0][1]
    'digits on both sides of a line or page break read as two numbers (300 | 2024): the next line starts with a year'
    """
    return list(_prepare(text, breaks).notes)


def _next_number(scan: str, pos: int, splits: tuple[int, ...]) -> tuple[int, int] | None:
    """Span of the next number at or after *pos*, never crossing a split break."""
    m = _NUM_RE.search(scan, pos)
    span = m.span() if m else None
    if splits:
        k = bisect.bisect_left(splits, pos)
        if k < len(splits) and (span is None or splits[k] < span[0]):
            b = splits[k]  # the regex's look-behind sees the digit before the break: match here
            m2 = _NUM_RE.match(scan[b : b + 4096])
            if m2:
                span = (b, b + m2.end())
        if span is not None:
            k = bisect.bisect_right(splits, span[0])
            if k < len(splits) and splits[k] < span[1]:
                span = (span[0], splits[k])
    return span


def _slash_fraction(scan: str, s: int, e: int) -> tuple[int, float] | None:
    """``a/b`` of ASCII integers (not a date ``2024/1/3``): ``(end, a / b)``."""
    if not scan[s:e].isdigit() or (s > 0 and scan[s - 1] in "/."):
        return None
    m = _SLASH_FRACTION_RE.match(scan, e)
    if not m or int(m.group(1)) == 0:
        return None
    return m.end(), int(scan[s:e]) / int(m.group(1))


def _finish(q: Quantity, text: str, scan: str, prep: _Prepared, fraction: bool) -> Quantity:
    """Stretch the evidence over blanked characters of the number; a bare fraction is a share."""
    end = q.end
    while end in prep.moved:
        end += 1
    if fraction and q.kind == "count" and q.unit == "":
        q = replace(q, value=_clean_float(100.0 * q.value), unit="%", kind="percent")
    if end != q.end:
        q = replace(q, evidence=text[q.start : end], end=end)
    return q


def _prefix(scan: str, s: int) -> tuple[str, int]:
    """Qualifier word directly before position *s*: (qualifier, new start)."""
    lo = max(0, s - 12)
    m = _LEX.prefix_re.search(scan, lo, s)
    if m:
        return m.lastgroup or "exact", m.start()
    return "exact", s


def _unit_at(scan: str, i: int) -> tuple[str, str, int] | None:
    m = _LEX.unit_re.match(scan, i)
    if not m:
        return None
    word = "".join(m.group(0).split())
    return word, _LEX.unit_class[word], m.end()


def _windows(scan: str, s: int, e: int, prev_end: int) -> tuple[str, str]:
    w = _LEX.window
    lo = max(prev_end, s - w, 0)
    before = scan[lo:s]
    m = _LEX.last_delim_re.search(before)
    if m:
        before = before[m.start() + 1 :]
    after = scan[e : e + w]
    m = _LEX.delim_re.search(after)
    if m:
        after = after[: m.start()]
    return before, after


def find_quantities(text: str, breaks: Sequence[int] = ()) -> list[Quantity]:
    """Find and classify every number expression in *text*.

    Parameters
    ----------
    text : str
        Normally ``JoinedText.normalized`` of one paragraph; raw text with
        full-width digits, traditional characters and line breaks also works
        (it is normalised internally, length-preserving).
    breaks : sequence of int
        Positions in *text* where a line or page break was removed
        (``JoinedText.breaks()``). Digits on both sides of one are read as one
        number unless the next piece starts with a year (``2024年``);
        :func:`number_notes` lists every such place for the ``quality`` table.

    Zero-width characters and narrow/thin spaces inside a number are skipped
    (``3\u200b00人`` is 300 人), U+2212 and full-width minus signs are minus
    signs, numeric character references of digits (``&#51;&#48;0人``) are read
    as digits, ``a/b`` is one fraction (a percentage, like ``b分之a``), and a
    run of more than 300 digits is not a number; :func:`number_notes` says so.
    Evidence is always the original text: ``text[q.start:q.end] == q.evidence``.

    Returns
    -------
    list of Quantity
        In text order; ``text[q.start:q.end] == q.evidence``.

    Raises
    ------
    TypeError
        If *text* is not a str.

    Examples
    --------
    >>> for q in find_quantities("开展活动２３０余次，帮扶1500人，占比百分之三十"):
    ...     print(q.value, q.unit, q.qualifier, q.kind, q.indicator)
    230.0 次 over count activities
    1500.0 人 exact count people_helped
    30.0 % exact percent other
    >>> [(q.value, q.value_max, q.kind) for q in find_quantities("每月选取1至2件")]
    [(1.0, 2.0, 'rule')]
    >>> [(q.evidence, q.kind) for q in find_quantities("推行“一站一码”，统一规划")]
    [('一站一码', 'name')]
    """
    prep = _prepare(text, breaks)
    scan = prep.scan
    plain = scan.translate(_FINANCIAL_TO_PLAIN)
    stops = _spans(_LEX.non_number_re, plain)
    skips = _spans(_LEX.skip_re, scan)
    titles = _spans(_LEX.title_re, scan)
    quotes = _spans(_LEX.quote_re, scan)
    named: list[tuple[int, int]] = []
    for rx in (_LEX.name_word_re, _LEX.slogan_re):
        named.extend(m.span() for m in rx.finditer(plain))
    named.sort()
    merged: list[tuple[int, int]] = []
    for s, e in named:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    names = _Spans(merged)

    out: list[Quantity] = []
    for s, e in merged:
        m = _NUM_RE.search(plain, s, e)
        got = _parse_blob(plain, m.start(), m.end(), shrink=True) if m else None
        value = got[1] if got else _LEX.slogan_values.get(plain[s], math.nan)
        out.append(Quantity(value, None, "", "exact", "name", "", text[s:e], s, e))

    pos, prev_end, n = 0, 0, len(scan)
    while pos < n:
        found = _next_number(scan, pos, prep.splits)
        if found is None:
            break
        s, e = found
        span = names.containing(s) or skips.containing(s)
        if span:
            pos = span[1]
            continue
        got = _parse_blob(scan, s, e, shrink=False)
        if got is None:
            pos = e
            continue
        e, value, inside = got
        slash = _slash_fraction(scan, s, e)
        if slash is not None:
            e, value = slash
        q = _classify(text, scan, s, e, value, inside, stops, titles, quotes, prev_end)
        if q is None:
            pos = e
            continue
        q = _finish(q, text, scan, prep, slash is not None)
        out.append(q)
        pos = prev_end = q.end
    out.sort(key=lambda q: (q.start, q.end))
    out = _nonfacts.relabel(scan, text, out)  # identifiers, sessions, names, section numbers
    _inherit_list_units(out, scan)
    return _semantics.annotate(scan, out)  # counted, scope, relations, indicator, interval


def _classify(
    text: str,
    scan: str,
    s: int,
    e: int,
    value: float,
    inside: str,
    stops: _Spans,
    titles: _Spans,
    quotes: _Spans,
    prev_end: int,
) -> Quantity | None:
    blob = scan[s:e]
    chinese = _is_chinese_numeral(blob)
    start, end = s, e
    value_max: float | None = None
    unit, cls = "", None
    kind: str | None = None
    sm = _SIGN_RE.search(scan, max(0, s - 3), s)
    if sm and (not chinese or sm.group(0).startswith("负")):
        value, start = -value, sm.start()
    # fraction X分之Y (百分之Y is a percentage) and mixed A又X分之Y
    fm = _FRACTION_RE.match(scan, e)
    if fm:
        m2 = _NUM_RE.match(scan, fm.end())
        got = _parse_blob(scan, m2.start(), m2.end(), shrink=False) if m2 else None
        if got and value != 0:
            num = -got[1] if "负" in fm.group(0) else got[1]
            value, e, end = 100.0 * num / value, got[0], got[0]
            unit, cls, inside = "%", "percent", got[2] if inside == "exact" else inside
            chinese = chinese and _is_chinese_numeral(scan[m2.start() : got[0]])
    # range X至Y
    if cls is None:
        rm = _LEX.range_re.match(scan, e)
        u1 = _unit_at(scan, e)
        if rm is None and u1 and u1[0] == "%":
            rm = _LEX.range_re.match(scan, u1[2])
        if rm:
            m2 = _NUM_RE.match(scan, rm.end())
            got = _parse_blob(scan, m2.start(), m2.end(), shrink=False) if m2 else None
            if got and got[1] > value:
                u2 = _unit_at(scan, got[0])
                if u1 is None or rm.start() == e or (u2 and u2[0] == u1[0]):
                    value_max, end = got[1], got[0]
                    chinese = chinese and _is_chinese_numeral(scan[m2.start() : got[0]])
    # measure word
    if cls is None:
        u = _unit_at(scan, end)
        if u:
            unit, cls, end = u
    # whole expression inside a non-number word (一批, 二次, 十足)? skip
    stop = stops.containing(s)
    if stop and end <= stop[1]:
        return None
    # tenths: 三成, 七成六, 三成半
    if cls == "tenths":
        value *= 10
        if value_max is not None:
            value_max *= 10
        tail = _TENTHS_TAIL_RE.match(scan, end, end + 3)
        if tail and value_max is None:
            d = 5.0 if tail.group(1) == "半" else float(parse_approximate(tail.group(1))[0])
            value += d
            end = tail.end()
        unit, cls = "%", "percent"
    # money multipliers are inside the number; unit stays 元
    # qualifiers
    qual_pre, pre_start = _prefix(scan, start)
    # 几 or 数 standing for the first digit (几十, 数百, 数万) is a digit from 2 to 9: the
    # range [2X, 9X]; 几 for a later digit (十几, 二十几万) is X and some, like 余
    several = blob.lstrip().startswith("几")
    if "几" in blob and inside == "approx":
        inside = "exact" if several else "over"
    if qual_pre == "exact" and _BARE_UNIT_RE.match(blob):
        am = _LEX.approx_before_unit.search(scan, max(0, start - 2), start)
        sm = _LEX.several_before_unit.search(scan, max(0, start - 2), start)
        if sm:
            several, pre_start = True, sm.start()
        elif am:
            qual_pre, pre_start = "approx", am.start()
    sfx = _LEX.suffix_re.match(scan, end)
    qual_suf = "exact"
    if sfx and not (cls is None and sfx.group(0).strip().startswith("多") and chinese):
        qual_suf, end = sfx.lastgroup or "exact", sfx.end()
    if several and value_max is None and value > 0:
        value, value_max = 2 * value, 9 * value
    if value_max is not None:
        qualifier = "range"
    else:
        qualifier = next((q for q in (qual_pre, inside, qual_suf) if q != "exact"), "exact")
    had_prefix = pre_start < start
    start = min(start, pre_start)

    # kind
    before_text = scan[max(0, s - 4) : s]
    whole_clause_before, _ = _windows(scan, start, end, 0)
    in_quote = quotes.containing(s)
    ordinal = bool(_LEX.ordinal_re.search(before_text)) or cls == "ordinal"
    if cls is None and chinese and qualifier == "exact" and not had_prefix and not ordinal:
        return None  # a Chinese numeral with no measure word is not a quantity
    if titles.containing(s) or (not chinese and cls is None and _LEX.name_after_re.match(scan, e)):
        kind = "name"
    elif ordinal:
        kind = "ordinal"
        pre = _LEX.ordinal_re.search(scan, max(0, s - 3), s)
        if pre:
            start = min(start, pre.start())
    elif in_quote and chinese and cls is not None:
        kind = "name"  # a numeral in a short quotation: the quoted name is the evidence
        start, end = in_quote[0] + 1, in_quote[1] - 1
    elif cls == "name":
        kind = "name"
    elif chinese and unit == "个" and (hm := _LEX.slogan_head_re.match(scan, end)):
        kind, end = "name", hm.end()
    elif (rp := _LEX.rule_prefix_re.search(scan, max(0, s - 3), s)) or (
        cls != "date"
        and _LEX.rule_clause_re.search(whole_clause_before)
        and not _nonfacts.is_average(whole_clause_before)
    ):
        kind = "rule"
        if rp:
            start = min(start, rp.start())
    elif cls == "year":
        y = value
        is_year = (
            y == int(y)
            and _LEX.year_range[0] <= y <= _LEX.year_range[1]
            and len("".join(blob.split())) == 4
        )
        kind = "date" if is_year else "duration"
    elif cls == "date":
        limit = _LEX.max_month if unit.startswith("月") else _LEX.max_day
        kind = "date" if value == int(value) and 1 <= value <= limit else "duration"
    elif cls == "duration":
        kind = "duration"
    elif cls == "money":
        kind = "money"
    elif cls == "percent":
        kind = "percent"
    else:  # count measure word, or an Arabic number without one
        kind = "count"
    # a lone 一 with a measure word is an indefinite article (一批, 一个领域)
    if (
        kind == "count"
        and chinese
        and qualifier == "exact"
        and "".join(blob.split()) in ("一", "壹")
    ):
        return None
    if kind == "duration" and (
        dp := _LEX.duration_prefix_re.search(scan, max(0, start - 4), start)
    ):
        start = dp.start()
    if kind in ("name", "ordinal"):
        unit = ""
    indicator = "other" if kind in FACT_KINDS else ""  # set by semantics.annotate
    return Quantity(
        _clean_float(value),
        None if value_max is None else _clean_float(value_max),
        unit,
        qualifier,
        kind,
        indicator,
        text[start:end],
        start,
        end,
    )


def _inherit_list_units(out: list[Quantity], scan: str) -> None:
    """``3、5个`` / ``20、30%``: a bare number before a listed one takes its unit."""
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if q.unit == "" and q.kind == "count" and nxt.kind in ("count", "percent") and nxt.unit:
            gap = scan[q.end : nxt.start]
            if gap.strip() in ("、", ",", "和", "与", "及"):
                out[i] = Quantity(
                    q.value,
                    q.value_max,
                    nxt.unit,
                    q.qualifier,
                    nxt.kind,
                    nxt.indicator,
                    q.evidence,
                    q.start,
                    q.end,
                )


def extract_quantities(text: str) -> pd.DataFrame:
    """Return :func:`find_quantities` as a table with :data:`QUANTITY_COLUMNS`.

    ``char_start``/``char_end`` are offsets into *text*; ``value_max`` is NaN
    when there is no range.

    Examples
    --------
    >>> df = extract_quantities("代表提出建议213条，解决问题196件")
    >>> df[["value", "unit", "indicator"]].values.tolist()
    [[213.0, '条', 'suggestions'], [196.0, '件', 'issues_resolved']]
    >>> list(df.columns) == QUANTITY_COLUMNS
    True
    """
    import pandas as pd

    rows = [astuple(q) for q in find_quantities(text)]
    df = pd.DataFrame(rows, columns=QUANTITY_COLUMNS)
    df["value"] = df["value"].astype("float64")
    df["value_max"] = pd.to_numeric(df["value_max"], errors="coerce").astype("float64")
    df["char_start"] = df["char_start"].astype("int64")
    df["char_end"] = df["char_end"].astype("int64")
    return df


def find_numerals(text: str) -> list[tuple[str, float, int, int]]:
    """Every numeral in *text*, whatever follows it (a plain number recogniser).

    Unlike :func:`find_quantities` this reports bare Chinese numerals too
    (``二``), reads fractions (``三分之一``, ``1/2``, ``十一又十四分之一``) as
    plain numbers and signs (``负``, ``-``), and skips only the words in the
    ``non_numbers`` list. Used for conformance tests against other recognisers.

    Returns
    -------
    list of (evidence, value, start, end)

    Examples
    --------
    >>> find_numerals("一百四十四,二十五分之一百四十四,负三十二")
    [('一百四十四', 144.0, 0, 5), ('二十五分之一百四十四', 5.76, 6, 16), ('负三十二', -32.0, 17, 21)]
    """
    scan = _scan_text(text)
    plain = scan.translate(_FINANCIAL_TO_PLAIN)
    stops = _spans(_LEX.non_number_re, plain)
    out: list[tuple[str, float, int, int]] = []
    pos, n = 0, len(scan)
    while pos < n:
        m = _NUM_RE.search(scan, pos)
        if not m:
            break
        s, e = m.span()
        stop = stops.containing(s)
        if stop:
            pos = stop[1]
            continue
        end = e
        while end > s and scan[end - 1] in "余多" and not _NUM_RE.match(scan, end):
            # trailing 余/多 without a myriad unit after it belongs to the noun
            if _BIG_AHEAD_RE.match(scan, end):
                break
            end -= 1
            end = s + len(scan[s:end].rstrip())
        got = _parse_blob(scan, s, end, shrink=True)
        if got is None:
            pos = e
            continue
        end, value, _ = got
        start = s
        sm = _SIGN_RE.search(scan, max(0, s - 3), s)
        sign = -1.0 if sm else 1.0
        if sm:
            start = sm.start()
        # mixed number / fraction / slash fraction
        whole = None
        mm = _MIXED_RE.match(scan, end)
        if mm:
            m2 = _NUM_RE.match(scan, mm.end())
            g2 = _parse_blob(scan, m2.start(), m2.end(), shrink=True) if m2 else None
            if g2 and _FRACTION_RE.match(scan, g2[0]):
                whole, end, value = value, g2[0], g2[1]
        fm = _FRACTION_RE.match(scan, end)
        sl = _SLASH_RE.match(scan, end, end + 4) if not _chinese_only(scan, s, end) else None
        if fm or sl:
            j = fm.end() if fm else sl.end()
            neg_num = bool(fm and "负" in fm.group(0))
            m3 = _NUM_RE.match(scan, j)
            g3 = _parse_blob(scan, m3.start(), m3.end(), shrink=True) if m3 else None
            if g3 and value != 0:
                num = -g3[1] if neg_num else g3[1]
                value = num / value if fm else value / num if num else value
                end = g3[0]
        elif whole is None:
            ms = _MIXED_SLASH_RE.match(scan, end, end + 20)
            if ms and not _chinese_only(scan, s, end) and float(ms.group(2)) != 0:
                whole = value
                value = float(ms.group(1)) / float(ms.group(2))
                end = ms.end()
        if whole is not None:
            value = whole + value
        value = sign * value
        out.append((text[start:end], _clean_float(value), start, end))
        pos = end
    return out


def _chinese_only(scan: str, s: int, e: int) -> bool:
    """True if ``scan[s:e]`` has no ASCII digit."""
    return _is_chinese_numeral(scan[s:e])
