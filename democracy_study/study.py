"""The standard analyses of notebook 04, as functions with fixed, documented settings.

The notebook and the build (:mod:`democracy_study.plots.registry`) call the
same functions, so a figure in ``figures/`` is exactly the one the notebook
discusses. Every choice is made by a rule fixed before any test is run:

- outcomes: :func:`democracy_study.inference.outcomes.build_outcomes`, qualified
  figures read by the one rule of :mod:`democracy_study.parse.intervals` (open
  ends capped with ``open_cap``);
- predictors: mechanism families (1 if any code of the family is present);
- the leave-one-out example: the non-circular family with the smallest exact
  permutation p-value (the one most likely to be over-read);
- QCA: outcome "reports a number of issues resolved" (:data:`QCA_OUTCOME`); families
  whose evidence overlaps that figure's text are circular and left out, the rest
  chosen by :func:`democracy_study.inference.qca.select_conditions`; conservative and
  parsimonious solutions for the outcome and its negation, with simplifying and
  contradictory assumptions (``data/results/qca_solutions.csv``);
- headline (issue 12, docs/INFERENCE.md): outcomes per kind of figure, the outcome
  chosen by :func:`~democracy_study.inference.outcomes.select_count_outcome` (ties all
  analysed), circular families excluded, aliases merged, Tarone testability, BH over
  the testable family, interval corners (:mod:`democracy_study.inference.headline`);
  power of the analysis' own tests by :func:`power_design` (``POWER_*``), simulated by
  the build and read back from ``data/results/power_curve.csv`` by figures 43-45.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from democracy_study.inference.exact import mechanism_families
from democracy_study.inference.glm import glm_tests
from democracy_study.inference.outcomes import build_outcomes, outcome_coverage, widen_outcomes
from democracy_study.inference.results import AssociationResult
from democracy_study.parse.intervals import DEFAULT_OPEN_CAP

if TYPE_CHECKING:
    from democracy_study.corpus import Corpus

__all__ = [
    "NetworkAnalysis",
    "OutcomeAnalysis",
    "exact_power_sentence",
    "example_places",
    "headline_splits",
    "leave_one_out_sentence",
    "network_analysis",
    "outcome_analysis",
    "place_family",
    "power_design",
    "power_settings",
    "qca_circular_sentence",
    "qca_reading",
    "read_power_curve",
    "scope_sentence",
    "setup_display",
    "simulations_sentence",
    "wald_needed_sentences",
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

#: Power of the tests the analysis uses (issue 12; docs/INFERENCE.md): true log rate ratios
#: (0 = the size row), multipliers of the dispersion estimated from the headline counts,
#: exact-permutation places (the reporting places are added) and Wald/offset places.
POWER_DESIGN_EFFECTS = (0.0, 1.0, 2.0)
POWER_DISPERSION_FACTORS = (0.5, 1.0, 2.0)
POWER_EXACT_PLACES = tuple(range(4, 11))
POWER_WALD_PLACES = (6, 8, 10, 12, 15, 20, 25, 30, 35, 40)
#: Share of places with the mechanism in the Wald/offset design (a balanced larger corpus);
#: the exact rows use the split of the headline terms (:func:`power_settings`).
POWER_WALD_PREVALENCE = 0.5
POWER_DESIGN_SIMS = 1000
POWER_DESIGN_WORKERS = 2
POWER_SEED = 2024
#: Columns of the power table (``data/results/power_curve.csv``), in order.
POWER_CURVE_COLUMNS = (
    "effect", "n_places", "test", "power", "ci_low", "ci_high", "n_sim", "seed",
    "prevalence", "n_with", "dispersion", "dispersion_factor", "n_failed",
    "mean_estimate", "bias", "rmse", "coverage", "coverage_mcse",
)  # fmt: skip
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
    def headline_loo_results(self) -> list[tuple[str, AssociationResult]]:
        """``[(outcome, GLM), ...]`` to show leave-one-out for: per headline outcome, the
        non-circular term(s) with the smallest p-value (a tie of outcomes or of p-values
        gives every tied one, in sorted order; none is chosen by name); empty if nothing
        was fitted."""
        from democracy_study.inference.headline import headline_design

        t = self.mechanism_tests
        cand = t[~t["circular"].astype(bool) & t["pvalue"].notna()]
        out = []
        for outcome, g in cand.groupby("outcome", sort=True):
            best = g[np.isclose(g["pvalue"], g["pvalue"].min(), rtol=1e-9, atol=0)]
            d = headline_design(
                self.indicator_outcomes, str(outcome), self.families, self.circular[outcome]
            )
            for term in sorted(best["term"]):
                res = glm_tests(d.y, d.merged[[term]], n_perm=self.n_perm, seed=self.seed)
                out.append((str(outcome), res.results[term]))
        return out

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
    >>> all(o.startswith("total_") for o in a.headline_outcomes), outcome_analysis(corpus) is a
    (True, True)
    """
    last = _LAST_OUTCOMES[0] if _LAST_OUTCOMES else None
    if _same_corpus(last, corpus, open_cap=open_cap, n_perm=n_perm, seed=seed):
        return last
    result = OutcomeAnalysis(corpus, open_cap=open_cap, n_perm=n_perm, seed=seed)
    _LAST_OUTCOMES[:] = [result]
    return result


