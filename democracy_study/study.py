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
- QCA: conditions chosen by :func:`democracy_study.inference.qca.select_conditions`,
  outcome "reports a number of issues resolved";
- power: effects (log rate ratios) 0.5, 1.0, 1.5 on 6-40 places, 100 simulated
  data sets per cell, seed 2024.
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
    "setup_display",
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
        mech = self.corpus.mechanisms[["code", "family"]].drop_duplicates()
        return mechanism_families(self.corpus.place_mechanisms, dict(mech.itertuples(index=False)))

    @functools.cached_property
    def reported_resolved(self) -> pd.Series:
        """1 if the place reports a number of issues resolved (the QCA outcome)."""
        return self.wide["reported_issues_resolved"].rename("reported_issues_resolved")

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
        from democracy_study.networks import params_for_place

        places = sorted(self.corpus.place_mechanisms.index)
        return {pl: params_for_place(pl, self.corpus) for pl in places}

    @functools.cached_property
    def ensemble(self) -> Any:
        """:data:`NETWORK_DRAWS` draws per place, seed :data:`NETWORK_SEED`, in-process."""
        from democracy_study.networks import simulate

        return simulate(
            self.params, n=NETWORK_DRAWS, seed=NETWORK_SEED, executor="serial", progress=False
        )

    @functools.cached_property
    def funnel(self) -> pd.DataFrame:
        """Funnel validation, :data:`FUNNEL_DRAWS` draws, seed :data:`FUNNEL_SEED`."""
        from democracy_study.networks import funnel_validation

        return funnel_validation(
            self.corpus, n=FUNNEL_DRAWS, seed=FUNNEL_SEED, executor="serial", progress=False
        )

    @property
    def examples(self) -> dict[str, Any]:
        """One example place per family (:func:`example_places`)."""
        return example_places(self.params)


_LAST_NETWORKS: list[NetworkAnalysis] = []


def network_analysis(corpus: Corpus) -> NetworkAnalysis:
    """Parameters for every place, an ensemble (30 draws per place, seed 2024, in-process) and the
    funnel validation (100 draws, seed 1).

    Asking again with the same corpus object returns the same
    :class:`NetworkAnalysis`, whose parts are computed once.
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
