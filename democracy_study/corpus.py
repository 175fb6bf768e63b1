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

import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study.io.formats import SUFFIXES, read_document
from democracy_study.io.sources import SourceError
from democracy_study.schema import TABLE_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "REPORT_SUFFIXES",
    "UNKNOWN_PLACE",
    "Corpus",
    "collect_paths",
    "defects_in_context",
    "parse_reports",
    "places_summary",
    "quantities_by_place",
    "read_corpus",
    "reports_filter",
]

#: Files in a directory that are parsed as reports: text, Markdown, web pages, PDF, Word.
REPORT_SUFFIXES = SUFFIXES
#: File names in a directory that document the corpus and are not reports (case-insensitive).
DOCUMENTATION_NAMES = ("sources.md", "readme.md", "readme.txt", "license.txt", "license.md")


_FACT_KINDS = ("count", "money", "percent")
#: How a report whose place could not be resolved is labelled in summaries, figures and
#: analyses (its ``place`` column stays empty; a ``place_unknown`` quality row says why).
UNKNOWN_PLACE = "unknown place"


@dataclass
class Corpus:
    """All tables of a parsed set of sources.

    Attributes
    ----------
    sources, reports, paragraphs, quantities, mechanisms, entities, quality, funnels : DataFrame
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
    funnels: pd.DataFrame
    texts: dict[str, str] = field(repr=False)
    #: ``(path, problem)`` of each file left out by ``parse_reports(keep_going=True)``.
    rejected: list[tuple[str, str]] = field(default_factory=list, repr=False)

    @classmethod
    def read(cls, path: str | Path, *, raw: str | Path | None = None, texts: bool = True) -> Corpus:
        """Load an output directory (CSV, Parquet or Stata) written by ``write_tables``.

        The same as :func:`read_corpus`, which documents where the source
        texts come from (``raw``) and how they are checked.
        """
        return read_corpus(path, raw=raw, texts=texts)

    @property
    def place_mechanisms(self) -> pd.DataFrame:
        """Place × mechanism code, 0/1 (misplaced duplicate passages excluded)."""
        from democracy_study.coding.coder import place_mechanisms

        return place_mechanisms(self.mechanisms, places=self.places())

    @property
    def place_indicators(self) -> pd.DataFrame:
        """Place × indicator: the largest reported figure (count, money, percent; no duplicates)."""
        q = self.quantities[["kind", "duplicate", "indicator", "place", "value"]]
        q = q[  # only the columns used: a boolean take of every column costs
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
            "funnels": self.funnels,
            "place_mechanisms": pm,
            "place_indicators": pi,
        }

    def place_names(self) -> dict[str, str]:
        """Official Chinese place name → English (pinyin) name, from the reports table.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "r.txt").write_text("## 昌乐县：甲\\n\\n开展活动3次。\\n", encoding="utf-8")
        >>> parse_reports([d]).place_names()
        {'昌乐县': 'Changle County'}
        """
        r = self.reports
        r = r[r["place"] != ""]
        return dict(zip(r["place"], r["place_en"], strict=True))

    def kwic(self, pattern: str, window: int = 20) -> pd.DataFrame:
        """Concordance: every match of the regular expression *pattern* with its context and offsets.

        See :func:`democracy_study.coding.sheets.concordance` (columns source_file,
        report_id, paragraph_id, place, left, match, right, char_start, char_end).
        """
        from democracy_study.coding.sheets import concordance

        return concordance(self, pattern, window)

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
    (not recursively), except the documentation files named in
    :data:`DOCUMENTATION_NAMES` (``SOURCES.md``, ``README.md``). Raises :class:`SourceError` for a missing path or a
    directory with no report files.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            with os.scandir(p) as entries:  # no stat per entry (the type is in the listing)
                found = sorted(
                    (
                        q
                        for e in entries
                        if (q := p / e.name).suffix.lower() in REPORT_SUFFIXES
                        and e.name.lower() not in DOCUMENTATION_NAMES
                        and e.is_file()
                    ),
                    key=lambda q: q.name,  # one folder: the order of the paths
                )
            if not found:
                raise SourceError(
                    p, f"directory has no report files ({', '.join(REPORT_SUFFIXES)})"
                )
            out.extend(found)
        elif p.is_file():
            out.append(p)
        elif p.is_symlink():
            raise SourceError(p, "broken symbolic link or link loop (it leads to no file)")
        else:
            raise SourceError(p, "no such file or directory")
    names = Counter(p.name for p in out)
    dup = sorted(n for n, c in names.items() if c > 1)
    if dup:
        where = ", ".join(str(p) for p in out if p.name == dup[0])
        raise SourceError(
            dup[0], f"two sources have the same file name ({where}); source_file must be unique"
        )
    return out


def _unique_stems(names: Sequence[str]) -> dict[str, str]:
    """Report-id stem of each source name, unique whatever the case or extension.

    The stem is the name without its extension, unless another source's stem
    equals it ignoring case: then the whole name, and a ``~2``, ``~3`` suffix
    if even whole names differ only by case.

    >>> _unique_stems(["report.txt", "report.TXT", "b.txt"])
    {'report.txt': 'report.txt~2', 'report.TXT': 'report.TXT', 'b.txt': 'b'}
    """
    stem = {n: Path(n).stem for n in names}
    by_key = Counter(v.casefold() for v in stem.values())
    stems = {n: (stem[n] if by_key[stem[n].casefold()] == 1 else n) for n in names}
    seen: Counter[str] = Counter()
    for n in sorted(names, key=lambda n: (n.casefold(), n)):
        key = stems[n].casefold()
        seen[key] += 1
        if seen[key] > 1:
            stems[n] = f"{stems[n]}~{seen[key]}"
    return stems


# ----------------------------------------------------------------------------------------------
# places


def _rename_ids(res: dict[str, Any], old: str, new: str) -> None:
    """Give one source's rows the report-id stem *new* instead of *old* (in place)."""
    head = f"{old}#"

    def fix(v: Any) -> Any:
        return new + v[len(old) :] if isinstance(v, str) and v.startswith(head) else v

    for table in res["rows"].values():
        for row in table:
            for col in (
                "report_id",
                "paragraph_id",
                "copy_of",
                "quantity_id",
                "part_of",
                "rate_of",
            ):
                if col in row:
                    row[col] = fix(row[col])
    if "fingerprints" in res:
        res["fingerprints"] = {fix(k): v for k, v in res["fingerprints"].items()}


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
        "page",
    ):
        if c in df:
            df[c] = df[c].astype("Int64")
    if "duplicate" in df:
        df["duplicate"] = df["duplicate"].astype(bool)
    for c in ("value", "value_max"):
        if c in df:
            df[c] = df[c].astype("float64")
    if df.empty:  # no rows: text columns get the string dtype a non-empty table would infer
        for c in df.select_dtypes(include="object").columns:
            df[c] = df[c].astype("str")
    return df