def _six(x: float) -> float:
    """*x* at six significant digits, as ``data/results`` writes floats (``%.6g``)."""
    return float(f"{x:.6g}")


def headline_splits(analysis: OutcomeAnalysis) -> list[tuple[str, str, int, int]]:
    """``(outcome, term, k, n)`` of every non-circular headline term that varies.

    *k* is the smaller side of the term's split of the *n* reporting places
    (places with the family, or without it if fewer), after aliases are merged.
    """
    from democracy_study.inference.headline import headline_design

    out = []
    for name in analysis.headline_outcomes:
        d = headline_design(
            analysis.indicator_outcomes, name, analysis.families, analysis.circular[name]
        )
        n = len(d.y)
        for term, v in d.merged.items():
            k = int(v.sum())
            if 0 < k < n:
                out.append((name, str(term), min(k, n - k), n))
    return out


def power_settings(
    analysis: OutcomeAnalysis, *, n_sims: int = POWER_DESIGN_SIMS, seed: int = POWER_SEED
) -> dict[str, Any] | None:
    """The simulation settings :func:`power_design` uses for *analysis* (None: nothing to power).

    The dispersion is :func:`~democracy_study.inference.power.estimate_dispersion` of the
    point counts of each headline outcome (the largest if several are tied), multiplied
    by :data:`POWER_DISPERSION_FACTORS`. The exact rows run at the reporting places and
    :data:`POWER_EXACT_PLACES`, with the share of places with the mechanism of the most
    balanced split among the non-circular headline terms (:func:`headline_splits`: the
    split the exact test has most power for; 0.5 if no term varies); the Wald/offset
    rows at :data:`POWER_WALD_PLACES` with :data:`POWER_WALD_PREVALENCE`. Floats are
    at six significant digits, as ``power_curve.csv`` holds them.

    Returns
    -------
    dict or None
        ``dispersion`` (estimated), ``dispersions``, ``effects``, ``designs``
        (``[(test, grid, prevalence), ...]``), ``split`` (k, n of the split used;
        None when no term varies), ``n_sims`` and ``seed``.
    """
    from democracy_study.inference.power import estimate_dispersion

    o = analysis.indicator_outcomes
    counts = [o.loc[o["outcome"] == name, "point"] for name in analysis.headline_outcomes]
    counts = [c for c in counts if c.notna().sum() >= 2 and c.mean() > 0]
    if not counts:  # no headline outcome with two or more positive counts: nothing to power
        return None
    disp = _six(max(estimate_dispersion(c) for c in counts))
    splits = sorted({(k, n) for _o, _t, k, n in headline_splits(analysis)})
    split = max(splits, key=lambda kn: (kn[0] / kn[1], kn[1])) if splits else None
    prevalence = split[0] / split[1] if split else 0.5
    n_rep = int(analysis.selection["n_places"])
    exact = tuple(sorted({max(n_rep, 3), *POWER_EXACT_PLACES}))
    return {
        "dispersion": disp,
        "dispersions": [_six(disp * f) for f in POWER_DISPERSION_FACTORS],
        "effects": [float(e) for e in POWER_DESIGN_EFFECTS],
        "designs": [
            ("exact_permutation", exact, _six(prevalence)),
            ("quasi_wald_offset", tuple(POWER_WALD_PLACES), _six(POWER_WALD_PREVALENCE)),
        ],
        "split": split,
        "n_sims": int(n_sims),
        "seed": int(seed),
    }


