"""Crisp-set qualitative comparative analysis (csQCA).

* :func:`truth_table` – every configuration of the conditions (2**k rows),
  with the number of cases ``n``, the consistency of the configuration as a
  subset of the outcome (share of its cases showing the outcome), and the
  outcome code: 1 if ``n >= n_cut`` and ``consistency >= incl_cut``, 0 if
  ``n >= n_cut`` and below the cut, missing (a *logical remainder*) if
  ``n < n_cut``. Configurations with cases on both sides are flagged
  ``contradictory``.
* :func:`sufficiency`, :func:`necessity`, :func:`necessity_table` –
  consistency and coverage (Ragin 2006, crisp case):
  sufficiency consistency = |X∩Y|/|X|, coverage = |X∩Y|/|Y|;
  necessity consistency = |X∩Y|/|Y|, coverage = |X∩Y|/|X|.
* :func:`prime_implicants`, :func:`essential_prime_implicants`,
  :func:`minimal_covers` – Quine–McCluskey minimisation (own implementation).
  Implicants are strings over ``0``, ``1``, ``-`` (absent, present, eliminated);
  position 0 is the first condition, which is the most significant bit of a
  minterm number. Minimal covers are found by exhaustive search over the
  non-essential prime implicants (fewest implicants, then fewest literals;
  every tied cover is returned - model ambiguity is reported, not hidden).
* :func:`minimize` – the solution for a truth table. ``remainders=
  "conservative"`` (complex solution) treats logical remainders as negative;
  ``"parsimonious"`` lets them be used as don't-cares. Terms are written with
  ``*`` for AND, ``~`` for absence and ``+`` for OR, e.g. ``A*C + B*~C``.

With about ten places, most of the 2**k configurations are remainders:
parsimonious solutions then rest on counterfactuals about configurations no
report describes, and the notebook shows both solutions.

Examples
--------
>>> sorted(prime_implicants([2, 5, 6, 7], n_vars=3))
['-10', '1-1', '11-']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "SOLUTION_COLUMNS",
    "TERM_COLUMNS",
    "QCAError",
    "QCASolution",
    "contradictory_assumptions",
    "essential_prime_implicants",
    "implicant_to_expression",
    "minimal_covers",
    "minimize",
    "necessity",
    "necessity_table",
    "prime_implicants",
    "select_conditions",
    "solutions_table",
    "sufficiency",
    "truth_table",
]


class QCAError(ValueError):
    """Bad input for QCA (non-binary data, unknown column, too many conditions)."""


#: Largest number of conditions accepted (2**k truth-table rows).
MAX_CONDITIONS = 12


def _binary(x: Any, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if np.isnan(a).any():
        raise QCAError(f"{name} has missing values; crisp-set QCA needs 0/1 for every case")
    if not set(np.unique(a)) <= {0.0, 1.0}:
        raise QCAError(f"{name} must be 0/1, found {sorted(set(np.unique(a)))}")
    return a.astype(int)


def sufficiency(x: Any, y: Any) -> tuple[float, float]:
    """Consistency and coverage of X as sufficient for Y (crisp sets).

    Parameters
    ----------
    x, y : array-like of 0/1

    Returns
    -------
    consistency, coverage : float
        NaN when the denominator is empty (no case in X, or no case in Y).

    Examples
    --------
    >>> sufficiency([1, 1, 1, 0], [1, 1, 0, 1])  # hand: 2/3, 2/3
    (0.6666666666666666, 0.6666666666666666)
    """
    xa, ya = _binary(x, "x"), _binary(y, "y")
    both = float((xa & ya).sum())
    cons = both / float(xa.sum()) if xa.sum() else float("nan")
    cov = both / float(ya.sum()) if ya.sum() else float("nan")
    return cons, cov


def necessity(x: Any, y: Any) -> tuple[float, float]:
    """Consistency and coverage of X as necessary for Y (crisp sets).

    Examples
    --------
    >>> necessity([1, 1, 1, 0], [1, 1, 0, 0])  # hand: 2/2, 2/3
    (1.0, 0.6666666666666666)
    """
    cov, cons = sufficiency(x, y)
    return cons, cov


def necessity_table(data: Any, conditions: Sequence[str], outcome: str) -> Any:
    """Necessity consistency and coverage of every condition and its absence.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"A": [1, 1, 0], "Y": [1, 0, 0]})
    >>> necessity_table(d, ["A"], "Y")["consistency"].tolist()
    [1.0, 0.0]
    """
    import pandas as pd

    _check_columns(data, [*conditions, outcome])
    y = _binary(data[outcome], outcome)
    rows = []
    for c in conditions:
        x = _binary(data[c], c)
        for label, xx in ((c, x), (f"~{c}", 1 - x)):
            cons, cov = necessity(xx, y)
            rows.append({"condition": label, "consistency": cons, "coverage": cov})
    return pd.DataFrame(rows)


def _check_columns(data: Any, cols: Sequence[str]) -> None:
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise QCAError(f"data has no column(s) {missing}")


def truth_table(
    data: Any,
    conditions: Sequence[str],
    outcome: str,
    *,
    n_cut: int = 1,
    incl_cut: float = 1.0,
    negate: bool = False,
) -> Any:
    """Build the crisp-set truth table.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per case (index = case name), 0/1 columns.
    conditions : sequence of str
        Condition columns (at most :data:`MAX_CONDITIONS`).
    outcome : str
        Outcome column.
    n_cut : int, default 1
        Frequency threshold: configurations with fewer cases are remainders.
    incl_cut : float, default 1.0
        Consistency cut-off for coding a configuration's outcome as 1.
    negate : bool, default False
        Analyse the absence of the outcome (``~outcome``, R QCA's ``"~SURV"``):
        a case shows the negated outcome when its outcome is 0.

    Returns
    -------
    pandas.DataFrame
        One row per configuration (all 2**k, sorted by minterm number):
        the conditions, ``minterm``, ``n``, ``n_outcome``, ``consistency``,
        ``outcome`` (Int64, <NA> for remainders), ``status``
        (positive/negative/remainder), ``contradictory``, ``cases`` (the
        configuration's cases, comma-separated, in data order). ``attrs`` holds
        ``conditions`` and ``outcome`` (``~name`` when negated).

    Raises
    ------
    QCAError
        Non-binary data, unknown columns, too many conditions, bad cut-offs.

    See Also
    --------
    minimize : the Boolean minimisation of the table.

    References
    ----------
    .. [1] Ragin, C. C. (2008). *Redesigning Social Inquiry: Fuzzy Sets and Beyond*, ch. 7.
       Chicago: University of Chicago Press.
    .. [2] Dusa, A. (2019). *QCA with R: A Comprehensive Resource*, ch. 7. Cham: Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"A": [1, 1, 0], "B": [0, 0, 1], "Y": [1, 0, 1]},
    ...                  index=["p", "q", "r"])
    >>> tt = truth_table(d, ["A", "B"], "Y", incl_cut=0.5)
    >>> tt[["minterm", "n", "consistency", "status"]].to_numpy().tolist()
    [[0, 0, nan, 'remainder'], [1, 1, 1.0, 'positive'], [2, 2, 0.5, 'positive'], [3, 0, nan, 'remainder']]
    """
    import pandas as pd

    conditions = list(conditions)
    if not conditions:
        raise QCAError("no conditions given")
    if len(conditions) > MAX_CONDITIONS:
        raise QCAError(
            f"{len(conditions)} conditions give 2**{len(conditions)} configurations; "
            f"at most {MAX_CONDITIONS} are supported"
        )
    if n_cut < 1:
        raise QCAError(f"n_cut must be at least 1, got {n_cut}")
    if not 0 < incl_cut <= 1:
        raise QCAError(f"incl_cut must be in (0, 1], got {incl_cut}")
    _check_columns(data, [*conditions, outcome])
    k = len(conditions)
    X = np.column_stack([_binary(data[c], c) for c in conditions])
    y = _binary(data[outcome], outcome)
    if negate:
        y = 1 - y
    weights = 2 ** np.arange(k - 1, -1, -1)
    mt = X @ weights
    cases = [str(c) for c in data.index]
    rows = []
    for m in range(2**k):
        sel = mt == m
        n = int(sel.sum())
        n_out = int(y[sel].sum())
        cons = n_out / n if n else float("nan")
        if n < n_cut:
            out, status = pd.NA, "remainder"
        elif cons >= incl_cut:
            out, status = 1, "positive"
        else:
            out, status = 0, "negative"
        row = {c: int(b) for c, b in zip(conditions, _bits(m, k), strict=True)}
        row.update(
            {
                "minterm": m,
                "n": n,
                "n_outcome": n_out,
                "consistency": cons,
                "outcome": out,
                "status": status,
                "contradictory": bool(0 < n_out < n),
                "cases": ",".join(c for c, s in zip(cases, sel, strict=True) if s),
            }
        )
        rows.append(row)
    tt = pd.DataFrame(rows)
    tt["outcome"] = tt["outcome"].astype("Int64")
    tt.attrs["conditions"] = conditions
    tt.attrs["outcome"] = f"~{outcome}" if negate else outcome
    return tt


def _bits(m: int, k: int) -> list[int]:
    return [(m >> (k - 1 - i)) & 1 for i in range(k)]


def _to_str(m: int, k: int) -> str:
    return "".join(str(b) for b in _bits(m, k))


def _covers(imp: str, m: int) -> bool:
    k = len(imp)
    return all(c == "-" or int(c) == b for c, b in zip(imp, _bits(m, k), strict=True))


def prime_implicants(
    minterms: Iterable[int], dont_cares: Iterable[int] = (), *, n_vars: int
) -> list[str]:
    """All prime implicants of a Boolean function (Quine–McCluskey).

    Parameters
    ----------
    minterms : iterable of int
        Minterm numbers where the function is 1.
    dont_cares : iterable of int
        Minterm numbers that may be used to simplify (logical remainders).
    n_vars : int
        Number of variables.

    Returns
    -------
    list of str
        Sorted implicants over ``0``/``1``/``-``.

    Examples
    --------
    >>> prime_implicants([0, 1], n_vars=2)
    ['0-']
    """
    terms = sorted({int(m) for m in minterms} | {int(d) for d in dont_cares})
    for m in terms:
        if not 0 <= m < 2**n_vars:
            raise QCAError(f"minterm {m} out of range for {n_vars} variables")
    current = {_to_str(m, n_vars) for m in terms}
    primes: set[str] = set()
    while current:
        used: set[str] = set()
        nxt: set[str] = set()
        ordered = sorted(current)
        for a, b in itertools.combinations(ordered, 2):
            diff = [i for i, (ca, cb) in enumerate(zip(a, b, strict=True)) if ca != cb]
            if len(diff) == 1 and "-" not in (a[diff[0]], b[diff[0]]):
                i = diff[0]
                nxt.add(a[:i] + "-" + a[i + 1 :])
                used.update((a, b))
        primes |= current - used
        current = nxt
    return sorted(primes)


def essential_prime_implicants(primes: Sequence[str], minterms: Iterable[int]) -> list[str]:
    """Prime implicants that alone cover some minterm.

    Examples
    --------
    >>> essential_prime_implicants(["-10", "1-1", "11-"], [2, 5, 6, 7])
    ['-10', '1-1']
    """
    ess = set()
    for m in minterms:
        cov = [p for p in primes if _covers(p, m)]
        if len(cov) == 1:
            ess.add(cov[0])
    return sorted(ess)


def _literals(imp: str) -> int:
    return sum(c != "-" for c in imp)


def minimal_covers(primes: Sequence[str], minterms: Iterable[int]) -> list[list[str]]:
    """All minimal sets of prime implicants covering the minterms.

    Essential prime implicants are always included; the rest is chosen by
    exhaustive search over subsets of increasing size, ties broken by the
    total number of literals; every remaining tie is returned.

    Examples
    --------
    >>> minimal_covers(["1--", "-1-"], [6, 7])
    [['-1-'], ['1--']]
    """
    mins = sorted({int(m) for m in minterms})
    if not mins:
        return [[]]
    useful = sorted(p for p in primes if any(_covers(p, m) for m in mins))
    for m in mins:
        if not any(_covers(p, m) for p in useful):
            raise QCAError(f"minterm {m} is covered by no prime implicant")
    ess = essential_prime_implicants(useful, mins)
    rest_m = [m for m in mins if not any(_covers(p, m) for p in ess)]
    if not rest_m:
        return [ess]
    others = [p for p in useful if p not in ess]
    for r in range(1, len(others) + 1):
        found = [
            list(c)
            for c in itertools.combinations(others, r)
            if all(any(_covers(p, m) for p in c) for m in rest_m)
        ]
        if found:
            best = min(sum(_literals(p) for p in c) for c in found)
            return sorted(sorted(ess + c) for c in found if sum(_literals(p) for p in c) == best)
    raise QCAError("no cover found")  # unreachable: every minterm is covered


def implicant_to_expression(imp: str, conditions: Sequence[str]) -> str:
    """Write an implicant in QCA notation (``*`` AND, ``~`` absence).

    Examples
    --------
    >>> implicant_to_expression("1-0", ["A", "B", "C"])
    'A*~C'
    >>> implicant_to_expression("---", ["A", "B", "C"])
    '1'
    """
    if len(imp) != len(conditions):
        raise QCAError(f"implicant {imp!r} does not match {len(conditions)} conditions")
    lits = [c if b == "1" else f"~{c}" for b, c in zip(imp, conditions, strict=True) if b != "-"]
    return "*".join(lits) if lits else "1"


@dataclass
class QCASolution:
    """A minimised csQCA solution.

    Attributes
    ----------
    expressions : list of str
        Every minimal solution (more than one = model ambiguity), ``M1``, ``M2`` ...
    implicants : list of list of str
        The same solutions as implicant strings.
    prime_implicants, essential : list of str
    terms : pandas.DataFrame
        For the first solution: term, implicant, consistency (R's ``inclS``), raw
        coverage (``covS``), unique coverage (``covU``) and the cases the term
        covers (configurations separated by ``"; "``, as R's ``show.cases``).
    models : list of pandas.DataFrame
        The same table for every solution (``models[0]`` is ``terms``).
    assumptions : list of list of int
        Per solution, the logical remainders (minterm numbers) that its terms
        cover: the *simplifying assumptions* it rests on (empty for the
        conservative solution, which uses no remainder).
    consistency, coverage : float
        Of the first solution as a whole, over the cases.
    remainders : str
        "conservative" or "parsimonious".
    conditions : list of str
    outcome : str
        The outcome as named in the truth table (``~name`` when negated).
    """

    expressions: list[str]
    implicants: list[list[str]]
    prime_implicants: list[str]
    essential: list[str]
    terms: Any
    consistency: float
    coverage: float
    remainders: str
    conditions: list[str] = field(default_factory=list)
    models: list[Any] = field(default_factory=list)
    assumptions: list[list[int]] = field(default_factory=list)
    outcome: str = ""

    def summary_frame(self) -> Any:
        """Terms of every solution, with the solution and its fit in extra columns.

        One row per (model, term); ``model`` is ``M1``, ``M2`` ... as in R's QCA.

        Examples
        --------
        >>> import pandas as pd
        >>> d = pd.DataFrame({"A": [1, 0], "Y": [1, 0]})
        >>> minimize(truth_table(d, ["A"], "Y")).summary_frame()["term"].tolist()
        ['A']
        """
        import pandas as pd

        frames = []
        for i, (expr, t) in enumerate(zip(self.expressions, self.models, strict=True)):
            t = t.copy()
            t.insert(0, "model", f"M{i + 1}")
            t["solution"] = expr
            t["solution_consistency"] = self.consistency if i == 0 else t.attrs.get("consistency")
            t["solution_coverage"] = self.coverage if i == 0 else t.attrs.get("coverage")
            t["remainders"] = self.remainders
            frames.append(t)
        if not frames:
            return self.terms.copy()
        return pd.concat(frames, ignore_index=True)

    def assumptions_frame(self, model: int = 0) -> Any:
        """The simplifying assumptions of one solution as truth-table configurations.

        One row per remainder the solution's terms cover (the conditions, its
        ``minterm`` and its row number in R's 1-based numbering, ``row``). R's
        ``minimize(..., include = "?")$SA``.

        Examples
        --------
        >>> import pandas as pd
        >>> d = pd.DataFrame({"A": [1, 0], "B": [1, 0], "Y": [1, 0]})
        >>> s = minimize(truth_table(d, ["A", "B"], "Y"), remainders="parsimonious")
        >>> s.expressions  # two one-term models, each resting on one remainder
        ['B', 'A']
        >>> s.assumptions_frame(0)[["A", "B", "row"]].to_numpy().tolist()
        [[0, 1, 2]]
        """
        import pandas as pd

        k = len(self.conditions)
        mts = self.assumptions[model] if self.assumptions else []
        rows = [
            {**dict(zip(self.conditions, _bits(m, k), strict=True)), "minterm": m, "row": m + 1}
            for m in mts
        ]
        return pd.DataFrame(rows, columns=[*self.conditions, "minterm", "row"])


def _term_cases(imp: str, tt: Any) -> str:
    """Cases of the configurations *imp* covers that show the outcome (R's ``show.cases``)."""
    groups = [
        str(r.cases)
        for r in tt.itertuples(index=False)
        if r.n_outcome > 0 and r.cases and _covers(imp, int(r.minterm))
    ]
    return "; ".join(groups)


def _model_table(imps: Sequence[str], tt: Any, conditions: Sequence[str]) -> Any:
    """Term table of one solution: consistency, raw and unique coverage, cases."""
    import pandas as pd

    mts = tt["minterm"].astype(int).to_numpy()
    n = tt["n"].to_numpy()
    n_out = tt["n_outcome"].to_numpy()

    def fit(sel: Sequence[str]) -> tuple[float, float]:
        inside = np.array([any(_covers(p, m) for p in sel) for m in mts], dtype=bool)
        x_n = float(n[inside].sum())
        xy = float(n_out[inside].sum())
        y_n = float(n_out.sum())
        return (xy / x_n if x_n else float("nan")), (xy / y_n if y_n else float("nan"))

    sol_cons, sol_cov = fit(imps)
    rows = []
    for p in imps:
        cons, cov = fit([p])
        rest = [q for q in imps if q != p]
        cov_rest = fit(rest)[1] if rest else 0.0
        rows.append(
            {
                "term": implicant_to_expression(p, conditions),
                "implicant": p,
                "consistency": cons,
                "raw_coverage": cov,
                "unique_coverage": sol_cov - (cov_rest if np.isfinite(cov_rest) else 0.0),
                "cases": _term_cases(p, tt),
            }
        )
    t = pd.DataFrame(rows, columns=[*TERM_COLUMNS])
    t.attrs["consistency"], t.attrs["coverage"] = sol_cons, sol_cov
    return t


#: Columns of :attr:`QCASolution.terms`.
TERM_COLUMNS = ("term", "implicant", "consistency", "raw_coverage", "unique_coverage", "cases")


def minimize(
    tt: Any,
    *,
    remainders: str = "conservative",
) -> QCASolution:
    """Minimise a truth table to a sum of prime implicants.

    Parameters
    ----------
    tt : pandas.DataFrame
        Output of :func:`truth_table`.
    remainders : {"conservative", "parsimonious"}, default "conservative"
        Conservative: remainders treated as negative (no counterfactuals).
        Parsimonious: remainders may be used as don't-cares; the remainders a
        solution uses are its simplifying assumptions
        (:attr:`QCASolution.assumptions`).

    Returns
    -------
    QCASolution

    Raises
    ------
    QCAError
        Bad ``remainders`` or a table without conditions.

    See Also
    --------
    truth_table : builds the table minimised here.
    contradictory_assumptions : remainders assumed both for an outcome and its negation.

    References
    ----------
    .. [1] Ragin, C. C. (2008). *Redesigning Social Inquiry: Fuzzy Sets and Beyond*, ch. 8
       (conservative, parsimonious and intermediate solutions). Chicago: University of
       Chicago Press.
    .. [2] Dusa, A. (2019). *QCA with R: A Comprehensive Resource*, ch. 8 (Quine-McCluskey
       minimisation, prime implicant charts). Cham: Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]})
    >>> minimize(truth_table(d, ["A", "B"], "Y")).expressions
    ['A']
    """
    if remainders not in ("conservative", "parsimonious"):
        raise QCAError(f"remainders must be 'conservative' or 'parsimonious', got {remainders!r}")
    conditions = list(tt.attrs.get("conditions", []))
    if not conditions:
        raise QCAError("truth table has no conditions (build it with truth_table)")
    k = len(conditions)
    on = tt.loc[tt["status"] == "positive", "minterm"].astype(int).tolist()
    dc = (
        tt.loc[tt["status"] == "remainder", "minterm"].astype(int).tolist()
        if remainders == "parsimonious"
        else []
    )
    primes = prime_implicants(on, dc, n_vars=k) if on else []
    covers = minimal_covers(primes, on) if on else [[]]
    useful = [p for p in primes if any(_covers(p, m) for m in on)]
    ess = essential_prime_implicants(useful, on)
    exprs = [
        " + ".join(implicant_to_expression(p, conditions) for p in c) if c else "0" for c in covers
    ]
    models = [_model_table(c, tt, conditions) for c in covers]
    assumptions = [sorted(m for m in dc if any(_covers(p, m) for p in c)) for c in covers]
    return QCASolution(
        expressions=exprs,
        implicants=covers,
        prime_implicants=primes,
        essential=ess,
        terms=models[0],
        consistency=float(models[0].attrs["consistency"]),
        coverage=float(models[0].attrs["coverage"]),
        remainders=remainders,
        conditions=conditions,
        models=models,
        assumptions=assumptions,
        outcome=str(tt.attrs.get("outcome", "")),
    )


def contradictory_assumptions(positive: QCASolution, negative: QCASolution) -> list[int]:
    """Remainders assumed to show the outcome in one solution and its absence in the other.

    A parsimonious solution for an outcome and one for its negation may each
    use the same logical remainder as a don't-care, assuming the configuration
    would show the outcome *and* would not: such a remainder is a
    contradictory simplifying assumption (Yamasaki & Rihoux 2009). Every model
    of each solution is considered, so a contradiction in any pairing is listed.

    Parameters
    ----------
    positive, negative : QCASolution
        Solutions for the outcome and for its negation (``truth_table(...,
        negate=True)``), over the same conditions.

    Returns
    -------
    list of int
        Sorted minterm numbers (R row number = minterm + 1); empty if none.

    Raises
    ------
    QCAError
        The two solutions have different conditions.

    References
    ----------
    .. [1] Yamasaki, S. and Rihoux, B. (2009). A commented review of applications. In
       Rihoux, B. and Ragin, C. C. (eds), *Configurational Comparative Methods*, 123-145.
       Thousand Oaks: SAGE.
    .. [2] Dusa, A. (2019). *QCA with R*, section 8.6 (contradictory simplifying assumptions).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"A": [1, 0], "B": [1, 0], "Y": [1, 0]})
    >>> pos = minimize(truth_table(d, ["A", "B"], "Y"), remainders="parsimonious")
    >>> neg = minimize(truth_table(d, ["A", "B"], "Y", negate=True), remainders="parsimonious")
    >>> contradictory_assumptions(pos, neg)  # 01 and 10 are used by both sides
    [1, 2]
    """
    if list(positive.conditions) != list(negative.conditions):
        raise QCAError(
            f"solutions over different conditions: {positive.conditions} vs {negative.conditions}"
        )
    pos = set().union(*map(set, positive.assumptions)) if positive.assumptions else set()
    neg = set().union(*map(set, negative.assumptions)) if negative.assumptions else set()
    return sorted(pos & neg)


def select_conditions(
    data: Any,
    candidates: Sequence[str] | None = None,
    *,
    max_conditions: int = 4,
    min_share: float = 0.2,
) -> list[str]:
    """Choose QCA conditions that vary across cases (a transparent, fixed rule).

    A condition present in almost every case (or almost none) cannot
    distinguish configurations. Keep candidates whose share of cases with the
    condition lies in ``[min_share, 1 - min_share]``, order them by how close
    the share is to one half (ties by name), and keep at most
    ``max_conditions`` (with n cases, 2**k should stay near n).

    Parameters
    ----------
    data : pandas.DataFrame
        0/1 columns, one row per case.
    candidates : sequence of str, optional
        Columns to consider (default: all).
    max_conditions : int, default 4
    min_share : float, default 0.2

    Returns
    -------
    list of str
        In the order of ``candidates``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [1, 1, 1, 1, 1], "b": [1, 0, 1, 0, 0], "c": [1, 1, 1, 1, 0]})
    >>> select_conditions(d, max_conditions=1)
    ['b']
    """
    cols = list(data.columns if candidates is None else candidates)
    _check_columns(data, cols)
    scored = []
    for c in cols:
        share = float(_binary(data[c], c).mean())
        if min_share <= share <= 1 - min_share:
            scored.append((abs(share - 0.5), c))
    keep = {c for _, c in sorted(scored)[:max_conditions]}
    return [c for c in cols if c in keep]


#: Columns of :func:`solutions_table` (``qca_solutions.csv``).
SOLUTION_COLUMNS = (
    "outcome",
    "remainders",
    "model",
    "solution",
    "term",
    "consistency",
    "raw_coverage",
    "unique_coverage",
    "cases",
    "solution_consistency",
    "solution_coverage",
    "n_cases",
    "conditions",
    "simplifying_assumptions",
    "contradictory_assumptions",
)


def _configuration(m: int, conditions: Sequence[str]) -> str:
    return implicant_to_expression(_to_str(m, len(conditions)), conditions)


def solutions_table(
    data: Any,
    conditions: Sequence[str],
    outcome: str,
    *,
    n_cut: int = 1,
    incl_cut: float = 1.0,
) -> Any:
    """Conservative and parsimonious solutions for an outcome and its negation, as one table.

    One row per (outcome sign, remainders, model, term); a solution with no
    positive configuration has one row with ``term`` ``"0"``. Each parsimonious
    row lists its model's simplifying assumptions (remainder configurations in
    QCA notation, ``"; "``-separated) and the contradictory ones: remainders
    that some parsimonious model of the outcome *and* one of its negation both
    assume (:func:`contradictory_assumptions`).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per case (index = case name), 0/1 columns.
    conditions : sequence of str
    outcome : str
    n_cut, incl_cut :
        As in :func:`truth_table`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SOLUTION_COLUMNS`.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"A": [1, 1, 0], "B": [1, 0, 0], "Y": [1, 1, 0]}, index=["p", "q", "r"])
    >>> t = solutions_table(d, ["A", "B"], "Y")
    >>> t[["outcome", "remainders", "term", "cases"]].to_numpy().tolist()[:2]
    [['Y', 'conservative', 'A', 'q; p'], ['Y', 'parsimonious', 'A', 'q; p']]
    """
    import pandas as pd

    sols = {}
    for negate in (False, True):
        tt = truth_table(data, conditions, outcome, n_cut=n_cut, incl_cut=incl_cut, negate=negate)
        for rem in ("conservative", "parsimonious"):
            sols[negate, rem] = minimize(tt, remainders=rem)
    contra = contradictory_assumptions(sols[False, "parsimonious"], sols[True, "parsimonious"])
    contra_txt = "; ".join(_configuration(m, conditions) for m in contra)
    rows = []
    for (_negate, rem), sol in sols.items():
        for i, (expr, t) in enumerate(zip(sol.expressions, sol.models, strict=True)):
            sa = "; ".join(_configuration(m, conditions) for m in sol.assumptions[i])
            base = {
                "outcome": sol.outcome,
                "remainders": rem,
                "model": f"M{i + 1}",
                "solution": expr,
                "solution_consistency": t.attrs["consistency"],
                "solution_coverage": t.attrs["coverage"],
                "n_cases": len(data),
                "conditions": ",".join(conditions),
                "simplifying_assumptions": sa,
                "contradictory_assumptions": contra_txt if rem == "parsimonious" else "",
            }
            terms = t.to_dict("records") or [
                {"term": "0", "consistency": float("nan"), "raw_coverage": 0.0,
                 "unique_coverage": 0.0, "cases": ""}
            ]  # fmt: skip
            for r in terms:
                rows.append({**base, **{k: r[k] for k in TERM_COLUMNS if k != "implicant"}})
    return pd.DataFrame(rows, columns=list(SOLUTION_COLUMNS))
