"""Simulation-based power analysis and parameter recovery for small-n designs.

Synthetic places are drawn with a *known* mechanism effect and analysed with
the same estimators as the real data (:func:`democracy_study.inference.glm.glm_test`,
:func:`democracy_study.inference.exact.fisher_test`). This says how many places a
given effect would need before a test detects it with 80 % power, and whether
the estimators recover the truth (bias, coverage of 95 % intervals).

Data-generating model (:func:`simulate_places`), for place i:

* mechanism ``x_i`` ∈ {0, 1}; exactly ``round(prevalence · n)`` places have it
  (clipped to 1 … n−1, so the predictor is never constant), positions shuffled;
* exposure ``deputies_i`` ~ LogNormal(log(``deputies_median``), ``deputies_sigma``),
  rounded, at least 1;
* count ``y_i`` ~ NegBin with mean ``μ_i = deputies_i · baseline_rate · exp(β x_i)``
  and variance ``μ_i + dispersion · μ_i²`` (gamma–Poisson mixture;
  ``dispersion=0`` gives Poisson). ``β`` (``effect``) is the log rate ratio.

Tests (``test=``): ``"wald"`` – quasi-Poisson GLM Wald p-value; ``"lr"`` –
the asymptotic LR p-value; ``"permutation"`` – the permutation p-value with
``n_perm`` permutations (slow: n_perm refits per simulated data set);
``"fisher"`` – Fisher's exact test of the mechanism against "rate per deputy
above the median". A simulated data set the estimator cannot handle (e.g. all
counts zero) counts as *not detected* (and is tallied in ``n_failed``).

Every simulated data set gets its own generator seeded by
``(seed, effect index, n index, replicate)``, so results do not depend on the
executor or on the order of work.

Examples
--------
>>> d = simulate_places(6, 0.5, seed=1)
>>> list(d.columns), int(d["mechanism"].sum())
(['mechanism', 'deputies', 'count'], 3)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np

__all__ = [
    "estimate_dispersion",
    "parameter_recovery",
    "places_needed",
    "power_curve",
    "simulate_places",
]

_TESTS = ("wald", "lr", "permutation", "fisher")


def estimate_dispersion(counts: Sequence[float]) -> float:
    """Negative-binomial α of counts by the method of moments, (s² − m) / m².

    The sample variance uses ``ddof=1``; a result below 0 (underdispersion) is 0.

    Examples
    --------
    >>> round(estimate_dispersion([240, 230, 100, 9]), 4)  # hand: m = 144.75, s² = 12256.92
    0.5781
    >>> estimate_dispersion([5, 5, 5])
    0.0
    """
    y = np.asarray([float(c) for c in counts if np.isfinite(c)])
    if len(y) < 2 or y.mean() <= 0:
        raise ValueError(f"need two or more finite counts with a positive mean, got {list(counts)}")
    m = float(y.mean())
    return max(0.0, (float(y.var(ddof=1)) - m) / m**2)


def simulate_places(
    n_places: int,
    effect: float,
    *,
    baseline_rate: float = 1.0,
    prevalence: float = 0.5,
    deputies_median: float = 250.0,
    deputies_sigma: float = 0.5,
    dispersion: float = 0.5,
    seed: int | Sequence[int] | np.random.Generator = 0,
) -> Any:
    """Draw synthetic places with a known log rate ratio for one mechanism.

    Parameters
    ----------
    n_places : int
        Number of places (at least 3).
    effect : float
        True log rate ratio β of the mechanism.
    baseline_rate : float, default 1.0
        Expected count per deputy without the mechanism.
    prevalence : float, default 0.5
        Share of places with the mechanism.
    deputies_median, deputies_sigma : float
        Log-normal exposure distribution.
    dispersion : float, default 0.5
        Negative-binomial α (variance μ + αμ²); 0 = Poisson.
    seed : int, sequence of int or numpy Generator

    Returns
    -------
    pandas.DataFrame
        Index ``s01``, ``s02``...; columns mechanism, deputies, count.

    Examples
    --------
    >>> d = simulate_places(4, 0.0, dispersion=0.0, seed=0)
    >>> d.index.tolist()
    ['s01', 's02', 's03', 's04']
    """
    import pandas as pd

    if n_places < 3:
        raise ValueError(f"n_places must be at least 3, got {n_places}")
    if not 0 < prevalence < 1:
        raise ValueError(f"prevalence must be in (0, 1), got {prevalence}")
    if dispersion < 0 or baseline_rate <= 0:
        raise ValueError("dispersion must be >= 0 and baseline_rate > 0")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    k = min(max(round(prevalence * n_places), 1), n_places - 1)
    x = np.zeros(n_places, dtype=int)
    x[:k] = 1
    x = rng.permutation(x)
    dep = np.maximum(
        1, np.round(rng.lognormal(math.log(deputies_median), deputies_sigma, n_places))
    )
    mu = dep * baseline_rate * np.exp(effect * x)
    lam = rng.gamma(1 / dispersion, dispersion * mu) if dispersion > 0 else mu
    y = rng.poisson(lam)
    idx = [f"s{i + 1:02d}" for i in range(n_places)]
    return pd.DataFrame({"mechanism": x, "deputies": dep, "count": y}, index=idx)


def _analyse(data: Any, test: str, n_perm: int, seed: int, offset: bool = True) -> dict[str, Any]:
    from democracy_study.inference.exact import fisher_test
    from democracy_study.inference.glm import glm_test
    from democracy_study.inference.results import InferenceError

    try:
        if test == "fisher":
            rate = data["count"] / data["deputies"]
            high = (rate > rate.median()).astype(int).rename("high_rate")
            r = fisher_test(data["mechanism"], high)
            return {"pvalue": r.pvalue, "estimate": math.nan, "low": math.nan, "high": math.nan}
        r = glm_test(
            data["count"].rename("count"),
            data["mechanism"].rename("mechanism"),
            exposure=data["deputies"] if offset else None,
            n_perm=n_perm if test == "permutation" else 0,
            seed=seed,
        )
    except InferenceError:
        return {"pvalue": math.nan, "estimate": math.nan, "low": math.nan, "high": math.nan}
    if r.extra.get("separation") or not np.isfinite(r.estimate):
        return {"pvalue": math.nan, "estimate": math.nan, "low": math.nan, "high": math.nan}
    p = {"wald": r.pvalue_asymptotic, "lr": r.pvalue, "permutation": r.pvalue}[test]
    return {"pvalue": p, "estimate": r.estimate, "low": r.conf_int[0], "high": r.conf_int[1]}


def _run_cell(args: tuple) -> list[dict[str, Any]]:
    """Simulate and analyse all replicates of one (effect, n) cell."""
    seed, ie, i_n, effect, n, n_sims, test, n_perm, sim_kw = args
    sim_kw = dict(sim_kw)
    offset = bool(sim_kw.pop("offset", True))
    out = []
    for s in range(n_sims):
        rng = np.random.default_rng([seed, ie, i_n, s])
        data = simulate_places(n, effect, seed=rng, **sim_kw)
        res = _analyse(data, test, n_perm, seed + s, offset)
        res.update({"effect": effect, "n_places": n, "replicate": s})
        out.append(res)
    return out


def _simulate(effects, n_grid, n_sims, seed, executor, test, n_perm, sim_kw) -> Any:
    import pandas as pd

    if test not in _TESTS:
        raise ValueError(f"test must be one of {_TESTS}, got {test!r}")
    if n_sims < 1:
        raise ValueError(f"n_sims must be positive, got {n_sims}")
    tasks = [
        (int(seed), ie, i_n, float(e), int(n), int(n_sims), test, int(n_perm), dict(sim_kw))
        for ie, e in enumerate(effects)
        for i_n, n in enumerate(n_grid)
    ]
    chunks = (
        [_run_cell(t) for t in tasks] if executor is None else list(executor.map(_run_cell, tasks))
    )
    return pd.DataFrame([r for c in chunks for r in c])


def power_curve(
    effect_sizes: Sequence[float],
    n_places_grid: Sequence[int],
    n_sims: int = 100,
    seed: int = 0,
    executor: Executor | None = None,
    *,
    test: str = "wald",
    alpha: float = 0.05,
    n_perm: int = 99,
    **simulate_kw: Any,
) -> Any:
    """Monte Carlo power for each effect size and number of places.

    Parameters
    ----------
    effect_sizes : sequence of float
        True log rate ratios β.
    n_places_grid : sequence of int
        Numbers of places to try.
    n_sims : int, default 100
        Simulated data sets per cell.
    seed : int, default 0
    executor : concurrent.futures.Executor, optional
        One task per (effect, n) cell; None = serial in-process.
    test : {"wald", "lr", "permutation", "fisher"}, default "wald"
    alpha : float, default 0.05
    n_perm : int, default 99
        Permutations per data set when ``test="permutation"``.
    **simulate_kw
        Passed to :func:`simulate_places` (baseline_rate, prevalence,
        deputies_median, deputies_sigma, dispersion), except ``offset``
        (default True): False fits the GLM without the log-deputies offset, as
        the analysis of the reported counts does.

    Returns
    -------
    pandas.DataFrame
        effect, n_places, n_sims, n_failed, power, mc_se, ci_low, ci_high
        (Wilson 95 % interval of the Monte Carlo estimate), test, alpha.

    Examples
    --------
    >>> pc = power_curve([1.5], [8], n_sims=20, seed=3)
    >>> pc[["effect", "n_places", "n_sims"]].to_numpy().tolist()
    [[1.5, 8.0, 20.0]]
    >>> bool(pc["ci_low"].iloc[0] <= pc["power"].iloc[0] <= pc["ci_high"].iloc[0])
    True
    """
    import pandas as pd
    from statsmodels.stats.proportion import proportion_confint

    sims = _simulate(effect_sizes, n_places_grid, n_sims, seed, executor, test, n_perm, simulate_kw)
    rows = []
    for (e, n), g in sims.groupby(["effect", "n_places"], sort=True):
        p = g["pvalue"].to_numpy(dtype=float)
        hits = int((np.nan_to_num(p, nan=1.0) < alpha).sum())
        m = len(g)
        lo, hi = proportion_confint(hits, m, alpha=0.05, method="wilson")
        pw = hits / m
        rows.append(
            {
                "effect": float(e),
                "n_places": int(n),
                "n_sims": m,
                "n_failed": int(np.isnan(p).sum()),
                "power": pw,
                "mc_se": math.sqrt(pw * (1 - pw) / m),
                "ci_low": float(lo),
                "ci_high": float(hi),
                "test": test,
                "alpha": alpha,
            }
        )
    return pd.DataFrame(rows)


def places_needed(curve: Any, power: float = 0.8) -> Any:
    """Smallest number of places in the grid reaching the target power.

    Parameters
    ----------
    curve : pandas.DataFrame
        Output of :func:`power_curve`.
    power : float, default 0.8

    Returns
    -------
    pandas.DataFrame
        One row per effect: ``places_needed`` (point estimate),
        ``places_needed_optimistic`` (upper Monte Carlo bound reaches the
        target), ``places_needed_conservative`` (lower bound reaches it);
        NaN with ``status`` "not reached within grid (max n)" otherwise;
        ``grid_max`` is the largest n tried.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"effect": [1.0] * 3, "n_places": [5, 10, 20],
    ...     "power": [0.3, 0.82, 0.97], "ci_low": [0.2, 0.74, 0.9],
    ...     "ci_high": [0.4, 0.9, 0.99]})
    >>> places_needed(c)[["places_needed", "places_needed_conservative"]].to_numpy().tolist()
    [[10.0, 20.0]]
    """
    import pandas as pd

    rows = []
    for e, g in curve.groupby("effect", sort=True):
        g = g.sort_values("n_places")
        nmax = int(g["n_places"].max())

        def first(col: str, g=g) -> float:
            ok = g.loc[g[col] >= power, "n_places"]
            return float(ok.iloc[0]) if len(ok) else math.nan

        point = first("power")
        rows.append(
            {
                "effect": float(e),
                "rate_ratio": math.exp(float(e)),
                "target_power": power,
                "places_needed": point,
                "places_needed_optimistic": first("ci_high"),
                "places_needed_conservative": first("ci_low"),
                "status": "ok" if np.isfinite(point) else f"not reached within grid (max n={nmax})",
                "grid_max": nmax,
            }
        )
    return pd.DataFrame(rows)


def parameter_recovery(
    effect_sizes: Sequence[float] | float,
    n_places_grid: Sequence[int] | int,
    n_sims: int = 100,
    seed: int = 0,
    executor: Executor | None = None,
    **simulate_kw: Any,
) -> Any:
    """Bias, RMSE and 95 % interval coverage of the GLM log rate ratio.

    Uses the same quasi-Poisson GLM with log-deputies offset as
    :func:`democracy_study.inference.glm.glm_test` (Wald intervals).

    Parameters
    ----------
    effect_sizes : float or sequence of float
        True log rate ratios.
    n_places_grid : int or sequence of int
    n_sims : int, default 100
    seed : int, default 0
    executor : concurrent.futures.Executor, optional
    **simulate_kw
        Passed to :func:`simulate_places`.

    Returns
    -------
    pandas.DataFrame
        effect, n_places, n_ok, n_failed, mean_estimate, bias, bias_mcse,
        rmse, coverage, coverage_mcse.

    Examples
    --------
    >>> rec = parameter_recovery(0.7, 30, n_sims=30, seed=2, dispersion=0.0)
    >>> bool(abs(rec["bias"].iloc[0]) < 0.05)  # Poisson, n=30: near unbiased
    True
    """
    import pandas as pd

    effects = [effect_sizes] if np.isscalar(effect_sizes) else list(effect_sizes)
    grid = [n_places_grid] if np.isscalar(n_places_grid) else list(n_places_grid)
    sims = _simulate(effects, grid, n_sims, seed, executor, "wald", 0, simulate_kw)
    rows = []
    for (e, n), g in sims.groupby(["effect", "n_places"], sort=True):
        ok = g[np.isfinite(g["estimate"])]
        est = ok["estimate"].to_numpy(dtype=float)
        m = len(est)
        covered = ((ok["low"] <= e) & (ok["high"] >= e)).to_numpy()
        cov = float(covered.mean()) if m else math.nan
        rows.append(
            {
                "effect": float(e),
                "n_places": int(n),
                "n_ok": m,
                "n_failed": len(g) - m,
                "mean_estimate": float(est.mean()) if m else math.nan,
                "bias": float(est.mean() - e) if m else math.nan,
                "bias_mcse": float(est.std(ddof=1) / math.sqrt(m)) if m > 1 else math.nan,
                "rmse": float(np.sqrt(np.mean((est - e) ** 2))) if m else math.nan,
                "coverage": cov,
                "coverage_mcse": math.sqrt(cov * (1 - cov) / m) if m else math.nan,
            }
        )
    return pd.DataFrame(rows)