def _settings_key(settings: Mapping[str, Any]) -> tuple:
    return (
        settings["dispersion"],
        tuple(settings["dispersions"]),
        tuple(settings["effects"]),
        tuple((t, tuple(g), p) for t, g, p in settings["designs"]),
        settings["n_sims"],
        settings["seed"],
    )


def _rows_key(table: pd.DataFrame) -> set:
    return {
        (str(r.test), int(r.n_places), float(r.effect), float(r.dispersion), float(r.prevalence),
         int(r.n_sim), int(r.seed))
        for r in table.itertuples(index=False)
    }  # fmt: skip


def _expected_rows(settings: Mapping[str, Any]) -> set:
    return {
        (test, int(n), e, d, p, settings["n_sims"], settings["seed"])
        for test, grid, p in settings["designs"]
        for n in grid
        for e in settings["effects"]
        for d in settings["dispersions"]
    }


def _empty_power_table() -> pd.DataFrame:
    return pd.DataFrame(columns=list(POWER_CURVE_COLUMNS))


#: Power tables computed in this process, by :func:`_settings_key`.
_POWER_DESIGN: dict[tuple, pd.DataFrame] = {}


def read_power_curve(path: str | Path, settings: Mapping[str, Any] | None) -> pd.DataFrame | None:
    """The power table in *path* if it holds exactly the rows *settings* asks for, else None.

    Every (test, n_places, effect, dispersion, prevalence) of *settings* must be
    there once, with its ``n_sim`` and ``seed``, and nothing else (a file of another
    grid, seed, number of simulations or dispersion is not used). Floats are brought
    to six significant digits, the precision they were written with, so the table
    equals the one the build computed.

    Examples
    --------
    >>> read_power_curve("no/such/power_curve.csv", None) is None
    True
    """
    path = Path(path)
    if settings is None or not path.is_file():
        return None
    t = pd.read_csv(path)
    if list(t.columns) != list(POWER_CURVE_COLUMNS):
        return None
    if len(t) != len(_expected_rows(settings)) or _rows_key(t) != _expected_rows(settings):
        return None
    return _typed(t)


def _typed(t: pd.DataFrame) -> pd.DataFrame:
    ints = ("n_places", "n_sim", "seed", "n_with", "n_failed")
    t = t[list(POWER_CURVE_COLUMNS)].copy()
    for c in POWER_CURVE_COLUMNS:
        if c == "test":
            t[c] = t[c].astype(str)
        elif c in ints:
            t[c] = t[c].astype("int64")
        else:
            t[c] = t[c].astype(float).map(_six)
    return t.reset_index(drop=True)


