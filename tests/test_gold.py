"""The parser against the hand-made gold annotation of the seed corpus.

The gold files (tests/data/gold_*.csv) were written by reading the source,
independently of the parser (tests/data/GOLD_README.md). Precision and
recall are printed (``pytest -s``) and asserted against floors; every miss
is listed in the failure message.
"""

from __future__ import annotations

import pandas as pd
import pytest

from democracy_study.parse.evaluation import compare_defects, compare_paragraphs, compare_quantities

from .conftest import TEST_DATA


@pytest.fixture(scope="module")
def gold():
    def read(name):
        return pd.read_csv(
            TEST_DATA / name, dtype={"admin_code": str}, keep_default_na=False, na_values=[""]
        )

    return {k: read(f"gold_{k}.csv") for k in ("quantities", "paragraphs", "defects", "reports")}


def test_reports_match_gold(seed_corpus, gold):
    r = seed_corpus.reports
    g = gold["reports"]
    assert len(r) == len(g) == 12
    assert list(r["kind"]) == list(g["kind"])
    assert list(r["place"]) == list(g["official_place"])
    assert list(r["admin_code"]) == list(g["admin_code"])
    assert set(r["prefecture"]) == {"潍坊市"}
    reports = r[r["kind"] == "report"]
    gr = g[g["kind"] == "report"]
    assert list(reports["headline"]) == list(gr["headline"])
    assert list(r["correspondents"]) == list(g["correspondents"])
    assert set(r["year"]) == {2024}


def test_paragraphs_match_gold(seed_corpus, gold):
    res = compare_paragraphs(seed_corpus.paragraphs, gold["paragraphs"])
    print(res.summary_frame().to_string())
    assert res.n_gold == 44 and res.recall == 1.0 and res.precision == 1.0
    bad = res.pairs[~(res.pairs["n_pieces_ok"] & res.pairs["char_end_ok"] & res.pairs["role_ok"])]
    assert bad.empty, bad[["first_chars_gold", "n_pieces_gold", "n_pieces_pred"]]
    assert res.field_accuracy["theme"] == 1.0, res.pairs.loc[
        ~res.pairs["theme_ok"], ["theme_gold", "theme_pred"]
    ]


def test_fact_quantities_precision_and_recall(seed_corpus, gold):
    res = compare_quantities(seed_corpus.quantities, gold["quantities"])
    print(res.summary_frame().to_string())
    assert res.recall >= 0.95, res.missed[["report_place", "evidence", "kind"]]
    assert res.precision >= 0.95, res.spurious[["place", "evidence", "kind"]]
    for f in ("value", "unit", "qualifier", "value_max", "duplicate"):
        assert res.field_accuracy[f] >= 0.95, (
            f,
            res.pairs.loc[~res.pairs[f"{f}_ok"], ["evidence_gold", f"{f}_gold", f"{f}_pred"]],
        )
    # issue 11: indicators from meaning (parse/semantics.py) against the extended gold, in
    # which 309名/32名 became deputies_all_levels, 3600余人次 voter_contacts and 350多名
    # participants (GOLD_README.md); measured 0.95 (the misses are rows whose kind the
    # number scanner now reads as name/rule: 两级 ×2, 五级, 80把). Was >= 0.70.
    assert res.field_accuracy["indicator"] >= 0.95, res.pairs.loc[
        ~res.pairs["indicator_ok"], ["evidence_gold", "indicator_gold", "indicator_pred"]
    ]


def test_every_number_expression_kind(seed_corpus, gold):
    g = gold["quantities"]
    g = g[g["report_place"] != "page_title"]  # the title is a heading, not a paragraph
    res = compare_quantities(seed_corpus.quantities, g, facts_only=False)
    print(res.summary_frame().to_string())
    # hand-checked misses: gold lists quoted names the extractor deliberately skips (双进助学, 二次审议再监督,
    # the four 一件/一类/一个/一方 of a slogan, 上一年度); see tests/data/GOLD_README.md
    assert res.recall >= 0.85, res.missed[["report_place", "evidence", "kind"]]
    assert res.field_accuracy["kind"] >= 0.85, res.pairs.loc[
        ~res.pairs["kind_ok"], ["evidence_gold", "kind_gold", "kind_pred"]
    ]


def test_defects_found(seed_corpus, gold):
    res = compare_defects(seed_corpus.quality, gold["defects"])
    print(res.summary_frame().to_string())
    # hand: 7 gold defects of the detectable kinds (the doubled 平 of 朱天平平 is found through the
    # deputy's name, not the lexicon, to which 天平|平等 looks like a word boundary)
    assert res.n_gold == 7
    assert res.recall == 1.0, res.missed[["issue", "evidence"]]
    assert res.field_accuracy["issue"] == 1.0
    # one extra doubled character (站站 in 联络站站处) is recorded by the gold as issue "other": not spurious
    others = gold["defects"][gold["defects"]["issue"] == "other"]
    spurious = res.spurious
    explained = (
        spurious.apply(
            lambda row: any(
                min(row.char_end, e) > max(row.char_start, s)
                for s, e in zip(others.char_start, others.char_end, strict=True)
            ),
            axis=1,
        )
        if len(spurious)
        else pd.Series([], dtype=bool)
    )
    assert explained.all(), spurious[["issue", "evidence"]]
