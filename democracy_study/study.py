"""The standard analyses of notebook 04, as functions with fixed, documented settings.

The notebook and the build (:mod:`democracy_study.plots.registry`) call the
same functions, so a figure in ``figures/`` is exactly the one the notebook
discusses. Every choice is made by a rule fixed before any test is run:

- outcomes: :func:`democracy_study.inference.outcomes.build_outcomes`, qualified
  figures read by the one rule of :mod:`democracy_study.parse.intervals` (open
  ends capped with ``open_cap``);
- the count outcome: the flow total (not a stock such as deputies) reported by
  the most places;
- predictors: mechanism families (1 if any code of the family is present);
- the leave-one-out example: the tested family with the smallest permutation
  p-value (the one most likely to be over-read);
- QCA: outcome "reports a number of issues resolved" (:data:`QCA_OUTCOME`); families
  whose evidence overlaps that figure's text are circular and left out, the rest
  chosen by :func:`democracy_study.inference.qca.select_conditions`; conservative and
  parsimonious solutions for the outcome and its negation, with simplifying and
  contradictory assumptions (``data/results/qca_solutions.csv``);
- power: effects (log rate ratios) 0.5, 1.0, 1.5 on 6-40 places, 100 simulated
  data sets per cell, seed 2024 (figures 43-45, the earlier design);
- headline (issue 12, docs/INFERENCE.md): outcomes per kind of figure, the outcome
  chosen by :func:`~democracy_study.inference.outcomes.select_count_outcome` (ties all
  analysed), circular families excluded, aliases merged, Tarone testability, BH over
  the testable family, interval corners (:mod:`democracy_study.inference.headline`);
  power of the analysis' own tests by :func:`power_design` (``POWER_DESIGN_*``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from democracy_study.inference.exact import mechanism_families
from democracy_study.inference.glm import across_bounds, glm_tests
from democracy_study.inference.outcomes import build_outcomes, outcome_coverage, widen_outcomes
from democracy_study.inference.results import AssociationResult, ResultsTable
from democracy_study.parse.intervals import DEFAULT_OPEN_CAP

if TYPE_CHECKING:
    from democracy_study.corpus import Corpus

__all__ = [
    "NetworkAnalysis",
    "OutcomeAnalysis",
    "PowerAnalysis",
    "count_glm_across_bounds",
    "example_places",
    "network_analysis",
    "outcome_analysis",
    "place_family",
    "power_analysis",
    "power_design",
    "setup_display",
]

#: Ensemble settings of notebook 03 (draws per place, seeds).
NETWORK_DRAWS = 30
NETWORK_SEED = 2024
FUNNEL_SEED = 1
#: Draws per place of the global sensitivity analysis (PRCC) and its seed.
SENSITIVITY_DRAWS = 30
SENSITIVITY_SEED = 7
#: Null networks per place (curveball, fixed marginals) and the seed of the modelled network.
NETWORK_NULL_DRAWS = 39
NETWORK_NULL_SEED = 13
#: Draws per calibration of the out-of-sample funnel validation.
FUNNEL_OOS_DRAWS = 100
#: Paired counterfactual (digital channel removed): draws, seed, fallback shares compared.
COUNTERFACTUAL_MECHANISMS = ("digital_channel",)
COUNTERFACTUAL_DRAWS = 30
COUNTERFACTUAL_SEED = 7
COUNTERFACTUAL_FALLBACKS = (0.0, 1.0)
#: Mechanism co-occurrence: curveball nulls of the place x code matrix; dendrogram bootstrap.
NETWORK_COOCCURRENCE_NULL_DRAWS = 999
NETWORK_COOCCURRENCE_SEED = 5
NETWORK_DENDROGRAM_BOOTSTRAP = 200
#: fig04 draws the pairs with empirical p_greater at most this (uncorrected; descriptive).
NETWORK_COOCCURRENCE_MAX_P = 0.1

POWER_EFFECTS = (0.5, 1.0, 1.5)
POWER_PLACES = (6, 10, 15, 20, 30, 40)
#: Power of the tests the analysis uses (issue 12; docs/INFERENCE.md): true log rate ratios
#: (0 = the size row), multipliers of the dispersion estimated from the headline counts,
#: exact-permutation places (the reporting places are added) and Wald/offset places.
POWER_DESIGN_EFFECTS = (0.0, 1.0, 2.0)
POWER_DISPERSION_FACTORS = (0.5, 1.0, 2.0)
POWER_EXACT_PLACES = (5, 6, 7, 8, 10)
POWER_WALD_PLACES = (6, 8, 10, 15, 20, 30, 40)
POWER_DESIGN_SIMS = 1000
POWER_DESIGN_WORKERS = 2
RECOVERY_EFFECTS = (1.0,)
RECOVERY_PLACES = (6, 10, 20)
POWER_SIMS = 100
POWER_SEED = 2024
#: The QCA outcome: 1 if the place reports a number of issues resolved.
QCA_OUTCOME = "reported_issues_resolved"


@dataclass(frozen=True, eq=False)
class OutcomeAnalysis:
    """Outcomes, the family GLMs and QCA inputs of one corpus.

    Every part is computed on first use and then kept on the object
    (:func:`functools.cached_property`), so the notebook and the figures that
    share one analysis compute each part once.

    Attributes
    ----------
    corpus : Corpus
    open_cap : {"unit"} or float
        Cap of open-ended figures (:func:`~democracy_study.inference.outcomes.build_outcomes`).
    n_perm, seed : int
        Permutations and seed of the family GLMs.
    """

    corpus: Corpus = field(repr=False)
    open_cap: str | float = DEFAULT_OPEN_CAP
    n_perm: int = 999
    seed: int = 0

    @functools.cached_property
    def places(self) -> pd.Index:
        """Places of the corpus (index of ``corpus.place_mechanisms``)."""
        return self.corpus.place_mechanisms.index

    @functools.cached_property
    def outcomes(self) -> pd.DataFrame:
        """Long outcome table with intervals and provenance."""
        return build_outcomes(self.corpus, open_cap=self.open_cap, places=self.places)

    @functools.cached_property
    def coverage(self) -> pd.DataFrame:
        """Which outcomes how many places report."""
        return outcome_coverage(self.outcomes)

    @functools.cached_property
    def wide(self) -> pd.DataFrame:
        """Place × outcome at the point value."""
        return widen_outcomes(self.outcomes, "point")

    @functools.cached_property
    def count_outcome(self) -> str:
        """The flow total (not a stock) reported by the most places."""
        cov = self.coverage
        flows = cov.loc[(cov["family"] == "total") & ~cov["stock"], "outcome"]
        if flows.empty:
            raise ValueError("no count outcome is reported by any place")
        return str(flows.iloc[0])

    @functools.cached_property
    def families(self) -> pd.DataFrame:
        """Place × mechanism family, 1 if any code of the family is present."""
        from democracy_study.coding.codebook import load_codebook

        # codes absent from the corpus still have their codebook family (a column of 0s)
        fam = {c.code: c.family for c in load_codebook().codes}
        mech = self.corpus.mechanisms[["code", "family"]].drop_duplicates()
        fam.update(dict(mech.itertuples(index=False)))
        return mechanism_families(self.corpus.place_mechanisms, fam)

    @functools.cached_property
    def reported_resolved(self) -> pd.Series:
        """1 if the place reports a number of issues resolved (the QCA outcome)."""
        return self.wide[QCA_OUTCOME].rename(QCA_OUTCOME)

    @functools.cached_property
    def glm(self) -> ResultsTable:
        """One GLM of the count outcome per family, with permutation p-values and BH q-values."""
        y = self.wide[self.count_outcome].rename(self.count_outcome)
        return glm_tests(y, self.families, n_perm=self.n_perm, seed=self.seed)

    @functools.cached_property
    def loo_term(self) -> str | None:
        """The tested family with the smallest permutation p-value (ties: by name)."""
        tested = self.glm.summary_frame().query("status == 'ok'").sort_values(["pvalue", "term"])
        return str(tested["term"].iloc[0]) if len(tested) else None

    @property
    def loo_result(self) -> AssociationResult | None:
        """The GLM of :attr:`loo_term` (None if no family could be tested)."""
        return self.glm.results[self.loo_term] if self.loo_term else None

    # --- issue 12: outcomes by kind of figure, the selection rule, circularity, testability ---

    @functools.cached_property
    def indicator_outcomes(self) -> pd.DataFrame:
        """One outcome per place and kind of figure (:func:`~democracy_study.inference.outcomes.indicator_outcomes`)."""
        from democracy_study.inference.outcomes import indicator_outcomes

        return indicator_outcomes(self.corpus.quantities)

    @functools.cached_property
    def selection(self) -> dict[str, Any]:
        """The pre-specified rule: flow outcome reported by most places (ties kept, not broken)."""
        from democracy_study.inference.outcomes import select_count_outcome

        return select_count_outcome(self.indicator_outcomes)

    @property
    def headline_outcomes(self) -> list[str]:
        """The chosen outcome, or every tied one (each is analysed and reported)."""
        return list(self.selection["tied"])

    @functools.cached_property
    def circular(self) -> dict[str, dict[str, list[str]]]:
        """``{outcome: {family: [place, ...]}}``: families whose evidence overlaps the outcome's figures."""
        from democracy_study.inference.outcomes import circular_terms

        mech = self.corpus.mechanisms[["code", "family"]].drop_duplicates()
        fam = dict(mech.itertuples(index=False))
        return {
            o: circular_terms(self.corpus.mechanisms, self.indicator_outcomes, o, fam)
            for o in self.headline_outcomes
        }

    @functools.cached_property
    def headline_loo_result(self) -> AssociationResult | None:
        """The headline GLM to show leave-one-out for: the non-circular term with the smallest
        p-value (ties: by name) of the first headline outcome; None if nothing was fitted."""
        from democracy_study.inference.headline import headline_design

        t = self.mechanism_tests
        cand = t[~t["circular"].astype(bool) & t["pvalue"].notna()]
        if cand.empty:
            return None
        row = cand.sort_values(["outcome", "pvalue", "term"]).iloc[0]
        d = headline_design(
            self.indicator_outcomes,
            str(row["outcome"]),
            self.families,
            self.circular[row["outcome"]],
        )
        res = glm_tests(d.y, d.merged[[row["term"]]], n_perm=self.n_perm, seed=self.seed)
        return res.results[row["term"]]

    @functools.cached_property
    def qca_circular(self) -> dict[str, list[str]]:
        """``{family: [place, ...]}``: families whose evidence overlaps the QCA outcome's figures."""
        from democracy_study.inference.outcomes import circular_terms

        mech = self.corpus.mechanisms[["code", "family"]].drop_duplicates()
        fam = dict(mech.itertuples(index=False))
        return circular_terms(self.corpus.mechanisms, self.outcomes, QCA_OUTCOME, fam)

    @functools.cached_property
    def qca_conditions(self) -> list[str]:
        """QCA conditions: :func:`~democracy_study.inference.qca.select_conditions` over the
        families that are not circular for the QCA outcome."""
        from democracy_study.inference import qca

        candidates = [f for f in self.families.columns if f not in self.qca_circular]
        return qca.select_conditions(self.families, candidates) if candidates else []

    @functools.cached_property
    def qca_data(self) -> pd.DataFrame:
        """Place × (QCA conditions, outcome), 0/1."""
        cols = self.qca_conditions
        return self.families[cols].join(self.reported_resolved.fillna(0).astype(int))

    @functools.cached_property
    def qca_truth_table(self) -> pd.DataFrame:
        """Truth table of :attr:`qca_data` (every case counts, consistency cut 1)."""
        from democracy_study.inference import qca

        if not self.qca_conditions:
            raise ValueError("no non-circular mechanism family varies across places: no QCA")
        return qca.truth_table(self.qca_data, self.qca_conditions, QCA_OUTCOME)

    @functools.cached_property
    def qca_solutions(self) -> pd.DataFrame:
        """Conservative and parsimonious solutions for the outcome and its negation
        (:func:`~democracy_study.inference.qca.solutions_table`), with the circular
        families that were left out."""
        from democracy_study.inference import qca

        cols = [*qca.SOLUTION_COLUMNS, "circular_excluded"]
        if not self.qca_conditions:
            return pd.DataFrame(columns=cols)
        t = qca.solutions_table(self.qca_data, self.qca_conditions, QCA_OUTCOME)
        t["circular_excluded"] = ",".join(sorted(self.qca_circular))
        return t[cols]

    @functools.cached_property
    def mechanism_tests(self) -> pd.DataFrame:
        """Headline tests of every headline outcome (:func:`~democracy_study.inference.headline.mechanism_tests`)."""
        from democracy_study.inference.headline import MECHANISM_TEST_COLUMNS, mechanism_tests

        frames = [
            mechanism_tests(
                self.indicator_outcomes, o, self.families, self.circular[o],
                n_perm=self.n_perm, seed=self.seed,
            )
            for o in self.headline_outcomes
        ]  # fmt: skip
        if not frames:
            return pd.DataFrame(columns=list(MECHANISM_TEST_COLUMNS))
        return pd.concat(frames, ignore_index=True)


