"""The per-file work of :func:`democracy_study.corpus.parse_reports`, its executor loop and cache.

Private module. :func:`parse_source` turns one decoded source into plain table
rows (parse, extract, defects and mechanism coding: everything that depends on
that file alone) plus the fingerprints of its reports; :func:`parse_all` runs
it over many sources serially or on any ``concurrent.futures`` executor (a
process pool, a dask ``Client.get_executor()``), with an optional per-source
cache (:mod:`democracy_study._cache`). Results come back in input order, so
the output does not depend on the executor. :func:`mark_syndication` then finds
the same article or passage in several sources through the fingerprint index
(:func:`democracy_study.parse.quality.find_syndicated`) and marks the copies.
"""

from __future__ import annotations

import bisect
import json
import math
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

from democracy_study.io.sources import Source
from democracy_study.parse.quality import (
    Report,
    Stream,
    find_syndicated,
    fingerprint,
)
from democracy_study.text import JoinedText

__all__ = [
    "SYNDICATION_MAX_COPIES",
    "apply_syndication",
    "find_copies",
    "is_serial",
    "mark_syndication",
    "parse_all",
    "parse_source",
    "syndication_entries",
]

#: A fingerprint found in more reports than this is boilerplate, not a syndicated article
#: (an article is republished by a handful of outlets; a stock phrase is in thousands of
#: reports, and comparing every pair of them made cross-source detection quadratic).
SYNDICATION_MAX_COPIES = 32
#: Fingerprints two reports of different sources must share to be compared.
SYNDICATION_MIN_SHARED = 4


def _streams_of(rows: dict[str, list[dict[str, Any]]], text: str) -> dict[str, Stream]:
    """Per report id (kind report): the stream of its paragraphs."""
    kinds = {r["report_id"]: r["kind"] for r in rows["reports"]}
    paras: dict[str, list[JoinedText]] = {}
    for p in rows["paragraphs"]:
        if kinds.get(p["report_id"]) == "report":
            paras.setdefault(p["report_id"], []).append(JoinedText(text, json.loads(p["spans"])))
    return {rid: Stream(jts) for rid, jts in paras.items()}


def parse_source(src: Source, code_mechanisms: bool = True) -> dict[str, Any]:
    """Rows of every table for one source, mechanism rows included, and report fingerprints."""
    from democracy_study.io.sources import SourceError
    from democracy_study.parse.document import source_rows

    try:
        rows = source_rows(src)
    except SourceError:
        raise
    except MemoryError:
        raise SourceError(src.path, "ran out of memory while parsing this file") from None
    except Exception as exc:  # a bug: name the file that triggers it
        raise SourceError(
            src.path,
            f"internal error while parsing ({type(exc).__name__}: {exc}); please report it",
        ) from None
    if code_mechanisms:
        from democracy_study.coding.coder import code_paragraphs, is_codable

        dups = [
            (q["char_start"], q["char_end"])
            for q in rows["quality"]
            if q["issue"] == "duplicate_passage"
        ]
        cols = ("source_file", "report_id", "paragraph_id", "place", "spans")
        # a section that states plans (flag plan_section) describes no practice: not coded
        rows["mechanisms"] = code_paragraphs(
            ([p[c] for c in cols] for p in rows["paragraphs"] if is_codable(p.get("flags"))),
            {src.name: src.text},
            {src.name: dups} if dups else {},
        )
    streams = _streams_of(rows, src.text)
    return {
        "rows": rows,
        "fingerprints": {rid: fingerprint(st.chars) for rid, st in streams.items()},
    }


def _task(sources: Sequence[Source], code_mechanisms: bool) -> list[dict[str, Any]]:
    return [parse_source(s, code_mechanisms) for s in sources]


def is_serial(executor: Any) -> bool:
    """True for ``"serial"`` or None (run in-process), False for an executor.

    >>> is_serial(None), is_serial("serial")
    (True, True)
    >>> is_serial("threads")
    Traceback (most recent call last):
    ...
    ValueError: executor must be an Executor, 'serial' or None, got 'threads'
    """
    if executor is None or executor == "serial":
        return True
    if isinstance(executor, str):
        raise ValueError(f"executor must be an Executor, 'serial' or None, got {executor!r}")
    return False


