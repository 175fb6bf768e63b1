"""Deputy–station–voter network models calibrated to the reports (RESEARCH_DESIGN §5).

Submodules: :mod:`~.params` (the parameter set and its provenance),
:mod:`~.priors` (``priors.yaml``), :mod:`~.calibrate` (expected funnel,
calibration to reported figures), :mod:`~.from_corpus` (parameters of a place
from a corpus), :mod:`~.model` (drawing one network), :mod:`~.metrics`
(structure-aware metrics), :mod:`~.flow` (issue flow), :mod:`~.ensemble`
(ensembles, funnel validation), :mod:`~.export` (GraphML/GEXF/tables). What a
qualified figure stands for is :func:`democracy_study.parse.intervals.qualifier_interval`,
re-exported here. See docs/NETWORKS.md.

Names load on first use, so importing the package is cheap.

Examples
--------
>>> from democracy_study.networks import NetworkParams, simulate
>>> p = NetworkParams.from_priors(n_deputies=25, n_stations=5, n_voters=2000,
...                               n_voter_blocks=40, place="甲县")
>>> r = simulate(p, n=3, seed=0, executor="serial", progress=False)
>>> sorted(r.draws["place"].unique())
['甲县']
"""

from __future__ import annotations

from democracy_study._util import lazy_exports

_LAZY = {
    "EnsembleResult": "democracy_study.networks.ensemble",
    "MECHANISM_SWITCHES": "democracy_study.networks.params",
    "NetworkDraw": "democracy_study.networks.model",
    "NetworkParams": "democracy_study.networks.params",
    "Provenance": "democracy_study.networks.params",
    "Target": "democracy_study.networks.params",
    "brokerage": "democracy_study.networks.metrics",
    "core_paths": "democracy_study.networks.metrics",
    "department_paths": "democracy_study.networks.metrics",
    "draw_network": "democracy_study.networks.model",
    "edge_table": "democracy_study.networks.export",
    "expected_funnel": "democracy_study.networks.calibrate",
    "funnel_validation": "democracy_study.networks.ensemble",
    "paired_counterfactual": "democracy_study.networks.counterfactual",
    "fallback_visit": "democracy_study.networks.model",
    "funnel_out_of_sample": "democracy_study.networks.validation",
    "gini": "democracy_study.networks.metrics",
    "issue_flow": "democracy_study.networks.flow",
    "load_priors": "democracy_study.networks.priors",
    "network_metrics": "democracy_study.networks.metrics",
    "NULL_METRICS": "democracy_study.networks.null",
    "curveball": "democracy_study.networks.null",
    "degree_table": "democracy_study.networks.null",
    "null_model_table": "democracy_study.networks.null",
    "rewire_draw": "democracy_study.networks.null",
    "node_table": "democracy_study.networks.export",
    "parameter_table": "democracy_study.networks.params",
    "params_for_place": "democracy_study.networks.from_corpus",
    "place_funnels": "democracy_study.networks.from_corpus",
    "pool_priors": "democracy_study.networks.from_corpus",
    "station_type": "democracy_study.networks.from_corpus",
    "network_parameters": "democracy_study.networks.results",
    "prcc": "democracy_study.networks.results",
    "prcc_sensitivity": "democracy_study.networks.results",
    "SENSITIVITY_METRICS": "democracy_study.networks.results",
    "qualifier_interval": "democracy_study.parse.intervals",
    "robustness_curves": "democracy_study.networks.metrics",
    "simulate": "democracy_study.networks.ensemble",
    "to_gexf": "democracy_study.networks.export",
    "to_graphml": "democracy_study.networks.export",
    "vary_params": "democracy_study.networks.ensemble",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
