"""Count GLMs with exposure offset and permutation p-values; results across interval bounds.

* :func:`glm_test` – a Poisson (default quasi-Poisson: ``scale="X2"``, robust
  to the heavy overdispersion of reported counts) or negative-binomial GLM of
  a count outcome with an exposure offset (e.g. log deputies). The test
  statistic is the likelihood-ratio statistic for ``term`` (deviance without
  the term minus deviance with it). With ``scale="X2"`` Wald intervals and
  p-values use the t(n−k) reference and the asymptotic LR p-value F(1, n−k).
  Its p-value is a permutation p-value (:mod:`~.permutation`): the model is
  refitted with the term's values permuted across places (fixed ``seed``),
  exactly over all relabellings when they are few. Asymptotic Wald and LR
  p-values are reported beside it. Other covariates, if any, are kept fixed
  (simple permutation of the term, not Freedman–Lane).
* :func:`glm_tests` – one GLM per mechanism (or family) with
  Benjamini–Hochberg q-values.
* :func:`across_bounds` – one analysis at each end of the quantities' intervals.

Only count outcomes are modelled here; a binary outcome (reported or not) is
tested with :func:`~.exact.fisher_test`.

Bad input raises :class:`~.results.InferenceError` with a message naming the
problem: more parameters than places, a constant predictor, an outcome missing
(or zero) everywhere, non-positive exposure.

Examples
--------
>>> import pandas as pd
>>> idx = list("abcdef")
>>> y = pd.Series([30, 40, 35, 10, 12, 9], index=idx, name="issues")
>>> x = pd.Series([1, 1, 1, 0, 0, 0], index=idx, name="digital")
>>> lr, p = glm_test(y, x, n_perm=999)
>>> round(p, 3)  # hand: the split and its mirror are the 2 most extreme of C(6,3) = 20
0.1
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pandas as pd

from democracy_study.inference._reshape import (
    GLMSpec,
    check_design,
    complete_places,
    glm_frame,
    observed_outcome,
    skip_row,
)
from democracy_study.inference.exact import results_table
from democracy_study.inference.permutation import permutation_test
from democracy_study.inference.results import AssociationResult, InferenceError, ResultsTable

__all__ = ["across_bounds", "glm_test", "glm_tests"]


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


def _lr_statistics(y, X, offset, j, family_name, nb_alpha, dev0, cols) -> np.ndarray:
    """LR statistics ``dev0 - deviance`` with column *j* of *X* replaced by each of *cols*."""
    out = np.empty(len(cols))
    Xp = X.copy()
    for i, col in enumerate(cols):
        Xp[:, j] = col
        out[i] = dev0 - _deviance(y, Xp, offset, family_name, nb_alpha)
    return out


def _glm_core(
    frame: pd.DataFrame,
    spec: GLMSpec,
    family: str,
    nb_alpha: float,
    scale: str | None,
    n_perm: int,
    seed: int,
    executor: Executor | None,
    chunk_size: int,
) -> AssociationResult:
    from scipy import stats

    y, X, offset = check_design(frame, spec)
    n, k = X.shape
    model, fit, notes, separated = _fit(y, X, offset, family, nb_alpha, scale)
    j = 1 + spec.xnames.index(spec.term)
    beta = float(fit.params[j])
    ci = fit.conf_int()[j]
    dev0 = _deviance(y, np.delete(X, j, axis=1), offset, family, nb_alpha)
    lr = max(dev0 - float(fit.deviance), 0.0)
    if scale is not None:  # quasi-likelihood: F(1, df_resid) reference
        fit_scale = float(fit.scale)
        p_lr = float(stats.f.sf(lr / fit_scale, 1, n - k)) if fit_scale > 0 else math.nan
    else:
        fit_scale = 1.0
        p_lr = float(stats.chi2.sf(lr, 1))
    extra: dict[str, Any] = {
        "std_err": float(fit.bse[j]),
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
    off_txt = " with log-exposure offset" if spec.use_offset else ""
    if n_perm > 0:
        stat = functools.partial(_lr_statistics, y, X, offset, j, family, nb_alpha, dev0)
        perm = permutation_test(
            stat, X[:, j], lr, n_perm=n_perm, seed=seed, executor=executor, chunk_size=chunk_size
        )
        pvalue = perm.pvalue
        extra.update(perm.as_extra())
        method = f"{fam_txt} GLM{off_txt}; LR statistic; {perm.description}"
    else:
        pvalue = p_lr
        ref = "F(1, n-k)" if scale is not None else "chi2(1)"
        method = f"{fam_txt} GLM{off_txt}; LR statistic; asymptotic {ref} p-value"

    def interval(alpha: float) -> tuple[float, float]:
        lo, hi = fit.conf_int(alpha=alpha)[j]
        return float(lo), float(hi)

    return AssociationResult(
        statistic=lr,
        pvalue=float(pvalue),
        method=method,
        nobs=n,
        term=spec.term,
        estimate=beta,
        conf_int=(float(ci[0]), float(ci[1])),
        pvalue_asymptotic=float(fit.pvalues[j]),
        model=model,
        fit=fit,
        extra=extra,
        _interval=interval,
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
) -> AssociationResult:
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
    AssociationResult
        ``statistic`` = LR statistic, ``pvalue`` = permutation p-value,
        ``estimate`` = log rate ratio with Wald 95 % interval,
        ``pvalue_asymptotic`` = Wald p (t reference with ``scale="X2"``); ``extra`` has
        ``pvalue_lr``, ``rate_ratio``, ``n_perm``, ``perm_exact``, ``perm_min_p`` (the
        smallest p-value the design allows), ``separation``.

    Raises
    ------
    InferenceError
        More parameters than places, constant or collinear predictor,
        outcome missing or zero everywhere, non-positive or missing exposure,
        negative outcome.

    See Also
    --------
    glm_tests : one model per predictor, with q-values.
    democracy_study.inference.permutation.permutation_test

    Examples
    --------
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
    frame, spec = glm_frame(outcome, predictors, exposure, term)

    def run(keep: list, n_perm_: int) -> AssociationResult:
        return _glm_core(
            frame.loc[keep], spec, family, nb_alpha, scale, n_perm_, seed, executor, chunk_size
        )

    res = run(list(frame.index), n_perm)
    res._refit = lambda keep: run(keep, 0)
    res._index = list(frame.index)
    return res


def glm_tests(
    outcome: Any,
    predictors: pd.DataFrame,
    *,
    exposure: Any | None = None,
    covariates: pd.DataFrame | None = None,
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
    >>> idx = list("abcdef")
    >>> y = pd.Series([30, 40, 35, 10, 12, 9], index=idx, name="issues")
    >>> X = pd.DataFrame({"m1": [1, 1, 1, 0, 0, 0], "m2": [1, 1, 1, 1, 1, 1]}, index=idx)
    >>> res = glm_tests(y, X, n_perm=50)
    >>> res.summary_frame()["status"].tolist()
    ['ok', 'skipped: predictor is constant (m2 = 1 for all 6 places)']
    """
    y = observed_outcome(outcome)
    rows: list[Any] = []
    results: dict[str, AssociationResult] = {}
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
            rows.append(skip_row(str(col), "GLM", complete_places(y, X, exposure), str(exc)))
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
    return results_table(
        rows,
        results,
        method=method,
        nobs=int(y.notna().sum()),
        alpha=alpha,
        fdr_method=fdr_method,
    )


