"""Every figure the build writes: name, caption, notebook, drawing function.

Figure names are stable (papers cite them); add new figures with new numbers.
Each ``make`` function takes a :class:`~democracy_study.corpus.Corpus` and
returns a Figure; notebooks show the same figures through
:func:`democracy_study.pipeline.render_figure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .pipeline import FigureSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .corpus import Corpus

__all__ = ["FIGURE_SPECS", "place_names"]

NB01 = "notebooks/01-corpus-and-data-quality.ipynb"
NB02 = "notebooks/02-mechanisms.ipynb"


def place_names(corpus: Corpus) -> dict[str, str]:
    """Official Chinese place name → English (pinyin) name, from the reports table."""
    r = corpus.reports
    r = r[r["place"] != ""]
    return dict(zip(r["place"], r["place_en"], strict=True))


def _fig01(corpus: Corpus) -> Figure:
    from .viz_corpus import plot_quantities_by_place

    return plot_quantities_by_place(corpus.quantities, place_en=place_names(corpus))


def _fig02(corpus: Corpus) -> Figure:
    from .viz_corpus import plot_paragraph_joins

    return plot_paragraph_joins(corpus.paragraphs, corpus.reports)


def _fig03(corpus: Corpus) -> Figure:
    from .viz_mechanisms import plot_place_mechanisms

    return plot_place_mechanisms(corpus.place_mechanisms, order="cluster", place_names=place_names(corpus))


def _fig04(corpus: Corpus) -> Figure:
    from .viz_mechanisms import cooccurrence_graph, plot_cooccurrence

    return plot_cooccurrence(cooccurrence_graph(corpus.place_mechanisms))


def _fig05(corpus: Corpus) -> Figure:
    from .viz_mechanisms import place_clusters, plot_dendrogram

    return plot_dendrogram(place_clusters(corpus.place_mechanisms), place_names=place_names(corpus))


FIGURE_SPECS: list[FigureSpec] = [
    FigureSpec(
        "fig01-quantities-by-place",
        "Number expressions extracted per place, by kind (count, money and percent are facts about "
        "results; passages judged misplaced duplicates excluded). One newspaper page, ten county reports.",
        NB01,
        _fig01,
        ("quantities", "reports"),
    ),
    FigureSpec(
        "fig02-paragraph-joins",
        "Paragraph-join map: each report's logical paragraphs (width proportional to length); paragraphs "
        "joined across page or column breaks and paragraphs with detected defects are marked.",
        NB01,
        _fig02,
        ("paragraphs", "reports"),
    ),
    FigureSpec(
        "fig03-place-mechanisms",
        "Mechanisms described in each county report (1 = described as practised; automatic coding, "
        "Krippendorff's alpha against hand coding in notebook 02). Places ordered by Jaccard clustering.",
        NB02,
        _fig03,
        ("mechanisms", "reports"),
    ),
    FigureSpec(
        "fig04-mechanism-cooccurrence",
        "Mechanism co-occurrence: codes linked when the same place reports both; edge weight = number "
        "of places (n = 10 reports).",
        NB02,
        _fig04,
        ("mechanisms", "reports"),
    ),
    FigureSpec(
        "fig05-place-dendrogram",
        "Hierarchical clustering (average linkage) of places by Jaccard distance between their "
        "mechanism sets; with ten self-selected reports the grouping is descriptive only.",
        NB02,
        _fig05,
        ("mechanisms", "reports"),
    ),
]
