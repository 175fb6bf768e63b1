"""Tests for democracy_study.networks (deputy–station–voter network models).

Expected values are worked out by hand in the comments; the fixture corpus is
hand-made (places and figures invented, not the seed corpus).
"""

from __future__ import annotations

import dataclasses
import math
import types
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from democracy_study.networks import (
    NetworkDraw,
    NetworkParams,
    brokerage,
    core_paths,
    draw_network,
    edge_table,
    expected_funnel,
    funnel_validation,
    gini,
    issue_flow,
    network_metrics,
    node_table,
    parameter_table,
    params_for_place,
    qualifier_interval,
    robustness_curves,
    simulate,
    to_gexf,
    to_graphml,
)
from democracy_study.networks.ensemble import _show_progress
from democracy_study.networks.metrics import station_load as _station_load

NAN = float("nan")


# --------------------------------------------------------------------------- fixtures
def _q(
    place,
    indicator,
    value,
    *,
    para,
    start,
    evidence,
    qualifier="exact",
    value_max=NAN,
    kind="count",
    unit="名",
    dup=False,
):
    rid = para.rsplit(".", 1)[0]
    return dict(
        source_file="fixture.txt",
        report_id=rid,
        paragraph_id=para,
        place=place,
        value=float(value),
        value_max=value_max,
        unit=unit,
        qualifier=qualifier,
        kind=kind,
        indicator=indicator,
        evidence=evidence,
        char_start=start,
        char_end=start + len(evidence),
        duplicate=dup,
    )


@pytest.fixture(scope="module")
def corpus():
    rows = [
        # 甲县: deputies (roster + a subset), stations, reach, a funnel in p03
        _q("甲县", "deputies", 210, para="fx#r01.p02", start=10, evidence="210名"),
        _q("甲县", "deputies", 32, para="fx#r01.p04", start=90, evidence="32名"),
        _q("甲县", "stations", 12, para="fx#r01.p02", start=20, evidence="12个", unit="个"),
        _q(
            "甲县",
            "voters_reached",
            10000,
            para="fx#r01.p02",
            start=30,
            evidence="1万余人",
            qualifier="over",
            unit="人",
        ),
        _q(
            "甲县", "issues_received", 500, para="fx#r01.p03", start=50, evidence="500个", unit="个"
        ),
        _q(
            "甲县", "issues_resolved", 450, para="fx#r01.p03", start=60, evidence="450个", unit="个"
        ),
        # a resolved figure in another paragraph must not pair with the received one
        _q(
            "甲县", "issues_resolved", 480, para="fx#r01.p04", start=99, evidence="480个", unit="个"
        ),
        # 乙区: over-qualified deputies, a duplicated row, activities (no voters reached)
        _q(
            "乙区",
            "deputies",
            300,
            para="fx#r02.p02",
            start=200,
            evidence="300余名",
            qualifier="over",
        ),
        _q("乙区", "deputies", 999, para="fx#r02.p05", start=260, evidence="999名", dup=True),
        _q(
            "乙区",
            "activities",
            230,
            para="fx#r02.p03",
            start=220,
            evidence="230余次",
            qualifier="over",
            unit="次",
        ),
        # 丙市: only a money figure: nothing usable
        _q(
            "丙市",
            "funds_cny",
            1500000,
            para="fx#r03.p02",
            start=300,
            evidence="150万元",
            kind="money",
            unit="元",
        ),
        # 丁县: a funnel the model cannot reach (1% resolved with strong on-the-spot settling)
        _q(
            "丁县",
            "issues_received",
            1000,
            para="fx#r04.p02",
            start=400,
            evidence="1000件",
            unit="件",
        ),
        _q("丁县", "issues_resolved", 10, para="fx#r04.p02", start=410, evidence="10件", unit="件"),
    ]
    q = pd.DataFrame(rows)
    mech = pd.DataFrame(
        [
            ("甲县", "digital_channel", False),
            ("甲县", "rapid_response", False),
            ("甲县", "liaison_station", False),
            ("乙区", "sector_station", False),
            ("乙区", "regular_contact_day", False),
            ("乙区", "digital_channel", True),  # duplicated passage: ignored
            ("丁县", "rapid_response", False),
            ("丁县", "deputy_mediation", False),
            ("丁县", "face_to_face_consultation", False),
        ],
        columns=["place", "code", "duplicate"],
    )
    return types.SimpleNamespace(quantities=q, mechanisms=mech)


