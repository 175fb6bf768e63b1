"""Tests for democracy_study.parse.quantities.

The sentences are written for these tests (other wording, other numbers,
traditional script, full-width digits, breaks); expected values are worked out
by hand from the sentence (comments say how where it is not obvious).
"""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from democracy_study import config
from democracy_study.parse.quantities import (
    FACT_KINDS,
    INDICATORS,
    KINDS,
    QUALIFIERS,
    QUANTITY_COLUMNS,
    Quantity,
    extract_quantities,
    find_numerals,
    find_quantities,
)
from democracy_study.text import JoinedText, normalize


def one(text: str) -> Quantity:
    qs = find_quantities(text)
    assert len(qs) == 1, [(q.evidence, q.kind) for q in qs]
    return qs[0]


def summary(text: str) -> list[tuple]:
    return [
        (q.evidence, q.value, q.value_max, q.unit, q.qualifier, q.kind)
        for q in find_quantities(text)
    ]


# ---------------------------------------------------------------------------
# values, units, qualifiers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "value", "unit", "qualifier", "kind"),
    [
        ("共接待群众三千二百余人次", "三千二百余人次", 3200, "人次", "over", "count"),
        (
            "收集意見建議３５０餘條",
            "３５０餘條",
            350,
            "条",
            "over",
            "count",
        ),  # traditional + full-width
        ("帶動增收２８０萬元", "２８０萬元", 2_800_000, "元", "exact", "money"),  # 280 * 10^4
        ("计划投资约3.5亿元", "约3.5亿元", 350_000_000, "元", "approx", "money"),
        ("涉案金额2600多万元", "2600多万元", 26_000_000, "元", "over", "money"),
        ("年收入6万余元", "6万余元", 60_000, "元", "over", "money"),
        ("服务群众7 万5 千4 百人", "7 万5 千4 百人", 75_400, "人", "exact", "count"),
        ("满意率达百分之九十五", "百分之九十五", 95, "%", "exact", "percent"),
        ("同比下降12.5个百分点", "12.5个百分点", 12.5, "个百分点", "exact", "percent"),
        ("八成以上的群众表示满意", "八成以上", 80, "%", "at_least", "percent"),  # 成 = tenths
        ("占三分之一", "三分之一", 100 / 3, "%", "exact", "percent"),
        ("近两千人参加", "近两千人", 2000, "人", "nearly", "count"),
        ("将近5000元", "将近5000元", 5000, "元", "nearly", "money"),
        ("逾三百件", "逾三百件", 300, "件", "at_least", "count"),
        ("超过1,200名", "超过1,200名", 1200, "名", "at_least", "count"),
        ("约800人左右", "约800人左右", 800, "人", "approx", "count"),
        ("上千人到场", "上千人", 1000, "人", "approx", "count"),
        # hand: 数/几 standing for the first digit is a digit from 2 to 9: 数十 is 20 to 90
        # (a range, value its low end), never "about ten"; 几 for a later digit is "and
        # some", like 余 (二十几万 is 200,000 and more, below 300,000)
        ("数十名代表", "数十名", 20, "名", "range", "count"),
        ("開展活動幾十場", "幾十場", 20, "场", "range", "count"),
        ("惠及群众数万人", "数万人", 20_000, "人", "range", "count"),
        ("接待群众十几人", "十几人", 10, "人", "over", "count"),
        # hand: a bare 万 after 上, 近, 逾 is one 万 (it was not found at all)
        ("参与群众上万人次", "上万人次", 10_000, "人次", "approx", "count"),
        ("接待選民近萬人次", "近萬人次", 10_000, "人次", "nearly", "count"),
        ("覆盖群众逾万户", "逾万户", 10_000, "户", "at_least", "count"),
        ("召开听证会3场次", "3场次", 3, "场次", "exact", "count"),
        ("累计办理6件次", "6件次", 6, "件次", "exact", "count"),
        ("二十几万人次", "二十几万人次", 200_000, "人次", "over", "count"),
        ("壹佰贰拾件", "壹佰贰拾件", 120, "件", "exact", "count"),
        ("參與代表５０位", "５０位", 50, "位", "exact", "count"),  # 參與 is not a number
    ],
)
def test_value_unit_qualifier(text, evidence, value, unit, qualifier, kind):
    q = one(text)
    assert q.evidence == evidence
    assert math.isclose(q.value, value, rel_tol=1e-9)
    assert (q.unit, q.qualifier, q.kind) == (unit, qualifier, kind)
    assert text[q.start : q.end] == q.evidence


