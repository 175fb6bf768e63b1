"""Issue 13: network parameters from the meaning columns, pooled priors, PRCC.

Every report text here is invented for the tests (in our own words), not taken
from the corpus.
"""

from __future__ import annotations

import math
import types

import numpy as np
import pandas as pd
import pytest

from democracy_study.networks import (
    NetworkParams,
    network_parameters,
    params_for_place,
    pool_priors,
    prcc,
    prcc_sensitivity,
    station_type,
)
from democracy_study.networks.priors import load_priors

from .conftest import quantity_row

NAN = float("nan")
PARA = "某县向好。全县建成镇街代表联络站12个，依托电商、物流等产业建设行业联络站4个，在司法所建设代表调解室3个。县人大代表290名。"


def _row(qid, indicator, value, evidence, **kw):
    return quantity_row(
        f"v#r01.p01.q{qid:02d}", indicator, value, evidence, PARA.index(evidence), **kw
    )


@pytest.fixture
def corpus():
    q = pd.DataFrame(
        [
            _row(1, "stations", 12, "12个", counted="联络站"),
            _row(2, "stations", 4, "4个", counted="联络站"),
            _row(3, "stations", 3, "3个", counted="调解室"),
            _row(4, "deputies_county", 290, "290名", counted="人大代表", scope="县"),
        ]
    )
    paras = pd.DataFrame({"paragraph_id": ["v#r01.p01"], "text": [PARA], "char_start": [0]})
    mech = pd.DataFrame({"place": ["某县"], "code": ["sector_station"]})
    return types.SimpleNamespace(quantities=q, paragraphs=paras, mechanisms=mech, funnels=None)


def test_station_types_summed_and_kept(corpus):
    p = params_for_place("某县", corpus)
    # hand: 12 residential + 4 sector + 3 mediation = 19 (sum, not the max 12)
    assert p.n_stations == 19
    assert p.n_sector_stations == 4  # the reported sector count, not 0.2 x 19
    assert dict(p.station_types) == {"mediation": 3, "residential": 12, "sector": 4}
    assert p.provenance_of("n_sector_stations").status == "reported"


def test_county_deputies_give_electorate_but_not_station_universe(corpus):
    p = params_for_place("某县", corpus)
    # hand: (290 - 140) x 5000 x 0.8 = 600,000 (Electoral Law inversion, county congress only)
    assert p.n_voters == 600_000
    assert p.provenance_of("n_voters").status == "derived"
    # deputies at stations (five levels) stay the prior: the county count is one level
    assert p.provenance_of("n_deputies").status == "imputed"
    assert p.n_deputies == load_priors()["priors"]["n_deputies"]["default"]


def test_mixed_and_channel_deputies_are_not_the_universe():
    base = dict(
        source_file="w.txt",
        report_id="w#r01",
        paragraph_id="w#r01.p01",
        place="某区",
        value_max=NAN,
        unit="名",
        qualifier="exact",
        kind="count",
        duplicate=False,
        char_start=0,
        char_end=4,
        scope=NAN,
    )
    q = pd.DataFrame(
        [
            {
                **base,
                "indicator": "deputies",
                "value": 12.0,
                "evidence": "12名",
                "counted": "人大代表",
                "channel": "调解室",
            },  # a mediation room's deputies: a subset
            {
                **base,
                "indicator": "deputies",
                "value": 9.0,
                "evidence": "9名",
                "counted": "常委会委员、群众",
                "channel": NAN,
            },
            {
                **base,
                "indicator": "deputies_all_levels",
                "value": 410.0,
                "evidence": "410名",
                "counted": "人大代表",
                "channel": NAN,
            },
        ]
    )
    p = params_for_place("某区", types.SimpleNamespace(quantities=q, mechanisms=None))
    assert p.n_deputies == 410
    assert "all levels" in p.provenance_of("n_deputies").method


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("在调解中心设立代表工作室5个", "mediation"),
        ("围绕特色农业建立联络站6个", "sector"),
        ("依托基层立法联系点设征集点9个", "legislative"),
        ("各村建成联络点40个", "residential"),
        ("建成站点8个", "residential"),
    ],
)
def test_station_type_words(sentence, expected):
    assert station_type(sentence, load_priors()["station_types"]) == expected


