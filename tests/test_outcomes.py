"""Tests for democracy_study.inference.outcomes on hand-made quantities tables.

The fixture texts are invented (other wording, other numbers than the corpus);
offsets are computed from them so provenance can be checked for real.
"""

from __future__ import annotations

import json
import math
import types

import pandas as pd
import pytest

from democracy_study.inference.outcomes import (
    OUTCOME_COLUMNS,
    OutcomeError,
    build_outcomes,
    pair_quantities,
    quantities_with_intervals,
    quantity_interval,
    widen_outcomes,
)

# Invented source texts (one file), two reports, one place each.
TEXT = (
    "甲县：代表联络站共收到群众问题800个，已办结760余个。"  # report 1, paragraph 1
    "全县300名代表开展活动240余次、另有活动60次，其中40名代表参加培训。"  # paragraph 2
    "群众投诉数量同比下降30%以上。"  # paragraph 3
    "乙区：全年办结问题90个。"  # report 2, paragraph 1
    "平台收到问题100个。"  # report 2, paragraph 2
    "重复段落：办结问题500个。"  # duplicated passage inside report 2
    "每年选取前10个部门。"  # a rule, not a result
)


def _q(
    evidence,
    value,
    indicator,
    *,
    place,
    report,
    para,
    qualifier="exact",
    kind="count",
    unit="个",
    value_max=math.nan,
    duplicate=False,
    start_from=0,
):
    start = TEXT.index(evidence, start_from)
    return {
        "source_file": "invented.txt",
        "report_id": report,
        "paragraph_id": para,
        "place": place,
        "value": float(value),
        "value_max": value_max,
        "unit": unit,
        "qualifier": qualifier,
        "kind": kind,
        "indicator": indicator,
        "evidence": evidence,
        "char_start": start,
        "char_end": start + len(evidence),
        "duplicate": duplicate,
    }


@pytest.fixture
def corpus():
    a, b = "甲县", "乙区"
    rows = [
        _q("800个", 800, "issues_received", place=a, report="r1", para="r1.p1"),
        _q("760余个", 760, "issues_resolved", place=a, report="r1", para="r1.p1", qualifier="over"),
        _q("300名", 300, "deputies", place=a, report="r1", para="r1.p2", unit="名"),
        _q(
            "240余次",
            240,
            "activities",
            place=a,
            report="r1",
            para="r1.p2",
            qualifier="over",
            unit="次",
        ),
        _q("60次", 60, "activities", place=a, report="r1", para="r1.p2", unit="次"),
        _q("40名", 40, "deputies", place=a, report="r1", para="r1.p2", unit="名"),
        _q(
            "30%以上",
            30,
            "complaint_change_pct",
            place=a,
            report="r1",
            para="r1.p3",
            qualifier="at_least",
            kind="percent",
            unit="%",
        ),
        _q("90个", 90, "issues_resolved", place=b, report="r2", para="r2.p1"),
        _q("100个", 100, "issues_received", place=b, report="r2", para="r2.p2"),
        _q("500个", 500, "issues_resolved", place=b, report="r2", para="r2.p3", duplicate=True),
        _q("10个", 10, "departments_reviewed", place=b, report="r2", para="r2.p4", kind="rule"),
    ]
    q = pd.DataFrame(rows)
    pm = pd.DataFrame({"liaison_station": [1, 0, 1]}, index=["甲县", "乙区", "丙镇"])
    return types.SimpleNamespace(quantities=q, place_mechanisms=pm)


def _row(out, place, outcome):
    sel = out[(out["place"] == place) & (out["outcome"] == outcome)]
    assert len(sel) == 1, (place, outcome)
    return sel.iloc[0]