def power_design(
    analysis: OutcomeAnalysis,
    *,
    n_sims: int = POWER_DESIGN_SIMS,
    seed: int = POWER_SEED,
    executor: Any = None,
    cached: str | Path | None = None,
) -> pd.DataFrame:
    """Power of the exact permutation test and of the Wald/offset design (:func:`power_settings`).

    Parameters
    ----------
    analysis : OutcomeAnalysis
    n_sims, seed : int
        Simulated data sets per point and the seed
        (:func:`~democracy_study.inference.power_design.power_table`).
    executor : concurrent.futures.Executor, "serial" or None
        Runs the cells; None: a process pool of :data:`POWER_DESIGN_WORKERS`.
        Results do not depend on it.
    cached : path, optional
        A ``power_curve.csv`` (the build writes ``data/results/power_curve.csv``):
        used instead of simulating when it holds exactly these settings
        (:func:`read_power_curve`). A table computed earlier in the same process
        is used first.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`POWER_CURVE_COLUMNS`, floats at six significant digits (as the
        file holds them, so a figure drawn from either is the same); no rows when no
        headline outcome has two or more positive counts.
    """
    from concurrent.futures import ProcessPoolExecutor

    from democracy_study.inference.power_design import power_table

    settings = power_settings(analysis, n_sims=n_sims, seed=seed)
    if settings is None:
        return _empty_power_table()
    key = _settings_key(settings)
    if key not in _POWER_DESIGN and cached is not None:
        t = read_power_curve(cached, settings)
        if t is not None:
            _POWER_DESIGN[key] = t
    if key not in _POWER_DESIGN:
        args = (settings["designs"], settings["effects"], settings["dispersions"])
        kw = {"n_sims": n_sims, "seed": seed}
        if executor is None:
            with ProcessPoolExecutor(POWER_DESIGN_WORKERS) as pool:
                t = power_table(*args, executor=pool, **kw)
        else:
            t = power_table(*args, executor=executor, **kw)
        disp = settings["dispersion"]
        t["dispersion_factor"] = t["dispersion"] / disp if disp > 0 else 1.0
        t["seed"] = int(seed)
        _POWER_DESIGN[key] = _typed(t)
    return _POWER_DESIGN[key].copy()


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


# --- sentences of notebook 04: computed from the result tables, never typed by hand ---


def _at_dispersion(power_curve: pd.DataFrame, test: str, factor: float = 1.0) -> pd.DataFrame:
    t = power_curve[power_curve["test"] == test]
    return t[np.isclose(t["dispersion_factor"].astype(float), factor)]


def simulations_sentence(power_curve: pd.DataFrame) -> str:
    """How many simulated data sets each power point rests on, and the seed.

    Examples
    --------
    >>> pc = pd.DataFrame({"n_sim": [1000, 1000], "seed": [7, 7]})
    >>> simulations_sentence(pc)
    'Each point is the share of 1,000 simulated data sets with p < 0.05 (seed 7).'
    """
    lo, hi = int(power_curve["n_sim"].min()), int(power_curve["n_sim"].max())
    n = f"{lo:,}" if lo == hi else f"{lo:,} to {hi:,}"
    seeds = ", ".join(str(s) for s in sorted(set(power_curve["seed"].astype(int))))
    return f"Each point is the share of {n} simulated data sets with p < 0.05 (seed {seeds})."