def parse_reports(
    paths: Iterable[str | Path] | str | Path,
    *,
    code_mechanisms: bool = True,
    annotations: str | Path | None = None,
    executor: Any = "serial",
    cache: str | Path | bool | None = None,
    outlet_ranks: dict[str, int] | None = None,
    keep_going: bool = False,
) -> Corpus:
    """Parse report files (or directories of them) into a :class:`Corpus`.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, or directories whose ``*.txt`` files are reports.
    code_mechanisms : bool
        Run the mechanism coder (:func:`democracy_study.coding.coder.code_corpus`).
    annotations : path, optional
        A folder of human corrections (:mod:`democracy_study.annotations`), applied
        last. Every annotated table has an ``annotation`` column either way.
    executor : concurrent.futures.Executor or "serial"
        Where the files are parsed (the convention of
        :func:`democracy_study.networks.ensemble.simulate`): any object whose
        ``submit`` returns futures, e.g. a ``ProcessPoolExecutor`` or a dask
        ``Client.get_executor()``. The tables are the same, byte for byte,
        whatever runs them.
    cache : path, True or None
        A per-source cache directory (``True``: the user cache directory,
        :func:`democracy_study._cache.default_cache_dir`); entries are keyed by
        the file's sha256, its name, the package version, a digest of the package's code
        and rule files and the options, so
        only new or changed files are parsed again.
    outlet_ranks : dict, optional
        Outlet name → rank (lower = the original) for syndicated copies; see
        below.
    keep_going : bool
        Leave out the files that cannot be read or parsed and list them, with
        the reason, in ``Corpus.rejected`` (default: the first bad file is an
        error). It is still an error if no file is left.

    Notes
    -----
    The same article or passage in several sources is found through an index
    of report fingerprints. One copy is the original: the earliest
    ``published`` date (then report ``year``), then the lowest outlet rank,
    then the ``source_file`` and ``report_id`` names. A whole-report copy gets
    ``reports.copy_of`` (the original's ``report_id``) and all its quantities
    and mechanism rows ``duplicate=True``; a shared passage marks the rows
    inside it. ``quality`` has a ``syndicated_copy`` or ``syndicated_passage``
    row per shared passage saying which file copies which.

    Raises
    ------
    SourceError
        A file is missing, empty, binary or undecodable (the message names it).
    AnnotationError
        An annotation file is malformed or two annotations conflict.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    files = collect_paths(paths)
    store = None
    snap_key = None
    if cache is not None and cache is not False:
        from democracy_study._cache import SourceCache, default_cache_dir
        from democracy_study._snapshot import available, snapshot_key

        store = SourceCache(default_cache_dir() if cache is True else cache)
        if not available():
            logging.getLogger(__name__).info(
                "no snapshot of this parse: pyarrow is not installed (the parquet extra)"
            )
        snap_key = (
            None
            if not available()
            else snapshot_key(
                [str(Path(p).resolve()) for p in paths],
                code_mechanisms=code_mechanisms,
                outlet_ranks=sorted((outlet_ranks or {}).items()),
            )
        )
    parts = None
    if store is not None and snap_key is not None:
        parts = _parse_incremental(
            files, store, snap_key, code_mechanisms, executor, outlet_ranks, keep_going
        )
    if parts is None:
        parts = _parse_full(files, store, code_mechanisms, executor, outlet_ranks, keep_going)
    frames, texts, rejected, prev = parts.frames, parts.texts, parts.rejected, parts.previous
    # an unchanged corpus keeps its snapshot; new sources are appended to it as a segment
    # of their own (see _segment_plan); otherwise it is rewritten
    unchanged = prev is not None and set(texts) == prev.names
    tmp = None
    append = replaces = None
    if store is not None and snap_key is not None and not unchanged:
        from democracy_study._snapshot import append_segment, write_snapshot

        # the tables before annotations (annotate_corpus changes the frames in place); a
        # snapshot that cannot be written costs the next run time, never this run's result
        try:
            plan = _segment_plan(prev, annotations, texts)
            if plan is not None:
                replaces, new_part = plan
                append = prev.snapshot
                tmp = append_segment(append, **new_part)
            else:
                tmp = write_snapshot(
                    store.directory,
                    snap_key,
                    parts.sources,
                    frames,
                    texts,
                    parts.fingerprints(),
                    parts.pairs,
                )
        except OSError as exc:
            logging.getLogger(__name__).warning(
                "no snapshot written to %s: %s", store.directory, exc
            )
    try:
        corpus = Corpus(texts=texts, **frames, funnels=None)  # type: ignore[arg-type]
        corpus.rejected = rejected
        from democracy_study.annotations import annotate_corpus

        annotate_corpus(corpus, annotations, mechanisms=code_mechanisms)
        from democracy_study.parse.relations import funnels

        merged = fresh = None
        if annotations is None and prev is not None and prev.funnels is not None:
            q = corpus.quantities
            fresh = funnels(q[q["source_file"].isin(set(texts) - prev.names)], texts)
            try:
                merged = _merge_sorted(prev.funnels, fresh, "paragraph_id")
            except _NotIncremental:  # other dtypes than a full computation gives: compute it
                merged = None
        # issue 11: from the final quantities
        corpus.funnels = (
            merged.reset_index(drop=True)
            if merged is not None
            else funnels(corpus.quantities, texts)
        )
        if tmp is not None:
            from democracy_study._snapshot import commit_segment, commit_snapshot

            try:
                if append is not None:
                    if merged is None:  # the funnels of the new rows are not separable
                        raise OSError("the funnels were computed in full")
                    try:
                        for seg in replaces or ():
                            fresh = _merge_sorted(seg.funnels(), fresh, "paragraph_id")
                    except _NotIncremental as exc:
                        raise OSError(str(exc)) from None
                    commit_segment(append, tmp, fresh, replaces)
                else:
                    commit_snapshot(
                        tmp, str(snap_key), corpus.funnels if annotations is None else None
                    )
                tmp = None
            except OSError as exc:
                logging.getLogger(__name__).warning("no snapshot written: %s", exc)
    finally:
        if tmp is not None:
            from democracy_study._snapshot import discard

            discard(tmp)
    return corpus


@dataclass
class _Previous:
    """What an incremental parse started from, and its new part (for a new segment)."""

    snapshot: Any  # democracy_study._snapshot.Snapshot
    funnels: pd.DataFrame | None
    names: set[str]
    #: the keyword arguments of :func:`democracy_study._snapshot.append_segment`
    new: dict[str, Any]


@dataclass
class _Parts:
    frames: dict[str, pd.DataFrame]
    texts: dict[str, str]
    sources: list[dict[str, Any]]  # the snapshot's rows, in file order
    #: every report's fingerprint, in file order (computed only for a new snapshot)
    fingerprints: Any
    pairs: list[tuple[tuple[str, str], tuple[str, str]]]
    rejected: list[tuple[str, str]]
    previous: _Previous | None = None


def _read_sources(files: Sequence[Path], keep_going: bool, rejected: list[tuple[str, str]]):
    """Read every file (before anything is parsed), with its stat signature taken first."""
    from democracy_study._snapshot import stat_signature

    sources, sigs = [], []
    for p in files:
        try:
            try:
                sig = stat_signature(p)
            except OSError:
                sig = (0, 0)  # read_document says what is wrong with it
            sources.append(read_document(p))
            sigs.append(sig)
        except SourceError as exc:
            if not keep_going:
                raise
            rejected.append((exc.path, exc.problem))
    return sources, sigs


def _parse_sources(sources, sigs, store, code_mechanisms, executor, keep_going, rejected):
    """:func:`parse_all` over *sources*, leaving out (with *keep_going*) the files that fail."""
    from democracy_study._parse_one import parse_all

    while True:
        try:
            results = parse_all(
                sources, code_mechanisms=code_mechanisms, executor=executor, cache=store
            )  # per file, in file order: the same rows whatever the executor
            return sources, sigs, results
        except SourceError as exc:  # parse_source names the file that failed
            if not keep_going:
                raise
            rejected.append((exc.path, exc.problem))
            keep = [i for i, s in enumerate(sources) if str(s.path) != exc.path]
            sources = [sources[i] for i in keep]
            sigs = [sigs[i] for i in keep]
            if not sources:
                return sources, sigs, []


def _frames_of(results: Sequence[dict[str, Any]], code_mechanisms: bool) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLE_COLUMNS}
    mech_rows: list[dict[str, Any]] = []
    for res in results:
        for k, v in res["rows"].items():
            (mech_rows if k == "mechanisms" else rows[k]).extend(v)
    frames = {k: _frame(rows[k], TABLE_COLUMNS[k]) for k in TABLE_COLUMNS if k != "funnels"}
    if code_mechanisms:
        from democracy_study.coding.coder import mechanisms_frame

        mech = mechanisms_frame(mech_rows)
        extra = [c for c in mech.columns if c not in TABLE_COLUMNS["mechanisms"]]
        frames["mechanisms"] = mech[TABLE_COLUMNS["mechanisms"] + extra].reset_index(drop=True)
    return frames


def _snapshot_rows(sources, sigs, stems) -> list[dict[str, Any]]:
    return [
        {
            "path": os.path.abspath(s.path),
            "name": s.name,
            "stem": stems[s.name],
            "size": sig[0],
            "mtime_ns": sig[1],
        }
        for s, sig in zip(sources, sigs, strict=True)
    ]


def _fingerprints(reports) -> list[tuple[tuple[str, str], list[int]]]:
    """(report key, fingerprint) of the :class:`~democracy_study.parse.quality.Report` list."""
    return [(r.key, list(r.fingerprint)) for r in reports]


def _parse_full(files, store, code_mechanisms, executor, outlet_ranks, keep_going) -> _Parts:
    """Parse every file (through the per-source cache when there is one)."""
    from democracy_study._parse_one import mark_syndication

    rejected: list[tuple[str, str]] = []
    sources, sigs = _read_sources(files, keep_going, rejected)
    sources, sigs, results = _parse_sources(
        sources, sigs, store, code_mechanisms, executor, keep_going, rejected
    )
    if not sources:
        if not rejected:  # pragma: no cover - collect_paths found files
            raise SourceError(", ".join(map(str, files)), "no report files")
        raise SourceError(rejected[0][0], f"{rejected[0][1]} (and no other file could be used)")
    texts = {s.name: s.text for s in sources}
    stems = _unique_stems([s.name for s in sources])
    for src, res in zip(sources, results, strict=True):
        if stems[src.name] != Path(src.name).stem:
            _rename_ids(res, Path(src.name).stem, stems[src.name])
    pairs, reports = mark_syndication(results, texts, outlet_ranks=outlet_ranks)
    frames = _frames_of(results, code_mechanisms)
    return _Parts(
        frames,
        texts,
        _snapshot_rows(sources, sigs, stems),
        lambda: _fingerprints(reports),
        pairs,
        rejected,
    )


def _merge_sorted(old: pd.DataFrame, new: pd.DataFrame, column: str) -> pd.DataFrame:
    """Merge *old* and *new*, each already ordered by the strings of *column*, stably.

    The rows of *new* are put between slices of *old* (no row-by-row reordering of
    *old*, whose string columns stay as they are). Raises ``_NotIncremental`` when the
    two differ in columns or dtypes (a full parse infers a dtype from all rows together).
    """
    import numpy as np
    import pandas as pd

    if len(new) == 0:
        return old
    if len(old) == 0:
        return new.reset_index(drop=True)
    _same_columns(old, new, column)
    k_old, k_new = (df[column].to_numpy(dtype=str) for df in (old, new))
    if (k_old[1:] < k_old[:-1]).any() or (k_new[1:] < k_new[:-1]).any():
        raise _NotIncremental(f"rows not ordered by {column}")  # pragma: no cover - a bug guard
    starts = np.flatnonzero(np.r_[True, k_new[1:] != k_new[:-1]])
    at = np.searchsorted(k_old, k_new[starts], side="right")
    pieces, prev = [], 0
    for start, end, a in zip(starts, [*starts[1:], len(k_new)], at, strict=True):
        if a > prev:
            pieces.append(old.iloc[prev:a])
        pieces.append(new.iloc[start:end])
        prev = a
    if prev < len(old):
        pieces.append(old.iloc[prev:])
    return pd.concat(pieces, ignore_index=True)


def _same_columns(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    if list(a.columns) != list(b.columns) or not (a.dtypes == b.dtypes).all():
        raise _NotIncremental(f"columns or dtypes differ in a table ordered by {what}")


#: Above this many runs of consecutive rows, :func:`_interleave` takes rows by index.
_MAX_RUNS = 256


def _interleave(parts, rank: dict[str, int]):
    """Put the rows of several parts of the tables in file order.

    *parts* are ``(names, frames, counts)``: the sources of the part in file order, its
    tables and its rows per source and table (:func:`democracy_study._snapshot.row_counts`).
    Each source is in one part. Returns the same triple for all of them. Raises
    ``_NotIncremental`` when the parts' columns or dtypes differ (a full parse infers a
    dtype from all rows together) or a part is not in file order.
    """
    import numpy as np
    import pandas as pd

    from democracy_study._snapshot import TABLES

    parts = [p for p in parts if len(p[0])] or parts[:1]
    if len(parts) == 1:
        return parts[0]
    pos = [np.asarray([rank[n] for n in names], dtype=np.int64) for names, _, _ in parts]
    if any((np.diff(p) <= 0).any() for p in pos):
        raise _NotIncremental("a part of the snapshot is not in file order")
    part = np.concatenate([np.full(len(p), i) for i, p in enumerate(pos)])
    local = np.concatenate([np.arange(len(p)) for p in pos])
    order = np.argsort(np.concatenate(pos), kind="stable")
    part, local = part[order], local[order]
    new_run = np.r_[True, (part[1:] != part[:-1]) | (local[1:] != local[:-1] + 1)]
    starts = np.flatnonzero(new_run)
    ends = np.r_[starts[1:], len(part)]
    runs = list(
        zip(
            part[starts].tolist(),
            local[starts].tolist(),
            (local[ends - 1] + 1).tolist(),
            strict=True,
        )
    )
    names = [n for i, a, b in runs for n in parts[i][0][a:b]]
    counts = np.concatenate([parts[i][2][a:b] for i, a, b in runs])
    frames = {}
    for j, t in enumerate(TABLES):
        offsets = [np.r_[0, np.cumsum(c[:, j])] for _, _, c in parts]
        full = [i for i, (_, f, c) in enumerate(parts) if c[:, j].sum() > 0]
        for i in full[1:]:
            _same_columns(parts[full[0]][1][t], parts[i][1][t], "source_file")
        if len(full) <= 1:
            frames[t] = parts[full[0] if full else 0][1][t].reset_index(drop=True)
            continue
        spans = [(i, offsets[i][a], offsets[i][b]) for i, a, b in runs]
        if len(runs) <= _MAX_RUNS:
            pieces = [parts[i][1][t].iloc[lo:hi] for i, lo, hi in spans if hi > lo]
            frames[t] = pd.concat(pieces, ignore_index=True)
        else:
            base = np.r_[0, np.cumsum([len(parts[i][1][t]) for i in full])]
            at = {i: base[k] for k, i in enumerate(full)}
            idx = np.concatenate(
                [np.arange(at[i] + lo, at[i] + hi) for i, lo, hi in spans if hi > lo]
            )
            both = pd.concat([parts[i][1][t] for i in full], ignore_index=True)
            frames[t] = both.take(idx).reset_index(drop=True)
    return names, frames, counts


class _NotIncremental(Exception):
    """The snapshot cannot give the same result as a full parse: parse in full."""


def _parse_incremental(
    files, store, key, code_mechanisms, executor, outlet_ranks, keep_going
) -> _Parts | None:
    """The snapshot's rows for unchanged sources plus a parse of the new ones, or None.

    See :mod:`democracy_study._snapshot` for when None is returned (a full parse then runs).
    """
    from democracy_study._snapshot import Snapshot

    snap = Snapshot.load(store.directory, key)
    if snap is None:
        return None
    log = logging.getLogger(__name__)
    try:
        new_files = snap.unchanged(files)
        if new_files is None:
            log.info("parsing all %d files: a source of the last parse changed or went", len(files))
            return None
        parts = _incremental(
            snap, files, new_files, store, code_mechanisms, executor, outlet_ranks, keep_going
        )
        log.info("incremental parse: %d new of %d files", len(new_files), len(files))
        return parts
    except SourceError:  # a new file that cannot be used: the same error as a full parse
        raise
    except _NotIncremental as exc:
        log.info("parsing all %d files: %s", len(files), exc)
        return None
    except (OSError, ValueError, KeyError) as exc:  # an unreadable snapshot is no snapshot
        log.info("parsing all %d files: the snapshot cannot be read (%s)", len(files), exc)
        return None


def _incremental(
    snap, files, new_files, store, code_mechanisms, executor, outlet_ranks, keep_going
):
    import numpy as np

    from democracy_study._parse_one import (
        SYNDICATION_MAX_COPIES,
        _rank_key,
        _streams_of,
        apply_syndication,
        syndication_entries,
    )
    from democracy_study._snapshot import row_counts
    from democracy_study.parse.quality import Report, find_syndicated

    old_src = snap.sources
    rejected: list[tuple[str, str]] = []
    sources, sigs = _read_sources(new_files, keep_going, rejected)
    sources, sigs, results = _parse_sources(
        sources, sigs, store, code_mechanisms, executor, keep_going, rejected
    )
    by_path = {s["path"]: s["name"] for s in old_src}
    by_path.update({os.path.abspath(s.path): s.name for s in sources})
    names = [by_path[a] for f in files if (a := os.path.abspath(f)) in by_path]  # file order
    stems = _unique_stems(names)
    if any(stems[s["name"]] != s["stem"] for s in old_src):
        raise _NotIncremental("a new source changes the ids of an old one")
    for src, res in zip(sources, results, strict=True):
        if stems[src.name] != Path(src.name).stem:
            _rename_ids(res, Path(src.name).stem, stems[src.name])
    rank = {n: i for i, n in enumerate(names)}
    old_names, old_frames, old_counts = _interleave(
        [(seg.names, seg.frames(), seg.counts()) for seg in snap.segments], rank
    )
    texts_old = snap.texts()
    new_reports, where = syndication_entries(results, outlet_ranks)
    hashes, owner, keys = snap.fingerprint_index(rank)
    new_pairs: list[tuple[tuple[str, str], tuple[str, str]]] = []
    texts = dict(texts_old)
    texts.update({s.name: s.text for s in sources})
    if new_reports:
        new_h = np.unique(
            np.concatenate([np.asarray(r.fingerprint, dtype=np.uint64) for r in new_reports])
        )
        counts_new = np.zeros(len(new_h), dtype=np.int64)
        for r in new_reports:
            counts_new[np.searchsorted(new_h, np.asarray(r.fingerprint, dtype=np.uint64))] += 1
        lo = np.searchsorted(hashes, new_h, side="left")
        hi = np.searchsorted(hashes, new_h, side="right")
        counts_old = hi - lo
        total = counts_old + counts_new
        cap = SYNDICATION_MAX_COPIES
        crossing = (counts_old >= 2) & (counts_old <= cap) & (total > cap)
        if np.any(crossing):
            # a fingerprint that becomes boilerplate no longer selects candidate pairs: an
            # old pair that rested on it may be lost (runs come from the texts, so a pair
            # that keeps enough other shared fingerprints is found as before)
            _check_pairs_keep(
                hashes,
                owner,
                keys,
                snap.pairs(),
                lo[crossing],
                hi[crossing],
                set(new_h[total > cap].tolist()),
            )
        live = (total >= 2) & (total <= cap)
        cand = {}
        for a, b, h in zip(lo[live], hi[live], new_h[live], strict=True):
            for j in owner[a:b].tolist():
                cand.setdefault(j, []).append(int(h))
        subset = list(new_reports)
        involving = range(len(new_reports))
        old_where: dict[tuple[str, str], dict[str, Any]] = {}
        if cand:
            rep_f, src_f = old_frames["reports"], old_frames["sources"]
            cand_keys = {tuple(keys[j]): j for j in sorted(cand)}
            rep_rows = rep_f[rep_f["report_id"].isin([k[1] for k in cand_keys])].to_dict("records")
            src_rows = {
                r["source_file"]: r
                for r in src_f[src_f["source_file"].isin([k[0] for k in cand_keys])].to_dict(
                    "records"
                )
            }
            for r in rep_rows:
                k = (str(r["source_file"]), str(r["report_id"]))
                if k not in cand_keys:
                    continue
                r = {c: (None if _isna(v) else v) for c, v in r.items()}
                s = {c: (None if _isna(v) else v) for c, v in src_rows.get(k[0], {}).items()}
                old_where[k] = r
                subset.append(
                    Report(k, _rank_key(s, r, dict(outlet_ranks or {})), cand[cand_keys[k]])
                )
        boiler = new_h[total > cap].tolist()
        para_f = old_frames["paragraphs"]
        streams: dict[tuple[str, str], Any] = {}

        def stream(k):
            if k not in streams:
                if k in where:
                    ri, _ = where[k]
                    streams[k] = _streams_of(results[ri]["rows"], texts[k[0]])[k[1]]
                else:
                    prow = para_f[para_f["report_id"] == k[1]].to_dict("records")
                    streams[k] = _streams_of(
                        {"reports": [old_where[k]], "paragraphs": prow}, texts[k[0]]
                    )[k[1]]
            return streams[k]

        found = find_syndicated(
            subset, stream, max_postings=cap, boilerplate=boiler, involving=involving
        )
        if any(copy not in where for copy, *_ in found):
            raise _NotIncremental("a new report is the original of an old one")
        apply_syndication(results, where, texts, found)
        new_pairs = [(c, o) for c, o, _, _ in found]
    new_frames = _frames_of(results, code_mechanisms)
    new_names = [s.name for s in sources]
    try:
        new_counts = row_counts(new_frames, new_names)
    except ValueError as exc:  # pragma: no cover - the parser keeps each file's rows together
        raise _NotIncremental(str(exc)) from None
    _, frames, _ = _interleave(
        [(old_names, old_frames, old_counts), (new_names, new_frames, new_counts)], rank
    )
    rows = {s["name"]: s for s in old_src}
    new_rows = _snapshot_rows(sources, sigs, stems)
    rows.update({r["name"]: r for r in new_rows})
    old_pairs = snap.pairs()

    def fingerprints() -> list[tuple[tuple[str, str], list[int]]]:
        fps = _old_fingerprints(hashes, owner, keys) + _fingerprints(new_reports)
        fps.sort(key=lambda kf: rank[kf[0][0]])
        return fps

    new = {
        "sources": new_rows,
        "frames": new_frames,
        "texts": {s.name: s.text for s in sources},
        "fingerprints": _fingerprints(new_reports),
        "pairs": new_pairs,
    }
    return _Parts(
        frames,
        {n: texts[n] for n in names},
        [rows[n] for n in names],
        fingerprints,
        old_pairs + new_pairs,
        rejected,
        _Previous(snap, _snapshot_funnels(snap), {s["name"] for s in old_src}, new),
    )


def _segment_plan(prev, annotations, texts):
    """How to add the new sources to the snapshot: ``(segments replaced, keyword arguments
    of append_segment)``, or None to write the snapshot anew (see :mod:`._snapshot`)."""
    from democracy_study._snapshot import MAX_SEGMENTS

    if prev is None or prev.funnels is None or annotations is not None:
        return None  # the funnels of the snapshot are not kept apart from the annotations
    segs = prev.snapshot.segments
    if len(segs) < MAX_SEGMENTS:
        return [], prev.new
    n_delta = sum(len(s.sources) for s in segs[1:]) + len(prev.new["sources"])
    if 4 * n_delta > len(segs[0].sources):
        return None
    try:
        return segs[1:], _merged_segments(segs[1:], prev.new, texts)
    except (_NotIncremental, ValueError):
        return None


def _merged_segments(segments, new: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """The rows of *segments* and of the *new* part as one new segment (append_segment's
    keyword arguments). *texts* is in file order."""
    from democracy_study._snapshot import row_counts

    rank = {n: i for i, n in enumerate(texts)}
    new_names = [r["name"] for r in new["sources"]]
    parts = [(s.names, s.frames(), s.counts()) for s in segments]
    parts.append((new_names, new["frames"], row_counts(new["frames"], new_names)))
    names, frames, _ = _interleave(parts, rank)
    rows = {r["name"]: r for s in segments for r in s.sources}
    rows.update({r["name"]: r for r in new["sources"]})
    fps = [fp for s in segments for fp in _old_fingerprints(*s.fingerprints())]
    fps += new["fingerprints"]
    fps.sort(key=lambda kf: rank[kf[0][0]])
    return {
        "sources": [rows[n] for n in names],
        "frames": frames,
        "texts": {n: texts[n] for n in names},
        "fingerprints": fps,
        "pairs": [p for s in segments for p in s.pairs()] + new["pairs"],
    }


def _snapshot_funnels(snap) -> pd.DataFrame | None:
    """The funnels of the snapshot's sources, or None (then they are computed in full)."""
    out = None
    for seg in snap.segments:
        f = seg.funnels()
        if f is None:
            return None
        try:
            out = f if out is None else _merge_sorted(out, f, "paragraph_id")
        except _NotIncremental:
            return None
    return out