def test_break_inside_expression_kept_in_evidence():
    text = "募集善款超\n\n80万元，用于助学"
    q = one(text)
    assert q.evidence == "超\n\n80万元"
    assert (q.value, q.unit, q.qualifier, q.kind) == (800_000.0, "元", "at_least", "money")
    assert (q.start, q.end) == (4, 11)  # hand: 募集善款 4 chars, then 超 \n \n 8 0 万 元


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("组织代表4到6名", 4, 6, "名"),
        ("邀请专家20~30人", 20, 30, "人"),
        ("走访20-30家企业", 20, 30, "家"),
        ("三至五件", 3, 5, "件"),
        ("提升10%-15%", 10, 15, "%"),
        # hand: 数百 and 几十 name a first digit from 2 to 9: 200 to 900, 20 to 90
        ("收集意见数百条", 200, 900, "条"),
        ("开展活动几十场", 20, 90, "场"),
    ],
)
def test_ranges(text, low, high, unit):
    q = one(text)
    assert (q.value, q.value_max, q.unit, q.qualifier) == (low, high, unit, "range")


def test_paired_list_and_shared_value():
    qs = find_quantities("满意率分别为92.3%、97.8%")
    assert [(q.value, q.unit, q.kind) for q in qs] == [
        (92.3, "%", "percent"),
        (97.8, "%", "percent"),
    ]
    qs = find_quantities("办结率均为100%")
    assert [(q.value, q.unit) for q in qs] == [(100.0, "%")]
    # a bare number in a list takes the measure word of the next item
    qs = find_quantities("分别开展12、15次")
    assert [(q.value, q.unit) for q in qs] == [(12.0, "次"), (15.0, "次")]


# ---------------------------------------------------------------------------
# kinds that are not facts, and words that are not numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "kind"),
    [
        ("2022年以来", "2022年", "date"),
        ("二〇二三年", "二〇二三年", "date"),
        ("于8月启动", "8月", "date"),
        ("连续五年开展", "连续五年", "duration"),  # 连续 belongs to the duration
        ("3个工作日内答复", "3个工作日", "duration"),
        ("三个月后再审议", "三个月", "duration"),
        ("第五届", "第五届", "ordinal"),
        ("排名第二", "第二", "ordinal"),
        ("通过12315热线反映", "12315", "name"),
        ("落实“五个到位”要求", "五个到位", "name"),
        ("推行“一村一品”", "一村一品", "name"),
        ("开展“三进三访”活动", "三进三访", "name"),
        ("实行三级联动", "三级", "name"),
        ("建立“两级联审”机制", "两级联审", "name"),  # quoted name: whole quote is evidence
        ("打通“最后一公里”", "最后一公里", "name"),
        ("列入《2025年工作要点》", "2025年", "name"),
        ("每半年选取5个部门", "5个", "rule"),
        ("每季度确定2至3件", "2至3件", "rule"),
        ("每月15日召开", "15日", "date"),
        ("投诉量排名前5位的单位", "前5位", "rule"),  # 前N: a procedure cut-off
        ("每周三集中接待", None, None),
    ],
)
def test_non_fact_kinds(text, evidence, kind):
    qs = find_quantities(text)
    if evidence is None:
        assert qs == []
        return
    assert [(q.evidence, q.kind, q.indicator) for q in qs] == [(evidence, kind, "")]


@pytest.mark.parametrize(
    "text",
    [
        "深入一线调研",
        "统一部署一批项目",
        "二是强化监督",
        "解决一些问题",
        "吸引一大批人才",
        "十分重要",
        "走进千家万户",
        "一体推进",
        "形成一个闭环",  # lone 一 + measure word is an article
        "唯一标准",
        "三安子村",  # a numeral character inside a name, no measure word
        "提供“一站式”服务",
    ],
)
def test_not_numbers(text):
    assert find_quantities(text) == []


def test_slogan_must_be_bounded():
    # hand: 一X一Y inside running text is not a slogan (统一规划一批)
    assert find_quantities("统一规划一批示范点") == []
    qs = find_quantities("推动“一镇一品、一村一策”")
    assert [q.evidence for q in qs] == ["一镇一品", "一村一策"]


# ---------------------------------------------------------------------------
# indicators
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("组织42名人大代表", "deputies"),
        ("人大代表参与120人次", "deputy_visits"),
        # issue 11: 人次 counts visits (person-times), not distinct voters (was voters_reached)
        ("走访接待选民860人次", "voter_contacts"),
        ("帮扶困难群众35人", "people_helped"),
        ("开展主题活动15次", "activities"),
        ("开展执法检查6次", "oversight_actions"),
        ("收集意见建议560条", "opinions_collected"),
        ("代表提出建议48件", "suggestions"),
        ("受理群众反映问题95个", "issues_received"),
        ("办结群众诉求860件", "issues_resolved"),
        ("调解矛盾纠纷56起", "disputes_mediated"),
        ("对9个部门开展工作评议", "departments_reviewed"),
        ("新建代表联络站12个", "stations"),
        ("成立8个专业代表小组", "groups"),
        ("签约项目9个", "projects"),
        ("走访企业45家", "enterprises"),
        ("招商引资5.2亿元", "investment_cny"),
        ("筹集资金30万元", "funds_cny"),
        ("村集体增收12万元", "income_cny"),
        ("提出立法建议15条", "legislative_suggestions"),
        ("群众投诉量同比下降25%", "complaint_change_pct"),
        ("培育电商主播60名", "other"),
    ],
)
def test_indicators(text, indicator):
    q = one(text)
    assert q.kind in FACT_KINDS
    assert q.indicator == indicator


