"""Headline mechanism tests of issue 12: corners, circularity, aliases, Tarone, BH.

Expected values are hand calculations (stated next to each assertion).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from democracy_study.inference.headline import corner_values, mechanism_tests

PLACES = [f"p{i}" for i in range(8)]


def _outcomes(lower, point, upper):
    return pd.DataFrame(
        {"place": PLACES, "outcome": "y", "lower": lower, "point": point, "upper": upper}
    )


def test_corner_values_enumerates_all_combinations():
    # hand: two varying places -> 2**2 = 4 corners, the fixed place stays at 10
    c = corner_values([0, 10, 5], [1, 10, 6])
    assert c.tolist() == [[0, 10, 5], [0, 10, 6], [1, 10, 5], [1, 10, 6]]


def test_corner_values_open_end_enters_at_point():
    c = corner_values([3.0, 1.0], [math.inf, 2.0], point=[3.0, 1.0])
    assert c.tolist() == [[3.0, 1.0], [3.0, 2.0]]


def test_corner_values_samples_beyond_limit_deterministically():
    lo, hi = np.zeros(13), np.ones(13)
    a = corner_values(lo, hi, n_sample=50, seed=3)
    b = corner_values(lo, hi, n_sample=50, seed=3)
    assert a.shape == (50, 13) and (a == b).all()


def test_mechanism_tests_hand_values():
    y = [30.0, 40.0, 35.0, 50.0, 10.0, 12.0, 9.0, 11.0]
    x = [1, 1, 1, 1, 0, 0, 0, 0]
    fam = pd.DataFrame(
        {"x": x, "z": [1 - v for v in x], "c": [1, 0, 1, 0, 1, 0, 1, 0]}, index=PLACES
    )
    upper = list(y)
    upper[0] = 300.0  # one wide interval: the corner at 300 moves the estimate
    t = mechanism_tests(_outcomes(y, y, upper), "y", fam, {"c": ["p0"]}, n_perm=999)
    head = t.set_index("term")
    # x and its mirror z are one test
    assert list(t["term"]) == ["x = z", "c"]
    row = head.loc["x = z"]
    # hand: log(mean 38.75 / mean 10.5) = log(155/42)
    assert row["estimate"] == pytest.approx(math.log(155 / 42), rel=1e-6)
    # hand: exact permutation over C(8,4) = 70 splits; observed and its mirror are extreme
    assert row["pvalue"] == pytest.approx(2 / 70)
    assert row["min_p"] == pytest.approx(2 / 70)
    # Tarone: one term, 2/70 <= 0.05 -> testable, K = 1; BH over one test leaves p
    assert bool(row["testable"]) and int(row["tarone_k"]) == 1
    assert row["qvalue"] == pytest.approx(2 / 70)
    # corners: 2 (p0 at 30 or 300); hand high: log((300+125)/4 / 10.5)
    assert int(row["n_corners"]) == 2
    assert row["corner_high"] == pytest.approx(math.log(425 / 4 / 10.5), rel=1e-6)
    assert not bool(row["sign_change"])
    circ = head.loc["c"]
    assert bool(circ["circular"]) and circ["circular_places"] == "p0"
    assert math.isnan(circ["qvalue"]) and circ["status"].startswith("circular")


def test_mechanism_tests_untestable_at_small_n():
    # hand: 4 places, split 2/2 -> min p = 2 / C(4,2) = 1/3 > 0.05 -> no q-value
    o = _outcomes([1.0, 2.0, 8.0, 9.0] + [np.nan] * 4, [1.0, 2.0, 8.0, 9.0] + [np.nan] * 4,
                  [1.0, 2.0, 8.0, 9.0] + [np.nan] * 4).dropna()  # fmt: skip
    fam = pd.DataFrame({"x": [0, 0, 1, 1, 0, 1, 0, 1]}, index=PLACES)
    t = mechanism_tests(o, "y", fam, {}, n_perm=999)
    assert int(t["nobs"].iloc[0]) == 4
    assert t["min_p"].iloc[0] == pytest.approx(1 / 3)
    assert t["status"].iloc[0].startswith("untestable")
    assert math.isnan(t["qvalue"].iloc[0]) and int(t["tarone_k"].iloc[0]) == 0