@dataclass
class PowerAnalysis:
    """Power curve, places needed for 80% power, and parameter recovery."""

    curve: pd.DataFrame
    needed: pd.DataFrame
    recovery: pd.DataFrame


def _same_corpus(last: Any, corpus: Corpus, **settings: Any) -> bool:
    return (
        last is not None
        and last.corpus is corpus
        and all(getattr(last, k) == v for k, v in settings.items())
    )


#: The analysis last asked for; it holds its corpus, and a new corpus object replaces it.
_LAST_OUTCOMES: list[OutcomeAnalysis] = []


def outcome_analysis(
    corpus: Corpus,
    *,
    open_cap: str | float = DEFAULT_OPEN_CAP,
    n_perm: int = 999,
    seed: int = 0,
) -> OutcomeAnalysis:
    """Outcomes and family-level GLM tests for *corpus*.

    Asking again with the same corpus object and settings returns the same
    :class:`OutcomeAnalysis`, whose parts are computed once.

    Examples
    --------
    >>> from democracy_study import config
    >>> from democracy_study.corpus import parse_reports
    >>> corpus = parse_reports([config.DATA_RAW])
    >>> a = outcome_analysis(corpus)
    >>> a.count_outcome.startswith("total_"), outcome_analysis(corpus) is a
    (True, True)
    """
    last = _LAST_OUTCOMES[0] if _LAST_OUTCOMES else None
    if _same_corpus(last, corpus, open_cap=open_cap, n_perm=n_perm, seed=seed):
        return last
    result = OutcomeAnalysis(corpus, open_cap=open_cap, n_perm=n_perm, seed=seed)
    _LAST_OUTCOMES[:] = [result]
    return result


