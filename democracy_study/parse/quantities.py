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

Qualifiers: ``exact``; ``over`` (``余``, ``多``: the value is a lower bound);
``at_least`` (``以上``, ``超``, ``超过``, ``逾``); ``nearly`` (``近``,
``将近``); ``approx`` (``约``, ``左右``, ``上千``, ``几``); ``at_most``
(``以下``, ``不超过``, ``小于``: the value is an upper bound); ``range``
(value = low end, value_max = high end).

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
import functools
import math
import re
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from democracy_study._util import DataFileError, load_yaml
from democracy_study.config import PACKAGE_DATA
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
]
#: Allowed qualifiers.
QUALIFIERS = ("exact", "over", "at_least", "nearly", "approx", "at_most", "range")
#: Allowed kinds.
KINDS = ("count", "money", "percent", "duration", "date", "ordinal", "rule", "name")
#: Kinds that are facts about results (the only kinds with an indicator).
FACT_KINDS = ("count", "money", "percent")
#: Indicator vocabulary (RESEARCH_DESIGN §3).
INDICATORS = (
    "deputies",
    "deputy_visits",
    "voters_reached",
    "people_helped",
    "activities",
    "oversight_actions",
    "opinions_collected",
    "suggestions",
    "issues_received",
    "issues_resolved",
    "disputes_mediated",
    "departments_reviewed",
    "stations",
    "groups",
    "projects",
    "enterprises",
    "investment_cny",
    "funds_cny",
    "income_cny",
    "legislative_suggestions",
    "complaint_change_pct",
    "other",
)


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


# ---------------------------------------------------------------------------
# Lexicon (loaded and compiled once, at import)
# ---------------------------------------------------------------------------

_CD = "零〇一二三四五六七八九两俩壹贰叁肆伍陆柒捌玖"  # digits (normalised script)
_CS = "十拾百佰千仟廿卅卌"  # 廿/卅/卌: contracted 二十/三十/四十
_CB = "万亿兆"
_CJK = "\u4e00-\u9fff"
_AR = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?![A-Za-z\d])"
_NUM_START = (
    rf"(?:{_AR}|(?<![.\d])\.\d+(?![A-Za-z\d])|[{_CD}{_CS}]|参(?=\s*[{_CS}{_CB}])|几(?=\s*[{_CS}]))"
)
_NUM_ELEM = (
    rf"(?:(?<!\d)\s*{_AR}|\s*[{_CD}{_CS}{_CB}几]|\s*[余多](?!\s*[{_CD}\d])"
    rf"|\s*点\s*(?=[{_CD}\d]))"
)
_NUM = rf"(?<![A-Za-z\d])(?<!\d\.){_NUM_START}{_NUM_ELEM}*"
_NUM_RE = re.compile(_NUM)
_SIGN_RE = re.compile(r"(?:(?<![A-Za-z0-9-])-|负)\s*$")
_FRACTION_RE = re.compile(rf"\s*分\s*之\s*(?:负\s*)?(?={_NUM_START})")
_MIXED_RE = re.compile(rf"\s*又\s*(?={_NUM_START})")
_LIST_COMMA_RE = re.compile(r"(?<=[0-9])，")
_TENTHS_TAIL_RE = re.compile(rf"\s*([{_CD}]|半)(?![{_CD}{_CS}])")
_BARE_UNIT_RE = re.compile(f"[{_CS}{_CB}]")
_BIG_AHEAD_RE = re.compile(rf"\s*[{_CB}]")
_SLASH_RE = re.compile(r"\s*/\s*(?=\d)")
_MIXED_SLASH_RE = re.compile(r"\s+(\d+)\s*/\s*(\d+)")
_FINANCIAL_TO_PLAIN = str.maketrans("壹贰叁肆伍柒捌玖拾佰仟", "一二三四五七八九十百千")


