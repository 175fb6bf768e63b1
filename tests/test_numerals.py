"""Tests for democracy_study.parse.numerals.

Expected values are worked out by hand (each comment says how); the property
tests use an independent renderer written here, not the parser's tables.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from democracy_study.parse.numerals import parse_approximate, parse_number

# ---------------------------------------------------------------------------
# hand-written cases
# ---------------------------------------------------------------------------

HAND = [
    ("3005", 3005),  # plain Arabic
    ("３００５", 3005),  # full-width digits
    ("12,345", 12345),  # comma grouping
    ("１２，３４５", 12345),  # full-width digits and comma
    ("0.75", 0.75),
    ("三千零五", 3005),  # 3*1000 + 5, 零 marks the missing hundreds and tens
    ("一千零一十", 1010),  # 1000 + 10
    ("十一", 11),  # bare 十 = 10
    ("二十", 20),
    ("一百零八", 108),
    ("两万", 20000),  # 两 = 2
    ("壹仟贰佰叁拾肆", 1234),  # financial forms
    ("貳萬零伍佰", 20500),  # traditional financial: 2*10^4 + 500
    ("五億三千萬", 530000000),  # 5*10^8 + 3000*10^4
    ("兩千", 2000),  # traditional 兩
    ("陸拾", 60),  # traditional financial 陸
    ("二〇二四", 2024),  # digit-by-digit year
    ("3.5亿", 350000000),  # 3.5 * 10^8
    ("１.２万", 12000),  # 1.2 * 10^4, full-width digit
    ("8千", 8000),
    ("六万 七千", 67000),  # whitespace inside
    ("九\n万", 90000),  # a line break inside
    ("一万二", 12000),  # abbreviated: trailing digit after 万 is thousands
    ("三百六", 360),  # abbreviated: trailing digit after 百 is tens
    ("三百零六", 306),  # with 零 the trailing digit is units
    ("十二点五", 12.5),
    ("负一百", -100),
    ("-3.5", -3.5),
    ("三分之二", 2 / 3),  # fraction: denominator first
    ("3/4", 0.75),
    ("一又二分之一", 1.5),  # mixed number
    ("百分之二十", 0.2),  # 百分之 is a fraction with denominator 100
]


@pytest.mark.parametrize(("text", "expected"), HAND)
def test_parse_number_hand(text, expected):
    got = parse_number(text)
    assert math.isclose(got, expected, rel_tol=1e-12), (text, got)


def test_integral_results_are_int():
    # hand: 1.5万 = 15000 exactly, so an int; 2.5 stays a float
    assert parse_number("1.5万") == 15000 and isinstance(parse_number("1.5万"), int)
    assert isinstance(parse_number("2.5"), float)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("三十余", 30, "over"),  # 余: "30-odd", 30 is the lower bound
        ("七千多", 7000, "over"),
        ("1万余", 10000, "over"),
        ("2400万余", 24000000, "over"),  # marker after the myriad unit
        ("1400多万", 14000000, "over"),  # marker before the myriad unit
        ("十几", 10, "approx"),  # 几 stands for an unknown digit
        ("几百", 100, "approx"),  # "some hundreds": the unit, approximately
        ("五十", 50, "exact"),
    ],
)
def test_parse_approximate(text, value, qualifier):
    assert parse_approximate(text) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("万", "without digits"),
        ("亿万", "without digits"),
        ("abc", "unexpected character"),
        ("一二十", "two digits in a row"),
        ("十百", "unit order"),
        ("1.2.3", "two digits in a row"),  # 1.2 then .3
        ("三点五点六", "more than one decimal point"),
        ("千点87.11", "more than one decimal point"),  # found by fuzzing
        ("三点", "no digits after the decimal point"),
        ("余十", "before any digit"),
        ("零分之三", "denominator is zero"),  # X分之Y: X is the denominator
    ],
)
def test_parse_number_rejects(text, problem):
    with pytest.raises(ValueError, match="not a number") as err:
        parse_number(text)
    assert problem in str(err.value)
    assert repr(text) in str(err.value)  # the message names the input


def test_parse_number_type_error():
    with pytest.raises(TypeError, match="str"):
        parse_number(12)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# independent renderer for property tests
# ---------------------------------------------------------------------------

STYLES = {
    "simplified": ("零一二三四五六七八九", "十百千", "万亿"),
    "traditional": ("零一二三四五六七八九", "十百千", "萬億"),
    "financial": ("零壹贰叁肆伍陆柒捌玖", "拾佰仟", "万亿"),
    "financial_traditional": ("零壹貳參肆伍陸柒捌玖", "拾佰仟", "萬億"),
}


def _section(n: int, digits: str, small: str, use_liang: bool) -> str:
    """Render 1..9999 in Chinese (standard reading with 零 for gaps)."""
    out, gap, started = [], False, False
    for power, unit in ((1000, small[2]), (100, small[1]), (10, small[0]), (1, "")):
        d = (n // power) % 10
        if d == 0:
            gap = started
            continue
        if gap:
            out.append(digits[0])
            gap = False
        ch = digits[d]
        if d == 2 and use_liang and power in (1000, 100):
            ch = "两"
        out.append(ch + unit)
        started = True
    return "".join(out)


def render_chinese(n: int, style: str, use_liang: bool = False, drop_yi: bool = False) -> str:
    """Render a non-negative integer < 10^12 as Chinese numerals."""
    digits, small, big = STYLES[style]
    if n == 0:
        return digits[0]
    groups = [(n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    units = [big[1], big[0], ""]
    out: list[str] = []
    pending_zero = False
    for g, u in zip(groups, units, strict=True):
        if g == 0:
            pending_zero = bool(out)
            continue
        if out and (g < 1000 or pending_zero):
            out.append(digits[0])
        out.append(_section(g, digits, small, use_liang) + u)
        pending_zero = False
    text = "".join(out)
    if drop_yi and text.startswith(digits[1] + small[0]):
        text = text[1:]  # 一十五 -> 十五
    if style.endswith("traditional"):
        text = text.replace("两", "兩")
    return text


def test_renderer_sanity():
    # hand: the renderer itself on known readings
    assert render_chinese(105, "simplified") == "一百零五"
    assert render_chinese(100000005, "simplified") == "一亿零五"
    assert render_chinese(1010000, "simplified") == "一百零一万"
    assert render_chinese(15, "simplified", drop_yi=True) == "十五"
    assert render_chinese(2200, "traditional", use_liang=True) == "兩千兩百"


FULLWIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    n=st.integers(min_value=0, max_value=10**12 - 1),
    style=st.sampled_from(sorted(STYLES)),
    use_liang=st.booleans(),
    drop_yi=st.booleans(),
)
def test_roundtrip_chinese_integers(n, style, use_liang, drop_yi):
    text = render_chinese(n, style, use_liang, drop_yi)
    assert parse_number(text) == n, text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    n=st.integers(min_value=0, max_value=10**12 - 1),
    frac=st.integers(min_value=1, max_value=999),
    style=st.sampled_from(sorted(STYLES)),
)
def test_roundtrip_chinese_decimals(n, frac, style):
    digits = STYLES[style][0]
    frac_s = f"{frac:03d}".rstrip("0")
    text = render_chinese(n, style) + "点" + "".join(digits[int(c)] for c in frac_s)
    assert math.isclose(parse_number(text), float(f"{n}.{frac_s}"), rel_tol=1e-15), text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    n=st.integers(min_value=0, max_value=10**15),
    form=st.sampled_from(["plain", "fullwidth", "grouped", "grouped_fullwidth"]),
)
def test_roundtrip_arabic_integers(n, form):
    text = {
        "plain": str(n),
        "fullwidth": str(n).translate(FULLWIDTH),
        "grouped": f"{n:,}",
        "grouped_fullwidth": f"{n:,}".translate(FULLWIDTH),
    }[form]
    assert parse_number(text) == n, text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    x=st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
    fullwidth=st.booleans(),
)
def test_roundtrip_arabic_decimals(x, fullwidth):
    text = f"{x:,}"
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert math.isclose(parse_number(text), float(x), rel_tol=1e-15, abs_tol=1e-12), text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    a=st.integers(min_value=1, max_value=9999),
    b=st.integers(min_value=0, max_value=9999),
    big=st.sampled_from(["万", "萬", "亿", "億"]),
)
def test_roundtrip_mixed_arabic_myriads(a, b, big):
    # hand: "a万b" with b < 10^4 written in Arabic is a*10^4 + b (b without abbreviation
    # only if written with 零 or as a full section; we give b four digits' worth: b >= 1000)
    scale = 10**4 if big in "万萬" else 10**8
    assert parse_number(f"{a}{big}") == a * scale
    if b >= 1000 and scale == 10**4:
        assert parse_number(f"{a}{big}{b}") == a * scale + b


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    n=st.integers(min_value=1, max_value=10**12 - 1),
    style=st.sampled_from(sorted(STYLES)),
    data=st.data(),
)
def test_roundtrip_with_whitespace(n, style, data):
    text = render_chinese(n, style)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=3))
    ws = data.draw(st.sampled_from([" ", "\n", "\n\n", "\u3000"]))
    chars = list(text)
    for c in sorted(set(cuts), reverse=True):
        chars.insert(c, ws)
    spaced = "".join(chars)
    assert parse_number(spaced) == n, spaced


@pytest.mark.parametrize(
    ("text", "value"),
    [("廿", 20), ("廿三", 23), ("卅", 30), ("卅一", 31), ("卌五", 45), ("廿余", 20)],
)
def test_contracted_tens(text, value):
    # 廿 = 二十, 卅 = 三十, 卌 = 四十 (Xiandai Hanyu Cidian); values worked by hand.
    assert parse_number(text) == value


def test_contracted_tens_found_in_text():
    from democracy_study.parse.quantities import find_quantities

    qs = find_quantities("连续廿三年开展活动，走访卅个村")
    assert [(q.evidence, q.value) for q in qs] == [("连续廿三年", 23.0), ("卅个", 30.0)]
