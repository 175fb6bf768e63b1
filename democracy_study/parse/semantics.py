"""What each reported figure counts: counted, actor, action, scope, period, channel, indicator.

:func:`annotate` takes the quantities :func:`~democracy_study.parse.quantities.find_quantities`
found in a text and fills, for every fact quantity (count, money, percent), the slots
of its sentence (docs/SEMANTICS.md, issue 11):

* ``counted``: the noun phrase the number counts, as written (simplified): the phrase
  right before the number (``收集意见建议860条``) or right after it (``提出245条意见建议``),
  reduced to its head noun; coordinated heads are kept together (``代表、群众``). A
  number without a noun inherits one: from its total (``其中…171条``), from its base
  figure (a rate), or from the figure it follows in the same sentence (``办结1216个``);
* ``action`` and ``actor``: the verb of the clause and who does it, where written;
* ``scope``: level, area and time words that bound the count (``各级``, ``市、区``,
  ``全县``, ``累计``); ``period``: the dated or cumulative period of the sentence;
* ``channel``: a quoted name with a channel word (``“X”小程序``) earlier in the sentence
  (entity rows are linked at corpus level, :func:`assign_channels`);
* ``part_of`` / ``rate_of`` (:mod:`~democracy_study.parse.relations`);
* ``indicator``: from the *combination* of the counted noun's category, the action
  class, the unit class and the scope class (``rules`` in ``data/indicators.yaml``);
  a percentage gets the indicator of what it is a rate of;
* ``value_low`` / ``value_high``: the interval of the written figure by the one rule,
  :func:`democracy_study.parse.intervals.qualifier_interval`.

All vocabulary lives in ``data/indicators.yaml``; this module holds only the logic.

Examples
--------
>>> from democracy_study.parse.quantities import find_quantities
>>> [(q.counted, q.indicator) for q in find_quantities("350多名代表、群众参与询问")]
[('代表、群众', 'participants')]
>>> qs = find_quantities("累计收到问题1234个，办结1216个，办结率98.5%")
>>> [(q.counted, q.action, q.indicator) for q in qs]
[('问题', '收到', 'issues_received'), ('问题', '办结', 'issues_resolved'), ('问题', '办结', 'issues_resolved_rate')]
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from democracy_study._util import DataFileError, load_package_yaml
from democracy_study.parse.intervals import QUALIFIERS, qualifier_interval

__all__ = [
    "INDICATORS",
    "Slots",
    "annotate",
    "assign_channels",
    "lexicon",
    "quantity_rows",
    "sentence_spans",
    "subject_places",
]

_FACT = ("count", "money", "percent")
#: scope classes that qualify the counted deputies: read in the figure's own noun phrase
_LEVEL_SCOPES = frozenset({"multi_level", "county_level"})
_QUOTES = '“”"「」『』'
_NUMERAL_RE = re.compile("[0-9一二三四五六七八九十百千万两]")


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    word: str
    cat: str


@dataclass(frozen=True)
class _Act:
    """An action verb found in a text: its span, the words as written and its class."""

    start: int
    end: int
    word: str
    cls: str


@dataclass(frozen=True)
class Slots:
    """The semantic slots of one quantity (before relations and the indicator)."""

    counted: str = ""
    cats: frozenset[str] = frozenset()
    action: str = ""
    action_class: str = ""
    actor: str = ""
    scope: str = ""
    scope_classes: frozenset[str] = frozenset()
    period: str = ""
    channel: str = ""


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class _Lex:
    """Compiled ``indicators.yaml``."""

    def __init__(self, d: dict[str, Any]) -> None:
        where = "democracy_study/data/indicators.yaml"
        try:
            self.indicators: tuple[str, ...] = tuple(d["indicators"])
            self.window = int(d["window"])
            self.noun_cat = {str(w): c for c, ws in d["nouns"].items() for w in ws}
            self.noun_re = re.compile(_alt(list(self.noun_cat)))
            self.coord = set(d["coordinators"])
            self.gap_before, self.gap_after = int(d["gap_before"]), int(d["gap_after"])
            self.object_nouns = frozenset(d["object_nouns"])
            self.recipients = {str(c): frozenset(v) for c, v in d["recipients"].items()}
            self.object_gap_re = re.compile(str(d["object_gap"]))
            self.person_units = frozenset(d["person_units"])
            self.person_nouns = frozenset(d["person_nouns"])
            self.action_cls = {str(w): c for c, ws in d["actions"].items() for w in ws}
            self.action_re = re.compile(_alt(list(self.action_cls)))
            self.actor_re = re.compile(_alt(d["actors"]))
            self.not_action_re = re.compile(str(d["action_not_before"]))
            self.partitive = str(d["partitive"])
            self.split_actions = [
                (re.compile(str(rx)), str(c)) for c, rx in (d.get("split_actions") or {}).items()
            ]
            self.negation_re = re.compile(str(d["action_negation"]))
            self.failure_re = re.compile(str(d["action_failure"]))
            self.topic_re = re.compile(f"(?:{_alt(d['topic_markers'])})")
            mixed = d["suggestion_mixed"]
            self.suggestion_mixed = (str(mixed["with"]), str(mixed["as"]))
            self.weak_actions = frozenset(d["weak_actions"])
            self.unit_cls: dict[str, set[str]] = {}
            for c, ws in d["units"].items():
                for w in ws:
                    self.unit_cls.setdefault(str(w), set()).add(c)
            self.scope_res = {k: re.compile(v) for k, v in d["scopes"].items()}
            averages = load_package_yaml("nonfacts.yaml")["average_words"]
            self.scope_res["average"] = re.compile(_alt(averages))
            self.period_res = [re.compile(p) for p in d["periods"]]
            self.sent_delims = str(d["sentence_delimiters"])
            self.clause_re = re.compile(f"[{re.escape(d['clause_delimiters'])}]")
            self.part_re = re.compile(_alt(d["part_markers"]))
            self.share_re = re.compile(f"(?:{_alt(d['share_markers'])})\\s*$")
            self.rate_cls = {str(w): c for c, ws in d["rates"].items() for w in ws}
            self.rate_re = re.compile(_alt(list(self.rate_cls)))
            self.rate_ind = dict(d["rate_indicators"])
            self.satisfaction_noun = str(d["satisfaction_noun"])
            self.share_ind = dict(d["share_indicators"])
            self.rate_alt = dict(d["rate_alternatives"])
            heads = _alt(d["channel_heads"])
            self.channel_re = re.compile(f'[“"「]([^“”"「」]{{2,12}})[”"」]\\s*(?:{heads})')
            self.rules = [
                (
                    r["indicator"],
                    frozenset(r["kinds"]),
                    frozenset(r.get("counted") or ()),
                    frozenset(r.get("units") or ()),
                    frozenset(r.get("action") or ()),
                    frozenset(r.get("scope") or ()),
                )
                for r in d["rules"]
            ]
            self.funnels = [(f["flow"], f["from"], f["to"]) for f in d["funnels"]]
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise DataFileError(f"{where}: malformed semantics lexicon ({exc!r})") from None
        used = [r[0] for r in self.rules] + list(self.rate_ind.values())
        used += list(self.share_ind.values()) + [f[1] for f in self.funnels]
        used += list(self.rate_alt) + list(self.rate_alt.values())
        bad = sorted({i for i in used if i not in self.indicators})
        if bad:
            raise DataFileError(f"{where}: indicator(s) {bad} used but not in `indicators`")


@functools.lru_cache(maxsize=1)
def lexicon() -> _Lex:
    """The compiled lexicon (``data/indicators.yaml``), loaded once.

    Examples
    --------
    >>> "participants" in lexicon().indicators
    True
    """
    return _Lex(load_package_yaml("indicators.yaml"))


#: Indicator vocabulary (``indicators`` of ``data/indicators.yaml``).
INDICATORS: tuple[str, ...] = lexicon().indicators


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence (cut after a sentence delimiter).

    Examples
    --------
    >>> sentence_spans("甲。乙；丙")
    [(0, 2), (2, 4), (4, 5)]
    """
    return list(_sentence_spans(text))


