"""A per-source cache of parse results (private: used by :func:`democracy_study.corpus.parse_reports`).

One file per source, named by a key made of the source's ``sha256``, its
``source_file`` name, the package version, a digest of the package's code and rule files
(:func:`code_digest`) and the parse options; the value is
the source's table rows as JSON (no pickle: a cache file cannot run code).
Adding one report to a corpus of ten thousand therefore parses one file; a new
package version or changed file content misses the cache. Files are written
atomically, so two processes sharing a cache directory never read half a file.

The default directory is ``$DEMOCRACY_STUDY_CACHE`` or ``~/.cache/democracy-study``;
it is never part of the repository (``data/interim/`` is ignored by git).

Examples
--------
>>> import tempfile
>>> c = SourceCache(tempfile.mkdtemp())
>>> key = c.key("a.txt", "ab" * 32, code_mechanisms=True)
>>> c.get(key) is None
True
>>> c.put(key, {"reports": [{"report_id": "a#r01"}]})
>>> c.get(key)
{'reports': [{'report_id': 'a#r01'}]}
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from democracy_study._util import atomic_write_text, sha256_bytes

__all__ = ["CACHE_FORMAT", "SourceCache", "code_digest", "default_cache_dir"]

#: Bumped when the layout of a cache entry changes.
CACHE_FORMAT = 1


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 of the package's code and rule files (every ``*.py``, ``data/*.yaml``).

    Part of every cache and snapshot key, beside the version, so that a change to a
    parsing rule or a vocabulary (an edited ``indicators.yaml``, a fixed regex) misses the
    cache instead of returning rows the code no longer makes. About 5 ms, once a process.

    >>> len(code_digest())
    64
    """
    import hashlib

    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    files = sorted(root.rglob("*.py")) + sorted((root / "data").glob("*.yaml"))
    for f in files:
        h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


def default_cache_dir() -> Path:
    """``$DEMOCRACY_STUDY_CACHE`` if set, else ``~/.cache/democracy-study`` (XDG_CACHE_HOME honoured).

    >>> isinstance(default_cache_dir(), Path)
    True
    """
    env = os.environ.get("DEMOCRACY_STUDY_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "democracy-study"


class SourceCache:
    """Parse results per source file, keyed by content, name, package version and options.

    Parameters
    ----------
    directory : path
        Created on first write.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def key(self, name: str, sha256: str, **options: Any) -> str:
        """The cache key of a source (hex digest)."""
        from democracy_study import __version__

        parts = [str(CACHE_FORMAT), __version__, code_digest(), name, sha256]
        parts += [f"{k}={options[k]!r}" for k in sorted(options)]
        return sha256_bytes("\0".join(parts).encode("utf-8"))

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The stored value, or None (missing or unreadable entries are misses)."""
        p = self._path(key)
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store *value* (JSON-serialisable) atomically."""
        p = self._path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(p, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
