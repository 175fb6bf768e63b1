"""The exact / Monte Carlo permutation engine.

A term's values are permuted across places and a statistic is recomputed for
every permuted column. When the term is binary and the number of distinct
relabellings C(n, k) is at most ``n_perm`` they are all enumerated (an exact
permutation test, ``p = #{T* ≥ T} / C(n, k)``); otherwise ``n_perm`` random
permutations are drawn with a fixed ``seed`` and
``p = (1 + #{T* ≥ T}) / (n_perm + 1)`` (Phipson and Smyth 2010).

Permutations are drawn before any work is dispatched, so an
``concurrent.futures.Executor`` (threads, processes, dask) that spreads the
chunks over workers gives the same result as the serial default.

References
----------
Phipson, B. and Smyth, G. K. (2010). Permutation p-values should never be
zero. *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.

Examples
--------
>>> import numpy as np
>>> x = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
>>> y = np.array([5.0, 6.0, 7.0, 1.0, 2.0, 3.0])
>>> def mean_difference(cols):
...     return np.array([y[c == 1].mean() - y[c == 0].mean() for c in cols])
>>> perm = permutation_test(mean_difference, x, observed=4.0, n_perm=999)
>>> perm.exact, perm.n_perm, perm.pvalue  # hand: 6 - 2 = 4; only this split reaches 4, of C(6,3) = 20
(True, 20, 0.05)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Permutations", "permutation_columns", "permutation_test"]


@dataclass(frozen=True)
class Permutations:
    """Outcome of a permutation test.

    Attributes
    ----------
    pvalue : float
    n_perm : int
        Permuted statistics that could be computed (finite).
    n_failed : int
        Permutations whose statistic was not finite (e.g. a refit failed).
    exact : bool
        True if every distinct relabelling was enumerated.
    seed : int
    """

    pvalue: float
    n_perm: int
    n_failed: int
    exact: bool
    seed: int

    @property
    def min_p(self) -> float:
        """The smallest p-value the design can give (exact: one relabelling of ``n_perm``)."""
        if not self.n_perm:
            return math.nan
        return 1 / self.n_perm if self.exact else 1 / (self.n_perm + 1)

    @property
    def description(self) -> str:
        """What was done, in words (for a result's ``method``)."""
        if self.exact:
            return f"exact permutation test over all {self.n_perm} relabellings"
        return f"Monte Carlo permutation test ({self.n_perm} permutations, seed {self.seed})"

    def as_extra(self) -> dict[str, Any]:
        """The numbers a result's ``extra`` carries: n_perm, n_perm_failed, perm_exact, perm_min_p.

        Examples
        --------
        >>> Permutations(0.1, 20, 0, True, 0).as_extra()["perm_min_p"]
        0.05
        """
        return {
            "n_perm": self.n_perm,
            "n_perm_failed": self.n_failed,
            "perm_exact": self.exact,
            "perm_min_p": self.min_p,
        }


def permutation_columns(x: np.ndarray, n_perm: int, seed: int) -> tuple[np.ndarray, bool]:
    """Permuted copies of *x*: every relabelling if *x* is binary and they are few, else random.

    Parameters
    ----------
    x : ndarray
    n_perm : int
        Enumerate all relabellings of a binary *x* if there are at most this
        many; otherwise draw this many random permutations.
    seed : int

    Returns
    -------
    columns : ndarray, shape (n_columns, len(x))
    exact : bool

    Examples
    --------
    >>> cols, exact = permutation_columns(np.array([1, 0, 0, 1]), 10, 0)
    >>> len(cols), exact  # hand: C(4, 2) = 6
    (6, True)
    >>> len(permutation_columns(np.array([1, 0, 0, 1]), 5, 0)[0])  # 6 > 5: random
    5
    """
    n = len(x)
    vals = np.unique(x)
    if len(vals) == 2:
        k = int((x == vals[1]).sum())
        if math.comb(n, k) <= n_perm:
            cols = []
            for ones in itertools.combinations(range(n), k):
                c = np.full(n, vals[0], dtype=float)
                c[list(ones)] = vals[1]
                cols.append(c)
            return np.array(cols), True
    rng = np.random.default_rng(seed)
    return np.array([rng.permutation(x) for _ in range(n_perm)], dtype=float), False


def _map_chunks(func: Callable, chunks: list, executor: Executor | None) -> list:
    if executor is None:
        return [func(c) for c in chunks]
    return list(executor.map(func, chunks))


def permutation_test(
    statistic: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    observed: float,
    *,
    n_perm: int,
    seed: int = 0,
    executor: Executor | None = None,
    chunk_size: int = 64,
) -> Permutations:
    """Permutation p-value of *observed* (larger = more extreme).

    Parameters
    ----------
    statistic : callable
        ``statistic(columns) -> ndarray``: the statistic for each row of
        *columns* (permuted copies of *x*); NaN where it cannot be computed
        (not counted). Must be picklable to go to a process executor (a
        module-level function or a :func:`functools.partial` of one).
    x : ndarray
        The values of the term being permuted.
    observed : float
        The statistic on the data; ties within ``1e-9`` (relative) count as hits.
    n_perm : int
    seed : int, default 0
    executor : concurrent.futures.Executor, optional
        None = serial in-process.
    chunk_size : int, default 64
        Columns per task given to the executor.

    Returns
    -------
    Permutations

    Examples
    --------
    >>> x = np.arange(8.0)
    >>> perm = permutation_test(lambda cols: cols[:, 0], x, observed=7.0, n_perm=99, seed=1)
    >>> perm.exact, perm.n_perm, 0 < perm.pvalue < 1
    (False, 99, True)
    """
    cols, exact = permutation_columns(np.asarray(x), n_perm, seed)
    chunks = [cols[i : i + chunk_size] for i in range(0, len(cols), chunk_size)]
    stats = np.concatenate(_map_chunks(statistic, chunks, executor)) if chunks else np.array([])
    finite = np.isfinite(stats)
    hits = int((stats[finite] >= observed - 1e-9 * max(1.0, abs(observed))).sum())
    m = int(finite.sum())
    pvalue = (hits / m if m else math.nan) if exact else (1 + hits) / (m + 1)
    return Permutations(
        pvalue=float(pvalue), n_perm=m, n_failed=int((~finite).sum()), exact=exact, seed=seed
    )
