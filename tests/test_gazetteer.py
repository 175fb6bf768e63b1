"""Tests for democracy_study.parse.gazetteer.

Expected codes, names and readings are hand-checked facts about China's
administrative divisions (GB/T 2260 codes as published by the Ministry of Civil
Affairs), not copied from the module's output.
"""

from __future__ import annotations

import pytest

from democracy_study.parse.gazetteer import (
    MATCH_KINDS,
    PlaceMatch,
    find_place_mentions,
    find_prefecture,
    gazetteer_info,
    list_units,
    resolve_place,
)

# hand: codes checked against the MCA code list
KNOWN = {
    "潍城区": ("370702", "district", "潍坊市", "山东省"),
    "临朐县": ("370724", "county", "潍坊市", "山东省"),
    "昌乐县": ("370725", "county", "潍坊市", "山东省"),
    "青州市": ("370781", "county-level city", "潍坊市", "山东省"),
    "曲阜市": ("370881", "county-level city", "济宁市", "山东省"),
    "鄂伦春自治旗": ("150723", "autonomous banner", "呼伦贝尔市", "内蒙古自治区"),
    "神农架林区": ("429021", "forestry district", None, "湖北省"),
    "六枝特区": ("520203", "special district", "六盘水市", "贵州省"),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_units(name):
    code, level, pref, prov = KNOWN[name]
    m = resolve_place(name)
    assert m.match == "exact"
    assert (m.name, m.admin_code, m.admin_level, m.prefecture, m.province) == (
        name,
        code,
        level,
        pref,
        prov,
    )
    if pref is not None:
        assert m.prefecture_code == code[:4] + "00"


def test_coverage_and_codes():
    units = list_units("county")
    # hand: mainland China has about 2,840 county-level units
    assert 2800 <= len(units) <= 2900
    codes = [u.admin_code for u in units]
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(set(codes)) == len(codes)
    # no Hong Kong / Macao / Taiwan units at county level
    assert not any(c[:2] in ("71", "81", "82") for c in codes)
    levels = {u.admin_level for u in units}
    assert levels == {
        "district",
        "county",
        "county-level city",
        "banner",
        "autonomous county",
        "autonomous banner",
        "forestry district",
        "special district",
    }
    info = gazetteer_info()
    assert info["counts"]["county"] == len(units)
    assert info["counts"]["province"] >= 31


def test_every_unit_resolves_to_itself_within_its_area():
    for u in list_units("county"):
        area = u.prefecture_code or u.province_code
        m = resolve_place(u.name, prefecture=area)
        assert m.match == "exact", u.name
        assert m.admin_code == u.admin_code


def test_stem_and_suffix_mismatch():
    m = resolve_place("青州")
    assert (m.name, m.match) == ("青州市", "stem")
    m = resolve_place("临朐市")  # hand: 临朐 is a county, not a city
    assert (m.name, m.admin_code, m.match) == ("临朐县", "370724", "suffix_mismatch")
    assert m.name_as_written == "临朐市"
    m = resolve_place("曲阜县")
    assert (m.name, m.match) == ("曲阜市", "suffix_mismatch")
    # written without the ethnic part: a short form, not a wrong suffix
    m = resolve_place("峨边自治县")
    assert (m.name, m.match) == ("峨边彝族自治县", "stem")
    m = resolve_place("峨边县")
    assert (m.name, m.match) == ("峨边彝族自治县", "suffix_mismatch")


def test_stem_that_ends_like_a_suffix():
    # hand: 津市市 (Hunan) and 沙市区 (Jingzhou) have stems ending in 市
    assert resolve_place("津市").name == "津市市"
    assert resolve_place("沙市").name == "沙市区"
    assert resolve_place("津市市").match == "exact"


def test_ambiguous_with_and_without_prefecture():
    m = resolve_place("鼓楼区")
    assert m.match == "ambiguous" and m.name is None and not m.resolved
    codes = {c.admin_code for c in m.candidates}
    assert {"350102", "320106"} <= codes  # hand: Fuzhou and Nanjing
    assert resolve_place("鼓楼区", prefecture="福州市").admin_code == "350102"
    assert resolve_place("鼓楼区", prefecture="南京").admin_code == "320106"
    assert resolve_place("鼓楼区", prefecture="320100").admin_code == "320106"
    # a prefecture without a 鼓楼区: unknown, but the candidates say where it exists
    m = resolve_place("鼓楼区", prefecture="潍坊市")
    assert m.match == "unknown"
    assert "350102" in {c.admin_code for c in m.candidates}


def test_prefix_with_province_and_prefecture():
    m = resolve_place("山东省潍坊市临朐县")
    assert (m.admin_code, m.match) == ("370724", "exact")
    m = resolve_place("福州市鼓楼区")
    assert m.admin_code == "350102"


def test_prefecture_level_fallback():
    m = resolve_place("潍坊")
    assert (m.name, m.admin_level, m.admin_code) == ("潍坊市", "prefecture-level city", "370700")
    # with the area given, the county of the same stem wins (朝阳县 in 朝阳市)
    m = resolve_place("朝阳", prefecture="朝阳市")
    assert (m.name, m.admin_level) == ("朝阳县", "county")


def test_traditional_fullwidth_and_spaces():
    assert resolve_place("昌樂縣").admin_code == "370725"
    m = resolve_place("臨朐市")
    assert (m.name, m.match) == ("临朐县", "suffix_mismatch")
    assert m.name_as_written == "臨朐市"
    assert resolve_place(" 青州 市\n").match == "exact"
    # 乾 is also a traditional form of 干: the official 乾县 must still resolve
    assert resolve_place("乾县").admin_code == "610424"


def test_unknown_and_bad_input():
    m = resolve_place("火星县")
    assert m.match == "unknown" and m.admin_code is None and m.candidates == ()
    with pytest.raises(ValueError, match="empty"):
        resolve_place("")
    with pytest.raises(ValueError, match="empty"):
        resolve_place("  \n")
    with pytest.raises(TypeError):
        resolve_place(370724)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="prefecture"):
        resolve_place("鼓楼区", prefecture="火星市")
    with pytest.raises(ValueError, match="prefecture"):
        resolve_place("鼓楼区", prefecture="370724")  # a county code, not a prefecture
    assert set(MATCH_KINDS) == {"exact", "stem", "suffix_mismatch", "ambiguous", "unknown"}


