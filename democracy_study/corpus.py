"""Parse report files into the tables of the data contract.

:func:`parse_reports` is the one entry point: it reads sources, parses their
structure, resolves places, extracts quantities and entities, detects defects,
codes mechanisms and returns a :class:`Corpus` whose tables are pandas
DataFrames (see ``docs/ARCHITECTURE.md`` and ``data/processed/datapackage.json``
for every column).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "r.txt").write_text(
...     "## 昌乐县：标题\\n\\n**本报讯**（通讯员 张三）昌乐县人大常委会组织代表120名，"
...     "收集意见建议90余条。\\n", encoding="utf-8")
>>> corpus = parse_reports([d])
>>> corpus.reports[["report_id", "place", "admin_code"]].to_dict("records")
[{'report_id': 'r#r01', 'place': '昌乐县', 'admin_code': '370725'}]
>>> corpus.quantities[["evidence", "value", "qualifier"]].to_dict("records")
[{'evidence': '120名', 'value': 120.0, 'qualifier': 'exact'}, {'evidence': '90余条', 'value': 90.0, 'qualifier': 'over'}]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study.io.sources import Source, SourceError, read_source
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
    import pandas as pd

__all__ = [
    "REPORT_SUFFIXES",
    "Corpus",
    "collect_paths",
    "defects_in_context",
    "parse_reports",
    "places_summary",
    "quantities_by_place",
    "reports_filter",
]

#: Files in a directory that are parsed as reports (other files, e.g. SOURCES.md, are documentation).
REPORT_SUFFIXES = (".txt",)


_FACT_KINDS = ("count", "money", "percent")


@dataclass
class Corpus:
    """All tables of a parsed set of sources.

    Attributes
    ----------
    sources, reports, paragraphs, quantities, mechanisms, entities, quality : DataFrame
        The tables of the data contract.
    texts : dict
        ``source_file`` → decoded text; every ``char_start``/``char_end`` indexes it.
    """

    sources: pd.DataFrame
    reports: pd.DataFrame
    paragraphs: pd.DataFrame
    quantities: pd.DataFrame
    mechanisms: pd.DataFrame
    entities: pd.DataFrame
    quality: pd.DataFrame
    texts: dict[str, str] = field(repr=False)

    @property
    def place_mechanisms(self) -> pd.DataFrame:
        """Place × mechanism code, 0/1 (misplaced duplicate passages excluded)."""
        from democracy_study.coding.coder import place_mechanisms

        return place_mechanisms(self.mechanisms, places=self.places())

    @property
    def place_indicators(self) -> pd.DataFrame:
        """Place × indicator: the largest reported figure (count, money, percent; no duplicates)."""
        q = self.quantities
        q = q[
            q["kind"].isin(_FACT_KINDS)
            & ~q["duplicate"]
            & (q["indicator"] != "")
            & (q["place"] != "")
        ]
        wide = q.pivot_table(index="place", columns="indicator", values="value", aggfunc="max")
        wide = wide.reindex(self.places())
        wide.columns.name = None
        return wide.sort_index(axis=1)

    def places(self) -> list[str]:
        """Places with at least one report (not captions only), in document order."""
        r = self.reports
        return list(dict.fromkeys(r.loc[(r["kind"] == "report") & (r["place"] != ""), "place"]))

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables, including the derived wide ones, by name."""
        pm = self.place_mechanisms.reset_index()
        pi = self.place_indicators.reset_index()
        return {
            "sources": self.sources,
            "reports": self.reports,
            "paragraphs": self.paragraphs,
            "quantities": self.quantities,
            "mechanisms": self.mechanisms,
            "entities": self.entities,
            "quality": self.quality,
            "place_mechanisms": pm,
            "place_indicators": pi,
        }

    def evidence_ok(self) -> bool:
        """True if ``text[char_start:char_end] == evidence`` for every row of every table."""
        for name in ("quantities", "mechanisms", "entities", "quality"):
            t = getattr(self, name)
            for src, s, e, ev in zip(
                t["source_file"], t["char_start"], t["char_end"], t["evidence"], strict=True
            ):
                if self.texts[src][int(s) : int(e)] != ev:
                    return False
        m = self.mechanisms
        if "cue_text" in m:
            for src, s, e, ev in zip(
                m["source_file"], m["cue_start"], m["cue_end"], m["cue_text"], strict=True
            ):
                if self.texts[src][int(s) : int(e)] != ev:
                    return False
        return True


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories into a sorted list of report files.

    A directory contributes its files ending in :data:`REPORT_SUFFIXES`
    (not recursively). Raises :class:`SourceError` for a missing path or a
    directory with no report files.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                q for q in p.iterdir() if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES
            )
            if not found:
                raise SourceError(
                    p, f"directory has no report files ({', '.join(REPORT_SUFFIXES)})"
                )
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise SourceError(p, "no such file or directory")
    names = Counter(p.name for p in out)
    dup = sorted(n for n, c in names.items() if c > 1)
    if dup:
        raise SourceError(dup[0], "two sources have the same file name; source_file must be unique")
    return out


