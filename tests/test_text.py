"""Tests for democracy_study.text: normalisation keeps lengths and official names."""

from __future__ import annotations

from democracy_study.parse.gazetteer import find_place_mentions, list_units, resolve_place
from democracy_study.text import normalize, to_simplified


def test_every_official_unit_name_survives_normalisation():
    # A name in the official division list is simplified already: normalize() must not touch it,
    # or running text that writes it correctly could never match (乾县 was read as 干县).
    names = set()
    for m in list_units():
        names |= {m.name, m.prefecture, m.province}
    changed = sorted(n for n in names if n and normalize(n) != n)
    assert changed == []


def test_qian_county_found_in_running_text():
    # 乾县 (610424, Xianyang 610400, Shaanxi) as written in a simplified report, and in traditional script.
    assert resolve_place("乾县").admin_code == "610424"
    assert to_simplified("乾縣人大") == "乾县人大"
    ms = find_place_mentions("乾縣人大常委会组织代表视察", prefecture_code="610400")
    assert [(m.as_written, m.place.name, m.place.admin_code) for m in ms] == [
        ("乾縣", "乾县", "610424")
    ]


def test_traditional_still_converted_and_length_kept():
    src = "聯絡站處理問題１２件"
    out = normalize(src)
    assert out == "联络站处理问题12件"
    assert len(out) == len(src)