def parse_all(
    sources: Sequence[Source],
    *,
    code_mechanisms: bool = True,
    executor: Executor | str | None = "serial",
    cache: Any = None,
    chunk_size: int | None = None,
) -> list[dict[str, Any]]:
    """:func:`parse_source` for every source, in input order.

    Parameters
    ----------
    executor : concurrent.futures.Executor, "serial" or None
        Anything with ``submit`` returning futures (a process pool, a dask
        ``Client.get_executor()``); ``"serial"`` or None runs in-process.
    cache : SourceCache, optional
        Entries are looked up before and stored after parsing.
    chunk_size : int, optional
        Sources per task (default: a quarter of the sources per worker, at most 64).
    """
    if is_serial(executor):
        executor = "serial"
    results: list[dict[str, Any] | None] = [None] * len(sources)
    keys: list[str | None] = [None] * len(sources)
    todo: list[int] = []
    for i, s in enumerate(sources):
        if cache is not None:
            keys[i] = cache.key(s.name, s.sha256, code_mechanisms=code_mechanisms)
            hit = cache.get(keys[i])
            if hit is not None:
                results[i] = hit
                continue
        todo.append(i)
    if executor == "serial":
        for i in todo:
            results[i] = parse_source(sources[i], code_mechanisms)
    elif todo:
        if chunk_size is None:
            workers = os.cpu_count() or 1
            chunk_size = max(1, min(64, math.ceil(len(todo) / (4 * workers))))
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be positive, got {chunk_size}")
        chunks = [todo[k : k + chunk_size] for k in range(0, len(todo), chunk_size)]
        futs = [
            (ids, executor.submit(_task, [sources[i] for i in ids], code_mechanisms))
            for ids in chunks
        ]
        for ids, fut in futs:
            for i, r in zip(ids, fut.result(), strict=True):
                results[i] = r
    if cache is not None:
        for i in todo:
            cache.put(keys[i], results[i])
    return results  # type: ignore[return-value]


def _inside(spans: Sequence[tuple[int, int]], s: int, e: int, overlap: bool) -> bool:
    """``[s, e)`` inside (or, with *overlap*, overlapping) one of the disjoint sorted *spans*."""
    if overlap:  # the last span starting before e reaches past s
        k = bisect.bisect_left(spans, (e,)) - 1
        return k >= 0 and spans[k][1] > s
    k = bisect.bisect_right(spans, (s, float("inf"))) - 1
    return k >= 0 and spans[k][1] >= e


def _rank_key(
    source: Mapping[str, Any], report: Mapping[str, Any], outlet_ranks: Mapping[str, int]
) -> tuple:
    """Which copy is the original: earliest date, then outlet rank, then name.

    The date is the source's ``published`` (ISO, unknown last), then the
    report's ``year``; the outlet rank comes from *outlet_ranks* (lower =
    original; unlisted outlets after listed ones); the name is the
    ``source_file``, then the ``report_id``.
    """
    published = str(source.get("published") or "") or "\uffff"
    year = report.get("year")
    year = (
        int(year) if year is not None and not (isinstance(year, float) and year != year) else 10**6
    )
    outlet = str(source.get("outlet") or "")
    return (
        published,
        year,
        outlet_ranks.get(outlet, len(outlet_ranks)),
        str(report["source_file"]),
        str(report["report_id"]),
    )


def syndication_entries(
    results: Sequence[dict[str, Any]],
    outlet_ranks: Mapping[str, int] | None = None,
    *,
    offset: int = 0,
) -> tuple[list[Report], dict[tuple[str, str], tuple[int, dict[str, Any]]]]:
    """The :class:`Report` of every fingerprinted report in *results*, and where its row is.

    Also gives every report row an empty ``copy_of`` when it has none. *offset* is added
    to the result positions stored in the second value.
    """
    outlet_ranks = dict(outlet_ranks or {})
    reports: list[Report] = []
    where: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    for ri, res in enumerate(results):
        rows = res["rows"]
        src = rows["sources"][0] if rows["sources"] else {}
        for r in rows["reports"]:
            r.setdefault("copy_of", "")
            fp = res["fingerprints"].get(r["report_id"])
            if fp:
                key = (str(r["source_file"]), str(r["report_id"]))
                where[key] = (ri + offset, r)
                reports.append(Report(key, _rank_key(src, r, outlet_ranks), fp))
    return reports, where