def exact_power_sentence(power_curve: pd.DataFrame, n_places: int, *, target: float = 0.8) -> str:
    """The exact test's power at *n_places* (estimated dispersion) and where it reaches *target*.

    Examples
    --------
    >>> pc = pd.DataFrame({"test": "exact_permutation", "dispersion_factor": 1.0,
    ...     "n_places": [4, 4, 8, 8], "n_with": [1, 1, 2, 2], "effect": [0.0, 2.0, 0.0, 2.0],
    ...     "power": [0.0, 0.0, 0.04, 0.85]})
    >>> exact_power_sentence(pc, 4)
    'At the 4 places that report (1 with the mechanism), the exact test has power 0.00 at every simulated effect (log rate ratios 0, 2); it first reaches 80% at 8 places for a log rate ratio of 2.'
    >>> exact_power_sentence(pc, 8)[:90]
    'At the 8 places that report (2 with the mechanism), the exact test has power 0.04 (size, l'
    """
    t = _at_dispersion(power_curve, "exact_permutation")
    if t.empty:
        return "The exact test was not simulated."
    now = t[t["n_places"] == n_places].sort_values("effect")
    if now.empty:
        first = f"The exact test was not simulated at the {n_places} places that report"
    else:
        with_ = int(now["n_with"].iloc[0])
        head = f"At the {n_places} places that report ({with_} with the mechanism), the exact test"
        effects = ", ".join(f"{e:g}" for e in now["effect"])
        if now["power"].nunique() == 1:
            p = float(now["power"].iloc[0])
            first = (
                f"{head} has power {p:.2f} at every simulated effect (log rate ratios {effects})"
            )
        else:
            parts = [
                f"{p:.2f} (size, log rate ratio 0)"
                if e == 0
                else f"{p:.2f} at log rate ratio {e:g}"
                for e, p in zip(now["effect"], now["power"], strict=True)
            ]
            first = f"{head} has power " + ", ".join(parts)
    top = float(t["effect"].max())
    reach = t[(t["effect"] == top) & (t["power"] >= target)]
    if len(reach):
        second = (
            f"it first reaches {target:.0%} at {int(reach['n_places'].min())} places "
            f"for a log rate ratio of {top:g}."
        )
    else:
        second = (
            f"it does not reach {target:.0%} within the grid (up to "
            f"{int(t['n_places'].max())} places) for a log rate ratio of {top:g}."
        )
    return f"{first}; {second}"


def wald_needed_sentences(power_curve: pd.DataFrame, *, target: float = 0.8) -> list[str]:
    """Size of the Wald/offset design and the places it needs for *target* power, per effect.

    Examples
    --------
    >>> pc = pd.DataFrame({"test": "quasi_wald_offset", "dispersion_factor": 1.0,
    ...     "n_places": [10, 20, 10, 20], "effect": [0.0, 0.0, 1.0, 1.0],
    ...     "power": [0.05, 0.06, 0.5, 0.85]})
    >>> wald_needed_sentences(pc)
    ['Size of the Wald/offset design (effect 0): 0.050 to 0.060 (nominal 0.05).', '80% power for a rate ratio of 2.7 (log 1) needs about 20 places (first grid size reaching it).']
    """
    import math

    t = _at_dispersion(power_curve, "quasi_wald_offset")
    if t.empty:
        return ["The Wald/offset design was not simulated."]
    size = t[t["effect"] == 0]
    out = []
    if len(size):
        out.append(
            f"Size of the Wald/offset design (effect 0): {size['power'].min():.3f} to "
            f"{size['power'].max():.3f} (nominal 0.05)."
        )
    for e, g in t[t["effect"] > 0].groupby("effect", sort=True):
        ok = g[g["power"] >= target]
        n = (
            f"about {int(ok['n_places'].min())} places (first grid size reaching it)"
            if len(ok)
            else f"more than {int(g['n_places'].max())} places (not reached within the grid)"
        )
        out.append(
            f"{target:.0%} power for a rate ratio of {math.exp(e):.1f} (log {e:g}) needs {n}."
        )
    return out


def leave_one_out_sentence(outcome: str, result: AssociationResult) -> str:
    """The estimate, its interval and how many leave-one-out refits are estimable.

    Examples
    --------
    >>> from democracy_study.inference.glm import glm_test
    >>> idx = list("abcdef")
    >>> r = glm_test(pd.Series([9, 8, 7, 2, 3, 2], index=idx, name="y"),
    ...              pd.Series([1, 1, 1, 0, 0, 0], index=idx, name="m"), n_perm=0)
    >>> leave_one_out_sentence("y", r)  # hand: estimate log(24/7) = 1.23; interval of the GLM
    'y, m: log rate ratio 1.23 (95% interval 0.8 to 1.7), n = 6; each refit rests on 5 places, 6 of 6 estimable.'
    """
    loo = result.leave_one_out()
    return (
        f"{outcome}, {result.term}: log rate ratio {result.estimate:.2f} "
        f"(95% interval {result.conf_int[0]:.1f} to {result.conf_int[1]:.1f}), n = {result.nobs}; "
        f"each refit rests on {result.nobs - 1} places, "
        f"{int(loo['estimate'].notna().sum())} of {len(loo)} estimable."
    )


