"""The funnels table against hand-made gold (tests/data/gold_funnels.csv, variants/semantics)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from democracy_study.corpus import parse_reports
from democracy_study.parse.relations import FUNNEL_COLUMNS, funnel_ratio, funnels
from democracy_study.schema import TABLE_COLUMNS

from .conftest import TEST_DATA
from .test_semantics import HELD_OUT, VARIANTS, _read, evaluate_funnels


def test_columns_match_contract():
    assert TABLE_COLUMNS["funnels"] == FUNNEL_COLUMNS


def test_seed_funnels(seed_corpus):
    f = seed_corpus.funnels
    res = evaluate_funnels(f, seed_corpus.quantities, _read(TEST_DATA / "gold_funnels.csv"),
                           "report_place", "place")  # fmt: skip
    print(res)
    # gold: 3 flows (奎文 245→171, 213→196; 潍城 platform 1234→1216); all found, none extra
    assert res["recall"] == 1.0 and res["precision"] == 1.0, res
    assert res["ratio_ok"]
    platform = f[f["from_value"] == 1234.0].iloc[0]
    # hand: the platform's funnel carries its channel, linked to the entity row
    assert "码上见代表" in platform["channel"] and platform["channel_entity"].startswith(
        "platform@"
    )
    assert (
        seed_corpus.texts[platform["source_file"]][platform["char_start"] : platform["char_end"]]
        == platform["evidence"]
    )


@pytest.mark.parametrize("held_out", [False, True])
def test_variant_funnels(held_out):
    files = sorted(p for p in VARIANTS.glob("*.txt") if (p.name == HELD_OUT) == held_out)
    corp = {p.name: parse_reports(p, code_mechanisms=False) for p in files}
    q = pd.concat([c.quantities.assign(file=n) for n, c in corp.items()], ignore_index=True)
    f = pd.concat([c.funnels for c in corp.values()], ignore_index=True)
    g = _read(VARIANTS / "gold_funnels.csv")
    g = g[g["file"].isin(corp)]
    res = evaluate_funnels(f, q, g, "file", "file")
    print(res)
    assert res["recall"] == 1.0 and res["precision"] == 1.0, res
    assert res["ratio_ok"]


def test_never_across_channels_or_periods():
    # hand: 1000 received by a platform, 900 resolved in general: not a funnel; a new
    # sentence with another period neither
    text = "## 沛县：测试\n\n依托“码上议”小程序，累计收到问题1000个。2024年解决问题900个。"
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp())
    (d / "t.txt").write_text(text, encoding="utf-8")
    c = parse_reports(d, code_mechanisms=False)
    assert c.funnels.empty
    text2 = "## 沛县：测试\n\n依托“码上议”小程序累计收到问题1000个，2024年解决问题900个。"
    (d / "t.txt").write_text(text2, encoding="utf-8")
    c2 = parse_reports(d, code_mechanisms=False)
    assert c2.funnels.empty  # hand: periods 累计 vs 2024年 differ


def test_ratio_interval_by_the_rule():
    # hand: 2100余/2300余 = [2100/2400, 2200/2300]; 超100 -> 50: upper end open, ratio >= 0
    lo, hi = funnel_ratio(2300, "over", 2100, "over")
    assert math.isclose(lo, 0.875) and math.isclose(hi, 2200 / 2300)
    assert funnel_ratio(100, "at_least", 50, "exact") == (0.0, 0.5)


def test_empty_table():
    empty = pd.DataFrame(columns=TABLE_COLUMNS["quantities"])
    assert list(funnels(empty, {}).columns) == FUNNEL_COLUMNS


def test_referred_requests_to_resolved_is_a_flow(tmp_path):
    # written for this test: requests referred to departments, then how many were closed;
    # hand: 33 of 36 = 0.9167 (both exact)
    text = "## 郫都区：热线转办\n\n区人大代表联络站转办群众诉求36件，已办结33件。\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    f = parse_reports(tmp_path, code_mechanisms=False).funnels
    assert f[["flow", "from_value", "to_value"]].values.tolist() == [
        ["referred_resolved", 36.0, 33.0]
    ]
    assert math.isclose(f["ratio_low"].iloc[0], 33 / 36)
