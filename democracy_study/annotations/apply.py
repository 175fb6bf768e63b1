"""Applying human corrections to the parsed tables, with provenance.

A folder of annotation files (by default ``data/annotations/``) holds what
researchers changed; :func:`annotate_corpus` applies it to the tables that
:func:`democracy_study.corpus.parse_reports` produced. ``data/raw`` is never
edited. Three files, each optional (UTF-8 CSV with a header line):

``quantities.csv``
    ``source_file, char_start, char_end, field, value, coder, date, reason``:
    set *field* of the quantity at exactly those offsets (``value``,
    ``value_max``, ``unit``, ``qualifier``, ``kind``, ``indicator``,
    ``duplicate`` or any other column the quantities table has, except the
    provenance columns and ``place``).
``mechanisms.csv``
    ``report_id, code, present, coder, date, reason[, char_start, char_end]``:
    add (``present`` = 1) or remove (0) a mechanism code for a report, or, with
    offsets, for the paragraph of that report that contains them (a code added
    to a whole report is anchored at its first paragraph).
``places.csv``
    ``source_file, char_start, char_end, place, coder, date, reason``: the
    place of the report (or caption) whose offsets are exactly these; the
    place is resolved with the gazetteer and propagated to the report's
    paragraphs, quantities and mechanism rows.

Provenance: every changed row of ``reports``, ``paragraphs``, ``quantities``
and ``mechanisms`` has an ``annotation`` cell, a JSON list of changes
``{"field", "from", "to", "coder", "date", "reason", "ref"}`` (``ref`` =
``file:line``); :func:`revert_annotations` restores the parser's values from
it. A removed mechanism row moves to ``quality`` (issue
``annotation_removed``, the original rows as JSON at the end of ``detail``;
:func:`removed_mechanisms` reads it back). An annotation that matches
nothing any more becomes a ``stale_annotation`` row of ``quality`` and a line
on stderr; it is never applied to another row. Two annotations that set one
target to different values (two coders, or one coder twice) raise
:class:`AnnotationError` naming both.

Examples
--------
>>> import json, types, pandas as pd
>>> text = "## 某县：标题\\n\\n开展活动3次。\\n"
>>> q = pd.DataFrame({"source_file": ["a.txt"], "report_id": ["a#r01"],
...     "paragraph_id": ["a#r01.p01"], "place": [""], "value": [3.0], "kind": ["count"],
...     "evidence": ["3次"], "char_start": [15], "char_end": [17]})
>>> ann = Annotation("quantities", "quantities.csv", 2, "li", "2025-01-02", "misread",
...     source_file="a.txt", char_start=15, char_end=17, field="value", value="4")
>>> corpus = types.SimpleNamespace(texts={"a.txt": text}, quantities=q)
>>> stale = annotate_corpus(corpus, [ann], quiet=True)
>>> corpus.quantities["value"].tolist(), stale
([4.0], [])
>>> [(c["field"], c["from"], c["to"], c["coder"]) for c in json.loads(corpus.quantities["annotation"][0])]
[('value', 3.0, 4.0, 'li')]
>>> revert_annotations(corpus.quantities)["value"].tolist()
[3.0]
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from democracy_study.annotations.files import (
    _ORIGINAL_MARK,
    _PLACE_COLUMNS,
    _PROTECTED,
    _REMOVED,
    _STALE,
    ANNOTATED_TABLES,
    ANNOTATION_COLUMN,
    Annotation,
    AnnotationError,
    parse_present,
    read_annotations,
)

__all__ = [
    "annotate_corpus",
    "annotation_changes",
    "annotation_summary",
    "removed_mechanisms",
    "revert_annotations",
]


def _jsonable(v: Any) -> Any:
    if hasattr(v, "item"):
        v = v.item()
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return v


def _change(a: Annotation, field: str, old: Any, new: Any) -> dict[str, Any]:
    return {
        "field": field,
        "from": _jsonable(old),
        "to": _jsonable(new),
        "coder": a.coder,
        "date": a.date,
        "reason": a.reason,
        "ref": a.ref,
    }


def _append(cell: Any, changes: list[dict[str, Any]]) -> str:
    cur = json.loads(cell) if isinstance(cell, str) and cell else []
    return json.dumps(cur + changes, ensure_ascii=False, sort_keys=True)


def _coerce(df: pd.DataFrame, field: str, value: str, where: str) -> Any:
    from democracy_study.parse.quantities import INDICATORS, KINDS, QUALIFIERS

    dtype = str(df[field].dtype)
    if dtype == "bool":
        return parse_present(value, f"{where}: {field}")
    if dtype.startswith("float"):
        if value == "" and field != "value":
            return math.nan
        try:
            return float(value)
        except ValueError:
            raise AnnotationError(f"{where}: {field} {value!r} is not a number") from None
    if dtype.lower().startswith("int"):
        try:
            return int(value)
        except ValueError:
            raise AnnotationError(f"{where}: {field} {value!r} is not an integer") from None
    allowed = {"qualifier": QUALIFIERS, "kind": KINDS, "indicator": ("", *INDICATORS)}.get(field)
    if allowed is not None and value not in allowed:
        names = ", ".join(a or "''" for a in allowed)
        raise AnnotationError(f"{where}: {field} {value!r} is not one of {names}")
    return value


def _same(x: Any, y: Any) -> bool:
    return x == y or (x != x and y != y)  # NaN == NaN here


def _check_conflicts(targets: dict[Any, list[tuple[Annotation, Any]]], what: Any) -> None:
    for key in sorted(targets, key=str):
        items = sorted(targets[key], key=lambda av: (av[0].file, av[0].line))
        a0, v0 = items[0]
        for a, v in items[1:]:
            if not _same(v, v0):
                raise AnnotationError(
                    f"conflicting annotations of {what(key)}: {a0.where()} sets {a0.field}={v0!r}, "
                    f"{a.where()} sets {a.field}={v!r}; keep one (adjudicate) and delete the other"
                )


def _stale(
    corpus: Any, a: Annotation, detail: str, source_file: str, report_id: str = ""
) -> dict[str, Any]:
    text = corpus.texts[source_file]
    s = min(a.char_start or 0, len(text))
    e = min(a.char_end or 0, len(text))
    s = min(s, e)
    return {
        "source_file": source_file,
        "report_id": report_id,
        "paragraph_id": "",
        "issue": _STALE,
        "detail": f"{a.where(full=False)}: {detail}; not applied (update or delete the annotation)",
        "evidence": text[s:e],
        "char_start": s,
        "char_end": e,
    }


def _ensure_columns(corpus: Any) -> None:
    for name in ANNOTATED_TABLES:
        df = getattr(corpus, name, None)
        if df is None:
            continue
        df = df.copy()
        if ANNOTATION_COLUMN not in df.columns:
            df[ANNOTATION_COLUMN] = ""
        df[ANNOTATION_COLUMN] = df[ANNOTATION_COLUMN].fillna("").astype(str)
        setattr(corpus, name, df)


def _apply_places(corpus: Any, anns: list[Annotation], stale: list[dict[str, Any]]) -> None:
    from democracy_study.parse.gazetteer import resolve_place

    r = corpus.reports
    index = {
        (sf, int(s), int(e)): i
        for i, sf, s, e in zip(
            r.index, r["source_file"], r["char_start"], r["char_end"], strict=True
        )
    }
    targets: dict[Any, list[tuple[Annotation, Any]]] = {}
    for a in anns:
        i = index.get((a.source_file, a.char_start, a.char_end))
        if i is None:
            stale.append(
                _stale(
                    corpus,
                    a,
                    f"no report or caption spans {a.char_start}-{a.char_end}",
                    a.source_file,
                )
            )
            continue
        m = resolve_place(a.value)
        if m.match in ("unknown", "ambiguous"):
            raise AnnotationError(
                f"{a.where()}: place {a.value!r} is {m.match} in the gazetteer; write the official "
                "name, prefixed by its prefecture if needed (e.g. <prefecture><county>)"
            )
        new = {
            "place": m.name,
            "admin_code": m.admin_code,
            "admin_level": m.admin_level,
            "place_en": m.place_en,
            "prefecture": m.prefecture or "",
            "province": m.province or "",
            "place_match": m.match,
        }
        targets.setdefault(i, []).append((a, new))
    _check_conflicts(targets, lambda i: f"the place of report {r.at[i, 'report_id']}")
    for i in sorted(targets):
        rid = r.at[i, "report_id"]
        changes: list[dict[str, Any]] = []
        for a, new in sorted(targets[i], key=lambda av: (av[0].file, av[0].line)):
            for col in _PLACE_COLUMNS:
                if col in r.columns:
                    changes.append(_change(a, col, r.at[i, col], new[col]))
        first = sorted(targets[i], key=lambda av: (av[0].file, av[0].line))[0]
        for col in _PLACE_COLUMNS:
            if col in r.columns:
                r.at[i, col] = first[1][col]
        r.at[i, ANNOTATION_COLUMN] = _append(r.at[i, ANNOTATION_COLUMN], changes)
        place_changes = [c for c in changes if c["field"] == "place"]
        for name in ("paragraphs", "quantities", "mechanisms"):
            t = getattr(corpus, name, None)
            if t is None or "report_id" not in t.columns or "place" not in t.columns:
                continue
            for j in t.index[t["report_id"] == rid]:
                t.at[j, "place"] = first[1]["place"]
                t.at[j, ANNOTATION_COLUMN] = _append(t.at[j, ANNOTATION_COLUMN], place_changes)


def _apply_quantities(corpus: Any, anns: list[Annotation], stale: list[dict[str, Any]]) -> None:
    q = corpus.quantities
    index: dict[tuple[str, int, int], int] = {}
    for i, sf, s, e in zip(q.index, q["source_file"], q["char_start"], q["char_end"], strict=True):
        index.setdefault((sf, int(s), int(e)), i)
    targets: dict[Any, list[tuple[Annotation, Any]]] = {}
    for a in anns:
        i = index.get((a.source_file, a.char_start, a.char_end))
        if i is None:
            stale.append(
                _stale(
                    corpus, a, f"no quantity at {a.char_start}-{a.char_end} any more", a.source_file
                )
            )
            continue
        if a.field not in q.columns:
            raise AnnotationError(
                f"{a.where()}: the quantities table has no column {a.field!r}; fields: "
                + ", ".join(c for c in q.columns if c not in _PROTECTED)
            )
        targets.setdefault((i, a.field), []).append((a, _coerce(q, a.field, a.value, a.where())))

    def label(key: Any) -> str:
        i, field = key
        return f"{field} of the quantity {q.at[i, 'evidence']!r} at {q.at[i, 'source_file']}:{q.at[i, 'char_start']}-{q.at[i, 'char_end']}"

    _check_conflicts(targets, label)
    for key in sorted(targets):
        i, field = key
        items = sorted(targets[key], key=lambda av: (av[0].file, av[0].line))
        old = q.at[i, field]
        changes = [_change(a, field, old, v) for a, v in items]
        q.at[i, field] = items[0][1]
        q.at[i, ANNOTATION_COLUMN] = _append(q.at[i, ANNOTATION_COLUMN], changes)


def _source_of(corpus: Any, report_id: str) -> str | None:
    r = corpus.reports
    hit = r.loc[r["report_id"] == report_id, "source_file"]
    if len(hit):
        return str(hit.iloc[0])
    stem = report_id.split("#", 1)[0]
    names = sorted(n for n in corpus.texts if Path(n).stem == stem)
    return names[0] if names else None


def _apply_mechanisms(
    corpus: Any, anns: list[Annotation], stale: list[dict[str, Any]], removed: list[dict[str, Any]]
) -> None:
    import pandas as pd

    from democracy_study.coding.codebook import load_codebook

    cb = load_codebook()
    r = corpus.reports.set_index("report_id", drop=False)
    paras = corpus.paragraphs
    m = corpus.mechanisms
    targets: dict[Any, list[tuple[Annotation, Any]]] = {}
    where_of: dict[Any, tuple[str, int, int, str]] = {}
    for a in anns:
        sf = _source_of(corpus, a.report_id)
        if a.report_id not in r.index:
            assert sf is not None
            stale.append(_stale(corpus, a, f"no report {a.report_id} any more", sf))
            continue
        if a.char_start is None:
            key: tuple[str, str, str] = (a.report_id, "", a.value)
            first = paras[paras["report_id"] == a.report_id].head(1)
            if not len(first):
                stale.append(
                    _stale(corpus, a, f"report {a.report_id} has no paragraph", sf, a.report_id)
                )
                continue
            # a code added to a whole report is anchored at its first paragraph
            where_of[key] = (
                sf,
                int(first["char_start"].iloc[0]),
                int(first["char_end"].iloc[0]),
                str(first["paragraph_id"].iloc[0]),
            )
        else:
            p = paras[
                (paras["report_id"] == a.report_id)
                & (paras["char_start"] <= a.char_start)
                & (paras["char_end"] >= a.char_end)
            ]
            if len(p) != 1:
                stale.append(
                    _stale(
                        corpus,
                        a,
                        f"no paragraph of {a.report_id} holds {a.char_start}-{a.char_end} any more",
                        sf,
                        a.report_id,
                    )
                )
                continue
            pid = str(p["paragraph_id"].iloc[0])
            key = (a.report_id, pid, a.value)
            where_of[key] = (sf, a.char_start, a.char_end, pid)
        targets.setdefault(key, []).append((a, a.present))
    _check_conflicts(
        targets, lambda k: f"code {k[2]} in {k[1] or k[0]}" + ("" if k[1] else " (whole report)")
    )
    # a report-level "absent" contradicts a paragraph-level "present" of the same code
    for (rid, pid, code), items in sorted(targets.items()):
        if pid and items[0][1]:
            whole = targets.get((rid, "", code))
            if whole and not whole[0][1]:
                raise AnnotationError(
                    f"conflicting annotations of code {code} in {rid}: {whole[0][0].where()} removes it "
                    f"from the whole report, {items[0][0].where()} adds it to paragraph {pid}"
                )
    drop: list[int] = []
    added: list[dict[str, Any]] = []
    for key in sorted(targets):
        rid, pid, code = key
        items = sorted(targets[key], key=lambda av: (av[0].file, av[0].line))
        present = items[0][1]
        sel = (m["report_id"] == rid) & (m["code"] == code)
        if pid:
            sel &= m["paragraph_id"] == pid
        rows = list(m.index[sel])
        if present and rows:  # confirmed: the coder already had it
            for j in rows:
                m.at[j, ANNOTATION_COLUMN] = _append(
                    m.at[j, ANNOTATION_COLUMN], [_change(a, "present", 1, 1) for a, _ in items]
                )
        elif present:
            sf, s, e, anchor = where_of[key]
            ev = corpus.texts[sf][s:e]
            row = {c: "" for c in m.columns}
            row.update(
                source_file=sf,
                report_id=rid,
                paragraph_id=anchor,
                place=str(r.at[rid, "place"]),
                code=code,
                family=cb.family(code),
                evidence=ev,
                char_start=s,
                char_end=e,
                rule="annotation",
                duplicate=False,
            )
            if "cue_text" in m.columns:
                row.update(cue_text=ev, cue_start=s, cue_end=e, n_hits=0)
            row[ANNOTATION_COLUMN] = _append("", [_change(a, "present", 0, 1) for a, _ in items])
            added.append(row)
        elif rows:
            for j in rows:
                original = {c: _jsonable(m.at[j, c]) for c in m.columns if c != ANNOTATION_COLUMN}
                who = "; ".join(f"{a.coder} ({a.date}, {a.ref}): {a.reason}" for a, _ in items)
                removed.append(
                    {
                        "source_file": m.at[j, "source_file"],
                        "report_id": rid,
                        "paragraph_id": m.at[j, "paragraph_id"],
                        "issue": _REMOVED,
                        "detail": f"mechanism code {code} removed by {who}",
                        "evidence": m.at[j, "evidence"],
                        "char_start": int(m.at[j, "char_start"]),
                        "char_end": int(m.at[j, "char_end"]),
                        "_original": original,
                    }
                )
                drop.append(j)
        else:
            sf = where_of[key][0]
            for a, _ in items:
                stale.append(
                    _stale(
                        corpus,
                        a,
                        f"removes {code} from {pid or rid}, but the automatic coder does not find it there",
                        sf,
                        rid,
                    )
                )
    if drop or added:
        m = m.drop(index=drop)
        if added:
            new = pd.DataFrame(added, columns=m.columns)
            new = new.astype({c: m[c].dtype for c in m.columns}) if len(m) else new
            m = pd.concat([m, new], ignore_index=True)
        corpus.mechanisms = m.reset_index(drop=True)


def _merge(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One quality row per (source_file, issue, char_start, char_end): the table's key."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    originals: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        key = (row["source_file"], row["issue"], row["char_start"], row["char_end"])
        if key in out:
            out[key]["detail"] += " | " + row["detail"]
        else:
            out[key] = {k: v for k, v in row.items() if k != "_original"}
        if "_original" in row:
            originals.setdefault(key, []).append(row["_original"])
    for key, orig in originals.items():
        out[key]["detail"] += _ORIGINAL_MARK + json.dumps(orig, ensure_ascii=False, sort_keys=True)
    return list(out.values())


def annotate_corpus(
    corpus: Any,
    annotations: str | Path | Sequence[Annotation] | None,
    *,
    mechanisms: bool = True,
    stream: TextIO | None = None,
    quiet: bool = False,
) -> list[dict[str, Any]]:
    """Apply *annotations* to the tables of *corpus* (in place); return the stale rows.

    Parameters
    ----------
    corpus : object
        With ``texts`` and the DataFrames ``reports``, ``paragraphs``,
        ``quantities``, ``mechanisms``, ``quality`` (those present are used;
        :class:`democracy_study.corpus.Corpus` has them all).
    annotations : path, sequence of Annotation or None
        A folder (read with :func:`read_annotations`) or rows already read.
        ``None``: only add the empty ``annotation`` columns.
    mechanisms : bool
        False when mechanisms were not coded: mechanism annotations are skipped.
    stream : file, optional
        Where stale and skipped annotations are reported (default: stderr).
    quiet : bool
        Report nothing (the stale rows are still returned and put in ``quality``).

    Returns
    -------
    list of dict
        The ``stale_annotation`` rows also appended to ``corpus.quality``.

    Raises
    ------
    AnnotationError
        Malformed files, unresolvable places, or conflicting annotations.
    """
    import pandas as pd

    if annotations is None:
        anns: list[Annotation] = []
    elif isinstance(annotations, (str, Path)):
        anns = read_annotations(annotations, must_exist=True)
    else:
        anns = list(annotations)
    _ensure_columns(corpus)
    out = stream if stream is not None else sys.stderr
    say = (lambda msg: None) if quiet else (lambda msg: print(msg, file=out))
    if not anns:
        return []
    skipped: list[Annotation] = []
    by_kind: dict[str, list[Annotation]] = {"places": [], "quantities": [], "mechanisms": []}
    for a in anns:
        sf = _source_of(corpus, a.report_id) if a.kind == "mechanisms" else a.source_file
        if sf is None or sf not in corpus.texts or (a.kind == "mechanisms" and not mechanisms):
            skipped.append(a)
        else:
            by_kind[a.kind].append(a)
    stale: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    if by_kind["places"]:
        _apply_places(corpus, by_kind["places"], stale)
    if by_kind["quantities"]:
        _apply_quantities(corpus, by_kind["quantities"], stale)
    if by_kind["mechanisms"]:
        _apply_mechanisms(corpus, by_kind["mechanisms"], stale, removed)
    if stale or removed:
        qual = corpus.quality
        new = pd.DataFrame(_merge(removed) + _merge(stale), columns=qual.columns)
        for c in ("char_start", "char_end"):
            new[c] = new[c].astype(qual[c].dtype if len(qual) else "int64")
        corpus.quality = pd.concat([qual, new], ignore_index=True) if len(qual) else new
    for row in stale:
        say(f"stale annotation: {row['detail']}")
    if skipped:
        names = sorted({Path(a.file).name for a in skipped})
        say(
            f"{len(skipped)} annotation(s) in {', '.join(names)} concern sources or tables not "
            "parsed here; not applied"
        )
    return stale


def revert_annotations(df: pd.DataFrame) -> pd.DataFrame:
    """The table as the parser made it: every annotated cell back to its ``from`` value.

    Rows a human added (mechanisms: ``present`` from 0) are dropped; rows a
    human removed are in ``quality`` (see :func:`removed_mechanisms`). The
    ``annotation`` column is emptied.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"kind": ["name"], "annotation": [
    ...     '[{"field": "kind", "from": "count", "to": "name", "coder": "li"}]']})
    >>> revert_annotations(df)["kind"].tolist()
    ['count']
    """
    out = df.copy()
    if ANNOTATION_COLUMN not in out.columns:
        return out
    drop = []
    for i, cell in zip(out.index, out[ANNOTATION_COLUMN], strict=True):
        if not isinstance(cell, str) or not cell:
            continue
        changes = json.loads(cell)
        if any(c["field"] == "present" and c["from"] == 0 for c in changes):
            drop.append(i)
            continue
        for c in reversed(changes):
            if c["field"] == "present":
                continue
            old = c["from"]
            out.at[i, c["field"]] = (
                math.nan if old is None and out[c["field"]].dtype.kind == "f" else old
            )
    out = out.drop(index=drop)
    out[ANNOTATION_COLUMN] = ""
    return out.reset_index(drop=True) if drop else out


def removed_mechanisms(quality: pd.DataFrame) -> pd.DataFrame:
    """The mechanism rows human annotations removed, as they were (from ``quality``).

    >>> import pandas as pd
    >>> q = pd.DataFrame({"issue": ["annotation_removed"], "detail": [
    ...     'mechanism code x removed by li; original rows: [{"code": "x", "char_start": 3}]']})
    >>> removed_mechanisms(q).to_dict("records")
    [{'code': 'x', 'char_start': 3}]
    """
    import pandas as pd

    rows = [
        row
        for d in quality.loc[quality["issue"] == _REMOVED, "detail"]
        for row in json.loads(d.split(_ORIGINAL_MARK, 1)[1])
    ]
    return pd.DataFrame(rows)


def annotation_changes(df: pd.DataFrame) -> pd.DataFrame:
    """Every change recorded in *df*'s ``annotation`` column, one row per change.

    Columns: ``row`` (the index label), field, from, to, coder, date, reason, ref.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"annotation": ["", '[{"field": "value", "from": 3, "to": 4, '
    ...     '"coder": "li", "date": "2025-01-02", "reason": "r", "ref": "quantities.csv:2"}]']})
    >>> annotation_changes(df)[["row", "field", "from", "to", "coder"]].to_dict("records")
    [{'row': 1, 'field': 'value', 'from': 3, 'to': 4, 'coder': 'li'}]
    """
    import pandas as pd

    cols = ["row", "field", "from", "to", "coder", "date", "reason", "ref"]
    rows: list[dict[str, Any]] = []
    if ANNOTATION_COLUMN in df.columns:
        for i, cell in zip(df.index, df[ANNOTATION_COLUMN], strict=True):
            if isinstance(cell, str) and cell:
                rows.extend({"row": i, **c} for c in json.loads(cell))
    return pd.DataFrame(rows, columns=cols)


def _differs(changes: pd.DataFrame) -> pd.Series:
    import pandas as pd

    keep = [not _same(a, b) for a, b in zip(changes["from"], changes["to"], strict=True)]
    return pd.Series(keep, index=changes.index, dtype=bool)


def annotation_summary(corpus: Any) -> pd.DataFrame:
    """How much human annotation changed: one row per kind of change (``what``, ``n``).

    Counts quantities corrected (rows, and fields whose value changed), mechanism
    codes added, removed and confirmed, report places changed and stale annotations.

    >>> import types, pandas as pd
    >>> t = lambda **k: pd.DataFrame({"annotation": [""], **k})
    >>> c = types.SimpleNamespace(quantities=t(), mechanisms=t(), reports=t(),
    ...     quality=pd.DataFrame({"issue": ["stale_annotation"]}))
    >>> annotation_summary(c).set_index("what")["n"].to_dict()["stale annotations"]
    1
    """
    import pandas as pd

    def changes(name: str) -> pd.DataFrame:
        return annotation_changes(getattr(corpus, name))

    q = changes("quantities")
    q = q[q["field"] != "place"]
    real = q[_differs(q)]
    m = changes("mechanisms")
    m = m[m["field"] == "present"]
    r = changes("reports")
    r = r[r["field"] == "place"]
    r = r[_differs(r)]
    issues = corpus.quality["issue"]
    rows = [
        ("quantities corrected", real["row"].nunique()),
        ("quantity fields changed", len(real.drop_duplicates(["row", "field"]))),
        ("mechanism codes added", m.loc[m["from"] == 0, "row"].nunique()),
        ("mechanism codes removed", int((issues == _REMOVED).sum())),
        ("mechanism codes confirmed", m.loc[m["from"] == 1, "row"].nunique()),
        ("report places changed", r["row"].nunique()),
        ("stale annotations", int((issues == _STALE).sum())),
    ]
    return pd.DataFrame(rows, columns=["what", "n"])
