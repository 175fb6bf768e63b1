"""Aliases, minimum attainable p and Tarone's rule (issue 12); expected values by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from democracy_study.inference.testability import (
    alias_groups,
    merge_aliases,
    min_attainable_p,
    predictor_testability,
    tarone,
)


def test_mirror_and_identical_splits_are_one_group():
    X = pd.DataFrame({"a": [1, 1, 0, 0], "b": [0, 0, 1, 1], "c": [1, 1, 0, 0], "d": [1, 0, 0, 0]})
    assert alias_groups(X) == [["a", "b", "c"], ["d"]]
    merged, members = merge_aliases(X)
    assert list(merged.columns) == ["a = b = c", "d"] and members["d"] == ["d"]


@pytest.mark.parametrize(
    ("n", "k", "expected"),
    [(5, 2, 1 / 10), (5, 1, 1 / 5), (6, 3, 2 / 20), (8, 4, 2 / 70), (7, 3, 1 / 35), (4, 0, 1.0)],
)
def test_min_attainable_permutation_p(n, k, expected):
    # hand: 1 / C(n, k), doubled when k = n/2 (the mirror split has the same statistic)
    assert min_attainable_p(n, k) == pytest.approx(expected)


def test_min_attainable_fisher_p():
    # hand: 2x2 with margins 3/3 of 6, most extreme table [[3,0],[0,3]]: 2 / C(6,3) = 0.1
    assert min_attainable_p(6, 3, "fisher", n_outcome=3) == pytest.approx(0.1)


def test_tarone_hand():
    # K=1: 3 tests reach 0.05 (> 1); K=2: 2 reach 0.025 (<= 2) -> testable set of 2
    assert tarone([0.001, 0.02, 0.04, 0.5]) == (2, [True, True, False, False])
    assert tarone([0.25, 0.1]) == (0, [False, False])


def test_predictor_testability_small_n():
    y = pd.Series([1.0, 2.0, 8.0, 9.0, math.nan], index=list("pqrst"))
    X = pd.DataFrame({"a": [0, 0, 1, 1, 1], "b": [1, 1, 0, 0, 0]}, index=list("pqrst"))
    t = predictor_testability(y, X)
    # the missing place t is dropped: n = 4, split 2/2 -> 2 / 6; a and b are one test
    assert t["nobs"].tolist() == [4, 4] and set(t["alias"]) == {"a = b"}
    assert t["min_p"].iloc[0] == pytest.approx(1 / 3) and not t["testable"].any()
