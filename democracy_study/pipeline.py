"""The build: a small DAG from ``data/raw`` to ``data/processed`` and ``figures/``.

Stages
------
1. ``parse``: :func:`democracy_study.corpus.parse_reports` on ``data/raw`` →
   tables in ``data/processed`` (CSV + ``datapackage.json``).
2. ``figures``: every registered figure (:data:`FIGURES`) rendered from the
   processed corpus and written by :func:`democracy_study.figures.save_figure`.

The build is idempotent: unchanged inputs give byte-identical outputs.
:func:`check` rebuilds into a temporary directory and lists the committed
files that differ.
"""

from __future__ import annotations

import filecmp
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config

if TYPE_CHECKING:
    from .corpus import Corpus

__all__ = ["FigureSpec", "build", "check", "figure_spec", "render_figure"]


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: how to draw it from a corpus, and how to cite it."""

    name: str
    caption: str
    source: str  #: the notebook that shows and discusses it
    make: Callable[[Corpus], Any]
    inputs: tuple[str, ...]  #: processed tables it is drawn from


def _registry() -> list[FigureSpec]:
    from .figure_registry import FIGURE_SPECS

    return sorted(FIGURE_SPECS, key=lambda s: s.name)


def __getattr__(name: str):
    if name == "FIGURES":
        return _registry()
    raise AttributeError(name)


def figure_spec(name: str) -> FigureSpec:
    """The registered :class:`FigureSpec` called *name*."""
    for spec in _registry():
        if spec.name == name:
            return spec
    known = ", ".join(s.name for s in _registry())
    raise KeyError(f"no figure named {name!r}; registered: {known}")


def render_figure(
    name: str,
    corpus: Corpus,
    *,
    processed: Path | None = None,
    out_dir: Path | None = None,
    save: bool = True,
):
    """Draw a registered figure and (by default) save it with its manifest entry.

    Notebooks call this, so the figure a paper cites is exactly the one the
    build writes.
    """
    import matplotlib as mpl

    from .figures import save_figure
    from .style import rc_params, register_fonts

    spec = figure_spec(name)
    register_fonts()
    # Draw and save from matplotlib's defaults plus the project style only, so the bytes do not
    # depend on what ran before (a notebook's inline backend, another figure's settings).
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(rc_params())
        fig = spec.make(corpus)
        if save:
            processed = Path(processed) if processed is not None else config.DATA_PROCESSED
            save_figure(
                fig,
                spec.name,
                caption=spec.caption,
                source=spec.source,
                inputs={f"data/processed/{t}.csv": processed / f"{t}.csv" for t in spec.inputs},
                out_dir=out_dir if out_dir is not None else config.FIGURES,
            )
    return fig


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
) -> Corpus:
    """Run every stage; return the parsed corpus.

    ``only`` restricts the figure stage to the named figures (the manifest
    then lists only those): for tests and quick previews.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .corpus import parse_reports
    from .export import write_tables

    raw = Path(raw) if raw is not None else config.DATA_RAW
    processed = Path(processed) if processed is not None else config.DATA_PROCESSED
    figures_dir = Path(figures_dir) if figures_dir is not None else config.FIGURES
    say = progress or (lambda _m: None)
    n_stages = 2 if figures else 1
    say(f"[1/{n_stages}] parse {raw} -> {processed}")
    corpus = parse_reports([raw])
    write_tables(corpus, processed)
    n_rep = int((corpus.reports["kind"] == "report").sum())
    say(
        f"      {len(corpus.sources)} source(s), {n_rep} reports, {len(corpus.quantities)} quantities, "
        f"{len(corpus.mechanisms)} mechanism hits, {len(corpus.quality)} quality notes"
    )
    if figures:
        specs = [s for s in _registry() if only is None or s.name in only]
        say(f"[2/{n_stages}] figures -> {figures_dir} ({len(specs)} figures)")
        for i, spec in enumerate(specs, 1):
            fig = render_figure(spec.name, corpus, processed=processed, out_dir=figures_dir)
            plt.close(fig)
            say(f"      ({i}/{len(specs)}) {spec.name}")
    say("done")
    return corpus


def _tree(root: Path) -> dict[str, Path]:
    return (
        {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}
        if root.exists()
        else {}
    )


def check(
    *,
    raw: Path | None = None,
    processed: Path | None = None,
    figures_dir: Path | None = None,
    figures: bool = True,
    only: tuple[str, ...] | None = None,
) -> list[str]:
    """Rebuild into a temporary directory and list committed outputs that differ.

    Returns
    -------
    list of str
        One line per stale, missing or unexpected file (empty if up to date).
    """
    processed = Path(processed) if processed is not None else config.DATA_PROCESSED
    figures_dir = Path(figures_dir) if figures_dir is not None else config.FIGURES
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
        )
        pairs = [(processed, t / "processed", "data/processed")]
        if figures:
            pairs.append((figures_dir, t / "figures", "figures"))
        for committed, fresh, label in pairs:
            have, want = _tree(committed), _tree(fresh)
            for rel in sorted(set(have) | set(want)):
                if rel not in have:
                    stale.append(f"{label}/{rel}: missing (the code produces it)")
                elif rel not in want:
                    stale.append(f"{label}/{rel}: not produced by the code any more")
                elif not filecmp.cmp(have[rel], want[rel], shallow=False):
                    stale.append(f"{label}/{rel}: differs from what the code produces")
    return stale
