"""Fixed-marginal null models of the modelled networks, and their degree sequences.

:func:`curveball` draws a random 0/1 matrix with the same row and column sums
(the curveball algorithm, Strona et al. 2014, *Nat. Commun.* 5:4114; Carstens
2015, *Phys. Rev. E* 91:042812). Trades are made between the lines of the
smaller dimension (stations rather than deputies), which is the same chain on
the transposed matrix, so both degree sequences are preserved exactly.

:func:`null_model_table` compares each place's modelled network with its
null: one network per place is drawn at the place's parameters (seeded), then
``n_null`` nulls rewire its two bipartite layers (deputy–station membership
and station/platform–department referrals) with curveball while the voter
layer (who visits, contacts and uses which channel) stays as drawn. Coverage
(``coverage_connected``) is invariant under curveball (every station keeps its
degrees, so no voter loses a path) and is compared with a density-preserving
null instead (:func:`shuffle_edges`: same edge counts, placed uniformly); the
``null`` column says which null each row uses. Observed
and null values of :data:`NULL_METRICS` are then compared: null mean, central
95 % interval, z-score and a two-sided empirical p-value
(``(1 + #{|null - mean| >= |obs - mean|}) / (1 + n_null)``).

Examples
--------
>>> import numpy as np
>>> m = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 0, 1]], dtype=bool)
>>> r = curveball(m, np.random.default_rng(0))
>>> r.sum(axis=0).tolist() == m.sum(axis=0).tolist(), r.sum(axis=1).tolist() == m.sum(axis=1).tolist()
(True, True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

from democracy_study.networks.metrics import (
    ROBUSTNESS_FRACTIONS,
    department_paths,
    network_metrics,
    robustness_curves,
    station_load,
)
from democracy_study.networks.model import NetworkDraw, draw_network
from democracy_study.networks.params import NetworkParams

__all__ = [
    "NULL_COLUMNS",
    "NULL_METRICS",
    "NULL_TYPES",
    "curveball",
    "degree_table",
    "density_draw",
    "null_metrics",
    "null_model_table",
    "rewire_draw",
    "shuffle_edges",
]

#: Metrics compared with a null, and the null each is compared with. Curveball keeps
#: every degree, so every station keeps its deputies and referrals and no voter loses
#: a path: coverage_connected is invariant under it (z empty, p = 1 by construction).
#: It is compared with the density-preserving null instead (same edge counts, edges
#: placed uniformly at random: stations can lose all their deputies or referrals).
NULL_METRICS = (
    "brokerage_station_max",
    "coverage_connected",
    "robustness_targeted_mean_cutoff",
)
NULL_TYPES = {
    "brokerage_station_max": "degree_preserving",
    "coverage_connected": "density_preserving",
    "robustness_targeted_mean_cutoff": "degree_preserving",
}

#: Columns of :func:`null_model_table`.
NULL_COLUMNS = [
    "place",
    "metric",
    "null",
    "observed",
    "null_mean",
    "null_sd",
    "null_low",
    "null_high",
    "z",
    "p_empirical",
    "n_null",
    "n_deputies",
    "n_stations",
]


def curveball(m: np.ndarray, rng: np.random.Generator, n_trades: int | None = None) -> np.ndarray:
    """A random 0/1 matrix with the row and column sums of ``m`` (curveball trades).

    Parameters
    ----------
    m : ndarray of bool, shape (r, c)
    rng : numpy Generator
    n_trades : int, optional
        Trades between pairs of lines of the smaller dimension; default
        ``5 * k * max(1, log k)`` for ``k`` lines.

    Returns
    -------
    ndarray of bool, same shape, same row and column sums.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.eye(3, dtype=bool)  # the only 3x3 matrices with unit margins are permutations
    >>> r = curveball(m, np.random.default_rng(1))
    >>> sorted(r.sum(axis=0).tolist()), sorted(r.sum(axis=1).tolist())
    ([1, 1, 1], [1, 1, 1])
    """
    a = np.asarray(m, dtype=bool)
    transpose = a.shape[1] < a.shape[0]
    x = (a.T if transpose else a).copy()  # trade between rows of x (the fewer lines)
    k = x.shape[0]
    if k < 2 or x.shape[1] == 0:
        return a.copy()
    if n_trades is None:
        n_trades = int(5 * k * max(1.0, np.log(k)))
    for _ in range(n_trades):
        i, j = rng.choice(k, size=2, replace=False)
        only_i = np.flatnonzero(x[i] & ~x[j])
        only_j = np.flatnonzero(x[j] & ~x[i])
        n_i = only_i.size
        if n_i == 0 or only_j.size == 0:
            continue
        pool = np.concatenate([only_i, only_j])
        rng.shuffle(pool)
        x[i, pool[:n_i]], x[i, pool[n_i:]] = True, False
        x[j, pool[:n_i]], x[j, pool[n_i:]] = False, True
    return x.T.copy() if transpose else x


def rewire_draw(draw: NetworkDraw, rng: np.random.Generator) -> NetworkDraw:
    """The draw with both bipartite layers rewired by :func:`curveball`.

    Deputies per station, stations per deputy, referrals per station and
    stations per department are kept; voter classes, their home and sector
    stations and contacted deputies are kept (so station loads are unchanged).
    """
    return dataclasses.replace(
        draw,
        membership=curveball(draw.membership, rng),
        referrals=curveball(draw.referrals, rng),
    )


def shuffle_edges(m: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 0/1 matrix of the same shape and number of ones, the ones placed uniformly.

    The density-preserving (Erdős–Rényi, fixed edge count) bipartite null.

    Examples
    --------
    >>> m = np.eye(4, dtype=bool)
    >>> r = shuffle_edges(m, np.random.default_rng(0))
    >>> r.shape, int(r.sum())
    ((4, 4), 4)
    """
    m = np.asarray(m, dtype=bool)
    flat = np.zeros(m.size, dtype=bool)
    flat[rng.choice(m.size, size=int(m.sum()), replace=False)] = True
    return flat.reshape(m.shape)


