"""Issue 13 item 7: co-occurrence lift against a fixed-marginal null; dendrogram bootstrap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from democracy_study.graphs import LIFT_COLUMNS, cooccurrence_lift, dendrogram_support, lift_graph

A, B, C = "liaison_station", "special_inquiry", "deputy_mediation"


def test_lift_of_independent_columns_is_one_by_construction():
    # Hand: N = 8; a in 4 places, b in 4, both in 2 = 4 * 4 / 8: lift 1, phi 0.
    pm = pd.DataFrame(
        {A: [1, 1, 1, 1, 0, 0, 0, 0], B: [1, 1, 0, 0, 1, 1, 0, 0]}, index=list("PQRSTUVW")
    )
    t = cooccurrence_lift(pm, n_null=20)
    assert list(t.columns) == LIFT_COLUMNS
    assert t.loc[0, "lift"] == 1.0 and t.loc[0, "phi"] == 0.0


def test_lift_and_phi_of_identical_columns_by_hand():
    pm = pd.DataFrame({A: [1, 1, 0, 0], B: [1, 1, 0, 0]}, index=list("PQRS"))
    t = cooccurrence_lift(pm, n_null=20).iloc[0]
    assert t["lift"] == 2.0  # hand: 2 * 4 / (2 * 2)
    assert t["phi"] == pytest.approx(1.0)


def test_null_keeps_margins_and_its_mean_by_hand():
    # Hand: two codes, each in 2 of 4 places, every place with <= 1 code... use margins where
    # the null is a known distribution: places each report exactly one of A, B (row sums 1),
    # A and B each in 2 places: then n_both = 0 in every null matrix.
    pm = pd.DataFrame({A: [1, 1, 0, 0], B: [0, 0, 1, 1]}, index=list("PQRS"))
    t = cooccurrence_lift(pm, n_null=50, seed=1).iloc[0]
    assert t["null_mean"] == 0.0 and t["n_both"] == 0
    # Hand: a third code C in all 4 places: n_both(A, C) = 2 in every null (fixed margins).
    pm[C] = 1
    t = cooccurrence_lift(pm, n_null=50, seed=1).set_index(["code_a", "code_b"])
    pair = t.loc[(A, C)] if (A, C) in t.index else t.loc[(C, A)]
    assert pair["null_mean"] == 2.0 and np.isnan(pair["phi"])


def test_null_mean_matches_hypergeometric_expectation():
    # 30 places; with free row sums of 1 or 2 the uniform fixed-margin mean of n_both is close to
    # n_a * n_b / N (hand: 10 * 12 / 30 = 4).
    rng = np.random.default_rng(0)
    a = np.zeros(30, int)
    a[rng.permutation(30)[:10]] = 1
    b = np.zeros(30, int)
    b[rng.permutation(30)[:12]] = 1
    pm = pd.DataFrame({A: a, B: b}, index=[f"p{i}" for i in range(30)])
    t = cooccurrence_lift(pm, n_null=400, seed=3).iloc[0]
    assert 2.5 < t["null_mean"] < 5.5


def test_lift_graph_keeps_only_over_represented_pairs():
    pm = pd.DataFrame(
        {A: [1, 1, 0, 0, 0, 0], B: [1, 1, 0, 0, 0, 0], C: [0, 0, 1, 1, 1, 0]}, index=list("PQRSTU")
    )
    t = cooccurrence_lift(pm, n_null=100, seed=0)
    g = lift_graph(pm, t)
    assert set(map(frozenset, g.edges)) == {frozenset((A, B))}
    assert lift_graph(pm, t, max_p=0.0).number_of_edges() == 0


def test_dendrogram_support_bounds_and_certain_clade():
    pm = pd.DataFrame({A: [1, 1, 0, 0], B: [1, 1, 0, 0], C: [0, 0, 1, 1]}, index=list("PQRS"))
    s = dendrogram_support(pm, n_boot=30, seed=2)
    assert s.shape == (3,)
    assert ((s >= 0) & (s <= 1)).all()
    assert s[-1] == 1.0  # the root (all places) is in every tree
