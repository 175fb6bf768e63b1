"""One source text to the rows of every table: structure, places, quantities, entities, defects.

:func:`source_rows` is the per-file stage of
:func:`democracy_study.corpus.parse_reports` (mechanism coding and the
corpus-wide steps run there): it parses the structure, resolves each report's
place, and extracts paragraphs, quantities (with their meaning columns),
entities and quality rows, every row pointing at its characters.

Examples
--------
>>> from democracy_study.io.sources import Source
>>> text = "## 昌乐县：标题\\n\\n**本报讯**（通讯员 张三）昌乐县人大常委会组织代表120名。\\n"
>>> src = Source(path=None, name="r.txt", text=text, encoding="utf-8", sha256="", n_bytes=0)
>>> rows = source_rows(src)
>>> [(r["report_id"], r["place"]) for r in rows["reports"]]
[('r#r01', '昌乐县')]
>>> [q["evidence"] for q in rows["quantities"]]
['120名']
"""

from __future__ import annotations

import dataclasses
import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study.io.sources import Source
from democracy_study.parse.quality import (
    Defect,
    detect_doubled_characters,
    detect_doubled_in_name,
    detect_duplicates,
    detect_lost_text,
)
from democracy_study.parse.structure import Document, parse_document, theme_of
from democracy_study.schema import TABLE_COLUMNS
from democracy_study.text import JoinedText, normalize

if TYPE_CHECKING:
    pass

__all__ = ["source_rows"]


@dataclass
class _Place:
    place: str = ""
    admin_code: str = ""
    admin_level: str = ""
    place_en: str = ""
    prefecture: str = ""
    province: str = ""
    match: str = "unknown"


def _place_from_match(m: Any) -> _Place:
    if m is None or m.match in ("unknown", "ambiguous"):
        return _Place(match=getattr(m, "match", "unknown"))
    return _Place(
        m.name,
        m.admin_code,
        m.admin_level,
        m.place_en,
        m.prefecture or "",
        m.province or "",
        m.match,
    )


def _resolve_reports(
    doc: Document, norm: str, hint: str = ""
) -> tuple[list[_Place], list[Any], str | None, list[Any], list[str]]:
    """Resolve each report's place; return places, first mentions, prefecture code, all
    mentions, and per report the prefecture the source's metadata scoped it to ("" if none).

    Headings are resolved first; the prefecture most of them share then scopes
    the search for place mentions in the text (one scan of the whole document). A heading
    place that matches several units is looked up again within each prefecture named in
    *hint* (text outside the document: a web page's ``<title>``, its site name), in order;
    the first that gives one unit is taken.
    """
    from democracy_study.parse import gazetteer

    first = [
        gazetteer.resolve_organ(r.place_as_written) if r.place_as_written else None
        for r in doc.reports
    ]
    scoped_by = [""] * len(first)
    if hint and any(m is not None and m.match == "ambiguous" for m in first):
        hint_prefs = list(
            dict.fromkeys(
                x.place.prefecture
                for x in gazetteer.find_place_mentions(normalize(hint))
                if x.place.match not in ("unknown", "ambiguous") and x.place.prefecture
            )
        )
        for i, (r, m) in enumerate(zip(doc.reports, first, strict=True)):
            if m is not None and m.match == "ambiguous":
                again, pref = _one_unit_within(r.place_as_written, hint_prefs)
                if again is not None:
                    first[i], scoped_by[i] = again, pref
    prefs = Counter(
        m.prefecture_code
        for m in first
        if m is not None and m.match not in ("unknown", "ambiguous") and m.prefecture_code
    )
    pref_code = prefs.most_common(1)[0][0] if prefs else None
    pref_name = next(
        (m.prefecture for m in first if m is not None and m.prefecture_code == pref_code), None
    )
    scoped = gazetteer.find_place_mentions(norm, prefecture_code=pref_code) if pref_code else []
    national = None
    places, mentions_first = [], []
    for r, m in zip(doc.reports, first, strict=True):
        if r.place_as_written and m is not None and m.match == "ambiguous" and pref_name:
            m = gazetteer.resolve_organ(r.place_as_written, prefecture=pref_name)
        mention = None
        if not r.place_as_written:
            inside = [x for x in scoped if r.start <= x.start < r.end]
            if not inside:
                if national is None:
                    national = gazetteer.find_place_mentions(norm)
                inside = [x for x in national if r.start <= x.start < r.end]
            if inside:
                mention = inside[0]
                m = mention.place
        mentions_first.append(mention)
        places.append(_place_from_match(m))
    return places, mentions_first, pref_code, scoped, scoped_by