def small_params(**kw):
    base = dict(
        n_deputies=15,
        n_stations=4,
        n_voters=300,
        n_voter_blocks=30,
        n_departments=5,
        n_referral_departments=2,
    )
    base.update(kw)
    return NetworkParams.from_priors(**base)


def hand_draw(**kw) -> NetworkDraw:
    """2 deputies (one per station), 2 stations, 1 department referred to by station 0 only.

    Blocks: b0 home s0 30 voters visiting; b1 home s1 10 voters visiting; b2 home s0
    20 voters unreached.
    """
    p = NetworkParams.from_priors(
        n_deputies=2,
        n_stations=2,
        n_departments=1,
        n_referral_departments=1,
        n_voters=60,
        n_voter_blocks=3,
        **kw,
    )
    return NetworkDraw(
        params=p,
        eff=p.effective(),
        membership=np.array([[True, False], [False, True]]),
        station_sector=np.array([False, False]),
        referrals=np.array([[True], [False]]),
        block_voters=np.array([30, 10, 20]),
        block_home=np.array([0, 1, 0]),
        block_sector=np.array([-1, -1, -1]),
        block_deputy=np.array([0, 1, 0]),
        cls_block=np.array([0, 1]),
        cls_voters=np.array([30, 10]),
        cls_visit=np.array([True, True]),
        cls_sector=np.array([False, False]),
        cls_contact=np.array([False, False]),
        cls_digital=np.array([False, False]),
    )


# --------------------------------------------------------------------------- params
@pytest.mark.parametrize(
    ("kw", "name"),
    [
        (dict(n_deputies=-1), "n_deputies"),
        (dict(n_voters=-5), "n_voters"),
        (dict(p_digital=1.2), "p_digital"),
        (dict(p_visit=-0.1), "p_visit"),
        (dict(n_deputies=10, n_stations=50), "n_stations"),
        (dict(n_stations=5, n_sector_stations=6), "n_sector_stations"),
        (dict(n_departments=3, n_referral_departments=4), "n_referral_departments"),
        (dict(delay_days=0.0), "delay_days"),
        (dict(n_deputies=2.5), "n_deputies"),
    ],
)
def test_params_validation_names_parameter(kw, name):
    with pytest.raises(ValueError, match=name):
        NetworkParams.from_priors(**kw)


def test_params_more_stations_allowed_without_requirement():
    p = NetworkParams.from_priors(n_deputies=10, n_stations=50, require_deputy_per_station=False)
    assert p.n_stations == 50
    d = draw_network(p, seed=0)
    assert d.membership.sum() >= 10  # every deputy works somewhere