@functools.lru_cache(maxsize=64)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    out, s = [], 0
    delims = lexicon().sent_delims
    for i, ch in enumerate(text):
        if ch in delims:
            out.append((s, i + 1))
            s = i + 1
    if s < len(text) or not out:
        out.append((s, len(text)))
    return tuple(out)


def _sentence_of(spans: list[tuple[int, int]], i: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= i < e:
            return s, e
    return spans[-1]


def _clause_start(text: str, lo: int, i: int) -> int:
    k = lo
    for m in lexicon().clause_re.finditer(text, lo, i):
        k = m.end()
    return k


def _clause_end(text: str, i: int, hi: int) -> int:
    m = lexicon().clause_re.search(text, i, hi)
    return m.start() if m else hi


def _tokens(text: str, lo: int, hi: int) -> list[_Tok]:
    lx = lexicon()
    return [
        _Tok(m.start(), m.end(), m.group(), lx.noun_cat[m.group()])
        for m in lx.noun_re.finditer(text, lo, hi)
    ]


_ASIDE = re.compile(r"[（(][^（）()]{1,8}[）)]")


def _compound(gap: str) -> bool:
    """True when *gap* joins two nouns into one compound: nothing, or an aside in brackets
    (乡镇（街道）人大代表联络站)."""
    return gap == "" or _ASIDE.fullmatch(gap) is not None


def _group(toks: list[_Tok], text: str) -> list[list[_Tok]]:
    """Split contiguous tokens into conjuncts (compounds joined by coordinators)."""
    groups: list[list[_Tok]] = [[toks[0]]] if toks else []
    for t in toks[1:]:
        gap = text[groups[-1][-1].end : t.start]
        if _compound(gap):
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


def _np_before(text: str, lo: int, s: int) -> list[_Tok]:
    lx = lexicon()
    toks = _tokens(text, lo, s)
    if not toks:
        return []
    if any(a.start < toks[-1].start and toks[-1].end <= a.end for a in _actions(text, lo, s)):
        return []  # 转交有关部门办理的426条: the office is inside the verb, not what is counted
    acts = _actions(text, toks[-1].end, s)
    if acts and not _object_of(text, toks[-1], acts, s):
        return []
    if not acts and s - toks[-1].end > lx.gap_before:
        return []
    if text[toks[-1].end : s].strip() in lx.coord and text[toks[-1].end : s].strip():
        return []  # 总队和15支分队: the noun belongs to the conjunct before
    return _with_conjuncts(text, toks[:-1], toks[-1])


def _object_of(text: str, noun: _Tok, acts: list[_Act], s: int) -> bool:
    """True when *noun* is the object of the one verb between it and the number at *s*.

    >>> n = _tokens("转办的问题已办结968件", 0, 8)[-1]
    >>> _object_of("转办的问题已办结968件", n, _actions("转办的问题已办结968件", n.end, 8), 8)
    True
    """
    lx = lexicon()
    if len(acts) != 1 or noun.cat not in lx.object_nouns or not acts[0].cls:
        return False
    a = acts[0]
    before = lx.object_gap_re.fullmatch(text, noun.end, a.start) is not None
    return before and text[a.end : s] in ("", "了")


def _with_conjuncts(text: str, before: list[_Tok], head: _Tok) -> list[_Tok]:
    """*head* with the tokens of *before* joined to it directly or by one conjunction."""
    coord = lexicon().coord
    chain = [head]
    for t in reversed(before):
        gap = text[t.end : chain[0].start]
        if gap == "" or (len(gap) == 1 and gap in coord):
            chain.insert(0, t)
        else:
            break
    return chain


def _subject(text: str, lo: int, s: int) -> list[_Tok]:
    """The last person noun (``person_nouns``) in ``text[lo:s]`` with its conjuncts, or []."""
    lx = lexicon()
    persons = [t for t in _tokens(text, lo, s) if t.cat in lx.person_nouns]
    if not persons:
        return []
    return _with_conjuncts(text, _tokens(text, lo, persons[-1].start), persons[-1])


def _np_after(text: str, e: int, hi: int) -> list[_Tok]:
    lx = lexicon()
    toks = _tokens(text, e, hi)
    if not toks:
        return []

    def rejects(gap: str) -> bool:
        gap = re.sub(f"[{_QUOTES}][^{_QUOTES}]*[{_QUOTES}]", "", gap)
        return len(gap.strip()) > lx.gap_after or (
            len(gap) > 3 and any(ch in lx.coord for ch in gap)
        )

    gap = text[e : toks[0].start]
    if rejects(gap) and "multi_level" in lx.scope_res:
        # level words qualify the noun (46名县、镇两级人大代表): not a list between number and noun
        levels = [
            m.span()
            for m in lx.scope_res["multi_level"].finditer(text, e, hi)
            if m.start() < toks[0].start
        ]
        gap = "".join(ch for i, ch in enumerate(gap, e) if not any(a <= i < b for a, b in levels))
    if rejects(gap):
        return []
    if any(a.start < toks[0].start for a in _actions(text, e, hi)):
        return []  # 12个村建成联络站, 9条交镇政府部门办理: the noun is the verb's object
    chain = [toks[0]]
    for t in toks[1:]:
        g = text[chain[-1].end : t.start]
        if _compound(g) or (len(g) == 1 and g in lx.coord):
            chain.append(t)
        else:
            break
    return chain


def _actions(text: str, lo: int, hi: int) -> list[_Act]:
    """Action verbs in ``text[lo:hi]``, in text order.

    Not the first characters of an institution (服务局); a verb split around an office
    (交区政府有关部门办理) is one action written ``交…办理``; a verb after a negation
    (尚未解决) or before a failure (调解不成) is kept as written, without a class.

    >>> [(a.word, a.cls) for a in _actions("其余9条交镇政府办理，尚未解决3条", 0, 20)]
    [('交…办理', 'refer'), ('尚未解决', '')]
    """
    lx = lexicon()
    found = [
        _Act(m.start(), m.end(), m.group(), lx.action_cls[m.group()])
        for m in lx.action_re.finditer(text, lo, hi)
        if not lx.not_action_re.match(text, m.end())
    ]
    for rx, cls in lx.split_actions:
        for m in rx.finditer(text, lo, hi):
            found = [a for a in found if not (m.start() <= a.start and a.end <= m.end())]
            word = f"{text[m.start()]}…{text[m.end() - 2 : m.end()]}"
            found.append(_Act(m.start(), m.end(), word, cls))
    out = []
    for a in sorted(found, key=lambda a: (a.start, a.end)):
        neg = lx.negation_re.search(text, max(lo, a.start - 2), a.start)
        if neg is not None:
            a = _Act(neg.start(), a.end, text[neg.start() : a.end], "")
        fail = lx.failure_re.match(text, a.end, max(a.end, hi))
        if fail is not None:  # 调解不成: it failed
            a = _Act(a.start, fail.end(), text[a.start : fail.end()], "")
        out.append(a)
    return out


def _pick_action(before: list[_Act], after: list[_Act]) -> _Act | None:
    """The last verb before the number, preferring one that is not a contact verb (服务)."""
    lx = lexicon()
    weak = [m for m in before if m.cls in lx.weak_actions]
    strong = [m for m in before if m not in weak]
    if strong:
        return strong[-1]
    strong_after = [m for m in after if m.cls not in lx.weak_actions]
    if strong_after:
        return strong_after[0]
    return weak[-1] if weak else (after[0] if after else None)


def _counted(chain: list[_Tok], text: str) -> tuple[str, frozenset[str]]:
    if not chain:
        return "", frozenset()
    heads = [g[-1] for g in _group(chain, text)]
    cats = {h.cat for h in heads}
    if "deputy" in cats and cats & {"public", "needy"}:
        cats.add("mixed")
    with_cat, as_cat = lexicon().suggestion_mixed
    if "suggestion" in cats and with_cat in cats:  # 问题和建议 of residents: not formal ones
        cats = (cats - {"suggestion"}) | {as_cat}
    return "、".join(h.word for h in heads), frozenset(cats)


def _next_clause_action(text: str, ce: int, se: int, next_start: int) -> _Act | None:
    """The action that opens the next clause of the sentence, if it has no figure.

    A clause with no verb of its own is often continued by one with no subject
    (筛选出重点问题36个，交市政府相关部门限期办理): that verb acts on the figure.

    >>> t = "筛选出重点问题36个，交市政府相关部门限期办理。"
    >>> _next_clause_action(t, 10, len(t), len(t)).word
    '交…办理'
    """
    lx = lexicon()
    if ce >= se or not lx.clause_re.match(text, ce) or text[ce] in lx.sent_delims:
        return None
    lo = ce + 1
    hi = _clause_end(text, lo, se)
    if next_start < hi:
        return None
    acts = _actions(text, lo, hi)
    if not acts or not acts[0].cls or not lx.object_gap_re.fullmatch(text, lo, acts[0].start):
        return None
    return acts[0]


def _topic(text: str, sentence: tuple[int, int], i: int) -> tuple[str, frozenset[str]] | None:
    """The noun of the topic clause (对…，) the sentence opens on, if *i* is not in it.

    >>> _topic("对收集到的意见建议，当场答复16条", (0, 17), 14)
    ('意见建议', frozenset({'opinion'}))
    """
    lx = lexicon()
    ss, se = sentence
    if not lx.topic_re.match(text, ss):
        return None
    ce = _clause_end(text, ss, se)
    toks = _tokens(text, ss, ce)
    if ce >= i or not toks:
        return None
    return _counted(_with_conjuncts(text, toks[:-1], toks[-1]), text)


def _slots(text: str, q: Any, prev_end: int, next_start: int) -> tuple[Slots, int, int]:
    """Slots of quantity *q*; also the span of its counted phrase."""
    lx = lexicon()
    spans = sentence_spans(text)
    ss, se = _sentence_of(spans, q.start)
    cs = _clause_start(text, max(ss, prev_end), q.start)
    ce = _clause_end(text, q.end, min(se, max(next_start, q.end)))
    chain = _np_before(text, cs, q.start)
    if not chain and q.kind != "percent":
        chain = _np_after(text, q.end, ce)
    elif chain and q.kind == "count" and chain[-1].end < q.start:
        # 组织代表分4个小组: a noun right after the measure word is what is counted; a noun
        # before the number only when nothing stands between them (代表386名, 联络站12个)
        after = _np_after(text, q.end, ce)
        if after and (
            after[0].start == q.end or (q.start > chain[-1].end and after[0].start - q.end <= 4)
        ):
            chain = after  # 对5个重大投资项目开展视察: projects, not the deputies before 对
    if q.kind == "percent":
        rm = None
        for rm in lx.rate_re.finditer(text, cs, q.start):  # noqa: B007
            pass
        hi = rm.start() if rm else q.start
        toks = _tokens(text, cs, hi)
        chain = [toks[-1]] if toks else []
        if chain:
            back = _np_before(text, cs, chain[-1].end)
            chain = back or chain
    if (
        q.kind == "count"
        and _unit_classes(q.unit) & lx.person_units
        and not {t.cat for t in chain} & lx.person_nouns
    ):
        chain = _subject(text, cs, q.start) or chain
    counted, cats = _counted(chain, text)
    np_lo = min([q.start] + [t.start for t in chain])
    np_hi = max([q.end] + [t.end for t in chain])
    # action: last verb before the number in the clause, else first after it; not after
    # "N个问题中" (of the N problems: the verb after acts on a part of them)
    after = [] if text.startswith(lx.partitive, np_hi) and chain else _actions(text, q.end, ce)
    am = _pick_action(_actions(text, cs, q.start), after)
    if am is None:
        am = _next_clause_action(text, ce, se, next_start)
    action = am.word if am else ""
    if (
        am is not None
        and am.cls in lx.recipients
        and chain
        and am.end <= chain[0].start
        and {t.cat for t in chain} <= lx.recipients[am.cls]
    ):
        counted, cats = "", frozenset()  # 转交县直部门45条: who takes the work, not what
    actor = ""
    if am is not None and am.start < q.start:
        m = lx.actor_re.search(text, cs, am.start)
        actor = m.group() if m else ""
    # scope: the clause up to the end of the counted phrase
    found: list[tuple[int, str, str]] = []
    scope_lo = min(_clause_start(text, ss, q.start), np_lo)
    scope_hi = max(np_hi, q.end)
    sentence_head = text[ss : _clause_end(text, ss, se)]
    for cls, rx in lx.scope_res.items():
        lo = max(scope_lo, prev_end) if cls in _LEVEL_SCOPES else scope_lo
        for m in rx.finditer(text, min(lo, np_lo), scope_hi):
            if not (m.start() < q.end and q.start < m.end()):
                found.append((m.start(), m.group(), cls))
        if cls == "time" and scope_lo > ss and not _NUMERAL_RE.search(sentence_head):
            for m in rx.finditer(sentence_head):
                found.append((ss + m.start(), m.group(), cls))
    found = sorted(set(found))
    scope = ";".join(dict.fromkeys(w for _, w, _ in found))
    period = ""
    for rx in lx.period_res:
        hits = [
            m
            for m in rx.finditer(text, ss, q.start)
            if not (m.start() < q.end and q.start < m.end())
        ]
        if hits:
            period = hits[-1].group()
            break
    channel = ""
    for m in lx.channel_re.finditer(text, ss, q.start):
        channel = m.group(1)
    slots = Slots(
        counted=counted,
        cats=cats,
        action=action,
        action_class=am.cls if am else "",
        actor=actor,
        scope=scope,
        scope_classes=frozenset(c for _, _, c in found),
        period=period,
        channel="" if "station" in cats else channel,
    )
    return slots, np_lo, np_hi


def _unit_classes(unit: str) -> frozenset[str]:
    return frozenset(lexicon().unit_cls.get(unit, ()))


def _indicator(kind: str, unit: str, sl: Slots) -> str:
    cats = sl.cats or frozenset({"none"})
    units = _unit_classes(unit)
    for ind, kinds, counted, unit_req, act, scope in lexicon().rules:
        if kind not in kinds or (counted and not counted & cats):
            continue
        if unit_req and not unit_req & units:
            continue
        if act and sl.action_class not in act:
            continue
        if scope and not scope & sl.scope_classes:
            continue
        return ind
    return "other"


def annotate(text: str, quantities: Sequence[Any]) -> list[Any]:
    """Fill the semantic fields of every quantity found in *text*.

    Parameters
    ----------
    text : str
        The (normalised) text the quantities were found in.
    quantities : sequence of Quantity
        In text order, offsets into *text*.

    Returns
    -------
    list of Quantity
        Copies with ``counted``, ``actor``, ``action``, ``scope``, ``period``,
        ``channel``, ``part_of``, ``rate_of``, ``rate_of_index``, ``indicator``,
        ``value_low`` and ``value_high`` set (fact kinds; others keep ``""``).

    Examples
    --------
    >>> from democracy_study.parse.quantities import find_quantities
    >>> qs = find_quantities("提出意见建议245条，其中即知即办171条")
    >>> [(q.counted, q.indicator, q.part_of) for q in qs]
    [('意见建议', 'opinions_collected', None), ('意见建议', 'issues_resolved', 0)]
    >>> q = find_quantities("组织全区309名各级人大代表")[0]
    >>> q.scope, q.indicator
    ('全区;各级', 'deputies_all_levels')
    """
    from democracy_study.parse import relations

    lx = lexicon()
    qs = list(quantities)
    out = list(qs)
    facts = [i for i, q in enumerate(qs) if q.kind in _FACT]
    slots: dict[int, Slots] = {}
    prev_end = 0
    for k, i in enumerate(facts):
        nxt = qs[facts[k + 1]].start if k + 1 < len(facts) else len(text)
        slots[i], _, _ = _slots(text, qs[i], prev_end, nxt)
        prev_end = qs[i].end
    spans = sentence_spans(text)
    sent = {i: _sentence_of(spans, qs[i].start) for i in facts}
    bare = {i for i in facts if not slots[i].counted}
    parts = relations.find_part_of(text, qs, facts, sent, lx.part_re, bare)
    # a figure listed right after another (接待选民56批次、320余人次) shares its noun and verb
    for j, i in itertools.pairwise(facts):
        gap = text[qs[j].end : qs[i].start]
        if len(gap) == 1 and gap in lx.coord and qs[i].kind == qs[j].kind == "count":
            sl, prev = slots[i], slots[j]
            if not sl.counted:
                sl = replace(sl, counted=prev.counted, cats=prev.cats)
            if not sl.action:
                sl = replace(
                    sl, action=prev.action, action_class=prev.action_class, actor=prev.actor
                )
            slots[i] = sl
    # inheritance of the counted noun
    for i in facts:
        sl = slots[i]
        if sl.counted or qs[i].kind == "percent":
            continue
        src = parts.get(i)
        if src is None:
            same = [
                j for j in facts
                if j < i and sent[j] == sent[i] and qs[j].kind == qs[i].kind
                and (_unit_classes(qs[j].unit) & _unit_classes(qs[i].unit))
            ]  # fmt: skip
            src = same[-1] if same else None
        if src is not None and slots[src].counted:
            slots[i] = replace(sl, counted=slots[src].counted, cats=slots[src].cats)
        elif src is None:
            topic = _topic(text, sent[i], qs[i].start)
            if topic:
                slots[i] = replace(sl, counted=topic[0], cats=topic[1])
    inds = {
        i: _indicator(qs[i].kind, qs[i].unit, slots[i]) for i in facts if qs[i].kind != "percent"
    }
    rates = relations.find_rate_of(text, qs, facts, sent, inds, lx)
    for i in facts:
        if qs[i].kind != "percent":
            continue
        ind, base, noun = rates[i]
        sl = slots[i]
        if base is not None and slots[base].counted:
            sl = replace(sl, counted=slots[base].counted, cats=slots[base].cats)
        if not sl.counted and noun:
            sl = replace(sl, counted=noun)
        if base is None and not noun and not sl.counted and ind:
            # a named rate in a clause of its own (受理诉求520件，办结率达92.1%): a rate of
            # what the sentence's last earlier figure counts; no noun at all stays unknown
            earlier = [
                j for j in facts
                if j < i and sent[j] == sent[i] and qs[j].kind != "percent" and slots[j].counted
            ]  # fmt: skip
            if earlier:
                sl = replace(sl, counted=slots[earlier[-1]].counted, cats=slots[earlier[-1]].cats)
        if base is None and not noun and sl.counted:
            rates[i] = (ind, None, sl.counted)  # a change or share of a noun (投诉数量)
        if base is None and ind in lx.rate_alt and sl.cats and "suggestion" not in sl.cats:
            ind = lx.rate_alt[ind]  # 留言回复率: a rate of messages, not of suggestions
        slots[i] = sl
        inds[i] = ind or _indicator("percent", qs[i].unit, sl)
    for k, q in enumerate(qs):
        if k not in slots and math.isfinite(q.value) and q.qualifier in QUALIFIERS:
            iv = qualifier_interval(q.value, q.qualifier, q.value_max)
            out[k] = replace(q, value_low=iv.low, value_high=iv.high)
    for i in facts:
        q, sl = qs[i], slots[i]
        iv = qualifier_interval(q.value, q.qualifier, q.value_max)
        rate = rates.get(i, (None, None, ""))
        out[i] = replace(
            q,
            indicator=inds[i],
            counted=sl.counted,
            actor=sl.actor,
            action=sl.action,
            scope=sl.scope,
            period=sl.period,
            channel=sl.channel,
            part_of=parts.get(i),
            rate_of_index=rate[1],
            rate_of="" if rate[1] is not None else rate[2],
            value_low=iv.low,
            value_high=iv.high,
        )
    return out


def assign_channels(
    text: str,
    quantities: Sequence[Any],
    entities: Sequence[Any],
    types: Sequence[str] = ("station", "platform"),
) -> list[tuple[str, int | None]]:
    """The channel of each quantity: the nearest station/platform entity earlier in its sentence.

    Falls back to the quantity's own ``channel`` (a quoted name with a channel
    word). A quantity that counts stations gets no channel (it is about all of
    them, not one).

    Parameters
    ----------
    text : str
        The text both lists index.
    quantities : sequence of Quantity
    entities : sequence of Entity
        With ``type``, ``name``, ``start``, ``end``.
    types : sequence of str
        Entity types that are channels.

    Returns
    -------
    list of (channel, entity index or None)

    Examples
    --------
    >>> from democracy_study.parse.quantities import find_quantities
    >>> from democracy_study.parse.entities import find_entities
    >>> t = "依托农村电商人大代表联络站，收集意见建议30条。"
    >>> assign_channels(t, find_quantities(t), find_entities(t))
    [('农村电商人大代表联络站', 0)]
    """
    spans = sentence_spans(text)
    out: list[tuple[str, int | None]] = []
    for q in quantities:
        if q.kind not in _FACT:
            out.append(("", None))
            continue
        ss, _ = _sentence_of(spans, q.start)
        best: tuple[int, str, int | None] | None = None
        for k, ent in enumerate(entities):
            inside = ent.type in types and ss <= ent.start and ent.end <= q.start
            if inside and (best is None or ent.start > best[0]):
                best = (ent.start, ent.name, k)
        counts_stations = _indicator_is_station(q)
        if counts_stations:
            out.append(("", None))
        elif best is not None:
            out.append((best[1], best[2]))
        else:
            out.append((getattr(q, "channel", ""), None))
    return out


def _indicator_is_station(q: Any) -> bool:
    return q.indicator == "stations"


#: A whole-area word (全市, 全县, 全区, 全省, 全镇 …): the figure after it is the whole unit's.
_WHOLE_AREA = re.compile(r"全(?:省|市|州|盟|县|区|旗|镇|乡|街道)")


def subject_places(
    text: str, quantities: Sequence[Any], default: str, prefecture_code: str | None = None
) -> list[str]:
    """The place each quantity's sentence is about (the last county-level unit named before it).

    Uses :func:`democracy_study.parse.gazetteer.find_place_mentions`; a sentence that
    names no other unit is about *default* (the report's own place).

    Examples
    --------
    >>> from democracy_study.parse.quantities import find_quantities
    >>> t = "沂水县建成联络站12个。全县收集意见建议30条。"
    >>> subject_places(t, find_quantities(t), "沂南县")
    ['沂水县', '沂南县']
    >>> t = "兰陵县建成联络站42个，全市共接待群众1.2万人次。"
    >>> subject_places(t, find_quantities(t), "临沂市")
    ['兰陵县', '临沂市']
    """
    from democracy_study.parse.gazetteer import find_place_mentions

    mentions = find_place_mentions(text, prefecture_code=prefecture_code) if quantities else []
    spans = sentence_spans(text)
    out = []
    for q in quantities:
        ss, _ = _sentence_of(spans, q.start)
        named = [
            m for m in mentions
            if ss <= m.start and m.end <= q.start and not str(m.place.admin_code or "00").endswith("00")
        ]  # fmt: skip
        last = named[-1] if named else None
        # "全市/全县…" between the last named unit and the figure: the figure is the whole
        # unit's (the report's), not the unit named before it
        if last is None or _WHOLE_AREA.search(text, last.end, q.start):
            out.append(default)
        else:
            out.append(last.place.name or default)
    if len(mentions) > 1:  # 甲县、乙县……分别……x、y: one place per figure, in order
        from democracy_study.parse.genres import respective_places

        county = [m for m in mentions if not str(m.place.admin_code or "00").endswith("00")]
        for k, m in respective_places(text, quantities, county).items():
            out[k] = m.place.name or default
    return out


def quantity_rows(
    text: str,
    quantities: Sequence[Any],
    entities: Sequence[Any],
    paragraph_id: str,
    place: str,
    prefecture_code: str | None = None,
    entity_keys: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The semantic columns of the quantities table for one paragraph.

    Parameters
    ----------
    text : str
        The paragraph's normalised text (what both lists index).
    quantities, entities : sequence
        :func:`~democracy_study.parse.quantities.find_quantities` and
        :func:`~democracy_study.parse.entities.find_entities` of *text*.
    paragraph_id, place : str
        Ids for ``quantity_id`` (``<paragraph_id>.q01`` …) and the default subject place.
    prefecture_code : str, optional
        Scope of the place mentions.
    entity_keys : sequence of str, optional
        Key of each entity row (``channel_entity``); default ``<type>@<start>``.

    Returns
    -------
    list of dict
        ``quantity_id, counted, actor, action, scope, period, channel,
        channel_entity, part_of, rate_of, value_low, value_high, subject_place``.

    Examples
    --------
    >>> from democracy_study.parse.quantities import find_quantities
    >>> t = "收集意见建议245条，其中办结171条，办结率69.8%"
    >>> rows = quantity_rows(t, find_quantities(t), [], "r01.p02", "奎文区")
    >>> [(r["quantity_id"], r["part_of"], r["rate_of"]) for r in rows]
    [('r01.p02.q01', '', ''), ('r01.p02.q02', 'r01.p02.q01', ''), ('r01.p02.q03', '', 'r01.p02.q02')]
    """
    keys = (
        list(entity_keys) if entity_keys is not None else [f"{e.type}@{e.start}" for e in entities]
    )
    ids = [f"{paragraph_id}.q{k + 1:02d}" for k in range(len(quantities))]
    chans = assign_channels(text, quantities, entities)
    subjects = subject_places(text, quantities, place, prefecture_code)
    rows = []
    for k, q in enumerate(quantities):
        channel, ent = chans[k]
        rows.append(
            {
                "quantity_id": ids[k],
                "counted": q.counted,
                "actor": q.actor,
                "action": q.action,
                "scope": q.scope,
                "period": q.period,
                "channel": channel,
                "channel_entity": keys[ent] if ent is not None else "",
                "part_of": ids[q.part_of] if q.part_of is not None else "",
                "rate_of": ids[q.rate_of_index] if q.rate_of_index is not None else q.rate_of,
                "value_low": q.value_low,
                # an open upper end (超, 以上) is left empty in the tables: CSV readers
                # and Stata cannot all hold infinity; value_low is then set
                "value_high": None if q.value_high == math.inf else q.value_high,
                "subject_place": subjects[k] if q.kind in _FACT else "",
            }
        )
    return rows