def _first_person(
    doc: Document, norm: str, places: list[_Place], pref_code: str | None
) -> list[Any]:
    """The speaking deputy of each first-person report; its place becomes the report's (in place)."""
    from democracy_study.parse import gazetteer
    from democracy_study.parse.genres import first_person_deputy

    out: list[Any] = []
    for k, r in enumerate(doc.reports):
        d = first_person_deputy(norm[r.start : r.end]) if r.kind == "report" else None
        out.append(d)
        if d is None or not d.constituency:
            continue
        m = gazetteer.resolve_place(d.county + d.constituency) if d.county else None
        if m is None or m.match in ("unknown", "ambiguous"):
            m = gazetteer.resolve_place(d.constituency)
        if m is not None and m.match not in ("unknown", "ambiguous"):
            places[k] = _place_from_match(m)
    return out


def _row_place(label: str, default: str, pref_code: str | None, prefecture: str = "") -> str:
    """The unit a table row is about: its first cell resolved in the gazetteer, else *default*.

    A name that several units share (a town name) is taken within the *prefecture* of the
    report when it is one unit there.
    """
    from democracy_study.parse import gazetteer

    if not label:
        return default
    found = gazetteer.find_place_mentions(label, prefecture_code=pref_code) if pref_code else []
    found = found or gazetteer.find_place_mentions(label)
    if found and found[0].start == 0:
        return found[0].place.name or default
    m = gazetteer.resolve_place(label)
    if m is not None and m.match == "ambiguous" and prefecture:
        m = _one_unit_within(label, [prefecture])[0]
    return (
        m.name if m is not None and m.match not in ("unknown", "ambiguous") and m.name else default
    )


def _one_unit_within(name: str, prefectures: Sequence[str]) -> tuple[Any, str]:
    """``(match, prefecture)`` for the first of *prefectures* in which *name* is one unit,
    else ``(None, "")``."""
    from democracy_study.parse import gazetteer

    for pref in prefectures:
        m = gazetteer.resolve_organ(name, prefecture=pref)
        if m.match not in ("unknown", "ambiguous"):
            return m, pref
    return None, ""


def _targets_as_plans(
    norm: str, qs: list[Any], fact_kinds: Any, plan_section: bool = False
) -> list[Any]:
    """*qs* with each fact made kind ``plan`` (a target, not a result): every fact in a
    *plan_section*, else each fact after a plan cue of its sentence (``plan_cues`` in
    ``data/nonfacts.yaml``: 力争, 预计 …).

    >>> from democracy_study.parse.quantities import FACT_KINDS, find_quantities
    >>> t = "办结意见建议124条。力争明年办结率达到95%以上。"
    >>> [(q.kind, q.indicator) for q in _targets_as_plans(t, find_quantities(t), FACT_KINDS)]
    [('count', 'issues_resolved'), ('plan', '')]
    >>> [q.kind for q in _targets_as_plans(t, find_quantities(t), FACT_KINDS, True)]
    ['plan', 'plan']
    """
    from democracy_study._util import load_package_yaml
    from democracy_study.parse.semantics import sentence_spans

    cues = load_package_yaml("nonfacts.yaml")["plan_cues"]
    if not qs or not (plan_section or any(w in norm for w in cues)):
        return qs
    starts = [] if plan_section else [s for s, _ in sentence_spans(norm)]

    def planned(q: Any) -> bool:
        if q.kind not in fact_kinds:
            return False
        if plan_section:
            return True
        ss = starts[max(0, bisect_right(starts, q.start) - 1)]
        return any(norm.find(w, ss, q.start) >= 0 for w in cues)

    return [dataclasses.replace(q, kind="plan", indicator="") if planned(q) else q for q in qs]


