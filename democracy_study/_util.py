"""One implementation of each helper the stages share (private: not part of the API).

Hashing, atomic writes, reading the package's YAML data files, and the lazy
attribute loading of the package façades live here, once, so that every stage
uses the same rules (the same digest, the same error message for a broken data
file, the same crash-safe write).

Examples
--------
>>> sha256_bytes(b"abc")[:12]
'ba7816bf8f01'
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> atomic_write_bytes(p, b"hello")
>>> p.read_bytes(), sha256_file(p) == sha256_bytes(b"hello")
(b'hello', True)
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "DataFileError",
    "atomic_write_bytes",
    "atomic_write_text",
    "lazy_exports",
    "load_package_yaml",
    "load_yaml",
    "sha256_bytes",
    "sha256_file",
]

_CHUNK = 1 << 20


class DataFileError(ValueError):
    """A data file (YAML) cannot be read or has the wrong shape; the message names it."""


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 digest of *data*."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 digest of the file at *path*, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, mode: int = 0o644) -> None:
    """Write *data* to *path* so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same directory, which then replaces
    *path* (``os.replace``). The temporary file is removed on any failure.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text with ``\\n`` line ends as given."""
    atomic_write_bytes(path, text.encode("utf-8"))


def load_yaml(path: str | os.PathLike[str], *, what: str = "data file") -> Any:
    """Parse the YAML file at *path*; errors name the file and the problem.

    Raises
    ------
    DataFileError
        When the file is missing, not UTF-8, or not valid YAML (with the line).

    Examples
    --------
    >>> load_yaml("/no/such.yaml")
    Traceback (most recent call last):
    ...
    democracy_study._util.DataFileError: /no/such.yaml: data file not found
    """
    import yaml

    path = Path(path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{path}: {what} not found") from None
    except OSError as exc:
        raise DataFileError(f"{path}: {what} cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: {what} is not UTF-8 (byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(f"{path}: YAML syntax error{where}: {problem}") from None


@functools.lru_cache(maxsize=32)
def load_package_yaml(name: str) -> Any:
    """A YAML file shipped in ``democracy_study/data/`` (cached; treat as read-only)."""
    from democracy_study.config import PACKAGE_DATA

    return load_yaml(PACKAGE_DATA / name, what="package data file")


def lazy_exports(
    package: str, mapping: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package that loads its names on first use.

    *mapping* maps an exported name to the module (absolute dotted name) that
    defines it, so importing the package itself stays cheap.
    """

    def __getattr__(name: str) -> Any:
        if name in mapping:
            mod = importlib.import_module(mapping[name])
            value = mod if mod.__name__.endswith("." + name) and not hasattr(mod, name) else None
            value = getattr(mod, name) if value is None else value
            importlib.import_module(package).__dict__[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(importlib.import_module(package).__dict__) | set(mapping))

    return __getattr__, __dir__
