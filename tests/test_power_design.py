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
