"""``--out`` safety: never a file, a link, an input or its ancestor; crash-safe swap; lock.

Every case is a small directory tree written here; the expected outcome is the
rule of :func:`democracy_study._util.replace_directory` (issue 16).
"""

from __future__ import annotations

import fcntl
import os

import pytest

from democracy_study._util import (
    OUTPUT_MARKER,
    OutputDirError,
    check_output_dir,
    replace_directory,
)
from democracy_study.cli import main


def _fill(content: str):
    def fill(tmp):
        (tmp / "table.csv").write_text(content, encoding="utf-8")

    return fill


def _report(path, body="开展活动3次。"):
    path.write_text(f"## 昌乐县：标题\n\n{body}\n", encoding="utf-8")
    return path


def test_new_output_has_the_marker_and_is_replaced_whole(tmp_path):
    out = tmp_path / "out"
    replace_directory(out, _fill("a\n"))
    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MARKER, "table.csv"]
    replace_directory(out, _fill("b\n"))
    assert (out / "table.csv").read_text(encoding="utf-8") == "b\n"
    # nothing left beside it: no .out.new-*, .out.prev-*, lock file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_file_as_out_is_refused_and_kept(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputDirError, match=r"notes\.txt: output must be a directory"):
        replace_directory(f, _fill("x"))
    assert f.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no .notes.txt.old


def test_symlink_as_out_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(OutputDirError, match="symbolic link"):
        replace_directory(link, _fill("x"))
    assert link.is_symlink() and list(real.iterdir()) == []


@pytest.mark.parametrize("where", ["same", "parent", "grandparent"])
def test_input_or_its_ancestor_as_out_is_refused(tmp_path, where):
    raw = tmp_path / "x" / "raw"
    raw.mkdir(parents=True)
    rep = _report(raw / "r.txt")
    out = {"same": raw, "parent": raw.parent, "grandparent": tmp_path}[where]
    with pytest.raises(OutputDirError, match="input"):
        replace_directory(out, _fill("x"), inputs=[raw], force=True)  # force does not help
    assert rep.is_file()


def test_cli_parse_out_is_the_input_parent_keeps_the_inputs(tmp_path, capsys):
    raw = tmp_path / "x" / "raw"
    raw.mkdir(parents=True)
    rep = _report(raw / "r.txt")
    assert main(["parse", str(raw), "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "contains the input" in err and str(tmp_path / "x") in err
    assert rep.read_text(encoding="utf-8").startswith("## 昌乐县")


def test_foreign_non_empty_directory_needs_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputDirError, match="not written by democracy-study"):
        replace_directory(out, _fill("x"))
    assert (out / "thesis.docx").read_bytes() == b"precious"
    replace_directory(out, _fill("x"), force=True)
    assert not (out / "thesis.docx").exists()


def test_empty_directory_and_legacy_data_package_are_accepted(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    replace_directory(empty, _fill("x"))
    legacy = tmp_path / "legacy"  # written by a version without the marker
    legacy.mkdir()
    (legacy / "a.csv").write_text("x\n", encoding="utf-8")
    (legacy / "datapackage.json").write_text(
        '{"resources": [{"name": "a", "path": "a.csv"}]}', encoding="utf-8"
    )
    check_output_dir(legacy)
    (legacy / "mine.txt").write_text("not listed", encoding="utf-8")
    with pytest.raises(OutputDirError):
        check_output_dir(legacy)


def test_failure_while_writing_keeps_previous_output(tmp_path):
    out = tmp_path / "out"
    replace_directory(out, _fill("old\n"))

    def boom(tmp):
        (tmp / "half.csv").write_text("par", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputDirError) as exc:
        replace_directory(out, boom)
    msg = str(exc.value)
    assert str(out) in msg and ".new-" not in msg  # the user's path, not the temporary one
    assert (out / "table.csv").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_leftovers_of_killed_runs_are_cleaned_or_restored(tmp_path):
    out = tmp_path / "out"
    # a run killed while writing: an incomplete .out.new-*
    half = tmp_path / ".out.new-abc"
    half.mkdir()
    (half / "x.csv").write_text("par", encoding="utf-8")
    # a run killed between the two renames: the old output is only under .out.prev-*
    prev = tmp_path / ".out.prev-def"
    prev.mkdir()
    (prev / OUTPUT_MARKER).write_text("", encoding="utf-8")
    (prev / "table.csv").write_text("previous\n", encoding="utf-8")
    # somebody's own folder that happens to be called .out.old: never touched
    theirs = tmp_path / ".out.old"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("mine", encoding="utf-8")
    said: list[str] = []

    def fill(tmp):
        # the previous output is back under its own name before the new one is written
        assert (out / "table.csv").read_text(encoding="utf-8") == "previous\n"
        (tmp / "table.csv").write_text("new\n", encoding="utf-8")

    replace_directory(out, fill, say=said.append)
    assert (out / "table.csv").read_text(encoding="utf-8") == "new\n"
    assert not half.exists() and not prev.exists()
    assert (theirs / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert any("restored" in s for s in said) and any("removed" in s for s in said)


def test_foreign_prev_leftover_is_reported_not_deleted(tmp_path):
    odd = tmp_path / ".out.prev-zzz"
    odd.mkdir()
    (odd / "data.bin").write_bytes(b"?")
    said: list[str] = []
    replace_directory(tmp_path / "out", _fill("x"), say=said.append)
    assert (odd / "data.bin").exists()
    assert said == [f"left {odd} alone (not an output of democracy-study)"]


def test_concurrent_run_is_refused(tmp_path):
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(OutputDirError, match="another democracy-study run"):
            replace_directory(out, _fill("x"))
    finally:
        os.close(fd)
    assert not out.exists()
    replace_directory(out, _fill("x"))  # once the other run is done
    assert (out / "table.csv").exists()


def test_cli_out_is_a_file(tmp_path, capsys):
    rep = _report(tmp_path / "r.txt")
    f = tmp_path / "o.csv"
    f.write_text("keep", encoding="utf-8")
    for _ in range(2):  # and every rerun says the same, without damage
        assert main(["parse", str(rep), "--out", str(f)]) == 2
        assert "o.csv: output must be a directory" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv", "r.txt"]


def test_build_check_calls_strays_unexpected_and_build_leaves_none(tmp_path):
    from democracy_study.pipeline import build, check, remove_stray_figures

    raw = tmp_path / "raw"
    raw.mkdir()
    _report(raw / "r.txt")
    processed = tmp_path / "processed"
    build(raw=raw, processed=processed, figures=False, progress=None, with_results=False)
    assert (processed / OUTPUT_MARKER).is_file()
    (processed / "old_table.csv").write_text("x\n", encoding="utf-8")
    stale = check(raw=raw, processed=processed, figures=False, with_results=False)
    assert stale == ["data/processed/old_table.csv: unexpected file (not produced by the build)"]
    # the directory is no longer a pure output (a foreign file): build with force replaces it
    build(raw=raw, processed=tmp_path / "p2", figures=False, progress=None, with_results=False)
    figs = tmp_path / "figs"
    figs.mkdir()
    (figs / "fig98-gone.pdf").write_bytes(b"%PDF")
    assert [p.name for p in remove_stray_figures(figs, ["fig01-quantities-by-place"])] == [
        "fig98-gone.pdf"
    ]
