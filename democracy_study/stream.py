"""Parse a corpus straight to partitioned Parquet, a batch of sources at a time (issue 15).

:func:`democracy_study.corpus.parse_reports` holds the whole corpus in memory,
which a national corpus (tens of thousands of reports) does not fit.
:func:`parse_to_parts` writes the same tables without ever holding more than
one batch of sources:

1. **Parse** every source, batch by batch, through the per-source cache (the
   user's, or a temporary one removed at the end) and keep only what
   cross-source duplicate detection needs: each report's rank (date, outlet,
   name) and fingerprint.
2. **Find syndicated copies** over the whole corpus
   (:func:`democracy_study.parse.quality.find_syndicated`); the few candidate
   pairs load their paragraphs from the cache and their text from the source.
3. **Write** each batch: its rows come back from the cache, the copies found
   are marked, the annotations of its sources applied, the funnels computed,
   and every table written as one Parquet part
   (:func:`democracy_study.io.tables.write_partitioned`). The place-level
   tables (``place_mechanisms``, ``place_indicators``) are summed up over the
   batches and written once at the end.

Peak memory is that of the largest batch (a batch closes at ``part_mb`` of
source bytes or ``part_files`` files), plus the fingerprints of the corpus,
not that of the corpus. The tables read back
(:func:`democracy_study.io.read.read_tables`) are those of ``parse_reports``
on the same files, with two documented differences of row order: ``funnels``
is sorted by ``paragraph_id`` within each part (the in-memory table over the
whole corpus), and the quality rows of stale or removed annotations close the
part of their source (in memory they close the table).

Examples
--------
>>> import tempfile, pathlib
>>> from democracy_study.io.read import read_tables
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "raw").mkdir()
>>> for i, county in enumerate(["昌乐县", "寿光市", "青州市"]):
...     _ = (d / "raw" / f"r{i}.txt").write_text(
...         f"## {county}：代表联络站\\n\\n建成代表联络站{i + 3}个。\\n", encoding="utf-8")
>>> res = parse_to_parts([d / "raw"], d / "out", part_files=2)
>>> res.n_parts, res.rows["quantities"]
(2, 3)
>>> sorted(p.name for p in (d / "out" / "quantities").iterdir())
['part-00000.parquet', 'part-00001.parquet']
>>> tables, _ = read_tables(d / "out", texts=False)
>>> tables["quantities"][["source_file", "evidence"]].values.tolist()
[['r0.txt', '3个'], ['r1.txt', '4个'], ['r2.txt', '5个']]
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study.corpus import (
    _FACT_KINDS,
    Corpus,
    _frames_of,
    _read_sources,
    _rename_ids,
    _unique_stems,
    collect_paths,
)
from democracy_study.io.formats import read_document
from democracy_study.io.sources import SourceError
from democracy_study.schema import TABLE_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PART_FILES", "PART_MB", "PartsWritten", "parse_to_parts"]

#: A batch (one Parquet part per table) closes at this many megabytes of source files ...
PART_MB = 4.0
#: ... or at this many files, whichever comes first.
PART_FILES = 1000
#: Files per task of the first pass, and tasks in flight per processor.
_TASK_FILES = 16
_IN_FLIGHT = 4
#: Batches built ahead by the executor while the parent writes one.
_BATCHES_AHEAD = 3
#: Sources whose rows stay loaded (most recently used first out last).
_LOADED_SOURCES = 16
#: Report text streams kept while candidate pairs of syndicated copies are compared.
_LOADED_STREAMS = 8192

#: The tables written in parts (the data contract's; the place tables are written once).
_PART_TABLES = tuple(TABLE_COLUMNS)


@dataclass
class PartsWritten:
    """What :func:`parse_to_parts` wrote.

    Attributes
    ----------
    path : Path
        The output directory.
    n_parts : int
        Parquet parts per table (one per batch of sources).
    rows : dict
        Rows written per table.
    n_reports : int
        Rows of ``reports`` of kind ``report`` (not captions).
    rejected : list of (path, problem)
        Files left out with ``keep_going``.
    """

    path: Path
    n_parts: int
    rows: dict[str, int]
    n_reports: int
    rejected: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Kept:
    """One parsed source: where it is, its cache key, and its reports' ranks and fingerprints."""

    path: Path
    name: str
    sha256: str
    key: str
    size: int
    source: dict[str, Any]  # published, outlet (for the rank of its reports)
    reports: list[tuple[str, Any, Any]]  # (report_id as parsed, year, fingerprint array)