# Expected values follow the one interval rule of democracy_study.parse.intervals
# (issue 11; u = one unit of the last non-zero digit). Until issue 11 this module
# used a fixed 10 % slack (240余 -> [240, 264]); the values below replace those.
@pytest.mark.parametrize(
    ("value", "vmax", "qual", "expected"),
    [
        (240, None, "exact", (240, 240)),
        (240, None, "over", (240, 250)),  # hand: 240余, u = 10
        (30, None, "at_least", (30, 40)),  # hand: [30, inf) capped at 30 + u, u = 10
        (50, None, "nearly", (40, 50)),  # hand: 近50, u = 10
        (1200, None, "approx", (1100, 1300)),  # hand: 约1200, u = 100
        (50, None, "at_most", (0, 50)),  # hand: open below to 0
        (4, 6, "range", (4, 6)),
        (6, 4, "range", (4, 6)),  # reversed range is sorted
    ],
)
def test_quantity_interval_each_qualifier(value, vmax, qual, expected):
    lo, hi = quantity_interval(value, vmax, qual)
    assert lo == pytest.approx(expected[0])
    assert hi == pytest.approx(expected[1])


def test_quantity_interval_open_cap():
    # hand: the open end of 30以上 at 1.5 x 30 = 45; bounded intervals ignore the cap
    assert quantity_interval(30, None, "at_least", open_cap=1.5) == pytest.approx((30, 45))
    assert quantity_interval(240, None, "over", open_cap=1.5) == pytest.approx((240, 250))


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((10, None, "roughly"), {}, "unknown qualifier 'roughly'"),
        ((4, None, "range"), {}, "no value_max"),
        ((float("nan"), None, "exact"), {}, "missing"),
        ((10, None, "at_least"), {"open_cap": 0.5}, "open_cap"),
        ((10, None, "at_least"), {"open_cap": "double"}, "open_cap"),
    ],
)
def test_quantity_interval_bad_input(args, kwargs, match):
    with pytest.raises(OutcomeError, match=match):
        quantity_interval(*args, **kwargs)


def test_duplicates_and_non_results_are_dropped(corpus):
    q = quantities_with_intervals(corpus.quantities)
    assert "500个" not in set(q["evidence"])  # duplicate passage
    assert "10个" not in set(q["evidence"])  # kind=rule
    assert len(q) == 9  # hand: 11 rows - 1 duplicate - 1 rule


def test_missing_column_is_named(corpus):
    with pytest.raises(OutcomeError, match="indicator"):
        quantities_with_intervals(corpus.quantities.drop(columns="indicator"))
    with pytest.raises(OutcomeError, match=r"\.quantities"):
        build_outcomes(types.SimpleNamespace())


def test_ratio_same_paragraph_interval_and_provenance(corpus):
    out = build_outcomes(corpus)
    r = _row(out, "甲县", "resolution_rate")
    assert r["pairing"] == "paragraph"
    assert r["lower"] == pytest.approx(760 / 800)  # hand: 0.95
    assert r["upper"] == pytest.approx(770 / 800)  # hand: 760余 -> [760, 770); 770/800
    assert r["point"] == pytest.approx(0.95)
    prov = json.loads(r["provenance"])
    assert [p["evidence"] for p in prov] == ["800个", "760余个"]
    for p in prov:
        assert TEXT[p["char_start"] : p["char_end"]] == p["evidence"]


def test_ratio_falls_back_to_report_and_ignores_duplicate(corpus):
    out = build_outcomes(corpus)
    r = _row(out, "乙区", "resolution_rate")
    assert r["pairing"] == "report"
    assert r["point"] == pytest.approx(0.9)  # hand: 90/100; the duplicated 500 is ignored
    narrow = build_outcomes(corpus, max_level="paragraph")
    assert not ((narrow["place"] == "乙区") & (narrow["outcome"] == "resolution_rate")).any()


def test_pairing_two_pairs_in_one_paragraph():
    # invented: "收到100个，办结90个；收到50个，办结40个" in one paragraph
    rows = pd.DataFrame(
        {
            "report_id": "r",
            "paragraph_id": "p",
            "indicator": ["issues_received", "issues_resolved"] * 2,
            "char_start": [2, 9, 15, 22],
            "point": [100.0, 90.0, 50.0, 40.0],
        }
    )
    pairs, level = pair_quantities(rows, "issues_resolved", "issues_received")
    assert level == "paragraph"
    assert [(n["point"], d["point"]) for n, d in pairs] == [(90.0, 100.0), (40.0, 50.0)]
    with pytest.raises(OutcomeError, match="max_level"):
        pair_quantities(rows, "issues_resolved", "issues_received", max_level="county")


