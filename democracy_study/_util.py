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

import contextlib
import functools
import hashlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "OUTPUT_MARKER",
    "DataFileError",
    "OutputDirError",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_dir",
    "lazy_exports",
    "load_package_yaml",
    "load_yaml",
    "replace_directory",
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


# ----------------------------------------------------------------------------------------------
# replacing an output directory as a whole

#: File written into every output directory; its presence says "this tool may replace me".
OUTPUT_MARKER = ".democracy-study-output"
_MARKER_TEXT = (
    "This directory was written by democracy-study and is replaced as a whole by the next run.\n"
    "Do not keep other files here.\n"
)


class OutputDirError(ValueError):
    """An output directory cannot be used; the message names the path as the user gave it."""


def _is_previous_output(path: Path) -> bool:
    """True if *path* holds the marker, or is a data package whose files are all listed in it."""
    if (path / OUTPUT_MARKER).is_file():
        return True
    pkg = path / "datapackage.json"
    if not pkg.is_file():
        return False
    import json

    try:
        listed = set()
        for r in json.loads(pkg.read_text(encoding="utf-8"))["resources"]:
            paths = r["path"] if isinstance(r["path"], list) else [r["path"]]
            listed |= {str(q).split("/", 1)[0] for q in paths}  # a multipart table's folder
    except (ValueError, KeyError, TypeError, OSError, AttributeError):
        return False
    have = {p.name for p in path.iterdir()}
    return have <= listed | {"datapackage.json"}


def _resolved(path: Path) -> Path:
    """Absolute path with symlinks resolved, whether or not *path* exists."""
    return path.parent.resolve() / path.name


def _check_target(target: Path, inputs: tuple[Path, ...], force: bool) -> None:
    if target.is_symlink():
        raise OutputDirError(
            f"{target}: output directory is a symbolic link; give the real directory"
        )
    if target.exists() and not target.is_dir():
        raise OutputDirError(f"{target}: output must be a directory, but this is a file")
    if not target.name or target.name in (".", ".."):
        raise OutputDirError(f"{target}: not a usable output directory name")
    rt = _resolved(target)
    for inp in inputs:
        ri = _resolved(Path(inp)) if Path(inp).is_symlink() else Path(inp).resolve()
        if ri == rt:
            raise OutputDirError(f"{target}: output directory is also an input ({inp})")
        if rt in ri.parents:
            raise OutputDirError(
                f"{target}: output directory contains the input {inp}; it would be deleted"
            )
    if target.is_dir() and any(target.iterdir()) and not force and not _is_previous_output(target):
        raise OutputDirError(
            f"{target}: directory exists, is not empty and was not written by democracy-study "
            f"(no {OUTPUT_MARKER} file); choose another directory or pass --force to replace it"
        )


def check_output_dir(
    target: str | os.PathLike[str],
    *,
    inputs: tuple[str | os.PathLike[str], ...] | list[Any] = (),
    force: bool = False,
) -> None:
    """Raise :class:`OutputDirError` if :func:`replace_directory` would refuse *target*.

    For commands that want to fail before the long work, not after it.

    >>> check_output_dir("/no/such/dir/out")
    """
    _check_target(Path(target), tuple(Path(i) for i in inputs), force)


@contextlib.contextmanager
def _locked(lock: Path, target: Path):
    import fcntl

    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputDirError(
                f"{target}: another democracy-study run is writing this directory; "
                f"wait for it to finish (lock file {lock})"
            ) from None
        try:  # the lock file may have been removed by a run that just finished: retry
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def _recover(target: Path, say: Callable[[str], None] | None) -> list[str]:
    """Clean up after killed runs (called under the lock); return what was done."""
    notes: list[str] = []
    parent, name = target.parent, target.name
    for new in sorted(parent.glob(f".{name}.new-*")):
        if new.is_dir() and not new.is_symlink():
            shutil.rmtree(new, ignore_errors=True)
            notes.append(f"removed {new} (incomplete output of an interrupted run)")
    for prev in sorted(parent.glob(f".{name}.prev-*")):
        if not prev.is_dir() or prev.is_symlink() or not _is_previous_output(prev):
            notes.append(f"left {prev} alone (not an output of democracy-study)")
            continue
        if not target.exists():
            os.replace(prev, target)
            notes.append(f"restored {target} from {prev} (an interrupted run had moved it)")
        else:
            shutil.rmtree(prev, ignore_errors=True)
            notes.append(f"removed {prev} (previous output left by an interrupted run)")
    if say is not None:
        for n in notes:
            say(n)
    return notes


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


def replace_directory(
    target: str | os.PathLike[str],
    fill: Callable[[Path], None],
    *,
    inputs: tuple[str | os.PathLike[str], ...] | list[Any] = (),
    force: bool = False,
    say: Callable[[str], None] | None = None,
) -> Path:
    """Build a new directory with *fill* and put it in place of *target*, crash-safely.

    Rules: *target* is never a file, a symbolic link, one of *inputs* or a
    directory that contains one; an existing non-empty directory is replaced only
    if it is a previous output (it holds :data:`OUTPUT_MARKER`, or is a data
    package listing every file in it) or *force* is true. A lock file
    ``.NAME.lock`` beside *target* keeps two runs apart.

    The new directory is written as ``.NAME.new-XXXX`` beside *target*; when it
    is complete it swaps places with the old one (one atomic exchange on Linux;
    elsewhere the old one is first renamed ``.NAME.prev-XXXX``), and the old one
    is deleted. Until the new output is complete the previous one stays under
    its own name. Leftovers of a killed run are cleaned (or restored) at the
    next run; a file that is not ours is never deleted.

    Parameters
    ----------
    target : path
        The output directory, as the user named it (messages use this spelling).
    fill : callable
        ``fill(tmp_dir)`` writes every output file into *tmp_dir*.
    inputs : paths
        Input files or directories the output must not replace.
    force : bool
        Replace a non-empty directory that is not a previous output.
    say : callable, optional
        Receives one line per leftover cleaned up.

    Raises
    ------
    OutputDirError
        Naming *target* and the problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> out = replace_directory(d / "out", lambda t: (t / "a.txt").write_text("1"))
    >>> sorted(p.name for p in out.iterdir())
    ['.democracy-study-output', 'a.txt']
    >>> replace_directory(d / "out", lambda t: None, inputs=[d / "out" / "a.txt"])
    Traceback (most recent call last):
    ...
    democracy_study._util.OutputDirError: ...out: output directory contains the input .../out/a.txt; it would be deleted
    """
    target = Path(target)
    inputs_t = tuple(Path(i) for i in inputs)
    _check_target(target, inputs_t, force)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputDirError(
            f"{target}: cannot create the parent directory ({exc.strerror})"
        ) from None
    lock = parent / f".{target.name}.lock"
    with _locked(lock, target):
        _recover(target, say)
        _check_target(target, inputs_t, force)  # again, under the lock
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
        try:
            try:
                fill(tmp)
            except OSError as exc:  # name the user's directory, not the temporary one
                raise OutputDirError(
                    f"{target}: could not write the output ({exc.strerror or exc}); "
                    "the previous output is unchanged"
                ) from None
            (tmp / OUTPUT_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
            os.chmod(tmp, 0o755)
            if not target.exists():
                os.replace(tmp, target)
            elif _exchange(tmp, target):
                shutil.rmtree(tmp)  # tmp now holds the previous output
            else:
                prev = Path(tempfile.mkdtemp(prefix=f".{target.name}.prev-", dir=parent))
                os.rmdir(prev)
                os.replace(target, prev)
                os.replace(tmp, target)
                shutil.rmtree(prev)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return target