class _RunStore:
    """The rows of each source for one run, in a private temporary directory (pickle).

    The same ``key``/``get``/``put`` as :class:`democracy_study._cache.SourceCache`, for
    :func:`parse_to_parts` without a user cache. Pickle (about five times faster than the
    JSON of the persistent cache) is safe here: the directory is made by
    ``tempfile.mkdtemp`` (mode 0700), written and read by this run only, and removed when
    it ends.
    """

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)
        self._n = 0
        self._files: dict[str, Path] = {}

    def key(self, name: str, sha256: str, **options: Any) -> str:
        return "\0".join([name, sha256, *(f"{k}={options[k]!r}" for k in sorted(options))])

    def get(self, key: str) -> Any | None:
        import pickle

        p = self._files.get(key)
        return None if p is None else pickle.loads(p.read_bytes())

    def put(self, key: str, value: Any) -> None:
        import pickle

        if key not in self._files:
            self._files[key] = self.directory / f"{self._n:07d}.pickle"
            self._n += 1
        self._files[key].write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def subset(self, keys: Sequence[str]) -> _RunStore:
        """The same store, knowing only *keys* (small to send to an executor's worker)."""
        sub = _RunStore(str(self.directory))
        sub._files = {k: self._files[k] for k in keys if k in self._files}
        return sub


def _first_pass(files, store, code_mechanisms, executor, keep_going, rejected) -> list[_Kept]:
    """Parse every file (cache hits are not parsed), in file order, keeping ranks and
    fingerprints only. Tasks of :data:`_TASK_FILES` files go to the executor with a window of
    :data:`_IN_FLIGHT` tasks per processor in flight: no barrier between batches, and only
    the sources in flight are in memory."""
    import os
    from collections import deque

    from democracy_study._parse_one import _task, is_serial, parse_source

    kept: list[_Kept] = []
    window: deque = deque()
    serial = is_serial(executor)
    in_flight = _IN_FLIGHT * (os.cpu_count() or 1)

    def parse_each(sources: list) -> list:
        """Serially, leaving out (with keep_going) the sources that fail."""
        out = []
        for src in sources:
            try:
                out.append(parse_source(src, code_mechanisms))
            except SourceError as exc:
                if not keep_going:
                    raise
                rejected.append((exc.path, exc.problem))
                out.append(None)
        return out

    def finish(item: tuple) -> None:
        sources, sigs, keys, results, todo, fut = item
        if fut is not None:
            try:
                got = fut.result()
            except SourceError:  # parse_source names the file; find it and go on, or stop
                if not keep_going:
                    raise
                got = parse_each([sources[i] for i in todo])
            for i, r in zip(todo, got, strict=True):
                results[i] = r
        for i in todo:
            if results[i] is not None:
                store.put(keys[i], results[i])
        for src, sig, key, res in zip(sources, sigs, keys, results, strict=True):
            if res is not None:
                kept.append(_kept(src, res, key, sig[0]))

    for k in range(0, len(files), _TASK_FILES):
        sources, sigs = _read_sources(files[k : k + _TASK_FILES], keep_going, rejected)
        keys = [store.key(s.name, s.sha256, code_mechanisms=code_mechanisms) for s in sources]
        results = [store.get(key) for key in keys]
        todo = [i for i, r in enumerate(results) if r is None]
        fut = None
        if todo and serial:
            for i, r in zip(todo, parse_each([sources[i] for i in todo]), strict=True):
                results[i] = r
        elif todo:
            fut = executor.submit(_task, [sources[i] for i in todo], code_mechanisms)
        window.append((sources, sigs, keys, results, todo, fut))
        while len(window) > (0 if serial else in_flight):
            finish(window.popleft())
    while window:
        finish(window.popleft())
    return kept


def _batches(sizes: Sequence[int], part_files: int, part_bytes: float) -> list[list[int]]:
    """Consecutive positions, a batch closing at *part_files* items or *part_bytes* bytes.

    >>> _batches([5, 5, 20, 1, 1], part_files=3, part_bytes=10)
    [[0, 1], [2], [3, 4]]
    """
    out: list[list[int]] = []
    cur: list[int] = []
    size = 0
    for i, n in enumerate(sizes):
        if cur and (len(cur) >= part_files or size + n > part_bytes):
            out.append(cur)
            cur, size = [], 0
        cur.append(i)
        size += n
    if cur:
        out.append(cur)
    return out