def _load_yaml(name: str) -> dict[str, Any]:
    data = load_yaml(PACKAGE_DATA / name, what="quantity lexicon")
    if not isinstance(data, dict):
        raise DataFileError(f"{PACKAGE_DATA / name}: quantity lexicon must be a YAML mapping")
    return data


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _spaced(word: str) -> str:
    """Regex for *word* allowing whitespace between its characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


class _Lexicon:
    """Compiled form of units.yaml and indicators.yaml."""

    def __init__(self, units: dict[str, Any], indicators: dict[str, Any]) -> None:
        self.unit_class: dict[str, str] = {}
        for cls, words in units["measure_words"].items():
            for w in words:
                self.unit_class.setdefault(str(w), cls)
        nfb = {str(k): str(v) for k, v in (units.get("not_followed_by") or {}).items()}
        parts = []
        for w in sorted(self.unit_class, key=lambda w: (-len(w), w)):
            guard = f"(?![{re.escape(nfb[w])}])" if w in nfb else ""
            parts.append(f"(?:{_spaced(w)}){guard}")
        self.unit_re = re.compile(r"\s*(?:" + "|".join(parts) + ")")
        self.year_range = tuple(units["year_range"])
        self.max_month = int(units["max_month"])
        self.max_day = int(units["max_day"])
        q = units["qualifiers"]
        self.prefix_re = re.compile(
            "(?:" + "|".join(f"(?P<{k}>{v})" for k, v in q["prefix"].items()) + r")\s*$"
        )
        self.approx_before_unit = re.compile(f"(?:{q['approx_before_unit']})\\s*$")
        self.suffix_re = re.compile(
            r"\s*(?:" + "|".join(f"(?P<{k}>{v})" for k, v in q["suffix"].items()) + ")"
        )
        self.range_re = re.compile(rf"\s*(?:{units['range_connectors']})\s*(?={_NUM_START})")
        self.ordinal_re = re.compile(units["ordinal_prefix"])
        self.rule_prefix_re = re.compile(units["rule_prefix"])
        self.duration_prefix_re = re.compile(units["duration_prefix"])
        self.rule_clause_re = re.compile(units["rule_clause"])
        delims = units["clause_delimiters"]
        self.delim_re = re.compile(f"[{re.escape(delims)}]")
        self.last_delim_re = re.compile(f"[{re.escape(delims)}][^{re.escape(delims)}]*$")
        self.skip_re = re.compile("|".join(f"(?:{p})" for p in units["skip_patterns"]))
        self.non_number_re = re.compile(_alternation(units["non_numbers"]))
        self.name_word_re = re.compile(_alternation(units["name_words"]))
        sn = re.escape(units["slogan_numerals"])
        k = int(units["slogan_word_max"])
        sx = re.escape(units["slogan_word_excludes"])
        nf = re.escape(units["slogan_word_not_first"])
        self.slogan_re = re.compile(
            rf"(?<![{_CJK}])(?:[{sn}](?![{nf}])[^{sn}{_CS}{_CB}{sx}\W\d]{{1,{k}}}){{2,}}(?![{_CJK}])"
        )
        self.slogan_values = {str(k): float(v) for k, v in units["slogan_numeral_values"].items()}
        self.slogan_head_re = re.compile(_alternation(units["slogan_heads"]))
        qmax = int(units["slogan_quote_max"])
        self.quote_re = re.compile(
            "|".join(
                f"{re.escape(p[0])}[^{re.escape(p)}]{{1,{qmax}}}{re.escape(p[1])}"
                for p in units["quotes"]
            )
        )
        tm = units["title_marks"]
        self.title_re = re.compile(
            f"{re.escape(tm[0])}[^{re.escape(tm)}]{{0,60}}{re.escape(tm[1])}"
        )
        self.name_after_re = re.compile(units["name_after"])
        # indicators
        self.window = int(indicators["window"])
        self.clause_distance = int(indicators["clause_distance"])
        self.rules = []
        for r in indicators["rules"]:
            if r["indicator"] not in INDICATORS:
                raise ValueError(f"indicators.yaml: unknown indicator {r['indicator']!r}")
            self.rules.append(
                (
                    r["indicator"],
                    frozenset(r["kinds"]),
                    frozenset(r["units"]) if r.get("units") else None,
                    re.compile(r["before"]) if r.get("before") else None,
                    re.compile(r["after"]) if r.get("after") else None,
                    re.compile(r["clause"]) if r.get("clause") else None,
                )
            )


_LEX = _Lexicon(_load_yaml("units.yaml"), _load_yaml("indicators.yaml"))


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


class _Spans:
    """Sorted non-overlapping spans with O(log n) lookup."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def containing(self, i: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self.starts, i) - 1
        if k >= 0 and self.spans[k][0] <= i < self.spans[k][1]:
            return self.spans[k]
        return None


def _spans(rx: re.Pattern[str], text: str) -> _Spans:
    return _Spans([m.span() for m in rx.finditer(text)])


@functools.lru_cache(maxsize=8192)
def _parse(blob: str) -> tuple[float, str] | None:
    try:
        v, q = parse_approximate(blob)
    except ValueError:
        return None
    return float(v), q