def density_draw(draw: NetworkDraw, rng: np.random.Generator) -> NetworkDraw:
    """The draw with both bipartite layers replaced by :func:`shuffle_edges`.

    Edge counts (hence densities) of the deputy–station and station–department
    layers are kept, degrees are not; the voter layer is kept.
    """
    return dataclasses.replace(
        draw,
        membership=shuffle_edges(draw.membership, rng),
        referrals=shuffle_edges(draw.referrals, rng),
    )


def null_metrics(
    draw: NetworkDraw, rng: np.random.Generator, fractions=ROBUSTNESS_FRACTIONS
) -> dict[str, float]:
    """The :data:`NULL_METRICS` of one draw (robustness: mean targeted cut-off share)."""
    m = network_metrics(draw, paths=department_paths(draw))
    curves = robustness_curves(draw, rng, fractions)
    ys = [v for s, _, v in curves if s == "targeted"]
    m["robustness_targeted_mean_cutoff"] = float(np.mean(ys)) if ys else float("nan")
    return {k: float(m[k]) for k in NULL_METRICS}


def null_model_table(
    params: Mapping[str, NetworkParams], *, n_null: int = 50, seed: int = 0, level: float = 0.95
):
    """Observed (modelled) network vs its fixed-marginal null, per place and metric.

    Parameters
    ----------
    params : mapping of place to NetworkParams
    n_null : int
        Null networks per place.
    seed : int
        Root of ``SeedSequence(seed).spawn`` (one child per place, sorted).

    Returns
    -------
    DataFrame with :data:`NULL_COLUMNS`. ``z`` is NaN when the null has no
    spread (the metric does not depend on the rewired layers).

    Examples
    --------
    >>> p = NetworkParams.from_priors(n_deputies=30, n_stations=5, n_voters=3000,
    ...                               n_voter_blocks=60, place="A")
    >>> t = null_model_table({"A": p}, n_null=5, seed=1)
    >>> t["metric"].tolist() == list(NULL_METRICS), int(t["n_null"].iloc[0])
    (True, 5)
    """
    import pandas as pd

    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    places = sorted(params)
    rows = []
    for pl, ss in zip(places, np.random.SeedSequence(seed).spawn(len(places)), strict=True):
        rng = np.random.default_rng(ss)
        d = draw_network(params[pl], rng)
        obs = null_metrics(d, rng)
        null = np.array(
            [list(null_metrics(rewire_draw(d, rng), rng).values()) for _ in range(n_null)]
        )
        dens = np.array(
            [
                network_metrics(g, paths=department_paths(g))["coverage_connected"]
                for g in (density_draw(d, rng) for _ in range(n_null))
            ]
        )
        for j, name in enumerate(NULL_METRICS):
            kind = NULL_TYPES[name]
            if kind == "density_preserving":
                v = dens.astype(float) if n_null else np.zeros(0)
            else:
                v = null[:, j] if n_null else np.zeros(0)
            v = v[np.isfinite(v)]
            mean = float(v.mean()) if v.size else float("nan")
            sd = float(v.std(ddof=1)) if v.size > 1 else float("nan")
            o = obs[name]
            z = (o - mean) / sd if sd and np.isfinite(sd) and sd > 1e-12 else float("nan")
            dev = np.abs(v - mean)
            p = (
                float((1 + (dev >= abs(o - mean) - 1e-12).sum()) / (1 + v.size))
                if v.size
                else float("nan")
            )
            rows.append(
                {
                    "place": pl,
                    "metric": name,
                    "null": kind,
                    "observed": o,
                    "null_mean": mean,
                    "null_sd": sd,
                    "null_low": float(np.quantile(v, lo_q)) if v.size else float("nan"),
                    "null_high": float(np.quantile(v, hi_q)) if v.size else float("nan"),
                    "z": z,
                    "p_empirical": p,
                    "n_null": int(v.size),
                    "n_deputies": int(d.n_deputies),
                    "n_stations": int(d.n_stations),
                }
            )
    return pd.DataFrame(rows, columns=NULL_COLUMNS)


def degree_table(params: Mapping[str, NetworkParams], *, seed: int = 0):
    """Degree sequences of one network per place (the draws :func:`null_model_table` uses).

    Returns
    -------
    DataFrame
        place, degree (``deputies_per_station``, ``stations_per_deputy``,
        ``voters_per_station``), node (index within its kind), value.

    Examples
    --------
    >>> p = NetworkParams.from_priors(n_deputies=12, n_stations=3, n_voters=600,
    ...                               n_voter_blocks=30, p_second_station=0.0, place="A")
    >>> t = degree_table({"A": p}, seed=1)
    >>> int(t.loc[t.degree == "deputies_per_station", "value"].sum())  # 12 deputies, one station each
    12
    """
    import pandas as pd

    places = sorted(params)
    parts = []
    for pl, ss in zip(places, np.random.SeedSequence(seed).spawn(len(places)), strict=True):
        d = draw_network(params[pl], np.random.default_rng(ss))
        for name, vals in (
            ("deputies_per_station", d.membership.sum(axis=0)),
            ("stations_per_deputy", d.membership.sum(axis=1)),
            ("voters_per_station", station_load(d)),
        ):
            parts.append(
                pd.DataFrame(
                    {
                        "place": pl,
                        "degree": name,
                        "node": np.arange(len(vals)),
                        "value": vals.astype(float),
                    }
                )
            )
    cols = ["place", "degree", "node", "value"]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
