"""The replication archive: ``democracy-study bundle --out replication.zip``.

One zip file holds what a reader needs to check every number and figure:

- ``data/``: ``raw/`` (the sources, with ``SOURCES.md``), ``processed/`` (the
  tables with ``datapackage.json``), and whatever else the build reads or
  writes there (``results/``, ``annotations/``, if present); ``figures/``
  (with ``manifest.csv``);
- the code that made them (``democracy_study/``, ``notebooks/``, ``scripts/``,
  ``tests/``, ``docs/``, ``pyproject.toml``, ``Makefile``, ``README.md``,
  ``CHANGELOG.md``, ``CITATION.cff``) and the locked dependency list
  ``requirements/constraints.txt``;
- ``bundle.json``: package, codebook and gazetteer data versions, the git
  commit (if the project is a git checkout) and the SHA-256 of every file;
- ``REPLICATION.md``: how to rebuild and check.

The bytes are deterministic: entries sorted by path, every time stamp fixed
at 1980-01-01, permissions 0644, DEFLATE at level 9. Two bundles of the same
tree are identical.

Examples
--------
>>> import tempfile, pathlib, zipfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> for rel in ("data/raw/SOURCES.md", "data/raw/a.txt", "data/processed/t.csv", "CITATION.cff"):
...     (root / rel).parent.mkdir(parents=True, exist_ok=True)
...     _ = (root / rel).write_text("x\\n", encoding="utf-8")
>>> out, names = make_bundle(root / "r.zip", root=root, versions={"package_version": "0"})
>>> names[:3]
['CITATION.cff', 'REPLICATION.md', 'bundle.json']
>>> zipfile.ZipFile(out).getinfo("data/raw/a.txt").date_time
(1980, 1, 1, 0, 0, 0)
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from democracy_study._util import atomic_write_bytes, sha256_bytes

__all__ = ["BUNDLE_PATHS", "bundle_files", "bundle_versions", "make_bundle"]

#: Files and directories of the project root that go into the bundle (if present).
BUNDLE_PATHS = (
    "data",
    "figures",
    "democracy_study",
    "notebooks",
    "scripts",
    "tests",
    "docs",
    "requirements/constraints.txt",
    "pyproject.toml",
    "Makefile",
    "README.md",
    "CHANGELOG.md",
    "CITATION.cff",
    "LICENSE",
    "mkdocs.yml",
)
#: Path parts never bundled (caches, build residue).
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}
_SKIP_SUFFIXES = (".pyc", ".pyo")
_EPOCH = (1980, 1, 1, 0, 0, 0)
_REQUIRED = ("data/raw", "data/processed")


def bundle_files(root: str | Path) -> list[str]:
    """The project files (POSIX paths relative to *root*) a bundle of *root* holds, sorted."""
    root = Path(root)
    out = set()
    for rel in BUNDLE_PATHS:
        p = root / rel
        if p.is_file():
            out.add(rel)
        elif p.is_dir():
            for f in p.rglob("*"):
                r = f.relative_to(root)
                if (
                    f.is_file()
                    and not any(part in _SKIP_PARTS or part.startswith(".") for part in r.parts)
                    and not f.name.endswith(_SKIP_SUFFIXES)
                ):
                    out.add(r.as_posix())
    return sorted(out)


def _git(root: Path, *args: str) -> str | None:
    try:
        r = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


def bundle_versions(root: str | Path) -> dict[str, Any]:
    """Package, codebook and gazetteer data versions, and the git commit of *root*."""
    from democracy_study import __version__
    from democracy_study.coding.codebook import load_codebook
    from democracy_study.parse.gazetteer import gazetteer_info

    root = Path(root)
    gaz = gazetteer_info()
    commit = _git(root, "rev-parse", "HEAD") if (root / ".git").exists() else None
    clean = None
    if commit:
        status = _git(root, "status", "--porcelain", "--", *BUNDLE_PATHS)
        clean = status == "" if status is not None else None
    return {
        "package_version": __version__,
        "codebook_version": load_codebook().version,
        "gazetteer": {
            k: gaz.get(k)
            for k in ("package", "version", "authority", "data_as_of", "source_sha256")
        },
        "git_commit": commit,
        "git_clean": clean,
    }


def _readme(versions: dict[str, Any]) -> str:
    gaz = versions.get("gazetteer") or {}
    commit = versions.get("git_commit")
    if commit:
        state = "" if versions.get("git_clean") else " plus uncommitted changes"
        made = f"from git commit `{commit}`{state}"
    else:
        made = "from a tree that is not a git checkout"
    lines = [
        f"# Replication archive: democracy-study {versions.get('package_version', '')}",
        "",
        f"Made by `democracy-study bundle` {made}.",
        "",
        f"- mechanism codebook: version {versions.get('codebook_version', '?')}",
        f"- gazetteer: {gaz.get('package', '?')} {gaz.get('version', '?')}, division data as of "
        f"{gaz.get('data_as_of', '?')} ({gaz.get('authority', '?')})",
        "- exact dependency versions: `requirements/constraints.txt`",
        "- every file's SHA-256: `bundle.json`",
        "",
        "## Rebuild and check",
        "",
        "Needs Python 3.11+. In the folder this archive was unpacked into:",
        "",
        "```bash",
        "python3 -m venv .venv && .venv/bin/pip install -c requirements/constraints.txt -e .",
        "# exit 0: data/processed, data/results and figures/ are exactly what the code makes",
        ".venv/bin/democracy-study build --check",
        "# provenance: every row's text[char_start:char_end] == evidence",
        ".venv/bin/democracy-study validate data/processed",
        "```",
        "",
        "`democracy-study build` rewrites `data/processed/`, `data/results/` and `figures/` from `data/raw/`;",
        "the notebooks in `notebooks/` read them (`.venv/bin/pip install -e '.[notebooks]'`).",
        "",
        "## Contents",
        "",
        "| path | what |",
        "|---|---|",
        "| `data/raw/` | the source texts as obtained, never edited; `SOURCES.md` says where each "
        "came from |",
        "| `data/processed/` | the tables (CSV) with `datapackage.json` (Frictionless: field "
        "descriptions, keys, vocabularies) |",
        "| `data/results/`, `data/annotations/` | analysis results and human corrections, if the "
        "project had any |",
        "| `figures/` | every figure (PNG, PDF); `manifest.csv` lists their inputs and hashes |",
        "| `democracy_study/`, `notebooks/`, `scripts/`, `tests/`, `docs/` | the code and its "
        "documentation |",
        "| `CITATION.cff` | how to cite |",
        "",
    ]
    return "\n".join(lines)


def make_bundle(
    out: str | Path,
    *,
    root: str | Path | None = None,
    versions: dict[str, Any] | None = None,
) -> tuple[Path, list[str]]:
    """Write the replication zip of project *root* to *out*; return its path and entry names.

    Parameters
    ----------
    out : path
        The ``.zip`` to write (replaced atomically).
    root : path, optional
        Project root (default: :data:`democracy_study.config.PROJECT_ROOT`).
    versions : dict, optional
        Override :func:`bundle_versions` (for tests).

    Raises
    ------
    ValueError
        *root* has no ``data/raw`` or ``data/processed`` (run ``democracy-study
        build`` first), or *out* lies inside a bundled directory.
    """
    from democracy_study import config

    root = Path(root) if root is not None else config.PROJECT_ROOT
    out = Path(out)
    for rel in _REQUIRED:
        if not (root / rel).is_dir():
            hint = " (run `democracy-study build` first)" if rel == "data/processed" else ""
            raise ValueError(f"{root / rel}: missing; a bundle needs it{hint}")
    files = bundle_files(root)
    if out.resolve().is_relative_to(root.resolve()):
        out_rel = out.resolve().relative_to(root.resolve()).as_posix()
        files = [f for f in files if f != out_rel]
        if any(out_rel.startswith(p.rstrip("/") + "/") for p in BUNDLE_PATHS):
            raise ValueError(f"{out}: the bundle cannot be written inside a bundled directory")
    versions = dict(versions) if versions is not None else bundle_versions(root)
    contents = {f: (root / f).read_bytes() for f in files}
    manifest = {
        **versions,
        "files": [
            {"path": f, "sha256": sha256_bytes(b), "bytes": len(b)} for f, b in contents.items()
        ],
    }
    contents["bundle.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    contents["REPLICATION.md"] = _readme(versions).encode("utf-8")
    names = sorted(contents)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the platform
            zf.writestr(info, contents[name], compresslevel=9)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, buf.getvalue())
    return out, names