def test_channel_funnel_not_used_as_all_channel_funnel():
    base = dict(
        source_file="u.txt",
        report_id="u#r01",
        paragraph_id="u#r01.p01",
        place="某市",
        value_max=NAN,
        unit="件",
        qualifier="exact",
        kind="count",
        duplicate=False,
        counted="问题",
        scope=NAN,
        channel="某某平台",
    )
    q = pd.DataFrame(
        [
            {
                **base,
                "indicator": "issues_received",
                "value": 800.0,
                "evidence": "800件",
                "char_start": 0,
                "char_end": 4,
                "quantity_id": "u#r01.p01.q01",
            },
            {
                **base,
                "indicator": "issues_resolved",
                "value": 760.0,
                "evidence": "760件",
                "char_start": 8,
                "char_end": 12,
                "quantity_id": "u#r01.p01.q02",
            },
        ]
    )
    f = pd.DataFrame(
        [
            {
                "place": "某市",
                "channel": "某某平台",
                "from_indicator": "issues_received",
                "to_indicator": "issues_resolved",
                "from_quantity_id": "u#r01.p01.q01",
                "to_quantity_id": "u#r01.p01.q02",
                "evidence": "800件…760件",
                "paragraph_id": "u#r01.p01",
            }
        ]
    )
    p = params_for_place("某市", types.SimpleNamespace(quantities=q, mechanisms=None, funnels=f))
    assert not {"issues_received", "resolution_rate"} & {t.name for t in p.targets}
    assert any("not used as the all-channel funnel" in n for n in p.notes)


def test_pool_priors_replaces_channel_priors():
    import dataclasses

    from democracy_study.networks import Target

    a = NetworkParams.from_priors(p_visit=0.002, p_contact=0.03, place="甲")
    # as after calibration: p_contact is a rescaled prior (status imputed)
    prov = tuple(
        dataclasses.replace(x, status="imputed", low=0.02, high=0.3)
        if x.parameter == "p_contact"
        else x
        for x in a.provenance
    )
    a = dataclasses.replace(
        a, targets=(Target("voters_reached", 1000.0, 900.0, 1100.0),), provenance=prov
    )
    b = NetworkParams.from_priors(place="乙")
    out = pool_priors({"甲": a, "乙": b})
    # hand: one calibrated place -> its values; p_contact range = 0.03 x (0.02/0.1, 0.3/0.1)
    pr = out["乙"].provenance_of("p_contact")
    assert out["乙"].p_contact == pytest.approx(0.03)
    assert (pr.status, pr.low, pr.high) == ("pooled", pytest.approx(0.006), pytest.approx(0.09))
    assert out["甲"] is a


def test_prcc_against_hand_cases():
    rng = np.random.default_rng(3)
    x = rng.uniform(size=(300, 3))
    y = np.exp(2 * x[:, 0]) - 5 * x[:, 1] + 0.05 * rng.normal(size=300)  # monotone in x0, x1
    r = prcc(x, y)
    assert r[0] > 0.9 and r[1] < -0.9 and abs(r[2]) < 0.15
    x[:, 2] = 1.0
    assert math.isnan(prcc(x, y)[2])  # constant column


def test_prcc_sensitivity_and_parameter_table(corpus):
    ps = {"某县": params_for_place("某县", corpus)}
    s = prcc_sensitivity(ps, n=25, seed=1, metrics=("resolution_rate", "coverage"))
    assert set(s["metric"]) == {"resolution_rate", "coverage"}
    res = s[s.metric == "resolution_rate"].set_index("parameter")["prcc"]
    assert res["p_dept_resolve"] > 0.5  # resolution rises with department resolution
    assert s.equals(prcc_sensitivity(ps, n=25, seed=1, metrics=("resolution_rate", "coverage")))
    t = network_parameters(ps, corpus.quantities)
    row = t[(t.parameter == "n_voters")].iloc[0]
    assert row["status"] == "derived" and row["quantity_id"] == "v#r01.p01.q04"
    assert set(t.loc[t.parameter.str.startswith("stations_"), "parameter"]) == {
        "stations_mediation",
        "stations_residential",
        "stations_sector",
    }