def test_totals_stock_max_flow_sum_and_per_deputy(corpus):
    out = build_outcomes(corpus)
    dep = _row(out, "甲县", "total_deputies")
    assert (dep["lower"], dep["upper"]) == (300, 300)  # hand: stock -> max(300, 40)
    act = _row(out, "甲县", "total_activities")
    # hand (aggregate="bounds"): 240余次 [240, 250) (u = 10) and 60次 in one paragraph:
    # lower = largest single figure 240, point = paragraph max 240, upper = 250 + 60
    assert (act["lower"], act["point"], act["upper"]) == pytest.approx((240, 240, 310))
    per = _row(out, "甲县", "activities_per_deputy")
    assert per["lower"] == pytest.approx(0.8)  # hand: 240 / 300
    assert per["upper"] == pytest.approx(310 / 300)  # hand: 310 / 300
    summed = _row(build_outcomes(corpus, aggregate="sum"), "甲县", "total_activities")
    assert (summed["lower"], summed["upper"]) == pytest.approx((300, 310))  # hand: 240+60, 250+60
    biggest = _row(build_outcomes(corpus, aggregate="max"), "甲县", "total_activities")
    assert (biggest["lower"], biggest["upper"]) == pytest.approx((240, 250))
    with pytest.raises(OutcomeError, match="aggregate"):
        build_outcomes(corpus, aggregate="mean")
    assert per["n_quantities"] == 4  # two activity figures + two deputy figures
    assert not ((out["place"] == "乙区") & (out["family"] == "per_deputy")).any()


def test_change_outcome_interval(corpus):
    ch = _row(build_outcomes(corpus), "甲县", "complaint_change_pct")
    assert ch["family"] == "change"
    # hand: 30%以上 is [30, inf); the default cap reads it like 30余: 30 + u = 40
    assert (ch["lower"], ch["upper"]) == pytest.approx((30, 40))
    capped = _row(build_outcomes(corpus, open_cap=1.2), "甲县", "complaint_change_pct")
    assert (capped["lower"], capped["upper"]) == pytest.approx((30, 36))  # hand: 30 * 1.2


def test_reported_indicators_cover_every_place(corpus):
    out = build_outcomes(corpus)
    assert set(out["place"]) == {"甲县", "乙区", "丙镇"}  # 丙镇 from place_mechanisms only
    assert _row(out, "丙镇", "reported_issues_received")["point"] == 0
    assert _row(out, "乙区", "reported_issues_received")["point"] == 1
    assert _row(out, "乙区", "reported_deputies")["point"] == 0
    assert list(out.columns) == list(OUTCOME_COLUMNS)


def test_widen_outcomes_bounds(corpus):
    out = build_outcomes(corpus)
    lo = widen_outcomes(out, "lower")
    hi = widen_outcomes(out, "upper")
    assert lo.loc["甲县", "resolution_rate"] == pytest.approx(0.95)
    assert hi.loc["甲县", "resolution_rate"] == pytest.approx(0.9625)  # hand: 770 / 800
    assert math.isnan(lo.loc["丙镇", "resolution_rate"])  # not reported != zero
    assert lo.loc["丙镇", "reported_deputies"] == 0
    with pytest.raises(OutcomeError, match="bound"):
        widen_outcomes(out, "middle")


def test_percentages_never_summed_or_paired_and_other_ignored():
    # invented: "收到问题200个，办结率95%，其他事项3件" - a rate is not a count
    base = {
        "source_file": "v.txt",
        "report_id": "v#r01",
        "paragraph_id": "v#r01.p01",
        "place": "丁县",
        "value_max": math.nan,
        "qualifier": "exact",
        "duplicate": False,
    }
    q = pd.DataFrame(
        [
            {
                **base,
                "value": 200.0,
                "unit": "个",
                "kind": "count",
                "indicator": "issues_received",
                "evidence": "200个",
                "char_start": 4,
                "char_end": 8,
            },
            {
                **base,
                "value": 95.0,
                "unit": "%",
                "kind": "percent",
                "indicator": "issues_resolved",
                "evidence": "95%",
                "char_start": 12,
                "char_end": 15,
            },
            {
                **base,
                "value": 3.0,
                "unit": "件",
                "kind": "count",
                "indicator": "other",
                "evidence": "3件",
                "char_start": 20,
                "char_end": 22,
            },
        ]
    )
    out = build_outcomes(q)
    assert "resolution_rate" not in set(out["outcome"])  # 95% is not a numerator
    assert "total_issues_resolved" not in set(out["outcome"])  # percentages not summed
    assert _row(out, "丁县", "reported_issues_resolved")["point"] == 1  # but it is reported
    assert not out["outcome"].str.endswith("other").any()
    assert _row(out, "丁县", "total_issues_received")["units"] == "个"


