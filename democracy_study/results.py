"""The results stage: tables a paper can cite, written by the build to ``data/results/``.

Each table is a :class:`ResultSpec` in :data:`RESULT_SPECS`: a file name, a
description, a description of every column, and a function of the parsed corpus
that returns the table (a :class:`pandas.DataFrame`). :func:`write_results`
writes all of them, plus a Frictionless ``datapackage.json`` that describes them
(field types from the columns' dtypes), into one directory that is replaced as a
whole (:func:`democracy_study._util.replace_directory`). Floats are written with
six significant digits so the files are byte-stable.

The analyses themselves live in :mod:`democracy_study.study` (fixed seeds and
sizes) and are cached on the corpus, so the figures of the same build reuse them.

Examples
--------
>>> {"network_parameters", "network_sensitivity"} <= {s.name for s in result_specs()}
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "RESULT_SPECS",
    "ResultError",
    "ResultSpec",
    "compute_results",
    "network_analysis_from_results",
    "network_numbers",
    "network_result_parts",
    "pooling_sentence",
    "read_result",
    "result_specs",
    "write_results",
]


class ResultError(ValueError):
    """A result table does not match its spec (missing or undescribed columns)."""


@dataclass(frozen=True)
class ResultSpec:
    """One result table.

    Attributes
    ----------
    name : str
        Resource name; the file is ``<name>.csv``.
    description : str
        What one row is, and where the numbers come from.
    columns : mapping of str to str
        Every column, in order, with its description.
    make : callable
        ``make(corpus) -> pandas.DataFrame`` with exactly :attr:`columns`
        (``make(corpus, executor=...)`` when :attr:`parallel`).
    parallel : bool
        *make* takes ``executor=`` (a concurrent.futures Executor, "serial" or
        None), passed on by :func:`compute_results`; its result does not depend on it.
    """

    name: str
    description: str
    columns: Mapping[str, str]
    make: Callable[..., Any] = field(repr=False, compare=False)
    parallel: bool = False

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def _network(part: str) -> Callable[[Any], Any]:
    """``make`` of a table that is one cached part of :func:`democracy_study.study.network_analysis`."""

    def make(corpus: Any) -> Any:
        from democracy_study.study import network_analysis

        return getattr(network_analysis(corpus), part)

    make.__name__ = f"_network_{part}"
    make.network_part = part  # type: ignore[attr-defined]
    return make


def _outcomes(corpus: Any) -> Any:
    from democracy_study.study import outcome_analysis

    a = outcome_analysis(corpus)
    t = a.indicator_outcomes
    cols = ["place", "outcome", "lower", "point", "upper", "upper_open", "provenance",
            "indicator", "counted", "action", "unit", "scope", "period", "n_figures",
            "quantity_ids", "nested"]  # fmt: skip
    out = t[cols].copy()
    out["headline"] = out["outcome"].isin(a.headline_outcomes)
    return out


def _mechanism_tests(corpus: Any) -> Any:
    from democracy_study.study import outcome_analysis

    return outcome_analysis(corpus).mechanism_tests


def _qca_solutions(corpus: Any) -> Any:
    from democracy_study.study import outcome_analysis

    return outcome_analysis(corpus).qca_solutions


def _power_curve(corpus: Any, *, executor: Any = None) -> Any:
    from democracy_study.study import outcome_analysis, power_design

    return power_design(outcome_analysis(corpus), executor=executor)


#: The result tables, in the order they are written. Analyses add theirs here.
RESULT_SPECS: list[ResultSpec] = [
    ResultSpec(
        "network_parameters",
        "One row per place and network-model parameter: value, interval, status "
        "(reported, derived, pooled, imputed) and the figure or prior it comes from.",
        {
            "place": "Place (county-level unit) the network models.",
            "parameter": "Parameter name (docs/NETWORKS.md).",
            "value": "Value used by the model.",
            "low": "Lower end of the range drawn in the ensemble.",
            "high": "Upper end of the range drawn in the ensemble.",
            "status": "reported, derived, pooled or imputed.",
            "evidence": "The characters the value was read from (empty for priors).",
            "quantity_id": "quantities.quantity_id of the figure (empty for priors).",
            "source": "Source of the prior (law, published figure, or 'not verified').",
            "method": "How the value was obtained from the figure or prior.",
            "source_file": "File of the evidence (empty for priors).",
            "char_start": "Start offset of the evidence in its source file.",
            "char_end": "End offset of the evidence in its source file.",
        },
        _network("parameter_table"),
    ),
    ResultSpec(
        "network_sensitivity",
        "Partial rank correlation (PRCC) of each reported network metric with each "
        "varied parameter over the ensemble draws of all places (place indicators "
        "partialled out).",
        {
            "metric": "Network metric.",
            "parameter": "Varied parameter, or a mechanism effect size as code:parameter "
            "(e.g. rapid_response:p_on_spot, drawn from its priors.yaml range).",
            "prcc": "Partial rank correlation coefficient.",
            "p_value": "Two-sided t-test p-value of the PRCC.",
            "n_draws": "Draws used.",
            "low": "Smallest value of the parameter drawn.",
            "high": "Largest value of the parameter drawn.",
        },
        _network("sensitivity"),
    ),
    ResultSpec(
        "network_null_models",
        "One row per place and metric: the metric of one modelled network per place "
        "(drawn at the place's parameters, seed NETWORK_NULL_SEED) against NETWORK_NULL_DRAWS "
        "null networks that rewire its deputy-station and station-department layers (the "
        "voter layer kept): degree-preserving curveball trades for brokerage and robustness; "
        "for coverage, which curveball cannot change, a density-preserving null (same edge "
        "counts placed uniformly at random).",
        {
            "place": "Place (county-level unit) the network models.",
            "metric": "Network metric (brokerage_station_max, coverage_connected, "
            "robustness_targeted_mean_cutoff; docs/NETWORKS.md).",
            "null": "degree_preserving (curveball: every degree kept) or density_preserving "
            "(edge counts kept, edges placed uniformly at random).",
            "observed": "Metric of the modelled network.",
            "null_mean": "Mean of the metric over the null networks.",
            "null_sd": "Standard deviation (ddof=1) over the null networks.",
            "null_low": "2.5 % quantile over the null networks.",
            "null_high": "97.5 % quantile over the null networks.",
            "z": "(observed - null_mean) / null_sd; empty when the null has no spread.",
            "p_empirical": "Two-sided empirical p: (1 + nulls at least as far from the null "
            "mean as observed) / (1 + n_null).",
            "n_null": "Null networks with a finite metric.",
            "n_deputies": "Deputies in the modelled network.",
            "n_stations": "Physical stations in the modelled network.",
        },
        _network("null_models"),
    ),
    ResultSpec(
        "network_funnel_validation",
        "Out-of-sample funnel validation: for every place with two all-channel funnels "
        "(e.g. opinions collected -> handled, suggestions -> solved), the model is calibrated "
        "on one and its simulated resolution ratio is compared with the other's reported "
        "ratio (in-sample rows, the calibrating funnel itself, kept for contrast).",
        {
            "place": "Place (county-level unit).",
            "role": "out_of_sample (predicts another funnel) or in_sample (the calibrating one).",
            "calibrated_on": "quantities.quantity_id of the 'from' figure of the calibrating funnel.",
            "predicted": "quantities.quantity_id of the 'from' figure of the predicted funnel.",
            "stage": "Stage of the predicted funnel: on_spot (its evidence names settling on "
            "the spot, e.g. 即知即办; compared with the simulated on-spot rate) or resolved "
            "(compared with the simulated resolution rate).",
            "rate_reported": "Reported ratio (to / from) of the predicted funnel (interval midpoint).",
            "rate_low": "Lower end of the reported ratio (qualifier intervals).",
            "rate_high": "Upper end of the reported ratio.",
            "sim_mean": "Mean simulated resolution ratio over the draws.",
            "sim_low": "2.5 % quantile of the simulated ratio.",
            "sim_high": "97.5 % quantile of the simulated ratio.",
            "hit": "True when the reported interval overlaps the simulated 95 % interval.",
            "n_draws": "Simulated networks (FUNNEL_OOS_DRAWS).",
            "calibrated_evidence": "Characters of the calibrating funnel.",
            "predicted_evidence": "Characters of the predicted funnel.",
            "predicted_paragraph_id": "Paragraph of the predicted funnel.",
        },
        _network("funnel_out_of_sample"),
    ),
    ResultSpec(
        "network_counterfactuals",
        "Paired counterfactual: for every place coding COUNTERFACTUAL_MECHANISMS, the ensemble "
        "with and without them from the same seeds, differenced draw by draw "
        "(counterfactual - modelled), under each fallback assumption. A model contrast, "
        "not a causal estimate.",
        {
            "place": "Place (county-level unit).",
            "mechanisms_off": "Mechanisms switched off in the counterfactual (comma-separated).",
            "fallback": "Assumed share of the removed channel's users who visit their home "
            "station instead (0: none, 1: all).",
            "metric": "Network metric (docs/NETWORKS.md).",
            "n_pairs": "Paired draws with both values finite.",
            "modelled_mean": "Mean of the metric as modelled.",
            "counterfactual_mean": "Mean of the metric in the counterfactual.",
            "diff_mean": "Mean per-draw difference (counterfactual - modelled).",
            "diff_low": "2.5 % quantile of the per-draw differences.",
            "diff_high": "97.5 % quantile of the per-draw differences.",
            "share_lower": "Share of pairs in which the counterfactual value is lower.",
        },
        _network("counterfactual"),
    ),
    ResultSpec(
        "mechanism_cooccurrence",
        "One row per pair of codes reported by at least one place: co-occurrence across "
        "places with lift, phi and a fixed-marginal null (curveball on the place x code "
        "matrix: codes per place and places per code kept; NETWORK_COOCCURRENCE_NULL_DRAWS "
        "draws).",
        {
            "code_a": "First code (codebook order).",
            "code_b": "Second code.",
            "n_places": "Places in the matrix (N).",
            "n_a": "Places reporting code_a.",
            "n_b": "Places reporting code_b.",
            "n_both": "Places reporting both.",
            "lift": "n_both * N / (n_a * n_b); 1 when independent in the sample.",
            "phi": "Phi (2x2 correlation); empty when a code is in every place.",
            "null_mean": "Mean n_both over the null draws.",
            "null_low": "2.5 % quantile of n_both under the null.",
            "null_high": "97.5 % quantile of n_both under the null.",
            "excess": "n_both / null_mean (fig04 draws pairs with excess > 1).",
            "p_greater": "One-sided empirical p: (1 + nulls with n_both at least observed) / "
            "(1 + n_null). Not corrected for the many pairs.",
            "n_null": "Null draws.",
        },
        _network("cooccurrence"),
    ),
    ResultSpec(
        "network_metrics",
        "One row per place and network metric: mean and central 95 % interval over the "
        "ensemble of NETWORK_DRAWS draws per place (seed NETWORK_SEED; imputed parameters "
        "drawn from their prior ranges, reported figures from their qualifier intervals), "
        "as drawn in fig31 and fig32.",
        {
            "place": "Place (county-level unit) the network models.",
            "metric": "Network or issue-flow metric (docs/NETWORKS.md).",
            "n": "Draws with a finite value.",
            "mean": "Mean over the draws.",
            "q025": "2.5 % quantile over the draws.",
            "q975": "97.5 % quantile over the draws.",
            "reach_reported": "False: the place reports no reach figure, so coverage and "
            "the metrics that depend on it rest on priors (hollow markers in fig31).",
        },
        _network("metric_summary"),
    ),
    # --- networks (issue 13): further tables go here ---
    # --- inference (issue 12): outcomes, mechanism_tests, power_curve, qca_solutions ---
    ResultSpec(
        "outcomes",
        "One row per place and kind of figure (meaning slots indicator, counted, action, "
        "unit, scope, period; docs/INFERENCE.md): the figures of that kind added without "
        "nested double counting (stocks: the largest), interval by the shared rule.",
        {
            "place": "Place (county-level unit) the figures belong to.",
            "outcome": "Outcome name: total_<indicator>[counted|action|unit]@scope@period.",
            "lower": "Sum of the figures' lower ends.",
            "point": "Sum (stocks: max) of the figures' values as written.",
            "upper": "Sum of the figures' upper ends; inf when a figure is open-ended.",
            "upper_open": "True when some figure has no upper end (e.g. 以上).",
            "provenance": "JSON list of the figures used (source_file, quantity_id, "
            "char_start, char_end, evidence).",
            "indicator": "Indicator slot.",
            "counted": "Counted-noun slot.",
            "action": "Action slot.",
            "unit": "Unit slot.",
            "scope": "Scope slot (empty: the place as a whole).",
            "period": "Period slot (empty: the report's year).",
            "n_figures": "Figures added.",
            "quantity_ids": "quantities.quantity_id of the figures added (;-separated).",
            "nested": "Figures left out because their part_of total is present.",
            "headline": "True for the outcome(s) chosen by the pre-specified rule "
            "(flow outcome reported by most places; all tied ones).",
        },
        _outcomes,
    ),
    ResultSpec(
        "mechanism_tests",
        "One row per headline outcome and mechanism family (aliased families merged): "
        "Poisson GLM (X2 scale) with exact permutation LR p-value on the reporting places; "
        "BH q-values over the Tarone-testable, non-circular terms only; estimate range over "
        "the interval corners. Circular families are listed, flagged and excluded.",
        {
            "test": "Test used.",
            "term": "Family (merged aliases joined with ' = ').",
            "outcome": "Outcome tested (outcomes.outcome).",
            "nobs": "Places reporting the outcome.",
            "estimate": "Log rate ratio (family present vs absent) at the point values.",
            "conf_low": "Lower end of its 95 % Wald interval.",
            "conf_high": "Upper end of its 95 % Wald interval.",
            "pvalue": "Exact permutation p-value of the LR statistic (all relabellings).",
            "qvalue": "BH q-value within the testable family; empty when not testable or circular.",
            "status": "ok, untestable (minimum attainable p above Tarone's level), "
            "circular, or why the test was skipped.",
            "circular": "True when the family's evidence overlaps the outcome's figures.",
            "circular_places": "Places where it overlaps.",
            "min_p": "Smallest p-value the exact test can reach at this n and split.",
            "testable": "In Tarone's testable set.",
            "tarone_k": "Size of the testable family (the BH family).",
            "corner_low": "Smallest estimate over the interval corners.",
            "corner_high": "Largest estimate over the interval corners.",
            "sign_change": "True when the estimate's sign differs between corners.",
            "n_corners": "Corners evaluated (all of them up to 2**12, else a seeded sample).",
            "corners_sampled": "True when the corners were sampled, not enumerated.",
            "open_ends": "Places with an open upper end (entered at their point only).",
        },
        _mechanism_tests,
    ),
    ResultSpec(
        "power_curve",
        "One row per test design, true effect, number of places and dispersion: share of "
        "simulated data sets (negative binomial, known log rate ratio; "
        "democracy_study.inference.power.simulate_places) in which the test gives p < 0.05, "
        "and for the Wald design the recovery of the effect (bias, coverage). "
        "effect 0 is the size row. Seeds and sizes: democracy_study.study POWER_*; "
        "figures 43-45 and notebook 04 read this file (democracy_study.study.power_design).",
        {
            "effect": "True log rate ratio of the simulated mechanism (0: size of the test).",
            "n_places": "Places per simulated data set.",
            "test": "exact_permutation (Poisson LR, all relabellings, no offset: the analysis "
            "test) or quasi_wald_offset (quasi-Poisson Wald with log-deputies offset).",
            "power": "Share of data sets with p < 0.05.",
            "ci_low": "Lower end of the Wilson 95 % interval of the Monte Carlo share.",
            "ci_high": "Upper end of that interval.",
            "n_sim": "Simulated data sets.",
            "seed": "Seed of the simulation (each data set seeded by seed, cell and replicate).",
            "prevalence": "Share of places with the mechanism: exact rows, the most balanced "
            "split of the non-circular headline terms; Wald/offset rows, 0.5.",
            "n_with": "Places with the mechanism in each data set: round(prevalence * "
            "n_places), within 1 .. n_places - 1.",
            "dispersion": "Negative-binomial alpha used (variance mu + alpha mu^2).",
            "dispersion_factor": "dispersion / the alpha estimated from the headline counts.",
            "n_failed": "Data sets where the test could not be computed (counted as not detected).",
            "mean_estimate": "Mean estimated log rate ratio (Wald/offset design; empty for the "
            "exact test, which gives no estimate interval).",
            "bias": "mean_estimate minus the true effect.",
            "rmse": "Root mean squared error of the estimate.",
            "coverage": "Share of data sets whose 95 % t interval covers the true effect.",
            "coverage_mcse": "Monte Carlo standard error of coverage.",
        },
        _power_curve,
        parallel=True,
    ),
    ResultSpec(
        "qca_solutions",
        "Crisp-set QCA of the outcome 'reports a number of issues resolved' over the "
        "mechanism families that are not circular for it (their evidence does not overlap "
        "the resolved figures' text): conservative and parsimonious solutions for the "
        "outcome and its negation, one row per model and term, with the simplifying "
        "assumptions each parsimonious model rests on and the contradictory ones. "
        "Method checked against R's QCA package on the Lipset data (tests/test_qca.py).",
        {
            "outcome": "Outcome (~name: its absence).",
            "remainders": "conservative (no logical remainder used) or parsimonious "
            "(remainders as don't-cares).",
            "model": "M1, M2 ...: tied minimal solutions (model ambiguity).",
            "solution": "The whole solution (* AND, ~ absence, + OR; 0: no configuration "
            "shows the outcome).",
            "term": "One term (prime implicant) of the solution.",
            "consistency": "Share of the cases covered by the term that show the outcome "
            "(R: inclS).",
            "raw_coverage": "Share of the outcome's cases the term covers (R: covS).",
            "unique_coverage": "Coverage lost without the term (R: covU).",
            "cases": "Cases covered that show the outcome; configurations separated by '; '.",
            "solution_consistency": "Consistency of the whole solution.",
            "solution_coverage": "Coverage of the whole solution.",
            "n_cases": "Places analysed.",
            "conditions": "Conditions used (comma-separated).",
            "simplifying_assumptions": "Remainder configurations the model assumes to show "
            "its outcome ('; '-separated); empty for conservative solutions.",
            "contradictory_assumptions": "Remainders assumed both for the outcome and for "
            "its negation by parsimonious models (empty: none).",
            "circular_excluded": "Families left out as circular for the outcome.",
        },
        _qca_solutions,
    ),
]


def result_specs() -> list[ResultSpec]:
    """The registered result tables (a copy of :data:`RESULT_SPECS`)."""
    return list(RESULT_SPECS)


def network_result_parts() -> dict[str, str]:
    """Result tables that are parts of :func:`~democracy_study.study.network_analysis`.

    Maps the table name to the :class:`~democracy_study.study.NetworkAnalysis`
    attribute it is written from.

    Examples
    --------
    >>> network_result_parts()["network_sensitivity"]
    'sensitivity'
    """
    return {s.name: s.make.network_part for s in RESULT_SPECS if hasattr(s.make, "network_part")}


def network_analysis_from_results(corpus: Any, results_dir: str | Path | None = None) -> Any:
    """:func:`~democracy_study.study.network_analysis` with the build's tables read, not computed.

    The parts written to *results_dir* (default ``data/results``; parameter
    table, sensitivity, null models, funnel validation, counterfactuals,
    co-occurrence: :func:`network_result_parts`) are read from it, to the
    written six significant digits; a part already computed for this corpus is
    kept. The parameters, ensemble, degrees and examples are still computed.
    Figures drawn later from the same corpus object (:func:`render_figure`) use
    the same parts. Notebook 03 uses it, so it shows the build's tables and runs
    in seconds.
    """
    from democracy_study.study import network_analysis

    net = network_analysis(corpus)
    for name, part in network_result_parts().items():
        if part not in net.__dict__:  # cached_property: a computed part is kept
            net.__dict__[part] = read_result(name, results_dir)
    return net


def _span(values: Any, fmt: str) -> str:
    vals = [float(v) for v in values]
    if not vals:
        return "none"
    lo, hi = min(vals), max(vals)
    return format(lo, fmt) if lo == hi else f"{format(lo, fmt)} to {format(hi, fmt)}"


def pooling_sentence(parameters: Any, parameter: str = "p_visit") -> str:
    """How many places a pooled prior rests on, from a parameter table.

    *parameters* is ``network_parameters`` (:func:`read_result`); a place is
    calibrated when *parameter* is ``reported`` there, pooled when ``pooled``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"place": ["A", "B", "C"], "parameter": ["p_visit"] * 3,
    ...                   "status": ["reported", "pooled", "pooled"]})
    >>> pooling_sentence(t)
    "p_visit of 2 place(s) is pooled from the only calibrated place: one place's value, not a pooled estimate."
    """
    t = parameters[parameters["parameter"] == parameter]
    n_cal = int((t["status"] == "reported").sum())
    n_pool = int((t["status"] == "pooled").sum())
    if n_cal == 0:
        return f"{parameter}: no calibrated place, nothing pooled (the prior is used)."
    src = (
        "the only calibrated place: one place's value, not a pooled estimate."
        if n_cal == 1
        else f"{n_cal} calibrated places (geometric mean)."
    )
    return f"{parameter} of {n_pool} place(s) is pooled from {src}"


def network_numbers(results_dir: str | Path | None = None) -> str:
    """The measured network numbers of docs/NETWORKS.md, as Markdown, from the result tables.

    ``scripts/network_doc_numbers.py`` writes this text between the markers of
    the doc, and a test checks that the doc is current, so no figure in the doc
    is typed by hand. Every number is counted in ``data/results``
    (network_parameters, network_metrics, network_null_models,
    network_funnel_validation, network_counterfactuals).

    Examples
    --------
    >>> text = network_numbers()
    >>> text.startswith("- Places modelled:"), "not a pooled estimate" in text or "pooled" in text
    (True, True)
    """
    par = read_result("network_parameters", results_dir)
    met = read_result("network_metrics", results_dir)
    null = read_result("network_null_models", results_dir)
    oos = read_result("network_funnel_validation", results_dir)
    cf = read_result("network_counterfactuals", results_dir)

    places = sorted(set(par["place"]))
    st = par.set_index(["place", "parameter"])["status"]

    def with_status(name: str, statuses: tuple[str, ...]) -> int:
        return sum(st.get((pl, name), "") in statuses for pl in places)

    evidence = par[par["status"].isin(["reported", "derived"])]
    n_alone = len(places) - evidence["place"].nunique()
    rep = ("reported",)
    n_funnel = sum(
        st.get((pl, "p_dept_resolve"), "") == "reported"
        or st.get((pl, "p_on_spot"), "") == "reported"
        for pl in places
    )
    n_reach = with_status("p_visit", rep)
    lines = [
        f"- Places modelled: {len(places)}. Deputies (all levels, stations' universe) reported "
        f"for {with_status('n_deputies', rep)}; county congress deputies for "
        f"{with_status('n_county_deputies', rep)}; stations for "
        f"{with_status('n_stations', ('reported', 'derived'))} (the others: the prior); a "
        f"reach figure (distinct voters reached) for {n_reach}; an all-channel funnel "
        f"calibrating the model for {n_funnel}. {n_alone} place(s) have no usable figure "
        "and are modelled from priors alone.",
        f"- Pooling: {pooling_sentence(par)}",
    ]
    cov = met[met["metric"] == "coverage"]
    lines.append(
        "- Mean coverage (share of the electorate with any link; network_metrics.csv): "
        f"{_span(cov.loc[cov['reach_reported'], 'mean'], '.1%')} where reach is reported, "
        f"{_span(cov.loc[~cov['reach_reported'], 'mean'], '.1%')} where it rests on priors."
    )
    for metric, g in null.groupby("metric", sort=True):
        out = ((g["observed"] < g["null_low"]) | (g["observed"] > g["null_high"])).sum()
        kind = str(g["null"].iloc[0]).replace("_", "-")
        lines.append(
            f"- Null models, `{metric}` ({kind} null, {int(g['n_null'].min())} nulls): the "
            f"modelled network lies outside the null's 95 % interval in {int(out)} of "
            f"{len(g)} places; z {_span(g['z'].dropna(), '.2f')}."
        )
    o = oos[oos["role"] == "out_of_sample"]
    i = oos[oos["role"] == "in_sample"]
    lines.append(
        f"- Out-of-sample funnels ({o['place'].nunique()} place(s) with two all-channel "
        f"funnels): {int(o['hit'].sum())} hit(s), {int((~o['hit']).sum())} miss(es) out of "
        f"sample; {int(i['hit'].sum())} of {len(i)} in sample."
    )
    c = cf[cf["metric"] == "coverage"]
    for fb, g in c.groupby("fallback", sort=True):
        lines.append(
            f"- Paired counterfactual without `{g['mechanisms_off'].iloc[0]}`, fallback "
            f"{fb:g} ({g['place'].nunique()} places, {int(g['n_pairs'].min())} pairs): "
            f"coverage changes by {_span(g['diff_mean'] * 100, '+.2f')} points."
        )
    return "\n".join(lines) + "\n"


def read_result(name: str, results_dir: str | Path | None = None) -> Any:
    """Read a result table the build wrote, with the field types of its descriptor.

    Strings come back as ``str`` (an empty cell is ``""``), integers with gaps as
    ``Int64``, booleans as ``bool``. Floats are the written six significant digits.

    Parameters
    ----------
    name : str
        The table's name (``network_sensitivity`` …; :func:`result_specs`).
    results_dir : path, optional
        Default ``data/results`` (:data:`democracy_study.config.DATA_RESULTS`).

    Raises
    ------
    FileNotFoundError
        The table or its ``datapackage.json`` is missing (run ``democracy-study build``).

    Examples
    --------
    >>> t = read_result("network_null_models")
    >>> isinstance(t["place"].iloc[0], str), t["n_null"].dtype.kind, t["z"].dtype.kind
    (True, 'i', 'f')
    """
    import pandas as pd

    from democracy_study import config

    d = Path(results_dir) if results_dir is not None else config.DATA_RESULTS
    package = json.loads((d / "datapackage.json").read_text(encoding="utf-8"))
    res = next((r for r in package["resources"] if r["name"] == name), None)
    if res is None:
        raise FileNotFoundError(f"{d / 'datapackage.json'} describes no table {name!r}")
    types = {f["name"]: f["type"] for f in res["schema"]["fields"]}
    strings = [c for c, t in types.items() if t == "string"]
    df = pd.read_csv(d / res["path"], dtype={c: str for c in strings}, keep_default_na=False)
    for c, t in types.items():
        if t == "string":
            df[c] = df[c].astype(str)
        elif t == "number":
            df[c] = pd.to_numeric(df[c].replace("", float("nan")), errors="raise").astype(float)
        elif t == "integer":
            col = pd.to_numeric(df[c].replace("", pd.NA))
            df[c] = col.astype("Int64") if col.isna().any() else col.astype("int64")
        elif t == "boolean":
            df[c] = df[c].map({"True": True, "False": False, True: True, False: False})
            df[c] = df[c].astype(bool)
    return df


def _field_type(dtype: Any) -> str:
    import pandas as pd

    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    return "string"


def _frame(spec: ResultSpec, corpus: Any, executor: Any = None) -> Any:
    df = spec.make(corpus, executor=executor) if spec.parallel else spec.make(corpus)
    cols = list(df.columns)
    if cols != list(spec.columns):
        missing = [c for c in spec.columns if c not in cols]
        extra = [c for c in cols if c not in spec.columns]
        raise ResultError(
            f"result table {spec.name!r}: columns differ from its spec "
            f"(missing {missing}, undescribed {extra}, or another order)"
        )
    return df


def compute_results(
    corpus: Any, specs: list[ResultSpec] | None = None, *, executor: Any = None
) -> list[tuple[Any, Any]]:
    """``[(spec, table), ...]`` for every result table of *corpus* (nothing written).

    Parameters
    ----------
    corpus : Corpus
    specs : list of ResultSpec, optional
        Default: :func:`result_specs`.
    executor : concurrent.futures.Executor, "serial" or None
        Passed to the tables whose spec is :attr:`~ResultSpec.parallel` (the power
        simulation; None: its own pool of two processes). The tables do not depend on it.

    Raises
    ------
    ResultError
        A table whose columns are not those of its spec.
    """
    specs = result_specs() if specs is None else specs
    return [(s, _frame(s, corpus, executor)) for s in specs]


def write_results(
    corpus: Any,
    out_dir: str | Path,
    *,
    specs: list[ResultSpec] | None = None,
    force: bool = False,
    inputs: tuple[Any, ...] | list[Any] = (),
    computed: list[tuple[Any, Any]] | None = None,
) -> list[Path]:
    """Compute every result table of *corpus* and write them to *out_dir*.

    Parameters
    ----------
    corpus : Corpus
        The parsed corpus (unused when *computed* is given).
    out_dir : path
        The results directory (``data/results`` in the project build); replaced
        as a whole, so no half-written directory is ever left.
    specs : list of ResultSpec, optional
        Default: :func:`result_specs`.
    force, inputs
        Passed to :func:`democracy_study._util.replace_directory`.
    computed : list, optional
        The output of :func:`compute_results`, when already computed.

    Returns
    -------
    list of pathlib.Path
        The files written, in order (the descriptor last).
    """
    from democracy_study._util import replace_directory, sha256_bytes

    frames = computed if computed is not None else compute_results(corpus, specs)
    out = Path(out_dir)
    names: list[str] = []

    def fill(tmp: Path) -> None:
        resources = []
        for spec, df in frames:
            data = df.to_csv(index=False, float_format="%.6g", lineterminator="\n").encode("utf-8")
            (tmp / spec.filename).write_bytes(data)
            names.append(spec.filename)
            resources.append(
                {
                    "name": spec.name,
                    "profile": "tabular-data-resource",
                    "path": spec.filename,
                    "description": spec.description,
                    "format": "csv",
                    "encoding": "utf-8",
                    "hash": f"sha256:{sha256_bytes(data)}",
                    "schema": {
                        "fields": [
                            {
                                "name": c,
                                "type": _field_type(df[c].dtype),
                                "description": spec.columns[c],
                            }
                            for c in df.columns
                        ]
                    },
                }
            )
        package = {
            "profile": "tabular-data-package",
            "name": "democracy-study-results",
            "title": "Result tables of the democracy-study analyses",
            "description": "Written by `democracy-study build` from data/processed; "
            "seeds and sizes are fixed in democracy_study.study.",
            "licenses": [
                {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
            ],
            "resources": resources,
        }
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (tmp / "datapackage.json").write_text(text, encoding="utf-8")
        names.append("datapackage.json")

    replace_directory(out, fill, inputs=inputs, force=force)
    return [out / n for n in names]