def _check_pairs_keep(hashes, owner, keys, pairs, lo, hi, boilerplate) -> None:
    """Raise ``_NotIncremental`` if an old pair may be lost to new boilerplate fingerprints.

    *lo*, *hi* bound, in the sorted index, the postings of the fingerprints that become
    boilerplate. A found pair both of whose reports hold one of them is counted again
    over the fingerprints that are not boilerplate now.
    """
    import numpy as np

    from democracy_study._parse_one import SYNDICATION_MIN_SHARED

    if not pairs:
        return
    holders = set()
    for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
        holders.update(owner[a:b].tolist())
    index = {tuple(k): i for i, k in enumerate(keys)}
    for copy, original in pairs:
        i, j = index.get(tuple(copy)), index.get(tuple(original))
        if i is None or j is None or i not in holders or j not in holders:
            continue
        fi = set(hashes[owner == i].tolist()) - boilerplate
        fj = set(hashes[owner == j].tolist()) - boilerplate
        counts = np.searchsorted(hashes, np.asarray(sorted(fi & fj), dtype=np.uint64), "right")
        counts -= np.searchsorted(hashes, np.asarray(sorted(fi & fj), dtype=np.uint64), "left")
        from democracy_study._parse_one import SYNDICATION_MAX_COPIES

        if int((counts <= SYNDICATION_MAX_COPIES).sum()) < SYNDICATION_MIN_SHARED:
            raise _NotIncremental("a fingerprint becomes boilerplate under an earlier pair")


