"""Closed-form tests of the power design (issue 12) against the statsmodels GLM and hand values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from democracy_study.inference.glm import glm_test
from democracy_study.inference.power import estimate_dispersion, simulate_places
from democracy_study.inference.power_design import (
    _draw,
    exact_permutation_p,
    power_table,
    quasi_wald_p,
)


@pytest.mark.parametrize("seed", [1, 5, 11])
def test_closed_forms_equal_statsmodels(seed):
    d = simulate_places(8, 1.0, dispersion=1.0, seed=seed)
    y, x = d["count"].rename("count"), d["mechanism"].rename("m")
    wald = glm_test(y, x, exposure=d["deputies"], n_perm=0).pvalue_asymptotic
    assert quasi_wald_p(y, x, d["deputies"]) == pytest.approx(wald, rel=1e-8)
    # C(8,4) = 70 <= 999: glm_test enumerates all relabellings too
    perm = glm_test(y, x, n_perm=999).pvalue
    assert exact_permutation_p(y, x) == pytest.approx(perm, abs=1e-12)


def test_draws_equal_simulate_places():
    d = simulate_places(7, 0.7, dispersion=0.6, seed=np.random.default_rng([3, 1]))
    y, x, dep = _draw(np.random.default_rng([3, 1]), 7, 0.7, 0.6)
    assert (y == d["count"].to_numpy()).all() and (x == d["mechanism"].to_numpy()).all()
    assert (dep == d["deputies"].to_numpy()).all()


def test_exact_hand_value():
    # hand: the three largest together is the most extreme of C(6,3) = 20 splits, with its mirror
    assert exact_permutation_p([30, 40, 35, 10, 12, 9], [1, 1, 1, 0, 0, 0]) == pytest.approx(0.1)


def test_quasi_wald_hand_value():
    # hand: r1 = 32, r0 = 11, X2 = 2/11 + 8/32, phi = X2/2, se = sqrt(phi (1/64 + 1/22))
    phi = (2 / 11 + 8 / 32) / 2
    t = math.log(32 / 11) / math.sqrt(phi * (1 / 64 + 1 / 22))
    from scipy import stats

    assert quasi_wald_p([10, 12, 30, 34], [0, 0, 1, 1]) == pytest.approx(2 * stats.t.sf(t, 2))


def test_power_zero_at_five_places_and_executor_invariant():
    from concurrent.futures import ThreadPoolExecutor

    designs = [("exact_permutation", [5]), ("quasi_wald_offset", [10])]
    a = power_table(designs, [0.0, 2.0], [0.5], n_sims=30, seed=4)
    with ThreadPoolExecutor(2) as ex:
        b = power_table(designs, [0.0, 2.0], [0.5], n_sims=30, seed=4, executor=ex)
    assert a.equals(b)
    # hand: n = 5 split 3/2 -> min attainable p = 1/C(5,2) = 0.1 > 0.05: power 0 at any effect
    ex5 = a[a["test"] == "exact_permutation"]
    assert (ex5["power"] == 0).all()


def test_estimate_dispersion_hand():
    # hand: mean 144.75, var (ddof 1) 12256.92 -> (12256.92 - 144.75) / 144.75**2
    assert estimate_dispersion([240, 230, 100, 9]) == pytest.approx(0.57811, abs=1e-4)


def test_prevalence_sets_the_split_and_keeps_the_balanced_draws():
    # hand: 1 of 4 places with the mechanism -> C(4,1) = 4 splits, min attainable p 1/4 > 0.05
    t = power_table([("exact_permutation", [4], 0.25)], [0.0, 2.0], [0.5], n_sims=20, seed=3)
    assert t["n_with"].tolist() == [1, 1] and (t["power"] == 0).all()
    assert t["prevalence"].tolist() == [0.25, 0.25]
    # the default (0.5) and an explicit 0.5 draw the same data sets
    a = power_table([("quasi_wald_offset", [10])], [1.0], [0.5], n_sims=20, seed=3)
    b = power_table([("quasi_wald_offset", [10], 0.5)], [1.0], [0.5], n_sims=20, seed=3)
    assert a.equals(b) and a["n_with"].tolist() == [5]
    with pytest.raises(ValueError, match="prevalence"):
        power_table([("exact_permutation", [4], 1.0)], [0.0], [0.5], n_sims=2)


def test_draws_with_prevalence_equal_simulate_places():
    d = simulate_places(8, 0.7, dispersion=0.6, prevalence=0.25, seed=np.random.default_rng([2]))
    y, x, dep = _draw(np.random.default_rng([2]), 8, 0.7, 0.6, 0.25)
    assert (dep == d["deputies"].to_numpy()).all()
    assert int(x.sum()) == 2  # hand: round(0.25 * 8)
    assert (y == d["count"].to_numpy()).all() and (x == d["mechanism"].to_numpy()).all()


def _settings(seed=4, n_sims=10):
    return {
        "dispersion": 0.5,
        "dispersions": [0.5],
        "effects": [0.0, 1.0],
        "designs": [("exact_permutation", (6,), 0.5), ("quasi_wald_offset", (8,), 0.5)],
        "split": None,
        "n_sims": n_sims,
        "seed": seed,
    }


def _table(settings):
    from democracy_study.study import _typed

    s = settings
    t = power_table(
        s["designs"], s["effects"], s["dispersions"], n_sims=s["n_sims"], seed=s["seed"]
    )
    t["dispersion_factor"] = 1.0
    t["seed"] = s["seed"]
    return _typed(t)


def test_read_power_curve_only_when_the_settings_match(tmp_path):
    from democracy_study.study import read_power_curve

    t = _table(_settings())
    path = tmp_path / "power_curve.csv"
    # written as the build writes result tables (democracy_study.results.write_results)
    path.write_text(t.to_csv(index=False, float_format="%.6g", lineterminator="\n"))
    back = read_power_curve(path, _settings())
    assert back is not None and back.equals(t)  # the values round-trip exactly
    assert read_power_curve(path, _settings(seed=5)) is None
    assert read_power_curve(path, _settings(n_sims=11)) is None
    other = _settings()
    other["designs"] = [("exact_permutation", (6, 7), 0.5), ("quasi_wald_offset", (8,), 0.5)]
    assert read_power_curve(path, other) is None  # another grid
    other = _settings()
    other["dispersions"] = [0.6]
    assert read_power_curve(path, other) is None  # another dispersion
    assert read_power_curve(tmp_path / "absent.csv", _settings()) is None


@pytest.fixture(scope="module")
def analysis():
    from democracy_study import config, read_corpus
    from democracy_study.study import outcome_analysis

    return outcome_analysis(read_corpus(config.DATA_PROCESSED))


def test_figures_read_the_build_table_without_simulating(analysis, monkeypatch):
    import pandas as pd

    from democracy_study import config, study
    from democracy_study.inference import power_design as pdm

    def refuse(*args, **kwargs):
        raise AssertionError("power_design simulated although power_curve.csv matches")

    monkeypatch.setattr(pdm, "power_table", refuse)
    monkeypatch.setattr(study, "_POWER_DESIGN", {})
    path = config.DATA_RESULTS / "power_curve.csv"
    t = study.power_design(analysis, cached=path)
    # expected: exactly the committed file (build --check keeps it current)
    assert t.equals(study._typed(pd.read_csv(path)))
    exact = t[t["test"] == "exact_permutation"]
    # the exact rows use the most balanced split of the non-circular headline terms
    best = max(k / n for _o, _t, k, n in study.headline_splits(analysis))
    assert set(exact["prevalence"]) == {round(best, 6)}
    assert set(t.loc[t["test"] == "quasi_wald_offset", "prevalence"]) == {0.5}
    assert sorted(set(exact["n_places"])) == sorted(
        {int(analysis.selection["n_places"]), *study.POWER_EXACT_PLACES}
    )


def test_power_design_executor_invariant(analysis, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from democracy_study import study

    monkeypatch.setattr(study, "_POWER_DESIGN", {})
    a = study.power_design(analysis, n_sims=4, executor="serial")
    monkeypatch.setattr(study, "_POWER_DESIGN", {})
    with ThreadPoolExecutor(2) as ex:
        b = study.power_design(analysis, n_sims=4, executor=ex)
    assert a.equals(b) and list(a.columns) == list(study.POWER_CURVE_COLUMNS)
    assert len(a) == 3 * 3 * (len(set(a.loc[a["test"] == "exact_permutation", "n_places"])) + 10)