def _kept(src: Any, res: dict[str, Any], key: str, size: int) -> _Kept:
    import numpy as np

    rows = res["rows"]
    s = rows["sources"][0] if rows["sources"] else {}
    fps = res["fingerprints"]
    reports = [
        (r["report_id"], r.get("year"), np.asarray(fps[r["report_id"]], dtype=np.uint64))
        for r in rows["reports"]
        if fps.get(r["report_id"])
    ]
    return _Kept(
        path=Path(src.path),
        name=src.name,
        sha256=src.sha256,
        key=key,
        size=size,
        source={"published": s.get("published"), "outlet": s.get("outlet")},
        reports=reports,
    )


def parse_to_parts(
    paths: Iterable[str | Path] | str | Path,
    out_dir: str | Path,
    *,
    code_mechanisms: bool = True,
    annotations: str | Path | None = None,
    executor: Any = "serial",
    cache: str | Path | bool | None = None,
    outlet_ranks: dict[str, int] | None = None,
    keep_going: bool = False,
    part_mb: float = PART_MB,
    part_files: int = PART_FILES,
    force: bool = False,
) -> PartsWritten:
    """Parse report files into partitioned Parquet tables without holding the corpus.

    Parameters
    ----------
    paths, code_mechanisms, annotations, executor, outlet_ranks, keep_going
        As for :func:`democracy_study.corpus.parse_reports`.
    out_dir : path
        Output directory, replaced atomically (rules of
        :func:`democracy_study.io.tables.write_tables`; *force* as there).
    cache : path, True or None
        The per-source cache (as for ``parse_reports``). Without one, a
        temporary store is used for the run and removed: the rows of each
        source are written to it once and read back when its batch is written
        (disk space a few times the sources' size).
    part_mb, part_files : float, int
        A batch of sources (one Parquet part per table) closes at *part_mb*
        megabytes of source files or *part_files* files; a larger file is a
        batch of its own. Peak memory grows with the batch, not the corpus.

    Returns
    -------
    PartsWritten

    Raises
    ------
    SourceError
        A file is missing, empty, binary or undecodable, or changed while the
        corpus was parsed (the message names it).
    AnnotationError
        An annotation file is malformed or two annotations conflict.

    See Also
    --------
    democracy_study.corpus.parse_reports : the same tables, in memory.
    democracy_study.io.tables.write_partitioned : the writer.
    """
    from democracy_study._cache import SourceCache, default_cache_dir

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise RuntimeError(
            "partitioned output is Parquet and needs pyarrow: pip install 'democracy-study[parquet]'"
        ) from None
    if part_mb <= 0 or part_files < 1:
        raise ValueError(f"part_mb and part_files must be positive, got {part_mb}, {part_files}")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    files = collect_paths(paths)
    anns = None
    if annotations is not None:
        from democracy_study.annotations.files import read_annotations

        anns = read_annotations(annotations, must_exist=True)  # fail before the long part
    tmp_cache = None
    if cache is None or cache is False:
        tmp_cache = tempfile.mkdtemp(prefix="democracy-study-parts-")
        store: Any = _RunStore(tmp_cache)
    else:
        store = SourceCache(default_cache_dir() if cache is True else cache)
    try:
        return _run(
            paths, files, Path(out_dir), store, anns, code_mechanisms, executor,
            dict(outlet_ranks or {}), keep_going, part_mb * 1e6, part_files, force,
        )  # fmt: skip
    finally:
        if tmp_cache is not None:
            shutil.rmtree(tmp_cache, ignore_errors=True)


