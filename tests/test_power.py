"""Tests for democracy_study.inference.power (seeded simulations, small settings)."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from democracy_study.inference.power import (
    parameter_recovery,
    places_needed,
    power_curve,
    simulate_places,
)


def test_simulate_places_design():
    d = simulate_places(9, 1.0, prevalence=0.3, seed=4)
    assert int(d["mechanism"].sum()) == 3  # hand: round(0.3 * 9)
    assert (d["deputies"] >= 1).all()
    assert d["count"].dtype.kind == "i" and (d["count"] >= 0).all()
    # same seed, same data; other seed, other data
    pd.testing.assert_frame_equal(d, simulate_places(9, 1.0, prevalence=0.3, seed=4))
    assert not d.equals(simulate_places(9, 1.0, prevalence=0.3, seed=5))
    # prevalence is clipped so the predictor is never constant
    assert int(simulate_places(4, 0.0, prevalence=0.01, seed=0)["mechanism"].sum()) == 1


def test_simulate_places_rate_ratio_large_sample():
    # Poisson, 4000 places: pooled rate ratio must be close to exp(0.7) ~ 2.014
    d = simulate_places(4000, 0.7, dispersion=0.0, baseline_rate=0.5, seed=1)
    g = d.groupby("mechanism")[["count", "deputies"]].sum()
    rr = (g.loc[1, "count"] / g.loc[1, "deputies"]) / (g.loc[0, "count"] / g.loc[0, "deputies"])
    assert rr == pytest.approx(math.exp(0.7), rel=0.02)
    base = g.loc[0, "count"] / g.loc[0, "deputies"]
    assert base == pytest.approx(0.5, rel=0.02)


@pytest.mark.parametrize("bad", [{"n_places": 2}, {"prevalence": 1.0}, {"dispersion": -1}])
def test_simulate_places_bad_input(bad):
    kw = {"n_places": 6, "effect": 0.5, **bad}
    n = kw.pop("n_places")
    e = kw.pop("effect")
    with pytest.raises(ValueError):
        simulate_places(n, e, **kw)


def test_power_curve_size_and_power():
    pc = power_curve([0.0, 3.0], [10], n_sims=120, seed=11).set_index("effect")
    # under the null the Wald test (t reference) should reject about 5 %:
    # the Wilson interval of the Monte Carlo estimate must include 0.05
    assert pc.loc[0.0, "ci_low"] <= 0.05 <= pc.loc[0.0, "ci_high"]
    assert (pc["n_sims"] == 120).all()
    p3 = pc.loc[3.0, "power"]
    assert pc.loc[3.0, "mc_se"] == pytest.approx(math.sqrt(p3 * (1 - p3) / 120))
    # without overdispersion a twenty-fold rate ratio with ~250 deputies per place
    # (hundreds vs thousands of counts, 5 places each) is detected essentially always
    pois = power_curve([3.0], [10], n_sims=40, seed=11, dispersion=0.0)
    assert pois["power"].iloc[0] == 1.0


def test_power_curve_executor_gives_identical_results():
    kw = {"effect_sizes": [0.8], "n_places_grid": [6, 8], "n_sims": 15, "seed": 2}
    serial = power_curve(**kw)
    with ThreadPoolExecutor(max_workers=2) as ex:
        par = power_curve(**kw, executor=ex)
    pd.testing.assert_frame_equal(serial, par)


def test_power_curve_other_tests_run():
    fis = power_curve([0.0], [8], n_sims=20, seed=0, test="fisher")
    assert fis["test"].iloc[0] == "fisher"
    perm = power_curve([2.5], [8], n_sims=5, seed=0, test="permutation", n_perm=19)
    assert 0 <= perm["power"].iloc[0] <= 1
    with pytest.raises(ValueError, match="test must be one of"):
        power_curve([0.5], [8], n_sims=2, test="bayes")


def test_places_needed_hand():
    c = pd.DataFrame(
        {
            "effect": [0.5] * 3 + [1.0] * 3,
            "n_places": [10, 20, 40] * 2,
            "power": [0.2, 0.5, 0.7, 0.6, 0.85, 0.99],
            "ci_low": [0.1, 0.4, 0.6, 0.5, 0.77, 0.95],
            "ci_high": [0.3, 0.6, 0.81, 0.7, 0.92, 1.0],
        }
    )
    out = places_needed(c).set_index("effect")
    # hand: effect 0.5 never reaches 0.8 (point), upper bound reaches it at 40
    assert np.isnan(out.loc[0.5, "places_needed"])
    assert out.loc[0.5, "places_needed_optimistic"] == 40
    assert out.loc[0.5, "status"] == "not reached within grid (max n=40)"
    assert out.loc[0.5, "grid_max"] == 40
    # hand: effect 1.0 reaches 0.85 at n=20; lower bound 0.77 < 0.8 -> conservative 40
    assert out.loc[1.0, "places_needed"] == 20
    assert out.loc[1.0, "places_needed_conservative"] == 40
    assert out.loc[1.0, "rate_ratio"] == pytest.approx(math.e)


def test_parameter_recovery_poisson():
    rec = parameter_recovery([0.5], [40], n_sims=60, seed=5, dispersion=0.0)
    r = rec.iloc[0]
    assert r["n_ok"] == 60 and r["n_failed"] == 0
    # unbiased within 3 Monte Carlo standard errors
    assert abs(r["bias"]) < 3 * r["bias_mcse"] + 1e-9
    # nominal 95 % coverage within Monte Carlo error (60 sims: se ~ 0.028)
    assert 0.85 <= r["coverage"] <= 1.0
    assert r["rmse"] >= abs(r["bias"])
