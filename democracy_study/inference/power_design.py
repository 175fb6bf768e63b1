"""Power of the tests the analysis actually uses, by closed forms (issue 12).

For one binary predictor x and counts y (optional exposure E), the Poisson GLM
has closed forms: group rates ``r_g = S_g / E_g``, log rate ratio
``β = log(r_1 / r_0)`` and LR statistic (deviance difference)
``2 Σ_g S_g log(r_g / r)``, with ``r = S / E``. So

* :func:`exact_permutation_p` – the exact permutation p-value of that LR
  statistic over *all* relabellings that keep the number of places with x
  (vectorised over ``C(n, k)`` splits); identical to
  :func:`democracy_study.inference.glm.glm_test` with all relabellings;
* :func:`quasi_wald_p` – the quasi-Poisson Wald test (Pearson X2 scale, t with
  n − 2 df) of β, the design used for larger n with a log-deputies offset.

:func:`power_table` simulates with :func:`democracy_study.inference.power.simulate_places`
(seeded per cell and replicate, so executor-invariant).

Examples
--------
>>> round(exact_permutation_p([30, 40, 35, 10, 12, 9], [1, 1, 1, 0, 0, 0]), 4)  # hand: 2/C(6,3)
0.1
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np

__all__ = [
    "RECOVERY_COLUMNS",
    "exact_permutation_p",
    "power_table",
    "quasi_wald_fit",
    "quasi_wald_p",
]

#: Recovery columns of :func:`power_table` (Wald design only).
RECOVERY_COLUMNS = ("mean_estimate", "bias", "rmse", "coverage", "coverage_mcse")


def _xlogy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a > 0, a * np.log(np.where(a > 0, b, 1.0)), 0.0)


def _lr(y: np.ndarray, e: np.ndarray, masks: np.ndarray) -> np.ndarray:
    # masks: (splits, k) indices of the places with the predictor (no BLAS: sums of gathers)
    s1, e1 = y[masks].sum(axis=1), e[masks].sum(axis=1)
    s0, e0 = y.sum() - s1, e.sum() - e1
    r = y.sum() / e.sum()
    return 2 * (_xlogy(s1, s1 / e1 / r) + _xlogy(s0, s0 / e0 / r))


def exact_permutation_p(
    y: Sequence[float], x: Sequence[int], exposure: Sequence[float] | None = None
) -> float:
    """Exact permutation p-value of the Poisson LR statistic over all C(n, k) splits.

    Examples
    --------
    >>> exact_permutation_p([5, 5, 5, 5], [1, 1, 0, 0])  # hand: every split has LR 0
    1.0
    """
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=int)
    e = np.ones_like(y) if exposure is None else np.asarray(exposure, dtype=float)
    n, k = len(y), int(x.sum())
    if k in (0, n) or y.sum() <= 0:
        return math.nan
    return _exact_p(y, x, e, _masks(n, k))


def _exact_p(y: np.ndarray, x: np.ndarray, e: np.ndarray, masks: np.ndarray) -> float:
    if x.sum() in (0, len(x)) or y.sum() <= 0:
        return math.nan
    stats = _lr(y, e, masks)
    obs = _lr(y, e, np.flatnonzero(x)[None, :])[0]
    return float(np.mean(stats >= obs - 1e-9 * max(1.0, abs(obs))))


def quasi_wald_fit(
    y: Sequence[float], x: Sequence[int], exposure: Sequence[float] | None = None
) -> tuple[float, float, int]:
    """β̂, its quasi-Poisson standard error (Pearson scale) and the t degrees of freedom.

    NaN β̂ and SE when a group has no counts (β infinite).

    Examples
    --------
    >>> b, se, df = quasi_wald_fit([10, 12, 30, 34], [0, 0, 1, 1])
    >>> round(b, 4), df  # hand: log(64/22)
    (1.0678, 2)
    """
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=int)
    e = np.ones_like(y) if exposure is None else np.asarray(exposure, dtype=float)
    n = len(y)
    s1, s0 = y[x == 1].sum(), y[x == 0].sum()
    if s1 <= 0 or s0 <= 0 or n < 3:
        return math.nan, math.nan, n - 2
    r1, r0 = s1 / e[x == 1].sum(), s0 / e[x == 0].sum()
    mu = e * np.where(x == 1, r1, r0)
    phi = float(((y - mu) ** 2 / mu).sum() / (n - 2))
    return math.log(r1 / r0), math.sqrt(max(phi, 0.0) * (1 / s1 + 1 / s0)), n - 2


def quasi_wald_p(
    y: Sequence[float], x: Sequence[int], exposure: Sequence[float] | None = None
) -> float:
    """Two-sided quasi-Poisson Wald p-value of β (Pearson scale, t with n − 2 df).

    NaN when a group has no counts (β infinite).

    Examples
    --------
    >>> round(quasi_wald_p([10, 12, 30, 34], [0, 0, 1, 1]), 3)  # hand: beta log(32/11), t 9.30, 2 df
    0.011
    """
    from scipy.special import stdtr

    beta, se, df = quasi_wald_fit(y, x, exposure)
    if math.isnan(beta):
        return math.nan
    if se <= 0:
        return 0.0
    return float(2 * stdtr(df, -abs(beta) / se))


def _n_with(n: int, prevalence: float) -> int:
    """Places with the mechanism in a data set of *n*: ``round(prevalence * n)`` within 1 … n − 1.

    As :func:`~democracy_study.inference.power.simulate_places` (Python's round, half to even).

    Examples
    --------
    >>> [_n_with(n, 0.25) for n in (4, 6, 10)], _n_with(5, 0.5)
    ([1, 2, 2], 2)
    """
    return min(max(round(prevalence * n), 1), n - 1)


def _draw(
    rng: np.random.Generator, n: int, effect: float, dispersion: float, prevalence: float = 0.5
) -> tuple:
    """The draws of :func:`~democracy_study.inference.power.simulate_places`, as arrays.

    Same generator calls in the same order (defaults but *prevalence*), so the data
    are identical to it.
    """
    k = _n_with(n, prevalence)
    x = np.zeros(n, dtype=int)
    x[:k] = 1
    x = rng.permutation(x)
    dep = np.maximum(1, np.round(rng.lognormal(math.log(250.0), 0.5, n)))
    mu = dep * np.exp(effect * x)
    lam = rng.gamma(1 / dispersion, dispersion * mu) if dispersion > 0 else mu
    return rng.poisson(lam).astype(float), x, dep


def _masks(n: int, k: int) -> np.ndarray:
    return np.array(list(itertools.combinations(range(n), k)), dtype=int).reshape(-1, k)


def _cell(args: tuple) -> dict[str, Any]:
    from scipy.special import stdtr, stdtrit

    seed, ids, effect, n, dispersion, n_sims, test, alpha, prevalence = args
    exact = test == "exact_permutation"
    masks = _masks(n, _n_with(n, prevalence)) if exact else None
    hits = failed = 0
    est: list[float] = []
    covered = 0
    for s in range(n_sims):
        rng = np.random.default_rng([seed, *ids, s])
        y, x, dep = _draw(rng, n, effect, dispersion, prevalence)
        if exact:
            p = _exact_p(y, x, np.ones(n), masks)
        else:  # quasi_wald_p, keeping the estimate and its 95 % interval for recovery
            beta, se, df = quasi_wald_fit(y, x, dep)
            p = (
                math.nan
                if math.isnan(beta)
                else (0.0 if se <= 0 else float(2 * stdtr(df, -abs(beta) / se)))
            )
            if not math.isnan(beta):
                est.append(beta)
                half = float(stdtrit(df, 0.975)) * se
                covered += int(beta - half <= effect <= beta + half)
        if math.isnan(p):
            failed += 1
        elif p < alpha:
            hits += 1
    m = len(est)
    a = np.asarray(est, dtype=float)
    cov = covered / m if m else math.nan
    return {"effect": effect, "n_places": n, "dispersion": dispersion, "test": test,
            "prevalence": prevalence, "n_with": _n_with(n, prevalence),
            "hits": hits, "n_failed": failed, "n_sim": n_sims,
            "mean_estimate": float(a.mean()) if m else math.nan,
            "bias": float(a.mean() - effect) if m else math.nan,
            "rmse": float(np.sqrt(np.mean((a - effect) ** 2))) if m else math.nan,
            "coverage": cov,
            "coverage_mcse": math.sqrt(cov * (1 - cov) / m) if m else math.nan}  # fmt: skip


def power_table(
    designs: Sequence[tuple[str, Sequence[int]] | tuple[str, Sequence[int], float]],
    effects: Sequence[float],
    dispersions: Sequence[float],
    *,
    n_sims: int = 1000,
    seed: int = 0,
    alpha: float = 0.05,
    prevalence: float = 0.5,
    executor: Executor | str | None = None,
) -> Any:
    """Power of each (test, n_places) design for each effect and dispersion.

    Parameters
    ----------
    designs : sequence of (test, n grid) or (test, n grid, prevalence)
        test ``"exact_permutation"`` (no offset, all relabellings) or
        ``"quasi_wald_offset"`` (log-deputies offset); the optional third item is
        that design's share of places with the mechanism (default *prevalence*).
    effects : sequence of float
        True log rate ratios; include 0 for the size row.
    dispersions : sequence of float
        Negative-binomial α of the simulation.
    prevalence : float, default 0.5
        Share of places with the mechanism, for designs that do not give their own:
        each data set of n places has ``round(prevalence * n)`` of them (within
        1 … n − 1, Python's round, half to even), as
        :func:`~democracy_study.inference.power.simulate_places`.
    executor : concurrent.futures.Executor, "serial" or None
        One task per cell through ``executor.map``; ``"serial"`` or None runs
        in-process. Results are identical either way.

    Returns
    -------
    pandas.DataFrame
        effect, n_places, test, dispersion, prevalence, n_with (places with the
        mechanism), power, ci_low, ci_high (Wilson 95 %), n_sim, n_failed (not computable: counted as not detected); for the Wald
        design also the recovery of β: mean_estimate, bias, rmse, coverage of the
        95 % t interval and its Monte Carlo s.e. (NaN for the exact test, which
        gives no interval).

    Examples
    --------
    >>> t = power_table([("exact_permutation", [4])], [0.0], [0.5], n_sims=20)
    >>> float(t["power"].iloc[0])  # hand: min attainable p at n=4 is 1/3, never < 0.05
    0.0
    >>> t = power_table([("exact_permutation", [8], 0.25)], [0.0], [0.5], n_sims=5)
    >>> int(t["n_with"].iloc[0])  # hand: round(0.25 * 8)
    2
    """
    import pandas as pd
    from statsmodels.stats.proportion import proportion_confint

    if isinstance(executor, str) and executor != "serial":
        raise ValueError(f"executor must be an Executor, 'serial' or None, got {executor!r}")
    full = [(d[0], d[1], float(d[2]) if len(d) > 2 else float(prevalence)) for d in designs]
    for test, _grid, prev in full:
        if not 0 < prev < 1:
            raise ValueError(f"prevalence of {test!r} must be in (0, 1), got {prev}")
    tasks = [
        (int(seed), (it, ie, i_n, idisp), float(e), int(n), float(d), int(n_sims), test, alpha,
         prev)
        for it, (test, grid, prev) in enumerate(full)
        for ie, e in enumerate(effects)
        for i_n, n in enumerate(grid)
        for idisp, d in enumerate(dispersions)
    ]  # fmt: skip
    serial = executor is None or executor == "serial"
    cells = [_cell(t) for t in tasks] if serial else list(executor.map(_cell, tasks))
    rows = []
    for c in cells:
        lo, hi = proportion_confint(c["hits"], c["n_sim"], alpha=0.05, method="wilson")
        rows.append({"effect": c["effect"], "n_places": c["n_places"], "test": c["test"],
                     "dispersion": c["dispersion"], "prevalence": c["prevalence"],
                     "n_with": c["n_with"], "power": c["hits"] / c["n_sim"],
                     "ci_low": float(lo), "ci_high": float(hi), "n_sim": c["n_sim"],
                     "n_failed": c["n_failed"],
                     **{k: c[k] for k in RECOVERY_COLUMNS}})  # fmt: skip
    out = pd.DataFrame(rows)
    return out.sort_values(["test", "dispersion", "effect", "n_places"], kind="stable").reset_index(
        drop=True
    )