@pytest.mark.parametrize(
    ("name", "english"),
    [
        # hand: standard pinyin forms of these names
        ("昌乐县", "Changle County"),
        ("奎文区", "Kuiwen District"),
        ("青州市", "Qingzhou"),
        ("单县", "Shan County"),
        ("六合区", "Luhe District"),
        ("长子县", "Zhangzi County"),
        ("东阿县", "Dong'e County"),
        ("峨边彝族自治县", "Ebian Yi Autonomous County"),
        ("鄂伦春自治旗", "Oroqen Autonomous Banner"),
        ("神农架林区", "Shennongjia Forestry District"),
        ("浦东新区", "Pudong New Area"),
        ("清新区", "Qingxin District"),
        ("成都市", "Chengdu"),
    ],
)
def test_place_en(name, english):
    assert resolve_place(name).place_en == english


def test_as_dict_fields():
    d = resolve_place("臨朐縣").as_dict()
    assert d["place"] == "临朐县" and d["place_as_written"] == "臨朐縣"
    assert d["admin_code"] == "370724" and d["place_en"] == "Linqu County"


# ------------------------------------------------------------------ mentions


def _spans(text, **kw):
    out = find_place_mentions(text, **kw)
    for m in out:
        assert text[m.start : m.end] == m.as_written
        assert isinstance(m.place, PlaceMatch)
    return [(m.as_written, m.place.name, m.place.match) for m in out]


def test_mentions_suffix_mismatch_and_offsets():
    text = "本月，临朐市人大常委会与昌乐县代表一起走访企业。"
    # hand: two mentions, the first with a wrong suffix
    assert _spans(text) == [("临朐市", "临朐县", "suffix_mismatch"), ("昌乐县", "昌乐县", "exact")]
    ms = find_place_mentions(text)
    assert (ms[0].start, ms[0].end) == (3, 6)


def test_mentions_traditional_script():
    text = "臨朐市人大組織代表視察"
    assert _spans(text) == [("臨朐市", "临朐县", "suffix_mismatch")]


def test_bare_stems_only_within_a_prefecture():
    text = "青州代表走进社区，倾听群众心声"
    assert _spans(text) == []  # nationally a bare stem is not enough
    assert _spans(text, prefecture_code="370700") == [("青州", "青州市", "stem")]
    # a unit outside the prefecture is not found
    assert _spans("曲阜代表", prefecture_code="370700") == []


def test_mentions_skip_prefecture_names_and_common_words():
    # hand: 潍坊市 is the prefecture; 城区 is "urban area"; 市场 is "market"
    assert _spans("潍坊市城区建设") == []
    assert _spans("昌乐市场监管局", prefecture_code="370700") == [("昌乐", "昌乐县", "stem")]
    assert _spans("昌乐市场监管局") == []
    assert _spans("西南山区生态保护") == []


def test_mentions_ambiguous_and_context():
    ms = find_place_mentions("鼓楼区代表")
    assert ms[0].place.match == "ambiguous"
    assert _spans("南京市鼓楼区代表") == [("鼓楼区", "鼓楼区", "exact")]
    assert find_place_mentions("南京市鼓楼区")[0].place.admin_code == "320106"


def test_mentions_bad_input():
    assert find_place_mentions("") == []
    with pytest.raises(TypeError):
        find_place_mentions(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="prefecture"):
        find_place_mentions("青州", prefecture_code="999999")


def test_find_prefecture():
    # hand: 鼓楼区 has no Weifang unit, so it does not support Weifang,
    # but two of three names are still a majority
    assert find_prefecture(["潍城区", "奎文区", "寒亭区"]) == "370700"
    assert find_prefecture(["潍城区", "奎文区", "鼓楼区"]) == "370700"  # 2 of 3
    assert find_prefecture(["潍城区", "曲阜市"]) is None  # tie
    assert find_prefecture(["鼓楼区"]) is None
    assert find_prefecture(["火星县"]) is None
    # districts of a municipality belong to the municipality
    assert find_prefecture(["朝阳区", "海淀区", "东城区"]) == "110000"
