"""The same article in two sources: one original (documented rule), the copy counted once."""

from __future__ import annotations

from democracy_study.corpus import parse_reports

# written for this test: a report with three figures and one mechanism cue
ARTICLE = (
    "## 昌乐县：代表联络站开门接待\n\n"
    "昌乐县人大常委会组织代表37名进站接待选民，收集意见建议64条，"
    "其中交办有关部门办理的有21条，均已按期答复选民并公开办理结果。\n"
)
OTHER = "## 青州市：专题调研\n\n青州市人大常委会组织代表15名开展专题调研，形成调研报告2篇。\n"


def _corpus(tmp_path, names=("a_county.txt", "b_portal.txt")):
    (tmp_path / names[0]).write_text(ARTICLE + "\n" + OTHER, encoding="utf-8")
    (tmp_path / names[1]).write_text("# 转载\n\n" + ARTICLE, encoding="utf-8")
    return parse_reports([tmp_path])


def test_copy_is_marked_and_not_counted_twice(tmp_path):
    c = _corpus(tmp_path)
    r = c.reports.set_index("report_id")
    # equal dates and outlets: the name decides, a_county.txt is the original
    assert r.loc["b_portal#r01", "copy_of"] == "a_county#r01"
    assert r.loc["a_county#r01", "copy_of"] == ""
    q = c.quantities
    copy_q = q[q["source_file"] == "b_portal.txt"]
    assert len(copy_q) > 0 and copy_q["duplicate"].all()
    assert not q.loc[q["source_file"] == "a_county.txt", "duplicate"].any()
    m = c.mechanisms
    assert m.loc[m["source_file"] == "b_portal.txt", "duplicate"].all()
    # the figure 37 (deputies) appears once among the counted facts
    facts = q[~q["duplicate"] & (q["value"] == 37)]
    assert len(facts) == 1
    assert c.evidence_ok()


def test_quality_says_which_file_copies_which(tmp_path):
    c = _corpus(tmp_path)
    rows = c.quality[c.quality["issue"] == "syndicated_copy"]
    assert list(rows["source_file"]) == ["b_portal.txt"]
    assert "b_portal.txt copies a_county.txt" in rows["detail"].iloc[0]


def test_name_order_decides_when_nothing_else_does(tmp_path):
    c = _corpus(tmp_path, names=("z_county.txt", "m_portal.txt"))
    r = c.reports.set_index("report_id")
    assert r.loc["z_county#r01", "copy_of"] == "m_portal#r01"


def test_distinct_reports_are_not_copies(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    c = parse_reports([tmp_path])
    assert (c.reports["copy_of"] == "").all()
    assert not c.quality["issue"].str.startswith("syndicated").any()
