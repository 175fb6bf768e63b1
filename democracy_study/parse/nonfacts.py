"""Numbers that are not facts: identifiers, session ordinals, names, section numbers.

A report, and even more a saved web page, is full of digits that count
nothing: telephone and fax numbers, postcodes, licence and filing numbers,
web addresses and file names, timestamps, picture sizes, ``7×24小时``,
``5G``, ``3A级``, the session of a congress (``…届人大三次会议`` is the third
session, not three meetings), campaign and method names written with round
numerals (``百名代表…百企``), and the section numbers of a work report
(``一、``, ``（二）``, ``1.``). :func:`nonfact_spans` finds them by their
*shape* and the *words around them* (label words, file extensions, the words
of sessions and campaigns, all in ``data/nonfacts.yaml``), never by a list of
any corpus's strings; :func:`relabel` gives the quantities that
:func:`~democracy_study.parse.quantities.find_quantities` found inside such a
span one non-fact row of kind

- ``identifier``: telephone, fax, postcode, licence/filing number, document
  number, web address, file name or path, timestamp, clock time, size, file
  size, HTML markup pasted into a text;
- ``ordinal``: session ordinals and section numbers;
- ``name``: campaign and method names, ``7×24小时``, ``5G``, ``3A级``;
- ``rule``: thresholds and procedures (``不少于4次``, ``至少…1次``,
  ``每组由1名…``, a ``6+1`` mechanism; issue 18);
- ``furniture``: page furniture in running text: read/like/share counters
  (``阅读 2.1万``, ``点赞 356``) and page-number lines (``— 2 —``).

:func:`furniture_lines` finds the whole lines of page furniture in a pasted
text (counters, follow prompts and QR-code captions, page numbers) so that the
parser can record them and join a word broken across a page-number line.

:func:`is_average` tells the quantity classifier that a clause about an
average per period (``平均每周…30至50人次``) states a result, not a procedure.

Examples
--------
>>> [(t[s:e], k) for t in ["联系电话：0731-8551234，邮编：410300"] for s, e, k, _ in nonfact_spans(t)]
[('0731-8551234', 'identifier'), ('410300', 'identifier')]
>>> t = "县第九届人大二次会议召开"
>>> [(t[s:e], k, why) for s, e, k, why in nonfact_spans(t)]
[('二次', 'ordinal', 'session')]
>>> t = "开展“千名干部联千户”活动"
>>> [(t[s:e], k) for s, e, k, _ in nonfact_spans(t)]
[('千名干部联千户', 'name')]
>>> is_average("平均每月走访"), is_average("每月选取")
(True, False)
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import replace
from typing import Any

from democracy_study._util import load_package_yaml

__all__ = [
    "NONFACT_KINDS",
    "furniture_lines",
    "is_average",
    "is_page_number",
    "nonfact_spans",
    "relabel",
]

#: Kinds :func:`relabel` gives (all of them in ``quantities.KINDS``, none a fact).
NONFACT_KINDS = ("identifier", "ordinal", "name", "date", "rule", "furniture")

_CN = "零〇一二三四五六七八九十两"
_SEP = r"[-－—–]"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, kind, reason), in priority order; group ``x`` (if any) is the span."""
    d = load_package_yaml("nonfacts.yaml")
    ext = _alt(d["file_extensions"])
    dom = _alt(d["domains"])
    cn = "".join(d["campaign_numerals"])
    meas = "".join(d["campaign_measures"])
    block = re.escape(d["campaign_blockers"])
    heads = _alt(d["campaign_heads"])
    tech = "".join(d["technology_suffixes"])
    always = _alt(d["always_on_units"])
    term = _alt(d["term_words"])
    meet_m = _alt(d["meeting_measure"])
    meet = _alt(d["meeting_words"])
    enders = re.escape(d["section_enders"])
    num = rf"[\d{_CN}百千]+"
    counters = _alt(d["counter_words"])
    thresholds = _alt(d["threshold_words"])
    mech = _alt(d["mechanism_heads"])
    rules = [
        # HTML markup pasted into a text file (tags, attributes, entities)
        (r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,300})?/?>|&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,5});", "identifier", "markup"),
        # web addresses, domains, paths and file names
        (r"(?:https?|ftp)://[^\s，。；、“”\"'<>]+|www\.[A-Za-z0-9.-]+(?:/[^\s，。；、“”\"'<>]*)?", "identifier", "url"),
        (rf"(?<![A-Za-z0-9.])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{dom})(?![A-Za-z0-9])(?:/[^\s，。；、“”\"'<>]*)?", "identifier", "url"),
        (rf"(?:[A-Za-z]:[\\/]|\.{{0,2}}/)?(?:[\w\u4e00-\u9fff.-]+[\\/])*[\w\u4e00-\u9fff-]+\.(?:{ext})(?![A-Za-z0-9])(?:\?[^\s，。]*)?", "identifier", "file"),
        (r"(?<![\w])(?:[A-Za-z]:\\|/)(?:[\w\u4e00-\u9fff.-]+[\\/])+[\w\u4e00-\u9fff.-]*", "identifier", "path"),
        # licence, filing and registration numbers; document numbers 〔2025〕3号
        (rf"(?:[\u4e00-\u9fff]{{0,2}})(?:{_alt(d['licence_labels'])})\s*[:：]?\s*(?P<x>[A-Za-z\d]*\d[A-Za-z\d]*(?:\s*号)?(?:\s*{_SEP}\s*\d+)?)", "identifier", "licence"),
        (r"(?P<x>[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*第?\s*\d+\s*号)", "identifier", "document_number"),
        # timestamps, dates written with dashes, clock times
        (r"(?<!\d)(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:[T ]\s*)?(?:[01]?\d|2[0-3])\s*[:：]\s*[0-5]\d(?:\s*[:：]\s*[0-5]\d)?(?!\d)", "identifier", "timestamp"),
        (r"(?<![\d.])(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?![\d.])", "date", "date"),
        (r"(?<![\d:：.])(?:[01]?\d|2[0-3])[:：][0-5]\d(?:[:：][0-5]\d)?(?![\d:：])", "identifier", "clock_time"),
        # telephone, fax, mobile, hotline, postcode
        (rf"(?:{_alt(d['phone_labels'])})\s*[:：]?\s*(?P<x>[(（]?\+?\d(?:[\d ()（）\-－—–/]*?\d){{4,}})(?![\d])", "identifier", "phone"),
        (rf"(?<![\d.])(?:[(（]0\d{{2,3}}[)）]\s*|0\d{{2,3}}\s*{_SEP}\s*)\d{{7,8}}(?:\s*{_SEP}\s*\d{{1,4}})?(?![\d.])", "identifier", "phone"),
        (rf"(?<![\d.])(?:400|800)\s*{_SEP}?\s*\d{{3}}\s*{_SEP}?\s*\d{{4}}(?![\d.])", "identifier", "phone"),
        (r"(?<![\d.])1[3-9]\d{9}(?![\d.])", "identifier", "mobile"),
        (rf"(?:{_alt(d['postcode_labels'])})\s*[:：]?\s*(?P<x>\d{{6}})(?!\d)", "identifier", "postcode"),
        # 7×24小时 is a name; other N×M are sizes
        (rf"(?<![\d.])\d{{1,2}}\s*[×xX*]\s*\d{{1,2}}\s*(?:{always})", "name", "always_on"),
        (r"(?<![\d.])\d+(?:\.\d+)?\s*[×xX*]\s*\d+(?:\.\d+)?(?:\s*[×xX*]\s*\d+(?:\.\d+)?)?(?:\s*(?:px|像素|mm|cm|毫米|厘米))?", "identifier", "size"),
        (rf"(?<![A-Za-z0-9.])\d+(?:\.\d+)?\s*(?:{_alt(d['file_size_units'])})(?![A-Za-z])", "identifier", "file_size"),
        (rf"(?<![A-Za-z0-9.])\d{{1,2}}[{tech}](?![A-Za-z0-9])", "name", "technology"),
        (r"(?<![A-Za-z0-9.])(?:\d[A]|A{2,5})(?=级)", "name", "rating"),
        # a long run of digits with nothing to count is an identifier (ID, account, serial)
        (r"(?<![\d.,])\d{9,}(?![\d.,])", "identifier", "long_number"),
        # page furniture in running text: counters of a read/like bar, page-number lines
        (rf"(?:^|(?<=[\s|丨]))(?:{counters})\s*[:：]?\s*(?P<x>\d+(?:\.\d+)?\s*[万wWkK]?\+?)(?=[\s|丨]|$)", "furniture", "counter"),
        (_PAGE_NUMBER, "furniture", "page_number"),
        # congress sessions: …届…三次会议
        (rf"(?:{term})[^，。；：、,;:\n]{{0,10}}?(?P<x>{num}\s*(?:{meet_m}))\s*(?:{meet})", "ordinal", "session"),
        # campaign and method names with bare round numerals
        (rf"(?<![{block}])(?P<x>[{cn}][{meas}][\u4e00-\u9fff]{{1,5}}?(?<![{block}])[{cn}][{meas}]?[\u4e00-\u9fff]{{0,3}}?)(?=(?:{heads})|[”’」』\"'，。；、,;\s)）]|$)", "name", "campaign"),
        (rf"(?<![{block}])(?P<x>[{cn}][{meas}][\u4e00-\u9fff]{{0,6}}?(?:{heads}))", "name", "campaign"),
        # rules and thresholds: 不少于4次, 至少…1次, 每组由1名…, “6+1工作机制”
        (rf"(?:{thresholds})[^，。；,;\n\d{_CN}]{{0,8}}?(?P<x>[\d{_CN}百千万.]+)", "rule", "threshold"),
        (rf"每[^，。；,;\n]{{0,12}}?由\s*(?P<x>[\d{_CN}]+)\s*(?:名|位|个|人)", "rule", "per_unit"),
        (rf"(?<![\d.])(?P<x>\d+\s*[+＋]\s*\d+)(?=[”’\"']?\s*(?:{mech}))", "rule", "mechanism_name"),
        # section numbers at the start of a line or sentence: 一、 （二） 1. （3）
        (rf"(?:^|(?<=[\n。；;：:!！?？]))[\s#*]*(?P<x>[{_CN}]{{1,3}}[{enders}]|[(（]\s*(?:[{_CN}]{{1,3}}|\d{{1,2}})\s*[)）]|\d{{1,2}}\s*[.．、](?!\d))", "ordinal", "section"),
    ]  # fmt: skip
    return [(re.compile(p), k, why) for p, k, why in rules]


