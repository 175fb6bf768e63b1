"""Result tables of the network models: parameters and global sensitivity.

:func:`network_parameters` is the parameter table of every place (one row per
place and parameter, with the evidence and the ``quantity_id`` of a reported
figure, and the stations by type). :func:`prcc_sensitivity` is a global
sensitivity analysis: partial rank correlation coefficients (PRCC; Marino et
al. 2008, *J. Theor. Biol.* 254:178) of each reported metric with every
parameter that varies across draws, computed over all places' draws with place
indicators partialled out. The build writes both to ``data/results/`` through
:data:`democracy_study.results.RESULT_SPECS`.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> x = rng.uniform(size=(300, 2)); y = 3 * x[:, 0] + 0.3 * rng.normal(size=300)
>>> r = prcc(x, y)
>>> bool(r[0] > 0.9), bool(abs(r[1]) < 0.15)  # y depends on x0 only
(True, True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from democracy_study.networks.params import PARAMETER_FIELDS, NetworkParams, parameter_table

__all__ = [
    "SENSITIVITY_METRICS",
    "network_parameters",
    "prcc",
    "prcc_sensitivity",
]

#: Metrics whose sensitivity is reported (those shown in the notebook and figures).
SENSITIVITY_METRICS = (
    "coverage",
    "station_load_gini",
    "brokerage_station_max",
    "path_length_mean",
    "resolution_rate",
    "robustness_targeted_mean_cutoff",
)

_PARAM_COLS = [
    "place",
    "parameter",
    "value",
    "low",
    "high",
    "status",
    "evidence",
    "quantity_id",
    "source",
    "method",
    "source_file",
    "char_start",
    "char_end",
]


def _station_name(kind: str) -> str:
    return f"stations_{kind.replace(' ', '_').replace('(', '').replace(')', '')}"


def _quantity_ids(t: Any, ids: Mapping) -> list[str]:
    """The quantity_id of each row's evidence (by source file and offsets), or ""."""
    import pandas as pd

    out = []
    for sf, a, b in zip(t["source_file"], t["char_start"], t["char_end"], strict=True):
        ok = a is not None and b is not None and not pd.isna(a) and not pd.isna(b)
        out.append(ids.get((str(sf), int(a), int(b)), "") if ok else "")
    return out


def network_parameters(params: Mapping[str, NetworkParams], quantities: Any = None):
    """Parameter table of every place, stations by type included.

    ``status`` is ``reported`` (a figure of the report), ``derived`` (computed
    from reported figures and a stated rule or prior), ``pooled`` (the
    calibrated places' values) or ``imputed`` (prior only). ``quantity_id`` is
    looked up in ``quantities`` by source file and offsets of the evidence.

    Examples
    --------
    >>> t = network_parameters({"甲": NetworkParams.from_priors(n_deputies=180, place="甲")})
    >>> r = t.set_index("parameter").loc["n_deputies"]
    >>> float(r["value"]), r["status"]
    (180.0, 'reported')
    """
    import pandas as pd

    ids: dict[tuple[str, int, int], str] = {}
    if quantities is not None and "quantity_id" in getattr(quantities, "columns", []):
        for sf, a, b, qid in zip(
            quantities["source_file"],
            quantities["char_start"],
            quantities["char_end"],
            quantities["quantity_id"],
            strict=True,
        ):
            ids[(str(sf), int(a), int(b))] = str(qid)
    frames = []
    for place in sorted(params):
        p = params[place]
        t = parameter_table(p)
        t["place"] = place
        t["quantity_id"] = _quantity_ids(t, ids)
        extra = pd.DataFrame([{"place": place, **dataclasses.asdict(r)} for r in p.recorded])
        recorded_names = set(extra["parameter"]) if len(extra) else set()
        legacy = [  # station counts by type without a record (parameters built by hand)
            {
                "place": place,
                "parameter": name,
                "value": float(n),
                "low": float(n),
                "high": float(n),
                "status": "imputed" if "prior" in kind else "reported",
                "source": "n_stations prior" if "prior" in kind else "reported figure",
                "method": "station counts of this type (priors.yaml station_types)",
            }
            for kind, n in p.station_types
            if (name := _station_name(kind)) not in recorded_names
        ]
        extra = pd.concat([extra, pd.DataFrame(legacy)], ignore_index=True)
        if len(extra):
            extra["quantity_id"] = _quantity_ids(extra, ids)
        frames.append(pd.concat([t, pd.DataFrame(extra)], ignore_index=True))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_PARAM_COLS)
    for c in ("evidence", "quantity_id", "source", "method", "source_file"):
        out[c] = out[c].fillna("").astype(str)
    for c in ("char_start", "char_end"):
        out[c] = out[c].astype("Int64")
    return out[_PARAM_COLS].reset_index(drop=True)


