"""Issue 13 item 4: fixed-marginal (curveball) nulls and degree sequences."""

from __future__ import annotations

import numpy as np

from democracy_study.networks import NetworkParams, draw_network
from democracy_study.networks.metrics import station_load
from democracy_study.networks.null import (
    NULL_COLUMNS,
    NULL_METRICS,
    NULL_TYPES,
    curveball,
    degree_table,
    density_draw,
    null_model_table,
    rewire_draw,
    shuffle_edges,
)


def _params(**kw):
    base = dict(n_deputies=40, n_stations=6, n_voters=3000, n_voter_blocks=60, place="A")
    base.update(kw)
    return NetworkParams.from_priors(**base)


def test_curveball_preserves_both_degree_sequences_exactly():
    rng = np.random.default_rng(3)
    m = rng.random((50, 7)) < 0.3
    for seed in range(5):
        r = curveball(m, np.random.default_rng(seed))
        assert r.dtype == bool and r.shape == m.shape
        np.testing.assert_array_equal(r.sum(axis=0), m.sum(axis=0))
        np.testing.assert_array_equal(r.sum(axis=1), m.sum(axis=1))
    # and it does move edges
    assert (curveball(m, np.random.default_rng(0)) != m).any()


def test_curveball_wide_matrix_trades_on_rows():
    m = np.random.default_rng(1).random((4, 30)) < 0.5
    r = curveball(m, np.random.default_rng(2))
    np.testing.assert_array_equal(r.sum(axis=0), m.sum(axis=0))
    np.testing.assert_array_equal(r.sum(axis=1), m.sum(axis=1))


def test_curveball_null_expectation_by_hand():
    # Hand: the 3x3 0/1 matrices with all margins 1 are the 6 permutation matrices; a
    # uniform null puts each cell at 1 with probability 2/6 = 1/3.
    m = np.eye(3, dtype=bool)
    rng = np.random.default_rng(0)
    mean = np.mean([curveball(m, rng) for _ in range(3000)], axis=0)
    np.testing.assert_allclose(mean, np.full((3, 3), 1 / 3), atol=0.035)


def test_curveball_no_freedom_is_identity():
    # Hand: margins rows (2, 0), columns (1, 1) allow one matrix only.
    m = np.array([[1, 1], [0, 0]], dtype=bool)
    np.testing.assert_array_equal(curveball(m, np.random.default_rng(0)), m)


def test_rewire_draw_keeps_degrees_and_voter_layer():
    d = draw_network(_params(), seed=4)
    r = rewire_draw(d, np.random.default_rng(5))
    np.testing.assert_array_equal(r.membership.sum(axis=0), d.membership.sum(axis=0))
    np.testing.assert_array_equal(r.membership.sum(axis=1), d.membership.sum(axis=1))
    np.testing.assert_array_equal(r.referrals.sum(axis=0), d.referrals.sum(axis=0))
    np.testing.assert_array_equal(r.referrals.sum(axis=1), d.referrals.sum(axis=1))
    np.testing.assert_array_equal(station_load(r), station_load(d))
    np.testing.assert_array_equal(r.cls_voters, d.cls_voters)


def test_null_model_table_columns_determinism_and_p_bounds():
    prm = {"A": _params(), "B": _params(place="B", n_stations=4)}
    t1 = null_model_table(prm, n_null=9, seed=2)
    t2 = null_model_table(prm, n_null=9, seed=2)
    assert list(t1.columns) == NULL_COLUMNS
    assert t1.equals(t2)
    assert t1["metric"].tolist() == list(NULL_METRICS) * 2
    assert t1["null"].tolist() == [NULL_TYPES[m] for m in NULL_METRICS] * 2
    # empirical p lies in [1 / (1 + n), 1]
    assert ((t1["p_empirical"] >= 1 / 10 - 1e-12) & (t1["p_empirical"] <= 1)).all()
    assert (t1["null_low"] <= t1["null_high"]).all()


def test_degree_table_sums_by_hand():
    # Hand: 12 deputies at one station each -> deputies per station sum to 12,
    # stations per deputy all 1; voters per station sum to the voters visiting.
    p = _params(n_deputies=12, n_stations=3, p_second_station=0.0)
    t = degree_table({"A": p}, seed=1)
    dps = t[t.degree == "deputies_per_station"]["value"]
    spd = t[t.degree == "stations_per_deputy"]["value"]
    assert dps.sum() == 12 and len(dps) == 3
    assert (spd == 1).all() and len(spd) == 12


def test_coverage_is_invariant_under_curveball_but_not_under_the_density_null():
    from democracy_study.networks import department_paths, network_metrics

    def cov(d):
        return network_metrics(d, paths=department_paths(d))["coverage_connected"]

    d = draw_network(_params(n_referral_departments=2), seed=4)
    rng = np.random.default_rng(6)
    # curveball keeps every station's deputies and referrals: coverage cannot move
    assert {cov(rewire_draw(d, rng)) for _ in range(10)} == {cov(d)}
    # the density null keeps the edge counts only
    dens = [density_draw(d, rng) for _ in range(20)]
    assert all(g.membership.sum() == d.membership.sum() for g in dens)
    assert all(g.referrals.sum() == d.referrals.sum() for g in dens)
    assert len({cov(g) for g in dens}) > 1


def test_shuffle_edges_is_uniform_by_hand():
    # Hand: one edge in a 2x2 matrix lands in each cell with probability 1/4.
    m = np.array([[1, 0], [0, 0]], dtype=bool)
    rng = np.random.default_rng(0)
    mean = np.mean([shuffle_edges(m, rng) for _ in range(4000)], axis=0)
    np.testing.assert_allclose(mean, np.full((2, 2), 0.25), atol=0.03)