# ----------------------------------------------------------------------------------------------
# places


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
    doc: Document, norm: str
) -> tuple[list[_Place], list[Any], str | None, list[Any]]:
    """Resolve each report's place; return places, first mentions, prefecture code, all mentions.

    Headings are resolved first; the prefecture most of them share then scopes
    the search for place mentions in the text (one scan of the whole document).
    """
    from democracy_study.parse import gazetteer

    first = [
        gazetteer.resolve_place(r.place_as_written) if r.place_as_written else None
        for r in doc.reports
    ]
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
            m = gazetteer.resolve_place(r.place_as_written, prefecture=pref_name)
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
    return places, mentions_first, pref_code, scoped


# ----------------------------------------------------------------------------------------------
# one document


def _row_ids(stem: str, doc: Document) -> list[str]:
    ids, nr, nc = [], 0, 0
    for r in doc.reports:
        if r.kind == "caption":
            nc += 1
            ids.append(f"{stem}#c{nc:02d}")
        else:
            nr += 1
            ids.append(f"{stem}#r{nr:02d}")
    return ids


def _locate(paras: list[tuple[str, str, JoinedText]], start: int) -> tuple[str, str]:
    for rid, pid, jt in paras:
        for s, e in jt.spans:
            if s <= start < e:
                return rid, pid
    return "", ""


def _parse_one(src: Source) -> dict[str, list[dict[str, Any]]]:
    from democracy_study.parse.entities import find_entities, given_name_length
    from democracy_study.parse.quantities import find_quantities

    text, name = src.text, src.name
    doc = parse_document(text)
    stem = Path(name).stem
    ids = _row_ids(stem, doc)
    jts = [[JoinedText(text, p.spans) for p in r.paragraphs] for r in doc.reports]
    places, first_mentions, pref_code, mentions = _resolve_reports(doc, normalize(text))

    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLE_COLUMNS}
    defects: list[Defect] = []
    flat: list[tuple[str, str, JoinedText]] = []

    for r, rid, place, mention, paras in zip(
        doc.reports, ids, places, first_mentions, jts, strict=True
    ):
        as_written = r.place_as_written or (mention.as_written if mention is not None else "")
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
        if place.match in ("unknown", "ambiguous") and r.kind == "report":
            defects.append(
                Defect(
                    f"place_{place.match}",
                    f"place '{as_written}' could not be resolved ({place.match})",
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
                }
            )
            norm = jt.normalized
            for q in find_quantities(norm):
                ev, cs, ce = jt.evidence(q.start, q.end)
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
                    }
                )
            for ent in find_entities(norm):
                ev, cs, ce = jt.evidence(ent.start, ent.end)
                if ent.type == "deputy":
                    k = cs + ev.find(ent.name) if ent.name in ev else -1
                    d = (
                        detect_doubled_in_name(ent.name, given_name_length(ent.name), k, text)
                        if k >= cs
                        else None
                    )
                    if d is not None and not any(
                        x.issue == d.issue and x.char_start == d.char_start for x in defects
                    ):
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
            defects.extend(detect_doubled_characters(jt))
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
    units = [paras if r.kind == "report" else [] for r, paras in zip(doc.reports, jts, strict=True)]
    labels = [
        f"{rid} ({pl.place or r.place_as_written or '?'})"
        for rid, pl, r in zip(ids, places, doc.reports, strict=True)
    ]
    defects.extend(detect_duplicates(text, units, labels))
    for m in re.finditer(r"<[A-Za-z/][^<>\n]{0,200}>|&[a-z]{2,6};", text):
        defects.append(
            Defect("html_remnant", "HTML markup left in the text", m.start(), m.end(), m.group())
        )

    misplaced = [(d.char_start, d.char_end) for d in defects if d.issue == "duplicate_passage"]
    for q in rows["quantities"]:
        q["duplicate"] = any(s <= q["char_start"] and q["char_end"] <= e for s, e in misplaced)
    para_flags = {row["paragraph_id"]: row for row in rows["paragraphs"]}
    for d in sorted(defects, key=lambda d: (d.char_start, d.char_end, d.issue)):
        rid, pid = _locate(flat, d.char_start)
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
            "title": doc.title_text,
            "title_char_start": doc.title[0] if doc.title else None,
            "title_char_end": doc.title[1] if doc.title else None,
            "n_reports": sum(r.kind == "report" for r in doc.reports),
            "n_captions": sum(r.kind == "caption" for r in doc.reports),
        }
    )
    return rows


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(columns))
    for c in (
        "char_start",
        "char_end",
        "position",
        "n_pieces",
        "n_paragraphs",
        "n_bytes",
        "n_chars",
        "n_reports",
        "n_captions",
    ):
        if c in df:
            df[c] = df[c].astype("int64")
    for c in (
        "year",
        "heading_char_start",
        "heading_char_end",
        "title_char_start",
        "title_char_end",
    ):
        if c in df:
            df[c] = df[c].astype("Int64")
    if "duplicate" in df:
        df["duplicate"] = df["duplicate"].astype(bool)
    for c in ("value", "value_max"):
        if c in df:
            df[c] = df[c].astype("float64")
    return df