def _rank(a: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return np.column_stack([rankdata(c) for c in a.T]) if a.ndim == 2 else rankdata(a)


def prcc(x: np.ndarray, y: np.ndarray, covariates: np.ndarray | None = None) -> np.ndarray:
    """Partial rank correlation of ``y`` with each column of ``x``.

    Ranks are taken, then for each column the other columns (and
    ``covariates``, not ranked, e.g. place indicators) are regressed out of
    both the column and ``y`` by least squares; the PRCC is the Pearson
    correlation of the residuals. A constant column gives NaN.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    rx, ry = _rank(x), _rank(y)
    n, k = rx.shape
    cov = np.ones((n, 1)) if covariates is None else np.column_stack([np.ones(n), covariates])
    out = np.full(k, np.nan)
    for j in range(k):
        if np.ptp(x[:, j]) == 0:
            continue
        z = np.column_stack([cov, np.delete(rx, j, axis=1)])
        bx, *_ = np.linalg.lstsq(z, rx[:, j], rcond=None)
        by, *_ = np.linalg.lstsq(z, ry, rcond=None)
        ex, ey = rx[:, j] - z @ bx, ry - z @ by
        den = float(np.sqrt((ex @ ex) * (ey @ ey)))
        out[j] = float(ex @ ey) / den if den > 1e-12 else np.nan
    return out


def prcc_sensitivity(
    params: Mapping[str, NetworkParams],
    *,
    n: int = 30,
    seed: int = 0,
    metrics: Sequence[str] = SENSITIVITY_METRICS,
):
    """PRCC of each metric with every varied parameter, over all places' draws.

    Each draw varies the parameters as the ensemble does
    (:func:`~democracy_study.networks.ensemble.vary_params`: imputed ones over
    their prior range, reported figures over their interval, calibrated ones
    solved again), then draws one network. Place indicators are partialled out,
    so the PRCC measures the effect of a parameter *within* places. The size
    of every mechanism effect of a place's mechanisms is drawn from its range
    too (priors.yaml ``mechanisms:``) and is an input of its own, named
    ``code:parameter`` (e.g. ``rapid_response:p_on_spot``); an effect is
    varied only in places that code its mechanism. The p-value is the t test of a partial correlation with
    ``n_draws - 2 - n_covariates`` degrees of freedom.

    Returns
    -------
    DataFrame
        metric, parameter, prcc, p_value, n_draws, low, high (range drawn).
    """
    import pandas as pd
    from scipy import stats

    from democracy_study.networks.ensemble import _one_draw, vary_params

    fractions = tuple(np.linspace(0.0, 1.0, 11))
    rows_x, rows_y, place_idx = [], [], []
    places = sorted(params)
    # inputs: the model parameters, then the mechanism effect sizes (code:parameter)
    effect_names = sorted({e.name for p in params.values() for e in p.effects})
    inputs = [*PARAMETER_FIELDS, *effect_names]
    children = np.random.SeedSequence(seed).spawn(len(places))
    for k, place in enumerate(places):
        for ss in children[k].spawn(n):
            a, b = ss.spawn(2)
            p = vary_params(params[place], np.random.default_rng(a))
            m, _ = _one_draw(p, b, (), False, fractions)
            vals = p.values()
            vals.update({e.name: e.value for e in p.effects})
            rows_x.append([float(vals.get(f, 1.0)) for f in inputs])  # 1.0: no such effect
            rows_y.append([m.get(x, np.nan) for x in metrics])
            place_idx.append(k)
    x, y = np.array(rows_x), np.array(rows_y)
    dummies = np.eye(len(places))[place_idx][:, 1:] if len(places) > 1 else None
    # parameters that vary within some place
    varied = [
        j
        for j in range(x.shape[1])
        if any(np.ptp(x[np.array(place_idx) == k, j]) > 0 for k in range(len(places)))
    ]
    out = []
    for i, metric in enumerate(metrics):
        ok = np.isfinite(y[:, i])
        if ok.sum() < len(varied) + 5:
            continue
        r = prcc(x[ok][:, varied], y[ok, i], None if dummies is None else dummies[ok])
        dof = int(ok.sum()) - 2 - len(varied) - (0 if dummies is None else dummies.shape[1])
        for j, rho in zip(varied, r, strict=True):
            if rho != rho or dof <= 0:
                pval = np.nan
            else:
                t = rho * np.sqrt(dof / max(1 - rho * rho, 1e-12))
                pval = float(2 * stats.t.sf(abs(t), dof))
            out.append(
                {
                    "metric": metric,
                    "parameter": inputs[j],
                    "prcc": float(rho),
                    "p_value": pval,
                    "n_draws": int(ok.sum()),
                    "low": float(x[:, j].min()),
                    "high": float(x[:, j].max()),
                }
            )
    return pd.DataFrame(
        out, columns=["metric", "parameter", "prcc", "p_value", "n_draws", "low", "high"]
    )
