"""Reading the build's network tables back, and the numbers written into docs/NETWORKS.md."""

from __future__ import annotations

import pandas as pd

from democracy_study.results import (
    network_numbers,
    pooling_sentence,
    read_result,
    result_specs,
    write_results,
)


def _tables():
    """Hand-made network tables: 3 places, 1 with a reach figure, 2 pooled."""
    specs = {s.name: s for s in result_specs()}
    par_rows = []
    for pl, pv, dep in (
        ("A", "reported", "reported"),
        ("B", "pooled", "imputed"),
        ("C", "pooled", "imputed"),
    ):
        par_rows += [
            {"place": pl, "parameter": "p_visit", "status": pv},
            {"place": pl, "parameter": "n_deputies", "status": dep},
            {"place": pl, "parameter": "n_stations", "status": "imputed"},
        ]
    par = pd.DataFrame(par_rows).reindex(columns=list(specs["network_parameters"].columns))
    par["value"] = 1.0
    for c in ("evidence", "quantity_id", "source", "method", "source_file"):
        par[c] = ""
    for c in ("char_start", "char_end"):
        par[c] = pd.array([pd.NA] * len(par), dtype="Int64")
    met = pd.DataFrame(
        {
            "place": ["A", "B", "C"],
            "metric": ["coverage"] * 3,
            "n": [30, 30, 30],
            "mean": [0.04, 0.10, 0.20],
            "q025": [0.01, 0.05, 0.1],
            "q975": [0.1, 0.2, 0.3],
            "reach_reported": [True, False, False],
        }
    )
    null = pd.DataFrame(
        {
            "place": ["A", "B"],
            "metric": ["coverage_connected"] * 2,
            "null": ["density_preserving"] * 2,
            "observed": [0.5, 0.3],
            "null_mean": [0.3, 0.3],
            "null_sd": [0.05, 0.05],
            "null_low": [0.2, 0.2],
            "null_high": [0.4, 0.4],
            "z": [4.0, 0.0],
            "p_empirical": [0.025, 1.0],
            "n_null": [39, 39],
            "n_deputies": [10, 10],
            "n_stations": [2, 2],
        }
    )
    oos = pd.DataFrame(columns=list(specs["network_funnel_validation"].columns))
    oos = oos.astype({"hit": bool})
    cf = pd.DataFrame(columns=list(specs["network_counterfactuals"].columns))
    frames = {
        "network_parameters": par,
        "network_metrics": met,
        "network_null_models": null,
        "network_funnel_validation": oos,
        "network_counterfactuals": cf,
    }
    return [(specs[k], v) for k, v in frames.items()]


def test_numbers_counted_from_hand_tables(tmp_path):
    write_results(None, tmp_path / "r", computed=_tables())
    text = network_numbers(tmp_path / "r")
    # hand: 3 places; deputies reported for A only; reach for A; no funnel; B and C have
    # no reported or derived row -> 2 places from priors alone
    assert text.startswith(
        "- Places modelled: 3. Deputies (all levels, stations' universe) reported for 1;"
    )
    assert "2 place(s) have no usable figure" in text
    assert "p_visit of 2 place(s) is pooled from the only calibrated place" in text
    assert "4.0% where reach is reported, 10.0% to 20.0% where it rests on priors" in text
    # hand: A's 0.5 is above the null's 0.4, B's 0.3 inside -> 1 of 2; z 0.00 to 4.00
    assert "outside the null's 95 % interval in 1 of 2 places; z 0.00 to 4.00" in text


def test_read_result_types(tmp_path):
    write_results(None, tmp_path / "r", computed=_tables())
    t = read_result("network_parameters", tmp_path / "r")
    assert t["evidence"].tolist() == [""] * 9  # empty strings, not NaN
    assert str(t["char_start"].dtype) == "Int64"
    m = read_result("network_metrics", tmp_path / "r")
    assert m["reach_reported"].tolist() == [True, False, False]


def test_pooling_sentence_with_several_places():
    t = pd.DataFrame(
        {
            "place": list("ABC"),
            "parameter": ["p_visit"] * 3,
            "status": ["reported", "reported", "pooled"],
        }
    )
    assert (
        pooling_sentence(t)
        == "p_visit of 1 place(s) is pooled from 2 calibrated places (geometric mean)."
    )
