"""Counterfactuals as paired per-draw differences.

:func:`paired_counterfactual` runs the ensemble twice with the same seed tree,
once as modelled and once with ``mechanisms_off`` (and a ``fallback``
assumption for the users of the removed channel), and differences each
metric draw by draw (``counterfactual - as modelled``). Both runs start each
draw from the same random numbers (parameter draws, catchments, deputies),
so the spread of the difference is that of the modelled effect, not of two
independent ensembles. The interval is the central ``level`` quantile range
of the per-draw differences. A model contrast, not a causal estimate.

Examples
--------
>>> from democracy_study.networks.params import NetworkParams
>>> p = NetworkParams.from_priors(n_deputies=20, n_stations=4, n_voters=1000,
...                               n_voter_blocks=20, place="X")
>>> t = paired_counterfactual(p, ["digital_channel"], n=3, seed=1)  # X has no platform
>>> float(t["diff_mean"].abs().max())
0.0
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import numpy as np

from democracy_study.networks.ensemble import simulate
from democracy_study.networks.params import NetworkParams

__all__ = ["COUNTERFACTUAL_COLUMNS", "COUNTERFACTUAL_METRICS", "paired_counterfactual"]

#: Metrics reported by default.
COUNTERFACTUAL_METRICS = (
    "coverage",
    "issues_received",
    "resolution_rate",
    "digital_share",
    "robustness_targeted_mean_cutoff",
    "path_length_mean",
)

#: Columns of :func:`paired_counterfactual`.
COUNTERFACTUAL_COLUMNS = [
    "place",
    "mechanisms_off",
    "fallback",
    "metric",
    "n_pairs",
    "modelled_mean",
    "counterfactual_mean",
    "diff_mean",
    "diff_low",
    "diff_high",
    "share_lower",
]


def paired_counterfactual(
    params: NetworkParams | Sequence[NetworkParams] | Mapping[str, NetworkParams],
    mechanisms_off: Iterable[str],
    *,
    n: int = 60,
    seed: int = 0,
    fallback: float | Sequence[float] = 0.0,
    metrics: Sequence[str] = COUNTERFACTUAL_METRICS,
    executor: Executor | str | None = "serial",
    level: float = 0.95,
) -> Any:
    """Per-draw paired differences of metrics with and without mechanisms.

    Parameters
    ----------
    params : NetworkParams, sequence or mapping of them
    mechanisms_off : iterable of str
        Mechanisms switched off in the counterfactual run.
    n, seed, executor :
        Passed to :func:`~democracy_study.networks.simulate` (same ``seed`` for both runs).
    fallback : float or sequence of float
        Share of the removed channel's users who visit their home station instead
        (the stated assumption; 0 = nobody, 1 = everybody). With several values,
        one counterfactual run per value against one modelled run.
    metrics : sequence of str
    level : float

    Returns
    -------
    DataFrame with :data:`COUNTERFACTUAL_COLUMNS`; ``share_lower`` is the share
    of pairs in which the counterfactual is lower.
    """
    import pandas as pd

    off = tuple(sorted(set(mechanisms_off)))
    fallbacks = [float(fallback)] if np.isscalar(fallback) else [float(f) for f in fallback]
    own_pool = None
    if executor == "process":  # one pool for all runs
        own_pool = ProcessPoolExecutor(max_workers=max(os.cpu_count() or 1, 1))
        executor = own_pool
    keys = ["place", "draw", "metric"]
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    rows = []
    try:
        base = simulate(params, n=n, seed=seed, executor=executor, progress=False)
        for fb in fallbacks:
            cf = simulate(
                params,
                n=n,
                seed=seed,
                executor=executor,
                progress=False,
                mechanisms_off=off,
                fallback=fb,
            )
            m = base.draws.merge(cf.draws, on=keys, suffixes=("_on", "_off"))
            m = m[m["metric"].isin(list(metrics))].dropna(subset=["value_on", "value_off"])
            rows.extend(_paired_rows(m, off, fb, lo_q, hi_q))
    finally:
        if own_pool is not None:
            own_pool.shutdown()
    out = pd.DataFrame(rows, columns=COUNTERFACTUAL_COLUMNS)
    order = {k: i for i, k in enumerate(metrics)}
    return out.sort_values(
        ["place", "fallback", "metric"],
        key=lambda c: c.map(order) if c.name == "metric" else c,
        kind="stable",
    ).reset_index(drop=True)


def _paired_rows(m, off, fb, lo_q, hi_q) -> list[dict]:
    rows = []
    for (pl, met), g in m.groupby(["place", "metric"], sort=True):
        d = (g["value_off"] - g["value_on"]).to_numpy()
        rows.append(
            {
                "place": pl,
                "mechanisms_off": ",".join(off),
                "fallback": fb,
                "metric": met,
                "n_pairs": int(d.size),
                "modelled_mean": float(g["value_on"].mean()),
                "counterfactual_mean": float(g["value_off"].mean()),
                "diff_mean": float(d.mean()),
                "diff_low": float(np.quantile(d, lo_q)),
                "diff_high": float(np.quantile(d, hi_q)),
                "share_lower": float((d < 0).mean()),
            }
        )
    return rows
