"""The last parse of a corpus, kept beside the per-source cache (private; issue 15).

:func:`democracy_study.corpus.parse_reports` with a cache directory keeps, per set of
inputs and options, a *snapshot* of the corpus it returned: the tables before human
annotations are applied (Arrow IPC files, uncompressed: the fastest to write and to read
back with the same dtypes), the funnels (when there were no annotations), the
decoded texts, the report fingerprints of the syndication index, and a manifest of the
sources with their size and modification time. The next parse of the same inputs
takes the snapshot's rows for every source whose size and modification time are
unchanged, parses only the new sources (through the per-source cache), and probes the
fingerprint index with the new reports only. The result is the same, byte for byte, as a
full parse; when that cannot be guaranteed cheaply the full parse runs instead:

- a source of the snapshot is missing, or its size or modification time changed;
- a new source changes another source's ids (two files with the same stem);
- a new report is the original of a report already parsed (an earlier copy of it), or
  makes a fingerprint boilerplate that was not (:data:`SYNDICATION_MAX_COPIES`), which
  could undo an earlier pair.

A snapshot is a list of *segments*, each the rows of some sources: the full parse
writes one, and an incremental parse appends one with the new sources' rows only (the
old rows never change: a parse that would change them is a full parse), so adding a
file does not rewrite the corpus. Loading puts the segments' rows back in file order
from each segment's row counts per source. At :data:`MAX_SEGMENTS` segments the next
parse merges the appended segments and its new rows into one (the first, largest
segment stays as it is), or, when they hold more than a quarter as many sources as the
first, writes the whole snapshot as one segment again.

Snapshots need pyarrow (the ``parquet`` extra); without it :func:`available` is false and
only the per-source cache is used. A snapshot is written to a temporary folder and renamed into place, so a reader never sees
half of one; a snapshot that cannot be read is ignored (the full parse runs). Nothing
here is pickled: Arrow IPC, JSON and NumPy's ``.npy`` without object arrays.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study._util import atomic_write_text, sha256_bytes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_SEGMENTS", "SNAPSHOT_FORMAT", "Snapshot", "available", "row_counts", "snapshot_key"]

#: Bumped when the layout of a snapshot changes.
SNAPSHOT_FORMAT = 3

#: Segments a snapshot may have before the next parse merges the appended ones.
MAX_SEGMENTS = 8

#: The tables a snapshot holds (before annotations), in the order of the data contract.
TABLES = ("sources", "reports", "paragraphs", "quantities", "mechanisms", "entities", "quality")


def available() -> bool:
    """Whether snapshots can be kept: they need pyarrow (the ``parquet`` extra).

    Without it a cached parse still skips unchanged files' parsing (the per-source
    cache) but rebuilds every table.
    """
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def snapshot_key(roots: Sequence[str], **options: Any) -> str:
    """The key of the snapshot of one set of inputs parsed with one set of options."""
    from democracy_study import __version__
    from democracy_study._cache import CACHE_FORMAT, code_digest

    parts = [f"{SNAPSHOT_FORMAT}.{CACHE_FORMAT}", __version__, code_digest(), *sorted(roots)]
    parts += [f"{k}={options[k]!r}" for k in sorted(options)]
    return sha256_bytes("\0".join(parts).encode("utf-8"))


def stat_signature(path: Path) -> tuple[int, int]:
    """``(size, mtime_ns)`` of *path* (what says the file was not changed since)."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def row_counts(frames: Mapping[str, pd.DataFrame], names: Sequence[str]) -> Any:
    """Rows per source (in *names* order) of each table of :data:`TABLES`, shape (sources, tables).

    Raises ``ValueError`` when a table's rows are not grouped by source in *names* order
    (or name a source not in *names*): then rows cannot be put back in file order.
    """
    import numpy as np
    import pandas as pd

    index = pd.Index(list(names))
    out = np.zeros((len(names), len(TABLES)), dtype=np.int64)
    for j, t in enumerate(TABLES):
        codes = index.get_indexer(frames[t]["source_file"].astype(str))
        if len(codes) and (codes.min() < 0 or (np.diff(codes) < 0).any()):
            raise ValueError(f"the rows of {t} are not grouped by source in file order")
        out[:, j] = np.bincount(codes, minlength=len(names))
    return out


def _read_arrow(path: Path) -> pd.DataFrame:
    import pyarrow.feather as feather

    # memory-mapped: uncompressed Arrow IPC is read without copying the file
    return feather.read_table(path, memory_map=True).to_pandas()