def test_recorded_rows_and_station_type_evidence(corpus):
    # hand (PARA): the county congress figure 290名 is q04; 3 stations types with their figures
    t = network_parameters({"某县": params_for_place("某县", corpus)}, corpus.quantities)
    t = t.set_index("parameter")
    assert t.loc["n_county_deputies", ["value", "status", "quantity_id"]].tolist() == [
        290.0,
        "reported",
        "v#r01.p01.q04",
    ]
    # no reported contact points: the prior (priors.yaml n_contact_points default 150)
    assert t.loc["n_contact_points", ["value", "status"]].tolist() == [150.0, "imputed"]
    assert t.loc["stations_sector", ["evidence", "quantity_id"]].tolist() == [
        "4个",
        "v#r01.p01.q02",
    ]
    assert t.loc["stations_mediation", "quantity_id"] == "v#r01.p01.q03"


def test_unverified_priors_say_so_in_the_source():
    t = network_parameters({"甲": NetworkParams.from_priors(place="甲")}).set_index("parameter")
    # priors.yaml marks these verified: false
    for name in ("n_stations", "n_departments", "n_voter_blocks"):
        assert t.loc[name, "source"].endswith("(Not verified against the primary publication.)")
    # a modelling assumption is not a claim about a publication: no such suffix
    assert "Not verified" not in t.loc["p_on_spot", "source"]


def test_effect_sizes_drawn_from_their_ranges_and_in_the_prcc(corpus):
    from democracy_study.networks import vary_params

    p = NetworkParams.from_priors(
        n_deputies=60, n_stations=5, n_voters=3000, n_voter_blocks=60, mechanisms=["rapid_response"]
    )
    eff = {e.name: e for e in p.effects}
    # priors.yaml: rapid_response odds ratio on p_on_spot 2.0 in [1.0, 4.0]
    assert (eff["rapid_response:p_on_spot"].low, eff["rapid_response:p_on_spot"].high) == (1.0, 4.0)
    drawn = [
        {e.name: e.value for e in vary_params(p, np.random.default_rng(s)).effects}
        for s in range(30)
    ]
    v = [d["rapid_response:p_on_spot"] for d in drawn]
    assert 1.0 <= min(v) < max(v) <= 4.0 and len(set(v)) == 30
    # a mechanism the place does not code keeps its point value (odds ratio 1.5)
    assert {d["key_suggestion_supervision:p_dept_resolve"] for d in drawn} == {1.5}
    s = prcc_sensitivity({"A": p}, n=40, seed=2, metrics=("resolution_rate",))
    assert "rapid_response:p_on_spot" in set(s["parameter"])
    assert "key_suggestion_supervision:p_dept_resolve" not in set(s["parameter"])


def test_rescaled_channel_prior_is_derived_with_rescaled_range():
    # Kuiwen-like: a reported reach rescales p_contact with p_visit; status and range follow
    para = "某区接待群众1万余人。"
    q = pd.DataFrame(
        [
            quantity_row(
                "w#r01.p01.q01",
                "voters_reached",
                10000,
                "1万余人",
                para.index("1万余人"),
                counted="群众",
                paragraph_id="w#r01.p01",
                place="某区",
            )
        ]
    )
    c = types.SimpleNamespace(quantities=q, mechanisms=None, funnels=None)
    p = params_for_place("某区", c)
    pr = p.provenance_of("p_contact")
    scale = p.p_contact / 0.1  # priors.yaml p_contact default 0.1, range 0.02-0.3
    assert pr.status == "derived"
    assert (pr.low, pr.high) == (pytest.approx(0.02 * scale), pytest.approx(0.3 * scale))