#: A line that is a page number: ``— 2 —``, ``- 12 -``, ``第3页``, ``第3页 共9页``, ``3/9``.
_PAGE_NUMBER = r"(?m)^[ \t\u3000]*(?:[—–\-－]{1,2}[ \t\u3000]*\d{1,4}[ \t\u3000]*[—–\-－]{1,2}|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*共[ \t]*\d{1,4}[ \t]*页)?|\d{1,4}[ \t]*/[ \t]*\d{1,4})[ \t\u3000]*$"
_PAGE_NUMBER_RE = re.compile(_PAGE_NUMBER)


def is_page_number(line: str) -> bool:
    """True if *line* (one line, normalised) is a page number.

    >>> is_page_number("— 2 —"), is_page_number("第3页 共9页"), is_page_number("2个")
    (True, True, False)
    """
    return bool(_PAGE_NUMBER_RE.fullmatch(line.strip("\r\n")))


@functools.lru_cache(maxsize=1)
def _furniture_line_re() -> re.Pattern[str]:
    d = load_package_yaml("nonfacts.yaml")
    counter = rf"(?:{_alt(d['counter_words'])})[ \t\u3000]*[:：]?[ \t\u3000]*\d+(?:\.\d+)?[ \t]*[万wWkK]?\+?"
    prompt = rf"[^\n。！？!?]{{0,20}}(?:{_alt(d['follow_prompts'])})[^\n。！？!?]{{0,20}}"
    return re.compile(
        rf"(?m)^[ \t\u3000]*(?:(?:{counter})(?:[ \t\u3000]+{counter})*|{prompt})[ \t\u3000]*$"
    )


