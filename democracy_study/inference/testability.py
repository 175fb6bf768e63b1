"""Which predictors can be tested at all, and which are the same test (issue 12).

* :func:`alias_groups` – predictors that split the places identically (or as
  mirror images: x and 1 − x give the same two-sided test) are one test, not
  several; :func:`merge_aliases` makes them one term before multiplicity control.
* :func:`min_attainable_p` – the smallest p-value an exact test of a binary
  predictor can give at this n: for an exact permutation test of a split with
  k of n places, ``1 / C(n, k)`` (``2 / C(n, k)`` when k = n/2, because the
  mirror split is another relabelling with the same statistic); for Fisher's
  exact test with fixed margins, the p-value of the most extreme table.
* :func:`tarone` – Tarone's (1990) rule: the smallest K such that at most K
  predictors have minimum attainable p ≤ α / K; only those are *testable*, and
  the family for Benjamini–Hochberg is that set.

Examples
--------
>>> import pandas as pd
>>> X = pd.DataFrame({"a": [1, 1, 0, 0], "b": [0, 0, 1, 1], "c": [1, 0, 0, 0]},
...                  index=list("pqrs"))
>>> alias_groups(X)
[['a', 'b'], ['c']]
>>> round(min_attainable_p(6, 3), 4)  # hand: 2 / C(6,3) = 2/20
0.1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["alias_groups", "merge_aliases", "min_attainable_p", "predictor_testability", "tarone"]


def _key(col: pd.Series) -> tuple[int, ...]:
    v = tuple(int(x) for x in col)
    return min(v, tuple(1 - x for x in v))


def alias_groups(predictors: pd.DataFrame) -> list[list[str]]:
    """Groups of binary predictors with identical (or mirrored) splits.

    Parameters
    ----------
    predictors : pandas.DataFrame
        0/1 columns over the places used (missing rows dropped beforehand).

    Returns
    -------
    list of list of str
        Each group sorted by name; groups in order of their first member.

    Examples
    --------
    >>> X = pd.DataFrame({"z": [1, 0, 1], "y": [1, 0, 1], "x": [0, 1, 1]})
    >>> alias_groups(X)
    [['x'], ['y', 'z']]
    """
    groups: dict[tuple[int, ...], list[str]] = {}
    for c in predictors.columns:
        groups.setdefault(_key(predictors[c]), []).append(str(c))
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def merge_aliases(predictors: pd.DataFrame, sep: str = " = ") -> tuple[pd.DataFrame, dict]:
    """One column per alias group, named by all its members joined with *sep*.

    Returns
    -------
    merged : pandas.DataFrame
    members : dict
        ``{merged name: [member, ...]}``.

    Examples
    --------
    >>> X = pd.DataFrame({"a": [1, 0], "b": [1, 0]})
    >>> merge_aliases(X)[0].columns.tolist()
    ['a = b']
    """
    members = {sep.join(g): g for g in alias_groups(predictors)}
    merged = pd.DataFrame(
        {name: predictors[g[0]] for name, g in members.items()}, index=predictors.index
    )
    return merged, members


def min_attainable_p(
    n: int, k: int, test: str = "permutation", n_outcome: int | None = None
) -> float:
    """Smallest p-value an exact two-sided test of a k-of-n split can reach.

    Parameters
    ----------
    n, k : int
        Places and places with the predictor.
    test : {"permutation", "fisher"}
        ``"permutation"``: 1 / C(n, k), doubled when k = n/2 (the mirror split).
        ``"fisher"``: Fisher's exact test with *n_outcome* places showing the
        outcome (margins fixed).
    n_outcome : int, optional
        Required for Fisher.

    Returns
    -------
    float
        1.0 for a constant predictor.

    Examples
    --------
    >>> round(min_attainable_p(4, 2), 4)  # hand: 2 / C(4,2) = 2/6
    0.3333
    >>> round(min_attainable_p(10, 1), 4)  # hand: 1 / 10
    0.1
    >>> round(min_attainable_p(6, 3, "fisher", n_outcome=3), 4)  # 2 / C(6,3)
    0.1
    """
    if k <= 0 or k >= n:
        return 1.0
    if test == "permutation":
        return min(1.0, (2.0 if 2 * k == n else 1.0) / math.comb(n, k))
    if test == "fisher":
        if n_outcome is None:
            raise ValueError("min_attainable_p(test='fisher') needs n_outcome")
        from scipy.stats import fisher_exact

        ps = []
        for a in (max(0, k + n_outcome - n), min(k, n_outcome)):
            table = [[a, k - a], [n_outcome - a, n - k - n_outcome + a]]
            ps.append(float(fisher_exact(table)[1]))
        return min(ps)
    raise ValueError(f"test must be 'permutation' or 'fisher', got {test!r}")


def tarone(min_p: Sequence[float], alpha: float = 0.05) -> tuple[int, list[bool]]:
    """Tarone's testable set: the smallest K with #{i: min_p_i ≤ α/K} ≤ K.

    Returns
    -------
    K : int
        Size of the testable family (0 if nothing can reach α).
    testable : list of bool

    Examples
    --------
    >>> tarone([0.001, 0.01, 0.5, 0.33])  # K = 2: two tests reach 0.05/2
    (2, [True, True, False, False])
    >>> tarone([0.33, 0.33])
    (0, [False, False])
    """
    m = len(min_p)
    for K in range(1, m + 1):
        hits = [p <= alpha / K for p in min_p]
        if sum(hits) <= K:
            return (sum(hits), hits) if any(hits) else (0, [False] * m)
    return 0, [False] * m


def predictor_testability(
    outcome: pd.Series, predictors: pd.DataFrame, *, alpha: float = 0.05, test: str = "permutation"
) -> pd.DataFrame:
    """Alias groups, minimum attainable p and Tarone testability of each predictor.

    Returns
    -------
    pandas.DataFrame
        One row per predictor: term, alias (merged term), nobs, n_with, min_p,
        testable (Tarone, over the merged terms), tarone_k.

    Examples
    --------
    >>> y = pd.Series([5.0, 7.0, 1.0, 2.0], index=list("pqrs"))
    >>> X = pd.DataFrame({"a": [1, 1, 0, 0], "b": [0, 0, 1, 1]}, index=list("pqrs"))
    >>> predictor_testability(y, X)[["term", "alias", "min_p", "testable"]].round(3).values.tolist()
    [['a', 'a = b', 0.333, False], ['b', 'a = b', 0.333, False]]
    """
    keep = outcome.dropna().index.intersection(predictors.dropna().index)
    X = predictors.loc[keep]
    y = outcome.loc[keep]
    n = len(keep)
    n_outcome = int((y > 0).sum()) if test == "fisher" else None
    _merged, members = merge_aliases(X)
    mp = {
        name: min_attainable_p(n, int(X[g[0]].sum()), test, n_outcome)
        for name, g in members.items()
    }
    names = list(members)
    K, ok = tarone([mp[nm] for nm in names], alpha)
    ok_by = dict(zip(names, ok, strict=True))
    rows: list[dict[str, Any]] = [
        {
            "term": term,
            "alias": name,
            "nobs": n,
            "n_with": int(X[term].sum()),
            "min_p": mp[name],
            "testable": bool(ok_by[name]),
            "tarone_k": K,
        }
        for name, g in members.items()
        for term in g
    ]
    cols = ["term", "alias", "nobs", "n_with", "min_p", "testable", "tarone_k"]
    return (
        pd.DataFrame(rows, columns=cols).sort_values("term", kind="stable").reset_index(drop=True)
    )