def test_params_frozen_and_without():
    p = NetworkParams.from_priors(mechanisms=["digital_channel", "rapid_response"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.n_deputies = 3
    q = p.without("digital_channel")
    assert q.mechanisms == frozenset({"rapid_response"})
    assert q.n_deputies == p.n_deputies and p.mechanisms == {"digital_channel", "rapid_response"}


def test_effective_odds_ratio():
    # hand: p_on_spot 0.2 -> odds 0.25; rapid_response odds ratio 2.0 -> 0.5 -> p = 1/3
    p = NetworkParams.from_priors(p_on_spot=0.2, mechanisms=["rapid_response"])
    assert p.effective()["p_on_spot"] == pytest.approx(1 / 3)
    assert p.without("rapid_response").effective()["p_on_spot"] == pytest.approx(0.2)


# The networks read figures through the one rule of democracy_study.parse.intervals
# (issue 11). Until then they used the priors file's rules (以上 +20 %, 近 -10 %);
# the at_least and nearly rows below now follow the shared rule.
@pytest.mark.parametrize(
    ("value", "qual", "vmax", "expected", "finite"),
    [
        (3600, "over", None, (3600, 3700), (3600, 3700)),  # 3600余: hundreds place
        (20, "over", None, (20, 30), (20, 30)),
        (150, "at_least", None, (150, math.inf), (150, 160)),  # open; cap 150 + u (u = 10)
        (100, "nearly", None, (0, 100), (0, 100)),  # 近100: u = 100
        (4, "range", 6, (4, 6), (4, 6)),
        (7, "exact", None, (7, 7), (7, 7)),
    ],
)
def test_qualifier_interval(value, qual, vmax, expected, finite):
    from democracy_study.parse.intervals import finite_bounds

    iv = qualifier_interval(value, qual, vmax)
    assert (iv.low, iv.high) == pytest.approx(expected)
    assert finite_bounds(iv) == pytest.approx(finite)


def test_reported_at_least_figure_uses_capped_interval():
    # invented: "建成联络站超20个" - 超20 is [20, inf), capped at 20 + u = 30 (u = 10);
    # the station count is the midpoint 25
    q = pd.DataFrame(
        [
            _q(
                "庚县",
                "stations",
                20,
                para="g#r01.p01",
                start=5,
                evidence="超20个",
                unit="个",
                qualifier="at_least",
            )
        ]
    )
    p = params_for_place("庚县", types.SimpleNamespace(quantities=q, mechanisms=None))
    prov = p.provenance_of("n_stations")
    assert (prov.low, prov.high, p.n_stations) == (20, 30, 25)


def test_qualifier_interval_errors():
    with pytest.raises(ValueError, match="value_max"):
        qualifier_interval(4, "range")
    with pytest.raises(ValueError, match="unknown qualifier"):
        qualifier_interval(4, "roughly")


def test_params_for_place_reported(corpus):
    p = params_for_place("甲县", corpus)
    assert p.n_deputies == 210  # hand: max(210, 32)
    assert p.n_stations == 12
    # issue 13: a deputies figure of unstated level is not inverted to a population
    # (only deputies_county is); hand: population prior 500,000 x adult share 0.8
    assert p.n_voters == 400_000
    assert p.mechanisms == {"digital_channel", "rapid_response", "liaison_station"}
    prov = p.provenance_of("n_deputies")
    assert prov.status == "reported"
    assert (prov.evidence, prov.char_start, prov.char_end) == ("210名", 10, 14)
    assert prov.paragraph_id == "fx#r01.p02"
    # hand: 1万余 -> [10000, 20000], midpoint 15000; funnel p03: 500 -> 450 (rate 0.9)
    t = {x.name: x for x in p.targets}
    assert (t["voters_reached"].low, t["voters_reached"].high) == (10000, 20000)
    e = expected_funnel(p)
    assert e["voters_reached"] == pytest.approx(15000)
    assert e["issues_received"] == pytest.approx(500)
    assert e["resolution_rate"] == pytest.approx(0.9)
    fp = p.provenance_of("p_dept_resolve")
    assert fp.status == "reported" and fp.evidence == "500个 → 450个"
    assert (fp.char_start, fp.char_end) == (60, 64)


def test_params_for_place_duplicates_and_fallbacks(corpus):
    p = params_for_place("乙区", corpus)
    assert p.n_deputies == 350  # hand: 300余 -> [300, 400] (hundreds place); 999 is a duplicate
    assert p.n_voters == 400_000  # hand: population prior x 0.8 (level not stated)
    assert p.mechanisms == {"sector_station", "regular_contact_day"}  # duplicate code ignored
    assert p.n_sector_stations == 4  # hand: 0.2 x 20 stations (prior)
    assert p.provenance_of("n_stations").status == "imputed"
    # issue 13: reach only from distinct persons; activities (230余次) give no reach target
    assert "voters_reached" not in {x.name for x in p.targets}


def test_params_for_place_priors_only(corpus):
    p = params_for_place("丙市", corpus)
    assert any("priors alone" in n for n in p.notes)
    table = parameter_table(p)
    assert set(table["status"]) == {"imputed"}
    assert (table["source"].str.len() > 0).all()
    # five-level deputy universe prior (priors.yaml n_deputies, issue 13)
    assert table.loc[table.parameter == "n_deputies", "low"].item() == 300
    assert table.loc[table.parameter == "n_deputies", "high"].item() == 2500


def test_params_for_place_errors(corpus):
    with pytest.raises(ValueError, match="戊县"):
        params_for_place("戊县", corpus)
    bad = types.SimpleNamespace(
        quantities=corpus.quantities.drop(columns=["duplicate"]), mechanisms=corpus.mechanisms
    )
    with pytest.raises(ValueError, match="duplicate"):
        params_for_place("甲县", bad)


def test_parameter_table_columns(corpus):
    t = parameter_table(params_for_place("甲县", corpus))
    for col in (
        "parameter",
        "value",
        "status",
        "low",
        "high",
        "source",
        "evidence",
        "char_start",
        "char_end",
    ):
        assert col in t.columns
    # derived: the channel probabilities rescaled with p_visit to the reported reach
    assert set(t["status"]) == {"reported", "imputed", "derived"}
    r = t.set_index("parameter").loc["p_contact"]
    assert r["status"] == "derived"
    # the range is rescaled with the value (prior 0.02-0.3 around 0.1, priors.yaml)
    assert r["low"] == pytest.approx(r["value"] * 0.02 / 0.1)
    assert r["high"] == pytest.approx(r["value"] * 0.3 / 0.1)
    rep = t[t.status == "reported"]
    assert rep["char_start"].notna().all()


def test_wide_place_mechanisms(corpus):
    wide = pd.DataFrame({"place": ["甲县"], "digital_channel": [1], "sector_station": [0]})
    c = types.SimpleNamespace(quantities=corpus.quantities, place_mechanisms=wide)
    assert params_for_place("甲县", c).mechanisms == {"digital_channel"}


# --------------------------------------------------------------------------- model
def test_draw_structure_and_determinism():
    p = small_params(
        mechanisms=["digital_channel", "sector_station"], n_sector_stations=1, p_visit=0.5
    )
    a, b = draw_network(p, seed=5), draw_network(p, seed=5)
    assert (a.cls_voters == b.cls_voters).all() and (a.block_home == b.block_home).all()
    assert a.membership.any(axis=0).all()  # every station has a deputy
    assert a.membership.any(axis=1).all()  # every deputy works at a station
    assert a.has_platform and a.referrals[-1].all()  # platform refers to all departments
    assert a.block_voters.sum() == 300
    per_block = np.bincount(a.cls_block, weights=a.cls_voters, minlength=a.n_blocks)
    assert (per_block <= a.block_voters).all()
    c = draw_network(p, seed=5, mechanisms_off=["digital_channel"])
    assert not c.has_platform


def test_to_networkx_types_and_accounting():
    p = small_params(mechanisms=["digital_channel"], p_visit=0.5, p_contact=0.3)
    d = draw_network(p, seed=2)
    G = d.to_networkx()
    kinds = pd.Series(dict(G.nodes(data="kind"))).value_counts()
    assert kinds["deputy"] == 15 and kinds["station"] == 4 and kinds["platform"] == 1
    assert kinds["voter"] == 30 and kinds["department"] == 5
    et = edge_table(G)
    assert (et["type"] == "works_at").sum() == d.membership.sum()
    assert (et["type"] == "refers_to").sum() == d.referrals.sum()
    assert set(et["type"]) <= {"works_at", "visits", "contacts", "refers_to"}
    nt = node_table(G)
    assert len(nt) == G.number_of_nodes()
    assert nt.loc[nt.kind == "voter", "voters"].sum() == 300


# --------------------------------------------------------------------------- metrics
def test_gini_hand():
    assert gini([1, 1, 1, 1]) == 0.0
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)  # hand: 6 / (2 * 16 * 0.25)
    assert math.isnan(gini([0, 0]))


def test_metrics_on_hand_network():
    m = network_metrics(hand_draw())
    assert m["voters_reached"] == 40  # hand: 30 + 10
    assert m["coverage"] == pytest.approx(40 / 60)
    assert m["coverage_connected"] == pytest.approx(30 / 60)  # station 1 refers nowhere
    assert m["station_load_gini"] == pytest.approx(0.25)  # hand: loads 30, 10
    assert m["deputies_per_station_mean"] == 1.0
    assert m["path_length_mean"] == pytest.approx(2.0)  # voter - station 0 - department
    assert m["unreachable_pair_share"] == pytest.approx(10 / 40)
    assert m["brokerage_station_max"] == pytest.approx(1.0)  # all 30 pairs via station 0
    assert m["comembership_mean_degree"] == 0.0


def test_robustness_on_hand_network():
    c = robustness_curves(hand_draw(), np.random.default_rng(0), [0.0, 0.5, 1.0])
    targeted = [v for s, _, v in c if s == "targeted"]
    assert targeted == pytest.approx([0.0, 1.0, 1.0])  # hand: station 0 (load 30) goes first
    rand = [v for s, _, v in c if s == "random"]
    assert rand[0] == 0.0 and rand[2] == 1.0 and rand[1] in (0.0, 1.0)


def test_core_paths_match_networkx():
    import networkx as nx

    d = draw_network(small_params(p_second_station=0.5), seed=4)
    dist, sigma = core_paths(d)
    G = d.to_networkx()
    ids = d.node_ids()
    core = ids["deputy"] + ids["station"] + ids["platform"] + ids["department"]
    H = G.subgraph(core)
    for i in (0, 16, len(core) - 1):
        lengths = nx.single_source_shortest_path_length(H, core[i])
        for j, node in enumerate(core):
            if node in lengths:
                assert dist[i, j] == lengths[node]
                if i != j:
                    n_paths = len(list(nx.all_shortest_paths(H, core[i], node)))
                    assert sigma[i, j] == n_paths
            else:
                assert np.isinf(dist[i, j])


def test_brokerage_exact_against_networkx():
    """Structure-aware brokerage equals networkx subset betweenness summed over voters."""
    import networkx as nx

    p = small_params(
        mechanisms=["digital_channel", "sector_station"],
        n_sector_stations=1,
        p_visit=0.6,
        p_contact=0.3,
        p_sector_member=0.3,
        p_digital=0.3,
    )
    d = draw_network(p, seed=1)
    b = brokerage(d)
    G = d.to_networkx()
    ids = d.node_ids()
    core = ids["deputy"] + ids["station"] + ids["platform"] + ids["department"]
    Gc = G.subgraph(core).copy()
    E = d.class_entries()
    assert E.shape[0] > 20
    ref = np.zeros(len(core))
    for i in range(E.shape[0]):
        H = Gc.copy()
        H.add_edges_from(("v", core[u]) for u in E[i] if u >= 0)
        bc = nx.betweenness_centrality_subset(H, ["v"], ids["department"], normalized=False)
        # networkx halves undirected subset betweenness; each class is voters-many sources
        ref += 2 * np.array([bc[x] for x in core]) * d.cls_voters[i]
    np.testing.assert_allclose(b["flow"], ref, rtol=1e-9, atol=1e-9)


def test_brokerage_equals_full_graph_betweenness_when_voters_are_leaves():
    import networkx as nx

    # one voter per block, everyone visits the home station only: voters are leaves
    p = small_params(n_voters=30, n_voter_blocks=30, p_visit=1.0, p_contact=0.0)
    d = draw_network(p, seed=3)
    G = d.to_networkx()
    ids = d.node_ids()
    core = ids["deputy"] + ids["station"] + ids["platform"] + ids["department"]
    bc = nx.betweenness_centrality_subset(G, ids["voter"], ids["department"], normalized=False)
    np.testing.assert_allclose(brokerage(d)["flow"], [2 * bc[x] for x in core], atol=1e-9)


# --------------------------------------------------------------------------- flow
def test_issue_flow_extremes():
    rng = np.random.default_rng(0)
    assert issue_flow(hand_draw(issues_per_voter=0.0), rng)["issues_received"] == 0.0
    f = issue_flow(hand_draw(issues_per_voter=1.0, p_on_spot=1.0), rng)
    assert f["issues_received"] > 0 and f["resolution_rate"] == 1.0
    g = issue_flow(hand_draw(issues_per_voter=1.0, p_on_spot=0.0, p_dept_resolve=0.0), rng)
    assert g["issues_resolved"] == 0.0


def test_issue_flow_matches_expectation():
    # expected received = rate x expected reach; check the mean over draws (many voters)
    p = small_params(
        n_voters=200_000,
        n_voter_blocks=200,
        p_visit=0.2,
        issues_per_voter=0.05,
        mechanisms=["digital_channel", "rapid_response"],
    )
    e = expected_funnel(p)
    recs, rates = [], []
    for s in range(20):
        rng = np.random.default_rng(s)
        f = issue_flow(draw_network(p, rng), rng)
        recs.append(f["issues_received"])
        rates.append(f["resolution_rate"])
    assert np.mean(recs) == pytest.approx(e["issues_received"], rel=0.02)
    assert np.mean(rates) == pytest.approx(e["resolution_rate"], abs=0.01)


# --------------------------------------------------------------------------- ensembles
def test_simulate_deterministic_across_executors():
    ps = [small_params(place="A"), small_params(place="B", mechanisms=["digital_channel"])]
    a = simulate(ps, n=4, seed=11, executor="serial", progress=False, chunk_size=3)
    with ThreadPoolExecutor(max_workers=2) as ex:
        b = simulate(ps, n=4, seed=11, executor=ex, progress=False, chunk_size=1)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    pd.testing.assert_frame_equal(a.curves, b.curves)
    c = simulate(ps, n=4, seed=12, executor="serial", progress=False)
    assert not a.draws["value"].equals(c.draws["value"])


def test_simulate_with_dask_executor():
    distributed = pytest.importorskip("distributed")
    p = small_params(place="A")
    a = simulate(p, n=3, seed=2, executor="serial", progress=False)
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    ) as client:
        b = simulate(p, n=3, seed=2, executor=client.get_executor(), progress=False)
    pd.testing.assert_frame_equal(a.draws, b.draws)


