"""The build: a small DAG from ``data/raw`` to ``data/processed`` and ``figures/``.

Stages
------
1. ``parse``: :func:`democracy_study.corpus.parse_reports` on ``data/raw`` →
   tables in ``data/processed`` (CSV + ``datapackage.json``); then the result
   tables of the analyses (:mod:`democracy_study.results`) → ``data/results``.
2. ``figures``: every registered figure (:func:`~democracy_study.plots.registry.figure_specs`) rendered from the
   processed corpus and written by :func:`democracy_study.plots.save.save_figure`.

The build is idempotent: unchanged inputs give byte-identical outputs.
:func:`check` rebuilds into a temporary directory and lists the committed
files that differ.
"""

from __future__ import annotations

import filecmp
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study import config
from democracy_study.plots.registry import figure_specs, render_figure

if TYPE_CHECKING:
    from democracy_study.corpus import Corpus

__all__ = ["build", "check", "remove_stray_figures"]


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def build(
    *,
    raw: Path | None = None,
    processed: Path | None = None,
    figures_dir: Path | None = None,
    figures: bool = True,
    only: tuple[str, ...] | None = None,
    progress: Callable[[str], None] | None = _say,
    keep_going: bool = False,
    results: Path | None = None,
    with_results: bool = True,
    executor: Any = None,
) -> Corpus:
    """Run every stage; return the parsed corpus.

    ``only`` restricts the figure stage to the named figures (the manifest
    then lists only those): for tests and quick previews. ``keep_going``
    leaves out report files that cannot be read or parsed (listed in
    ``corpus.rejected``) instead of stopping. ``results`` is the directory of
    the result tables (:mod:`democracy_study.results`); by default it lies beside
    *processed* (``data/results`` in the project build). ``with_results=False``
    writes none. ``executor`` (a concurrent.futures Executor, ``"serial"`` or None)
    runs the heavier simulations of the result tables (the power design; None: its
    own pool of two processes); the outputs do not depend on it. The figures that
    show those simulations reuse the tables, so they are simulated once per build.

    The tables directory is replaced as a whole
    (:func:`democracy_study._util.replace_directory`; the project's own
    ``data/processed`` even if it holds files of its own). A full build removes
    figure files (``.pdf``, ``.png``, ``.svg``) that no registered figure
    produces, so ``build --check`` finds no unexpected file afterwards.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from democracy_study.corpus import parse_reports
    from democracy_study.io.tables import write_tables

    raw = Path(raw) if raw is not None else config.DATA_RAW
    processed = Path(processed) if processed is not None else config.DATA_PROCESSED
    figures_dir = Path(figures_dir) if figures_dir is not None else config.FIGURES
    results_dir = Path(results) if results is not None else processed.parent / "results"
    say = progress or (lambda _m: None)
    n_stages = 2 if figures else 1
    say(f"[1/{n_stages}] parse {raw} -> {processed}")
    corpus = parse_reports([raw], annotations=config.DATA_ANNOTATIONS, keep_going=keep_going)
    computed = None
    if with_results:  # every analysis before any file is written: a failure leaves no output
        from democracy_study.results import compute_results

        computed = compute_results(corpus, executor=executor)
    write_tables(
        corpus,
        processed,
        inputs=[raw],
        force=processed.resolve() == config.DATA_PROCESSED.resolve(),
    )
    n_rep = int((corpus.reports["kind"] == "report").sum())
    say(
        f"      {len(corpus.sources)} source(s), {n_rep} reports, {len(corpus.quantities)} quantities, "
        f"{len(corpus.mechanisms)} mechanism hits, {len(corpus.quality)} quality notes"
    )
    if with_results:
        from democracy_study.results import write_results

        say(f"      results -> {results_dir}")
        written = write_results(
            corpus,
            results_dir,
            inputs=[raw],
            force=results_dir.resolve() == config.DATA_RESULTS.resolve(),
            computed=computed,
        )
        say(f"      {len(written) - 1} result table(s)")
    if figures:
        specs = [s for s in figure_specs() if only is None or s.name in only]
        say(f"[2/{n_stages}] figures -> {figures_dir} ({len(specs)} figures)")
        for i, spec in enumerate(specs, 1):
            fig = render_figure(spec.name, corpus, processed=processed, out_dir=figures_dir)
            plt.close(fig)
            say(f"      ({i}/{len(specs)}) {spec.name}")
        if only is None:
            for stray in remove_stray_figures(figures_dir, [s.name for s in specs]):
                say(f"      removed {stray} (not produced by the build)")
    say("done")
    return corpus


def remove_stray_figures(figures_dir: Path, names: list[str]) -> list[Path]:
    """Delete figure files in *figures_dir* that none of the figures *names* produced.

    Only top-level files with a figure extension are removed; what the
    manifest lists for *names* (and the manifest itself) is kept.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "fig99-old.png").write_bytes(b"x"), (d / "notes.txt").write_text("keep")
    >>> [p.name for p in remove_stray_figures(d, [])], sorted(p.name for p in d.iterdir())
    (['fig99-old.png'], ['notes.txt'])
    """
    import json

    from democracy_study.plots.save import FORMATS, MANIFEST_NAME, figure_manifest

    if not figures_dir.is_dir():
        return []
    man = figure_manifest(figures_dir)
    keep = {MANIFEST_NAME}
    for name, files in zip(man["name"], man["files"], strict=True):
        if name in names:
            keep.update(Path(f).name for f in json.loads(files or "{}"))
    removed = []
    for f in sorted(figures_dir.iterdir()):
        if f.is_file() and not f.is_symlink() and f.suffix[1:] in FORMATS and f.name not in keep:
            f.unlink()
            removed.append(f)
    return removed


def _tree(root: Path) -> dict[str, Path]:
    """Output files under *root*, without the output-directory marker (bookkeeping, not data)."""
    from democracy_study._util import OUTPUT_MARKER

    return (
        {
            str(p.relative_to(root)): p
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != OUTPUT_MARKER
        }
        if root.exists()
        else {}
    )


def _hint(rel: str, have: dict[str, Path], want: dict[str, Path]) -> str:
    """For a stale PDF whose PNG twin matches: the drawing is the same, embedded data differ."""
    if not rel.endswith(".pdf"):
        return ""
    png = rel[: -len(".pdf")] + ".png"
    if png in have and png in want and filecmp.cmp(have[png], want[png], shallow=False):
        return (
            " (its PNG matches: the drawing is the same and only embedded data differ, such as a"
            " font converted elsewhere; see docs/FIGURES.md)"
        )
    return ""


def check(
    *,
    raw: Path | None = None,
    processed: Path | None = None,
    figures_dir: Path | None = None,
    figures: bool = True,
    only: tuple[str, ...] | None = None,
    results: Path | None = None,
    with_results: bool = True,
    executor: Any = None,
) -> list[str]:
    """Rebuild into a temporary directory and list committed outputs that differ.

    Compares ``data/processed``, ``data/results`` (beside *processed* unless
    *results* is given; skipped with ``with_results=False``) and the figures.
    *executor* is passed to :func:`build`.

    Returns
    -------
    list of str
        One line per stale, missing or unexpected file (empty if up to date).
    """
    processed = Path(processed) if processed is not None else config.DATA_PROCESSED
    figures_dir = Path(figures_dir) if figures_dir is not None else config.FIGURES
    results_dir = Path(results) if results is not None else processed.parent / "results"
    stale: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        build(
            raw=raw,
            processed=t / "processed",
            figures_dir=t / "figures",
            figures=figures,
            only=only,
            progress=None,
            results=t / "results",
            with_results=with_results,
            executor=executor,
        )
        pairs = [(processed, t / "processed", "data/processed")]
        if with_results:
            pairs.append((results_dir, t / "results", "data/results"))
        if figures:
            pairs.append((figures_dir, t / "figures", "figures"))
        for committed, fresh, label in pairs:
            have, want = _tree(committed), _tree(fresh)
            for rel in sorted(set(have) | set(want)):
                if rel not in have:
                    stale.append(f"{label}/{rel}: missing (the code produces it)")
                elif rel not in want:
                    stale.append(f"{label}/{rel}: unexpected file (not produced by the build)")
                elif not filecmp.cmp(have[rel], want[rel], shallow=False):
                    stale.append(
                        f"{label}/{rel}: differs from what the code produces"
                        + _hint(rel, have, want)
                    )
    return stale