def _run(
    paths, files, out_dir, store, anns, code_mechanisms, executor, outlet_ranks, keep_going,
    part_bytes, part_files, force,
) -> PartsWritten:  # fmt: skip
    from democracy_study._parse_one import _rank_key, _streams_of, find_copies, is_serial
    from democracy_study.io.tables import write_partitioned
    from democracy_study.parse.quality import Report

    # 1. parse every source through the cache, keeping ranks and fingerprints only
    rejected: list[tuple[str, str]] = []
    kept = _first_pass(files, store, code_mechanisms, executor, keep_going, rejected)
    if not kept:
        if not rejected:  # pragma: no cover - collect_paths found files
            raise SourceError(", ".join(map(str, files)), "no report files")
        raise SourceError(rejected[0][0], f"{rejected[0][1]} (and no other file could be used)")
    stems = _unique_stems([k.name for k in kept])
    by_name = {k.name: i for i, k in enumerate(kept)}

    def fix(k: _Kept, rid: str) -> str:
        old, new = Path(k.name).stem, stems[k.name]
        return new + rid[len(old) :] if new != old and rid.startswith(f"{old}#") else rid

    loaded: OrderedDict[str, tuple[dict[str, Any], str]] = OrderedDict()

    def load(i: int) -> tuple[dict[str, Any], str]:
        """The rows (ids as in the corpus) and text of kept source *i*."""
        k = kept[i]
        if k.name not in loaded:
            loaded[k.name] = _load_source(k, store, stems[k.name], code_mechanisms)
            while len(loaded) > _LOADED_SOURCES:
                loaded.popitem(last=False)
        loaded.move_to_end(k.name)
        return loaded[k.name]

    # 2. syndicated copies over the whole corpus, from the fingerprints
    reports = [
        Report(
            (k.name, fix(k, rid)),
            _rank_key(
                k.source,
                {"year": year, "source_file": k.name, "report_id": fix(k, rid)},
                outlet_ranks,
            ),
            fp,
        )
        for k in kept
        for rid, year, fp in k.reports
    ]
    found: list = []
    if len(reports) >= 2:
        streams: OrderedDict[tuple[str, str], Any] = OrderedDict()

        def stream(key: tuple[str, str]) -> Any:
            """The report's text stream; a source loaded once gives the streams of all its
            reports (candidate pairs come in no order of source)."""
            if key not in streams:
                res, text = load(by_name[key[0]])
                for rid, st in _streams_of(res["rows"], text).items():
                    streams[(key[0], rid)] = st
            streams.move_to_end(key)
            while len(streams) > _LOADED_STREAMS:  # never the one asked for (it is last)
                streams.popitem(last=False)
            return streams[key]

        found = find_copies(reports, stream)
        del streams
    del reports
    copies: dict[str, list] = {}
    for f in found:
        copies.setdefault(f[0][0], []).append(f)

    # 3. write batch by batch
    ann_of: dict[str, list] = {}
    if anns:
        stem_names = {stems[k.name]: k.name for k in kept}
        for a in anns:
            name = (
                stem_names.get(a.report_id.split("#", 1)[0], "")
                if a.kind == "mechanisms"
                else a.source_file
            )
            ann_of.setdefault(name, []).append(a)
    places = _Places()
    rows: dict[str, int] = dict.fromkeys(_PART_TABLES, 0)
    n_reports = [0]
    parts = _batches([k.size for k in kept], part_files, part_bytes)
    loaded.clear()  # the rows loaded to compare candidates; each batch loads its own

    def task(batch: list[int]) -> tuple:
        ks = [dataclasses.replace(kept[i], reports=[]) for i in batch]  # no fingerprints
        return (
            ks,
            {k.name: stems[k.name] for k in ks},
            {k.name: copies[k.name] for k in ks if k.name in copies},
            [a for k in ks for a in ann_of.get(k.name, ())],
            code_mechanisms,
            outlet_ranks,
            store.subset([k.key for k in ks]) if isinstance(store, _RunStore) else store,
        )

    def batches() -> Iterator[dict[str, pd.DataFrame]]:
        """Each batch's tables, in order; with an executor a few batches are built ahead."""
        from collections import deque

        serial = is_serial(executor)
        ahead: deque = deque()
        todo = iter(parts)
        while True:
            while not serial and len(ahead) < _BATCHES_AHEAD:
                batch = next(todo, None)
                if batch is None:
                    break
                ahead.append(executor.submit(_batch_task, *task(batch)))
            if serial:
                batch = next(todo, None)
                if batch is None:
                    return
                tables, part, n = _batch_task(*task(batch))
            elif ahead:
                tables, part, n = ahead.popleft().result()
            else:
                return
            places.add(part)
            for name, df in tables.items():
                rows[name] += len(df)
            n_reports[0] += n
            yield tables

    out = write_partitioned(
        batches(), out_dir, final=places.tables, inputs=tuple(paths), force=force
    )
    skipped = [a for name, group in ann_of.items() if name not in by_name for a in group]
    if skipped:
        names = sorted({Path(a.file).name for a in skipped})
        logging.getLogger(__name__).warning(
            "%d annotation(s) in %s concern sources not parsed here; not applied",
            len(skipped),
            ", ".join(names),
        )
    return PartsWritten(out, len(parts), rows, n_reports[0], rejected)