def parse_reports(
    paths: Iterable[str | Path] | str | Path, *, code_mechanisms: bool = True
) -> Corpus:
    """Parse report files (or directories of them) into a :class:`Corpus`.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, or directories whose ``*.txt`` files are reports.
    code_mechanisms : bool
        Run the mechanism coder (:func:`democracy_study.coding.coder.code_corpus`).

    Raises
    ------
    SourceError
        A file is missing, empty, binary or undecodable (the message names it).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files = collect_paths(paths)
    sources = [read_source(p) for p in files]  # every file is read before anything is parsed
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLE_COLUMNS}
    for src in sources:
        for k, v in _parse_one(src).items():
            rows[k].extend(v)
    frames = {k: _frame(rows[k], TABLE_COLUMNS[k]) for k in TABLE_COLUMNS}
    corpus = Corpus(texts={s.name: s.text for s in sources}, **frames)
    if code_mechanisms:
        from democracy_study.coding.coder import code_corpus

        mech = code_corpus(corpus)
        extra = [c for c in mech.columns if c not in TABLE_COLUMNS["mechanisms"]]
        corpus.mechanisms = mech[TABLE_COLUMNS["mechanisms"] + extra].reset_index(drop=True)
    return corpus


def reports_filter(
    corpus: Corpus, *, place: str | Sequence[str] | None = None, kind: str | None = None
) -> Corpus:
    """A corpus restricted to some places and/or kinds; every table keeps its columns.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("## 昌乐县：甲\\n\\n开展活动3次。\\n\\n## 青州市：乙\\n\\n走访企业5家。\\n", encoding="utf-8")
    >>> sub = reports_filter(parse_reports(d, code_mechanisms=False), place="青州市")
    >>> sub.quantities["evidence"].tolist()
    ['5家']
    """
    keep = corpus.reports
    if place is not None:
        places = [place] if isinstance(place, str) else list(place)
        keep = keep[keep["place"].isin(places)]
    if kind is not None:
        keep = keep[keep["kind"] == kind]
    ids = set(keep["report_id"])
    tables = {}
    for name in TABLE_COLUMNS:
        t = getattr(corpus, name)
        tables[name] = t[t["report_id"].isin(ids)].reset_index(drop=True) if "report_id" in t else t
    return Corpus(texts=corpus.texts, **tables)


def quantities_by_place(
    corpus: Corpus, *, facts_only: bool = True, include_duplicates: bool = False
) -> pd.DataFrame:
    """Counts of quantities per place and kind (duplicates excluded by default).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("## 昌乐县：甲\\n\\n开展活动3次，走访企业5家，投入资金10万元。\\n", encoding="utf-8")
    >>> quantities_by_place(parse_reports(d, code_mechanisms=False)).to_dict("records")
    [{'place': '昌乐县', 'count': 2, 'money': 1, 'percent': 0}]
    """
    import pandas as pd

    q = corpus.quantities
    if not include_duplicates:
        q = q[~q["duplicate"]]
    kinds = list(_FACT_KINDS) if facts_only else sorted(q["kind"].unique())
    q = q[q["kind"].isin(kinds)]
    table = pd.crosstab(q["place"], q["kind"]).reindex(columns=kinds, fill_value=0)
    table.columns.name = None
    return table.reset_index()


def places_summary(corpus: Corpus) -> pd.DataFrame:
    """One row per place: reports, paragraphs, joins, fact quantities, mechanism codes, defects.

    Quantities in misplaced duplicate passages are not counted; captions count
    as their own kind.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("## 昌乐县：甲\\n\\n开展活动3次，走访\\n\\n企业5家。\\n", encoding="utf-8")
    >>> places_summary(parse_reports(d, code_mechanisms=False)).iloc[0].to_dict()
    {'place': '昌乐县', 'place_en': 'Changle County', 'reports': 1, 'captions': 0, 'paragraphs': 1, 'joined_paragraphs': 1, 'facts': 2, 'mechanism_codes': 0, 'defects': 0}
    """
    import pandas as pd

    r = corpus.reports[corpus.reports["place"] != ""]
    rows = []
    for place in dict.fromkeys(r["place"]):
        ids = set(r.loc[r["place"] == place, "report_id"])
        p = corpus.paragraphs[corpus.paragraphs["report_id"].isin(ids)]
        q = corpus.quantities[corpus.quantities["report_id"].isin(ids)]
        m = corpus.mechanisms[corpus.mechanisms["report_id"].isin(ids)]
        qual = corpus.quality[corpus.quality["report_id"].isin(ids)]
        rows.append(
            {
                "place": place,
                "place_en": r.loc[r["place"] == place, "place_en"].iloc[0],
                "reports": int((r.loc[r["place"] == place, "kind"] == "report").sum()),
                "captions": int((r.loc[r["place"] == place, "kind"] == "caption").sum()),
                "paragraphs": len(p),
                "joined_paragraphs": int((p["n_pieces"] > 1).sum()),
                "facts": int((q["kind"].isin(_FACT_KINDS) & ~q["duplicate"]).sum()),
                "mechanism_codes": int(m.loc[~m["duplicate"], "code"].nunique()) if len(m) else 0,
                "defects": int((qual["issue"] != "duplicate_passage_source").sum()),
            }
        )
    return pd.DataFrame(rows)


def defects_in_context(corpus: Corpus, width: int = 12) -> pd.DataFrame:
    """The quality table with the source text around each defect (``before``, ``evidence``, ``after``).

    Page-break whitespace is shown as ``⏎``.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("## 昌乐县：甲\\n\\n昌乐市人大常委会开展活动。\\n", encoding="utf-8")
    >>> defects_in_context(parse_reports(d, code_mechanisms=False), width=4)[["issue", "evidence", "after"]].to_dict("records")
    [{'issue': 'place_suffix_mismatch', 'evidence': '昌乐市', 'after': '人大常委'}]
    """

    def show(t: str) -> str:
        return re.sub(r"\s*\n\s*", "⏎", t)

    q = corpus.quality.copy()
    before, evidence, after = [], [], []
    for src, s, e in zip(q["source_file"], q["char_start"], q["char_end"], strict=True):
        text = corpus.texts[src]
        before.append(show(text[max(0, s - width) : s]))
        evidence.append(show(text[s:e]))
        after.append(show(text[e : e + width]))
    q["before"], q["evidence"], q["after"] = before, evidence, after
    return q[
        ["report_id", "issue", "before", "evidence", "after", "detail", "char_start", "char_end"]
    ]
