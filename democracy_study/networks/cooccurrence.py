"""Mechanism co-occurrence against a fixed-marginal null, and dendrogram bootstrap support.

Both work on the place × code 0/1 matrix of the real reports (not on the
simulated networks); :mod:`democracy_study.graphs` re-exports them next to the
co-occurrence graph.

Examples
--------
>>> import pandas as pd
>>> pm = pd.DataFrame({"liaison_station": [1, 1, 0, 0], "special_inquiry": [1, 0, 1, 0]},
...                   index=list("PQRS"))
>>> float(cooccurrence_lift(pm, n_null=10)["lift"].iloc[0])  # hand: 1 * 4 / (2 * 2)
1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LIFT_COLUMNS", "cooccurrence_lift", "dendrogram_support"]

#: Columns of :func:`cooccurrence_lift`.
LIFT_COLUMNS = [
    "code_a",
    "code_b",
    "n_places",
    "n_a",
    "n_b",
    "n_both",
    "lift",
    "phi",
    "null_mean",
    "null_low",
    "null_high",
    "excess",
    "p_greater",
    "n_null",
]


def _place_matrix(place_mechanisms: pd.DataFrame):
    from democracy_study.coding.codebook import load_codebook
    from democracy_study.coding.patterns import check_place_matrix, codes_in_order

    pm = check_place_matrix(place_mechanisms)
    codes = [c for c in codes_in_order(pm, load_codebook()) if pm[c].sum() > 0]
    return pm, codes


def cooccurrence_lift(
    place_mechanisms: pd.DataFrame, *, n_null: int = 999, seed: int = 0
) -> pd.DataFrame:
    """Pairwise co-occurrence of codes against a fixed-marginal (curveball) null.

    For codes *a*, *b* reported by ``n_a`` and ``n_b`` of ``N`` places, ``n_both``
    of them both: ``lift = n_both * N / (n_a * n_b)`` (1 when the columns are
    independent in the sample), ``phi`` the 2×2 correlation (NaN when a code is
    in every place), and a null that keeps how many codes each place reports
    and how many places report each code (:func:`democracy_study.networks.null.curveball`
    on the place × code matrix): its mean and 95 % interval of ``n_both``,
    ``excess = n_both / null_mean`` and the one-sided empirical
    ``p_greater = (1 + #{null >= n_both}) / (1 + n_null)``.

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"liaison_station": [1, 1, 0, 0], "special_inquiry": [1, 0, 1, 0]},
    ...                   index=list("PQRS"))
    >>> t = cooccurrence_lift(pm, n_null=50)
    >>> float(t["lift"].iloc[0]), float(t["phi"].iloc[0])  # hand: 1 * 4 / (2 * 2) = 1; phi 0
    (1.0, 0.0)
    """
    import numpy as np
    import pandas as pd

    from democracy_study.networks.null import curveball

    pm, codes = _place_matrix(place_mechanisms)
    x = pm[codes].to_numpy(dtype=bool)
    N = x.shape[0]
    xi = x.astype(np.int64)
    both = xi.T @ xi
    na = xi.sum(axis=0)
    rng = np.random.default_rng(seed)
    iu = np.triu_indices(len(codes), 1)
    null = np.empty((n_null, iu[0].size))
    for k in range(n_null):
        r = curveball(x, rng).astype(np.int64)
        null[k] = (r.T @ r)[iu]
    rows = []
    for j, (a, b) in enumerate(zip(*iu, strict=True)):
        nab, n_a, n_b = int(both[a, b]), int(na[a]), int(na[b])
        den = n_a * n_b * (N - n_a) * (N - n_b)
        v = null[:, j]
        mean = float(v.mean()) if n_null else float("nan")
        rows.append(
            {
                "code_a": codes[a],
                "code_b": codes[b],
                "n_places": N,
                "n_a": n_a,
                "n_b": n_b,
                "n_both": nab,
                "lift": nab * N / (n_a * n_b),
                "phi": (N * nab - n_a * n_b) / np.sqrt(den) if den > 0 else float("nan"),
                "null_mean": mean,
                "null_low": float(np.quantile(v, 0.025)) if n_null else float("nan"),
                "null_high": float(np.quantile(v, 0.975)) if n_null else float("nan"),
                "excess": nab / mean if mean > 0 else float("nan"),
                "p_greater": float((1 + (v >= nab).sum()) / (1 + n_null))
                if n_null
                else float("nan"),
                "n_null": int(n_null),
            }
        )
    return pd.DataFrame(rows, columns=LIFT_COLUMNS)


def dendrogram_support(place_mechanisms: pd.DataFrame, *, n_boot: int = 200, seed: int = 0):
    """Bootstrap support of every clade of the place dendrogram (codes resampled).

    The codes (columns) are resampled with replacement ``n_boot`` times and
    the places reclustered (:func:`democracy_study.coding.patterns.place_clusters`);
    the support of a clade is the share of bootstrap trees that contain
    exactly the same set of places as one cluster (Felsenstein 1985).

    Returns
    -------
    ndarray
        Support of each row of ``place_clusters(place_mechanisms).linkage``.

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"liaison_station": [1, 1, 0], "special_inquiry": [1, 1, 0],
    ...                    "deputy_mediation": [0, 0, 1]}, index=["P", "Q", "R"])
    >>> [float(s) for s in dendrogram_support(pm, n_boot=20)]  # P, Q merge in every resample
    [1.0, 1.0]
    """
    import numpy as np

    from democracy_study.coding.patterns import place_clusters

    pm, codes = _place_matrix(place_mechanisms)
    pm = pm[codes]
    base = place_clusters(pm)
    if base.linkage is None:
        return np.zeros(0)

    def clades(link, n):
        members = [frozenset([i]) for i in range(n)]
        for a, b, *_ in link:
            members.append(members[int(a)] | members[int(b)])
        return members[n:]

    n = len(base.places)
    ref = clades(base.linkage, n)
    hits = np.zeros(len(ref))
    rng = np.random.default_rng(seed)
    for _ in range(n_boot):
        cols = rng.integers(0, len(codes), size=len(codes))
        boot = pm.iloc[:, cols]
        boot.columns = range(boot.shape[1])
        link = _jaccard_linkage(boot.to_numpy(dtype=bool), base.method)
        got = set(clades(link, n))
        hits += [c in got for c in ref]
    return hits / n_boot if n_boot else hits


def _jaccard_linkage(x, method: str):
    import numpy as np
    from scipy.cluster import hierarchy
    from scipy.spatial.distance import pdist

    condensed = np.nan_to_num(pdist(x, metric="jaccard"), nan=0.0)
    return hierarchy.linkage(condensed, method=method, optimal_ordering=True)
