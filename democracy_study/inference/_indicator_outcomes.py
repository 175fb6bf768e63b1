"""Outcomes per kind of figure, the selection rule and circularity (issue 12).

Private: the public names are re-exported by :mod:`democracy_study.inference.outcomes`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from democracy_study.inference.outcomes import (
    ABSOLUTE_KINDS,
    IGNORED_INDICATORS,
    STOCK_INDICATORS,
    OutcomeError,
)

__all__ = [
    "INDICATOR_OUTCOME_COLUMNS",
    "OUTCOME_KEY",
    "circular_terms",
    "indicator_outcomes",
    "outcome_name",
    "select_count_outcome",
]

# --------------------------------------------------------------------------------------
# Outcomes on the meaning columns (issue 12)
# --------------------------------------------------------------------------------------

#: Columns of :func:`indicator_outcomes`.
INDICATOR_OUTCOME_COLUMNS = (
    "place",
    "outcome",
    "indicator",
    "counted",
    "action",
    "unit",
    "scope",
    "period",
    "lower",
    "point",
    "upper",
    "upper_open",
    "n_figures",
    "quantity_ids",
    "nested",
    "provenance",
)

#: Slots that define one kind of figure: an outcome never adds figures that
#: differ in any of them (issue 12: no sums across kinds of activity).
OUTCOME_KEY = ("indicator", "counted", "action", "unit", "scope", "period")


def _slot(s: Any) -> Any:
    return s.fillna("").astype(str).str.strip()


def outcome_name(
    indicator: str, counted: str, action: str, unit: str, scope: str, period: str
) -> str:
    """Name of the outcome of one kind of figure.

    ``total_<indicator>[<counted>|<action>|<unit>]``, with ``@scope`` and
    ``@period`` appended when they are not empty (empty slots are written ``-``).

    Examples
    --------
    >>> outcome_name("activities", "活动", "", "次", "", "")
    'total_activities[活动|-|次]'
    >>> outcome_name("issues_resolved", "问题", "办结", "个", "", "累计")
    'total_issues_resolved[问题|办结|个]@累计'
    """
    name = f"total_{indicator}[{counted or '-'}|{action or '-'}|{unit or '-'}]"
    for extra in (scope, period):
        if extra:
            name += f"@{extra}"
    return name


def _check_quantities_semantic(quantities: Any) -> None:
    import pandas as pd

    if not isinstance(quantities, pd.DataFrame):
        raise OutcomeError(
            f"quantities must be a pandas DataFrame, got {type(quantities).__name__}"
        )
    need = [
        "source_file", "quantity_id", "kind", "value", "value_low", "value_high",
        "part_of", "char_start", "char_end", "evidence", *OUTCOME_KEY,
    ]  # fmt: skip
    missing = [c for c in need if c not in quantities.columns]
    if missing:
        raise OutcomeError(
            f"quantities table lacks meaning column(s) {missing} (see docs/SEMANTICS.md)"
        )


def indicator_outcomes(quantities: Any, *, place_col: str = "subject_place") -> Any:
    """One outcome per place and kind of figure, totalled without double counting.

    A *kind of figure* is one combination of the meaning slots :data:`OUTCOME_KEY`
    (indicator, counted noun, action, unit, scope, period; docs/SEMANTICS.md), so
    volunteer services, symposia and activities are never added together, and
    figures of different scope or period never mix. Within a kind the figures of
    a place are added by :func:`democracy_study.parse.totals.place_totals`
    (a figure whose ``part_of`` total is present is left out, listed in
    ``nested``); stock indicators (:data:`STOCK_INDICATORS`) take the largest
    figure (``how="max"``). Intervals are the sums of the figures' intervals
    from the one rule (``value_low``/``value_high``); an open upper end stays
    open: ``upper`` is ``inf`` and ``upper_open`` is True (each analysis says how
    it treats it). ``point`` is the sum (or max) of the numbers as written.

    Parameters
    ----------
    quantities : pandas.DataFrame
        The quantities table with the meaning columns.
    place_col : str, default "subject_place"
        The place a figure belongs to.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`INDICATOR_OUTCOME_COLUMNS`; ``provenance`` is a JSON list of
        the figures added (source_file, quantity_id, char_start, char_end, evidence);
        sorted by outcome, place.

    Raises
    ------
    OutcomeError
        A table without the meaning columns.

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"source_file": "s", "quantity_id": ["a.q1", "a.q2", "a.q3"],
    ...     "subject_place": "X", "indicator": "activities", "kind": "count",
    ...     "counted": ["活动", "活动", "座谈会"], "action": "", "unit": "次",
    ...     "scope": "", "period": "", "part_of": "", "duplicate": False,
    ...     "value": [240.0, 20.0, 12.0], "value_low": [240.0, 20.0, 12.0],
    ...     "value_high": [250.0, float("nan"), 12.0],
    ...     "char_start": [0, 10, 20], "char_end": [5, 14, 23],
    ...     "evidence": ["240余次", "20次以上", "12次"]})
    >>> t = indicator_outcomes(q)
    >>> t[["outcome", "lower", "point", "upper", "upper_open"]].values.tolist()[1]
    ['total_activities[活动|-|次]', 260.0, 260.0, inf, True]
    """
    import pandas as pd

    from democracy_study.parse.totals import place_totals

    _check_quantities_semantic(quantities)
    q = quantities.copy()
    q = q[q["kind"].isin(ABSOLUTE_KINDS)]
    if "duplicate" in q:
        q = q[~q["duplicate"].fillna(False).astype(bool)]
    for c in OUTCOME_KEY:
        q[c] = _slot(q[c])
    q = q[(q["indicator"] != "") & ~q["indicator"].isin(IGNORED_INDICATORS)]
    q = q[_slot(q[place_col]) != ""]
    by_id = q.set_index("quantity_id")
    rows: list[dict[str, Any]] = []
    for key, grp in q.groupby(list(OUTCOME_KEY[:4]), sort=True):
        indicator = key[0]
        how = "max" if indicator in STOCK_INDICATORS else "sum"
        try:
            tot = place_totals(grp, indicator, place_col=place_col, how=how)
        except ValueError as exc:
            raise OutcomeError(f"quantities table: {exc}") from None
        for t in tot.itertuples(index=False):
            ids = [i for i in str(t.quantity_ids).split(";") if i]
            figs = by_id.loc[ids].sort_values("char_start")
            prov = [
                {
                    "source_file": str(r.source_file),
                    "quantity_id": str(qid),
                    "char_start": int(r.char_start),
                    "char_end": int(r.char_end),
                    "evidence": str(r.evidence),
                }
                for qid, r in figs.iterrows()
            ]
            rows.append(
                {
                    "place": str(t.place),
                    "outcome": outcome_name(*key, str(t.scope), str(t.period)),
                    "indicator": indicator,
                    "counted": key[1],
                    "action": key[2],
                    "unit": key[3],
                    "scope": str(t.scope),
                    "period": str(t.period),
                    "lower": float(t.low),
                    "point": float(t.value),
                    "upper": float(t.high),
                    "upper_open": bool(math.isinf(float(t.high))),
                    "n_figures": int(t.n_figures),
                    "quantity_ids": str(t.quantity_ids),
                    "nested": str(t.nested),
                    "provenance": json.dumps(prov, ensure_ascii=False),
                }
            )
    out = pd.DataFrame(rows, columns=list(INDICATOR_OUTCOME_COLUMNS))
    return out.sort_values(["outcome", "place"], kind="stable").reset_index(drop=True)


def select_count_outcome(outcomes: Any) -> dict[str, Any]:
    """The pre-specified rule that picks the count outcome; ties are reported, not broken.

    Rule (fixed before any test): among :func:`indicator_outcomes` outcomes of a
    flow indicator (not in :data:`STOCK_INDICATORS`), the one reported by the most
    places. If several share the largest number of places, ``chosen`` is None and
    ``tied`` lists them: each must be analysed, none is picked by its name.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Output of :func:`indicator_outcomes`.

    Returns
    -------
    dict
        ``chosen`` (str or None), ``tied`` (sorted list of the outcomes with the
        largest number of places), ``n_places`` and ``coverage`` (outcome,
        n_places; for display).

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"outcome": ["a", "a", "b", "b", "c"], "indicator": "x",
    ...                   "place": ["P", "Q", "P", "Q", "P"]})
    >>> s = select_count_outcome(o)
    >>> s["chosen"], s["tied"], s["n_places"]
    (None, ['a', 'b'], 2)
    """
    flows = outcomes[~outcomes["indicator"].isin(STOCK_INDICATORS)]
    cov = flows.groupby("outcome", sort=True)["place"].nunique().rename("n_places").reset_index()
    cov = cov.sort_values(["n_places", "outcome"], ascending=[False, True], kind="stable")
    cov = cov.reset_index(drop=True)
    if cov.empty:
        return {"chosen": None, "tied": [], "n_places": 0, "coverage": cov}
    top = int(cov["n_places"].iloc[0])
    tied = sorted(cov.loc[cov["n_places"] == top, "outcome"])
    return {
        "chosen": tied[0] if len(tied) == 1 else None,
        "tied": tied,
        "n_places": top,
        "coverage": cov,
    }


def _spans(provenance: str) -> list[tuple[str, int, int]]:
    return [
        (str(p["source_file"]), int(p["char_start"]), int(p["char_end"]))
        for p in json.loads(provenance or "[]")
    ]


def circular_terms(
    mechanisms: Any, outcomes: Any, outcome: str, families: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """Mechanisms whose evidence overlaps the provenance of *outcome* (circular tests).

    A mechanism described through its result cannot be tested against that
    result. A code (or its family, if ``families`` is given) is circular for
    *outcome* when, in some place, one of its evidence spans
    ``[char_start, char_end)`` overlaps the span of a figure the outcome was
    built from (same ``source_file``).

    Parameters
    ----------
    mechanisms : pandas.DataFrame
        The mechanisms table (place, code, source_file, char_start, char_end;
        rows with ``duplicate`` true are ignored).
    outcomes : pandas.DataFrame
        Long table with place, outcome and ``provenance`` (JSON list of spans).
    outcome : str
    families : mapping, optional
        ``{code: family}``: report families instead of codes.

    Returns
    -------
    dict
        ``{term: [place, ...]}`` for the circular terms (sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"place": "X", "code": ["rapid", "station"], "source_file": "s",
    ...                   "char_start": [100, 0], "char_end": [130, 20]})
    >>> o = pd.DataFrame({"place": ["X"], "outcome": ["resolved"],
    ...     "provenance": ['[{"source_file": "s", "char_start": 120, "char_end": 125}]']})
    >>> circular_terms(m, o, "resolved")
    {'rapid': ['X']}
    """
    mech = mechanisms
    if "duplicate" in mech:
        mech = mech[~mech["duplicate"].fillna(False).astype(bool)]
    o = outcomes[outcomes["outcome"] == outcome]
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for r in o.itertuples(index=False):
        spans.setdefault(str(r.place), []).extend(_spans(r.provenance))
    hits: dict[str, set[str]] = {}
    for r in mech.itertuples(index=False):
        place = str(r.place)
        term = str(families.get(r.code, r.code)) if families is not None else str(r.code)
        for src, a, b in spans.get(place, []):
            if src == str(r.source_file) and int(r.char_start) < b and a < int(r.char_end):
                hits.setdefault(term, set()).add(place)
    return {t: sorted(p) for t, p in sorted(hits.items())}
