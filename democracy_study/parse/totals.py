"""A place's total for one indicator, without double counting (issue 11).

:func:`place_totals` adds a place's figures for an indicator so that

* a figure that is part of another selected figure (``part_of``: 其中, 包括) is not
  added again: the total stands for it;
* figures of different ``scope`` (各级 vs 县; 累计 vs 每年) or ``period`` (2024年 vs
  累计) are never mixed: each (scope, period) gets its own row;
* intervals come from the one rule (``value_low``/``value_high``, set by
  :mod:`~democracy_study.parse.semantics`), so the total's interval is the sum of
  the figures' intervals (an open end stays open: an empty ``value_high`` beside a
  ``value_low`` is read as infinity);
* misplaced duplicate passages are left out.

``how="sum"`` adds disjoint figures (stations of different types, activities of
different kinds); ``how="max"`` takes the largest, for head counts of groups that
may overlap (deputies at different events).

Examples
--------
>>> import pandas as pd
>>> q = pd.DataFrame({
...     "quantity_id": ["a.q01", "a.q02", "a.q03", "a.q04"],
...     "subject_place": ["甲县"] * 4, "indicator": ["stations"] * 4,
...     "kind": ["count"] * 4, "value": [14.0, 3.0, 3.0, 2.0],
...     "value_low": [14.0, 3.0, 3.0, 2.0], "value_high": [14.0, 3.0, 3.0, 2.0],
...     "scope": ["", "", "", ""], "period": ["", "", "", ""],
...     "part_of": ["", "", "", "a.q03"], "duplicate": [False] * 4})
>>> place_totals(q, "stations")[["place", "n_figures", "low", "high", "nested"]].values.tolist()
[['甲县', 3, 20.0, 20.0, 'a.q04']]
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["TOTAL_COLUMNS", "place_totals"]

#: Columns of :func:`place_totals`.
TOTAL_COLUMNS = [
    "place",
    "indicator",
    "scope",
    "period",
    "n_figures",
    "value",
    "low",
    "high",
    "quantity_ids",
    "nested",
]


def place_totals(
    quantities: pd.DataFrame,
    indicator: str,
    *,
    place_col: str = "subject_place",
    how: str = "sum",
    scopes: bool = True,
) -> pd.DataFrame:
    """One row per (place, scope, period): the place's total of *indicator*.

    Parameters
    ----------
    quantities : pandas.DataFrame
        The quantities table (``quantity_id``, ``indicator``, ``value``,
        ``value_low``, ``value_high``, ``scope``, ``period``, ``part_of``,
        ``duplicate`` and the place column).
    indicator : str
        The indicator to total.
    place_col : str, default "subject_place"
        ``subject_place`` (the unit the sentence is about) or ``place`` (the report's).
    how : {"sum", "max"}
        Add the figures, or take the largest (see the module docstring).
    scopes : bool, default True
        Keep scopes and periods apart (False: one row per place, for tables where
        the caller has already chosen one scope).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TOTAL_COLUMNS`; ``nested`` lists the figures left out
        because their total is counted; sorted by place, scope, period.

    Raises
    ------
    ValueError
        For an unknown ``how`` or a table without the needed columns.
    """
    import pandas as pd

    if how not in ("sum", "max"):
        raise ValueError(f"how must be 'sum' or 'max', got {how!r}")
    need = ["quantity_id", "indicator", "value", "value_low", "value_high", "part_of", place_col]
    missing = [c for c in need if c not in quantities.columns]
    if missing:
        raise ValueError(f"quantities table lacks column(s) {missing} needed for totals")
    q = quantities[quantities["indicator"] == indicator]
    if "duplicate" in q:
        q = q[~q["duplicate"].astype(bool)]
    q = q[q[place_col].fillna("") != ""]
    rows = []
    for place, grp in q.groupby(place_col, sort=True):
        ids = set(grp["quantity_id"])
        nested = grp[grp["part_of"].fillna("").isin(ids)]
        keep = grp.drop(nested.index)
        keys = ["scope", "period"] if scopes else []
        groups = (
            keep.groupby([keep[k].fillna("") for k in keys], sort=True) if keys else [((), keep)]
        )
        for key, g in groups:
            # an empty value_high beside a value_low is an open upper end (tables)
            high = g["value_high"].where(g["value_high"].notna() | g["value_low"].isna(), math.inf)
            key = key if isinstance(key, tuple) else (key,)
            scope, period = (*key, "", "")[:2] if scopes else ("", "")
            agg = (lambda s: float(s.sum())) if how == "sum" else (lambda s: float(s.max()))
            rows.append(
                {
                    "place": place,
                    "indicator": indicator,
                    "scope": scope,
                    "period": period,
                    "n_figures": len(g),
                    "value": agg(g["value"]),
                    "low": agg(g["value_low"]),
                    "high": agg(high),
                    "quantity_ids": ";".join(sorted(g["quantity_id"])),
                    "nested": ";".join(sorted(nested["quantity_id"])),
                }
            )
    out = pd.DataFrame(rows, columns=TOTAL_COLUMNS)
    out["n_figures"] = out["n_figures"].astype("int64")
    return out.reset_index(drop=True)
