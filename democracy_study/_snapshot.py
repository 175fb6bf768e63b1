"""The last parse of a corpus, kept beside the per-source cache (private; issue 15).

:func:`democracy_study.corpus.parse_reports` with a cache directory keeps, per set of
inputs and options, a *snapshot* of the corpus it returned: the tables before human
annotations are applied (Arrow IPC files, uncompressed: the fastest to write and to read
back with the same dtypes), the funnels (when there were no annotations), the
decoded texts, the report fingerprints of the syndication index, and a manifest of the
sources with their size, modification time and sha256. The next parse of the same inputs
takes the snapshot's rows for every source whose size and modification time are
unchanged, parses only the new sources (through the per-source cache), and probes the
fingerprint index with the new reports only. The result is the same, byte for byte, as a
full parse; when that cannot be guaranteed cheaply the full parse runs instead:

- a source of the snapshot is missing, or its size or modification time changed;
- a new source changes another source's ids (two files with the same stem);
- a new report is the original of a report already parsed (an earlier copy of it), or
  makes a fingerprint boilerplate that was not (:data:`SYNDICATION_MAX_COPIES`), which
  could undo an earlier pair.

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

__all__ = ["SNAPSHOT_FORMAT", "Snapshot", "available", "snapshot_key"]

#: Bumped when the layout of a snapshot changes.
SNAPSHOT_FORMAT = 2

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


class Snapshot:
    """A snapshot on disk; :meth:`load` returns None when there is none or it is unreadable."""

    def __init__(self, directory: Path, manifest: dict[str, Any]) -> None:
        self.directory = directory
        self.manifest = manifest

    # ------------------------------------------------------------------ reading

    @classmethod
    def location(cls, cache_dir: Path, key: str) -> Path:
        return Path(cache_dir) / "snapshots" / key

    @classmethod
    def load(cls, cache_dir: Path, key: str) -> Snapshot | None:
        d = cls.location(cache_dir, key)
        try:
            manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(manifest, dict) or manifest.get("format") != SNAPSHOT_FORMAT:
            return None
        return cls(d, manifest)

    @property
    def sources(self) -> list[dict[str, Any]]:
        """Per source, in file order: ``path``, ``name``, ``stem``, ``size``, ``mtime_ns``."""
        return list(self.manifest["sources"])

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

    def frames(self) -> dict[str, pd.DataFrame]:
        import pandas as pd

        return {t: pd.read_feather(self.directory / f"{t}.arrow") for t in TABLES}

    def funnels(self) -> pd.DataFrame | None:
        import pandas as pd

        p = self.directory / "funnels.arrow"
        return pd.read_feather(p) if p.is_file() else None

    def texts(self) -> dict[str, str]:
        import pyarrow.feather as feather

        t = feather.read_table(self.directory / "texts.arrow")
        return dict(zip(t.column("name").to_pylist(), t.column("text").to_pylist(), strict=True))

    def pairs(self) -> list[tuple[tuple[str, str], tuple[str, str]]]:
        """The (copy, original) report keys syndication found."""
        raw = json.loads((self.directory / "pairs.json").read_text(encoding="utf-8"))
        return [((c[0], c[1]), (o[0], o[1])) for c, o in raw]

    def fingerprint_index(self) -> tuple[Any, Any, list[list[str]]]:
        """Sorted fingerprint hashes, the report of each, and the reports' keys."""
        import numpy as np

        hashes = np.load(self.directory / "fp_hashes.npy", allow_pickle=False)
        owner = np.load(self.directory / "fp_reports.npy", allow_pickle=False)
        keys = json.loads((self.directory / "fp_keys.json").read_text(encoding="utf-8"))
        return hashes, owner, keys


def write_snapshot(
    cache_dir: Path,
    key: str,
    sources: Sequence[Mapping[str, Any]],
    frames: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    fingerprints: Sequence[tuple[tuple[str, str], Sequence[int]]],
    pairs: Sequence[tuple[tuple[str, str], tuple[str, str]]] = (),
) -> Path:
    """Write the tables, texts and fingerprints to a temporary folder; return it.

    :func:`commit_snapshot` adds the funnels and the manifest and renames the folder
    into place.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.feather as feather

    final = Snapshot.location(cache_dir, key)
    tmp = final.parent / f".{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    for t in TABLES:
        frames[t].reset_index(drop=True).to_feather(tmp / f"{t}.arrow", compression="uncompressed")
    names = list(texts)
    feather.write_feather(
        pa.table({"name": pa.array(names, pa.string()), "text": [texts[n] for n in names]}),
        tmp / "texts.arrow",
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
    np.save(tmp / "fp_hashes.npy", hashes[order], allow_pickle=False)
    np.save(tmp / "fp_reports.npy", owner[order], allow_pickle=False)
    atomic_write_text(
        tmp / "fp_keys.json", json.dumps([list(k) for k, _ in fingerprints], ensure_ascii=False)
    )
    atomic_write_text(
        tmp / "pairs.json", json.dumps([[list(c), list(o)] for c, o in pairs], ensure_ascii=False)
    )
    atomic_write_text(
        tmp / "sources.json", json.dumps(list(map(dict, sources)), ensure_ascii=False)
    )
    return tmp


def commit_snapshot(tmp: Path, key: str, funnels: pd.DataFrame | None) -> None:
    """Finish the folder made by :func:`write_snapshot` and put it in place of the old one."""
    if funnels is not None:
        funnels.reset_index(drop=True).to_feather(tmp / "funnels.arrow", compression="uncompressed")
    sources = json.loads((tmp / "sources.json").read_text(encoding="utf-8"))
    manifest = {"format": SNAPSHOT_FORMAT, "key": key, "sources": sources}
    atomic_write_text(tmp / "manifest.json", json.dumps(manifest, ensure_ascii=False))
    final = tmp.parent / key
    old = tmp.parent / f".{key}.old.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    with contextlib.suppress(OSError):
        final.rename(old)
    try:
        tmp.rename(final)
    except OSError:  # another process put its snapshot there first: keep that one
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def discard(tmp: Path | None) -> None:
    """Remove an unfinished snapshot folder."""
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
