"""place_totals: nested figures are not added, scopes and periods are not mixed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from democracy_study.parse.totals import TOTAL_COLUMNS, place_totals


def _q(rows):
    cols = ["quantity_id", "subject_place", "indicator", "kind", "value", "value_low",
            "value_high", "scope", "period", "part_of", "duplicate"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def test_seed_opinions_not_double_counted(seed_corpus):
    # hand (奎文区): 245 + 213 opinions raised; 171 (其中, issues_resolved) is not an opinion
    # figure, so nothing is nested; the total is 458
    t = place_totals(seed_corpus.quantities, "opinions_collected")
    row = t[t["place"] == "奎文区"]
    assert row["value"].tolist() == [458.0]


def test_seed_stations_summed_by_type(seed_corpus):
    # hand (安丘市): 14 upgraded + 3 new + 3 sector stations = 20
    t = place_totals(seed_corpus.quantities, "stations")
    assert t.loc[t["place"] == "安丘市", "value"].sum() == 20.0


def test_nested_part_not_added():
    q = _q([
        ["a.q01", "甲县", "deputies_all_levels", "count", 3100, 3100, 3200, "全县;县、镇两级", "", "", False],
        ["a.q02", "甲县", "suggestions", "count", 1268, 1268, 1268, "", "", "", False],
        ["a.q03", "甲县", "suggestions", "count", 210, 210, 210, "", "", "a.q02", False],
    ])  # fmt: skip
    t = place_totals(q, "suggestions")
    # hand: 210 is part of 1268 -> total 1268, the part listed as nested
    assert t[["value", "nested", "n_figures"]].values.tolist() == [[1268.0, "a.q03", 1]]


def test_scopes_and_periods_kept_apart():
    q = _q([
        ["a.q01", "甲县", "issues_resolved", "count", 2100, 2100, 2200, "", "全年", "", False],
        ["a.q02", "甲县", "issues_resolved", "count", 4550, 4550, 4550, "", "2024年", "", False],
        ["a.q03", "甲县", "issues_resolved", "count", 30, 30, 30, "", "2024年", "", False],
        ["a.q04", "甲县", "issues_resolved", "count", 9, 9, 9, "", "2024年", "", True],
    ])  # fmt: skip
    t = place_totals(q, "issues_resolved")
    # hand: 2024年 4550 + 30 = 4580 (the duplicate 9 left out); 全年 alone: 2100, interval [2100, 2200)
    assert t[["period", "value", "low", "high"]].values.tolist() == [
        ["2024年", 4580.0, 4580.0, 4580.0],
        ["全年", 2100.0, 2100.0, 2200.0],
    ]
    assert list(t.columns) == TOTAL_COLUMNS


def test_open_end_stays_open_and_max():
    q = _q([
        ["a.q01", "甲县", "funds_cny", "money", 1.5e6, 1.5e6, math.inf, "", "", "", False],
        ["a.q02", "甲县", "funds_cny", "money", 2e5, 2e5, 2e5, "", "", "", False],
    ])  # fmt: skip
    t = place_totals(q, "funds_cny")
    assert t["low"].tolist() == [1.7e6] and math.isinf(t["high"].iloc[0])
    assert place_totals(q, "funds_cny", how="max")["value"].tolist() == [1.5e6]


def test_bad_input():
    with pytest.raises(ValueError, match="how must be"):
        place_totals(_q([]), "x", how="mean")
    with pytest.raises(ValueError, match="lacks column"):
        place_totals(pd.DataFrame({"a": [1]}), "x")
