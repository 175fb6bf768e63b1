"""Metrics of one drawn network, computed structure-aware.

Voters only ever link to the *core* (deputies, stations, the platform,
departments), and a voter is never a relay for another voter's issue. So
voter blocks with the same set of core neighbours are interchangeable: they
are grouped into *types* carrying their number of voters, and every
path-based metric is computed on the small core graph with those weights.
This is exact for the metrics as defined here (a test compares against plain
networkx on a small network); nothing is sampled or approximated.

- **brokerage**: for each core node x, the voter-weighted share of shortest
  voter→department paths that pass through x (voters as sources, departments
  as targets, voters not used as relays); the normalised form of
  ``networkx.betweenness_centrality_subset`` summed over voters.
- **reach/coverage**: voters with any link; share of the electorate; share
  with a path to some department.
- **path length**: mean shortest voter→department distance over reachable pairs.
- **robustness**: share of initially connected voters cut off from every
  department as a fraction of physical stations closes, highest-load first
  (targeted) or in random order.

Examples
--------
>>> from democracy_study.networks.params import NetworkParams
>>> from democracy_study.networks.model import draw_network
>>> p = NetworkParams.from_priors(n_deputies=40, n_stations=6, n_voters=5000,
...                               n_voter_blocks=100, n_departments=8,
...                               n_referral_departments=2)
>>> m = network_metrics(draw_network(p, seed=0))
>>> 0 <= m["coverage"] <= 1 and m["voters_reached"] <= 5000
True
>>> gini([0, 0, 0, 1])  # hand: sum|xi-xj| = 6, / (2 * 4^2 * 0.25)
0.75
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from democracy_study.networks.model import NetworkDraw

__all__ = [
    "ROBUSTNESS_FRACTIONS",
    "brokerage",
    "core_paths",
    "department_paths",
    "gini",
    "network_metrics",
    "robustness_curves",
    "voter_types",
]

#: Default fractions of physical stations closed for robustness curves.
ROBUSTNESS_FRACTIONS = tuple(i / 10 for i in range(11))


def gini(x: Sequence[float]) -> float:
    """Gini coefficient of non-negative values (0 = equal; nan if all zero or empty).

    Examples
    --------
    >>> gini([5, 5, 5])
    0.0
    >>> round(gini([1, 2, 3, 4]), 4)  # hand: sum|xi-xj| over ordered pairs = 20; 20/(2*16*2.5)
    0.25
    """
    a = np.asarray(x, dtype=float)
    if a.size == 0 or a.sum() == 0:
        return float("nan")
    if (a < 0).any():
        raise ValueError("gini needs non-negative values")
    a = np.sort(a)
    n = a.size
    i = np.arange(1, n + 1)
    return float((2 * (i * a).sum() / (n * a.sum())) - (n + 1) / n)


def _core_edges(draw: NetworkDraw) -> tuple[np.ndarray, np.ndarray, int]:
    D = draw.n_deputies
    S_all = draw.referrals.shape[0]
    n = D + S_all + draw.n_departments
    r1, c1 = np.nonzero(draw.membership)
    r2, c2 = np.nonzero(draw.referrals)
    rows = np.concatenate([r1, r2 + D])
    cols = np.concatenate([c1 + D, c2 + D + S_all])
    return rows, cols, n


def _core_adjacency(draw: NetworkDraw, closed_stations: np.ndarray | None = None, edges=None):
    from scipy import sparse

    rows, cols, n = edges if edges is not None else _core_edges(draw)
    if closed_stations is not None and closed_stations.size:
        closed = closed_stations + draw.n_deputies
        keep = ~(np.isin(rows, closed) | np.isin(cols, closed))
        rows, cols = rows[keep], cols[keep]
    data = np.ones(rows.size * 2)
    return sparse.csr_matrix(
        (data, (np.concatenate([rows, cols]), np.concatenate([cols, rows]))), shape=(n, n)
    )


def core_paths(draw: NetworkDraw) -> tuple[np.ndarray, np.ndarray]:
    """All-pairs shortest-path distances and counts on the core graph.

    Walk counts A^k equal shortest-path counts at k = distance, so distances and
    path counts come from repeated sparse products.

    Returns
    -------
    dist : ndarray (n_core, n_core), inf when disconnected
    sigma : ndarray (n_core, n_core), number of shortest paths (1 on the diagonal)

    Examples
    --------
    >>> from democracy_study.networks.params import NetworkParams
    >>> from democracy_study.networks.model import draw_network
    >>> p = NetworkParams.from_priors(n_deputies=2, n_stations=1, n_departments=2,
    ...     n_referral_departments=2, n_voters=10, n_voter_blocks=2, p_second_station=0.0)
    >>> dist, sigma = core_paths(draw_network(p, seed=0))
    >>> dist[0].tolist()  # hand: deputy-station 1, deputy-departments 2
    [0.0, 2.0, 1.0, 2.0, 2.0]
    """
    A = _core_adjacency(draw)
    n = A.shape[0]
    dist = np.full((n, n), np.inf)
    np.fill_diagonal(dist, 0.0)
    sigma = np.eye(n)
    W = np.eye(n)
    AT = A.T.tocsr()
    for k in range(1, n):
        W = np.asarray((AT @ W.T).T)
        # keep walk counts bounded: only pairs not yet reached matter
        new = (W > 0) & np.isinf(dist)
        if not new.any():
            break
        dist[new] = k
        sigma[new] = W[new]
        W[~np.isinf(dist) & ~new] = 0.0
    return dist, sigma


def department_paths(draw: NetworkDraw) -> tuple[np.ndarray, np.ndarray]:
    """Shortest-path distances and counts from every core node to every department.

    Same method as :func:`core_paths` but from the departments only.

    Returns
    -------
    dist : ndarray (n_core, n_departments), inf when disconnected
    sigma : ndarray (n_core, n_departments)
    """
    A = _core_adjacency(draw)
    n = A.shape[0]
    depts = draw.core_index()["department"]
    M = depts.size
    dist = np.full((n, M), np.inf)
    sigma = np.zeros((n, M))
    dist[depts, np.arange(M)] = 0.0
    sigma[depts, np.arange(M)] = 1.0
    W = sigma.copy()
    for k in range(1, n):
        W = np.asarray(A @ W)
        new = (W > 0) & np.isinf(dist)
        if not new.any():
            break
        dist[new] = k
        sigma[new] = W[new]
        W[~new] = 0.0  # only continue walks along first arrivals (shortest paths)
    return dist, sigma


def voter_types(draw: NetworkDraw) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group voter classes by their set of core neighbours.

    Returns
    -------
    entries : ndarray (n_types, 4) of core indices (-1 = none), sorted rows
    voters : ndarray (n_types,) voters per type
    inverse : ndarray (n_classes,) type of each voter class
    """
    e = draw.class_entries()
    if e.shape[0] == 0:
        return e, np.zeros(0), np.zeros(0, dtype=np.int64)
    e = np.sort(e, axis=1)
    base = int(e.max()) + 2
    key = np.zeros(e.shape[0], dtype=np.int64)
    for j in range(e.shape[1]):
        key = key * base + (e[:, j] + 1)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    types = e[first]
    inverse = inverse.ravel()
    w = np.bincount(inverse, weights=draw.cls_voters, minlength=types.shape[0])
    return types, w, inverse