_POWER: dict[tuple, PowerAnalysis] = {}


def power_analysis(
    *, n_sims: int = POWER_SIMS, seed: int = POWER_SEED, executor: Any = None
) -> PowerAnalysis:
    """Simulation-based power and parameter recovery with the settings above (cached)."""
    key = (n_sims, seed)
    if key in _POWER:
        return _POWER[key]
    from democracy_study.inference import power

    curve = power.power_curve(
        list(POWER_EFFECTS), list(POWER_PLACES), n_sims=n_sims, seed=seed, executor=executor
    )
    needed = power.places_needed(curve, power=0.8)
    recovery = power.parameter_recovery(
        list(RECOVERY_EFFECTS), list(RECOVERY_PLACES), n_sims=n_sims, seed=seed, executor=executor
    )
    _POWER[key] = PowerAnalysis(curve, needed, recovery)
    return _POWER[key]


_POWER_DESIGN: dict[tuple, pd.DataFrame] = {}


def power_design(
    analysis: OutcomeAnalysis,
    *,
    n_sims: int = POWER_DESIGN_SIMS,
    seed: int = POWER_SEED,
    executor: Any = None,
) -> pd.DataFrame:
    """Power of the exact permutation test and the Wald/offset design (cached per dispersion).

    The dispersion is :func:`~democracy_study.inference.power.estimate_dispersion` of the
    point counts of each headline outcome (the largest if several are tied), multiplied
    by :data:`POWER_DISPERSION_FACTORS`. *executor* defaults to a process pool of
    :data:`POWER_DESIGN_WORKERS`; results do not depend on it.
    """
    from concurrent.futures import ProcessPoolExecutor

    from democracy_study.inference.power import estimate_dispersion
    from democracy_study.inference.power_design import power_table

    o = analysis.indicator_outcomes
    counts = [o.loc[o["outcome"] == name, "point"] for name in analysis.headline_outcomes]
    counts = [c for c in counts if c.notna().sum() >= 2 and c.mean() > 0]
    if not counts:  # no headline outcome with two or more positive counts: nothing to power
        from democracy_study.inference.power_design import RECOVERY_COLUMNS

        cols = ["effect", "n_places", "test", "dispersion", "power", "ci_low", "ci_high",
                "n_sim", "n_failed", "dispersion_factor", *RECOVERY_COLUMNS]  # fmt: skip
        return pd.DataFrame(columns=cols)
    disp = max(estimate_dispersion(c) for c in counts)
    n_rep = int(analysis.selection["n_places"])
    exact = tuple(sorted({max(n_rep, 3), *POWER_EXACT_PLACES}))
    key = (round(disp, 12), exact, n_sims, seed)
    if key not in _POWER_DESIGN:
        designs = [("exact_permutation", exact), ("quasi_wald_offset", POWER_WALD_PLACES)]
        disps = [disp * f for f in POWER_DISPERSION_FACTORS]
        kw = {"n_sims": n_sims, "seed": seed}
        if executor is None:
            with ProcessPoolExecutor(POWER_DESIGN_WORKERS) as pool:
                t = power_table(designs, POWER_DESIGN_EFFECTS, disps, executor=pool, **kw)
        else:
            t = power_table(designs, POWER_DESIGN_EFFECTS, disps, executor=executor, **kw)
        t["dispersion_factor"] = t["dispersion"] / disp if disp > 0 else 1.0
        _POWER_DESIGN[key] = t
    return _POWER_DESIGN[key].copy()