# ----------------------------------------------------------------------------------------------
# one document


def _row_ids(stem: str, doc: Document) -> list[str]:
    ids, nr, nc, ne = [], 0, 0, 0
    for r in doc.reports:
        if r.kind == "caption":
            nc += 1
            ids.append(f"{stem}#c{nc:02d}")
        elif r.kind == "editorial":  # 编者按, page head (issue 18)
            ne += 1
            ids.append(f"{stem}#e{ne:02d}")
        else:
            nr += 1
            ids.append(f"{stem}#r{nr:02d}")
    return ids


def _locate(paras: list[tuple[str, str, JoinedText]], start: int) -> tuple[str, str]:
    return _locator(paras)(start)


def _locator(
    paras: list[tuple[str, str, JoinedText]], reports: Sequence[tuple[int, int, str]] = ()
) -> Any:
    """``start -> (report_id, paragraph_id)`` of the paragraph piece holding *start* (bisection).

    Outside every paragraph (a heading, say) the report whose ``(start, end, id)`` in
    *reports* holds *start* gives the report id, with no paragraph id.
    """
    pieces = sorted((s, e, i) for i, (_, _, jt) in enumerate(paras) for s, e in jt.spans if e > s)
    starts = [s for s, _, _ in pieces]
    spans = sorted(r for r in reports if r[1] > r[0])
    r_starts = [s for s, _, _ in spans]

    def locate(start: int) -> tuple[str, str]:
        k = bisect_right(starts, start) - 1
        if k >= 0 and start < pieces[k][1]:  # pieces of a document do not overlap
            rid, pid, _ = paras[pieces[k][2]]
            return rid, pid
        k = bisect_right(r_starts, start) - 1
        if k >= 0 and start < spans[k][1]:
            return spans[k][2], ""
        return "", ""

    return locate


def _page_of(src: Source, offset: int) -> int | None:
    """The PDF page number holding *offset* (None for other formats)."""
    for s, e, page in src.pages:
        if s <= offset < e:
            return page
    return None