def furniture_lines(text: str) -> list[tuple[int, int, str]]:
    """Whole lines of page furniture in a pasted text: ``(start, end, reason)``.

    Reasons: ``counter`` (a read/like/share bar), ``follow_prompt`` (扫码关注, a
    QR-code caption), ``page_number``. *text* should be normalised.

    >>> t = "正文。\\n— 2 —\\n阅读 2.1万\\n点赞 356  在看 48\\n扫码关注我们\\n"
    >>> [(t[s:e], why) for s, e, why in furniture_lines(t)]
    [('— 2 —', 'page_number'), ('阅读 2.1万', 'counter'), ('点赞 356  在看 48', 'counter'), ('扫码关注我们', 'follow_prompt')]
    """
    out = []
    for m in _PAGE_NUMBER_RE.finditer(text):
        out.append((m.start(), m.end(), "page_number"))
    for m in _furniture_line_re().finditer(text):
        body = m.group().strip()
        if not body:
            continue
        why = (
            "follow_prompt"
            if not re.search(r"\d", body)
            or not re.match(
                rf"(?:{_alt(load_package_yaml('nonfacts.yaml')['counter_words'])})", body
            )
            else "counter"
        )
        out.append((m.start(), m.end(), why))
    trimmed = []
    for s, e, why in sorted(set(out)):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e, why))
    return trimmed


