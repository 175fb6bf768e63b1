"""What each figure counts, on fifteen reports written for this test (2026-12-04).

The reports in ``tests/data/variants/meaning/`` are our own words, in the genres
researchers bring: township and prefecture work reports, a handling report, news with
a byline, web pages, a WeChat-style page, traditional script with full-width digits,
a PDF-like text with hard line breaks and a page number. ``gold_indicators.csv`` was
written by hand for each file *before* the file was parsed: one row per figure, in text
order, with the indicator it should get (or the kind, for a figure that is no fact;
``a|b`` where either reading is right). How each batch scored before the rules were
mended is in ``tests/data/variants/notes.md``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from democracy_study.corpus import parse_reports

HERE = Path(__file__).parent / "data" / "variants" / "meaning"
GOLD = list(csv.DictReader((HERE / "gold_indicators.csv").open(encoding="utf-8")))
#: figures the rules still get wrong, and why (each must fail: strict xfail)
KNOWN_GAPS = {
    # 市人大代表 of a county-level city are county deputies; the rules read the level
    # from the text alone and cannot know that 南雄市 is county-level
    ("q_trad.txt", "３２６名"),
}


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def quantities():
    files = sorted({HERE / g["source_file"] for g in GOLD})
    return parse_reports(files).quantities


def _cases():
    for k, g in enumerate(GOLD):
        key = (g["source_file"], g["evidence"])
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if key in KNOWN_GAPS else []
        # the n-th gold row of an evidence string is its n-th figure in the file
        nth = sum(1 for h in GOLD[:k] if (h["source_file"], h["evidence"]) == key)
        yield pytest.param(g["source_file"], g["evidence"], nth, g["expected"], marks=marks,
                           id=f"{g['source_file']}:{g['evidence']}:{nth}")  # fmt: skip


@pytest.mark.parametrize(("source_file", "evidence", "nth", "expected"), list(_cases()))
def test_each_figure_counts_what_the_hand_gold_says(
    quantities, source_file, evidence, nth, expected
):
    q = quantities[quantities["source_file"] == source_file]
    hits = q[q["evidence"].map(_squeeze) == _squeeze(evidence)]
    assert len(hits) > nth, f"{evidence} not found in {source_file}"
    row = hits.iloc[nth]
    got = row["indicator"] or row["kind"]
    assert got in expected.split("|")


def test_every_gold_file_is_parsed_into_one_report_with_a_known_place():
    c = parse_reports(sorted({HERE / g["source_file"] for g in GOLD}))
    r = c.reports
    assert sorted(r["source_file"]) == sorted({g["source_file"] for g in GOLD})
    assert not r["place"].isna().any() and (r["place"] != "").all()