def brokerage(draw: NetworkDraw, *, paths=None) -> dict[str, np.ndarray | float]:
    """Voter→department brokerage of every core node, plus path-length summaries.

    Returns
    -------
    dict
        ``flow`` (n_core,) voter-weighted number of voter–department shortest-path
        pairs through each node (the sum over voters of networkx's unnormalised
        subset betweenness, times 2 for its undirected halving), ``share``
        (flow / weighted reachable pairs), ``pairs`` (the denominator),
        ``path_length_mean``, ``unreachable_pair_share``, ``connected_voters``.

    Examples
    --------
    >>> from democracy_study.networks.params import NetworkParams
    >>> from democracy_study.networks.model import draw_network
    >>> p = NetworkParams.from_priors(n_deputies=10, n_stations=2, n_voters=200,
    ...     n_voter_blocks=20, n_departments=4, n_referral_departments=2)
    >>> b = brokerage(draw_network(p, seed=2))
    >>> bool((b["share"] <= 1 + 1e-9).all())
    True
    """
    dD0, sD0 = paths if paths is not None else department_paths(draw)
    depts = draw.core_index()["department"]
    n, M = dD0.shape
    types, w, _ = voter_types(draw)
    flow = np.zeros(n)
    if types.shape[0] == 0 or M == 0:
        nan = float("nan")
        return {
            "flow": flow,
            "share": np.full(n, nan),
            "pairs": 0.0,
            "path_length_mean": nan,
            "unreachable_pair_share": nan,
            "connected_voters": 0.0,
        }
    # row n = "no entry"
    dD = np.vstack([dD0, np.full((1, M), np.inf)])
    sD = np.vstack([sD0, np.zeros((1, M))])
    ent = np.where(types >= 0, types, n)  # (T, 4)
    du = dD[ent]  # (T, 4, M)
    m = du.min(axis=1)  # (T, M) distance of the best entry
    ok = np.isfinite(m)
    has_entry = (types >= 0).any(axis=1)
    all_pairs = float((w * has_entry).sum() * M)
    unreach = float((w[:, None] * (~ok & has_entry[:, None])).sum())
    n_ok = ok.sum(axis=1)
    pairs = float((w * n_ok).sum())
    len_sum = float((w[:, None] * np.where(ok, m + 1.0, 0.0)).sum())
    connected = float(w[n_ok > 0].sum())
    sel = (du == m[:, None, :]) & ok[:, None, :]  # (T, 4, M) entries on a shortest path
    S = np.where(sel, sD[ent], 0.0).sum(axis=1)  # (T, M) shortest voter->department paths
    coef = np.where(sel, w[:, None, None] / np.where(S > 0, S, 1.0)[:, None, :], 0.0)
    # C[u, d]: voters x (1 / paths) entering the core at u on their way to d
    C = np.zeros((n + 1, M))
    np.add.at(C, ent.ravel(), coef.reshape(-1, M))
    # Brandes-style accumulation towards each department: acc[x, d] = C[x, d] + sum of
    # acc[y, d] over neighbours y one step further from d (descending path counts)
    acc = C[:n].copy()
    adj = _core_adjacency(draw)
    finite = np.isfinite(dD0)
    top = int(dD0[finite].max()) if finite.any() else 0
    for level in range(top, 0, -1):
        push = np.where(dD0 == level, acc, 0.0)
        acc += np.where(dD0 == level - 1, np.asarray(adj @ push), 0.0)
    through = acc * sD0
    through[depts, np.arange(M)] = 0.0  # the target is an endpoint
    flow = through.sum(axis=1)
    share = flow / pairs if pairs > 0 else np.full(n, np.nan)
    return {
        "flow": flow,
        "share": share,
        "pairs": pairs,
        "path_length_mean": len_sum / pairs if pairs > 0 else float("nan"),
        "unreachable_pair_share": unreach / all_pairs if all_pairs > 0 else float("nan"),
        "connected_voters": connected,
    }


