"""The build: idempotent, stale outputs detected, every registered figure renders."""

from __future__ import annotations

import shutil

import pytest
from matplotlib.figure import Figure

from democracy_study import config
from democracy_study.cli import main
from democracy_study.pipeline import build, check
from democracy_study.plots.registry import figure_spec, figure_specs

from .conftest import SEED

# the build test draws the corpus figures only; the simulation figures (fig3x, fig4x) are drawn by
# `democracy-study build --check` in CI and by test_every_registered_figure_renders_from_the_seed
CORPUS_FIGURES = ("fig01-quantities-by-place", "fig02-paragraph-joins", "fig03-place-mechanisms")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    raw = root / "raw"
    raw.mkdir()
    shutil.copyfile(SEED, raw / SEED.name)
    build(
        raw=raw,
        processed=root / "processed",
        figures_dir=root / "figures",
        only=CORPUS_FIGURES,
        progress=None,
        with_results=False,  # the result tables: test_results.py and build --check
    )
    return root


def _snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_is_idempotent(built):
    before = _snapshot(built)
    build(
        raw=built / "raw",
        processed=built / "processed",
        figures_dir=built / "figures",
        only=CORPUS_FIGURES,
        progress=None,
        with_results=False,  # the result tables: test_results.py and build --check
    )
    assert _snapshot(built) == before
    names = {p.name for p in (built / "figures").iterdir()}
    for name in CORPUS_FIGURES:
        assert {f"{name}.pdf", f"{name}.png"} <= names
    assert "manifest.csv" in names


def test_check_names_stale_files(built):
    kw = {"raw": built / "raw", "processed": built / "processed", "figures_dir": built / "figures"}
    assert check(**kw, figures=False, with_results=False) == []
    q = built / "processed" / "quantities.csv"
    original = q.read_bytes()
    q.write_bytes(original + b"tampered\n")
    (built / "processed" / "old_table.csv").write_bytes(b"x")
    try:
        stale = check(**kw, figures=False, with_results=False)
    finally:
        q.write_bytes(original)
        (built / "processed" / "old_table.csv").unlink()
    assert stale == [
        "data/processed/old_table.csv: unexpected file (not produced by the build)",
        "data/processed/quantities.csv: differs from what the code produces",
    ]


def test_every_registered_figure_renders_from_the_seed(seed_corpus):
    import matplotlib.pyplot as plt

    for spec in figure_specs():
        fig = spec.make(seed_corpus)
        assert isinstance(fig, Figure), spec.name
        assert fig.axes, spec.name
        plt.close(fig)
    with pytest.raises(KeyError, match="no figure named"):
        figure_spec("fig00-nothing")


def test_committed_outputs_are_current():
    """The committed data/processed and figures/ are what the code produces (CI also runs build --check)."""
    if not (config.DATA_PROCESSED / "datapackage.json").exists():
        pytest.skip("no committed outputs in this checkout")
    assert check(figures=False) == []


def test_codebook_command_prints_every_code(capsys):
    from democracy_study.coding.codebook import REQUIRED_CODES

    assert main(["codebook"]) == 0
    out = capsys.readouterr().out
    assert all(code in out for code in REQUIRED_CODES)


def test_rendered_codebook_doc_is_current():
    from democracy_study.coding.codebook import load_codebook

    doc = (config.PROJECT_ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert doc == load_codebook().render_markdown(), "run scripts/render_codebook.py"
