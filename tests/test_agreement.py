"""Inter-coder agreement: statistics against hand-worked examples, sheets, adjudication, CLI."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from democracy_study.annotations import adopt_adjudication, read_annotations
from democracy_study.cli import main
from democracy_study.coding.agreement import (
    SheetError,
    agreement,
    alpha_nominal,
    gwet_ac1,
    read_sheet,
)
from democracy_study.coding.reliability import krippendorff_alpha
from democracy_study.coding.sheets import coding_sheet
from democracy_study.corpus import parse_reports

NAN = math.nan

# Written for these tests: three paragraphs.
TEXT = (
    "## 昌乐县：代表进站听民意\n\n"
    "**本报讯** 昌乐县人大常委会组织代表120名进站接待选民，收集意见建议90余条。\n\n"
    "今年以来，常委会围绕养老服务开展专题询问2次，推动解决问题15个。\n\n"
    "## 青州市：代表小组走访企业\n\n"
    "青州市人大代表走访企业30家。\n"
)


def test_krippendorff_2011_nominal_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
    # 4 observers, 12 units, nominal values 1-5, missing cells; published alpha = 0.743.
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
            [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
        ]
    )
    assert round(alpha_nominal(data), 3) == 0.743


def test_alpha_agrees_with_the_two_coder_version_used_for_the_gold_matrix():
    a, b = [1, 1, 0, 0, 1, 0], [1, 0, 0, 0, 1, 1]
    assert alpha_nominal(np.array([a, b], dtype=float)) == pytest.approx(krippendorff_alpha(a, b))


def test_gwet_ac1_two_coders_by_hand():
    # 10 paragraphs, a rare code. Both 1: 1; A=1,B=0: 1; A=0,B=1: 0; both 0: 8.
    # pa = (1 + 8) / 10 = 0.9
    # pi_1 = mean share of 1s = ((1 + 1) / 10 + (1 + 0) / 10) / 2 = (0.2 + 0.1) / 2 = 0.15
    # pe = (pi_1 (1 - pi_1) + pi_0 (1 - pi_0)) / (q - 1) = 2 * 0.15 * 0.85 / 1 = 0.255
    # AC1 = (0.9 - 0.255) / (1 - 0.255) = 0.645 / 0.745 = 0.86577...
    # (Cohen's kappa on the same table: pe = 0.2*0.1 + 0.8*0.9 = 0.74, kappa = 0.16/0.26 = 0.615)
    a = [1, 1] + [0] * 8
    b = [1, 0] + [0] * 8
    assert gwet_ac1(np.array([a, b], dtype=float)) == pytest.approx(0.645 / 0.745)


def test_gwet_ac1_three_coders_with_missing_by_hand():
    # units: [1,1,1], [1,1,.], [0,0,1], [0,.,.]
    # pa over units with >= 2 ratings: 3*2/(3*2)=1, 2*1/(2*1)=1, (2*1+1*0)/(3*2)=1/3 -> 7/9
    # pi_1 over units with >= 1 rating: (1 + 1 + 1/3 + 0) / 4 = 7/12; pe = 2 * 7/12 * 5/12 = 70/144
    # AC1 = (112/144 - 70/144) / (74/144) = 42/74
    data = np.array([[1, 1, 0, 0], [1, 1, 0, NAN], [1, NAN, 1, NAN]])
    assert gwet_ac1(data) == pytest.approx(42 / 74)


def test_undefined_statistics_are_nan_not_errors():
    same = np.array([[0, 0, 0], [0, 0, 0]], dtype=float)
    assert math.isnan(alpha_nominal(same))  # no variation: alpha undefined
    assert gwet_ac1(same) == 1.0
    assert math.isnan(gwet_ac1(np.array([[1, NAN], [NAN, 0]])))  # no unit coded twice


@pytest.fixture()
def corpus(tmp_path):
    d = tmp_path / "raw"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    return parse_reports([d]), d


def _fill(corpus, coder, marks, path, done=True):
    """A sheet for *coder*: marks = {paragraph_id: {code: value}}."""
    sheet = coding_sheet(corpus, coder, seed=1)
    for i, pid in enumerate(sheet["paragraph_id"]):
        if done:
            sheet.loc[i, "done"] = "1"
        for code, v in marks.get(pid, {}).items():
            sheet.loc[i, code] = v
    sheet.to_csv(path, index=False)
    return path


def test_agreement_of_two_sheets(corpus, tmp_path):
    c, _ = corpus
    a = _fill(c, "li", {"a#r01.p01": {"liaison_station": "1"}}, tmp_path / "li.csv")
    b = _fill(
        c,
        "wang",
        {"a#r01.p01": {"liaison_station": "1"}, "a#r01.p02": {"liaison_station": "1"}},
        tmp_path / "wang.csv",
    )
    r = agreement([read_sheet(a), read_sheet(b)])
    row = r.per_code.set_index("code").loc["liaison_station"]
    # hand: units (1,1), (0,1), (0,0): n = 3 paragraphs; pa = 2/3; pi_1 = (1 + 1/2 + 0)/3 = 1/2
    # pe = 2 * 1/2 * 1/2 = 1/2; AC1 = (2/3 - 1/2) / (1/2) = 1/3
    assert row["n_units"] == 3
    assert row["ac1"] == pytest.approx(1 / 3)
    assert r.disagreements[["paragraph_id", "code", "li", "wang"]].to_dict("records") == [
        {"paragraph_id": "a#r01.p02", "code": "liaison_station", "li": 0.0, "wang": 1.0}
    ]
    assert r.overall["n_units"] == 3 * len(r.per_code)


def test_blank_cells_are_missing_unless_the_row_is_done(corpus, tmp_path):
    c, _ = corpus
    p = _fill(c, "li", {"a#r01.p01": {"special_inquiry": "?"}}, tmp_path / "s.csv", done=False)
    s = read_sheet(p)
    assert s.codes.isna().all().all()


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda df: df.assign(liaison_station="maybe"), "column liaison_station: 'maybe'"),
        (
            lambda df: df.rename(columns={"special_inquiry": "special_inquiri"}),
            "not codebook codes",
        ),
        (lambda df: df.assign(coder=["li", "wang", "li"]), "one name"),
        (lambda df: pd.concat([df, df.head(1)]), "appears twice"),
        (lambda df: df.drop(columns="paragraph_id"), "missing column"),
    ],
)
def test_bad_sheets_name_the_file(corpus, tmp_path, edit, problem):
    c, _ = corpus
    p = tmp_path / "bad.csv"
    edit(coding_sheet(c, "li")).to_csv(p, index=False)
    with pytest.raises(SheetError, match=problem) as err:
        read_sheet(p)
    assert str(p) in str(err.value)


def test_cli_agreement_adjudication_and_adoption_round_trip(corpus, tmp_path, capsys):
    c, raw = corpus
    a = _fill(c, "li", {"a#r02.p01": {"sector_station": "1"}}, tmp_path / "li.csv")
    b = _fill(c, "wang", {}, tmp_path / "wang.csv")
    adj = tmp_path / "adj.csv"
    assert (
        main(
            ["agreement", str(a), str(b), "--auto", "--sources", str(raw), "--adjudicate", str(adj)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "coders: li, wang, auto" in out and "overall" in out
    t = pd.read_csv(adj, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # every automatic hit disagrees with the two humans (who marked none), plus li's sector_station
    assert len(t) == len(c.mechanisms) + 1
    row = t[t["code"] == "sector_station"].iloc[0]
    assert row["votes"] == "li=1; wang=0; auto=0"
    # the adjudicator fills one row; only that row becomes an annotation
    t.loc[t["code"] == "sector_station", ["present", "coder", "date", "reason"]] = [
        "1",
        "zhao",
        "2025-04-01",
        "a deputy group is named",
    ]
    t.to_csv(adj, index=False)
    ann = tmp_path / "annotations"
    assert main(["adopt", str(adj), "--annotations", str(ann)]) == 0
    assert main(["adopt", str(adj), "--annotations", str(ann)]) == 0  # not added twice
    rows = read_annotations(ann)
    assert [(x.report_id, x.value, x.present, x.coder) for x in rows] == [
        ("a#r02", "sector_station", True, "zhao")
    ]
    c2 = parse_reports([raw], annotations=ann)
    assert c2.place_mechanisms.loc["青州市", "sector_station"] == 1


def test_cli_bad_sheet_exits_2_naming_the_file(corpus, tmp_path, capsys):
    c, _ = corpus
    good = _fill(c, "li", {}, tmp_path / "li.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("paragraph_id,liaison_station\nx,1\n", encoding="utf-8")
    assert main(["agreement", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err
    assert main(["agreement", str(good)]) == 2  # one coder only
    assert "at least two coders" in capsys.readouterr().err
    assert main(["agreement", str(good), str(good)]) == 2
    assert "both by coder 'li'" in capsys.readouterr().err


def test_unfilled_adjudication_row_with_half_a_decision_is_refused(corpus, tmp_path):
    c, _ = corpus
    a = _fill(c, "li", {"a#r02.p01": {"sector_station": "1"}}, tmp_path / "li.csv")
    b = _fill(c, "wang", {}, tmp_path / "wang.csv")
    from democracy_study.coding.agreement import write_adjudication

    adj = write_adjudication(agreement([read_sheet(a), read_sheet(b)]), tmp_path / "adj.csv")
    t = pd.read_csv(adj, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    t.loc[0, "present"] = "1"  # no coder, date, reason
    t.to_csv(adj, index=False)
    with pytest.raises(SheetError, match=r"adj.csv line 2: empty coder"):
        adopt_adjudication(adj, tmp_path / "ann")
    assert not (tmp_path / "ann" / "mechanisms.csv").exists()