def source_rows(src: Source) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one decoded source (see the module docs)."""
    from democracy_study.parse import tables
    from democracy_study.parse.entities import find_entities, given_name_length
    from democracy_study.parse.genres import first_person_pronouns, share_values
    from democracy_study.parse.quantities import FACT_KINDS, find_quantities, number_notes
    from democracy_study.parse.semantics import quantity_rows

    text, name = src.text, src.name
    doc = parse_document(text, list(src.markup) or None)
    stem = Path(name).stem
    ids = _row_ids(stem, doc)
    jts = [[JoinedText(text, p.spans) for p in r.paragraphs] for r in doc.reports]
    hint = " ".join(src.meta.get(k, "") for k in ("page_title", "outlet"))  # outside the text
    norm_text = normalize(text)
    places, first_mentions, pref_code, mentions, scoped_by = _resolve_reports(doc, norm_text, hint)
    deputies = _first_person(doc, norm_text, places, pref_code)  # issue 18
    table_cells: list[tuple[int, int, bool]] = []  # per quantity row: (table, column, total)
    # passages shared by two reports, found before the rows are built, so that the index's
    # arrays and the rows are not in memory at once
    units = [paras if r.kind == "report" else [] for r, paras in zip(doc.reports, jts, strict=True)]
    labels = [
        f"{rid} ({pl.place or r.place_as_written or '?'})"
        for rid, pl, r in zip(ids, places, doc.reports, strict=True)
    ]
    copies = detect_duplicates(text, units, labels)
    del units, labels

    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLE_COLUMNS}
    defects: list[Defect] = []
    doubled: set[tuple[str, int]] = set()  # (issue, char_start) of doubled-character defects
    flat: list[tuple[str, str, JoinedText]] = []

    n_table, header, prev_role = -1, [], ""
    for r, rid, place, mention, paras, deputy, scope_pref in zip(
        doc.reports, ids, places, first_mentions, jts, deputies, scoped_by, strict=True
    ):
        as_written = r.place_as_written or (mention.as_written if mention is not None else "")
        if (
            deputy is not None
            and deputy.constituency
            and place.match not in ("unknown", "ambiguous")
        ):
            as_written = deputy.constituency
        rows["reports"].append(
            {
                "report_id": rid,
                "source_file": name,
                "kind": r.kind,
                "place": place.place,
                "place_as_written": as_written,
                "admin_code": place.admin_code,
                "admin_level": place.admin_level,
                "place_en": place.place_en,
                "prefecture": place.prefecture,
                "province": place.province,
                "place_match": place.match,
                "year": r.year,
                "headline": r.headline,
                "correspondents": ";".join(r.correspondents),
                "n_paragraphs": len(r.paragraphs),
                "heading_char_start": r.heading[0] if r.heading else None,
                "heading_char_end": r.heading[1] if r.heading else None,
                "char_start": r.start,
                "char_end": r.end,
            }
        )
        anchor = r.heading or (r.paragraphs[0].spans[0] if r.paragraphs else (r.start, r.end))
        if "no_heading" in r.flags:
            defects.append(
                Defect(
                    "no_heading",
                    "text with no report heading: parsed as one report; place "
                    + (f"taken from the text ({as_written})" if place.place else "unknown"),
                    anchor[0],
                    anchor[1],
                    text[anchor[0] : anchor[1]],
                )
            )
        if scope_pref:
            defects.append(
                Defect(
                    "place_from_metadata",
                    f"'{r.place_as_written}' names several units; taken as {place.place} "
                    f"({place.admin_code}) within {scope_pref}, the prefecture named by the "
                    "source's page title or site name",
                    anchor[0],
                    anchor[1],
                    text[anchor[0] : anchor[1]],
                )
            )
        if place.match in ("unknown", "ambiguous") and r.kind == "report":
            defects.append(
                Defect(
                    f"place_{place.match}",
                    (
                        f"place '{as_written}' could not be resolved ({place.match})"
                        if as_written
                        else "no place name found in the heading or the text (a name that "
                        "matches several units is not taken from running text; "
                        "annotate places.csv)"
                    ),
                    anchor[0],
                    anchor[1],
                    text[anchor[0] : anchor[1]],
                )
            )
        for p, jt in zip(r.paragraphs, paras, strict=True):
            pid = f"{rid}.p{p.position:02d}"
            flat.append((rid, pid, jt))
            rows["paragraphs"].append(
                {
                    "report_id": rid,
                    "paragraph_id": pid,
                    "source_file": name,
                    "place": place.place,
                    "position": p.position,
                    "role": p.role,
                    "theme": theme_of(jt.text) if p.role == "body" else "",
                    "text": jt.text,
                    "n_pieces": p.n_pieces,
                    "spans": json.dumps([list(s) for s in p.spans]),
                    "flags": list(p.flags),
                    "char_start": p.start,
                    "char_end": p.end,
                    "page": _page_of(src, p.start),
                }
            )
            norm = jt.normalized
            breaks = jt.breaks()
            for issue, detail, ns, ne in number_notes(norm, breaks):
                ev, cs, ce = jt.evidence(ns, ne)
                defects.append(Defect(issue, detail, cs, ce, ev))
            ents = find_entities(norm)
            cols: list[tuple[int, int, bool]] = []
            row_place = place.place
            if p.role == "table":  # issue 18: one quantity per cell, units from the header
                if prev_role != "table":
                    n_table, header = n_table + 1, []
                if tables.is_separator(norm):
                    qs = []
                elif not header:
                    header = [norm[a:b] for a, b in tables.split_cells(norm)]
                    qs = [q for q in find_quantities(norm, breaks) if q.kind not in FACT_KINDS]
                else:
                    qs = tables.row_quantities(norm, header)
                    label, total = tables.row_label(norm)
                    row_place = (
                        place.place
                        if total
                        else _row_place(label, place.place, pref_code, place.prefecture)
                    )
                    spans = tables.split_cells(norm)
                    cols = [
                        (
                            n_table,
                            next(
                                k
                                for k, (a, b) in enumerate(spans)
                                if a <= q.start < b or a == q.start
                            ),
                            total,
                        )
                        for q in qs
                    ]
            else:
                qs = share_values(norm, find_quantities(norm, breaks))  # A、B均为100%
            prev_role = p.role
            # a section that states plans, or a plan cue before a figure (力争…95%以上):
            # targets, not results
            qs = _targets_as_plans(norm, qs, FACT_KINDS, "plan_section" in p.flags)
            ekeys = [f"{e.type}@{jt.evidence(e.start, e.end)[1]}" for e in ents]
            sem = quantity_rows(norm, qs, ents, pid, row_place, pref_code, ekeys)  # issue 11
            if p.role == "table" and cols:
                for more in sem:
                    if more["subject_place"]:
                        more["subject_place"] = row_place
            table_cells.extend(cols or [(-1, -1, False)] * len(qs))
            for q, more in zip(qs, sem, strict=True):
                ev, cs, ce = jt.evidence(q.start, q.end)
                if (
                    deputy is not None
                    and q.kind in FACT_KINDS
                    and (not more["actor"] or more["actor"] in first_person_pronouns())
                ):
                    more = {**more, "actor": deputy.name}
                rows["quantities"].append(
                    {
                        "source_file": name,
                        "report_id": rid,
                        "paragraph_id": pid,
                        "place": place.place,
                        "value": q.value,
                        "value_max": q.value_max,
                        "unit": q.unit,
                        "qualifier": q.qualifier,
                        "kind": q.kind,
                        "indicator": q.indicator,
                        "evidence": ev,
                        "char_start": cs,
                        "char_end": ce,
                        "duplicate": False,
                        **more,
                    }
                )
            for ent in ents:
                ev, cs, ce = jt.evidence(ent.start, ent.end)
                if ent.type == "deputy":
                    k = cs + ev.find(ent.name) if ent.name in ev else -1
                    d = (
                        detect_doubled_in_name(ent.name, given_name_length(ent.name), k, text)
                        if k >= cs
                        else None
                    )
                    if d is not None and (d.issue, d.char_start) not in doubled:
                        doubled.add((d.issue, d.char_start))
                        defects.append(d)
                rows["entities"].append(
                    {
                        "source_file": name,
                        "report_id": rid,
                        "paragraph_id": pid,
                        "type": ent.type,
                        "name": ent.name,
                        "evidence": ev,
                        "char_start": cs,
                        "char_end": ce,
                    }
                )
            if p.role in ("lead", "caption"):
                for person in r.correspondents:
                    k = text.find(person, p.start, p.end)
                    if k >= 0:
                        rows["entities"].append(
                            {
                                "source_file": name,
                                "report_id": rid,
                                "paragraph_id": pid,
                                "type": "correspondent",
                                "name": person,
                                "evidence": person,
                                "char_start": k,
                                "char_end": k + len(person),
                            }
                        )
            defects.extend(detect_lost_text(jt))
            found = detect_doubled_characters(jt)
            doubled.update((x.issue, x.char_start) for x in found)
            defects.extend(found)
        if r.heading and place.match == "suffix_mismatch" and not pref_code:
            hs, he = r.heading
            k = text.find(r.place_as_written, hs, he)
            if k >= 0:
                defects.append(
                    Defect(
                        "place_suffix_mismatch",
                        f"heading names '{r.place_as_written}'; the unit is {place.place} ({place.admin_code})",
                        k,
                        k + len(r.place_as_written),
                        r.place_as_written,
                    )
                )

    tables.link_totals(rows["quantities"], table_cells)  # cells are part_of their totals row
    for fs, fe, why in doc.furniture:  # page numbers, read/like bars, follow prompts (issue 18)
        defects.append(
            Defect(
                "page_furniture",
                f"page furniture ({why}): left out of the text",
                fs,
                fe,
                text[fs:fe],
            )
        )
    for m in mentions:  # one scan of the whole document, scoped to its prefecture
        if m.place.match == "suffix_mismatch":
            defects.append(
                Defect(
                    "place_suffix_mismatch",
                    f"'{m.as_written}' is written with the wrong administrative suffix; the unit is "
                    f"{m.place.name} ({m.place.admin_code}); kept as written, resolved, flagged",
                    m.start,
                    m.end,
                    text[m.start : m.end],
                )
            )
    for s, e in doc.unfinished:
        tail = max(s, e - 6)
        defects.append(
            Defect(
                "paragraph_unfinished",
                "a paragraph ends without sentence-final punctuation before a heading or the end of the "
                "text; text may be lost",
                tail,
                e,
                text[tail:e],
            )
        )
    defects.extend(copies)
    if src.format == "text":  # markup pasted into a text file (a web page's blanked view has none)
        for m in re.finditer(r"<[A-Za-z/][^<>\n]{0,200}>|&[a-z]{2,6};", text):
            defects.append(
                Defect(
                    "html_remnant", "HTML markup left in the text", m.start(), m.end(), m.group()
                )
            )
    for note in src.notes:  # what the source reader noticed: page furniture, missing text layers
        defects.append(
            Defect(note.issue, note.detail, note.start, note.end, text[note.start : note.end])
        )

    misplaced = sorted(
        (d.char_start, d.char_end) for d in defects if d.issue == "duplicate_passage"
    )
    m_starts, m_reach = [s for s, _ in misplaced], list(accumulate((e for _, e in misplaced), max))
    for q in rows[
        "quantities"
    ]:  # inside a misplaced passage: bisection on starts, running max of ends
        k = bisect_right(m_starts, q["char_start"])
        q["duplicate"] = k > 0 and m_reach[k - 1] >= q["char_end"]
    para_flags = {row["paragraph_id"]: row for row in rows["paragraphs"]}
    locate = _locator(
        flat, [(r.start, r.end, rid) for r, rid in zip(doc.reports, ids, strict=True)]
    )
    for d in sorted(defects, key=lambda d: (d.char_start, d.char_end, d.issue)):
        rid, pid = locate(d.char_start)
        rows["quality"].append(
            {
                "source_file": name,
                "report_id": rid,
                "paragraph_id": pid,
                "issue": d.issue,
                "detail": d.detail,
                "evidence": d.evidence,
                "char_start": d.char_start,
                "char_end": d.char_end,
            }
        )
        if pid and d.issue not in para_flags[pid]["flags"]:
            para_flags[pid]["flags"].append(d.issue)
    for row in rows["paragraphs"]:
        row["flags"] = ";".join(sorted(row["flags"]))
    rows["sources"].append(
        {
            "source_file": name,
            "encoding": src.encoding,
            "sha256": src.sha256,
            "n_bytes": src.n_bytes,
            "n_chars": len(text),
            "format": src.format,
            "title": doc.title_text or src.meta.get("title", ""),
            "published": src.meta.get("published", ""),
            "outlet": src.meta.get("outlet", ""),
            "author": src.meta.get("author", ""),
            "title_char_start": doc.title[0] if doc.title else None,
            "title_char_end": doc.title[1] if doc.title else None,
            "n_reports": sum(r.kind == "report" for r in doc.reports),
            "n_captions": sum(r.kind == "caption" for r in doc.reports),
        }
    )
    return rows
