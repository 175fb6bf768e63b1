"""Small-n inference: outcomes, exact and permutation tests, QCA, power.

:mod:`~.outcomes` (outcome variables with intervals and provenance),
:mod:`~.results` (result objects: :class:`AssociationResult`, :class:`ResultsTable`),
:mod:`~.exact` (Fisher tests, Benjamini–Hochberg, mechanism families),
:mod:`~.glm` (count GLMs with exposure offset, results across interval bounds),
:mod:`~.permutation` (the exact / Monte Carlo permutation engine),
:mod:`~.qca` (crisp-set QCA), :mod:`~.power` (simulation-based power and recovery).
Input checking and reshaping shared by the tests live in the private ``_reshape``.

Names load on first use, so importing the package is cheap.

Examples
--------
>>> from democracy_study.inference import fisher_test
>>> callable(fisher_test)
True
"""

from __future__ import annotations

from democracy_study._util import lazy_exports

_LAZY = {
    "ABSOLUTE_KINDS": "democracy_study.inference.outcomes",
    "AssociationResult": "democracy_study.inference.results",
    "IGNORED_INDICATORS": "democracy_study.inference.outcomes",
    "InferenceError": "democracy_study.inference.results",
    "OUTCOME_COLUMNS": "democracy_study.inference.outcomes",
    "OutcomeError": "democracy_study.inference.outcomes",
    "PER_DEPUTY_INDICATORS": "democracy_study.inference.outcomes",
    "Permutations": "democracy_study.inference.permutation",
    "QCAError": "democracy_study.inference.qca",
    "QCASolution": "democracy_study.inference.qca",
    "QUALIFIERS": "democracy_study.inference.outcomes",
    "QUANTITY_COLUMNS": "democracy_study.inference.outcomes",
    "RATIO_DEFINITIONS": "democracy_study.inference.outcomes",
    "RESULT_KINDS": "democracy_study.inference.outcomes",
    "ResultsTable": "democracy_study.inference.results",
    "STOCK_INDICATORS": "democracy_study.inference.outcomes",
    "across_bounds": "democracy_study.inference.glm",
    "add_evidence": "democracy_study.inference.outcomes",
    "adjust_pvalues": "democracy_study.inference.exact",
    "build_outcomes": "democracy_study.inference.outcomes",
    "essential_prime_implicants": "democracy_study.inference.qca",
    "fisher_test": "democracy_study.inference.exact",
    "fisher_tests": "democracy_study.inference.exact",
    "glm_test": "democracy_study.inference.glm",
    "glm_tests": "democracy_study.inference.glm",
    "implicant_to_expression": "democracy_study.inference.qca",
    "mechanism_families": "democracy_study.inference.exact",
    "minimal_covers": "democracy_study.inference.qca",
    "minimize": "democracy_study.inference.qca",
    "necessity": "democracy_study.inference.qca",
    "necessity_table": "democracy_study.inference.qca",
    "outcome_coverage": "democracy_study.inference.outcomes",
    "pair_quantities": "democracy_study.inference.outcomes",
    "parameter_recovery": "democracy_study.inference.power",
    "permutation_columns": "democracy_study.inference.permutation",
    "permutation_test": "democracy_study.inference.permutation",
    "places_needed": "democracy_study.inference.power",
    "power_curve": "democracy_study.inference.power",
    "prime_implicants": "democracy_study.inference.qca",
    "quantities_with_intervals": "democracy_study.inference.outcomes",
    "quantity_interval": "democracy_study.inference.outcomes",
    "results_table": "democracy_study.inference.exact",
    "select_conditions": "democracy_study.inference.qca",
    "simulate_places": "democracy_study.inference.power",
    "sufficiency": "democracy_study.inference.qca",
    "truth_table": "democracy_study.inference.qca",
    "widen_outcomes": "democracy_study.inference.outcomes",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
