"""Small-n inference: outcomes, exact and permutation tests, QCA, power.

:mod:`~.outcomes` (outcome variables with intervals and provenance),
:mod:`~.results` (result objects), :mod:`~.exact` (Fisher tests, multiplicity),
:mod:`~.glm` (count and binary GLMs with exact or permutation p-values),
:mod:`~.qca` (crisp-set QCA), :mod:`~.power` (simulation-based power and recovery).

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
    "DEFAULT_DELTA": "democracy_study.inference.outcomes",
    "IGNORED_INDICATORS": "democracy_study.inference.outcomes",
    "InferenceError": "democracy_study.inference._core",
    "OUTCOME_COLUMNS": "democracy_study.inference.outcomes",
    "OutcomeError": "democracy_study.inference.outcomes",
    "PER_DEPUTY_INDICATORS": "democracy_study.inference.outcomes",
    "QCAError": "democracy_study.inference.qca",
    "QCASolution": "democracy_study.inference.qca",
    "QUALIFIERS": "democracy_study.inference.outcomes",
    "QUANTITY_COLUMNS": "democracy_study.inference.outcomes",
    "RATIO_DEFINITIONS": "democracy_study.inference.outcomes",
    "RESULT_KINDS": "democracy_study.inference.outcomes",
    "ResultsTable": "democracy_study.inference._core",
    "STOCK_INDICATORS": "democracy_study.inference.outcomes",
    "TestResult": "democracy_study.inference._core",
    "across_bounds": "democracy_study.inference._core",
    "add_evidence": "democracy_study.inference.outcomes",
    "adjust_pvalues": "democracy_study.inference._core",
    "build_outcomes": "democracy_study.inference.outcomes",
    "essential_prime_implicants": "democracy_study.inference.qca",
    "fisher_test": "democracy_study.inference._core",
    "fisher_tests": "democracy_study.inference._core",
    "glm_test": "democracy_study.inference._core",
    "glm_tests": "democracy_study.inference._core",
    "implicant_to_expression": "democracy_study.inference.qca",
    "mechanism_families": "democracy_study.inference._core",
    "minimal_covers": "democracy_study.inference.qca",
    "minimize": "democracy_study.inference.qca",
    "necessity": "democracy_study.inference.qca",
    "necessity_table": "democracy_study.inference.qca",
    "outcome_coverage": "democracy_study.inference.outcomes",
    "pair_quantities": "democracy_study.inference.outcomes",
    "parameter_recovery": "democracy_study.inference.power",
    "places_needed": "democracy_study.inference.power",
    "power_curve": "democracy_study.inference.power",
    "prime_implicants": "democracy_study.inference.qca",
    "quantities_with_intervals": "democracy_study.inference.outcomes",
    "quantity_interval": "democracy_study.inference.outcomes",
    "select_conditions": "democracy_study.inference.qca",
    "simulate_places": "democracy_study.inference.power",
    "sufficiency": "democracy_study.inference.qca",
    "truth_table": "democracy_study.inference.qca",
    "widen_outcomes": "democracy_study.inference.outcomes",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
