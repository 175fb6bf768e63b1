"""Fisher's exact tests, multiplicity (Benjamini–Hochberg) and mechanism families.

* :func:`fisher_test` – Fisher's exact test of mechanism presence against
  outcome presence (``scipy.stats.fisher_exact`` on the 2×2 table; rows =
  mechanism present/absent, columns = outcome present/absent, so an odds
  ratio above 1 means the two go together). ``.model`` is a
  ``statsmodels.stats.contingency_tables.Table2x2`` (its confidence interval
  adds 0.5 to every cell when a cell is zero).
* :func:`fisher_tests` – one test per mechanism (or family) with
  Benjamini–Hochberg q-values (:func:`adjust_pvalues`). A mechanism that
  cannot be tested (constant, too few places) is a row with a ``status`` that
  says why, never a silent NaN.
* :func:`results_table` – rows of several tests in one
  :class:`~.results.ResultsTable` with q-values (also used by the GLMs).
* :func:`mechanism_families` – collapse codes to families.

References
----------
Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate:
a practical and powerful approach to multiple testing. *Journal of the Royal
Statistical Society B* 57(1), 289–300.

Examples
--------
>>> import pandas as pd
>>> mech = pd.Series([1, 1, 1, 0, 0, 0], index=list("abcdef"))
>>> out = pd.Series([1, 1, 1, 0, 0, 0], index=list("abcdef"))
>>> odds_ratio, p = fisher_test(mech, out)
>>> round(p, 4)  # hand: 2 / C(6,3) = 2/20
0.1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from democracy_study.inference._reshape import (
    as_series,
    check_binary,
    observed_outcome,
    skip_row,
)
from democracy_study.inference.results import (
    SUMMARY_COLUMNS,
    AssociationResult,
    InferenceError,
    ResultsTable,
)

__all__ = [
    "adjust_pvalues",
    "fisher_test",
    "fisher_tests",
    "mechanism_families",
    "results_table",
]


def adjust_pvalues(
    pvalues: Sequence[float] | np.ndarray, alpha: float = 0.05, method: str = "fdr_bh"
) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg (or another statsmodels method) over finite p-values.

    NaN p-values (skipped tests) stay NaN and are not counted as tests.

    Parameters
    ----------
    pvalues : array-like
    alpha : float, default 0.05
    method : str, default "fdr_bh"
        Any method of ``statsmodels.stats.multitest.multipletests``.

    Returns
    -------
    reject : ndarray of bool
    qvalues : ndarray of float

    See Also
    --------
    statsmodels.stats.multitest.multipletests : the implementation used.

    References
    ----------
    .. [1] Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate: a
       practical and powerful approach to multiple testing. *Journal of the Royal
       Statistical Society, Series B* 57(1), 289-300.

    Examples
    --------
    >>> reject, q = adjust_pvalues([0.01, 0.04, float("nan"), 0.03])
    >>> q.round(3).tolist()  # hand: BH on 3 tests: 0.01*3/1, min(0.04, .03*3/2)
    [0.03, 0.04, nan, 0.04]
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(pvalues, dtype=float)
    reject = np.zeros(p.shape, dtype=bool)
    q = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        rej, qv, _, _ = multipletests(p[ok], alpha=alpha, method=method)
        reject[ok] = rej
        q[ok] = qv
    return reject, q


def results_table(
    rows: Sequence[pd.DataFrame | Mapping[str, Any]],
    results: Mapping[str, AssociationResult],
    *,
    method: str,
    nobs: int,
    alpha: float = 0.05,
    fdr_method: str = "fdr_bh",
) -> ResultsTable:
    """Stack summary rows into a :class:`~.results.ResultsTable` with q-values.

    Parameters
    ----------
    rows : sequence of DataFrame or dict
        One summary frame (``result.summary_frame()``) or skip row per test.
    results : mapping
        ``term -> AssociationResult`` of the tests that ran.
    method : str
    nobs : int
    alpha : float, default 0.05
        FDR level of the ``reject`` column.
    fdr_method : str, default "fdr_bh"
        Applied to ``pvalue`` over the rows with a finite p-value; ``n_tests``
        says how many.

    Returns
    -------
    ResultsTable

    Examples
    --------
    >>> a = fisher_test(pd.Series([1, 1, 1, 0, 0, 0], name="a"), [1, 1, 1, 0, 0, 0])
    >>> b = fisher_test(pd.Series([1, 1, 0, 1, 0, 0], name="b"), [1, 1, 1, 0, 0, 0])
    >>> t = results_table([a.summary_frame(), b.summary_frame()], {"a": a, "b": b},
    ...                   method="two Fisher tests", nobs=6).table
    >>> t["qvalue"].round(3).tolist()  # hand: p = 0.1 and 1.0; BH: 0.1*2/1 = 0.2, 1.0
    [0.2, 1.0]
    """
    frames = [r if isinstance(r, pd.DataFrame) else pd.DataFrame([r]) for r in rows]
    table = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    )
    reject, q = adjust_pvalues(table["pvalue"].to_numpy(dtype=float), alpha, fdr_method)
    table["qvalue"] = q
    table["reject"] = reject
    table["n_tests"] = int(np.isfinite(table["pvalue"].to_numpy(dtype=float)).sum())
    return ResultsTable(table=table, results=dict(results), method=method, nobs=nobs, alpha=alpha)


def mechanism_families(
    place_mechanisms: pd.DataFrame, families: Mapping[str, str], how: str = "any"
) -> pd.DataFrame:
    """Collapse a place × code table to place × family.

    Parameters
    ----------
    place_mechanisms : pandas.DataFrame
        0/1 table, index = place, columns = codes.
    families : mapping
        ``{code: family}`` (from the codebook or the mechanisms table).
    how : {"any", "count"}, default "any"
        1 if any code of the family is present, or the number present.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> pm = pd.DataFrame({"a": [1, 0], "b": [1, 1], "c": [0, 0]}, index=["X", "Y"])
    >>> mechanism_families(pm, {"a": "f", "b": "f", "c": "g"}, "count").to_dict("list")
    {'f': [2, 1], 'g': [0, 0]}
    """
    if how not in ("any", "count"):
        raise InferenceError(f"how must be 'any' or 'count', got {how!r}")
    unknown = sorted(set(place_mechanisms.columns) - set(families))
    if unknown:
        raise InferenceError(f"codes without a family: {unknown}")
    grouped = place_mechanisms.T.groupby(lambda c: families[c], sort=True).sum().T
    if how == "any":
        grouped = (grouped > 0).astype(int)
    return grouped.astype(int)


def _fisher_core(m: pd.Series, y: pd.Series, term: str, alternative: str) -> AssociationResult:
    from scipy.stats import fisher_exact
    from statsmodels.stats.contingency_tables import Table2x2

    if len(m) == 0:
        raise InferenceError(f"no places with both {term!r} and the outcome observed")
    if m.nunique() < 2:
        raise InferenceError(
            f"predictor is constant ({term} = {int(m.iloc[0])} for all {len(m)} places)"
        )
    if y.nunique() < 2:
        raise InferenceError(
            f"outcome is constant ({y.name} = {int(y.iloc[0])} for all {len(y)} places)"
        )
    a = int(((m == 1) & (y == 1)).sum())
    b = int(((m == 1) & (y == 0)).sum())
    c = int(((m == 0) & (y == 1)).sum())
    d = int(((m == 0) & (y == 0)).sum())
    table = np.array([[a, b], [c, d]])
    odds, p = fisher_exact(table, alternative=alternative)
    t22 = Table2x2(table, shift_zeros=True)

    def interval(alpha: float) -> tuple[float, float]:
        lo, hi = t22.oddsratio_confint(alpha=alpha)
        return float(lo), float(hi)

    return AssociationResult(
        statistic=float(odds),
        pvalue=float(p),
        method=f"Fisher exact test ({alternative}); CI: Woolf log-odds, 0.5 added if a cell is 0",
        nobs=len(m),
        term=term,
        estimate=float(odds),
        conf_int=interval(0.05),
        pvalue_asymptotic=float(p),
        model=t22,
        fit=None,
        extra={"a11": a, "a10": b, "a01": c, "a00": d},
        _interval=interval,
    )


def fisher_test(
    mechanism: Any,
    outcome: Any,
    *,
    alternative: str = "two-sided",
) -> AssociationResult:
    """Fisher's exact test of mechanism presence against outcome presence.

    Parameters
    ----------
    mechanism, outcome : pandas.Series or array-like of 0/1
        Aligned on the index (place); places with a missing value are dropped.
    alternative : {"two-sided", "greater", "less"}

    Returns
    -------
    AssociationResult
        ``statistic`` = sample odds ratio, ``pvalue`` = exact p-value;
        ``extra`` holds the cells a11 (both present), a10, a01, a00.

    Raises
    ------
    InferenceError
        Non-binary input, constant predictor or outcome, outcome missing
        everywhere.

    See Also
    --------
    fisher_tests : one test per mechanism, with q-values.

    Examples
    --------
    >>> r = fisher_test(pd.Series([1, 1, 0, 0, 0]), pd.Series([1, 1, 1, 0, 0]))
    >>> r.extra["a11"], r.extra["a00"], r.nobs
    (2, 2, 5)
    """
    m = as_series(mechanism, "mechanism")
    y = observed_outcome(outcome)
    df = pd.concat([m.rename("m"), y.rename("y")], axis=1, join="inner").dropna()
    term = str(m.name)
    mb = check_binary(df["m"].rename(term), "predictor")
    yb = check_binary(df["y"].rename(str(y.name)), "outcome")

    def refit(keep: list) -> AssociationResult:
        return _fisher_core(mb.loc[keep], yb.loc[keep], term, alternative)

    res = _fisher_core(mb, yb, term, alternative)
    res._refit = refit
    res._index = list(df.index)
    return res


def fisher_tests(
    place_mechanisms: pd.DataFrame,
    outcome: Any,
    *,
    alternative: str = "two-sided",
    alpha: float = 0.05,
    fdr_method: str = "fdr_bh",
) -> ResultsTable:
    """Fisher exact test of every mechanism against one binary outcome, with BH.

    Parameters
    ----------
    place_mechanisms : pandas.DataFrame
        0/1, index = place, one column per mechanism (or family).
    outcome : pandas.Series
        0/1 outcome presence per place.
    alternative : str, default "two-sided"
    alpha : float, default 0.05
        FDR level.
    fdr_method : str, default "fdr_bh"

    Returns
    -------
    ResultsTable
        Untestable mechanisms are rows with ``status = "skipped: ..."``.

    Raises
    ------
    InferenceError
        The outcome is missing everywhere (nothing can be tested).

    Examples
    --------
    >>> pm = pd.DataFrame({"m1": [1, 1, 1, 0, 0, 0], "m2": [1, 0, 1, 0, 1, 0]})
    >>> res = fisher_tests(pm, pd.Series([1, 1, 1, 0, 0, 0]))
    >>> res.summary_frame()[["term", "pvalue", "qvalue"]].round(3).to_dict("list")
    {'term': ['m1', 'm2'], 'pvalue': [0.1, 1.0], 'qvalue': [0.2, 1.0]}
    """
    y = observed_outcome(outcome)
    method = f"Fisher exact test ({alternative}) per mechanism; {fdr_method} q-values"
    rows: list[Any] = []
    results: dict[str, AssociationResult] = {}
    for col in place_mechanisms.columns:
        try:
            r = fisher_test(place_mechanisms[col].rename(col), y, alternative=alternative)
        except InferenceError as exc:
            rows.append(skip_row(str(col), "Fisher exact test", int(y.notna().sum()), str(exc)))
            continue
        results[str(col)] = r
        rows.append(r.summary_frame())
    return results_table(
        rows,
        results,
        method=method,
        nobs=int(y.notna().sum()),
        alpha=alpha,
        fdr_method=fdr_method,
    )