def _entry_ok(draw: NetworkDraw, open_st: np.ndarray, st_adj: np.ndarray) -> np.ndarray:
    """Core nodes (deputies, stations, platform) with a path to a department.

    Uses the structure (exact, see tests): departments touch only stations and the platform, deputies
    only stations. An open station reaches a department if it refers to one or is
    linked through shared deputies (over open stations) to one that does.
    """
    D, S = draw.n_deputies, draw.n_stations
    has_ref = draw.referrals[:S].any(axis=1) & open_st
    good = has_ref.copy()
    for _ in range(S):
        nxt = good | (open_st & ((st_adj @ good) > 0))
        if (nxt == good).all():
            break
        good = nxt
    dep_ok = (draw.membership[:, good]).any(axis=1) if S else np.zeros(D, dtype=bool)
    parts = [dep_ok, good]
    if draw.has_platform:
        parts.append(np.array([draw.referrals[S].any()]))
    return np.concatenate(parts)


def _connected_weight(draw: NetworkDraw, types, w, open_st, st_adj) -> float:
    ok = np.append(_entry_ok(draw, open_st, st_adj), False)  # index -1 -> False
    return float(w[ok[types].any(axis=1)].sum())


def robustness_curves(
    draw: NetworkDraw,
    rng: np.random.Generator,
    fractions: Sequence[float] = ROBUSTNESS_FRACTIONS,
) -> list[tuple[str, float, float]]:
    """Share of connected voters cut off as physical stations close.

    Targeted order: stations by voter load (visits), highest first, ties by
    index; random order: a permutation from ``rng``. The platform never closes.

    Returns
    -------
    list of (strategy, closed_fraction, cut_off_share)

    Examples
    --------
    >>> from democracy_study.networks.params import NetworkParams
    >>> from democracy_study.networks.model import draw_network
    >>> p = NetworkParams.from_priors(n_deputies=10, n_stations=3, n_voters=300,
    ...                               n_voter_blocks=30, p_visit=1.0, p_contact=0.0)
    >>> c = robustness_curves(draw_network(p, seed=0), np.random.default_rng(0), [0.0, 1.0])
    >>> [round(v, 6) for _, f, v in c]  # hand: none cut at 0, all at 1 (no platform)
    [0.0, 1.0, 0.0, 1.0]
    """
    types, w, _ = voter_types(draw)
    S = draw.n_stations
    load = station_load(draw)
    targeted = np.lexsort((np.arange(S), -load))
    rand = rng.permutation(S)
    mem = draw.membership.astype(np.int64)
    st_adj = (mem.T @ mem) > 0  # stations sharing a deputy
    np.fill_diagonal(st_adj, False)
    st_adj = st_adj.astype(np.int64)
    base = _connected_weight(draw, types, w, np.ones(S, dtype=bool), st_adj)
    out = []
    for name, order in (("targeted", targeted), ("random", rand)):
        for f in fractions:
            k = round(f * S)
            if base == 0:
                out.append((name, float(f), float("nan")))
                continue
            open_st = np.ones(S, dtype=bool)
            open_st[order[:k]] = False
            cw = _connected_weight(draw, types, w, open_st, st_adj)
            out.append((name, float(f), 1.0 - cw / base))
    return out