def test_summary_intervals():
    r = simulate(small_params(place="A"), n=6, seed=0, executor="serial", progress=False)
    s = r.summary()
    assert list(s.columns) == ["place", "metric", "n", "mean", "q025", "q975"]
    assert (s["q025"] <= s["mean"] + 1e-12).all() and (s["mean"] <= s["q975"] + 1e-12).all()
    assert s.loc[s.metric == "coverage", "n"].item() == 6
    cs = r.curve_summary()
    assert set(cs["strategy"]) == {"targeted", "random"}


def test_counterfactual_one_argument_away(corpus):
    p = params_for_place("甲县", corpus)
    on = simulate(p, n=5, seed=3, executor="serial", progress=False)
    off = simulate(
        p, n=5, seed=3, executor="serial", progress=False, mechanisms_off=["digital_channel"]
    )
    same = simulate(p.without("digital_channel"), n=5, seed=3, executor="serial", progress=False)
    pd.testing.assert_frame_equal(off.draws, same.draws)
    assert (off.metric("digital_share")["甲县"] == 0).all()
    assert (off.metric("brokerage_platform")["甲县"] == 0).all()
    assert (on.metric("digital_share")["甲县"] > 0).all()


def test_simulate_argument_errors():
    p = small_params()
    with pytest.raises(ValueError, match="n must"):
        simulate(p, n=0, executor="serial")
    with pytest.raises(ValueError, match="executor"):
        simulate(p, n=1, executor="threads")
    with pytest.raises(ValueError, match="duplicate place"):
        simulate([small_params(place="A"), small_params(place="A")], n=1, executor="serial")