def count_glm_across_bounds(
    analysis: OutcomeAnalysis, *, n_perm: int = 999, seed: int = 0
) -> pd.DataFrame:
    """The family GLMs of *analysis* refitted with every quantity at its lower and at its upper end."""

    def run(bound: str) -> Any:
        y = widen_outcomes(analysis.outcomes, bound)[analysis.count_outcome].rename(
            analysis.count_outcome
        )
        return glm_tests(y, analysis.families, n_perm=n_perm, seed=seed)

    return across_bounds(run)


def place_family(params: Any) -> str:
    """The family of a place for drawing examples: digital channel and sector stations, yes or no."""
    dig = "digital channel" if "digital_channel" in params.mechanisms else "no digital channel"
    sec = "sector stations" if "sector_station" in params.mechanisms else "no sector stations"
    return f"{dig}, {sec}"


def prior_only_places(params: dict[str, Any]) -> list[str]:
    """Places whose report gives no reach figure: their coverage rests on priors (sorted).

    fig31 draws them hollow.

    Examples
    --------
    >>> from democracy_study.networks import NetworkParams
    >>> prior_only_places({"甲": NetworkParams.from_priors(place="甲")})
    ['甲']
    """
    return sorted(
        pl for pl, p in params.items() if not any(t.name == "voters_reached" for t in p.targets)
    )


