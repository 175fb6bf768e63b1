"""Deputy–station–voter network models calibrated to the reports (RESEARCH_DESIGN §5).

Submodules: :mod:`~.params` (parameters, priors, calibration, provenance),
:mod:`~.model` (drawing one network), :mod:`~.metrics` (structure-aware
metrics), :mod:`~.flow` (issue flow), :mod:`~.ensemble` (ensembles, funnel
validation), :mod:`~.export` (GraphML/GEXF/tables). See docs/NETWORKS.md.

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

from democracy_study.networks.ensemble import (
    EnsembleResult,
    funnel_validation,
    simulate,
    vary_params,
)
from democracy_study.networks.export import edge_table, node_table, to_gexf, to_graphml
from democracy_study.networks.flow import issue_flow
from democracy_study.networks.metrics import (
    brokerage,
    core_paths,
    department_paths,
    gini,
    network_metrics,
    robustness_curves,
)
from democracy_study.networks.model import NetworkDraw, draw_network
from democracy_study.networks.params import (
    MECHANISM_SWITCHES,
    NetworkParams,
    Provenance,
    Target,
    expected_funnel,
    load_priors,
    parameter_table,
    params_for_place,
    qualifier_interval,
)

__all__ = [
    "MECHANISM_SWITCHES",
    "EnsembleResult",
    "NetworkDraw",
    "NetworkParams",
    "Provenance",
    "Target",
    "brokerage",
    "core_paths",
    "department_paths",
    "draw_network",
    "edge_table",
    "expected_funnel",
    "funnel_validation",
    "gini",
    "issue_flow",
    "load_priors",
    "network_metrics",
    "node_table",
    "parameter_table",
    "params_for_place",
    "qualifier_interval",
    "robustness_curves",
    "simulate",
    "to_gexf",
    "to_graphml",
    "vary_params",
]
