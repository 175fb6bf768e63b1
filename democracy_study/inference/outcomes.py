"""Outcome variables per place, built from reported quantities, as intervals.

Outcomes come only from quantities of kind ``count``, ``money`` or ``percent``
(facts about results; see RESEARCH_DESIGN §3). Rows flagged ``duplicate=True``
(passages copied into the wrong report by a layout error) never count.

Qualified numbers are intervals, by the package's one rule
(:func:`democracy_study.parse.intervals.qualifier_interval`; u is one unit of the
last non-zero digit of v):

============  ==========================  ======================================
qualifier     interval                    reading
============  ==========================  ======================================
exact         [v, v]                      the number as written
over          [v, v + u)                  余/多: 240余 → [240, 250), 1万余 → [1万, 2万)
at_least      [v, ∞), capped: [v, v + u]  以上/超/超过/逾: lower bound only
nearly        [v − u, v)                  近/将近: 近3000 → [2000, 3000)
at_most       [0, v]                      以下/不超过/最多: upper bound only
approx        [v − u, v + u]              约/左右/上千: either side
range         [v, value_max]              1至2件
============  ==========================  ======================================

The one open end (``at_least``) needs a finite number for sums and ratios: it
is capped by :func:`democracy_study.parse.intervals.finite_bounds` with
``open_cap`` (default ``"unit"``: 超X read like X余; a number f > 1 caps at
f·v for a sensitivity analysis). Every outcome carries ``lower``, ``upper`` and
``point`` (the number as written, or the range midpoint) so each estimate can
be recomputed at either end.

Outcome families (one row per place and outcome in :func:`build_outcomes`):

* ``total`` – ``total_<indicator>``: the place's total for an indicator, from
  counts and money only (percentages are never summed). Stock indicators
  (:data:`STOCK_INDICATORS`: deputies, stations, groups) take the largest
  figure, because the same body of deputies is mentioned several times.
  Several figures of a flow indicator (activities, issues, people...) may be
  disjoint (add up) or nested ("提出245条，其中…74条"): with
  ``aggregate="bounds"`` (default) the interval runs from the largest single
  figure (all nested) to the sum of all figures (all disjoint), and the point
  adds, over paragraphs, each paragraph's largest figure (nesting is assumed
  within a paragraph, not across). ``"sum"`` and ``"max"`` use one rule for
  all three.
* ``ratio`` – e.g. ``resolution_rate`` = issues_resolved / issues_received,
  only where numerator and denominator are both reported. Pairing (see
  :func:`pair_quantities`): within one paragraph first (each denominator is
  paired with the nearest numerator that follows it, else the nearest before
  it: "收到问题1234个，快速办结1216个"), then within one report, then (if
  allowed by ``max_level``) within the place. The level used is kept in
  ``pairing``.
* ``per_deputy`` – ``<indicator>_per_deputy`` = total / deputies. Interval:
  [num_lower / den_upper, num_upper / den_lower].
* ``change`` – reported percentage changes (``complaint_change_pct``); the
  magnitude as written, its direction comes from the indicator's wording.
  Several figures for one place give their hull [min lower, max upper] with
  the mean as point.
* ``reported`` – ``reported_<indicator>``: 1 if the place reports the
  indicator at all, else 0 (defined for every place, so absence is data).

Indicator ``other`` (and an empty indicator) is ignored. Ratios pair counts and money only, so a
percentage ("办结率98%") is never taken as a numerator. ``units`` lists the
units summed (e.g. ``人;人次``: read such totals with care).

Provenance: each outcome row has ``provenance``, a JSON list of the quantities
it came from (source_file, paragraph_id, char_start, char_end, evidence).

Examples
--------
>>> quantity_interval(240, None, "over")
(240.0, 250.0)
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from democracy_study.parse.intervals import (
    DEFAULT_OPEN_CAP,
    IntervalError,
    finite_bounds,
    interval_table,
    qualifier_interval,
)
from democracy_study.schema import TABLE_COLUMNS

__all__ = [
    "ABSOLUTE_KINDS",
    "IGNORED_INDICATORS",
    "INDICATOR_OUTCOME_COLUMNS",
    "OUTCOME_COLUMNS",
    "OUTCOME_KEY",
    "PER_DEPUTY_INDICATORS",
    "QUALIFIERS",
    "QUANTITY_COLUMNS",
    "RATIO_DEFINITIONS",
    "RESULT_KINDS",
    "STOCK_INDICATORS",
    "OutcomeError",
    "add_evidence",
    "build_outcomes",
    "circular_terms",
    "indicator_outcomes",
    "outcome_coverage",
    "outcome_name",
    "pair_quantities",
    "quantities_with_intervals",
    "quantity_interval",
    "select_count_outcome",
    "widen_outcomes",
]

#: Qualifiers understood (data contract, ARCHITECTURE.md).
QUALIFIERS = ("exact", "over", "at_least", "nearly", "at_most", "approx", "range")
#: Quantity kinds that are facts about results.
RESULT_KINDS = ("count", "money", "percent")
#: Kinds that can be summed (percentages cannot).
ABSOLUTE_KINDS = ("count", "money")
#: Indicators never turned into outcomes (no substantive meaning).
IGNORED_INDICATORS = ("other",)
#: Indicators that describe a stock (aggregate with max, not sum).
STOCK_INDICATORS = ("deputies", "stations", "groups")
#: Ratio outcomes: name -> (numerator indicator, denominator indicator).
RATIO_DEFINITIONS: dict[str, tuple[str, str]] = {
    "resolution_rate": ("issues_resolved", "issues_received"),
}
#: Indicators expressed per deputy.
PER_DEPUTY_INDICATORS = (
    "deputy_visits",
    "voters_reached",
    "people_helped",
    "activities",
    "oversight_actions",
    "opinions_collected",
    "suggestions",
    "issues_received",
    "issues_resolved",
    "disputes_mediated",
    "legislative_suggestions",
)
#: Change indicators reported as percentages.
CHANGE_INDICATORS = ("complaint_change_pct",)
#: Columns the quantities table must have.
QUANTITY_COLUMNS = tuple(  # the semantic columns of issue 11 (after duplicate) are optional here
    TABLE_COLUMNS["quantities"][: TABLE_COLUMNS["quantities"].index("duplicate") + 1]
)
#: Columns of the long outcome table.
OUTCOME_COLUMNS = (
    "place",
    "outcome",
    "family",
    "lower",
    "point",
    "upper",
    "numerator",
    "denominator",
    "pairing",
    "units",
    "n_quantities",
    "provenance",
)

_PAIRING_LEVELS = ("paragraph", "report", "place")


class OutcomeError(ValueError):
    """Bad input to the outcome builders (names the column or value at fault)."""


def quantity_interval(
    value: float,
    value_max: float | None,
    qualifier: str,
    *,
    open_cap: str | float = DEFAULT_OPEN_CAP,
) -> tuple[float, float]:
    """Return the finite ``(lower, upper)`` a qualified number stands for.

    The interval of :func:`democracy_study.parse.intervals.qualifier_interval`
    (table in the module docstring), with an open upper end capped by
    :func:`~democracy_study.parse.intervals.finite_bounds`.

    Parameters
    ----------
    value : float
        The number as written (normalised).
    value_max : float or None
        Upper end for ``range`` quantities; ignored otherwise.
    qualifier : str
        One of :data:`QUALIFIERS`.
    open_cap : {"unit"} or float, default "unit"
        Treatment of the open end of ``at_least``.

    Returns
    -------
    tuple of float

    Raises
    ------
    OutcomeError
        Unknown qualifier, missing value, a range without ``value_max`` or a
        bad ``open_cap``.

    Examples
    --------
    >>> quantity_interval(30, None, "at_least")  # 30以上, read like 30余
    (30.0, 40.0)
    >>> quantity_interval(30, None, "at_least", open_cap=1.5)
    (30.0, 45.0)
    >>> quantity_interval(100, None, "nearly")  # 近100: written at the hundreds
    (0.0, 100.0)
    >>> quantity_interval(4, 6, "range")
    (4.0, 6.0)
    """
    try:
        return finite_bounds(qualifier_interval(value, qualifier, value_max), open_cap)
    except IntervalError as exc:
        raise OutcomeError(str(exc)) from None


def _check_quantities(quantities: Any) -> None:
    import pandas as pd

    if not isinstance(quantities, pd.DataFrame):
        raise OutcomeError(
            f"quantities must be a pandas DataFrame, got {type(quantities).__name__}"
        )
    missing = [c for c in QUANTITY_COLUMNS if c not in quantities.columns]
    if missing:
        raise OutcomeError(f"quantities table lacks column(s) {missing}")


def quantities_with_intervals(
    quantities: Any,
    open_cap: str | float = DEFAULT_OPEN_CAP,
    *,
    results_only: bool = True,
) -> Any:
    """Return usable quantities with ``lower``, ``point`` and ``upper`` columns.

    Drops duplicated passages (``duplicate`` true) and, if ``results_only``,
    quantities whose ``kind`` is not in :data:`RESULT_KINDS`, and quantities
    without a place.

    Parameters
    ----------
    quantities : pandas.DataFrame
        The quantities table (columns :data:`QUANTITY_COLUMNS`).
    open_cap : {"unit"} or float, default "unit"
        Treatment of open-ended figures (see :func:`quantity_interval`).
    results_only : bool, default True
        Keep only count, money and percent quantities.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"source_file": "s", "report_id": "s#r01",
    ...     "paragraph_id": "s#r01.p01", "place": "X", "value": [10.0, 5.0],
    ...     "value_max": float("nan"), "unit": "个", "qualifier": ["over", "exact"],
    ...     "kind": "count", "indicator": "projects", "evidence": ["10余个", "5个"],
    ...     "char_start": [0, 9], "char_end": [4, 11], "duplicate": [False, True]})
    >>> quantities_with_intervals(q)[["lower", "point", "upper"]].to_numpy().tolist()
    [[10.0, 10.0, 20.0]]
    """
    _check_quantities(quantities)
    q = quantities.copy()
    dup = q["duplicate"].fillna(False).astype(bool)
    q = q[~dup]
    if results_only:
        q = q[q["kind"].isin(RESULT_KINDS)]
    q = q[q["place"].notna() & (q["place"].astype(str) != "")]
    try:
        iv = interval_table(q, open_cap=open_cap)
    except IntervalError as exc:
        raise OutcomeError(str(exc)) from None
    is_range = q["qualifier"].astype(str) == "range"
    point = q["value"].astype(float).where(~is_range, (iv["lower"] + iv["upper"]) / 2)
    q = q.assign(lower=iv["lower"], point=point, upper=iv["upper"])
    return q.sort_values(["place", "source_file", "char_start"], kind="stable").reset_index(
        drop=True
    )


def _prov(rows: Any) -> list[dict[str, Any]]:
    out = []
    for r in rows.itertuples(index=False):
        out.append(
            {
                "source_file": str(r.source_file),
                "paragraph_id": str(r.paragraph_id),
                "char_start": int(r.char_start),
                "char_end": int(r.char_end),
                "evidence": str(r.evidence),
            }
        )
    return out


def pair_quantities(
    place_rows: Any,
    numerator: str,
    denominator: str,
    *,
    max_level: str = "report",
) -> tuple[list[tuple[Any, Any]], str | None]:
    """Pair numerator and denominator quantities of one place.

    The narrowest scope wins: if any paragraph holds both indicators, only
    paragraph pairs are used; otherwise any report; otherwise (only if
    ``max_level="place"``) the place. Within a scope each denominator is paired
    with the nearest unused numerator that follows it (by ``char_start``), or
    failing that the nearest unused one before it; a quantity is used once.

    Parameters
    ----------
    place_rows : pandas.DataFrame
        Quantities of one place (output of :func:`quantities_with_intervals`).
    numerator, denominator : str
        Indicator names.
    max_level : {"paragraph", "report", "place"}, default "report"
        Widest scope allowed for pairing.

    Returns
    -------
    pairs : list of (numerator row, denominator row)
        Rows are pandas Series.
    level : str or None
        The scope used, None if nothing could be paired.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"report_id": "r", "paragraph_id": ["p1", "p1", "p2"],
    ...     "indicator": ["issues_received", "issues_resolved", "issues_resolved"],
    ...     "char_start": [0, 10, 50], "point": [1234.0, 1216.0, 7.0]})
    >>> pairs, level = pair_quantities(rows, "issues_resolved", "issues_received")
    >>> level, [(n["point"], d["point"]) for n, d in pairs]
    ('paragraph', [(1216.0, 1234.0)])
    """
    if max_level not in _PAIRING_LEVELS:
        raise OutcomeError(f"max_level must be one of {_PAIRING_LEVELS}, got {max_level!r}")
    keys = {"paragraph": "paragraph_id", "report": "report_id", "place": None}
    rel = place_rows[place_rows["indicator"].isin([numerator, denominator])]
    for level in _PAIRING_LEVELS[: _PAIRING_LEVELS.index(max_level) + 1]:
        key = keys[level]
        groups = [rel] if key is None else [g for _, g in rel.groupby(key, sort=True)]
        pairs: list[tuple[Any, Any]] = []
        for g in groups:
            g = g.sort_values("char_start", kind="stable")
            nums = [r for _, r in g.iterrows() if r["indicator"] == numerator]
            dens = [r for _, r in g.iterrows() if r["indicator"] == denominator]
            used: set[int] = set()
            for d in dens:
                after = [
                    i
                    for i, n in enumerate(nums)
                    if i not in used and n["char_start"] >= d["char_start"]
                ]
                before = [
                    i
                    for i, n in enumerate(nums)
                    if i not in used and n["char_start"] < d["char_start"]
                ]
                if after:
                    i = after[0]
                elif before:
                    i = before[-1]
                else:
                    continue
                used.add(i)
                pairs.append((nums[i], d))
        if pairs:
            return pairs, level
    return [], None


def _sum_interval(rows: Any, stock: bool, aggregate: str = "sum") -> tuple[float, float, float]:
    if stock or aggregate == "max":
        return (float(rows["lower"].max()), float(rows["point"].max()), float(rows["upper"].max()))
    if aggregate == "sum":
        return (float(rows["lower"].sum()), float(rows["point"].sum()), float(rows["upper"].sum()))
    # "bounds": figures may be nested ("其中") or disjoint
    point = float(rows.groupby("paragraph_id", sort=True)["point"].max().sum())
    return (float(rows["lower"].max()), point, float(rows["upper"].sum()))


def _hull(rows: Any) -> tuple[float, float, float]:
    return (float(rows["lower"].min()), float(rows["point"].mean()), float(rows["upper"].max()))


def _units(rows: Any) -> str:
    return ";".join(sorted({str(u) for u in rows["unit"].dropna()}))


def _div(num: tuple[float, float, float], den: tuple[float, float, float]) -> tuple[float, ...]:
    nl, npnt, nu = num
    dl, dp, du = den
    if dl <= 0:
        return (math.nan, math.nan, math.nan)
    return (nl / du, npnt / dp, nu / dl)


def build_outcomes(
    corpus: Any,
    *,
    open_cap: str | float = DEFAULT_OPEN_CAP,
    ratios: Mapping[str, tuple[str, str]] | None = None,
    per_deputy: Sequence[str] = PER_DEPUTY_INDICATORS,
    max_level: str = "report",
    places: Iterable[str] | None = None,
    aggregate: str = "bounds",
) -> Any:
    """Build the long outcome table (one row per place and outcome).

    Parameters
    ----------
    corpus : object or pandas.DataFrame
        Anything with a ``.quantities`` DataFrame (a ``Corpus``), or the
        quantities table itself. If it has ``.place_mechanisms``, its index
        adds places that report no quantities (their ``reported_*`` are 0).
    open_cap : {"unit"} or float, default "unit"
        Treatment of open-ended figures (module docstring).
    ratios : mapping, optional
        ``{name: (numerator, denominator)}``; default :data:`RATIO_DEFINITIONS`.
    per_deputy : sequence of str
        Indicators divided by the place's deputies.
    max_level : {"paragraph", "report", "place"}, default "report"
        Widest pairing scope for ratios (:func:`pair_quantities`).
    places : iterable of str, optional
        Places to include (default: every place seen).
    aggregate : {"bounds", "sum", "max"}, default "bounds"
        How several figures of one flow indicator in a place combine (see
        the module docstring): "bounds" gives [max, sum] with the sum over
        paragraphs of each paragraph's largest figure as point.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OUTCOME_COLUMNS`, sorted by place and outcome.

    Raises
    ------
    OutcomeError
        Missing columns, unknown qualifiers, bad ``open_cap``.

    Examples
    --------
    >>> import pandas as pd, types
    >>> q = pd.DataFrame({"source_file": "s", "report_id": "s#r01",
    ...     "paragraph_id": "s#r01.p02", "place": "X", "value": [100.0, 90.0, 20.0],
    ...     "value_max": float("nan"), "unit": ["个", "个", "名"],
    ...     "qualifier": ["exact", "over", "exact"], "kind": "count",
    ...     "indicator": ["issues_received", "issues_resolved", "deputies"],
    ...     "evidence": ["100个", "90余个", "20名"], "char_start": [0, 8, 20],
    ...     "char_end": [4, 12, 23], "duplicate": False})
    >>> out = build_outcomes(types.SimpleNamespace(quantities=q))
    >>> r = out.set_index("outcome").loc["resolution_rate"]  # 90余 -> [90, 100)
    >>> round(float(r["lower"]), 2), round(float(r["upper"]), 2), r["pairing"]
    (0.9, 1.0, 'paragraph')
    """
    import pandas as pd

    if aggregate not in ("bounds", "sum", "max"):
        raise OutcomeError(f"aggregate must be 'bounds', 'sum' or 'max', got {aggregate!r}")
    quantities = corpus if isinstance(corpus, pd.DataFrame) else getattr(corpus, "quantities", None)
    if quantities is None:
        raise OutcomeError("corpus has no .quantities table")
    q = quantities_with_intervals(quantities, open_cap)
    ratios = dict(RATIO_DEFINITIONS if ratios is None else ratios)
    all_places: set[str] = set(q["place"].astype(str))
    pm = None if isinstance(corpus, pd.DataFrame) else getattr(corpus, "place_mechanisms", None)
    if pm is not None:
        all_places |= {str(p) for p in pm.index}
    if places is not None:
        all_places = {str(p) for p in places}
    indicators = sorted(
        {str(i).strip() for i in q["indicator"].dropna()} - set(IGNORED_INDICATORS) - {""}
    )
    rows: list[dict[str, Any]] = []

    def add(place, outcome, family, lpu, num=None, den=None, pairing=None, prov=(), units=""):
        rows.append(
            {
                "place": place,
                "outcome": outcome,
                "family": family,
                "lower": lpu[0],
                "point": lpu[1],
                "upper": lpu[2],
                "numerator": num,
                "denominator": den,
                "pairing": pairing,
                "units": units,
                "n_quantities": len(prov),
                "provenance": json.dumps(list(prov), ensure_ascii=False),
            }
        )

    for place in sorted(all_places):
        pq = q[q["place"].astype(str) == place]
        pq_abs = pq[pq["kind"].isin(ABSOLUTE_KINDS)]  # counts and money: summable
        totals: dict[str, tuple[tuple[float, float, float], list]] = {}
        for ind in indicators:
            r = pq[pq["indicator"] == ind]
            add(place, f"reported_{ind}", "reported", (float(len(r) > 0),) * 3, prov=_prov(r))
            if len(r) == 0:
                continue
            if ind in CHANGE_INDICATORS:
                add(place, ind, "change", _hull(r), num=ind, prov=_prov(r), units=_units(r))
                continue
            ra = pq_abs[pq_abs["indicator"] == ind]
            if len(ra) == 0:
                continue
            lpu = _sum_interval(ra, ind in STOCK_INDICATORS, aggregate)
            prov = _prov(ra)
            totals[ind] = (lpu, prov)
            add(place, f"total_{ind}", "total", lpu, num=ind, prov=prov, units=_units(ra))
        for name, (num, den) in sorted(ratios.items()):
            pairs, level = pair_quantities(pq_abs, num, den, max_level=max_level)
            if not pairs:
                continue
            n_rows = pd.DataFrame([p[0] for p in pairs])
            d_rows = pd.DataFrame([p[1] for p in pairs])
            lpu = _div(_sum_interval(n_rows, False), _sum_interval(d_rows, False))
            prov = _prov(pd.concat([d_rows, n_rows]).sort_values("char_start"))
            units = f"{_units(n_rows)}/{_units(d_rows)}"
            add(place, name, "ratio", lpu, num=num, den=den, pairing=level, prov=prov, units=units)
        if "deputies" in totals:
            den_lpu, den_prov = totals["deputies"]
            for ind in per_deputy:
                if ind not in totals or ind == "deputies":
                    continue
                num_lpu, num_prov = totals[ind]
                add(
                    place,
                    f"{ind}_per_deputy",
                    "per_deputy",
                    _div(num_lpu, den_lpu),
                    num=ind,
                    den="deputies",
                    pairing="place",
                    prov=num_prov + den_prov,
                    units=f"{_units(pq_abs[pq_abs['indicator'] == ind])}/"
                    f"{_units(pq_abs[pq_abs['indicator'] == 'deputies'])}",
                )
    out = pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))
    return out.sort_values(["place", "outcome"], kind="stable").reset_index(drop=True)


def widen_outcomes(outcomes: Any, bound: str = "point", *, fill_reported: bool = True) -> Any:
    """Pivot the long outcome table to a place × outcome table at one bound.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Output of :func:`build_outcomes`.
    bound : {"lower", "point", "upper"}, default "point"
        Which end of each interval to use.
    fill_reported : bool, default True
        ``reported_*`` columns are 0 (not missing) for places without them.

    Returns
    -------
    pandas.DataFrame
        Index ``place``; missing outcomes are NaN (not reported, not zero).

    Examples
    --------
    >>> import pandas as pd
    >>> long = pd.DataFrame({"place": ["X", "Y"], "outcome": ["total_projects"] * 2,
    ...     "lower": [1.0, 2.0], "point": [1.0, 2.0], "upper": [1.5, 2.0]})
    >>> widen_outcomes(long, "upper")["total_projects"].tolist()
    [1.5, 2.0]
    """
    if bound not in ("lower", "point", "upper"):
        raise OutcomeError(f"bound must be 'lower', 'point' or 'upper', got {bound!r}")
    wide = outcomes.pivot_table(index="place", columns="outcome", values=bound, aggfunc="first")
    wide.columns.name = None
    wide = wide.sort_index()
    if fill_reported:
        rep = [c for c in wide.columns if str(c).startswith("reported_")]
        wide[rep] = wide[rep].fillna(0.0)
    return wide


def add_evidence(outcomes: Any, sep: str = " | ") -> Any:
    """Add an ``evidence`` column: the quoted quantities each outcome came from.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Output of :func:`build_outcomes`.
    sep : str, default " | "

    Returns
    -------
    pandas.DataFrame
        A copy with ``evidence`` (from the ``provenance`` JSON, in order).

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"provenance": ['[{"evidence": "100个"}, {"evidence": "90余个"}]']})
    >>> add_evidence(o)["evidence"].tolist()
    ['100个 | 90余个']
    """
    out = outcomes.copy()
    out["evidence"] = [
        sep.join(str(p.get("evidence", "")) for p in json.loads(js)) for js in out["provenance"]
    ]
    return out


def outcome_coverage(outcomes: Any, *, include_reported: bool = False) -> Any:
    """How many places report each outcome (most widely reported first).

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Output of :func:`build_outcomes`.
    include_reported : bool, default False
        Also list the ``reported_*`` indicators (defined for every place).

    Returns
    -------
    pandas.DataFrame
        Columns outcome, family, n_places, stock (True for totals of
        :data:`STOCK_INDICATORS`); sorted by n_places (descending), then name.

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"place": ["X", "Y", "X"], "family": "total",
    ...     "outcome": ["total_projects", "total_projects", "total_deputies"],
    ...     "lower": 1.0})
    >>> outcome_coverage(o)[["outcome", "n_places", "stock"]].to_numpy().tolist()
    [['total_projects', 2, False], ['total_deputies', 1, True]]
    """
    o = outcomes if include_reported else outcomes[outcomes["family"] != "reported"]
    o = o.dropna(subset=["lower"])
    cov = (
        o.groupby(["outcome", "family"], sort=True)["place"]
        .nunique()
        .rename("n_places")
        .reset_index()
    )
    stocks = {f"total_{s}" for s in STOCK_INDICATORS}
    cov["stock"] = cov["outcome"].isin(stocks)
    cov = cov.sort_values(["n_places", "outcome"], ascending=[False, True], kind="stable")
    return cov.reset_index(drop=True)


# Outcomes per kind of figure (issue 12) live in a private module; re-exported here.
from democracy_study.inference._indicator_outcomes import (  # noqa: E402
    INDICATOR_OUTCOME_COLUMNS,
    OUTCOME_KEY,
    circular_terms,
    indicator_outcomes,
    outcome_name,
    select_count_outcome,
)