def example_places(params: dict[str, Any]) -> dict[str, Any]:
    """The first place (in sorted order) of each family, by family label (sorted)."""
    out: dict[str, Any] = {}
    for place in sorted(params):
        out.setdefault(place_family(params[place]), params[place])
    return dict(sorted(out.items()))


@dataclass(frozen=True, eq=False)
class NetworkAnalysis:
    """Calibrated parameters, the ensemble and the funnel check of notebook 03.

    Each part is computed on first use and kept on the object
    (:func:`functools.cached_property`).
    """

    corpus: Corpus = field(repr=False)

    @functools.cached_property
    def params(self) -> dict[str, Any]:
        """Network parameters of every place (sorted by place)."""
        from democracy_study.networks import params_for_place, pool_priors

        places = sorted(self.corpus.place_mechanisms.index)
        return pool_priors({pl: params_for_place(pl, self.corpus) for pl in places})

    @functools.cached_property
    def parameter_table(self) -> pd.DataFrame:
        """Every place's parameters with status, interval, evidence and quantity_id."""
        from democracy_study.networks import network_parameters

        return network_parameters(self.params, self.corpus.quantities)

    @functools.cached_property
    def sensitivity(self) -> pd.DataFrame:
        """PRCC of the reported metrics, :data:`SENSITIVITY_DRAWS` draws per place."""
        from democracy_study.networks import prcc_sensitivity

        return prcc_sensitivity(self.params, n=SENSITIVITY_DRAWS, seed=SENSITIVITY_SEED)

    @functools.cached_property
    def null_models(self) -> pd.DataFrame:
        """Modelled network vs :data:`NETWORK_NULL_DRAWS` curveball nulls per place."""
        from democracy_study.networks import null_model_table

        return null_model_table(self.params, n_null=NETWORK_NULL_DRAWS, seed=NETWORK_NULL_SEED)

    @functools.cached_property
    def degrees(self) -> pd.DataFrame:
        """Degree sequences of the networks :attr:`null_models` compares."""
        from democracy_study.networks import degree_table

        return degree_table(self.params, seed=NETWORK_NULL_SEED)

    @functools.cached_property
    def ensemble(self) -> Any:
        """:data:`NETWORK_DRAWS` draws per place, seed :data:`NETWORK_SEED`, in-process."""
        from democracy_study.networks import simulate

        return simulate(
            self.params, n=NETWORK_DRAWS, seed=NETWORK_SEED, executor="serial", progress=False
        )

    @functools.cached_property
    def metric_summary(self) -> pd.DataFrame:
        """:attr:`ensemble` summarised: mean and 95 % interval per place and metric.

        ``reach_reported`` is False for the places whose values rest on priors
        (:func:`prior_only_places`).
        """
        s = self.ensemble.summary()
        s["reach_reported"] = ~s["place"].isin(set(prior_only_places(self.params)))
        return s

    @functools.cached_property
    def funnel_out_of_sample(self) -> pd.DataFrame:
        """Calibrate on one funnel, predict the other (:data:`FUNNEL_OOS_DRAWS`, seed :data:`FUNNEL_SEED`)."""
        from democracy_study.networks import funnel_out_of_sample

        return funnel_out_of_sample(self.corpus, n=FUNNEL_OOS_DRAWS, seed=FUNNEL_SEED)

    @functools.cached_property
    def counterfactual(self) -> pd.DataFrame:
        """Paired per-draw differences without :data:`COUNTERFACTUAL_MECHANISMS`.

        Every place coding all of them is run (:data:`COUNTERFACTUAL_DRAWS` each,
        through a process pool), under each fallback share in
        :data:`COUNTERFACTUAL_FALLBACKS`. Results do not depend on the executor.
        """
        from democracy_study.networks import paired_counterfactual

        codes = set(COUNTERFACTUAL_MECHANISMS)
        chosen = {k: p for k, p in self.params.items() if codes <= p.mechanisms}
        if not chosen:
            from democracy_study.networks.counterfactual import COUNTERFACTUAL_COLUMNS

            return pd.DataFrame(columns=COUNTERFACTUAL_COLUMNS)
        return paired_counterfactual(
            chosen,
            sorted(codes),
            n=COUNTERFACTUAL_DRAWS,
            seed=COUNTERFACTUAL_SEED,
            fallback=COUNTERFACTUAL_FALLBACKS,
            executor="process",
        )

    @functools.cached_property
    def cooccurrence(self) -> pd.DataFrame:
        """Code pairs: lift, phi, curveball null (:data:`NETWORK_COOCCURRENCE_NULL_DRAWS`)."""
        from democracy_study.networks.cooccurrence import cooccurrence_lift

        return cooccurrence_lift(
            self.corpus.place_mechanisms,
            n_null=NETWORK_COOCCURRENCE_NULL_DRAWS,
            seed=NETWORK_COOCCURRENCE_SEED,
        )

    @functools.cached_property
    def dendrogram_support(self) -> Any:
        """Bootstrap support of the place dendrogram's clades (:data:`NETWORK_DENDROGRAM_BOOTSTRAP`)."""
        from democracy_study.networks.cooccurrence import dendrogram_support

        return dendrogram_support(
            self.corpus.place_mechanisms,
            n_boot=NETWORK_DENDROGRAM_BOOTSTRAP,
            seed=NETWORK_COOCCURRENCE_SEED,
        )

    @property
    def examples(self) -> dict[str, Any]:
        """One example place per family (:func:`example_places`)."""
        return example_places(self.params)


