"""Tests for democracy_study.inference.qca against published examples worked by hand.

1. Quine–McCluskey: f(A,B,C,D) = Σm(4,8,10,11,12,15) + d(9,14), the worked
   example of the Wikipedia article "Quine–McCluskey algorithm" (section
   "Example"; the same function is used in many digital-logic course notes).
   Worked by hand here:
   - size-2 merges: 4-12 (-100), 8-9 (100-), 8-10 (10-0), 8-12 (1-00),
     9-11 (10-1), 10-11 (101-), 10-14 (1-10), 12-14 (11-0), 11-15 (1-11),
     14-15 (111-);
   - size-4 merges: 8,9,10,11 (10--), 8,10,12,14 (1--0), 10,11,14,15 (1-1-);
   - -100 cannot merge further, so the prime implicants are
     BC'D' (-100), AB' (10--), AD' (1--0), AC (1-1-);
   - minterm 4 is covered only by BC'D', minterm 15 only by AC: both essential;
     they cover 4, 10, 11, 12, 15, leaving 8, covered by AB' or AD' (2 literals
     each), so there are two minimal solutions:
     BC'D' + AB' + AC and BC'D' + AD' + AC (as in the article).
2. csQCA: the hypothetical truth table on successful strikes in Ragin (1987),
   The Comparative Method, ch. 6 (A = booming product market, B = threat of
   sympathy strikes, C = large strike fund; outcome S = success), whose
   primitive expression is S = AbC + aBc + ABc + ABC and whose minimal
   solution is S = AC + Bc. Worked by hand: AbC+ABC -> AC, aBc+ABc -> Bc,
   ABc+ABC -> AB; AbC is covered only by AC and aBc only by Bc, so both are
   essential and they cover all four rows; AB is redundant.
   (Row set as recalled from the book; the case counts below are invented -
   the minimisation does not depend on them.)
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from democracy_study.inference.qca import (
    QCAError,
    essential_prime_implicants,
    implicant_to_expression,
    minimal_covers,
    minimize,
    necessity,
    necessity_table,
    prime_implicants,
    select_conditions,
    sufficiency,
    truth_table,
)

ABCD = ["A", "B", "C", "D"]


def test_mccluskey_prime_implicants():
    primes = prime_implicants([4, 8, 10, 11, 12, 15], [9, 14], n_vars=4)
    assert sorted(primes) == sorted(["-100", "10--", "1--0", "1-1-"])  # hand, see docstring


def test_mccluskey_essential_and_minimal_covers():
    primes = prime_implicants([4, 8, 10, 11, 12, 15], [9, 14], n_vars=4)
    minterms = [4, 8, 10, 11, 12, 15]
    assert essential_prime_implicants(primes, minterms) == ["-100", "1-1-"]
    covers = minimal_covers(primes, minterms)
    exprs = sorted(sorted(implicant_to_expression(p, ABCD) for p in c) for c in covers)
    # two tied solutions: BC'D' + AB' + AC and BC'D' + AD' + AC
    assert exprs == [["A*C", "A*~B", "B*~C*~D"], ["A*C", "A*~D", "B*~C*~D"]]


def _strikes(extra_rows=()):
    # Ragin (1987) ch. 6 hypothetical truth table; case counts invented.
    rows = [  # A, B, C, S, number of cases
        (1, 0, 1, 1, 2),
        (0, 1, 0, 1, 2),
        (1, 1, 0, 1, 1),
        (1, 1, 1, 1, 2),
        (1, 0, 0, 0, 2),
        (0, 0, 1, 0, 1),
        (0, 1, 1, 0, 1),
        (0, 0, 0, 0, 2),
        *extra_rows,
    ]
    recs = []
    for a, b, c, y, n in rows:
        for _ in range(n):
            recs.append({"A": a, "B": b, "C": c, "S": y})
    df = pd.DataFrame(recs)
    df.index = [f"case{i:02d}" for i in range(len(df))]
    return df


def test_ragin_strikes_truth_table_and_solution():
    tt = truth_table(_strikes(), ["A", "B", "C"], "S")
    assert len(tt) == 8
    assert (tt["status"] != "remainder").all()  # every configuration observed
    positive = sorted(tt.loc[tt["status"] == "positive", "minterm"])
    assert positive == [2, 5, 6, 7]  # hand: aBc=010, AbC=101, ABc=110, ABC=111
    sol = minimize(tt)
    assert sorted(sol.prime_implicants) == sorted(["-10", "11-", "1-1"])  # Bc, AB, AC
    assert sol.essential == ["-10", "1-1"]
    assert len(sol.expressions) == 1
    assert set(sol.expressions[0].split(" + ")) == {"A*C", "B*~C"}  # Ragin: S = AC + Bc
    assert sol.consistency == pytest.approx(1.0)
    assert sol.coverage == pytest.approx(1.0)
    terms = sol.terms.set_index("term")
    # hand: AC covers AbC (2) + ABC (2) = 4 of 7 positive cases; Bc covers 2 + 1 = 3
    assert terms.loc["A*C", "raw_coverage"] == pytest.approx(4 / 7)
    assert terms.loc["B*~C", "raw_coverage"] == pytest.approx(3 / 7)
    assert terms.loc["A*C", "unique_coverage"] == pytest.approx(4 / 7)  # no overlap


def test_truth_table_cutoffs_and_contradictions():
    # add two AbC cases without the outcome: AbC then has 2 of 4 -> consistency 0.5
    df = _strikes(extra_rows=[(1, 0, 1, 0, 2)])
    tt = truth_table(df, ["A", "B", "C"], "S", incl_cut=0.75).set_index("minterm")
    assert tt.loc[5, "consistency"] == pytest.approx(0.5)
    assert tt.loc[5, "status"] == "negative" and bool(tt.loc[5, "contradictory"])
    # frequency threshold: rows with a single case become remainders
    tt2 = truth_table(df, ["A", "B", "C"], "S", n_cut=2).set_index("minterm")
    assert tt2.loc[6, "status"] == "remainder"  # ABc has 1 case
    assert pd.isna(tt2.loc[6, "outcome"])
    assert tt2.loc[6, "cases"] != ""  # the case is still listed


def test_conservative_vs_parsimonious():
    # hand: positives 110, 111; negatives 000, 001; 010,011,100,101 unobserved.
    df = pd.DataFrame(
        {"A": [1, 1, 0, 0], "B": [1, 1, 0, 0], "C": [0, 1, 0, 1], "Y": [1, 1, 0, 0]},
        index=["w", "x", "y", "z"],
    )
    tt = truth_table(df, ["A", "B", "C"], "Y")
    cons = minimize(tt, remainders="conservative")
    assert cons.expressions == ["A*B"]  # 110 + 111 -> AB, no counterfactuals
    pars = minimize(tt, remainders="parsimonious")
    # hand: with remainders as don't-cares, A (1--) and B (-1-) each cover 6 and 7
    # alone: two one-literal solutions, both reported
    assert sorted(pars.expressions) == ["A", "B"]
    assert pars.consistency == pytest.approx(1.0)


def test_sufficiency_necessity_hand():
    x = [1, 1, 1, 0, 0]
    y = [1, 1, 0, 1, 0]
    assert sufficiency(x, y) == pytest.approx((2 / 3, 2 / 3))  # |X∩Y|=2, |X|=3, |Y|=3
    assert necessity([1, 1, 0, 0, 1], [1, 1, 0, 0, 0]) == pytest.approx((1.0, 2 / 3))
    nt = necessity_table(_strikes(), ["A"], "S").set_index("condition")
    # hand: 5 of 7 successful-strike cases have A (2+1+2); ~A: 2 of 7
    assert nt.loc["A", "consistency"] == pytest.approx(5 / 7)
    assert nt.loc["~A", "consistency"] == pytest.approx(2 / 7)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"conditions": ["A", "Q"]}, r"no column\(s\) \['Q'\]"),
        ({"incl_cut": 0}, "incl_cut"),
        ({"n_cut": 0}, "n_cut"),
        ({"conditions": []}, "no conditions"),
    ],
)
def test_truth_table_bad_input(kwargs, match):
    args = {"conditions": ["A", "B"], **kwargs}
    with pytest.raises(QCAError, match=match):
        truth_table(
            _strikes(),
            args["conditions"],
            "S",
            **{k: v for k, v in kwargs.items() if k != "conditions"},
        )


def test_non_binary_data_raises():
    df = pd.DataFrame({"A": [0.5, 1], "Y": [1, 0]})
    with pytest.raises(QCAError, match="must be 0/1"):
        truth_table(df, ["A"], "Y")
    with pytest.raises(QCAError, match="remainders"):
        minimize(truth_table(_strikes(), ["A"], "S"), remainders="intermediate")


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.integers(0, 15), min_size=1, max_size=10),
    st.sets(st.integers(0, 15), max_size=5),
)
def test_covers_are_correct_and_minimal(on, dc):
    dc = dc - on
    primes = prime_implicants(on, dc, n_vars=4)
    covers = minimal_covers(primes, on)
    off = set(range(16)) - on - dc

    def covered(m, imps):
        bits = format(m, "04b")
        return any(all(c in ("-", b) for c, b in zip(p, bits, strict=True)) for p in imps)

    for cover in covers:
        assert all(covered(m, cover) for m in on)  # every minterm covered
        assert not any(covered(m, cover) for m in off)  # no off-set minterm
    # minimal number of terms: no smaller set of primes covers the on-set
    size = len(covers[0])
    for r in range(1, size):
        for combo in itertools.combinations(primes, r):
            assert not all(covered(m, combo) for m in on)


def test_select_conditions_rule():
    d = pd.DataFrame(
        {
            "always": [1] * 10,
            "rare": [1] + [0] * 9,  # share 0.1 < 0.2
            "half": [1] * 5 + [0] * 5,  # share 0.5
            "third": [1] * 3 + [0] * 7,  # share 0.3
            "most": [1] * 7 + [0] * 3,  # share 0.7, same distance as 0.3
        }
    )
    # hand: keep half (0.0), then third/most (0.2 each, tie broken by name: most < third)
    assert select_conditions(d, max_conditions=2) == ["half", "most"]
    assert select_conditions(d) == ["half", "third", "most"]
    with pytest.raises(QCAError, match="no column"):
        select_conditions(d, ["nope"])