def across_bounds(
    run: Callable[[str], AssociationResult | ResultsTable],
    bounds: Sequence[str] = ("lower", "point", "upper"),
) -> pd.DataFrame:
    """Run one analysis with every quantity at each end of its interval.

    Qualified numbers (``240余``) are intervals (see
    :mod:`democracy_study.inference.outcomes`); this runs ``run(bound)`` for each bound
    and stacks the summary frames, so one can see whether a conclusion moves.
    All quantities are taken at the same end (mixed combinations are not
    enumerated).

    Parameters
    ----------
    run : callable
        ``run(bound) -> AssociationResult or ResultsTable``; typically builds the
        outcome and exposure with ``widen_outcomes(outcomes, bound)``.
    bounds : sequence of str, default ("lower", "point", "upper")

    Returns
    -------
    pandas.DataFrame
        The summary rows with a leading ``bound`` column; a bound at which
        the analysis is impossible is a row with ``status = "skipped: ..."``.

    Examples
    --------
    >>> from democracy_study.inference.exact import fisher_test
    >>> y = {"lower": [1, 1, 1, 0, 0, 0], "upper": [1, 1, 0, 0, 0, 0]}
    >>> m = pd.Series([1, 1, 1, 0, 0, 0], name="m")
    >>> t = across_bounds(lambda b: fisher_test(m, pd.Series(y[b])), ["lower", "upper"])
    >>> # hand: lower 2/C(6,3) = 0.1; upper P(a=2) = P(a=0) = 4/20, so p = 0.4
    >>> t[["bound", "pvalue"]].round(2).to_dict("list")
    {'bound': ['lower', 'upper'], 'pvalue': [0.1, 0.4]}
    """
    frames = []
    for b in bounds:
        try:
            f = run(b).summary_frame()
        except InferenceError as exc:
            f = pd.DataFrame([skip_row("", "", 0, str(exc))])
        f.insert(0, "bound", b)
        frames.append(f)
    return pd.concat(frames, ignore_index=True)
