"""Tests for democracy_study.parse.intervals, the one qualifier-interval rule (issue 11).

Expected values are worked out by hand in the comments: u is one unit of the last
non-zero digit of the figure as written (240 -> 10, 2.5万 = 25000 -> 1000).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from democracy_study.parse import quantities
from democracy_study.parse.intervals import (
    QUALIFIERS,
    Interval,
    IntervalError,
    finite_bounds,
    interval_table,
    last_digit_unit,
    qualifier_interval,
)

INF = math.inf


def _iv(value, qualifier, value_max=None):
    iv = qualifier_interval(value, qualifier, value_max)
    return (iv.low, iv.high, iv.low_closed, iv.high_closed)


# --------------------------------------------------------------------------- hand-worked
@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (240, 10),  # 2 4 0: last non-zero digit 4 in the tens
        (100, 100),  # 1 0 0: the hundreds
        (10000, 10000),  # 1万
        (14_000_000, 1_000_000),  # 1400万: 4 in the millions
        (25000, 1000),  # 2.5万: 5 in the thousands
        (3600, 100),
        (7, 1),
        (0.3, 0.1),  # a decimal: tenths
        (1.25, 0.01),
        (0, 1),  # no non-zero digit: taken as the ones
        (1.1 * 10000, 1000),  # 11000.000000000002: float noise is not a digit
    ],
)
def test_last_digit_unit(value, unit):
    assert last_digit_unit(value) == pytest.approx(unit)


@pytest.mark.parametrize(
    ("value", "qualifier", "value_max", "expected"),
    [
        # over (余/多): [X, X + u)
        (240, "over", None, (240, 250, True, False)),  # 240余
        (100, "over", None, (100, 200, True, False)),  # 100余: written at the hundreds
        (10000, "over", None, (10000, 20000, True, False)),  # 1万余
        (14_000_000, "over", None, (14_000_000, 15_000_000, True, False)),  # 1400多万
        (25000, "over", None, (25000, 26000, True, False)),  # 2.5万余
        (0.3, "over", None, (0.3, 0.4, True, False)),  # decimal arithmetic: not 0.4000…01
        # at_least (超/以上/逾): open above
        (150, "at_least", None, (150, INF, True, False)),
        # nearly (近): [X - u, X)
        (3000, "nearly", None, (2000, 3000, True, False)),  # 近3000: u = 1000
        (95, "nearly", None, (94, 95, True, False)),  # 近95: last non-zero digit 5, u = 1
        # approx (约/左右): [X - u, X + u], the hull of 近X and X余
        (240, "approx", None, (230, 250, True, True)),
        (1200, "approx", None, (1100, 1300, True, True)),
        # at_most (以下/不超过): open below to 0
        (50, "at_most", None, (0, 50, True, True)),
        # range: its two ends, sorted
        (4, "range", 6, (4, 6, True, True)),
        (6, "range", 4, (4, 6, True, True)),
        # exact: its value
        (7, "exact", None, (7, 7, True, True)),
    ],
)
def test_hand_worked_intervals(value, qualifier, value_max, expected):
    got = _iv(value, qualifier, value_max)
    assert got[:2] == pytest.approx(expected[:2])
    assert got[2:] == expected[2:]


def test_membership_respects_closed_ends():
    iv = qualifier_interval(240, "over")  # [240, 250)
    assert 240 in iv and 249.99 in iv
    assert 250 not in iv and 239.99 not in iv
    assert 50 in qualifier_interval(50, "at_most") and 0 in qualifier_interval(50, "at_most")
    assert 1e12 in qualifier_interval(150, "at_least")


def test_finite_bounds_treatments():
    at_least = qualifier_interval(150, "at_least")
    assert finite_bounds(at_least) == pytest.approx((150, 160))  # hand: 150 + u, u = 10
    assert finite_bounds(at_least, 2.0) == pytest.approx((150, 300))  # hand: 2 x 150
    assert finite_bounds(qualifier_interval(0, "at_least"), 2.0) == (0.0, 1.0)  # 0: 0 + 1
    assert finite_bounds(qualifier_interval(240, "over"), 2.0) == (240.0, 250.0)  # bounded
    for bad in ("double", 1.0, 0.5, math.nan, math.inf):
        with pytest.raises(IntervalError, match="open_cap"):
            finite_bounds(at_least, bad)
    with pytest.raises(IntervalError, match="lower end"):
        finite_bounds(Interval(-INF, 3.0))


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((10, "roughly"), "unknown qualifier 'roughly'"),
        ((4, "range"), "no value_max"),
        ((4, "range", math.nan), "no value_max"),
        ((4, "range", math.inf), "non-finite value_max"),
        ((math.nan, "exact"), "missing"),
        ((None, "over"), "missing"),
        ((math.inf, "over"), "finite"),
        ((-5, "at_most"), "non-negative"),
    ],
)
def test_bad_input_is_named(args, match):
    with pytest.raises(IntervalError, match=match):
        qualifier_interval(*args)
    assert issubclass(IntervalError, ValueError)


def test_interval_rejects_reversed_ends():
    with pytest.raises(IntervalError, match="low <= high"):
        Interval(5.0, 4.0)


def test_vocabulary_matches_the_quantity_parser():
    assert set(QUALIFIERS) == set(quantities.QUALIFIERS)


def test_interval_table_columns_and_errors():
    # invented rows: "300余条", "超20个", "1至2件", "近5000人"
    q = pd.DataFrame(
        {
            "value": [300.0, 20.0, 1.0, 5000.0],
            "value_max": [math.nan, math.nan, 2.0, math.nan],
            "qualifier": ["over", "at_least", "range", "nearly"],
        },
        index=[10, 11, 12, 13],
    )
    t = interval_table(q)
    assert list(t.columns) == ["low", "high", "low_closed", "high_closed", "lower", "upper"]
    assert list(t.index) == [10, 11, 12, 13]
    # hand: 300余 [300, 400); 超20 [20, inf) -> cap 30; 1至2 [1, 2]; 近5000 [4000, 5000)
    assert t["low"].tolist() == [300, 20, 1, 4000]
    assert t["high"].tolist() == [400, INF, 2, 5000]
    assert t["upper"].tolist() == [400, 30, 2, 5000]
    assert t["high_closed"].tolist() == [False, False, True, False]
    assert list(interval_table(q, open_cap=None).columns) == [
        "low",
        "high",
        "low_closed",
        "high_closed",
    ]
    bad = q.assign(qualifier=["over", "at_least", "range", "roughly"])
    with pytest.raises(IntervalError, match="row 13"):
        interval_table(bad)
    with pytest.raises(IntervalError, match="qualifier"):
        interval_table(q.drop(columns="qualifier"))


def test_interval_table_empty():
    empty = pd.DataFrame({"value": [], "value_max": [], "qualifier": []})
    assert len(interval_table(empty)) == 0


# --------------------------------------------------------------------------- properties
# figures as a report writes them: a few significant digits times a power of ten
figures = st.builds(
    lambda digits, exp: float(digits) * 10.0**exp,
    st.integers(min_value=1, max_value=9999),
    st.integers(min_value=-2, max_value=6),
)
single = st.sampled_from([q for q in QUALIFIERS if q != "range"])


@settings(max_examples=300, deadline=None)
@given(figures, single)
def test_value_lies_in_its_closure(value, qualifier):
    iv = qualifier_interval(value, qualifier)
    assert iv.low <= value <= iv.high
    lo, hi = finite_bounds(iv)
    assert lo <= value <= hi and math.isfinite(lo) and math.isfinite(hi)
    assert lo >= 0  # figures are non-negative, so are the bounds


@settings(max_examples=300, deadline=None)
@given(figures)
def test_unit_is_a_power_of_ten_not_above_the_value(value):
    u = last_digit_unit(value)
    k = math.log10(u)
    assert k == pytest.approx(round(k))
    assert u <= value * (1 + 1e-12)
    # X / u is a whole number whose last digit is not zero
    m = round(value / u)
    assert m == pytest.approx(value / u, rel=1e-9) and m % 10 != 0


@settings(max_examples=300, deadline=None)
@given(figures)
def test_approx_is_the_hull_of_nearly_and_over(value):
    near, over, about = (qualifier_interval(value, q) for q in ("nearly", "over", "approx"))
    assert about.low == pytest.approx(near.low) and about.high == pytest.approx(over.high)
    assert near.high == value == over.low
    assert over.width == pytest.approx(near.width) == pytest.approx(last_digit_unit(value))


@settings(max_examples=200, deadline=None)
@given(figures, figures)
def test_range_is_its_two_ends(a, b):
    iv = qualifier_interval(a, "range", b)
    assert (iv.low, iv.high) == (min(a, b), max(a, b))
    assert a in iv and b in iv


@settings(max_examples=200, deadline=None)
@given(figures, st.integers(min_value=1, max_value=4))
def test_scaling_by_ten_scales_the_interval(value, k):
    # the rule depends only on the digits written: 24余 and 240余 scale alike
    a = qualifier_interval(value, "over")
    b = qualifier_interval(value * 10**k, "over")
    assert b.low == pytest.approx(a.low * 10**k) and b.high == pytest.approx(a.high * 10**k)
