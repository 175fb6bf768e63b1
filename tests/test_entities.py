"""Tests for democracy_study.parse.entities.

Every sentence here is written for the test (not taken from the corpus) and
the expected entities are worked out by hand.
"""

from __future__ import annotations

import itertools

import pytest

from democracy_study.parse.entities import ENTITY_TYPES, Entity, find_entities


def _found(text):
    out = find_entities(text)
    for e in out:
        assert isinstance(e, Entity)
        assert e.type in ENTITY_TYPES
        assert 0 <= e.start < e.end <= len(text)
    # non-overlapping and sorted
    for a, b in itertools.pairwise(out):
        assert a.end <= b.start
    return [(e.type, e.name, text[e.start : e.end]) for e in out]


def test_stations_with_descriptive_names():
    text = "该镇建成“果蔬种植行业人大代表联络站”，并在园区设立移动代表联络站。"
    # hand: one quoted station name, one unquoted with the modifier 移动
    assert _found(text) == [
        ("station", "果蔬种植行业人大代表联络站", "“果蔬种植行业人大代表联络站”"),
        ("station", "移动代表联络站", "移动代表联络站"),
    ]


def test_station_name_outside_quotes_and_points():
    text = "依托“和为贵”代表调解室化解纠纷，新设基层立法联系点和人民建议征集点。"
    assert _found(text) == [
        ("station", "和为贵代表调解室", "“和为贵”代表调解室"),
        ("station", "基层立法联系点", "基层立法联系点"),
        ("station", "人民建议征集点", "人民建议征集点"),
    ]


def test_station_bare_head_when_left_is_not_a_modifier():
    # hand: 召开 is a verb, so only the head is the name
    assert _found("定期召开代表联络站例会") == [("station", "代表联络站", "代表联络站")]
    # a domain word before the head is kept
    assert _found("。茶叶产业代表联络站开门迎客") == [
        ("station", "茶叶产业代表联络站", "茶叶产业代表联络站")
    ]


def test_platforms():
    text = "群众可通过“掌上人大”小程序、“民声直达”二维码和网上代表联络站反映诉求，也可拨打12345政务服务热线。"
    assert _found(text) == [
        ("platform", "掌上人大小程序", "“掌上人大”小程序"),
        ("platform", "民声直达二维码", "“民声直达”二维码"),
        ("platform", "网上代表联络站", "网上代表联络站"),
        ("platform", "12345政务服务热线", "12345政务服务热线"),
    ]


def test_deputies():
    text = "刘建国代表说，他和孙丽娟等12名人大代表走访了企业。"
    assert _found(text) == [
        ("deputy", "刘建国", "刘建国代表"),
        ("deputy", "孙丽娟", "孙丽娟等12名人大代表"),
    ]
    text = "座谈会上，人大代表欧阳晓峰表示要把建议落到实处。"
    # the evidence includes the cue 人大代表 before the name
    assert _found(text) == [("deputy", "欧阳晓峰", "人大代表欧阳晓峰")]


def test_not_deputies():
    # hand: none of these is a person's name
    assert _found("组织全区代表开展视察") == []
    assert _found("广大人大代表积极履职") == []
    assert _found("高校代表座谈交流") == []
    # a company's representative is not a people's congress deputy
    assert _found("公司代表何志强说明情况") == []


def test_departments():
    text = "常委会听取县住房和城乡建设局、水利局和区卫健委的汇报，督促镇政府整改。"
    assert _found(text) == [
        ("department", "县住房和城乡建设局", "县住房和城乡建设局"),
        ("department", "水利局", "水利局"),
        ("department", "区卫健委", "区卫健委"),
        ("department", "镇政府", "镇政府"),
    ]


def test_not_departments():
    # hand: 大局 and 格局 are not bureaus; 局长 is a title
    assert _found("服务发展大局，形成保护新格局") == []
    assert _found("邀请局长面对面") == []


def test_organizations():
    text = "代表走访区人民法院、县人民检察院和远航集团，并与曲阜师范大学合作。"
    assert _found(text) == [
        ("organization", "区人民法院", "区人民法院"),
        ("organization", "县人民检察院", "县人民检察院"),
        ("organization", "远航集团", "远航集团"),
        ("organization", "曲阜师范大学", "曲阜师范大学"),
    ]
    # a 学院 not starting with a place is not taken (precision)
    assert _found("走进某某学院") == []
    # two universities joined by 和 are two names
    assert _found("宁波大学和曲阜师范大学") == [
        ("organization", "宁波大学", "宁波大学"),
        ("organization", "曲阜师范大学", "曲阜师范大学"),
    ]


def test_documents_and_media():
    text = "审议《某市物业管理条例（草案）》和《关于加强代表工作的意见》，经验被《民主与法制》杂志和《某某日报》刊发，并在中国人大网转载。"
    got = _found(text)
    assert ("document", "关于加强代表工作的意见", "《关于加强代表工作的意见》") in got
    assert ("media", "民主与法制", "《民主与法制》杂志") in got
    assert ("media", "某某日报", "《某某日报》") in got
    assert ("media", "中国人大网", "中国人大网") in got
    # hand: the draft's title ends in （草案）, not a document word: not taken
    assert not any(n.startswith("某市物业管理条例") for _, n, _ in got)


def test_official_account_needs_a_place():
    text = "通过曲阜发布、人大公众号宣传"
    assert _found(text) == [
        ("media", "曲阜发布", "曲阜发布"),
        ("platform", "人大公众号", "人大公众号"),
    ]
    assert _found("新闻发布、信息公开") == []


def test_traditional_script_and_fullwidth_offsets():
    text = "張國華代表在“惠民議事”代表調解室接待群眾，並通過“智慧人大”平臺回覆１２３４５熱線。"
    got = _found(text)
    # hand: names come out simplified, evidence is the traditional original
    assert got == [
        ("deputy", "张国华", "張國華代表"),
        ("station", "惠民议事代表调解室", "“惠民議事”代表調解室"),
        ("platform", "智慧人大平台", "“智慧人大”平臺"),
        ("platform", "12345热线", "１２３４５熱線"),
    ]


def test_empty_and_bad_input():
    assert find_entities("") == []
    assert find_entities("今天天气很好。") == []
    with pytest.raises(TypeError):
        find_entities(None)  # type: ignore[arg-type]
