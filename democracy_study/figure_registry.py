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
NB03 = "notebooks/03-networks.ipynb"
NB04 = "notebooks/04-mechanisms-and-outcomes.ipynb"
NETWORK_METRICS = ("coverage", "station_load_gini", "brokerage_station_max", "path_length_mean")


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

    return plot_place_mechanisms(
        corpus.place_mechanisms, order="cluster", place_names=place_names(corpus)
    )


def _fig04(corpus: Corpus) -> Figure:
    from .viz_mechanisms import cooccurrence_graph, plot_cooccurrence

    return plot_cooccurrence(cooccurrence_graph(corpus.place_mechanisms))


def _fig05(corpus: Corpus) -> Figure:
    from .viz_mechanisms import place_clusters, plot_dendrogram

    return plot_dendrogram(place_clusters(corpus.place_mechanisms), place_names=place_names(corpus))


def _fig30(corpus: Corpus) -> Figure:
    from .analysis import network_analysis
    from .viz_networks import plot_example_networks

    return plot_example_networks(
        network_analysis(corpus).examples, seed=1, place_names=place_names(corpus)
    )


def _fig31(corpus: Corpus) -> Figure:
    from .analysis import network_analysis
    from .viz_networks import plot_metric_panel

    return plot_metric_panel(
        network_analysis(corpus).ensemble, NETWORK_METRICS, place_names=place_names(corpus)
    )


def _fig32(corpus: Corpus) -> Figure:
    from .analysis import network_analysis
    from .viz_networks import plot_robustness_panel

    a = network_analysis(corpus)
    shown = [p.place for p in a.examples.values()]
    return plot_robustness_panel(a.ensemble, shown, place_names=place_names(corpus))


def _fig33(corpus: Corpus) -> Figure:
    from .analysis import network_analysis
    from .viz_networks import plot_funnel_validation

    return plot_funnel_validation(network_analysis(corpus).funnel, place_names=place_names(corpus))


def _fig40(corpus: Corpus) -> Figure:
    from .analysis import outcome_analysis
    from .viz_inference import plot_outcome_intervals

    a = outcome_analysis(corpus)
    return plot_outcome_intervals(a.outcomes, a.count_outcome, place_names=place_names(corpus))


def _fig41(corpus: Corpus) -> Figure:
    from .analysis import outcome_analysis
    from .viz_inference import plot_leave_one_out

    a = outcome_analysis(corpus)
    if a.loo_result is None:
        raise ValueError("no mechanism family could be tested: nothing to leave out")
    return plot_leave_one_out(a.loo_result, place_names=place_names(corpus))


def _fig42(corpus: Corpus) -> Figure:
    from . import qca
    from .analysis import outcome_analysis
    from .viz_inference import plot_truth_table

    a = outcome_analysis(corpus)
    conditions = qca.select_conditions(a.families)
    data = a.families[conditions].join(a.reported_resolved.astype(int))
    return plot_truth_table(
        qca.truth_table(data, conditions, "reported_issues_resolved", n_cut=1, incl_cut=1.0)
    )


def _fig43(corpus: Corpus) -> Figure:
    from .analysis import power_analysis
    from .viz_inference import plot_power_curves

    return plot_power_curves(power_analysis().curve)


def _fig44(corpus: Corpus) -> Figure:
    from .analysis import power_analysis
    from .viz_inference import plot_places_needed

    return plot_places_needed(power_analysis().needed)


def _fig45(corpus: Corpus) -> Figure:
    from .analysis import power_analysis
    from .viz_inference import plot_parameter_recovery

    return plot_parameter_recovery(power_analysis().recovery)


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
    FigureSpec(
        "fig30-example-networks",
        "One random draw per family of places (digital channel / sector stations), deputies and voters "
        "aggregated per station; node area proportional to count. Illustration only: parameters partly "
        "imputed from priors.",
        NB03,
        _fig30,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig31-network-metrics",
        "Network metrics per place: mean and 95% interval over 30 draws per place (imputed parameters "
        "drawn from prior ranges, reported figures from their qualifier intervals). Coverage for places "
        "without a reported reach reflects the prior.",
        NB03,
        _fig31,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig32-robustness",
        "Share of connected voters cut off from every department as stations close (targeted: highest "
        "voter load first; random order), mean and 95% band over 30 draws.",
        NB03,
        _fig32,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig33-funnel-validation",
        "Reported resolution ratio (issues resolved / received, same paragraph; qualifier interval) "
        "against the calibrated model's simulated ratio (mean, 95% interval, 100 draws). A consistency "
        "check, not an out-of-sample test.",
        NB03,
        _fig33,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig40-outcome-intervals",
        "The most widely reported count outcome per place: interval from qualifiers such as 余 (over; "
        "delta = 0.1) and from nested or disjoint figures, with the value as written. Places that report "
        "no figure are not shown (not reported is not zero).",
        NB04,
        _fig40,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig41-leave-one-out",
        "Log rate ratio of the most widely reported count outcome for places with a mechanism family "
        "(quasi-Poisson GLM, 95% t intervals), all places and each place left out.",
        NB04,
        _fig41,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig42-qca-truth-table",
        "Crisp-set truth table: mechanism families (filled = present) and whether the report gives a "
        "number of issues resolved; n and consistency per configuration.",
        NB04,
        _fig42,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig43-power-curves",
        "Simulated power of the quasi-Poisson GLM Wald test (alpha = 0.05) by number of places and effect "
        "size, with 95% Monte Carlo intervals (100 data sets per point).",
        NB04,
        _fig43,
        (),
    ),
    FigureSpec(
        "fig44-places-needed",
        "Places needed for 80% power by effect size (point and Monte Carlo range; grid 6-40 places).",
        NB04,
        _fig44,
        (),
    ),
    FigureSpec(
        "fig45-parameter-recovery",
        "Coverage of 95% intervals for a true log rate ratio of 1 by number of places (100 simulated data "
        "sets each; bars: +/-1.96 Monte Carlo s.e.).",
        NB04,
        _fig45,
        (),
    ),
]
