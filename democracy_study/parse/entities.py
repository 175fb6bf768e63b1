"""Named things in report text: stations, platforms, deputies, departments ...

:func:`find_entities` finds entities of seven types (correspondents are taken
from bylines by the structure parser, not here):

``station``
    deputy liaison stations, homes, posts, mediation rooms, legislative contact
    points, opinion-collection and monitoring points, with their descriptive
    name (“食品餐饮行业人大代表联络站”, 移动代表联络站);
``platform``
    online channels: quoted platforms, mini-programs, QR codes (“智慧人大”平台),
    online liaison stations, the congress's public account, hotlines;
``deputy``
    named deputies (王某某代表, 王某某等5名人大代表, 人大代表王某某说);
``department``
    government bodies (区教体局, 卫健委, 政务服务中心, 区人民政府);
``organization``
    courts, procuratorates, universities, enterprises (…集团, …有限公司);
``document``
    《…》 titles that end in a document word (法, 条例, 意见, 办法 …);
``media``
    newspapers and magazines (《…报》, 《…》杂志), news websites (…人大网),
    official accounts (place name + 发布, “…”公众号).

All patterns, word lists and priorities live in ``data/entity_patterns.yaml``
and are compiled once. Matching runs on :func:`democracy_study.text.normalize`
of the text, which has the same length, so offsets index the input and
``text[start:end]`` is the evidence; ``name`` is the normalised (simplified)
name without quotation marks.

Rules in brief (precision over recall):

- a *pattern* rule is a regular expression; a *head* rule finds the end of a
  name (局, 集团, 大学 …) and extends it leftwards over Chinese characters up
  to a delimiter, number, stop word (向, 督促, 的 …) or a length limit; names
  that hit the limit without a boundary are dropped (or, for stations, reduced
  to the bare head);
- universities and official accounts must start with a place name or stem from
  the gazetteer (潍坊学院-like names), so that "走进X学院" does not become a name;
- a deputy name is a listed surname plus one or two given-name characters,
  directly before 代表 followed by a boundary (punctuation, 等, 说, 表示 …),
  or after 人大代表 followed by such a boundary;
- overlapping matches: the rule with the lower ``priority`` wins, then the
  longer match.

Examples
--------
>>> [(e.type, e.name) for e in find_entities("张晓明代表在移动代表联络站接待群众")]
[('deputy', '张晓明'), ('station', '移动代表联络站')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from democracy_study import config
from democracy_study._util import load_yaml
from democracy_study.text import normalize

__all__ = ["ENTITY_TYPES", "Entity", "find_entities", "given_name_length"]

#: Entity types returned by :func:`find_entities`.
ENTITY_TYPES = ("station", "platform", "deputy", "department", "organization", "document", "media")

PATTERNS_FILE = config.PACKAGE_DATA / "entity_patterns.yaml"

_QUOTES = re.compile(r"[“”\"‘’'「」\s]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Entity:
    """A named thing found in a text.

    Attributes
    ----------
    type : str
        One of :data:`ENTITY_TYPES`.
    name : str
        Normalised name (simplified, half-width, quotation marks removed).
    start, end : int
        Offsets into the text given to :func:`find_entities`.
    rule : str
        Id of the rule in ``entity_patterns.yaml`` that found it.
    """

    type: str
    name: str
    start: int
    end: int
    rule: str = ""


@dataclass(frozen=True)
class _Rule:
    type: str
    id: str
    priority: int
    regex: re.Pattern
    kind: str  # pattern | head | deputy_before | deputy_after
    name: str = ""
    min_left: int = 0
    max_left: int = 0
    exclude: tuple[str, ...] = ()
    place_prefix: bool = False
    left_must_end_with: re.Pattern | None = None
    follow: re.Pattern | None = None
    required: tuple[str, ...] = ()  #: a match needs one of these literals (prefilter)


@dataclass(frozen=True)
class _Spec:
    rules: tuple[_Rule, ...]
    delimiters: frozenset[str]
    stop_words: tuple[str, ...]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    not_name_chars: frozenset[str]
    not_names: frozenset[str]
    place_prefix_extra: tuple[str, ...]


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def sub(m: re.Match) -> str:
        key = m.group(1)
        if key not in macros:
            raise ValueError(f"{PATTERNS_FILE}: unknown macro {{{key}}} in rule {where}")
        return macros[key]

    # macros may use other macros; two passes are enough for this file
    for _ in range(2):
        pattern = re.sub(r"\{([A-Z_]+)\}", sub, pattern)
    return pattern


@functools.lru_cache(maxsize=1)
def _spec() -> _Spec:
    data = load_yaml(PATTERNS_FILE, what="entity pattern file")
    macros = data.get("macros") or {}
    rules = []
    for etype, items in (data.get("types") or {}).items():
        if etype not in ENTITY_TYPES:
            raise ValueError(f"{PATTERNS_FILE}: unknown entity type {etype!r}")
        for item in items:
            rid = f"{etype}.{item.get('id')}"
            if "pattern" not in item and "head" not in item:
                raise ValueError(f"{PATTERNS_FILE}: rule {rid} has neither pattern nor head")
            src = _expand(item.get("pattern") or item.get("head"), macros, rid)
            try:
                regex = re.compile(src)
            except re.error as exc:
                raise ValueError(f"{PATTERNS_FILE}: rule {rid} does not compile: {exc}") from exc
            if "deputy" in item:
                kind = "deputy_" + item["deputy"]
            else:
                kind = "pattern" if "pattern" in item else "head"
            lmew = item.get("left_must_end_with")
            follow = item.get("follow")
            rules.append(
                _Rule(
                    type=etype,
                    id=rid,
                    priority=int(item.get("priority", 100)),
                    regex=regex,
                    required=_required_literals(src),
                    kind=kind,
                    name=item.get("name", ""),
                    min_left=int(item.get("min_left", 0)),
                    max_left=int(item.get("max_left", 0)),
                    exclude=tuple(item.get("exclude") or ()),
                    place_prefix=bool(item.get("place_prefix", False)),
                    left_must_end_with=re.compile(_expand(lmew, macros, rid)) if lmew else None,
                    follow=re.compile(_expand(follow, macros, rid)) if follow else None,
                )
            )
    surnames = [str(s) for s in data.get("surnames") or ()]
    return _Spec(
        rules=tuple(sorted(rules, key=lambda r: (r.priority, r.id))),
        delimiters=frozenset(str(data.get("delimiters", ""))),
        stop_words=tuple(sorted({str(w) for w in data.get("left_stop_words") or ()})),
        surnames=frozenset(s for s in surnames if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames if len(s) == 2),
        not_name_chars=frozenset(str(data.get("not_name_chars", ""))),
        not_names=frozenset(str(w) for w in data.get("not_names") or ()),
        place_prefix_extra=tuple(str(w) for w in data.get("place_prefix_extra") or ()),
    )


def _left_edge(norm: str, head_start: int, rule: _Rule, spec: _Spec) -> int | None:
    """Start of a name that ends in the head at *head_start*; None if unclear."""
    start = head_start
    while start > 0:
        ch = norm[start - 1]
        if ch in spec.delimiters or not _CJK.match(ch):
            break
        if norm.endswith(spec.stop_words, 0, start):
            break
        if head_start - start >= rule.max_left:
            return None  # no boundary within reach
        start -= 1
    return start


def _place_left_edge(norm: str, head_start: int, rule: _Rule, spec: _Spec) -> int | None:
    """Start of the longest left part (<= max_left) that begins with a place name."""
    from democracy_study.parse.gazetteer import match_place_prefix

    for length in range(min(rule.max_left, head_start), max(rule.min_left, 1) - 1, -1):
        part = norm[head_start - length : head_start]
        if any(ch in spec.delimiters or not _CJK.match(ch) for ch in part):
            continue
        extra = next((w for w in spec.place_prefix_extra if part.startswith(w)), None)
        place = extra or match_place_prefix(part)
        if place is None:
            continue
        rest = part[len(place) :]
        if any(w in rest for w in spec.stop_words):
            continue  # 宁波大学和浙江 + 大学: the window spans two names
        return head_start - length
    return None


def _valid_person(name: str, spec: _Spec, max_given: int) -> bool:
    if name in spec.not_names or not all(_CJK.match(c) for c in name):
        return False
    if name[:2] in spec.compound_surnames:
        given = name[2:]
    elif name[:1] in spec.surnames:
        given = name[1:]
    else:
        return False
    return 1 <= len(given) <= max_given and not (set(given) & spec.not_name_chars)


def _name_before(norm: str, end: int, spec: _Spec, max_given: int) -> int | None:
    for length in range(max_given + 2, 1, -1):
        start = end - length
        if start >= 0 and _valid_person(norm[start:end], spec, max_given):
            return start
    return None


def _required_literals(pattern: str) -> tuple[str, ...]:
    """Literal strings one of which every match of *pattern* must contain (empty: unknown).

    Walks the parsed pattern: the longest run of literal characters that is
    not optional, or, for a mandatory alternation of literal prefixes, each
    branch's leading literal. A cheap ``in`` test on these skips a regex scan
    that could not match.

    >>> _required_literals("(?:省|市)?立法(?:联系点|联络点)")  # the common 联 is factored out
    ('立法联',)
    >>> _required_literals("(?:集团|有限公司)")
    ('集团', '有限公司')
    """
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]

    lit, branch, sub, mrep = (
        sre_parse.LITERAL,
        sre_parse.BRANCH,
        sre_parse.SUBPATTERN,
        (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT),
    )

    def lead(seq) -> str:
        out = []
        for op, av in seq:
            if op is lit:
                out.append(chr(av))
            else:
                break
        return "".join(out)

    def best(seq) -> tuple[str, ...]:
        found: list[tuple[str, ...]] = []
        run: list[str] = []
        for op, av in seq:
            if op is lit:
                run.append(chr(av))
                continue
            if run:
                found.append(("".join(run),))
                run = []
            if op is sub:
                inner = best(av[-1])
                if inner:
                    found.append(inner)
            elif op is branch:
                heads = tuple(lead(b) for b in av[1])
                if all(heads):
                    found.append(heads)
            elif op in mrep and av[0] >= 1:
                inner = best(av[2])
                if inner:
                    found.append(inner)
        if run:
            found.append(("".join(run),))
        # prefer the most selective: a single long literal, else the fewest alternatives
        found.sort(key=lambda alts: (len(alts), -min(len(a) for a in alts)))
        return found[0] if found else ()

    try:
        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return ()
        return best(parsed)
    except Exception:  # pragma: no cover - never let the optimisation break matching
        return ()


def _candidates(norm: str, spec: _Spec) -> list[tuple[int, int, int, Entity]]:
    out = []
    for rule in spec.rules:
        if rule.required and not any(lit in norm for lit in rule.required):
            continue  # the pattern cannot match without one of its literals
        for m in rule.regex.finditer(norm):
            if rule.kind == "pattern":
                groups = {k: (v or "") for k, v in m.groupdict().items()}
                name = rule.name.format(**groups) if rule.name else m.group(0)
                start, end = m.start(), m.end()
            elif rule.kind == "head":
                if rule.place_prefix:
                    left = _place_left_edge(norm, m.start(), rule, spec)
                    if left is None:
                        continue
                else:
                    left = _left_edge(norm, m.start(), rule, spec)
                    if (
                        left is not None
                        and rule.left_must_end_with is not None
                        and not rule.left_must_end_with.search(norm[left : m.start()])
                    ):
                        left = m.start()
                    if left is None:
                        if rule.left_must_end_with is None:
                            continue
                        left = m.start()  # stations: keep the bare head
                if m.start() - left < rule.min_left:
                    continue
                start, end = left, m.end()
                name = norm[start:end]
                if any(name.endswith(x) for x in rule.exclude):
                    continue
            elif rule.kind == "deputy_before":
                max_given = 3 if "等" in m.group(0)[:1] else 2
                start = _name_before(norm, m.start(), spec, max_given)
                if start is None:
                    continue
                name, end = norm[start : m.start()], m.end()
            else:  # deputy_after
                hit = None
                for length in (4, 3, 2):
                    cand = norm[m.end() : m.end() + length]
                    if (
                        len(cand) == length
                        and _valid_person(cand, spec, 2)
                        and (rule.follow is None or rule.follow.match(norm, m.end() + length))
                    ):
                        hit = cand
                        break
                if hit is None:
                    continue
                start, end, name = m.start(), m.end() + len(hit), hit
            name = _QUOTES.sub("", name)
            if not name:
                continue
            out.append(
                (rule.priority, -(end - start), start, Entity(rule.type, name, start, end, rule.id))
            )
    return out


def find_entities(text: str) -> list[Entity]:
    """Find stations, platforms, deputies, departments, organizations, documents, media.

    Parameters
    ----------
    text : str
        Any text (traditional script and full-width forms are fine).

    Returns
    -------
    list of Entity
        Non-overlapping, sorted by position; ``text[e.start:e.end]`` is the
        evidence of ``e``.

    Raises
    ------
    TypeError
        If *text* is not a string.

    Examples
    --------
    >>> text = "請區衛健局落實《某某市養老服務條例》，李曉紅等3名代表跟蹤"
    >>> [(e.type, e.name, text[e.start:e.end]) for e in find_entities(text)]
    [('department', '区卫健局', '區衛健局'), ('document', '某某市养老服务条例', '《某某市養老服務條例》'), ('deputy', '李晓红', '李曉紅等3名代表')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text:
        return []
    spec = _spec()
    norm = normalize(text)
    taken: list[tuple[int, int]] = []
    kept: list[Entity] = []
    for _p, _neg_len, _s, ent in sorted(_candidates(norm, spec), key=lambda c: c[:3]):
        if any(ent.start < e and s < ent.end for s, e in taken):
            continue
        taken.append((ent.start, ent.end))
        kept.append(ent)
    return sorted(kept, key=lambda e: (e.start, e.end))


def given_name_length(name: str) -> int:
    """Characters of a Chinese personal name after the surname (compound surnames known).

    >>> given_name_length("李桂华"), given_name_length("欧阳小明")
    (2, 2)
    """
    spec = _spec()
    return len(name) - (2 if name[:2] in spec.compound_surnames else 1)
