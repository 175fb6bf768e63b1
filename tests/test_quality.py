"""Defect detectors on hand-written variants; expected results reasoned by hand."""

from __future__ import annotations

from democracy_study.parse.quality import (
    detect_doubled_characters,
    detect_duplicates,
    detect_lost_text,
)
from democracy_study.text import JoinedText


def _jt(*pieces: str) -> tuple[str, JoinedText]:
    src = "\n\n".join(pieces)
    spans, pos = [], 0
    for p in pieces:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return src, JoinedText(src, spans)


def test_ordinary_breaks_are_not_lost_text():
    # hand: each break falls inside a word (实|现, 参|与, 队|伍) or between two words (企业|更换, 监督|全覆盖)
    for left, right in [
        ("推动工作全面提升，实", "现共同富裕。"),
        ("组织代表深入社区参", "与志愿服务。"),
        ("配强站点队", "伍。"),
        ("咱们企业", "更换生产线后怎么样？"),
        ("实现监督", "全覆盖。"),
        ("募集捐款超", "150万元。"),
        ("对评议对象、", "内容作出规定。"),
    ]:
        _, jt = _jt(left, right)
        assert detect_lost_text(jt) == [], (left, right)


def test_lost_text_at_a_break_is_detected_with_exact_evidence():
    src, jt = _jt("代表们表示将持续关注", "民每月收入变化。")
    (d,) = detect_lost_text(jt)
    assert d.issue == "text_lost_at_break"
    assert src[d.char_start : d.char_end] == d.evidence == "关注\n\n民每"


def test_lost_text_in_traditional_script():
    _, jt = _jt("代表們表示將持續關注", "民每月收入變化。")
    assert [d.evidence for d in detect_lost_text(jt)] == ["關注\n\n民每"]


def test_doubled_characters_only_where_no_word_boundary_explains_them():
    # hand: 人民|民主, 常委会|会议, 询问|问题 are boundaries; 常常, 紧紧 are words; 平平安安 is AABB
    ok = "发展全过程人民民主，常委会会议询问问题，常常紧紧围绕，平平安安。"
    _, jt = _jt(ok)
    assert detect_doubled_characters(jt) == []
    src, jt = _jt("组织代表开展走访访活动，建设联络站站处。")
    found = detect_doubled_characters(jt)
    assert [d.evidence for d in found] == ["访访", "站站"]
    assert all(src[d.char_start : d.char_end] == d.evidence for d in found)


def test_duplicate_passage_misplaced_copy_is_the_one_that_fits_worse():
    # hand: the station sentence belongs with the station-building report (unit 0), not the enterprise report
    a = "安吉县推进家站点建设，把代表联络站建到群众家门口，代表进站接待常态化。全县建成代表联络站15个，组织代表开展进站接待活动200余次。"
    b = "德清县聚焦营商环境，组织代表走访企业150余家，帮助企业解决融资难题。全县建成代表联络站15个，组织代表开展进站接待活动200余次。"
    src = a + "\n\n" + b
    ja, jb = JoinedText(src, [(0, len(a))]), JoinedText(src, [(len(a) + 2, len(src))])
    found = detect_duplicates(src, [[ja], [jb]], ["安吉县", "德清县"])
    assert [(d.issue, d.unit) for d in found] == [
        ("duplicate_passage", 1),
        ("duplicate_passage_source", 0),
    ]
    assert all(src[d.char_start : d.char_end] == d.evidence for d in found)
    assert "全县建成代表联络站15个" in found[0].evidence


def test_short_shared_phrases_are_not_duplicates():
    a = "甲县践行全过程人民民主，开展活动。"
    b = "乙县践行全过程人民民主，召开会议。"
    src = a + "\n" + b
    found = detect_duplicates(
        src, [[JoinedText(src, [(0, len(a))])], [JoinedText(src, [(len(a) + 1, len(src))])]]
    )
    assert found == []


def test_doubled_character_at_the_end_of_a_long_given_name():
    from democracy_study.parse.entities import given_name_length
    from democracy_study.parse.quality import detect_doubled_in_name

    # hand: given names have 1-2 characters; 欧阳 is a compound surname, so 欧阳小明明 has a 3-character given name
    src = "邀请欧阳小明明等代表"
    d = detect_doubled_in_name("欧阳小明明", given_name_length("欧阳小明明"), 2, src)
    assert d is not None and d.evidence == "明明" and src[d.char_start : d.char_end] == "明明"
    assert detect_doubled_in_name("李明明", given_name_length("李明明"), 0, "李明明代表") is None
    assert (
        detect_doubled_in_name("欧阳明明", given_name_length("欧阳明明"), 0, "欧阳明明代表") is None
    )
