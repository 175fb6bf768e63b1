"""Every figure the build writes: name, caption, notebook, drawing function.

Figure names are stable (papers cite them); add new figures with new numbers.
Each ``make`` function takes a :class:`~democracy_study.corpus.Corpus` and
returns a Figure; notebooks show the same figures through
:func:`render_figure`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study import config
from democracy_study import study as S

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from democracy_study.corpus import Corpus

__all__ = [
    "FIGURE_SPECS",
    "FigureSpec",
    "figure_spec",
    "figure_specs",
    "place_names",
    "render_figure",
]


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: how to draw it from a corpus, and how to cite it."""

    name: str
    caption: str
    source: str  #: the notebook that shows and discusses it
    make: Callable[[Corpus], Any]
    inputs: tuple[str, ...]  #: processed tables it is drawn from


def figure_specs() -> list[FigureSpec]:
    """Every registered figure, sorted by name."""
    return sorted(FIGURE_SPECS, key=lambda s: s.name)


def figure_spec(name: str) -> FigureSpec:
    """The registered :class:`FigureSpec` called *name*."""
    for spec in figure_specs():
        if spec.name == name:
            return spec
    known = ", ".join(s.name for s in figure_specs())
    raise KeyError(f"no figure named {name!r}; registered: {known}")


def _not_drawn(spec: FigureSpec, reason: str):
    """A figure that says why *spec* cannot be drawn from this corpus (never a silent gap)."""
    import textwrap

    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 2.0))
    ax = fig.add_subplot()
    ax.set_axis_off()
    text = f"{spec.name}: not drawn from this corpus\n" + "\n".join(textwrap.wrap(reason, 80))
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=10, transform=ax.transAxes)
    return fig


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
    build writes. When the corpus cannot support the figure (its drawing
    function raises ValueError: too few places, no funnel to validate …), the
    figure drawn says so and why, so a small corpus still builds and nothing is
    silently missing.

    The returned figure is closed in pyplot (``plt.show()`` does not show it):
    end a notebook cell with it, or save it.
    """
    import matplotlib as mpl

    from democracy_study.plots.fonts import register_fonts
    from democracy_study.plots.save import save_figure
    from democracy_study.plots.style import rc_params

    spec = figure_spec(name)
    register_fonts()
    # Draw and save from matplotlib's defaults plus the project style only, so the bytes do not
    # depend on what ran before (a notebook's inline backend, another figure's settings).
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(rc_params())
        try:
            fig = spec.make(corpus)
        except ValueError as exc:  # the corpus cannot support this figure: say so in the figure
            fig = _not_drawn(spec, str(exc))
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
    # Let go of pyplot's reference: a notebook then shows the figure once, from the cell's
    # trailing ``fig``, not a second time when the inline backend flushes open figures.
    import matplotlib.pyplot as plt

    plt.close(fig)
    return fig


NB01 = "notebooks/01-corpus-and-data-quality.ipynb"
NB02 = "notebooks/02-mechanisms.ipynb"
NB03 = "notebooks/03-networks.ipynb"
NB04 = "notebooks/04-mechanisms-and-outcomes.ipynb"
#: processed tables the network figures are drawn from (params_for_place reads them all)
NETWORK_INPUTS = ("quantities", "funnels", "paragraphs", "mechanisms", "reports")
NETWORK_METRICS = ("coverage", "station_load_gini", "brokerage_station_max", "path_length_mean")


def place_names(corpus: Corpus) -> dict[str, str]:
    """Official Chinese place name → English (pinyin) name (:meth:`Corpus.place_names`)."""
    return corpus.place_names()


def _fig01(corpus: Corpus) -> Figure:
    from democracy_study.plots.corpus import plot_quantities_by_place

    return plot_quantities_by_place(corpus.quantities, place_en=place_names(corpus))


def _fig02(corpus: Corpus) -> Figure:
    from democracy_study.plots.corpus import plot_paragraph_joins

    return plot_paragraph_joins(corpus.paragraphs, corpus.reports)


def _fig03(corpus: Corpus) -> Figure:
    from democracy_study.plots.mechanisms import plot_place_mechanisms

    return plot_place_mechanisms(
        corpus.place_mechanisms, order="cluster", place_names=place_names(corpus)
    )


def _fig04(corpus: Corpus) -> Figure:
    from democracy_study.graphs import lift_graph
    from democracy_study.plots.mechanisms import plot_cooccurrence_lift
    from democracy_study.study import (
        NETWORK_COOCCURRENCE_MAX_P,
        NETWORK_COOCCURRENCE_NULL_DRAWS,
        network_analysis,
    )

    table = network_analysis(corpus).cooccurrence
    g = lift_graph(corpus.place_mechanisms, table, max_p=NETWORK_COOCCURRENCE_MAX_P)
    return plot_cooccurrence_lift(
        g, n_null=NETWORK_COOCCURRENCE_NULL_DRAWS, max_p=NETWORK_COOCCURRENCE_MAX_P
    )


def _fig05(corpus: Corpus) -> Figure:
    from democracy_study.coding.patterns import place_clusters
    from democracy_study.plots.mechanisms import plot_dendrogram
    from democracy_study.study import network_analysis

    return plot_dendrogram(
        place_clusters(corpus.place_mechanisms),
        place_names=place_names(corpus),
        support=network_analysis(corpus).dendrogram_support,
    )


def _fig30(corpus: Corpus) -> Figure:
    from democracy_study.plots.networks import plot_example_networks
    from democracy_study.study import network_analysis

    return plot_example_networks(
        network_analysis(corpus).examples, seed=1, place_names=place_names(corpus)
    )


def _fig31(corpus: Corpus) -> Figure:
    from democracy_study.plots.networks import plot_metric_panel
    from democracy_study.study import network_analysis, prior_only_places

    a = network_analysis(corpus)
    return plot_metric_panel(
        a.ensemble,
        NETWORK_METRICS,
        place_names=place_names(corpus),
        prior_only=prior_only_places(a.params),
    )


def _fig32(corpus: Corpus) -> Figure:
    from democracy_study.plots.networks import plot_robustness_panel
    from democracy_study.study import network_analysis

    a = network_analysis(corpus)
    shown = [p.place for p in a.examples.values()]
    return plot_robustness_panel(a.ensemble, shown, place_names=place_names(corpus))


def _fig33(corpus: Corpus) -> Figure:
    from democracy_study.plots.networks import plot_funnel_out_of_sample
    from democracy_study.study import network_analysis

    return plot_funnel_out_of_sample(
        network_analysis(corpus).funnel_out_of_sample, place_names=place_names(corpus)
    )


def _fig34(corpus: Corpus) -> Figure:
    from democracy_study.plots.networks import plot_sensitivity_tornado
    from democracy_study.study import network_analysis

    return plot_sensitivity_tornado(network_analysis(corpus).sensitivity)


def _fig35(corpus: Corpus) -> Figure:
    from democracy_study.plots.networks import plot_null_models
    from democracy_study.study import network_analysis

    return plot_null_models(network_analysis(corpus).null_models, place_names=place_names(corpus))


def _fig36(corpus: Corpus) -> Figure:
    from democracy_study.plots.networks import plot_degree_distributions
    from democracy_study.study import network_analysis

    return plot_degree_distributions(
        network_analysis(corpus).degrees, place_names=place_names(corpus)
    )


def _fig40(corpus: Corpus) -> Figure:
    from democracy_study.plots.inference import plot_outcome_panels
    from democracy_study.study import outcome_analysis

    a = outcome_analysis(corpus)
    if not a.headline_outcomes:
        raise ValueError("no count outcome is reported by two or more places")
    return plot_outcome_panels(  # a tie: every tied outcome, one panel each
        a.indicator_outcomes,
        a.headline_outcomes,
        place_names=place_names(corpus),
        n_places=len(a.places),
    )


def _fig41(corpus: Corpus) -> Figure:
    from democracy_study.plots.inference import plot_leave_one_out_panels
    from democracy_study.study import outcome_analysis

    results = outcome_analysis(corpus).headline_loo_results
    if not results:
        raise ValueError("no non-circular mechanism family could be fitted: nothing to leave out")
    return plot_leave_one_out_panels(results, place_names=place_names(corpus))


def _fig42(corpus: Corpus) -> Figure:
    from democracy_study.plots.inference import plot_truth_table
    from democracy_study.study import outcome_analysis

    a = outcome_analysis(corpus)
    return plot_truth_table(
        a.qca_truth_table, place_names=place_names(corpus), excluded=sorted(a.qca_circular)
    )


def _power_table(corpus: Corpus) -> Any:
    """The power table: computed earlier in this process (the build's result stage), else
    ``data/results/power_curve.csv`` when it holds these settings, else simulated."""
    from democracy_study.study import outcome_analysis, power_design

    return power_design(outcome_analysis(corpus), cached=config.DATA_RESULTS / "power_curve.csv")


def _fig43(corpus: Corpus) -> Figure:
    from democracy_study.plots.inference import plot_power_curves

    return plot_power_curves(_power_table(corpus))


def _fig44(corpus: Corpus) -> Figure:
    from democracy_study.plots.inference import plot_places_needed

    return plot_places_needed(_power_table(corpus))


def _fig45(corpus: Corpus) -> Figure:
    from democracy_study.plots.inference import plot_parameter_recovery

    return plot_parameter_recovery(_power_table(corpus))


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
        "Mechanism co-occurrence against a fixed-marginal null: codes linked when the places report "
        "them together more often than "
        f"{S.NETWORK_COOCCURRENCE_NULL_DRAWS} curveball nulls of the place x code matrix (codes per "
        f"place and places per code kept; empirical p <= {S.NETWORK_COOCCURRENCE_MAX_P:g}); width = "
        "log2(observed / null mean). One self-selected report per place: descriptive, uncorrected "
        "for the many pairs.",
        NB02,
        _fig04,
        ("mechanisms", "reports"),
    ),
    FigureSpec(
        "fig05-place-dendrogram",
        "Hierarchical clustering (average linkage) of places by Jaccard distance between their "
        "mechanism sets, with bootstrap support of each merge (%, "
        f"{S.NETWORK_DENDROGRAM_BOOTSTRAP} resamples of the codes); with one self-selected report "
        "per place the grouping is descriptive only.",
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
        NETWORK_INPUTS,
    ),
    FigureSpec(
        "fig31-network-metrics",
        f"Network metrics per place: mean and 95% interval over {S.NETWORK_DRAWS} draws per place "
        "(imputed parameters drawn from prior ranges, reported figures from their qualifier "
        "intervals). Hollow markers: places without a reported reach, whose values rest on priors "
        "(pooled from the calibrated places where possible).",
        NB03,
        _fig31,
        NETWORK_INPUTS,
    ),
    FigureSpec(
        "fig32-robustness",
        "Share of connected voters cut off from every department as stations close (targeted: highest "
        "voter load first; random order), "
        f"mean and 95% band over {S.NETWORK_DRAWS} draws.",
        NB03,
        _fig32,
        NETWORK_INPUTS,
    ),
    FigureSpec(
        "fig33-funnel-validation",
        "Out-of-sample funnel check: the model calibrated on one all-channel funnel of a report "
        "predicts the ratio of another funnel of the same report (resolved / received; for an on-spot "
        "funnel, 即知即办, settled on the spot / received) (simulated mean and 95% "
        "interval, "
        f"{S.FUNNEL_OOS_DRAWS} draws, against the reported ratio); in-sample rows (grey) test only "
        "the calibration.",
        NB03,
        _fig33,
        NETWORK_INPUTS,
    ),
    FigureSpec(
        "fig34-network-sensitivity",
        "Global sensitivity: partial rank correlation (PRCC) of each network metric with every "
        "parameter varied across draws, mechanism effect sizes included "
        f"({S.SENSITIVITY_DRAWS} draws per place, place indicators partialled out; hollow: "
        "p >= 0.05). Six largest |PRCC| per metric.",
        NB03,
        _fig34,
        NETWORK_INPUTS,
    ),
    FigureSpec(
        "fig35-network-null-models",
        "Each place's modelled network (one draw at its parameters) against "
        f"{S.NETWORK_NULL_DRAWS} null networks: brokerage and robustness against curveball "
        "trades of its deputy-station and station-department layers (both degree sequences "
        "kept, voter layer kept); coverage, which curveball cannot change, against a "
        "density-preserving null (same edge counts, placed uniformly). Null mean and 95% interval.",
        NB03,
        _fig35,
        NETWORK_INPUTS,
    ),
    FigureSpec(
        "fig36-network-degrees",
        "Degree distributions (complementary CDF) of one modelled network per place: deputies per "
        "station, stations per deputy, voters per station (visits). Parameters partly from priors.",
        NB03,
        _fig36,
        NETWORK_INPUTS,
    ),
    FigureSpec(
        "fig40-outcome-intervals",
        "The headline count outcome (one kind of figure, chosen by the pre-specified rule; a tie "
        "is drawn as one panel per tied outcome) per reporting place: interval from qualifiers by the shared rule (240余 is "
        "[240, 250)), the point the sum of the figures without nested double counting; open upper "
        "ends drawn as arrows. Places that report no such figure are not shown (not reported is not zero).",
        NB04,
        _fig40,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig41-leave-one-out",
        "Leave one place out: log rate ratio of the headline count outcome for places with the "
        "non-circular mechanism family (aliases merged) of smallest exact permutation p-value "
        "(Poisson GLM, 95% intervals), all reporting places and each left out; one panel per "
        "tied headline outcome and per term tied at the smallest p-value.",
        NB04,
        _fig41,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig42-qca-truth-table",
        "Crisp-set truth table: mechanism families (filled = present) and whether the report gives a "
        "number of issues resolved; n, consistency and the places of each configuration. Families "
        "whose evidence quotes the resolved figure are left out as circular (named below the table); "
        "solutions in data/results/qca_solutions.csv.",
        NB04,
        _fig42,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig43-power-curves",
        "Power of the analysis' own test (exact permutation, no offset; mechanism in the share of "
        "places of the headline terms' split) and of the Wald/offset design for a larger corpus "
        "(balanced split), by number of places and true log rate ratio (0: the test's size), with "
        "negative-binomial counts at the dispersion estimated from the headline counts (dashed: half "
        "and twice it); 1,000 data sets per point, Wilson 95% Monte Carlo bands.",
        NB04,
        _fig43,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig44-places-needed",
        "Places needed for 80% power by true effect, test and dispersion (point: first grid size "
        "reaching it; bar: Monte Carlo range; open triangle: not reached within the grid).",
        NB04,
        _fig44,
        ("quantities", "mechanisms", "reports"),
    ),
    FigureSpec(
        "fig45-parameter-recovery",
        "Bias and coverage of 95% intervals of the Wald/offset estimate of the log rate ratio by number "
        "of places (1,000 data sets per point at the estimated dispersion; dashed: half and twice it; "
        "bars: +/-1.96 Monte Carlo s.e.).",
        NB04,
        _fig45,
        ("quantities", "mechanisms", "reports"),
    ),
]