class Segment:
    """One segment of a snapshot: the rows, texts and fingerprints of some sources."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        raw = json.loads((directory / "sources.json").read_text(encoding="utf-8"))
        if not isinstance(raw, list):
            raise ValueError(f"{directory}: sources.json is not a list")
        self.sources: list[dict[str, Any]] = raw

    @property
    def names(self) -> list[str]:
        return [s["name"] for s in self.sources]

    def frames(self) -> dict[str, pd.DataFrame]:
        return {t: _read_arrow(self.directory / f"{t}.arrow") for t in TABLES}

    def counts(self) -> Any:
        import numpy as np

        c = np.load(self.directory / "counts.npy", allow_pickle=False)
        if c.shape != (len(self.sources), len(TABLES)):
            raise ValueError(f"{self.directory}: counts.npy does not fit sources.json")
        return c

    def funnels(self) -> pd.DataFrame | None:
        p = self.directory / "funnels.arrow"
        return _read_arrow(p) if p.is_file() else None

    def texts(self) -> dict[str, str]:
        import pyarrow.feather as feather

        t = feather.read_table(self.directory / "texts.arrow")
        return dict(zip(t.column("name").to_pylist(), t.column("text").to_pylist(), strict=True))

    def pairs(self) -> list[tuple[tuple[str, str], tuple[str, str]]]:
        raw = json.loads((self.directory / "pairs.json").read_text(encoding="utf-8"))
        return [((c[0], c[1]), (o[0], o[1])) for c, o in raw]

    def fingerprints(self) -> tuple[Any, Any, list[list[str]]]:
        import numpy as np

        hashes = np.load(self.directory / "fp_hashes.npy", allow_pickle=False)
        owner = np.load(self.directory / "fp_reports.npy", allow_pickle=False)
        keys = json.loads((self.directory / "fp_keys.json").read_text(encoding="utf-8"))
        return hashes, owner, keys


class Snapshot:
    """A snapshot on disk; :meth:`load` returns None when there is none or it is unreadable."""

    def __init__(self, directory: Path, manifest: dict[str, Any], segments: list[Segment]) -> None:
        self.directory = directory
        self.manifest = manifest
        self.segments = segments

    # ------------------------------------------------------------------ reading

    @classmethod
    def location(cls, cache_dir: Path, key: str) -> Path:
        return Path(cache_dir) / "snapshots" / key

    @classmethod
    def load(cls, cache_dir: Path, key: str) -> Snapshot | None:
        d = cls.location(cache_dir, key)
        try:
            manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != SNAPSHOT_FORMAT:
                return None
            segments = [Segment(d / str(name)) for name in manifest["segments"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(d, manifest, segments)

    @property
    def sources(self) -> list[dict[str, Any]]:
        """Per source, segment by segment: ``path``, ``name``, ``stem``, ``size``, ``mtime_ns``."""
        return [s for seg in self.segments for s in seg.sources]

    def unchanged(self, files: Sequence[Path]) -> list[Path] | None:
        """The files of *files* that are new, or None when a snapshot source changed or went."""
        known = {s["path"]: s for s in self.sources}
        new: list[Path] = []
        seen = 0
        for f in files:
            s = known.get(os.path.abspath(f))
            if s is None:
                new.append(f)
                continue
            try:
                if stat_signature(f) != (s["size"], s["mtime_ns"]):
                    return None
            except OSError:
                return None
            seen += 1
        return new if seen == len(known) else None

    def texts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for seg in self.segments:
            out.update(seg.texts())
        return out

    def pairs(self) -> list[tuple[tuple[str, str], tuple[str, str]]]:
        """The (copy, original) report keys syndication found, segment by segment."""
        return [p for seg in self.segments for p in seg.pairs()]

    def fingerprint_index(self, rank: Mapping[str, int]) -> tuple[Any, Any, list[list[str]]]:
        """Sorted fingerprint hashes, the report of each, and the reports' keys.

        The keys are in file order (*rank*: source name → position) and the hashes
        sorted, ties by report: the index a full parse of these files would write.
        """
        import numpy as np

        hs, os_, keys = [], [], []
        for seg in self.segments:
            h, o, k = seg.fingerprints()
            hs.append(h.astype(np.uint64, copy=False))
            os_.append(o.astype(np.int64) + len(keys))
            keys.extend(k)
        by_file = np.argsort(np.asarray([rank[k[0]] for k in keys], dtype=np.int64), kind="stable")
        new_id = np.empty(len(keys), dtype=np.int64)
        new_id[by_file] = np.arange(len(keys))
        hashes = np.concatenate(hs) if hs else np.zeros(0, np.uint64)
        owner = new_id[np.concatenate(os_)] if os_ else np.zeros(0, np.int64)
        order = np.lexsort((owner, hashes))
        return hashes[order], owner[order].astype(np.int32), [keys[i] for i in by_file]


def _write_segment(
    d: Path,
    sources: Sequence[Mapping[str, Any]],
    frames: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    fingerprints: Sequence[tuple[tuple[str, str], Sequence[int]]],
    pairs: Sequence[tuple[tuple[str, str], tuple[str, str]]],
) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.feather as feather

    d.mkdir(parents=True)
    names = [s["name"] for s in sources]
    np.save(d / "counts.npy", row_counts(frames, names), allow_pickle=False)
    for t in TABLES:
        frames[t].reset_index(drop=True).to_feather(d / f"{t}.arrow", compression="uncompressed")
    feather.write_feather(
        pa.table({"name": pa.array(names, pa.string()), "text": [texts[n] for n in names]}),
        d / "texts.arrow",
        compression="uncompressed",
    )
    owner = np.concatenate(
        [np.full(len(fp), i, dtype=np.int32) for i, (_, fp) in enumerate(fingerprints)]
        or [np.zeros(0, np.int32)]
    )
    hashes = np.concatenate(
        [np.asarray(fp, dtype=np.uint64) for _, fp in fingerprints] or [np.zeros(0, np.uint64)]
    )
    order = np.argsort(hashes, kind="stable")
    np.save(d / "fp_hashes.npy", hashes[order], allow_pickle=False)
    np.save(d / "fp_reports.npy", owner[order], allow_pickle=False)
    atomic_write_text(
        d / "fp_keys.json", json.dumps([list(k) for k, _ in fingerprints], ensure_ascii=False)
    )
    atomic_write_text(
        d / "pairs.json", json.dumps([[list(c), list(o)] for c, o in pairs], ensure_ascii=False)
    )
    atomic_write_text(d / "sources.json", json.dumps(list(map(dict, sources)), ensure_ascii=False))


def _write_funnels(d: Path, funnels: pd.DataFrame | None) -> None:
    if funnels is not None:
        funnels.reset_index(drop=True).to_feather(d / "funnels.arrow", compression="uncompressed")


def _write_manifest(d: Path, key: str, segments: Sequence[str]) -> None:
    manifest = {"format": SNAPSHOT_FORMAT, "key": key, "segments": list(segments)}
    atomic_write_text(d / "manifest.json", json.dumps(manifest, ensure_ascii=False))


def write_snapshot(
    cache_dir: Path,
    key: str,
    sources: Sequence[Mapping[str, Any]],
    frames: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    fingerprints: Sequence[tuple[tuple[str, str], Sequence[int]]],
    pairs: Sequence[tuple[tuple[str, str], tuple[str, str]]] = (),
) -> Path:
    """Write a snapshot of one segment (every source) to a temporary folder; return it.

    *sources*, the rows of *frames* and *fingerprints* are in file order.
    :func:`commit_snapshot` adds the funnels and the manifest and renames the folder
    into place.
    """
    final = Snapshot.location(cache_dir, key)
    tmp = final.parent / f".{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    _write_segment(tmp / "seg-0000", sources, frames, texts, fingerprints, pairs)
    return tmp


def commit_snapshot(tmp: Path, key: str, funnels: pd.DataFrame | None) -> None:
    """Finish the folder made by :func:`write_snapshot` and put it in place of the old one."""
    _write_funnels(tmp / "seg-0000", funnels)
    _write_manifest(tmp, key, ["seg-0000"])
    final = tmp.parent / key
    old = tmp.parent / f".{key}.old.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    with contextlib.suppress(OSError):
        final.rename(old)
    try:
        tmp.rename(final)
    except OSError:  # another process put its snapshot there first: keep that one
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def append_segment(
    snap: Snapshot,
    sources: Sequence[Mapping[str, Any]],
    frames: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    fingerprints: Sequence[tuple[tuple[str, str], Sequence[int]]],
    pairs: Sequence[tuple[tuple[str, str], tuple[str, str]]] = (),
) -> Path:
    """Write a segment with the rows of new *sources* only, beside *snap*'s; return its folder.

    :func:`commit_segment` adds the funnels and lists it in the manifest; until then no
    reader sees it.
    """
    tmp = snap.directory / f".seg.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    _write_segment(tmp, sources, frames, texts, fingerprints, pairs)
    return tmp


def commit_segment(
    snap: Snapshot, tmp: Path, funnels: pd.DataFrame | None, replaces: Sequence[Segment] = ()
) -> None:
    """Name the segment made by :func:`append_segment` and add it to *snap*'s manifest.

    *replaces*: segments whose sources the new one holds too (they are removed). The
    manifest is replaced atomically: a reader sees the old list of segments or the new
    one. If another process changed the snapshot meanwhile, the segment is dropped.
    """
    _write_funnels(tmp, funnels)
    gone = {seg.directory.name for seg in replaces}
    keep = [n for n in snap.manifest["segments"] if n not in gone]
    name = f"seg-{len(keep):04d}-{uuid.uuid4().hex[:8]}"
    current = json.loads((snap.directory / "manifest.json").read_text(encoding="utf-8"))
    if current != snap.manifest:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OSError(f"{snap.directory} was changed by another process")
    tmp.rename(snap.directory / name)
    _write_manifest(snap.directory, snap.manifest["key"], [*keep, name])
    for seg in replaces:
        shutil.rmtree(seg.directory, ignore_errors=True)


def discard(tmp: Path | None) -> None:
    """Remove an unfinished snapshot or segment folder."""
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