def test_change_hull_over_several_figures():
    base = {
        "source_file": "v.txt",
        "report_id": "v#r01",
        "paragraph_id": "v#r01.p02",
        "place": "戊区",
        "value_max": math.nan,
        "unit": "%",
        "kind": "percent",
        "indicator": "complaint_change_pct",
        "duplicate": False,
    }
    q = pd.DataFrame(
        [
            {
                **base,
                "value": 20.0,
                "qualifier": "exact",
                "evidence": "20%",
                "char_start": 0,
                "char_end": 3,
            },
            {
                **base,
                "value": 40.0,
                "qualifier": "over",
                "evidence": "40%多",
                "char_start": 10,
                "char_end": 14,
            },
        ]
    )
    ch = _row(build_outcomes(q), "戊区", "complaint_change_pct")
    # hand: hull of [20, 20] and 40%多 = [40, 50) (u = 10); point = mean(20, 40)
    assert (ch["lower"], ch["point"], ch["upper"]) == pytest.approx((20, 30, 50))


def test_empty_indicator_is_not_an_outcome(corpus):
    q = corpus.quantities.copy()
    q.loc[q["evidence"] == "60次", "indicator"] = ""  # a result without indicator
    out = build_outcomes(q)
    assert not (out["outcome"].isin(["reported_", "total_"])).any()
    act = _row(out, "甲县", "total_activities")
    assert act["point"] == pytest.approx(240)  # hand: only the 240余次 figure remains


def test_bounds_point_adds_paragraph_maxima():
    # invented: p1 "提出意见100条，其中20条当场解决"; p2 "收集意见50条" (same indicator)
    base = {
        "source_file": "v.txt",
        "report_id": "v#r01",
        "place": "己县",
        "value_max": math.nan,
        "unit": "条",
        "qualifier": "exact",
        "kind": "count",
        "indicator": "suggestions",
        "duplicate": False,
    }
    q = pd.DataFrame(
        [
            {
                **base,
                "paragraph_id": "p1",
                "value": 100.0,
                "evidence": "100条",
                "char_start": 4,
                "char_end": 8,
            },
            {
                **base,
                "paragraph_id": "p1",
                "value": 20.0,
                "evidence": "20条",
                "char_start": 12,
                "char_end": 15,
            },
            {
                **base,
                "paragraph_id": "p2",
                "value": 50.0,
                "evidence": "50条",
                "char_start": 30,
                "char_end": 33,
            },
        ]
    )
    r = _row(build_outcomes(q), "己县", "total_suggestions")
    # hand: lower = max(100, 20, 50) = 100; point = max(p1) + max(p2) = 150; upper = 170
    assert (r["lower"], r["point"], r["upper"]) == pytest.approx((100, 150, 170))


def test_outcome_coverage_counts_places(corpus):
    from democracy_study.inference.outcomes import outcome_coverage

    cov = outcome_coverage(build_outcomes(corpus)).set_index("outcome")
    assert cov.loc["resolution_rate", "n_places"] == 2  # hand: 甲县 and 乙区
    assert cov.loc["total_deputies", "n_places"] == 1
    assert bool(cov.loc["total_deputies", "stock"])
    assert "reported_deputies" not in cov.index
    full = outcome_coverage(build_outcomes(corpus), include_reported=True).set_index("outcome")
    assert full.loc["reported_deputies", "n_places"] == 3  # defined (0/1) for every place
