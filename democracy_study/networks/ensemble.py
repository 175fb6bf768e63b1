"""Ensembles of networks: many draws per place, tidy metrics with intervals.

Per-draw seeds come from ``numpy.random.SeedSequence(seed).spawn``: one child
per parameter set, and one grandchild per draw, so results are identical
whatever executor runs them (serial, a process pool, a dask client's
``get_executor()``).

Examples
--------
>>> from democracy_study.networks.params import NetworkParams
>>> p = NetworkParams.from_priors(n_deputies=30, n_stations=5, n_voters=3000,
...                               n_voter_blocks=60, place="A")
>>> r = simulate(p, n=4, seed=1, executor="serial", progress=False)
>>> s = r.summary()
>>> int(s.loc[s.metric == "coverage", "n"].item())
4
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from democracy_study.networks.calibrate import calibrate
from democracy_study.networks.flow import issue_flow
from democracy_study.networks.from_corpus import params_for_place
from democracy_study.networks.metrics import (
    ROBUSTNESS_FRACTIONS,
    department_paths,
    network_metrics,
    robustness_curves,
)
from democracy_study.networks.model import draw_network
from democracy_study.networks.params import PARAMETER_FIELDS, PROB_FIELDS, NetworkParams
from democracy_study.networks.priors import load_priors

__all__ = [
    "AUTO_PARALLEL_MIN_DRAWS",
    "EnsembleResult",
    "funnel_validation",
    "simulate",
    "vary_params",
]

#: With ``executor=None``, runs of at least this many draws use a process pool.
AUTO_PARALLEL_MIN_DRAWS = 200
_CHANNELS = ("p_visit", "p_contact", "p_sector_member", "p_digital")
_CALIBRATED = {
    "voters_reached": "p_visit",
    "issues_received": "issues_per_voter",
    "resolution_rate": "p_dept_resolve",
    "on_spot_rate": "p_on_spot",
}


def vary_params(params: NetworkParams, rng: np.random.Generator) -> NetworkParams:
    """Draw one parameter set from the parameters' intervals and recalibrate.

    Imputed parameters are drawn uniformly from their prior range, reported ones
    from their qualifier interval; calibration targets are drawn from theirs and
    the calibrated parameters (``p_visit``, ``issues_per_voter``,
    ``p_dept_resolve``) are solved again, under the mechanisms the place was
    calibrated with. The effect sizes of the place's mechanisms are drawn from
    their ranges (priors.yaml ``mechanisms:``) before calibrating.

    Examples
    --------
    >>> p = NetworkParams.from_priors(n_deputies=200)
    >>> q = vary_params(p, np.random.default_rng(0))
    >>> q.n_deputies == 200, 300 <= vary_params(NetworkParams.from_priors(), np.random.default_rng(0)).n_deputies <= 2500
    (True, True)
    """
    pri = load_priors()
    names = {t.name for t in params.targets}
    # calibrated parameters: their provenance interval is the target's, not theirs
    calibrated = {_CALIBRATED[n] for n in names if n != "voters_reached"}
    vals = params.values()
    for prov in params.provenance:
        name = prov.parameter
        if name in calibrated or name == "n_sector_stations":
            continue
        if name == "p_visit" and "voters_reached" in names:
            low, high = pri["priors"]["p_visit"]["low"], pri["priors"]["p_visit"]["high"]
        else:
            low, high = prov.low, prov.high
        if not high > low:
            continue
        v = rng.uniform(low, high)
        if isinstance(vals[name], int):
            v = round(v)
        vals[name] = v
    for name in PROB_FIELDS:
        vals[name] = min(max(float(vals[name]), 0.0), 1.0)
    vals["n_departments"] = max(vals["n_departments"], 1)
    vals["n_referral_departments"] = min(
        max(vals["n_referral_departments"], 1), vals["n_departments"]
    )
    vals["n_voters"] = max(int(vals["n_voters"]), 1)
    if params.require_deputy_per_station:
        vals["n_stations"] = min(vals["n_stations"], vals["n_deputies"])
    sec_prov = next((x for x in params.provenance if x.parameter == "n_sector_stations"), None)
    if params.n_sector_stations > 0 and (sec_prov is None or sec_prov.status != "reported"):
        share = pri["priors"]["sector_station_share"]
        vals["n_sector_stations"] = min(
            vals["n_stations"],
            max(1, round(rng.uniform(share["low"], share["high"]) * vals["n_stations"])),
        )
    # mechanism effect sizes of the place's mechanisms: drawn from their ranges
    on = params.calibrated_with or params.mechanisms
    effects = tuple(
        dataclasses.replace(e, value=float(rng.uniform(e.low, e.high)))
        if (e.code in on or e.code in params.mechanisms) and e.high > e.low
        else e
        for e in params.effects
    )
    targets = {
        t.name: (rng.uniform(t.low, t.high) if t.high > t.low else t.value) for t in params.targets
    }
    if targets:
        fixed = frozenset(
            p.parameter
            for p in params.provenance
            if p.parameter in _CHANNELS and p.parameter != "p_visit" and p.status == "reported"
        )
        vals = calibrate(vals, targets, on, effects, [], fixed)
        vals.pop("_channel_scale", None)
    vals["n_voter_blocks"] = min(max(int(vals["n_voter_blocks"]), 1), vals["n_voters"])
    vals["n_sector_stations"] = min(vals["n_sector_stations"], vals["n_stations"])
    return dataclasses.replace(params, effects=effects, **{k: vals[k] for k in PARAMETER_FIELDS})


def _one_draw(params, ss, mechanisms_off, vary, fractions, fallback=0.0):
    rng = np.random.default_rng(ss)
    p = vary_params(params, rng) if vary else params
    d = draw_network(p, rng, mechanisms_off=mechanisms_off, fallback=fallback)
    paths = department_paths(d)
    m = network_metrics(d, paths=paths)
    m.update(issue_flow(d, rng))
    curves = robustness_curves(d, rng, fractions)
    auc = {}
    for strat in ("targeted", "random"):
        ys = [v for s, _, v in curves if s == strat]
        auc[f"robustness_{strat}_mean_cutoff"] = float(np.mean(ys)) if ys else float("nan")
    m.update(auc)
    return {k: float(v) for k, v in m.items()}, curves


def _run_chunk(params, seeds, draw_ids, mechanisms_off, vary, fractions, fallback=0.0):
    out = []
    for i, ss in zip(draw_ids, seeds, strict=True):
        m, c = _one_draw(params, ss, mechanisms_off, vary, fractions, fallback)
        out.append((i, m, c))
    return out


@dataclass(frozen=True)
class EnsembleResult:
    """Draws of an ensemble.

    ``draws``: long table (place, draw, metric, value); ``curves``: robustness
    curves (place, draw, strategy, closed_fraction, cut_off_share); ``params``:
    the parameter sets by place label.
    """

    draws: Any
    curves: Any
    params: dict
    n: int
    seed: int
    mechanisms_off: tuple[str, ...]
    vary: bool

    def summary(self, level: float = 0.95):
        """Mean and central interval per place and metric.

        Returns
        -------
        DataFrame
            place, metric, n (finite draws), mean, q025, q975 (for level 0.95;
            the column names follow the level).
        """
        import pandas as pd

        lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
        lo_name = f"q{round(lo_q * 1000):03d}"
        hi_name = f"q{round(hi_q * 1000):03d}"
        d = self.draws.dropna(subset=["value"])
        g = d.groupby(["place", "metric"], sort=True)["value"]
        out = pd.DataFrame(
            {
                "n": g.size(),
                "mean": g.mean(),
                lo_name: g.quantile(lo_q),
                hi_name: g.quantile(hi_q),
            }
        ).reset_index()
        out["n"] = out["n"].astype("int64")
        return out

    def curve_summary(self, level: float = 0.95):
        """Mean and interval of the robustness curves per place, strategy, fraction."""
        import pandas as pd

        lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
        d = self.curves.dropna(subset=["cut_off_share"])
        g = d.groupby(["place", "strategy", "closed_fraction"], sort=True)["cut_off_share"]
        return pd.DataFrame(
            {"n": g.size(), "mean": g.mean(), "low": g.quantile(lo_q), "high": g.quantile(hi_q)}
        ).reset_index()

    def metric(self, name: str):
        """Wide table of one metric: rows draws, columns places."""
        d = self.draws[self.draws["metric"] == name]
        if d.empty:
            raise KeyError(f"no metric {name!r} in this ensemble")
        return d.pivot(index="draw", columns="place", values="value")


def _in_notebook() -> bool:
    mod = sys.modules.get("IPython")
    if mod is None:
        return False
    try:
        ip = mod.get_ipython()
    except Exception:
        return False
    return ip is not None and "IPKernelApp" in getattr(ip, "config", {})


def _show_progress(progress: bool | None) -> bool:
    if progress is not None:
        return bool(progress) and not _in_notebook()
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not _in_notebook()


def _labelled(params) -> list[tuple[str, NetworkParams]]:
    if isinstance(params, NetworkParams):
        items = [(params.place or "params0", params)]
    elif isinstance(params, Mapping):
        items = [(str(k), v) for k, v in params.items()]
    elif isinstance(params, Iterable):
        items = [(p.place or f"params{i}", p) for i, p in enumerate(params)]
    else:
        raise TypeError(
            f"params must be NetworkParams or a collection of them, got {type(params).__name__}"
        )
    if not items:
        raise ValueError("params is empty")
    for label, p in items:
        if not isinstance(p, NetworkParams):
            raise TypeError(f"params[{label!r}] is {type(p).__name__}, not NetworkParams")
    labels = [lab for lab, _ in items]
    if len(set(labels)) != len(labels):
        raise ValueError(f"duplicate place labels in params: {sorted(labels)}")
    return items


def simulate(
    params: NetworkParams | Sequence[NetworkParams] | Mapping[str, NetworkParams],
    n: int = 100,
    seed: int = 0,
    executor: Executor | str | None = None,
    *,
    mechanisms_off: Iterable[str] = (),
    vary: bool = True,
    progress: bool | None = None,
    fractions: Sequence[float] = ROBUSTNESS_FRACTIONS,
    chunk_size: int | None = None,
    fallback: float = 0.0,
) -> EnsembleResult:
    """Draw ``n`` networks per parameter set and measure each.

    Parameters
    ----------
    params : NetworkParams, sequence or mapping of them
        Labels are ``params.place`` (or the mapping's keys).
    n : int
        Draws per parameter set.
    seed : int
        Root of the seed tree (``SeedSequence(seed).spawn``).
    executor : concurrent.futures.Executor, "serial", "process" or None
        Any object with ``submit`` returning futures with ``result()``, e.g. a
        ``ProcessPoolExecutor`` or a dask ``Client.get_executor()``. ``"serial"``
        runs in-process; ``"process"`` creates a process pool; ``None`` runs
        in-process below :data:`AUTO_PARALLEL_MIN_DRAWS` draws in total and in a
        process pool otherwise. Results do not depend on the choice.
    mechanisms_off : iterable of str
        Mechanisms switched off in every draw (counterfactual).
    vary : bool
        Draw parameters from their intervals (priors' ranges, qualifier
        intervals) in each draw (default) rather than keep them fixed.
    progress : bool, optional
        Show a tqdm bar; default: only when stderr is a terminal. Never shown in
        a notebook.
    fractions : sequence of float
        Closed-station fractions for the robustness curves.
    chunk_size : int, optional
        Draws per task.
    fallback : float
        Share in [0, 1] of the users of a channel removed by ``mechanisms_off``
        who fall back to visiting their home station (see
        :func:`~democracy_study.networks.model.draw_network`); 0 (default): none do.

    Returns
    -------
    EnsembleResult

    Examples
    --------
    >>> p = NetworkParams.from_priors(n_deputies=20, n_stations=4, n_voters=1000,
    ...                               n_voter_blocks=20, place="X",
    ...                               mechanisms=["digital_channel"])
    >>> a = simulate(p, n=3, seed=7, executor="serial", progress=False)
    >>> b = simulate(p, n=3, seed=7, executor="serial", progress=False,
    ...              mechanisms_off=["digital_channel"])
    >>> float(b.metric("brokerage_platform")["X"].max())
    0.0
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not 0.0 <= float(fallback) <= 1.0:
        raise ValueError(f"fallback must lie in [0, 1], got {fallback!r}")
    fallback = float(fallback)
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    for f in fractions:
        if not 0.0 <= f <= 1.0:
            raise ValueError(f"fractions must lie in [0, 1], got {f}")
    import pandas as pd

    off = tuple(sorted(set(mechanisms_off)))
    items = _labelled(params)
    children = np.random.SeedSequence(int(seed)).spawn(len(items))
    total = n * len(items)
    own_pool = None
    if executor is None:
        executor = "serial" if total < AUTO_PARALLEL_MIN_DRAWS else "process"
    if executor == "process":
        own_pool = ProcessPoolExecutor(max_workers=max(os.cpu_count() or 1, 1))
        executor = own_pool
    elif isinstance(executor, str) and executor != "serial":
        raise ValueError(
            f"executor must be an Executor, 'serial', 'process' or None, got {executor!r}"
        )
    if chunk_size is None:
        workers = os.cpu_count() or 1
        chunk_size = max(1, min(50, math.ceil(total / (4 * workers))))
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be positive, got {chunk_size}")
    tasks = []
    for (label, p), child in zip(items, children, strict=True):
        grand = child.spawn(n)
        for start in range(0, n, chunk_size):
            ids = list(range(start, min(start + chunk_size, n)))
            tasks.append((label, p, [grand[i] for i in ids], ids))
    from tqdm import tqdm  # plain bar: never shown in notebooks anyway

    bar = tqdm(total=total, disable=not _show_progress(progress), desc="networks", leave=False)
    results: list = []
    try:
        if executor == "serial":
            for label, p, seeds, ids in tasks:
                results.append(
                    (label, _run_chunk(p, seeds, ids, off, vary, tuple(fractions), fallback))
                )
                bar.update(len(ids))
        else:
            futs = [
                (
                    label,
                    len(ids),
                    executor.submit(
                        _run_chunk, p, seeds, ids, off, vary, tuple(fractions), fallback
                    ),
                )
                for label, p, seeds, ids in tasks
            ]
            for label, k, fut in futs:
                results.append((label, fut.result()))
                bar.update(k)
    finally:
        bar.close()
        if own_pool is not None:
            own_pool.shutdown()
    rows, crow = [], []
    for label, chunk in results:
        for i, m, curves in chunk:
            rows.extend((label, i, k, v) for k, v in m.items())
            crow.extend((label, i, s, f, v) for s, f, v in curves)
    draws = pd.DataFrame(rows, columns=["place", "draw", "metric", "value"])
    draws = draws.sort_values(["place", "draw", "metric"], kind="stable").reset_index(drop=True)
    curves = pd.DataFrame(
        crow, columns=["place", "draw", "strategy", "closed_fraction", "cut_off_share"]
    )
    curves = curves.sort_values(
        ["place", "draw", "strategy", "closed_fraction"], kind="stable"
    ).reset_index(drop=True)
    return EnsembleResult(
        draws=draws,
        curves=curves,
        params=dict(items),
        n=n,
        seed=int(seed),
        mechanisms_off=off,
        vary=vary,
    )


def funnel_validation(
    corpus: Any,
    *,
    places: Sequence[str] | None = None,
    n: int = 200,
    seed: int = 0,
    executor: Executor | str | None = None,
    vary: bool = True,
    level: float = 0.95,
    progress: bool | None = None,
) -> Any:
    """Compare each place's reported funnel (received -> resolved) with simulation.

    For every place whose report gives a funnel, the calibrated model is run
    ``n`` times; the table gives the reported figures and their qualifier
    intervals next to the simulated mean and central ``level`` interval, and
    whether the intervals overlap. Calibration uses these same figures, so this
    is a consistency check of the calibration and simulation, not an
    out-of-sample test.

    Returns
    -------
    DataFrame
        place, n_draws, received_reported, received_low, received_high,
        received_sim_mean, received_sim_low, received_sim_high, received_within,
        rate_reported, rate_low, rate_high, rate_sim_mean, rate_sim_low,
        rate_sim_high, rate_within, evidence.

    Examples
    --------
    >>> import pandas as pd, types
    >>> row = dict(source_file="a", report_id="a#r01", paragraph_id="a#r01.p02", place="乙区",
    ...            value_max=float("nan"), unit="个", qualifier="exact", kind="count",
    ...            char_start=0, char_end=1, duplicate=False)
    >>> q = pd.DataFrame([{**row, "value": 500.0, "indicator": "issues_received", "evidence": "500个"},
    ...                   {**row, "value": 400.0, "indicator": "issues_resolved", "evidence": "400个"}])
    >>> c = types.SimpleNamespace(quantities=q, mechanisms=pd.DataFrame(columns=["place", "code"]))
    >>> t = funnel_validation(c, n=20, executor="serial", progress=False)
    >>> bool(t.loc[0, "rate_within"])
    True
    """
    import pandas as pd

    q = corpus.quantities
    all_places = sorted(set(q.loc[~q["duplicate"].astype(bool), "place"].dropna().astype(str)))
    places = all_places if places is None else list(places)
    chosen = {}
    for pl in places:
        p = params_for_place(pl, corpus)
        names = {t.name for t in p.targets}
        if "issues_received" in names and names & {"resolution_rate", "on_spot_rate"}:
            chosen[pl] = p
    cols = [
        "place",
        "n_draws",
        "received_reported",
        "received_low",
        "received_high",
        "received_sim_mean",
        "received_sim_low",
        "received_sim_high",
        "received_within",
        "rate_reported",
        "rate_low",
        "rate_high",
        "rate_sim_mean",
        "rate_sim_low",
        "rate_sim_high",
        "rate_within",
        "evidence",
    ]
    if not chosen:
        return pd.DataFrame(columns=cols)
    res = simulate(chosen, n=n, seed=seed, executor=executor, vary=vary, progress=progress)
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    out = []
    for pl, p in chosen.items():
        t = {x.name: x for x in p.targets}
        d = res.draws[res.draws["place"] == pl]
        rec = d.loc[d["metric"] == "issues_received", "value"].dropna()
        stage = "resolution_rate" if "resolution_rate" in t else "on_spot_rate"
        rate = d.loc[d["metric"] == stage, "value"].dropna()
        tr, tt = t["issues_received"], t[stage]
        r_lo, r_hi = rec.quantile(lo_q), rec.quantile(hi_q)
        a_lo, a_hi = rate.quantile(lo_q), rate.quantile(hi_q)
        out.append(
            {
                "place": pl,
                "n_draws": len(rec),
                "received_reported": tr.value,
                "received_low": tr.low,
                "received_high": tr.high,
                "received_sim_mean": rec.mean(),
                "received_sim_low": r_lo,
                "received_sim_high": r_hi,
                "received_within": bool(r_lo <= tr.high and tr.low <= r_hi),
                "rate_reported": tt.value,
                "rate_low": tt.low,
                "rate_high": tt.high,
                "rate_sim_mean": rate.mean(),
                "rate_sim_low": a_lo,
                "rate_sim_high": a_hi,
                "rate_within": bool(a_lo <= tt.high and tt.low <= a_hi),
                "evidence": p.provenance_of(
                    "p_dept_resolve" if stage == "resolution_rate" else "p_on_spot"
                ).evidence,
            }
        )
    return pd.DataFrame(out, columns=cols)
