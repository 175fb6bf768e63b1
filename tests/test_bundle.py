"""The replication bundle: deterministic bytes, contents, and a rebuild from the unpacked zip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from democracy_study import config
from democracy_study.bundle import bundle_versions, make_bundle

VERSIONS = {"package_version": "9.9", "codebook_version": "1.0.0", "git_commit": None}


def _tiny_root(root):
    files = {
        "data/raw/SOURCES.md": "# Sources\n",
        "data/raw/甲.txt": "## 甲县：标题\n\n开展活动3次。\n",
        "data/processed/datapackage.json": "{}\n",
        "figures/manifest.csv": "name\n",
        "requirements/constraints.txt": "pandas==0\n",
        "CITATION.cff": "cff-version: 1.2.0\n",
        "democracy_study/__init__.py": "",
        "democracy_study/__pycache__/x.pyc": "cache",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_bundle_is_deterministic_and_complete(tmp_path):
    root = _tiny_root(tmp_path / "proj")
    a, names = make_bundle(tmp_path / "a.zip", root=root, versions=VERSIONS)
    os.utime(root / "data/raw/SOURCES.md", (0, 0))  # file times never enter the zip
    b, _ = make_bundle(tmp_path / "b.zip", root=root, versions=VERSIONS)
    assert a.read_bytes() == b.read_bytes()
    assert names == sorted(names)
    assert names == [
        "CITATION.cff",
        "REPLICATION.md",
        "bundle.json",
        "data/processed/datapackage.json",
        "data/raw/SOURCES.md",
        "data/raw/甲.txt",
        "democracy_study/__init__.py",
        "figures/manifest.csv",
        "requirements/constraints.txt",
    ]  # no caches
    with zipfile.ZipFile(a) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        manifest = json.loads(zf.read("bundle.json"))
        readme = zf.read("REPLICATION.md").decode("utf-8")
    assert manifest["package_version"] == "9.9"
    assert manifest["files"][0]["path"] == "CITATION.cff"
    assert "democracy-study build --check" in readme and "not a git checkout" in readme


def test_bundle_needs_processed_data(tmp_path):
    root = _tiny_root(tmp_path / "proj")
    (root / "data/processed/datapackage.json").unlink()
    (root / "data/processed").rmdir()
    with pytest.raises(ValueError, match="data/processed: missing"):
        make_bundle(tmp_path / "x.zip", root=root, versions=VERSIONS)


def test_versions_name_codebook_gazetteer_and_commit():
    v = bundle_versions(config.PROJECT_ROOT)
    assert v["codebook_version"] and v["gazetteer"]["data_as_of"] >= "2025-12-31"
    if (config.PROJECT_ROOT / ".git").exists():
        assert v["git_commit"] and len(v["git_commit"]) == 40


@pytest.mark.slow
def test_unpacked_bundle_rebuilds_green(tmp_path):
    """SLOW (~70 s): unzip the project's bundle into an empty folder; `build --check` passes there.

    Runs the bundled code (PYTHONPATH), not the installed one. Fails, like CI's own
    `build --check`, when the committed outputs are stale.
    """
    zpath, _ = make_bundle(tmp_path / "replication.zip")
    target = tmp_path / "unpacked"
    target.mkdir()
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(target)
    env = {k: v for k, v in os.environ.items() if k != "DEMOCRACY_STUDY_ROOT"}
    env["PYTHONPATH"] = str(target)
    where = subprocess.run(
        [sys.executable, "-c", "import democracy_study, sys; print(democracy_study.__file__)"],
        cwd=target, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.strip().startswith(str(target))
    r = subprocess.run(
        [sys.executable, "-m", "democracy_study", "build", "--check"],
        cwd=target, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