def test_indicator_uses_nearest_noun():
    # hand: 12个 counts 联络站 (stations), 5个 counts 小组 (groups)
    qs = find_quantities("建成联络站12个、代表小组5个")
    assert [(q.value, q.indicator) for q in qs] == [(12.0, "stations"), (5.0, "groups")]


# ---------------------------------------------------------------------------
# contract: vocabularies, offsets, normalised vs raw input, DataFrame
# ---------------------------------------------------------------------------


def corpus_text() -> str:
    path = config.DATA_RAW / "weifang_2024_county_congress_highlights.txt"
    if not path.is_file():
        pytest.skip("seed corpus not present")
    return path.read_text(encoding="utf-8")


def test_corpus_offsets_and_vocabularies():
    text = corpus_text()
    qs = find_quantities(text)
    assert len(qs) > 50
    for q in qs:
        assert text[q.start : q.end] == q.evidence
        assert q.qualifier in QUALIFIERS and q.kind in KINDS
        assert (q.indicator in INDICATORS) if q.kind in FACT_KINDS else q.indicator == ""
        assert (q.value_max is None) == (q.qualifier != "range")
    starts = [q.start for q in qs]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(qs))


def test_raw_and_normalized_input_agree():
    raw = "全縣設立聯絡站１２個，走訪選民３６００餘人次，募集資金超\n150萬元"
    a, b = find_quantities(raw), find_quantities(normalize(raw))
    assert [(q.value, q.unit, q.kind, q.indicator, q.start, q.end) for q in a] == [
        (q.value, q.unit, q.kind, q.indicator, q.start, q.end) for q in b
    ]
    assert [q.evidence for q in a] == ["１２個", "３６００餘人次", "超\n150萬元"]


def test_joined_text_maps_back_to_source():
    src = "代表走访企业1\n\n50余家，解决问题"
    jt = JoinedText(src, [(0, 7), (9, len(src))])
    q = one(jt.normalized)
    assert (q.value, q.unit, q.qualifier, q.indicator) == (150.0, "家", "over", "enterprises")
    evidence, s, e = jt.evidence(q.start, q.end)
    assert evidence == "1\n\n50余家" and src[s:e] == evidence


def test_extract_quantities_frame():
    df = extract_quantities("走访企业45家，增收12万元，每月10日接待")
    assert list(df.columns) == QUANTITY_COLUMNS
    assert df["value"].tolist() == [45.0, 120000.0, 10.0]
    # hand: 每月10日 is a recurring day of the month: a date, not a procedure number
    assert df["kind"].tolist() == ["count", "money", "date"]
    assert df["value_max"].isna().all()
    assert df["char_start"].dtype == "int64"
    text = "走访企业45家，增收12万元，每月10日接待"
    for _, r in df.iterrows():
        assert text[r.char_start : r.char_end] == r.evidence


def test_extract_quantities_empty():
    df = extract_quantities("没有数字")
    assert list(df.columns) == QUANTITY_COLUMNS and len(df) == 0
    assert isinstance(df, pd.DataFrame)


def test_bad_input():
    with pytest.raises(TypeError, match="str"):
        find_quantities(None)  # type: ignore[arg-type]


def test_find_numerals():
    got = find_numerals("九年八吨，三又四分之一，-2.5，一切")
    # hand: 9, 8, 3 + 1/4, -2.5; 一切 is not a number
    assert [v for _, v, _, _ in got] == [9.0, 8.0, 3.25, -2.5]


# ---------------------------------------------------------------------------
# robustness: any mix of numerals, measure words, cues and breaks
# ---------------------------------------------------------------------------

ALPHABET = list(
    "0123456789０１２３４５６７８９.,，、%％一二三四五六七八九十百千万亿两零壹贰萬億兩陸"
    "余多几超近约第每前至到~-个名人次件项元成年月日级“”《》 \n代表企业站分之点"
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_find_quantities_never_breaks_contract(text):
    qs = find_quantities(text)
    last_end = -1
    for q in qs:
        assert text[q.start : q.end] == q.evidence and q.start < q.end
        assert q.qualifier in QUALIFIERS and q.kind in KINDS
        assert (q.indicator in INDICATORS) if q.kind in FACT_KINDS else q.indicator == ""
        assert q.start >= last_end or q.kind == "name"
        last_end = max(last_end, q.end)
    for evidence, _, s, e in find_numerals(text):
        assert text[s:e] == evidence
