"""The standard analyses of notebook 04, as functions with fixed, documented settings.

The notebook and the build (:mod:`democracy_study.plots.registry`) call the
same functions, so a figure in ``figures/`` is exactly the one the notebook
discusses. Every choice is made by a rule fixed before any test is run:

- outcomes: :func:`democracy_study.inference.outcomes.build_outcomes` with slack
  ``delta`` for qualified figures;
- the count outcome: the flow total (not a stock such as deputies) reported by
  the most places;
- predictors: mechanism families (1 if any code of the family is present);
- the leave-one-out example: the tested family with the smallest permutation
  p-value (the one most likely to be over-read);
- QCA: conditions chosen by :func:`democracy_study.inference.qca.select_conditions`,
  outcome "reports a number of issues resolved";
- power: effects (log rate ratios) 0.5, 1.0, 1.5 on 6-40 places, 100 simulated
  data sets per cell, seed 2024.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

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
]

#: Ensemble settings of notebook 03 (draws per place, seeds).
NETWORK_DRAWS = 30
NETWORK_SEED = 2024
FUNNEL_DRAWS = 100
FUNNEL_SEED = 1

POWER_EFFECTS = (0.5, 1.0, 1.5)
POWER_PLACES = (6, 10, 15, 20, 30, 40)
RECOVERY_EFFECTS = (1.0,)
RECOVERY_PLACES = (6, 10, 20)
POWER_SIMS = 100
POWER_SEED = 2024


@dataclass
class OutcomeAnalysis:
    """Outcomes, the family GLMs and QCA inputs of one corpus."""

    places: Any
    outcomes: pd.DataFrame
    coverage: pd.DataFrame
    wide: pd.DataFrame
    count_outcome: str
    families: pd.DataFrame
    reported_resolved: pd.Series
    glm: Any
    loo_term: str | None

    @property
    def loo_result(self) -> Any:
        return self.glm.results[self.loo_term] if self.loo_term else None


@dataclass
class PowerAnalysis:
    """Power curve, places needed for 80% power, and parameter recovery."""

    curve: pd.DataFrame
    needed: pd.DataFrame
    recovery: pd.DataFrame


_CACHE: dict[tuple, tuple[Any, OutcomeAnalysis]] = {}


def outcome_analysis(
    corpus: Corpus, *, delta: float = 0.1, n_perm: int = 999, seed: int = 0
) -> OutcomeAnalysis:
    """Outcomes and family-level GLM tests for *corpus* (cached per corpus object).

    Examples
    --------
    >>> from democracy_study import config
    >>> from democracy_study.corpus import parse_reports
    >>> a = outcome_analysis(parse_reports([config.DATA_RAW]))
    >>> a.count_outcome.startswith("total_")
    True
    """
    key = (id(corpus), delta, n_perm, seed)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is corpus:
        return hit[1]
    from democracy_study.inference._core import glm_tests, mechanism_families
    from democracy_study.inference.outcomes import build_outcomes, outcome_coverage, widen_outcomes

    places = corpus.place_mechanisms.index
    outcomes = build_outcomes(corpus, delta=delta, places=places)
    coverage = outcome_coverage(outcomes)
    flows = coverage.loc[(coverage["family"] == "total") & ~coverage["stock"], "outcome"]
    if flows.empty:
        raise ValueError("no count outcome is reported by any place")
    count_outcome = str(flows.iloc[0])
    wide = widen_outcomes(outcomes, "point")
    families = dict(corpus.mechanisms[["code", "family"]].drop_duplicates().itertuples(index=False))
    fam = mechanism_families(corpus.place_mechanisms, families)
    reported = wide["reported_issues_resolved"].rename("reported_issues_resolved")
    glm = glm_tests(wide[count_outcome].rename(count_outcome), fam, n_perm=n_perm, seed=seed)
    tested = glm.summary_frame().query("status == 'ok'").sort_values(["pvalue", "term"])
    loo_term = str(tested["term"].iloc[0]) if len(tested) else None
    result = OutcomeAnalysis(
        places, outcomes, coverage, wide, count_outcome, fam, reported, glm, loo_term
    )
    _CACHE.clear()
    _CACHE[key] = (corpus, result)
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


def count_glm_across_bounds(
    analysis: OutcomeAnalysis, *, n_perm: int = 999, seed: int = 0
) -> pd.DataFrame:
    """The family GLMs of *analysis* refitted with every quantity at its lower and at its upper end."""
    from democracy_study.inference._core import across_bounds, glm_tests
    from democracy_study.inference.outcomes import widen_outcomes

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


def example_places(params: dict[str, Any]) -> dict[str, Any]:
    """The first place (in sorted order) of each family, by family label (sorted)."""
    out: dict[str, Any] = {}
    for place in sorted(params):
        out.setdefault(place_family(params[place]), params[place])
    return dict(sorted(out.items()))


@dataclass
class NetworkAnalysis:
    """Calibrated parameters, the ensemble and the funnel check of notebook 03."""

    params: dict[str, Any]
    ensemble: Any
    funnel: pd.DataFrame

    @property
    def examples(self) -> dict[str, Any]:
        return example_places(self.params)


_NET: dict[tuple, tuple[Any, NetworkAnalysis]] = {}


def network_analysis(corpus: Corpus) -> NetworkAnalysis:
    """Parameters for every place, an ensemble (30 draws per place, seed 2024, in-process) and the
    funnel validation (100 draws, seed 1); cached per corpus object."""
    key = (id(corpus),)
    hit = _NET.get(key)
    if hit is not None and hit[0] is corpus:
        return hit[1]
    from democracy_study.networks import funnel_validation, params_for_place, simulate

    places = sorted(corpus.place_mechanisms.index)
    params = {pl: params_for_place(pl, corpus) for pl in places}
    ens = simulate(params, n=NETWORK_DRAWS, seed=NETWORK_SEED, executor="serial", progress=False)
    fv = funnel_validation(
        corpus, n=FUNNEL_DRAWS, seed=FUNNEL_SEED, executor="serial", progress=False
    )
    result = NetworkAnalysis(params, ens, fv)
    _NET.clear()
    _NET[key] = (corpus, result)
    return result