@functools.lru_cache(maxsize=1)
def _average_re() -> re.Pattern[str]:
    return re.compile(_alt(load_package_yaml("nonfacts.yaml")["average_words"]))


def is_average(clause_before: str) -> bool:
    """True if *clause_before* (the clause before a number) speaks of an average per period."""
    return bool(_average_re().search(clause_before))


@functools.lru_cache(maxsize=4096)
def _spans_cached(text: str) -> tuple[tuple[int, int, str, str], ...]:
    taken = bytearray(len(text))
    out: list[tuple[int, int, str, str]] = []
    for rx, kind, why in _rules():
        for m in rx.finditer(text):
            s, e = m.span("x") if "x" in rx.groupindex and m.group("x") is not None else m.span()
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s or any(taken[s:e]):
                continue
            taken[s:e] = b"\x01" * (e - s)
            out.append((s, e, kind, why))
    return tuple(sorted(out))


def nonfact_spans(text: str) -> list[tuple[int, int, str, str]]:
    """Spans of *text* whose numbers are not facts: ``(start, end, kind, reason)``.

    *text* should be normalised (half-width digits; see
    :func:`democracy_study.text.normalize`). Earlier rules win where spans
    overlap (a web address before the numbers in it); spans are sorted.

    >>> t = "网址www.example.gov.cn，发布时间：2025-03-12 10:30，图片1920×1080"
    >>> [(t[s:e], why) for s, e, _, why in nonfact_spans(t)]
    [('www.example.gov.cn', 'url'), ('2025-03-12 10:30', 'timestamp'), ('1920×1080', 'size')]
    >>> t = "一、主要工作\\n（二）强化监督。3.完善机制"
    >>> [t[s:e] for s, e, _, _ in nonfact_spans(t)]
    ['一、', '（二）', '3.']
    """
    return list(_spans_cached(text))


def relabel(scan: str, text: str, quantities: list[Any]) -> list[Any]:
    """Give quantities inside a non-fact span one row of the span's non-fact kind.

    Parameters
    ----------
    scan : str
        The normalised text the quantities were found in (same length as *text*).
    text : str
        The text given to ``find_quantities`` (evidence is cut from it).
    quantities : list of Quantity
        In text order.

    Returns
    -------
    list of Quantity
        Quantities outside every span unchanged; those overlapping a span
        merged into one row per span: the span's kind, no unit, no indicator,
        the first number's value, evidence widened to cover the span and the
        numbers. A campaign name also absorbs a row of kind ``name`` it overlaps.
    """
    spans = nonfact_spans(scan)
    if not spans or not quantities:
        return quantities
    out: list[Any] = []
    groups: dict[int, list[Any]] = {}
    for q in quantities:
        hit = next((k for k, (s, e, _, _) in enumerate(spans) if q.start < e and s < q.end), None)
        if hit is None:
            out.append(q)
        else:
            groups.setdefault(hit, []).append(q)
    for k, qs in groups.items():
        s, e, kind, _ = spans[k]
        s, e = min(s, qs[0].start), max(e, max(q.end for q in qs))
        first = qs[0]
        value = first.value if isinstance(first.value, float) else math.nan
        out.append(
            replace(
                first,
                value=value,
                value_max=None,
                unit="",
                qualifier="exact",
                kind=kind,
                indicator="",
                evidence=text[s:e],
                start=s,
                end=e,
            )
        )
    out.sort(key=lambda q: (q.start, q.end))
    return out