def _load_source(k: _Kept, store: Any, stem: str, code_mechanisms: bool) -> tuple[dict, str]:
    """The rows (report ids with the corpus's *stem*) and the text of one parsed source."""
    from democracy_study._parse_one import parse_source

    src = read_document(k.path)
    if src.sha256 != k.sha256:
        raise SourceError(k.path, "changed while the corpus was being parsed; run again")
    res = store.get(k.key)
    if res is None:  # the cache entry went away (another process cleaned it): parse again
        res = parse_source(src, code_mechanisms)
    if stem != Path(k.name).stem:
        _rename_ids(res, Path(k.name).stem, stem)
    return res, src.text


def _batch_task(
    ks, stems, copies, anns, code_mechanisms, outlet_ranks, store
) -> tuple[dict[str, pd.DataFrame], tuple, int]:
    """The tables of one batch of sources: syndication marked, annotations applied, funnels.

    Runs in an executor's worker (arguments and result are picklable). Returns the tables,
    the batch's share of the place-level tables (:meth:`_Places.part`) and its reports.
    """
    from democracy_study._parse_one import apply_syndication, syndication_entries
    from democracy_study.annotations import annotate_corpus
    from democracy_study.parse.relations import funnels

    names = [k.name for k in ks]
    loaded = [_load_source(k, store, stems[k.name], code_mechanisms) for k in ks]
    results = [res for res, _ in loaded]  # changed in place: dropped after this batch
    texts = {n: text for n, (_, text) in zip(names, loaded, strict=True)}
    del loaded
    _, where = syndication_entries(results, outlet_ranks)
    found = [f for n in names for f in copies.get(n, ())]
    if found:
        apply_syndication(results, where, texts, found)
    frames = _frames_of(results, code_mechanisms)
    del results
    corpus = Corpus(texts=texts, **frames, funnels=None)  # type: ignore[arg-type]
    annotate_corpus(corpus, anns or None, mechanisms=code_mechanisms)
    corpus.funnels = funnels(corpus.quantities, texts)
    out = {name: getattr(corpus, name) for name in _PART_TABLES}
    return out, _Places.part(corpus), int((corpus.reports["kind"] == "report").sum())


class _Places:
    """The place-level tables, summed up over the batches (the same as over the corpus)."""

    def __init__(self) -> None:
        self.reports: list[pd.DataFrame] = []
        self.quantities: list[pd.DataFrame] = []
        self.mechanisms: list[pd.DataFrame] = []

    def add(self, part: tuple) -> None:
        """Add one batch's :meth:`part`."""
        r, q, m = part
        self.reports.append(r)
        self.quantities.append(q)
        self.mechanisms.append(m)

    @staticmethod
    def part(corpus: Corpus) -> tuple:
        """What the place-level tables need of one batch: first reports of each place, the
        largest figure of each (place, indicator), the distinct (place, code) pairs."""
        r = corpus.reports
        r = r.loc[(r["kind"] == "report") & (r["place"] != ""), ["kind", "place"]]
        r = r.drop_duplicates("place")
        q = corpus.quantities
        q = q[
            q["kind"].isin(_FACT_KINDS)
            & ~q["duplicate"]
            & (q["indicator"] != "")
            & (q["place"] != "")
        ]
        # the largest value of each (place, indicator) is all the place table keeps
        q = q[["kind", "duplicate", "indicator", "place", "value"]]
        q = q.sort_values("value", ascending=False, kind="stable", na_position="last")
        m = corpus.mechanisms
        m = m.loc[~m["duplicate"], ["place", "code", "duplicate"]].drop_duplicates()
        return r, q.drop_duplicates(["place", "indicator"]), m

    def tables(self) -> dict[str, pd.DataFrame]:
        import pandas as pd

        def cat(frames: list[pd.DataFrame]) -> pd.DataFrame:
            return pd.concat(frames, ignore_index=True)

        light = Corpus(
            sources=pd.DataFrame(),
            reports=cat(self.reports),
            paragraphs=pd.DataFrame(),
            quantities=cat(self.quantities),
            mechanisms=cat(self.mechanisms),
            entities=pd.DataFrame(),
            quality=pd.DataFrame(),
            funnels=pd.DataFrame(),
            texts={},
        )
        return {
            "place_mechanisms": light.place_mechanisms.reset_index(),
            "place_indicators": light.place_indicators.reset_index(),
        }