def test_progress_off_when_not_a_tty():
    assert _show_progress(False) is False
    assert _show_progress(None) is False  # pytest captures stderr: not a terminal


def test_funnel_validation(corpus):
    t = funnel_validation(corpus, n=40, seed=1, executor="serial", progress=False)
    assert sorted(t["place"]) == ["丁县", "甲县"]  # hand: the two places with a funnel
    row = t.set_index("place").loc["甲县"]
    assert row["received_reported"] == 500 and row["rate_reported"] == pytest.approx(0.9)
    assert row["received_within"] and row["rate_within"]
    bad = t.set_index("place").loc["丁县"]
    # hand: 1% resolved cannot be reached when >= 15% are settled on the spot
    assert not bad["rate_within"]
    assert bad["rate_sim_low"] > 0.1
    assert any(
        "outside what the model reaches" in n for n in params_for_place("丁县", corpus).notes
    )


# --------------------------------------------------------------------------- export
def test_graphml_and_gexf_roundtrip(tmp_path):
    import networkx as nx

    d = draw_network(small_params(mechanisms=["digital_channel"], p_visit=0.5), seed=0)
    G = d.to_networkx()
    H = nx.read_graphml(to_graphml(G, tmp_path / "g.graphml"))
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    assert H.nodes["platform"]["kind"] == "platform"
    K = nx.read_gexf(to_gexf(G, tmp_path / "g.gexf"))
    assert K.number_of_edges() == G.number_of_edges()