def _parse_blob(scan: str, s: int, e: int, shrink: bool) -> tuple[int, float, str] | None:
    """Parse ``scan[s:e]``; on failure try shorter prefixes.

    With ``shrink=False`` only the part before a decimal point is retried
    (两百点两 → 两百); otherwise every shorter prefix is tried.
    """
    blob = scan[s:e]
    got = _parse(blob)
    if got:
        return e, *got
    if shrink:
        ends = range(e - 1, s, -1)
    else:
        p = blob.find("点")
        ends = [s + p] if p > 0 else []
    for e2 in ends:
        part = scan[s:e2].rstrip()
        if not part or part[-1] in "点余多几":
            continue
        got = _parse(part)
        if got:
            return s + len(part), *got
    return None


def _is_chinese_numeral(blob: str) -> bool:
    return not any(ch.isdigit() for ch in blob)


def _clean_float(x: float) -> float:
    r = round(x, 10)
    return float(r)


# ---------------------------------------------------------------------------
# Main scanner
# ---------------------------------------------------------------------------


def _scan_text(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"find_quantities expects a str, got {type(text).__name__}")
    scan = normalize(text)
    if "，" in text:
        # A full-width comma after an ASCII digit separates list items (3，5个);
        # keep it out of the number pattern. Same length, so offsets hold.
        chars = list(scan)
        for m in _LIST_COMMA_RE.finditer(text):
            chars[m.start()] = "，"
        scan = "".join(chars)
    return scan


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


def _indicator(kind: str, unit: str, before: str, after: str, clause: str) -> str:
    best: tuple[int, int, str] | None = None
    for order, (ind, kinds, units, brx, arx, crx) in enumerate(_LEX.rules):
        if kind not in kinds or (units is not None and unit not in units):
            continue
        if crx is not None and not crx.search(clause):
            continue
        dist = None
        if brx is not None:
            last = None
            for last in brx.finditer(before):  # noqa: B007
                pass
            if last is not None:
                dist = len(before) - last.end()
        if arx is not None:
            m = arx.search(after)
            if m and (dist is None or m.start() < dist):
                dist = m.start()
        if dist is None and crx is not None and brx is None and arx is None:
            dist = _LEX.clause_distance
        if dist is None:
            continue
        key = (dist, order, ind)
        if best is None or key < best:
            best = key
    return best[2] if best else "other"


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


def find_quantities(text: str) -> list[Quantity]:
    """Find and classify every number expression in *text*.

    Parameters
    ----------
    text : str
        Normally ``JoinedText.normalized`` of one paragraph; raw text with
        full-width digits, traditional characters and line breaks also works
        (it is normalised internally, length-preserving).

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
    scan = _scan_text(text)
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
        m = _NUM_RE.search(scan, pos)
        if not m:
            break
        s, e = m.span()
        span = names.containing(s) or skips.containing(s)
        if span:
            pos = span[1]
            continue
        got = _parse_blob(scan, s, e, shrink=False)
        if got is None:
            pos = e
            continue
        e, value, inside = got
        q = _classify(text, scan, s, e, value, inside, stops, titles, quotes, prev_end)
        if q is None:
            pos = e
            continue
        out.append(q)
        pos = prev_end = q.end
    out.sort(key=lambda q: (q.start, q.end))
    _inherit_list_units(out, scan)
    return out


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
    if qual_pre == "exact" and _BARE_UNIT_RE.match(blob):
        am = _LEX.approx_before_unit.search(scan, max(0, start - 2), start)
        if am:
            qual_pre, pre_start = "approx", am.start()
    sfx = _LEX.suffix_re.match(scan, end)
    qual_suf = "exact"
    if sfx and not (cls is None and sfx.group(0).strip().startswith("多") and chinese):
        qual_suf, end = sfx.lastgroup or "exact", sfx.end()
    if value_max is not None:
        qualifier = "range"
    else:
        qualifier = next((q for q in (qual_pre, inside, qual_suf) if q != "exact"), "exact")
    had_prefix = pre_start < start
    start = min(start, pre_start)

    # kind
    before_text = scan[max(0, s - 4) : s]
    clause_before, after_text = _windows(scan, start, end, prev_end)
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
        cls != "date" and _LEX.rule_clause_re.search(whole_clause_before)
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
    if kind in FACT_KINDS:
        clause = clause_before + scan[s:end] + after_text
        indicator = _indicator(kind, unit, clause_before, after_text, clause)
    else:
        indicator = ""
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
