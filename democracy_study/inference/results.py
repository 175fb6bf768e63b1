"""Result objects of the small-n tests (statsmodels style).

Every test returns an :class:`AssociationResult` (one term) or a
:class:`ResultsTable` (one row per term, with FDR q-values). Both unpack as
``statistic, pvalue = result``, carry ``method`` and ``nobs``, offer
``summary_frame(alpha=)`` and keep what they were computed from: an
:class:`AssociationResult` keeps the statsmodels model (``.model``) and fitted
results (``.fit``). Derived tables that need refits (leave-one-place-out) are
computed once and cached on the result (:func:`functools.cached_property`,
as statsmodels' ``cache_readonly``).

Examples
--------
>>> from democracy_study.inference.exact import fisher_test
>>> r = fisher_test([1, 1, 1, 0, 0, 0], [1, 1, 1, 0, 0, 0])
>>> statistic, pvalue = r
>>> round(pvalue, 4), r.nobs  # hand: 2 / C(6,3)
(0.1, 6)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["AssociationResult", "InferenceError", "ResultsTable"]

#: Columns of every summary row, in order (further scalar ``extra`` values follow).
SUMMARY_COLUMNS = (
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

#: Columns of a leave-one-place-out table.
LOO_COLUMNS = (
    "term",
    "left_out",
    "nobs",
    "estimate",
    "conf_low",
    "conf_high",
    "pvalue_asymptotic",
    "status",
)


class InferenceError(ValueError):
    """Input that cannot support the requested test (message names the problem)."""


@dataclass
class AssociationResult:
    """The association of one term (mechanism, predictor) with an outcome.

    Named for what it reports (an odds ratio or a rate ratio with its test),
    not ``Test…``, which pytest would collect as a test class.

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
        95 % interval of ``estimate`` (other levels: :meth:`interval`).
    pvalue_asymptotic : float
        Wald p-value (GLM) or, for Fisher, the same exact p-value.
    model, fit : object
        The statsmodels model and its fitted results (Fisher: ``Table2x2``
        and None).
    extra : dict
        Further numbers (LR statistic, permutation details, 2×2 table...).

    See Also
    --------
    democracy_study.inference.exact.fisher_test
    democracy_study.inference.glm.glm_test
    """

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
    #: ``alpha -> (low, high)``: the interval of ``estimate`` at level 1 - alpha.
    _interval: Callable[[float], tuple[float, float]] | None = field(default=None, repr=False)
    #: ``places -> AssociationResult``: the same analysis on a subset (permutations off).
    _refit: Callable[[list[Hashable]], AssociationResult] | None = field(default=None, repr=False)
    _index: Sequence[Hashable] | None = field(default=None, repr=False)

    def __iter__(self):
        yield self.statistic
        yield self.pvalue

    def interval(self, alpha: float = 0.05) -> tuple[float, float]:
        """The (1 - *alpha*) confidence interval of ``estimate``.

        Parameters
        ----------
        alpha : float, default 0.05

        Returns
        -------
        tuple of float

        Examples
        --------
        >>> from democracy_study.inference.exact import fisher_test
        >>> r = fisher_test([1, 1, 1, 0, 0, 1], [1, 1, 0, 0, 0, 1])
        >>> r.interval() == r.conf_int
        True
        >>> lo90, hi90 = r.interval(0.10)
        >>> r.conf_int[0] < lo90 < hi90 < r.conf_int[1]  # a 90 % interval is narrower
        True
        """
        if not 0 < alpha < 1:
            raise InferenceError(f"alpha must be in (0, 1), got {alpha!r}")
        if alpha == 0.05:
            return self.conf_int
        if self._interval is None:
            raise InferenceError("this result keeps only its 95 % interval")
        return self._interval(alpha)

    def summary_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return a one-row DataFrame (columns term, method, nobs, estimate...).

        Parameters
        ----------
        alpha : float, default 0.05
            ``conf_low`` / ``conf_high`` are the (1 - alpha) interval.

        Examples
        --------
        >>> from democracy_study.inference.exact import fisher_test
        >>> r = fisher_test([1, 1, 0, 0], [1, 0, 1, 0])
        >>> list(r.summary_frame().columns[:4])
        ['term', 'method', 'nobs', 'estimate']
        """
        low, high = self.interval(alpha)
        row = {
            "term": self.term,
            "method": self.method,
            "nobs": self.nobs,
            "estimate": self.estimate,
            "conf_low": low,
            "conf_high": high,
            "statistic": self.statistic,
            "pvalue": self.pvalue,
            "pvalue_asymptotic": self.pvalue_asymptotic,
            "status": "ok",
        }
        for k, v in self.extra.items():
            if np.isscalar(v):
                row[k] = v
        return pd.DataFrame([row])

    @functools.cached_property
    def _leave_one_out(self) -> pd.DataFrame:
        if self._refit is None or self._index is None:
            raise InferenceError("this result does not keep its data; leave-one-out impossible")
        rows = []
        for place in self._index:
            keep = [p for p in self._index if p != place]
            try:
                r = self._refit(keep)
            except InferenceError as exc:
                nobs, est, low, high, p = len(keep), math.nan, math.nan, math.nan, math.nan
                status = f"skipped: {exc}"
            else:
                nobs, est, (low, high), p = r.nobs, r.estimate, r.conf_int, r.pvalue_asymptotic
                status = "ok"
            rows.append((self.term, place, nobs, est, low, high, p, status))
        return pd.DataFrame(rows, columns=list(LOO_COLUMNS))

    def leave_one_out(self) -> pd.DataFrame:
        """Refit with each place left out (permutations off; computed once, then cached).

        Returns
        -------
        pandas.DataFrame
            One row per left-out place: ``term``, ``left_out``, ``nobs``,
            ``estimate``, ``conf_low``, ``conf_high`` (95 %),
            ``pvalue_asymptotic``, ``status`` (``ok`` or why the refit is
            impossible, e.g. the predictor became constant).

        Raises
        ------
        InferenceError
            The result was built without its data.

        Examples
        --------
        >>> from democracy_study.inference.exact import fisher_test
        >>> r = fisher_test([1, 1, 0, 0, 1], [1, 0, 0, 0, 1])
        >>> r.leave_one_out()["left_out"].tolist()
        [0, 1, 2, 3, 4]
        """
        return self._leave_one_out.copy()


