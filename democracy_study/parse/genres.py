"""Genres beyond newspaper pages: first-person duty reports and shared values (issue 18).

* :func:`first_person_deputy`: a deputy's own report (``我是…选区选出的…代表``,
  ``本人作为…代表``) is about the deputy and the deputy's constituency: the parser gives
  its figures the deputy as actor and the constituency as place.
* :func:`share_values`: one figure stated for several indicators
  (``办复率、代表满意率均为100%``) gives one quantity per indicator, all pointing at the
  same characters.

* ``A、B分别为x、y`` pairs the k-th noun with the k-th figure (``respective_words``).

All words live in ``data/nonfacts.yaml`` (``first_person``, ``shared_value_words``,
``respective_words``).

Examples
--------
>>> d = first_person_deputy("各位选民：我是甲镇选区选出的乙县人大代表王某某。本人全年进站12次。")
>>> d.name, d.constituency, d.county
('王某某', '甲镇', '乙县')
>>> from democracy_study.parse.quantities import find_quantities
>>> t = "办复率、代表满意率均为100%"
>>> [(q.counted, q.evidence) for q in share_values(t, find_quantities(t))]
[('办复率', '100%'), ('代表满意率', '100%')]
>>> t = "办结率、满意率分别为95.5%、96.1%"
>>> [(q.counted, q.indicator, q.evidence) for q in share_values(t, find_quantities(t))]
[('办结率', 'issues_resolved_rate', '95.5%'), ('满意率', 'satisfaction_rate', '96.1%')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from democracy_study._util import load_package_yaml

__all__ = ["Deputy", "first_person_deputy", "first_person_pronouns", "share_values"]


@dataclass(frozen=True)
class Deputy:
    """The author of a first-person report: name and constituency as written, and where."""

    name: str
    constituency: str
    county: str
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    return load_package_yaml("nonfacts.yaml")


def first_person_pronouns() -> tuple[str, ...]:
    """The pronouns of a first-person report (``first_person.pronouns``).

    >>> "我" in first_person_pronouns()
    True
    """
    return tuple(_words()["first_person"]["pronouns"])


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _intro_re() -> re.Pattern[str]:
    d = _words()["first_person"]
    me, be = _alt(d["pronouns"]), _alt(d["copulas"])
    district = _alt(d["district_words"])
    town = _alt(d["constituency_suffixes"])
    deputy = _alt(d["deputy_words"])
    return re.compile(
        rf"(?:{me})(?:{be})(?P<body>[^。！？!?\n]{{0,60}}?)(?:{deputy})(?P<name>[\u4e00-\u9fff·]{{2,4}})?(?=[。，,；;\s]|$)"
        rf"|(?P<town>[\u4e00-\u9fff]{{1,8}}?(?:{town}))(?:{district})"
    )


def _quoted(text: str, i: int, pairs: list[str]) -> bool:
    """Whether offset *i* of *text* lies inside an open quotation (any of *pairs*)."""
    return any(text.count(pair[0], 0, i) > text.count(pair[1], 0, i) for pair in pairs)


def _after_breaks(name: str, breaks: list[str]) -> str:
    """*name* after the last break word in it (``选出的乙县`` → ``乙县``)."""
    cut = max((name.rfind(b) + len(b) for b in breaks if b in name), default=0)
    return name[cut:]


def first_person_deputy(text: str) -> Deputy | None:
    """The deputy who speaks in the first person in *text*, or None.

    Needs a self-introduction (``我是…代表``, ``本人系…代表``) outside quotation marks
    whose body names the congress level or the constituency (``level_words``) and
    whose name does not start with a pronoun; the constituency is the township named
    before a district word (``润城镇选区``) or after ``来自`` in that sentence, the
    county the county-level unit named there.

    Examples
    --------
    >>> first_person_deputy("标语“我是代表我带头，争做先锋”挂在站里。") is None
    True
    >>> first_person_deputy("我是代表我带头。") is None
    True
    """
    d = _words()["first_person"]
    town_sfx = _alt(d["constituency_suffixes"])
    pronouns = tuple(d["pronouns"])
    town_rx = re.compile(
        rf"([\u4e00-\u9fff]{{1,6}}?(?:{town_sfx}))(?:{_alt(d['district_words'])})"
        rf"|(?:{_alt(d['from_words'])})([\u4e00-\u9fff]{{1,6}}?(?:{town_sfx}))"
    )
    county_rx = re.compile(
        rf"([\u4e00-\u9fff]{{1,6}}?(?:{_alt(d['county_suffixes'])}))(?:{_alt(d['county_followers'])})"
    )
    for m in _intro_re().finditer(text):
        if m.group("body") is None:
            continue
        body = m.group("body")
        name = m.group("name") or ""
        if (
            _quoted(text, m.start(), d["quote_pairs"])
            or not any(w in body for w in d["level_words"])
            or name.startswith(pronouns)
        ):
            continue
        town = town_rx.search(body)
        county = county_rx.search(body)
        if not name:
            sign = re.search(
                rf"(?:{_alt(d['signature_words'])})[:：]\s*([\u4e00-\u9fff·]{{2,4}})", text
            )
            name = sign.group(1) if sign else ""
        return Deputy(
            name,
            (town.group(1) or town.group(2)) if town else "",
            _after_breaks(county.group(1), d["name_breaks"]) if county else "",
            m.start(),
            m.end(),
        )
    return None


@functools.lru_cache(maxsize=1)
def _shared_re() -> re.Pattern[str]:
    words = _alt(_words()["shared_value_words"])
    item = r"[^，。；;：:、,\s]{1,16}"
    return re.compile(rf"(?P<items>{item}(?:、{item})+)(?:{words})\s*$")


@functools.lru_cache(maxsize=1)
def _respective_re() -> re.Pattern[str]:
    words = _alt(_words()["respective_words"])
    item = r"[^，。；;：:、,\s]{1,16}"
    return re.compile(rf"(?P<items>{item}(?:、{item})+)(?:{words})\s*$")


def respective_places(
    text: str, quantities: Sequence[Any], mentions: Sequence[Any]
) -> dict[int, Any]:
    """``A县、B县……分别……x、y``: the k-th listed place is the k-th figure's.

    *mentions* are place mentions of *text* (sorted). A run of fact figures joined
    by ``、`` after a ``respective_words`` word whose sentence lists, before that word,
    as many places joined by ``、`` gets one place each, in order; returns
    ``{quantity index: mention}`` (nothing for runs whose lengths differ).

    Examples
    --------
    >>> from democracy_study.parse.gazetteer import find_place_mentions
    >>> from democracy_study.parse.quantities import find_quantities
    >>> t = "缙云县、松阳县同步开展专题询问，分别提出询问问题12个、9个。"
    >>> qs = find_quantities(t)
    >>> {k: m.place.name for k, m in respective_places(t, qs, find_place_mentions(t)).items()}
    {0: '缙云县', 1: '松阳县'}
    """
    from democracy_study.parse.quantities import FACT_KINDS

    words = _respective_words_re()
    out: dict[int, Any] = {}
    i = 0
    while i < len(quantities):
        q = quantities[i]
        run = [i]
        while (
            run[-1] + 1 < len(quantities)
            and quantities[run[-1] + 1].kind in FACT_KINDS
            and text[quantities[run[-1]].end : quantities[run[-1] + 1].start] == "、"
        ):
            run.append(run[-1] + 1)
        if q.kind not in FACT_KINDS or len(run) < 2:
            i = run[-1] + 1
            continue
        start = max(text.rfind(c, 0, q.start) for c in "。！？；!?;\n") + 1
        hit = None
        for m in words.finditer(text, start, q.start):
            hit = m
        if hit is not None:
            before = [m for m in mentions if start <= m.start and m.end <= hit.start()]
            group = before[-1:]
            for m in reversed(before[:-1]):
                if text[m.end : group[0].start] != "、":
                    break
                group.insert(0, m)
            if len(group) == len(run):
                out.update(zip(run, group, strict=True))
        i = run[-1] + 1
    return out


@functools.lru_cache(maxsize=1)
def _shared_words_re() -> re.Pattern[str]:
    return re.compile(_alt(_words()["shared_value_words"]))


@functools.lru_cache(maxsize=1)
def _respective_words_re() -> re.Pattern[str]:
    return re.compile(_alt(_words()["respective_words"]))


def _pair_respectively(text: str, quantities: list[Any]) -> list[Any]:
    """``A、B分别为x、y``: the k-th listed noun is what the k-th figure counts.

    Each figure of the run (figures joined by ``、``) gets its noun as ``counted``
    and the indicator the noun gives; a run whose length differs from the list's
    is left as it is.
    """
    from democracy_study.parse.quantities import FACT_KINDS, find_quantities

    if not _respective_words_re().search(text):  # no 分别 … in the paragraph: nothing to pair
        return list(quantities)
    rx, out, i = _respective_re(), list(quantities), 0
    while i < len(out):
        q = out[i]
        m = rx.search(text, max(0, q.start - 60), q.start) if q.kind in FACT_KINDS else None
        if not m:
            i += 1
            continue
        items = m.group("items").split("、")
        run = [i]
        while (
            len(run) < len(items)
            and run[-1] + 1 < len(out)
            and out[run[-1] + 1].kind in FACT_KINDS
            and text[out[run[-1]].end : out[run[-1] + 1].start] == "、"
        ):
            run.append(run[-1] + 1)
        if len(run) == len(items):
            for noun, k in zip(items, run, strict=True):
                x = out[k]
                ind = [y for y in find_quantities(noun + x.evidence) if y.kind in FACT_KINDS]
                out[k] = replace(
                    x, counted=noun, indicator=ind[0].indicator if ind else x.indicator
                )
        i = run[-1] + 1
    return out


def share_values(text: str, quantities: list[Any]) -> list[Any]:
    """Copy a figure stated for several indicators once per indicator.

    A fact quantity right after ``A、B均为`` (words in ``shared_value_words``) is
    replaced by one copy per listed noun, each with that noun as ``counted`` and the
    indicator the noun gives; ``part_of`` and ``rate_of_index`` are re-pointed.
    """
    from democracy_study.parse.quantities import FACT_KINDS, find_quantities

    quantities = _pair_respectively(text, list(quantities))
    if not _shared_words_re().search(text):  # no 均为 … in the paragraph: nothing to copy
        return list(quantities)
    rx = _shared_re()
    groups: list[list[Any]] = []
    for q in quantities:
        m = rx.search(text, max(0, q.start - 60), q.start) if q.kind in FACT_KINDS else None
        items = m.group("items").split("、") if m else []
        if len(items) < 2:
            groups.append([q])
            continue
        copies = []
        for noun in items:
            ind = [x for x in find_quantities(noun + q.evidence) if x.kind in FACT_KINDS]
            copies.append(
                replace(q, counted=noun, indicator=ind[0].indicator if ind else q.indicator)
            )
        groups.append(copies)
    if all(len(g) == 1 for g in groups):
        return list(quantities)
    first, k = [], 0
    for g in groups:
        first.append(k)
        k += len(g)

    def remap(i: int | None) -> int | None:
        return None if i is None else first[i]

    return [
        replace(x, part_of=remap(x.part_of), rate_of_index=remap(x.rate_of_index))
        for g in groups
        for x in g
    ]