def qca_circular_sentence(outcome: pd.Series, circular: Mapping[str, Any]) -> str:
    """How many places show the QCA outcome, and in how many of them evidence quotes its figure.

    Parameters
    ----------
    outcome : pandas.Series
        1 when the place shows the outcome (missing: 0), index place.
    circular : mapping
        ``{family: [place, ...]}`` whose evidence overlaps the outcome's figures.

    Examples
    --------
    >>> y = pd.Series([1, 1, 0], index=["p", "q", "r"])
    >>> qca_circular_sentence(y, {"b": ["p"], "a": ["p", "q"]})
    '2 of 3 places report the figure; in 2 of those 2 some mechanism evidence quotes that very number (circular families: a, b).'
    """
    y = outcome.fillna(0).astype(int)
    yes = set(y.index[y == 1])
    quoted = yes & {p for places in circular.values() for p in places}
    fams = ", ".join(sorted(circular)) or "none"
    return (
        f"{len(yes)} of {len(y)} places report the figure; in {len(quoted)} of those {len(yes)} "
        f"some mechanism evidence quotes that very number (circular families: {fams})."
    )


def qca_reading(solutions: pd.DataFrame) -> str:
    """The QCA solutions of ``qca_solutions.csv`` in words: solution and remainders assumed.

    Examples
    --------
    >>> s = pd.DataFrame({"outcome": ["y", "y", "~y"], "remainders": ["conservative",
    ...     "parsimonious", "parsimonious"], "solution": ["0", "0", "A + B"],
    ...     "simplifying_assumptions": [None, None, "A*~B"], "n_cases": 9})
    >>> qca_reading(s)
    'y: conservative 0, parsimonious 0 (no remainder assumed); ~y: parsimonious A + B (1 remainder assumed). A solution 0: no configuration consistently shows the outcome. Descriptions of which named mechanisms co-occur in 9 texts, not sufficient conditions for results.'
    """
    if solutions.empty:
        return "No QCA was run (no condition varies)."
    parts = []
    for outcome, g in solutions.groupby("outcome", sort=True):
        bits = []
        for how in ("conservative", "parsimonious"):
            h = g[g["remainders"] == how]
            if h.empty:
                continue
            text = f"{how} " + " or ".join(sorted(set(h["solution"].astype(str))))
            if how == "parsimonious":
                assumed = {
                    a
                    for v in h["simplifying_assumptions"]
                    if isinstance(v, str) and v
                    for a in v.split("; ")
                }
                n = len(assumed)
                text += (
                    f" ({n} remainder{'s' if n != 1 else ''} assumed)"
                    if n
                    else (" (no remainder assumed)")
                )
            bits.append(text)
        parts.append(f"{outcome}: " + ", ".join(bits))
    zero = (solutions["solution"].astype(str) == "0").any()
    note = " A solution 0: no configuration consistently shows the outcome." if zero else ""
    n = int(solutions["n_cases"].max())
    return (
        "; ".join(parts)
        + "."
        + note
        + f" Descriptions of which named mechanisms co-occur in {n} texts, not sufficient "
        "conditions for results."
    )


def scope_sentence(reports: pd.DataFrame) -> str:
    """How many county-level reports, of how many prefectures, in which years.

    Examples
    --------
    >>> r = pd.DataFrame({"kind": ["report", "report", "page"], "prefecture": ["A", "A", "A"],
    ...     "year": [2024, 2024, 2024]})
    >>> scope_sentence(r)
    '2 county-level units of 1 prefecture, reported in 2024'
    """
    r = reports[reports["kind"] == "report"]
    k = r["prefecture"].nunique()
    years = ", ".join(str(int(y)) for y in sorted(r["year"].dropna().unique()))
    return (
        f"{len(r)} county-level units of {k} prefecture{'s' if k != 1 else ''}, reported in {years}"
    )
