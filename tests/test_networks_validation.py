"""Issue 13 items 5-6: out-of-sample funnel validation, paired counterfactuals, fallback.

The report figures here are invented for the tests, not taken from the corpus.
"""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest

from democracy_study.networks import (
    NetworkParams,
    draw_network,
    fallback_visit,
    funnel_out_of_sample,
    paired_counterfactual,
    params_for_place,
)
from democracy_study.networks.from_corpus import place_funnels
from democracy_study.networks.validation import OOS_COLUMNS

from .conftest import quantity_row

NAN = float("nan")


def _funnel_corpus():
    """One place, two all-channel funnels: 500 -> 400 (0.8) and 300 -> 150 (0.5)."""
    figs = [
        ("q01", "opinions_collected", 500.0),
        ("q02", "issues_resolved", 400.0),
        ("q03", "issues_received", 300.0),
        ("q04", "issues_resolved", 150.0),
    ]
    q = pd.DataFrame(
        [
            quantity_row(
                f"u#r01.p01.{qid}",
                ind,
                v,
                f"{v:g}件",
                10 * i,
                source_file="u.txt",
                paragraph_id="u#r01.p01",
                counted="问题",
            )
            for i, (qid, ind, v) in enumerate(figs)
        ]
    )
    f = pd.DataFrame(
        [
            {
                "place": "某县",
                "channel": NAN,
                "from_indicator": a,
                "to_indicator": "issues_resolved",
                "from_quantity_id": f"u#r01.p01.{x}",
                "to_quantity_id": f"u#r01.p01.{y}",
                "evidence": ev,
                "paragraph_id": "u#r01.p01",
            }
            for x, y, a, ev in (
                ("q01", "q02", "opinions_collected", "500…400"),
                ("q03", "q04", "issues_received", "300…150"),
            )
        ]
    )
    return types.SimpleNamespace(quantities=q, mechanisms=None, funnels=f)


def test_calibrate_on_selects_the_funnel():
    c = _funnel_corpus()
    rate = {
        t.name: t.value for t in params_for_place("某县", c, calibrate_on="u#r01.p01.q03").targets
    }
    assert rate["resolution_rate"] == pytest.approx(0.5)  # hand: 150 / 300
    rate = {
        t.name: t.value for t in params_for_place("某县", c, calibrate_on="u#r01.p01.q01").targets
    }
    assert rate["resolution_rate"] == pytest.approx(0.8)  # hand: 400 / 500
    with pytest.raises(ValueError, match="no all-channel funnel"):
        params_for_place("某县", c, calibrate_on="nope")


def test_out_of_sample_misses_a_different_funnel_and_hits_itself():
    t = funnel_out_of_sample(_funnel_corpus(), n=30, seed=0)
    assert list(t.columns) == OOS_COLUMNS and len(t) == 4  # 2 calibrations x 2 funnels
    ins = t[t.role == "in_sample"]
    oos = t[t.role == "out_of_sample"]
    assert ins["hit"].all()
    # 0.8 and 0.5 are far apart; a model calibrated at one cannot reach the other
    assert not oos["hit"].any()
    assert set(oos["rate_reported"].round(6)) == {0.8, 0.5}


def _digital(**kw):
    base = dict(
        n_deputies=30,
        n_stations=5,
        n_voters=5000,
        n_voter_blocks=50,
        place="X",
        mechanisms=["digital_channel"],
        p_visit=0.05,
        p_contact=0.0,
        p_digital=0.3,
    )
    base.update(kw)
    return NetworkParams.from_priors(**base)


def test_paired_difference_is_zero_when_switch_removes_nothing():
    p = _digital(mechanisms=[])  # no platform to remove
    t = paired_counterfactual(p, ["digital_channel"], n=5, seed=3, fallback=(0.0, 1.0))
    assert len(t) > 0
    assert (
        (t["diff_mean"] == 0).all() and (t["diff_low"] == 0).all() and (t["diff_high"] == 0).all()
    )


def test_fallback_visit_by_hand():
    on = np.array([0.05, 0.0, 0.0, 0.3])
    off = np.array([0.05, 0.0, 0.0, 0.0])
    assert fallback_visit(on, off, 0.0) == pytest.approx(0.05)
    assert fallback_visit(on, off, 1.0) == pytest.approx(1 - 0.95 * 0.7)  # hand: 0.335
    assert fallback_visit(on, off, 0.5) == pytest.approx(1 - 0.95 * 0.85)


def test_fallback_keeps_reach_removal_loses_it():
    p = _digital()
    t = paired_counterfactual(
        p,
        ["digital_channel"],
        n=20,
        seed=1,
        fallback=(0.0, 1.0),
        metrics=("coverage", "digital_share"),
    )
    cov = t[t.metric == "coverage"].set_index("fallback")
    # hand: reach share 1 - 0.95 * 0.7 = 0.335 with the platform; 0.05 without, no fallback
    assert cov.loc[0.0, "modelled_mean"] == pytest.approx(0.335, abs=0.02)
    assert cov.loc[0.0, "counterfactual_mean"] == pytest.approx(0.05, abs=0.01)
    assert cov.loc[1.0, "diff_mean"] == pytest.approx(0.0, abs=0.01)
    assert (t[t.metric == "digital_share"]["counterfactual_mean"] == 0).all()


def test_draw_without_fallback_unchanged():
    p = _digital()
    a = draw_network(p, seed=4, mechanisms_off=["digital_channel"])
    b = draw_network(p, seed=4, mechanisms_off=["digital_channel"], fallback=0.0)
    np.testing.assert_array_equal(a.cls_voters, b.cls_voters)
    assert not a.has_platform


def test_on_spot_funnel_calibrates_p_on_spot():
    # Hand: 即知即办 marks an on-spot funnel (priors.yaml funnel: on_spot). Without a
    # digital channel every issue is raised at a station or with a deputy, so the
    # calibrated p_on_spot equals the reported ratio 400 / 500 = 0.8.
    c = _funnel_corpus()
    c.funnels.loc[0, "evidence"] = "500件，其中即知即办400件"
    funnels = place_funnels("某县", c)
    assert [f["stage"] for f in funnels] == ["on_spot", "resolved"]
    p = params_for_place("某县", c)
    assert {t.name for t in p.targets} >= {"on_spot_rate"}
    assert p.p_on_spot == pytest.approx(0.8)
    assert p.provenance_of("p_on_spot").status == "reported"
    assert p.provenance_of("p_dept_resolve").status == "imputed"
    t = funnel_out_of_sample(c, n=30, seed=1)
    assert t.set_index(["role", "predicted"])["stage"].to_dict() == {
        ("in_sample", "u#r01.p01.q01"): "on_spot",
        ("out_of_sample", "u#r01.p01.q03"): "resolved",
        ("out_of_sample", "u#r01.p01.q01"): "on_spot",
        ("in_sample", "u#r01.p01.q03"): "resolved",
    }
    # in sample, the simulated on-spot rate brackets 0.8
    row = t[(t.role == "in_sample") & (t.stage == "on_spot")].iloc[0]
    assert row["sim_low"] <= 0.8 <= row["sim_high"]