# --------------------------------------------------------------------------- plots
def test_plots_return_figures(corpus):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from democracy_study.plots import networks as vz

    d = draw_network(small_params(mechanisms=["digital_channel"], p_visit=0.5), seed=0)
    fig, ax = plt.subplots()
    assert vz.plot_network(d, ax=ax) is fig
    r = simulate(
        [small_params(place="A"), small_params(place="B")], n=3, executor="serial", progress=False
    )
    figs = [
        vz.plot_network(d),
        vz.plot_metric_comparison(r, "coverage"),
        vz.plot_robustness(r, place="B"),
    ]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)
    with pytest.raises(KeyError):
        vz.plot_metric_comparison(r, "no_such_metric")
    plt.close("all")


def test_robustness_matches_networkx_connectivity():
    """Structure-aware cut-off shares equal plain networkx connectivity after closures."""
    import networkx as nx

    p = small_params(
        mechanisms=["digital_channel", "sector_station"],
        n_sector_stations=1,
        p_visit=0.5,
        p_contact=0.4,
        p_sector_member=0.3,
        p_digital=0.2,
        p_second_station=0.5,
        n_referral_departments=1,
        n_departments=5,
    )
    d = draw_network(p, seed=7)
    fr = [0.0, 0.25, 0.5, 0.75, 1.0]
    curves = robustness_curves(d, np.random.default_rng(1), fr)
    G = d.to_networkx()
    ids = d.node_ids()
    core = ids["deputy"] + ids["station"] + ids["platform"] + ids["department"]
    E = d.class_entries()
    # reproduce the random order: permutation drawn after nothing else from the same rng
    orders = {
        "targeted": np.lexsort((np.arange(d.n_stations), -_station_load(d))),
        "random": np.random.default_rng(1).permutation(d.n_stations),
    }

    def connected(closed):
        H = G.subgraph([x for x in core if x not in closed]).copy()
        comp_ok = set()
        for c in nx.connected_components(H):
            if any(x in c for x in ids["department"]):
                comp_ok |= c
        return sum(
            d.cls_voters[i]
            for i in range(E.shape[0])
            if any(u >= 0 and core[u] in comp_ok for u in E[i])
        )

    base = connected(set())
    for strategy, f, value in curves:
        k = round(f * d.n_stations)
        closed = {ids["station"][s] for s in orders[strategy][:k]}
        assert value == pytest.approx(1 - connected(closed) / base), (strategy, f)