_LAST_NETWORKS: list[NetworkAnalysis] = []


def network_analysis(corpus: Corpus) -> NetworkAnalysis:
    """The network models of *corpus* (:class:`NetworkAnalysis`; seeds and sizes above).

    Asking again with the same corpus object returns the same
    :class:`NetworkAnalysis`, whose parts are computed once.
    :func:`democracy_study.results.network_analysis_from_results` fills the parts
    the build wrote from ``data/results`` instead (what notebook 03 uses).
    """
    last = _LAST_NETWORKS[0] if _LAST_NETWORKS else None
    if _same_corpus(last, corpus):
        return last
    result = NetworkAnalysis(corpus)
    _LAST_NETWORKS[:] = [result]
    return result


#: pandas display options of every notebook (one place, so outputs look alike).
DISPLAY_OPTIONS = {
    "display.max_colwidth": 80,
    "display.max_rows": 200,
    "display.width": 160,
    "display.precision": 4,
}


def setup_display() -> None:
    """Set the pandas display options the notebooks use (:data:`DISPLAY_OPTIONS`).

    Examples
    --------
    >>> setup_display()
    >>> pd.get_option("display.max_rows")
    200
    """
    for key, value in DISPLAY_OPTIONS.items():
        pd.set_option(key, value)
    pd.set_option("display.float_format", "{:,.6g}".format)
