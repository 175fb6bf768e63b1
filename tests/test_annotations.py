"""Human corrections (data/annotations): apply, provenance, revert, stale, conflicts, CLI."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from democracy_study.annotations import (
    AnnotationError,
    annotation_changes,
    annotation_summary,
    read_annotations,
    removed_mechanisms,
    revert_annotations,
)
from democracy_study.cli import main
from democracy_study.corpus import parse_reports

# Written for these tests: two reports, five quantities, four mechanism hits.
TEXT = (
    "## 昌乐县：代表进站听民意\n\n"
    "**本报讯** 昌乐县人大常委会组织代表120名进站接待选民，收集意见建议90余条。\n\n"
    "今年以来，常委会围绕养老服务开展专题询问2次，推动解决问题15个。\n\n"
    "## 青州市：代表小组走访企业\n\n"
    "青州市人大代表走访企业30家。\n"
)
Q_HEAD = "source_file,char_start,char_end,field,value,coder,date,reason\n"
M_HEAD = "report_id,code,present,coder,date,reason,char_start,char_end\n"
P_HEAD = "source_file,char_start,char_end,place,coder,date,reason\n"


def _span(needle: str) -> tuple[int, int]:
    k = TEXT.index(needle)
    return k, k + len(needle)


@pytest.fixture()
def raw(tmp_path):
    d = tmp_path / "raw"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    return d


def _ann(tmp_path, **files: str):
    d = tmp_path / "annotations"
    d.mkdir(exist_ok=True)
    for name, body in files.items():
        (d / f"{name}.csv").write_text(body, encoding="utf-8")
    return d


def test_no_annotations_changes_nothing_but_adds_an_empty_column(raw, tmp_path):
    plain = parse_reports([raw])
    empty = parse_reports([raw], annotations=_ann(tmp_path))  # a folder without files
    for name in ("reports", "paragraphs", "quantities", "mechanisms", "quality"):
        pd.testing.assert_frame_equal(getattr(plain, name), getattr(empty, name), obj=name)
    for name in ("reports", "paragraphs", "quantities", "mechanisms"):
        assert (getattr(plain, name)["annotation"] == "").all(), name


def test_quantity_correction_is_applied_with_provenance_and_revertible(raw, tmp_path):
    s, e = _span("90余条")
    ann = _ann(
        tmp_path,
        quantities=Q_HEAD
        + f"a.txt,{s},{e},value,95,li,2025-03-01,scan shows 95\n"
        + f"a.txt,{s},{e},indicator,suggestions,li,2025-03-01,these are suggestions\n",
    )
    plain = parse_reports([raw])
    c = parse_reports([raw], annotations=ann)
    row = c.quantities[c.quantities["char_start"] == s].iloc[0]
    assert (row["value"], row["indicator"]) == (95.0, "suggestions")
    changes = json.loads(row["annotation"])
    assert [(x["field"], x["from"], x["to"], x["coder"], x["ref"]) for x in changes] == [
        ("indicator", "opinions_collected", "suggestions", "li", "quantities.csv:3"),
        ("value", 90.0, 95.0, "li", "quantities.csv:2"),
    ]
    # the original values are recoverable from the annotation column alone
    pd.testing.assert_frame_equal(revert_annotations(c.quantities), plain.quantities)
    assert len(annotation_changes(c.quantities)) == 2
    assert c.evidence_ok()


def test_mechanism_added_and_removed(raw, tmp_path):
    s, e = _span("青州市人大代表走访企业30家。")
    ann = _ann(
        tmp_path,
        mechanisms=M_HEAD
        + "a#r01,special_inquiry,0,wang,2025-03-02,an inquiry was only planned,,\n"
        + f"a#r02,sector_station,1,wang,2025-03-02,the deputies met as a group,{s},{e}\n",
    )
    plain = parse_reports([raw])
    c = parse_reports([raw], annotations=ann)
    m = c.mechanisms
    assert not ((m["report_id"] == "a#r01") & (m["code"] == "special_inquiry")).any()
    added = m[m["code"] == "sector_station"].iloc[0]
    assert (added["paragraph_id"], added["rule"], added["evidence"]) == (
        "a#r02.p01",
        "annotation",
        TEXT[s:e],
    )
    assert json.loads(added["annotation"])[0]["coder"] == "wang"
    assert c.place_mechanisms.loc["青州市", "sector_station"] == 1
    assert c.place_mechanisms.loc["昌乐县", "special_inquiry"] == 0
    n = annotation_summary(c).set_index("what")["n"]
    assert (n["mechanism codes added"], n["mechanism codes removed"]) == (1, 1)
    # the removed row is kept, whole, in quality; together with the revert it restores the parse
    removed = removed_mechanisms(c.quality)
    assert removed["code"].tolist() == ["special_inquiry"]
    restored = pd.concat(
        [revert_annotations(m).drop(columns="annotation"), removed], ignore_index=True
    )
    key = ["paragraph_id", "code", "char_start", "char_end", "rule"]
    assert sorted(map(tuple, restored[key].to_numpy().tolist())) == sorted(
        map(tuple, plain.mechanisms[key].to_numpy().tolist())
    )
    assert c.evidence_ok()


def test_place_correction_propagates_to_every_table(raw, tmp_path):
    ann = _ann(tmp_path, places=P_HEAD + "a.txt,95,127,寿光市,zhao,2025-03-03,misattributed\n")
    c = parse_reports([raw], annotations=ann)
    r = c.reports.set_index("report_id")
    assert r.loc["a#r02", "place"] == "寿光市"
    assert r.loc["a#r02", "admin_code"] == "370783"  # GB/T 2260 code of 寿光市
    assert set(c.quantities.loc[c.quantities["report_id"] == "a#r02", "place"]) == {"寿光市"}
    assert set(c.paragraphs.loc[c.paragraphs["report_id"] == "a#r02", "place"]) == {"寿光市"}
    assert "寿光市" in c.place_mechanisms.index
    assert revert_annotations(c.reports)["place"].tolist() == ["昌乐县", "青州市"]


def test_stale_annotations_are_reported_never_applied_elsewhere(raw, tmp_path, capsys):
    s, e = _span("120名")
    ann = _ann(
        tmp_path,
        quantities=Q_HEAD + f"a.txt,{s + 1},{e},value,121,li,2025-03-01,off by one\n",
        mechanisms=M_HEAD + "a#r09,special_inquiry,1,li,2025-03-01,gone,,\n",
    )
    plain = parse_reports([raw])
    capsys.readouterr()
    c = parse_reports([raw], annotations=ann)
    stale = c.quality[c.quality["issue"] == "stale_annotation"]
    assert len(stale) == 2
    assert "quantities.csv line 2 (coder li)" in " ".join(stale["detail"])
    assert "no report a#r09" in " ".join(stale["detail"])
    pd.testing.assert_frame_equal(c.quantities, plain.quantities)
    pd.testing.assert_frame_equal(c.mechanisms, plain.mechanisms)
    assert capsys.readouterr().err.count("stale annotation:") == 2
    assert c.evidence_ok()


def test_two_coders_disagreeing_on_one_row_is_an_error_naming_both(raw, tmp_path):
    s, e = _span("15个")
    ann = _ann(
        tmp_path,
        quantities=Q_HEAD
        + f"a.txt,{s},{e},value,16,li,2025-03-01,recount\n"
        + f"a.txt,{s},{e},value,17,wang,2025-03-04,recount\n",
    )
    with pytest.raises(AnnotationError) as err:
        parse_reports([raw], annotations=ann)
    msg = str(err.value)
    assert "coder li" in msg and "coder wang" in msg and "line 2" in msg and "line 3" in msg


def test_two_coders_disagreeing_on_a_code(raw, tmp_path):
    s, e = _span("推动解决问题15个")
    ann = _ann(
        tmp_path,
        mechanisms=M_HEAD
        + f"a#r01,follow_up_review,1,li,2025-03-01,follow-up,{s},{e}\n"
        + "a#r01,follow_up_review,0,wang,2025-03-04,no follow-up,60,93\n",
    )
    with pytest.raises(AnnotationError, match=r"coder li.*coder wang"):
        parse_reports([raw], annotations=ann)


def test_agreeing_coders_are_both_recorded(raw, tmp_path):
    s, e = _span("30家")
    ann = _ann(
        tmp_path,
        quantities=Q_HEAD
        + f"a.txt,{s},{e},kind,name,li,2025-03-01,a shop number\n"
        + f"a.txt,{s},{e},kind,name,wang,2025-03-05,agree\n",
    )
    c = parse_reports([raw], annotations=ann)
    row = c.quantities[c.quantities["char_start"] == s].iloc[0]
    assert row["kind"] == "name"
    assert [x["coder"] for x in json.loads(row["annotation"])] == ["li", "wang"]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (Q_HEAD + "a.txt,1,2,value,3,,2025-01-01,why\n", "empty coder"),
        (Q_HEAD + "a.txt,1,2,value,3,li,March,why\n", "not YYYY-MM-DD"),
        (Q_HEAD + "a.txt,5,2,value,3,li,2025-01-01,why\n", "start < end"),
        (Q_HEAD + "a.txt,1,2,place,X,li,2025-01-01,why\n", "places.csv"),
        ("source_file,char_start,field\n", "missing column"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path, body, problem):
    d = _ann(tmp_path, quantities=body)
    with pytest.raises(AnnotationError, match=problem) as err:
        read_annotations(d)
    assert "quantities.csv" in str(err.value)


def test_unknown_code_and_bad_value(raw, tmp_path):
    d = _ann(tmp_path, mechanisms=M_HEAD + "a#r01,no_such_code,1,li,2025-01-01,x,,\n")
    with pytest.raises(AnnotationError, match="not in the codebook"):
        read_annotations(d)
    s, e = _span("2次")
    d2 = tmp_path / "two"
    d2.mkdir()
    (d2 / "quantities.csv").write_text(
        Q_HEAD + f"a.txt,{s},{e},qualifier,roughly,li,2025-01-01,x\n", encoding="utf-8"
    )
    with pytest.raises(AnnotationError, match="qualifier 'roughly' is not one of"):
        parse_reports([raw], annotations=d2)


def test_cli_parse_with_annotations_and_a_bad_file(raw, tmp_path, capsys):
    s, e = _span("2次")
    good = _ann(tmp_path, quantities=Q_HEAD + f"a.txt,{s},{e},value,3,li,2025-01-01,recount\n")
    out = tmp_path / "out"
    assert main(["parse", str(raw), "--out", str(out), "--annotations", str(good)]) == 0
    q = pd.read_csv(out / "quantities.csv", keep_default_na=False)
    assert q.loc[q["char_start"] == s, "value"].tolist() == [3.0]
    (good / "places.csv").write_text(P_HEAD + "a.txt,0,93,,li,2025-01-01,x\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["parse", str(raw), "--out", str(out), "--annotations", str(good)]) == 2
    err = capsys.readouterr().err
    assert "places.csv line 2" in err and "Traceback" not in err
    assert main(["parse", str(raw), "--out", str(out), "--annotations", str(tmp_path / "no")]) == 2
