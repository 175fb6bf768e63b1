"""Numbers at the edges (issue 16): breaks, invisible characters, signs, ‰, fractions, entities.

Every sentence is written here; each expected value is the number a reader sees
in the sentence. Provenance always holds: ``text[start:end] == evidence``.
"""

from __future__ import annotations

import pytest

from democracy_study.parse.numerals import parse_number
from democracy_study.parse.quantities import find_quantities, number_notes


def _facts(text, breaks=()):
    qs = find_quantities(text, breaks)
    assert all(text[q.start : q.end] == q.evidence for q in qs)
    return [(q.value, q.unit, q.kind) for q in qs]


def test_year_after_a_line_break_is_not_glued():
    text = "走访选民300" + "2024年开展活动"  # joined text of "选民300⏎2024年…"; break at 7
    assert _facts(text, [7])[:2] == [(300.0, "", "count"), (2024.0, "年", "date")]
    (issue, detail, s, e) = number_notes(text, [7])[0]
    assert issue == "number_at_break" and "two numbers" in detail
    assert text[s:e] == "3002024"


def test_digits_glued_across_a_break_get_a_quality_note():
    text = "收到建议12" + "3件"  # "建议12⏎3件": one number wrapped over two lines
    assert _facts(text, [6]) == [(123.0, "件", "count")]
    notes = number_notes(text, [6])
    assert [n[0] for n in notes] == ["number_at_break"] and "one number 123" in notes[0][1]


def test_no_break_no_note():
    assert number_notes("收到建议123件", [3]) == []  # break between 建 and 议, not in digits


@pytest.mark.parametrize(
    ("text", "value", "hidden"),
    [
        ("联系选民3\u200b00人", 300.0, "U+200B"),  # zero-width space
        ("联系选民3\u200c0\u200d0人", 300.0, "U+200C, U+200D"),
        ("联系选民30\u20600人", 300.0, "U+2060"),  # word joiner
        ("联系选民3\ufeff00人", 300.0, "U+FEFF"),  # BOM inside the text
        ("联系选民1\u202f000人", 1000.0, "U+202F"),  # narrow no-break space as thousands mark
        ("联系选民1\u2009000人", 1000.0, "U+2009"),  # thin space
    ],
)
def test_invisible_characters_inside_numbers_are_skipped_and_noted(text, value, hidden):
    assert _facts(text) == [(value, "人", "count")]
    notes = number_notes(text)
    assert [n[0] for n in notes] == ["number_hidden_character"] and hidden in notes[0][1]


def test_narrow_space_in_money():
    text = "投入资金1\u202f000万元"
    assert _facts(text) == [(1.0e7, "元", "money")]


@pytest.mark.parametrize("minus", ["\u2212", "\uff0d", "\ufe63", "-"])
def test_minus_signs(minus):
    text = f"信访量同比下降{minus}5%"
    assert _facts(text) == [(-5.0, "%", "percent")]


def test_numerals_accept_unicode_minus():
    assert parse_number("\u22125") == -5
    assert parse_number("\ufe635") == -5


def test_per_mille_is_a_percent_kind_in_per_mille():
    assert _facts("发生率为3‰") == [(3.0, "‰", "percent")]


def test_slash_fraction_is_one_quantity():
    qs = find_quantities("超过1/3的代表参加")
    assert [(round(q.value, 4), q.unit, q.kind, q.qualifier, q.evidence) for q in qs] == [
        (33.3333, "%", "percent", "at_least", "超过1/3")
    ]


def test_date_with_slashes_is_not_a_fraction():
    assert all(q.unit != "%" for q in find_quantities("2024/1/3召开会议"))


def test_numeric_html_entities_are_read_as_digits_and_noted():
    text = "联系选民&#51;&#48;0人"  # 3, 0 as decimal references, then a plain 0
    assert _facts(text) == [(300.0, "人", "count")]
    assert [n[0] for n in number_notes(text)] == ["html_remnant"]
    hexa = "联系选民&#x33;&#x30;0人"
    assert _facts(hexa) == [(300.0, "人", "count")]


def test_a_run_of_400_digits_is_a_note_not_an_overflow():
    text = "编号" + "9" * 400 + "，走访企业5家"
    assert _facts(text) == [(5.0, "家", "count")]
    issue, detail, s, e = number_notes(text)[0]
    assert issue == "number_unreadable" and "400 digits" in detail and e - s == 400


def test_309_digits_followed_by_a_myriad_does_not_crash():
    text = "9" * 300 + "亿元，共3次"
    assert (3.0, "次", "count") in _facts(text)


def test_parse_report_turns_number_notes_into_quality_rows(tmp_path):
    from democracy_study.corpus import parse_reports

    (tmp_path / "r.txt").write_text(
        "## 昌乐县：标题\n\n联系选民3\u200b00人，收到建议12\n3件。\n", encoding="utf-8"
    )
    c = parse_reports(tmp_path, code_mechanisms=False)
    assert c.evidence_ok()
    issues = sorted(c.quality["issue"])
    assert "number_hidden_character" in issues and "number_at_break" in issues
    assert sorted(c.quantities["value"]) == [123.0, 300.0]