def _old_fingerprints(hashes, owner, keys) -> list[tuple[tuple[str, str], list[int]]]:
    import numpy as np

    order = np.argsort(owner, kind="stable")
    h, o = hashes[order], owner[order]
    bounds = np.searchsorted(o, np.arange(len(keys) + 1))
    return [
        ((keys[i][0], keys[i][1]), sorted(h[bounds[i] : bounds[i + 1]].tolist()))
        for i in range(len(keys))
    ]


def _isna(v: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(v)) if not isinstance(v, (list, dict)) else False
    except (TypeError, ValueError):
        return False


def read_corpus(path: str | Path, *, raw: str | Path | None = None, texts: bool = True) -> Corpus:
    """Load an output directory written by ``write_tables`` (any format) into a Corpus.

    Parameters
    ----------
    path : path
        Directory with ``datapackage.json`` and the table files.
    raw : path, optional
        Directory holding the source files (default: ``../raw`` beside *path*,
        else the project's ``data/raw``).
    texts : bool
        Read and check the source texts (see :mod:`democracy_study.io.read`).

    Returns
    -------
    Corpus
        Equal to the parse that wrote *path*: same tables, columns, dtypes and
        values; the derived ``place_mechanisms`` and ``place_indicators`` are
        computed again from them.

    Raises
    ------
    CorpusReadError
        A missing or malformed descriptor or table (the message names the file).
    SourceError
        A source file is missing or differs from the one the tables come from.

    See Also
    --------
    Corpus.read : the same, as a classmethod.
    democracy_study.io.read.read_tables : the tables and texts without the Corpus.
    democracy_study.io.tables.write_tables : what writes the directory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from democracy_study.io.tables import write_tables
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "raw").mkdir(), (d / "raw" / "r.txt").write_text(
    ...     "## 昌乐县：甲\\n\\n组织代表120名，开展活动3次。\\n", encoding="utf-8")
    >>> out = write_tables(parse_reports(d / "raw"), d / "processed")
    >>> corpus = read_corpus(out)
    >>> corpus.quantities[["evidence", "value"]].to_dict("records")
    [{'evidence': '120名', 'value': 120.0}, {'evidence': '3次', 'value': 3.0}]
    >>> corpus.evidence_ok()
    True
    """
    from democracy_study.io.read import read_tables

    tables, text_map = read_tables(path, raw=raw, texts=texts)
    return Corpus(texts=text_map, **tables)


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
    places = q["place"].where(q["place"] != "", UNKNOWN_PLACE)  # unresolved: one label
    table = pd.crosstab(places.rename("place"), q["kind"]).reindex(columns=kinds, fill_value=0)
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

    r = corpus.reports.copy()
    r["place"] = r["place"].where(r["place"] != "", UNKNOWN_PLACE)  # unresolved: one label
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