@dataclass
class ResultsTable:
    """Several tests, one row each, with FDR-adjusted q-values.

    Unpacks as ``statistics, pvalues`` (arrays, NaN for skipped rows).
    ``table`` has one row per term, a ``status`` column (``ok`` or
    ``skipped: reason``) and ``qvalue`` / ``reject`` from the FDR method
    (default Benjamini–Hochberg) over the rows with status ok.

    Attributes
    ----------
    table : pandas.DataFrame
        The summary rows (95 % intervals, ``reject`` at level ``alpha``).
    results : dict
        ``term -> AssociationResult`` for the rows with status ok.
    method : str
    nobs : int
        Places with the outcome observed.
    alpha : float
        FDR level of ``reject``.

    See Also
    --------
    democracy_study.inference.exact.results_table : builds one from rows.
    """

    table: pd.DataFrame
    results: dict[str, AssociationResult]
    method: str
    nobs: int
    alpha: float

    def __iter__(self):
        yield self.table["statistic"].to_numpy(dtype=float)
        yield self.table["pvalue"].to_numpy(dtype=float)

    def summary_frame(self, alpha: float | None = None) -> pd.DataFrame:
        """Return the results table (a copy).

        Parameters
        ----------
        alpha : float, optional
            If given, ``conf_low`` / ``conf_high`` of the tested rows are
            (1 - alpha) intervals and ``reject`` is ``qvalue <= alpha`` (the
            rejections of the step-up / step-down procedures at FDR level
            alpha). Default: the table as built (95 % intervals, ``reject``
            at the table's ``alpha``).

        Examples
        --------
        >>> import pandas as pd
        >>> from democracy_study.inference.exact import fisher_tests
        >>> pm = pd.DataFrame({"m": [1, 1, 0, 0], "k": [1, 1, 1, 1]})
        >>> fisher_tests(pm, pd.Series([1, 0, 1, 0])).summary_frame()["status"].tolist()
        ['ok', 'skipped: predictor is constant (k = 1 for all 4 places)']
        """
        out = self.table.copy()
        if alpha is None:
            return out
        for i, term in enumerate(out["term"]):
            if term in self.results and out["status"].iloc[i] == "ok":
                low, high = self.results[term].interval(alpha)
                out.iloc[i, out.columns.get_loc("conf_low")] = low
                out.iloc[i, out.columns.get_loc("conf_high")] = high
        if "qvalue" in out:
            out["reject"] = out["qvalue"].to_numpy(dtype=float) <= alpha
        return out

    @functools.cached_property
    def _leave_one_out(self) -> pd.DataFrame:
        frames = [r.leave_one_out() for _, r in sorted(self.results.items())]
        if not frames:
            return pd.DataFrame(columns=list(LOO_COLUMNS))
        return pd.concat(frames, ignore_index=True)

    def leave_one_out(self) -> pd.DataFrame:
        """Leave-one-place-out refits for every tested term (concatenated, sorted by term).

        Examples
        --------
        >>> import pandas as pd
        >>> from democracy_study.inference.exact import fisher_tests
        >>> pm = pd.DataFrame({"m": [1, 1, 0, 0]})
        >>> len(fisher_tests(pm, pd.Series([1, 0, 1, 0])).leave_one_out())
        4
        """
        return self._leave_one_out.copy()
