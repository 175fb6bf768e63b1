"""The quantity lexicon and number-blob parsing (private to :mod:`.quantities`).

Regular expressions for Chinese and Arabic numerals, the compiled form of
``data/units.yaml`` and ``data/indicators.yaml``, and the parsing of one
number blob. Compiled once, at import.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from typing import Any

from democracy_study._util import DataFileError, load_yaml
from democracy_study.config import PACKAGE_DATA
from democracy_study.parse.numerals import parse_approximate

# ---------------------------------------------------------------------------
# Lexicon (loaded and compiled once, at import)
# ---------------------------------------------------------------------------

_CD = "零〇一二三四五六七八九两俩壹贰叁肆伍陆柒捌玖"  # digits (normalised script)
_CS = "十拾百佰千仟廿卅卌"  # 廿/卅/卌: contracted 二十/三十/四十
_CB = "万亿兆"
_CJK = "\u4e00-\u9fff"
_AR = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?![A-Za-z\d])"
_NUM_START = rf"(?:{_AR}|(?<![.\d])\.\d+(?![A-Za-z\d])|[{_CD}{_CS}]|参(?=\s*[{_CS}{_CB}])|几(?=\s*[{_CS}{_CB}])|[万亿](?=\s*[余多])|(?<=[上数近逾超约])[万亿])"
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
_SLASH_FRACTION_RE = re.compile(r"/(\d{1,6})(?![\d./])")
#: Zero-width characters (skipped inside numbers, spaces elsewhere) and narrow/thin spaces.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_NARROW = "\u202f\u2009"
_MINUS_SIGNS = "\u2212\ufe63"
_ENT = r"&#(?:4[89]|5[0-7]);|&#[xX]3[0-9];"
_DIGIT_OR_ENTITY_RE = re.compile(rf"{_ENT}|\d")
_DIGIT_ENTITY_RE = re.compile(rf"(?:\d|{_ENT})*(?:{_ENT})(?:\d|{_ENT})*")
_SPLIT_DIGITS_RE = re.compile(rf"\d+(?:[{_INVISIBLE}{_NARROW}]+\d+)+")
_SPECIAL_RE = re.compile(rf"[{_INVISIBLE}{_NARROW}{_MINUS_SIGNS}]|&#")
#: Longer digit runs are not numbers (a float holds at most 309 digits).
_MAX_DIGITS = 300
_LONG_DIGITS_RE = re.compile(rf"\d{{{_MAX_DIGITS + 1},}}")
_YEAR_AHEAD_RE = re.compile(r"\d{4}\s*年")
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
        self.several_before_unit = re.compile(f"(?:{q['several_before_unit']})\\s*$")
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
        self.window = int(indicators["window"])  # the semantic rules: parse/semantics.py


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
    except (ValueError, OverflowError):
        if blob[:1] in "万亿" and blob[1:].strip()[:1] in ("余", "多", ""):  # 万余, 上万: one 万
            return _parse("一" + blob)
        if blob[:1] == "几" and blob[1:].strip()[:1] in "万亿":  # 几万: some 万
            got = _parse("一" + blob[1:])
            return (got[0], "approx") if got else None
        return None
    try:
        f = float(v)
    except OverflowError:
        return None
    return (f, q) if math.isfinite(f) else None


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
