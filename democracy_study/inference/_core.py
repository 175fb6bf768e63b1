"""Small-n inference: exact tests, permutation GLMs, FDR control, leave-one-out.

Units are places (about ten). Every test returns a results object in the
statsmodels style: it unpacks as ``statistic, pvalue = result``, carries
``method`` and ``nobs``, has ``summary_frame()`` and keeps the statsmodels
object it used as ``.model`` (and the fitted results as ``.fit``).

* :func:`fisher_test` – Fisher's exact test of mechanism presence against
  outcome presence (``scipy.stats.fisher_exact`` on the 2×2 table; rows =
  mechanism present/absent, columns = outcome present/absent, so an odds
  ratio above 1 means the two go together). ``.model`` is a
  ``statsmodels.stats.contingency_tables.Table2x2`` (its confidence interval
  adds 0.5 to every cell when a cell is zero).
* :func:`glm_test` – a Poisson (default quasi-Poisson: ``scale="X2"``, robust
  to the heavy overdispersion of reported counts) or negative-binomial GLM of
  a count outcome with an exposure offset (e.g. log deputies). The test
  statistic is the likelihood-ratio statistic for ``term`` (deviance without
  the term minus deviance with it). With ``scale="X2"`` Wald intervals and
  p-values use the t(n−k) reference and the asymptotic LR p-value F(1, n−k).
  Its p-value is a permutation p-value: the
  model is refitted with the term's values permuted across places (fixed
  ``seed``). When the term is binary and the number of distinct relabellings
  is at most ``n_perm`` they are all enumerated (an exact permutation test);
  otherwise ``n_perm`` random permutations are drawn and
  ``p = (1 + #{T* ≥ T}) / (n_perm + 1)``. Asymptotic Wald and LR p-values are
  reported beside it. Other covariates, if any, are kept fixed (simple
  permutation of the term, not Freedman–Lane).
* :func:`fisher_tests`, :func:`glm_tests` – one test per mechanism (or
  family) with Benjamini–Hochberg q-values (:func:`adjust_pvalues`). A
  mechanism that cannot be tested (constant, too few places) is a row with a
  ``status`` that says why, never a silent NaN.
* ``result.leave_one_out()`` – refits with each place left out in turn
  (permutation off: estimate, interval and asymptotic p only).

Bad input raises :class:`InferenceError` with a message naming the problem:
more parameters than places, a constant predictor, an outcome missing (or
constant) everywhere, non-positive exposure.

Permutations run serially in-process by default; pass any
``concurrent.futures.Executor`` as ``executor`` to spread chunks over workers
(results are identical: permutations are drawn before dispatch).

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

import itertools
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "InferenceError",
    "ResultsTable",
    "TestResult",
    "across_bounds",
    "adjust_pvalues",
    "fisher_test",
    "fisher_tests",
    "glm_test",
    "glm_tests",
    "mechanism_families",
]

_SUMMARY_COLUMNS = (
    "term",
    "method",
    "nobs",
    "estimate",
    "conf_low",
    "conf_high",
    "statistic",
    "pvalue",
    "pvalue_asymptotic",
    "status",
)


class InferenceError(ValueError):
    """Input that cannot support the requested test (message names the problem)."""


@dataclass
class TestResult:
    """Result of one test (statsmodels style).

    Attributes
    ----------
    statistic, pvalue : float
        Unpack with ``statistic, pvalue = result``.
    method : str
        What was computed, in words.
    nobs : int
        Number of places used.
    term : str
        The tested mechanism / predictor.
    estimate : float
        Odds ratio (Fisher) or log rate ratio (GLM).
    conf_int : tuple of float
        95 % interval of ``estimate``.
    pvalue_asymptotic : float
        Wald p-value (GLM) or, for Fisher, the same exact p-value.
    model, fit : object
        The statsmodels model and its fitted results (Fisher: ``Table2x2``
        and None).
    extra : dict
        Further numbers (LR statistic, permutation details, 2×2 table...).
    """

    __test__ = False  # not a pytest test class

    statistic: float
    pvalue: float
    method: str
    nobs: int
    term: str
    estimate: float
    conf_int: tuple[float, float]
    pvalue_asymptotic: float
    model: Any = None
    fit: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    _refit: Callable[[Any], TestResult] | None = field(default=None, repr=False)
    _index: Any = field(default=None, repr=False)

    def __iter__(self):
        yield self.statistic
        yield self.pvalue

    def summary_frame(self) -> Any:
        """Return a one-row DataFrame (columns term, method, nobs, estimate...).

        Examples
        --------
        >>> import pandas as pd
        >>> r = fisher_test(pd.Series([1, 1, 0, 0]), pd.Series([1, 0, 1, 0]))
        >>> list(r.summary_frame().columns[:4])
        ['term', 'method', 'nobs', 'estimate']
        """
        import pandas as pd

        row = {
            "term": self.term,
            "method": self.method,
            "nobs": self.nobs,
            "estimate": self.estimate,
            "conf_low": self.conf_int[0],
            "conf_high": self.conf_int[1],
            "statistic": self.statistic,
            "pvalue": self.pvalue,
            "pvalue_asymptotic": self.pvalue_asymptotic,
            "status": "ok",
        }
        for k, v in self.extra.items():
            if np.isscalar(v):
                row[k] = v
        return pd.DataFrame([row])

    def leave_one_out(self) -> Any:
        """Refit with each place left out (permutations off).

        Returns
        -------
        pandas.DataFrame
            One row per left-out place: ``left_out``, ``nobs``, ``estimate``,
            ``conf_low``, ``conf_high``, ``pvalue_asymptotic``, ``status``
            (``ok`` or why the refit is impossible, e.g. the predictor became
            constant).

        Examples
        --------
        >>> import pandas as pd
        >>> r = fisher_test(pd.Series([1, 1, 0, 0, 1]), pd.Series([1, 0, 0, 0, 1]))
        >>> r.leave_one_out()["left_out"].tolist()
        [0, 1, 2, 3, 4]
        """
        import pandas as pd

        if self._refit is None or self._index is None:
            raise InferenceError("this result does not keep its data; leave-one-out impossible")
        rows = []
        for place in self._index:
            keep = [p for p in self._index if p != place]
            try:
                r = self._refit(keep)
                rows.append(
                    {
                        "term": self.term,
                        "left_out": place,
                        "nobs": r.nobs,
                        "estimate": r.estimate,
                        "conf_low": r.conf_int[0],
                        "conf_high": r.conf_int[1],
                        "pvalue_asymptotic": r.pvalue_asymptotic,
                        "status": "ok",
                    }
                )
            except InferenceError as exc:
                rows.append(
                    {
                        "term": self.term,
                        "left_out": place,
                        "nobs": len(keep),
                        "estimate": math.nan,
                        "conf_low": math.nan,
                        "conf_high": math.nan,
                        "pvalue_asymptotic": math.nan,
                        "status": f"skipped: {exc}",
                    }
                )
        return pd.DataFrame(rows)


@dataclass
class ResultsTable:
    """Several tests, one row each, with FDR-adjusted q-values.

    Unpacks as ``statistics, pvalues`` (arrays, NaN for skipped rows).
    ``table`` has one row per term, a ``status`` column (``ok`` or
    ``skipped: reason``) and ``qvalue`` / ``reject`` from
    Benjamini–Hochberg over the rows with status ok.
    """

    table: Any
    results: dict[str, TestResult]
    method: str
    nobs: int
    alpha: float

    def __iter__(self):
        yield self.table["statistic"].to_numpy(dtype=float)
        yield self.table["pvalue"].to_numpy(dtype=float)

    def summary_frame(self) -> Any:
        """Return the results table (a copy).

        Examples
        --------
        >>> import pandas as pd
        >>> pm = pd.DataFrame({"m": [1, 1, 0, 0], "k": [1, 1, 1, 1]})
        >>> fisher_tests(pm, pd.Series([1, 0, 1, 0])).summary_frame()["status"].tolist()
        ['ok', 'skipped: predictor is constant (k = 1 for all 4 places)']
        """
        return self.table.copy()

    def leave_one_out(self) -> Any:
        """Leave-one-place-out refits for every tested term (concatenated).

        Examples
        --------
        >>> import pandas as pd
        >>> pm = pd.DataFrame({"m": [1, 1, 0, 0]})
        >>> len(fisher_tests(pm, pd.Series([1, 0, 1, 0])).leave_one_out())
        4
        """
        import pandas as pd

        frames = [r.leave_one_out() for _, r in sorted(self.results.items())]
        if not frames:
            return pd.DataFrame(columns=["term", "left_out", "estimate", "status"])
        return pd.concat(frames, ignore_index=True)


# ----------------------------------------------------------------------------
# helpers


def _as_series(x: Any, name: str) -> Any:
    import pandas as pd

    if isinstance(x, pd.Series):
        return x.rename(name if x.name is None else x.name)
    if isinstance(x, pd.DataFrame):
        raise InferenceError(f"{name} must be one column (Series), got a DataFrame")
    return pd.Series(np.asarray(x), name=name)


def _check_binary(s: Any, what: str) -> Any:
    vals = set(np.unique(s.to_numpy(dtype=float)))
    if not vals <= {0.0, 1.0}:
        raise InferenceError(f"{what} {s.name!r} must be 0/1, found values {sorted(vals)}")
    return s.astype(int)


def adjust_pvalues(
    pvalues: Sequence[float] | Any, alpha: float = 0.05, method: str = "fdr_bh"
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


def mechanism_families(place_mechanisms: Any, families: Mapping[str, str], how: str = "any") -> Any:
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
    >>> import pandas as pd
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


# ----------------------------------------------------------------------------
# Fisher


def _fisher_core(m: Any, y: Any, term: str, alternative: str) -> TestResult:
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
    lo, hi = t22.oddsratio_confint()
    return TestResult(
        statistic=float(odds),
        pvalue=float(p),
        method=f"Fisher exact test ({alternative}); CI: Woolf log-odds, 0.5 added if a cell is 0",
        nobs=len(m),
        term=term,
        estimate=float(odds),
        conf_int=(float(lo), float(hi)),
        pvalue_asymptotic=float(p),
        model=t22,
        fit=None,
        extra={"a11": a, "a10": b, "a01": c, "a00": d},
    )


def fisher_test(
    mechanism: Any,
    outcome: Any,
    *,
    alternative: str = "two-sided",
) -> TestResult:
    """Fisher's exact test of mechanism presence against outcome presence.

    Parameters
    ----------
    mechanism, outcome : pandas.Series or array-like of 0/1
        Aligned on the index (place); places with a missing value are dropped.
    alternative : {"two-sided", "greater", "less"}

    Returns
    -------
    TestResult
        ``statistic`` = sample odds ratio, ``pvalue`` = exact p-value;
        ``extra`` holds the cells a11 (both present), a10, a01, a00.

    Raises
    ------
    InferenceError
        Non-binary input, constant predictor or outcome, outcome missing
        everywhere.

    Examples
    --------
    >>> import pandas as pd
    >>> r = fisher_test(pd.Series([1, 1, 0, 0, 0]), pd.Series([1, 1, 1, 0, 0]))
    >>> r.extra["a11"], r.extra["a00"], r.nobs
    (2, 2, 5)
    """
    import pandas as pd

    m = _as_series(mechanism, "mechanism")
    y = _as_series(outcome, "outcome")
    if y.notna().sum() == 0:
        raise InferenceError(f"outcome {y.name!r} is missing for every place")
    df = pd.concat([m.rename("m"), y.rename("y")], axis=1, join="inner").dropna()
    term = str(m.name)
    mb = _check_binary(df["m"].rename(term), "predictor")
    yb = _check_binary(df["y"].rename(str(y.name)), "outcome")

    def refit(keep: list) -> TestResult:
        return _fisher_core(mb.loc[keep], yb.loc[keep], term, alternative)

    res = _fisher_core(mb, yb, term, alternative)
    res._refit = refit
    res._index = list(df.index)
    return res


def _skip_row(term: str, method: str, nobs: int, reason: str) -> dict[str, Any]:
    return {
        "term": term,
        "method": method,
        "nobs": nobs,
        "estimate": math.nan,
        "conf_low": math.nan,
        "conf_high": math.nan,
        "statistic": math.nan,
        "pvalue": math.nan,
        "pvalue_asymptotic": math.nan,
        "status": f"skipped: {reason}",
    }


def _table(rows: list[Any], results, method, nobs, alpha, fdr_method) -> ResultsTable:
    import pandas as pd

    frames = [r if isinstance(r, pd.DataFrame) else pd.DataFrame([r]) for r in rows]
    table = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_SUMMARY_COLUMNS)
    )
    reject, q = adjust_pvalues(table["pvalue"].to_numpy(dtype=float), alpha, fdr_method)
    table["qvalue"] = q
    table["reject"] = reject
    table["n_tests"] = int(np.isfinite(table["pvalue"].to_numpy(dtype=float)).sum())
    return ResultsTable(table=table, results=results, method=method, nobs=nobs, alpha=alpha)


def fisher_tests(
    place_mechanisms: Any,
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
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"m1": [1, 1, 1, 0, 0, 0], "m2": [1, 0, 1, 0, 1, 0]})
    >>> res = fisher_tests(pm, pd.Series([1, 1, 1, 0, 0, 0]))
    >>> res.summary_frame()[["term", "pvalue", "qvalue"]].round(3).to_dict("list")
    {'term': ['m1', 'm2'], 'pvalue': [0.1, 1.0], 'qvalue': [0.2, 1.0]}
    """
    y = _as_series(outcome, "outcome")
    if y.notna().sum() == 0:
        raise InferenceError(f"outcome {y.name!r} is missing for every place")
    method = f"Fisher exact test ({alternative}) per mechanism; {fdr_method} q-values"
    rows: list[Any] = []
    results: dict[str, TestResult] = {}
    for col in place_mechanisms.columns:
        try:
            r = fisher_test(place_mechanisms[col].rename(col), y, alternative=alternative)
        except InferenceError as exc:
            rows.append(_skip_row(str(col), "Fisher exact test", int(y.notna().sum()), str(exc)))
            continue
        results[str(col)] = r
        rows.append(r.summary_frame())
    return _table(rows, results, method, int(y.notna().sum()), alpha, fdr_method)