def find_copies(reports: Sequence[Report], stream: Any) -> list:
    """:func:`~democracy_study.parse.quality.find_syndicated` with this package's settings
    (:data:`SYNDICATION_MAX_COPIES`, :data:`SYNDICATION_MIN_SHARED`)."""
    return find_syndicated(
        reports,
        stream,
        max_postings=SYNDICATION_MAX_COPIES,
        min_shared=SYNDICATION_MIN_SHARED,
    )


def mark_syndication(
    results: Sequence[dict[str, Any]],
    texts: Mapping[str, str],
    *,
    outlet_ranks: Mapping[str, int] | None = None,
) -> tuple[list[tuple[tuple[str, str], tuple[str, str]]], list[Report]]:
    """Mark reports and passages that copy another source's (in place, on the rows).

    A report whose text is mostly (see
    :func:`democracy_study.parse.quality.find_syndicated`) another source's
    report gets ``copy_of`` = that report's id, every quantity and mechanism row
    of it ``duplicate=True`` and a ``syndicated_copy`` quality row per shared
    passage; a shorter shared passage gives ``syndicated_passage`` rows and
    marks only the rows inside it. The original is the report ranked first by
    :func:`_rank_key`. Returns the (copy, original) report keys found and the
    fingerprinted reports (:func:`syndication_entries`).
    """
    reports, where = syndication_entries(results, outlet_ranks)
    if len(reports) < 2:
        return [], reports
    streams: dict[tuple[str, str], Stream] = {}

    def stream(key: tuple[str, str]) -> Stream:
        if key not in streams:
            ri, _ = where[key]
            streams[key] = _streams_of(results[ri]["rows"], texts[key[0]])[key[1]]
        return streams[key]

    found = find_copies(reports, stream)
    apply_syndication(results, where, texts, found)
    return [(c, o) for c, o, _, _ in found], reports


def apply_syndication(
    results: Sequence[dict[str, Any]],
    where: Mapping[tuple[str, str], tuple[int, dict[str, Any]]],
    texts: Mapping[str, str],
    found: Sequence[tuple[tuple[str, str], tuple[str, str], list[tuple[int, int]], bool]],
) -> None:
    """Mark the copies *found* by :func:`find_syndicated` on their rows (in place)."""
    touched: set[int] = set()
    for copy, original, runs, whole in found:
        ri, rep = where[copy]
        rows = results[ri]["rows"]
        touched.add(ri)
        if whole and not rep["copy_of"]:
            rep["copy_of"] = original[1]
        spans = list(runs)
        issue = "syndicated_copy" if whole else "syndicated_passage"
        paras = [p for p in rows["paragraphs"] if p["report_id"] == copy[1]]
        pstarts = [p["char_start"] for p in paras]
        text = texts[copy[0]]
        for a, b in spans:
            k = bisect.bisect_right(pstarts, a) - 1
            pid = paras[k]["paragraph_id"] if k >= 0 else ""
            rows["quality"].append(
                {
                    "source_file": copy[0],
                    "report_id": copy[1],
                    "paragraph_id": pid,
                    "issue": issue,
                    "detail": (
                        f"{b - a} characters also in {original[0]} ({original[1]}): {copy[0]} copies "
                        f"{original[0]} ({'the whole report' if whole else 'a passage'}; original by "
                        "earliest date, then outlet rank, then name); counted once"
                    ),
                    "evidence": text[a:b],
                    "char_start": a,
                    "char_end": b,
                }
            )
            if k >= 0:
                flags = set(filter(None, str(paras[k]["flags"]).split(";")))
                flags.add(issue)
                paras[k]["flags"] = ";".join(sorted(flags))

        for q in rows["quantities"]:
            if q["report_id"] == copy[1] and (
                whole or _inside(spans, q["char_start"], q["char_end"], False)
            ):
                q["duplicate"] = True
        for m in rows["mechanisms"]:
            if m["report_id"] == copy[1] and (
                whole or _inside(spans, m["cue_start"], m["cue_end"], True)
            ):
                m["duplicate"] = True
    for ri in touched:
        rows = results[ri]["rows"]
        rows["quality"].sort(key=lambda d: (d["char_start"], d["char_end"], d["issue"]))