# --------------------------------------------------------------------------- priors file
def test_priors_file_errors_name_the_file(tmp_path):
    from democracy_study.networks import load_priors

    broken = tmp_path / "broken.yaml"
    broken.write_text("priors:\n  n_deputies: {default: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.yaml: YAML syntax error at line"):
        load_priors(broken)
    partial = tmp_path / "partial.yaml"
    partial.write_text("priors: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"partial\.yaml: priors file lacks .*electoral_rule"):
        load_priors(partial)
    bad_prior = tmp_path / "bad_prior.yaml"
    bad_prior.write_text(
        "priors:\n  n_deputies: {default: 500, low: 1, high: 10, source: mine}\n"
        "electoral_rule: {}\nreported: {}\nfunnel: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"bad_prior\.yaml: prior 'n_deputies' default outside"):
        load_priors(bad_prior)
    with pytest.raises(ValueError, match="not found"):
        load_priors(tmp_path / "absent.yaml")


def test_package_facade_exports_the_same_names():
    import democracy_study.networks as nw
    from democracy_study.parse import intervals

    assert nw.qualifier_interval is intervals.qualifier_interval  # one rule, re-exported
    for name in nw.__all__:
        assert getattr(nw, name) is not None


def test_metric_comparison_draws_prior_only_places_hollow():
    import matplotlib.pyplot as plt

    from democracy_study.plots import networks as vz

    r = simulate(
        [small_params(place="A"), small_params(place="B")], n=3, executor="serial", progress=False
    )
    fig = vz.plot_metric_comparison(r, "coverage", prior_only=["B"])
    ax = fig.axes[0]
    handles, labels = ax.get_legend_handles_labels()
    faces = {lab: h[0].get_markerfacecolor() for h, lab in zip(handles, labels, strict=True)}
    assert faces["priors only (no reported reach)"] in ("white", (1.0, 1.0, 1.0, 1.0))
    assert faces["calibrated to a reported figure"] not in ("white", (1.0, 1.0, 1.0, 1.0))
    plt.close("all")