# ----------------------------------------------------------------------------
# GLM


def _family(name: str, nb_alpha: float):
    import statsmodels.api as sm

    if name == "poisson":
        return sm.families.Poisson()
    if name in ("negbin", "negative_binomial"):
        return sm.families.NegativeBinomial(alpha=nb_alpha)
    raise InferenceError(f"family must be 'poisson' or 'negbin', got {name!r}")


def _fit(y, X, offset, family_name, nb_alpha, scale):
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    model = sm.GLM(y, X, family=_family(family_name, nb_alpha), offset=offset)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = model.fit(scale=scale, use_t=scale is not None)
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise InferenceError(f"GLM could not be fitted ({type(exc).__name__}: {exc})") from exc
    notes = sorted({type(w.message).__name__ for w in caught})
    separated = any(issubclass(w.category, PerfectSeparationWarning) for w in caught)
    return model, fit, notes, separated


def _deviance(y, X, offset, family_name, nb_alpha) -> float:
    import statsmodels.api as sm

    model = sm.GLM(y, X, family=_family(family_name, nb_alpha), offset=offset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(model.fit().deviance)
        except (np.linalg.LinAlgError, ValueError):
            return math.nan


def _perm_chunk(args: tuple) -> np.ndarray:
    """Deviances of the full model for a chunk of permuted term columns."""
    y, X, offset, j, family_name, nb_alpha, cols = args
    out = np.empty(len(cols))
    Xp = X.copy()
    for i, col in enumerate(cols):
        Xp[:, j] = col
        out[i] = _deviance(y, Xp, offset, family_name, nb_alpha)
    return out


def _permutation_columns(x: np.ndarray, n_perm: int, seed: int) -> tuple[np.ndarray, bool]:
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


def _map_chunks(func, chunks: list, executor: Executor | None) -> list:
    if executor is None:
        return [func(c) for c in chunks]
    return list(executor.map(func, chunks))


def _glm_core(
    frame: Any,
    yname: str,
    xnames: list[str],
    term: str,
    use_offset: bool,
    family: str,
    nb_alpha: float,
    scale: str | None,
    n_perm: int,
    seed: int,
    executor: Executor | None,
    chunk_size: int,
) -> TestResult:
    from scipy import stats

    n = len(frame)
    k = 1 + len(xnames)
    if n <= k:
        raise InferenceError(
            f"model has {k} parameters but only {n} places with complete data; "
            "it needs more places than parameters"
        )
    for xn in xnames:
        if frame[xn].nunique() < 2:
            raise InferenceError(
                f"predictor is constant ({xn} = {frame[xn].iloc[0]:g} for all {n} places)"
            )
    y = frame[yname].to_numpy(dtype=float)
    if (y <= 0).all():
        raise InferenceError(f"outcome {yname!r} is zero for all {n} places")
    X = np.column_stack([np.ones(n), frame[xnames].to_numpy(dtype=float)])
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise InferenceError(f"predictors {xnames} are collinear over these {n} places")
    offset = np.log(frame["__exposure"].to_numpy(dtype=float)) if use_offset else None
    model, fit, notes, separated = _fit(y, X, offset, family, nb_alpha, scale)
    j = 1 + xnames.index(term)
    beta = float(fit.params[j])
    se = float(fit.bse[j])
    ci = fit.conf_int()[j]
    p_wald = float(fit.pvalues[j])
    X0 = np.delete(X, j, axis=1)
    dev0 = _deviance(y, X0, offset, family, nb_alpha)
    dev1 = float(fit.deviance)
    lr = max(dev0 - dev1, 0.0)
    if scale is not None:  # quasi-likelihood: F(1, df_resid) reference
        fit_scale = float(fit.scale)
        p_lr = float(stats.f.sf(lr / fit_scale, 1, n - k)) if fit_scale > 0 else math.nan
    else:
        fit_scale = 1.0
        p_lr = float(stats.chi2.sf(lr, 1))
    extra: dict[str, Any] = {
        "std_err": se,
        "rate_ratio": math.exp(beta) if abs(beta) < 700 else math.inf,
        "lr_statistic": lr,
        "pvalue_lr": p_lr,
        "scale": fit_scale,
        "warnings": ";".join(notes),
        "separation": separated,
    }
    scale_txt = "quasi-" if scale == "X2" else ""
    fam_txt = (
        f"{scale_txt}Poisson" if family == "poisson" else f"negative binomial (alpha={nb_alpha})"
    )
    off_txt = " with log-exposure offset" if use_offset else ""
    if n_perm > 0:
        cols, exact = _permutation_columns(X[:, j], n_perm, seed)
        chunks = [
            (y, X, offset, j, family, nb_alpha, cols[i : i + chunk_size])
            for i in range(0, len(cols), chunk_size)
        ]
        devs = np.concatenate(_map_chunks(_perm_chunk, chunks, executor))
        stats_perm = dev0 - devs
        finite = np.isfinite(stats_perm)
        hits = int((stats_perm[finite] >= lr - 1e-9 * max(1.0, abs(lr))).sum())
        m = int(finite.sum())
        if exact:
            pvalue = hits / m
            how = f"exact permutation test over all {m} relabellings"
        else:
            pvalue = (1 + hits) / (m + 1)
            how = f"Monte Carlo permutation test ({m} permutations, seed {seed})"
        extra.update(
            {
                "n_perm": m,
                "n_perm_failed": int((~finite).sum()),
                "perm_exact": exact,
                # smallest p-value this design can give (exact: 1 relabelling of m)
                "perm_min_p": (1 / m if exact else 1 / (m + 1)) if m else math.nan,
            }
        )
        method = f"{fam_txt} GLM{off_txt}; LR statistic; {how}"
    else:
        pvalue = p_lr
        ref = "F(1, n-k)" if scale is not None else "chi2(1)"
        method = f"{fam_txt} GLM{off_txt}; LR statistic; asymptotic {ref} p-value"
    return TestResult(
        statistic=lr,
        pvalue=float(pvalue),
        method=method,
        nobs=n,
        term=term,
        estimate=beta,
        conf_int=(float(ci[0]), float(ci[1])),
        pvalue_asymptotic=p_wald,
        model=model,
        fit=fit,
        extra=extra,
    )


def glm_test(
    outcome: Any,
    predictors: Any,
    *,
    exposure: Any | None = None,
    term: str | None = None,
    family: str = "poisson",
    scale: str | None = "X2",
    nb_alpha: float = 1.0,
    n_perm: int = 999,
    seed: int = 0,
    executor: Executor | None = None,
    chunk_size: int = 64,
) -> TestResult:
    """Count GLM with exposure offset and a permutation p-value for one term.

    Parameters
    ----------
    outcome : pandas.Series
        Non-negative counts per place (index = place). Missing = not reported:
        those places are dropped (``nobs`` says how many remain).
    predictors : pandas.Series or DataFrame
        Mechanism indicators (or family counts), index = place.
    exposure : pandas.Series, optional
        Positive exposure (e.g. deputies); enters as offset ``log(exposure)``.
        Places without an exposure value are dropped like places without an
        outcome (``nobs`` counts the places used).
    term : str, optional
        Predictor to test (default: the first column).
    family : {"poisson", "negbin"}, default "poisson"
    scale : {"X2", None}, default "X2"
        ``"X2"``: quasi-Poisson (Pearson dispersion); None: pure likelihood.
    nb_alpha : float, default 1.0
        Negative-binomial dispersion (fixed) when ``family="negbin"``.
    n_perm : int, default 999
        Permutations (0 = asymptotic LR p-value only).
    seed : int, default 0
    executor : concurrent.futures.Executor, optional
        Spread permutation chunks over workers; None = serial in-process.
    chunk_size : int, default 64
        Permutations per task given to the executor.

    Returns
    -------
    TestResult
        ``statistic`` = LR statistic, ``pvalue`` = permutation p-value,
        ``estimate`` = log rate ratio with Wald 95 % interval,
        ``pvalue_asymptotic`` = Wald p (t reference with ``scale="X2"``); ``extra`` has ``pvalue_lr``,
        ``rate_ratio``, ``n_perm``, ``perm_exact``, ``perm_min_p`` (the
        smallest p-value the design allows), ``separation``.

    Raises
    ------
    InferenceError
        More parameters than places, constant or collinear predictor,
        outcome missing or zero everywhere, non-positive or missing exposure,
        negative outcome.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = list("abcdef")
    >>> y = pd.Series([30, 40, 35, 10, 12, 9], index=idx, name="issues")
    >>> x = pd.Series([1, 1, 1, 0, 0, 0], index=idx, name="digital")
    >>> deputies = pd.Series([10, 10, 10, 10, 10, 10], index=idx)
    >>> r = glm_test(y, x, exposure=deputies, n_perm=100)
    >>> r.extra["perm_exact"], r.extra["n_perm"], round(r.pvalue, 3)  # hand: 2/C(6,3)
    (True, 20, 0.1)
    >>> round(r.extra["rate_ratio"], 4)  # hand: (105/30) / (31/30)
    3.3871
    """
    import pandas as pd

    y = _as_series(outcome, "outcome")
    yname = str(y.name)
    if y.notna().sum() == 0:
        raise InferenceError(f"outcome {yname!r} is missing for every place")
    X = predictors.to_frame() if isinstance(predictors, pd.Series) else predictors
    if not isinstance(X, pd.DataFrame):
        X = pd.DataFrame(np.asarray(predictors), index=y.index)
    X = X.copy()
    X.columns = [str(c) for c in X.columns]
    xnames = list(X.columns)
    if not xnames:
        raise InferenceError("no predictors given")
    if yname in xnames:
        raise InferenceError(f"outcome name {yname!r} is also a predictor name")
    term = xnames[0] if term is None else str(term)
    if term not in xnames:
        raise InferenceError(f"term {term!r} is not among the predictors {xnames}")
    frame = pd.concat([y.rename(yname), X], axis=1, join="inner")
    use_offset = exposure is not None
    if use_offset:
        e = _as_series(exposure, "exposure")
        frame = frame.join(e.rename("__exposure"), how="inner")
    frame = frame.dropna()
    if (frame[yname] < 0).any():
        raise InferenceError(f"outcome {yname!r} has negative values; counts expected")
    if use_offset and (frame["__exposure"] <= 0).any():
        bad = list(frame.index[frame["__exposure"] <= 0])
        raise InferenceError(f"exposure must be positive; non-positive for {bad}")

    def run(keep: list, n_perm_: int) -> TestResult:
        return _glm_core(
            frame.loc[keep],
            yname,
            xnames,
            term,
            use_offset,
            family,
            nb_alpha,
            scale,
            n_perm_,
            seed,
            executor,
            chunk_size,
        )

    res = run(list(frame.index), n_perm)
    res._refit = lambda keep: run(keep, 0)
    res._index = list(frame.index)
    return res


def glm_tests(
    outcome: Any,
    predictors: Any,
    *,
    exposure: Any | None = None,
    covariates: Any | None = None,
    family: str = "poisson",
    scale: str | None = "X2",
    nb_alpha: float = 1.0,
    n_perm: int = 999,
    seed: int = 0,
    executor: Executor | None = None,
    alpha: float = 0.05,
    fdr_method: str = "fdr_bh",
) -> ResultsTable:
    """One GLM per predictor column (plus optional covariates), with BH q-values.

    Parameters
    ----------
    outcome : pandas.Series
    predictors : pandas.DataFrame
        One column per mechanism or family; each is tested in its own model.
    exposure, family, scale, nb_alpha, n_perm, seed, executor
        As in :func:`glm_test`.
    covariates : pandas.DataFrame, optional
        Columns added to every model (fixed, not tested).
    alpha : float, default 0.05
    fdr_method : str, default "fdr_bh"
        Applied to the permutation p-values (``pvalue``).

    Returns
    -------
    ResultsTable

    Raises
    ------
    InferenceError
        Outcome missing everywhere.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = list("abcdef")
    >>> y = pd.Series([30, 40, 35, 10, 12, 9], index=idx, name="issues")
    >>> X = pd.DataFrame({"m1": [1, 1, 1, 0, 0, 0], "m2": [1, 1, 1, 1, 1, 1]}, index=idx)
    >>> res = glm_tests(y, X, n_perm=50)
    >>> res.summary_frame()["status"].tolist()
    ['ok', 'skipped: predictor is constant (m2 = 1 for all 6 places)']
    """
    import pandas as pd

    y = _as_series(outcome, "outcome")
    if y.notna().sum() == 0:
        raise InferenceError(f"outcome {y.name!r} is missing for every place")
    rows: list[Any] = []
    results: dict[str, TestResult] = {}
    method = ""
    for col in predictors.columns:
        X = predictors[[col]]
        if covariates is not None:
            X = pd.concat([X, covariates], axis=1, join="inner")
        try:
            r = glm_test(
                y,
                X,
                exposure=exposure,
                term=str(col),
                family=family,
                scale=scale,
                nb_alpha=nb_alpha,
                n_perm=n_perm,
                seed=seed,
                executor=executor,
            )
        except InferenceError as exc:
            parts = [y.rename("__y"), X] + ([] if exposure is None else [pd.Series(exposure)])
            n_complete = len(pd.concat(parts, axis=1, join="inner").dropna())
            rows.append(_skip_row(str(col), "GLM", n_complete, str(exc)))
            continue
        results[str(col)] = r
        method = r.method.split("; ")[0]
        rows.append(r.summary_frame())
    perm = (
        f"permutation p-values (all relabellings when at most {n_perm}, else {n_perm} "
        f"random permutations, seed {seed})"
        if n_perm > 0
        else "asymptotic LR p-values"
    )
    method = f"{method or 'GLM'} per predictor; LR statistic; {perm}; {fdr_method} q-values"
    return _table(rows, results, method, int(y.notna().sum()), alpha, fdr_method)


def across_bounds(
    run: Callable[[str], TestResult | ResultsTable],
    bounds: Sequence[str] = ("lower", "point", "upper"),
) -> Any:
    """Run one analysis with every quantity at each end of its interval.

    Qualified numbers (``240余``) are intervals (see
    :mod:`democracy_study.inference.outcomes`); this runs ``run(bound)`` for each bound
    and stacks the summary frames, so one can see whether a conclusion moves.
    All quantities are taken at the same end (mixed combinations are not
    enumerated).

    Parameters
    ----------
    run : callable
        ``run(bound) -> TestResult or ResultsTable``; typically builds the
        outcome and exposure with ``widen_outcomes(outcomes, bound)``.
    bounds : sequence of str, default ("lower", "point", "upper")

    Returns
    -------
    pandas.DataFrame
        The summary rows with a leading ``bound`` column; a bound at which
        the analysis is impossible is a row with ``status = "skipped: ..."``.

    Examples
    --------
    >>> import pandas as pd
    >>> y = {"lower": [1, 1, 1, 0, 0, 0], "upper": [1, 1, 0, 0, 0, 0]}
    >>> m = pd.Series([1, 1, 1, 0, 0, 0], name="m")
    >>> t = across_bounds(lambda b: fisher_test(m, pd.Series(y[b])), ["lower", "upper"])
    >>> # hand: lower 2/C(6,3) = 0.1; upper P(a=2) = P(a=0) = 4/20, so p = 0.4
    >>> t[["bound", "pvalue"]].round(2).to_dict("list")
    {'bound': ['lower', 'upper'], 'pvalue': [0.1, 0.4]}
    """
    import pandas as pd

    frames = []
    for b in bounds:
        try:
            f = run(b).summary_frame()
        except InferenceError as exc:
            f = pd.DataFrame([_skip_row("", "", 0, str(exc))])
        f.insert(0, "bound", b)
        frames.append(f)
    return pd.concat(frames, ignore_index=True)