def station_load(draw: NetworkDraw) -> np.ndarray:
    """Voters visiting each physical station (home visits plus sector stations)."""
    S = draw.n_stations
    load = np.zeros(S)
    b = draw.cls_block
    v = draw.cls_visit
    np.add.at(load, draw.block_home[b[v]], draw.cls_voters[v])
    s = draw.cls_sector
    np.add.at(load, draw.block_sector[b[s]], draw.cls_voters[s])
    return load


def network_metrics(draw: NetworkDraw, *, paths=None) -> dict[str, float]:
    """All scalar metrics of one draw (see the module docstring).

    Examples
    --------
    >>> from democracy_study.networks.params import NetworkParams
    >>> from democracy_study.networks.model import draw_network
    >>> p = NetworkParams.from_priors(n_deputies=12, n_stations=3, n_voters=600,
    ...                               n_voter_blocks=30, p_second_station=0.0)
    >>> m = network_metrics(draw_network(p, seed=1))
    >>> m["deputies_per_station_mean"]  # hand: 12 deputies, one station each, 3 stations
    4.0
    """
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    p = draw.params
    V = max(p.n_voters, 1)
    reached = float(draw.cls_voters.sum())
    b = brokerage(draw, paths=paths)
    idx = draw.core_index()
    S = draw.n_stations
    share = b["share"]
    st_share = share[idx["station"][:S]] if S else np.zeros(0)
    dep_share = share[idx["deputy"]] if draw.n_deputies else np.zeros(0)
    load = station_load(draw)
    per_station = draw.membership.sum(axis=0) if S else np.zeros(0)
    # deputy co-membership projection: deputies linked when they share a station
    D = draw.n_deputies
    if D > 1 and S:
        # sparse product: a deputy sits at one or two stations, so the projection has
        # about D x (deputies per station) entries, far fewer than D x D
        mem = sparse.csr_matrix(draw.membership, dtype=np.int32)
        proj = (mem @ mem.T).tocsr()
        proj.eliminate_zeros()
        links = int(proj.nnz - np.count_nonzero(proj.diagonal()))
        # components of the projection = deputy components of the bipartite graph
        bip = sparse.bmat([[None, mem], [mem.T, None]])
        _, comp = connected_components(bip.tocsr(), directed=False)
        giant = np.bincount(comp[:D], minlength=1).max() / D
        density = links / (D * (D - 1))
        mean_deg = links / D
    else:
        giant, density, mean_deg = float("nan"), float("nan"), float("nan")

    def _max(a):
        a = a[np.isfinite(a)] if a.size else a
        return float(a.max()) if a.size else float("nan")

    return {
        "voters_reached": reached,
        "coverage": reached / V,
        "coverage_connected": b["connected_voters"] / V,
        "deputies_per_station_mean": float(per_station.mean()) if S else float("nan"),
        "stations_without_deputy_share": float((per_station == 0).mean()) if S else float("nan"),
        "station_load_mean": float(load.mean()) if S else float("nan"),
        "station_load_max": float(load.max()) if S else float("nan"),
        "station_load_gini": gini(load) if S else float("nan"),
        "brokerage_station_max": _max(st_share),
        "brokerage_deputy_max": _max(dep_share),
        "brokerage_platform": float(share[idx["station"][S]]) if draw.has_platform else 0.0,
        "path_length_mean": b["path_length_mean"],
        "unreachable_pair_share": b["unreachable_pair_share"],
        "comembership_mean_degree": float(mean_deg),
        "comembership_density": float(density),
        "comembership_giant_share": float(giant),
    }
