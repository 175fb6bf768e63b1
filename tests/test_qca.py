"""Tests for democracy_study.inference.qca against published results and hand calculations.

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
2. csQCA known answer: Lipset's inter-war democracy data calibrated to crisp
   sets, ``LC`` in R's QCA package (Dusa; version 3.23, CRAN). The 18 cases are
   rebuilt from the package's published truth table with case names
   (``print(truthTable(LC, "SURV"), show.cases = TRUE)`` in the package's
   ``truthTable`` documentation page: every observed configuration with its
   cases), listed in the order that every printed case list of the package
   shows. Expected solutions, fit and simplifying assumptions are the outputs
   printed in the package's ``minimize`` documentation page (examples "Lipset
   binary crisp data"): the conservative solution of Rihoux & De Meur (2009,
   p. 57), the negated outcome, the parsimonious solutions and ``pLC$SA``.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from democracy_study.inference.qca import (
    QCAError,
    contradictory_assumptions,
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


#: Lipset crisp data (QCA 3.23 ``LC``): DEV, URB, LIT, IND, STB, SURV per case.
LC_ROWS = {
    "AU": (1, 0, 1, 1, 0, 0),
    "BE": (1, 1, 1, 1, 1, 1),
    "CZ": (1, 1, 1, 1, 1, 1),
    "EE": (0, 0, 1, 0, 1, 0),
    "FI": (1, 0, 1, 0, 1, 1),
    "FR": (1, 0, 1, 1, 1, 1),
    "DE": (1, 1, 1, 1, 0, 0),
    "GR": (0, 0, 0, 0, 0, 0),
    "HU": (0, 0, 1, 0, 0, 0),
    "IE": (1, 0, 1, 0, 1, 1),
    "IT": (0, 0, 0, 0, 1, 0),
    "NL": (1, 1, 1, 1, 1, 1),
    "PL": (0, 0, 1, 0, 0, 0),
    "PT": (0, 0, 0, 0, 0, 0),
    "RO": (0, 0, 0, 0, 1, 0),
    "ES": (0, 0, 0, 0, 0, 0),
    "SE": (1, 0, 1, 1, 1, 1),
    "UK": (1, 1, 1, 1, 1, 1),
}
LC_CONDITIONS = ["DEV", "URB", "LIT", "IND", "STB"]


def _lc() -> pd.DataFrame:
    return pd.DataFrame.from_dict(LC_ROWS, orient="index", columns=[*LC_CONDITIONS, "SURV"])


def test_lipset_truth_table_as_published():
    tt = truth_table(_lc(), LC_CONDITIONS, "SURV")
    seen = tt[tt["n"] > 0].assign(row=lambda t: t["minterm"] + 1).set_index("row")
    # published: row, OUT, n, cases (QCA 3.23, truthTable documentation)
    published = {
        1: (0, 3, "GR,PT,ES"),
        2: (0, 2, "IT,RO"),
        5: (0, 2, "HU,PL"),
        6: (0, 1, "EE"),
        22: (1, 2, "FI,IE"),
        23: (0, 1, "AU"),
        24: (1, 2, "FR,SE"),
        31: (0, 1, "DE"),
        32: (1, 4, "BE,CZ,NL,UK"),
    }
    assert sorted(seen.index) == sorted(published)
    for row, (out, n, cases) in published.items():
        assert (int(seen.loc[row, "outcome"]), int(seen.loc[row, "n"])) == (out, n)
        assert seen.loc[row, "cases"] == cases
        assert seen.loc[row, "consistency"] == pytest.approx(float(out))  # incl 1.000 / 0.000
    assert int((tt["status"] == "remainder").sum()) == 32 - 9
    assert not tt["contradictory"].any()


def test_lipset_conservative_solution_as_published():
    sol = minimize(truth_table(_lc(), LC_CONDITIONS, "SURV"))
    # published: M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB <=> SURV
    assert len(sol.expressions) == 1
    assert set(sol.expressions[0].split(" + ")) == {"DEV*~URB*LIT*STB", "DEV*LIT*IND*STB"}
    t = sol.terms.set_index("term")
    # published inclS, covS, covU, cases
    assert t.loc[
        "DEV*~URB*LIT*STB", ["consistency", "raw_coverage", "unique_coverage"]
    ].tolist() == pytest.approx([1.0, 0.5, 0.25])
    assert t.loc[
        "DEV*LIT*IND*STB", ["consistency", "raw_coverage", "unique_coverage"]
    ].tolist() == pytest.approx([1.0, 0.75, 0.5])
    assert t.loc["DEV*~URB*LIT*STB", "cases"] == "FI,IE; FR,SE"
    assert t.loc["DEV*LIT*IND*STB", "cases"] == "FR,SE; BE,CZ,NL,UK"
    assert (sol.consistency, sol.coverage) == pytest.approx((1.0, 1.0))  # M1 1.000 1.000
    assert sol.assumptions == [[]]  # no remainder used


def test_lipset_negated_conservative_solution_as_published():
    sol = minimize(truth_table(_lc(), LC_CONDITIONS, "SURV", negate=True))
    # published: M1: ~DEV*~URB*~IND + DEV*LIT*IND*~STB <=> ~SURV
    assert sol.outcome == "~SURV"
    assert set(sol.expressions[0].split(" + ")) == {"~DEV*~URB*~IND", "DEV*LIT*IND*~STB"}


def test_lipset_parsimonious_solution_and_assumptions_as_published():
    tt = truth_table(_lc(), LC_CONDITIONS, "SURV")
    sol = minimize(tt, remainders="parsimonious")
    assert sol.expressions == ["DEV*STB"]  # published: M1: DEV*STB <=> SURV
    t = sol.terms.set_index("term")
    assert t.loc["DEV*STB", ["consistency", "raw_coverage"]].tolist() == pytest.approx([1.0, 1.0])
    assert t.loc["DEV*STB", "cases"] == "FI,IE; FR,SE; BE,CZ,NL,UK"
    # published pLC$SA: rows 18, 20, 26, 28, 30
    sa = sol.assumptions_frame()
    assert sa["row"].tolist() == [18, 20, 26, 28, 30]
    assert sa[LC_CONDITIONS].to_numpy().tolist() == [
        [1, 0, 0, 0, 1],
        [1, 0, 0, 1, 1],
        [1, 1, 0, 0, 1],
        [1, 1, 0, 1, 1],
        [1, 1, 1, 0, 1],
    ]


def test_lipset_negated_parsimonious_solution_as_published():
    sol = minimize(
        truth_table(_lc(), LC_CONDITIONS, "SURV", negate=True), remainders="parsimonious"
    )
    assert len(sol.expressions) == 1
    assert set(sol.expressions[0].split(" + ")) == {"~DEV", "~STB"}  # ~DEV + ~STB <=> ~SURV
    t = sol.terms.set_index("term")
    assert t.loc[
        "~DEV", ["consistency", "raw_coverage", "unique_coverage"]
    ].tolist() == pytest.approx([1.0, 0.8, 0.3])
    assert t.loc[
        "~STB", ["consistency", "raw_coverage", "unique_coverage"]
    ].tolist() == pytest.approx([1.0, 0.7, 0.2])
    assert t.loc["~DEV", "cases"] == "GR,PT,ES; IT,RO; HU,PL; EE"
    assert t.loc["~STB", "cases"] == "GR,PT,ES; HU,PL; AU; DE"


def test_lipset_no_contradictory_simplifying_assumptions():
    tt_pos = truth_table(_lc(), LC_CONDITIONS, "SURV")
    tt_neg = truth_table(_lc(), LC_CONDITIONS, "SURV", negate=True)
    pos = minimize(tt_pos, remainders="parsimonious")
    neg = minimize(tt_neg, remainders="parsimonious")
    # hand: every SURV assumption has DEV = STB = 1; every ~SURV one has DEV = 0 or STB = 0
    assert contradictory_assumptions(pos, neg) == []
    # hand: ~DEV holds 16 configurations, 4 observed -> 12 remainders; DEV*~STB holds 8, 2 observed
    assert len(neg.assumptions[0]) == 12 + 6


def test_contradictory_assumptions_hand_example():
    # hand: cases 11 -> 1 and 00 -> 0; remainders 01 and 10. The parsimonious
    # solutions for Y (A, or B) and for ~Y (~A, or ~B) each use a remainder:
    # Y = B assumes 01 -> 1, ~Y = ~A assumes 01 -> 0: a contradiction.
    d = pd.DataFrame({"A": [1, 0], "B": [1, 0], "Y": [1, 0]}, index=["p", "q"])
    pos = minimize(truth_table(d, ["A", "B"], "Y"), remainders="parsimonious")
    neg = minimize(truth_table(d, ["A", "B"], "Y", negate=True), remainders="parsimonious")
    assert sorted(pos.expressions) == ["A", "B"] and sorted(neg.expressions) == ["~A", "~B"]
    assert pos.assumptions == [[1], [2]]  # B uses 01, A uses 10
    assert contradictory_assumptions(pos, neg) == [1, 2]
    frame = pos.summary_frame()
    assert frame["model"].tolist() == ["M1", "M2"]
    with pytest.raises(QCAError, match="different conditions"):
        contradictory_assumptions(pos, minimize(truth_table(d, ["A"], "Y")))


def test_truth_table_cutoffs_and_contradictions():
    df = _lc()
    df.loc["BE", "SURV"] = 0  # hand: row 32 then has 3 of 4 cases with SURV -> 0.75
    tt = truth_table(df, LC_CONDITIONS, "SURV").set_index("minterm")
    assert tt.loc[31, "consistency"] == pytest.approx(0.75)
    assert tt.loc[31, "status"] == "negative" and bool(tt.loc[31, "contradictory"])
    assert (
        truth_table(df, LC_CONDITIONS, "SURV", incl_cut=0.75).set_index("minterm").loc[31, "status"]
        == "positive"
    )
    # frequency threshold: rows with a single case (EE, AU, DE) become remainders
    tt2 = truth_table(df, LC_CONDITIONS, "SURV", n_cut=2).set_index("minterm")
    assert tt2.loc[[5, 22, 30], "status"].tolist() == ["remainder"] * 3
    assert pd.isna(tt2.loc[5, "outcome"])
    assert tt2.loc[5, "cases"] == "EE"  # the case is still listed


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
    nt = necessity_table(_lc(), ["DEV"], "SURV").set_index("condition")
    # hand from the published truth table: all 8 SURV cases have DEV; 10 cases have DEV
    assert nt.loc["DEV", ["consistency", "coverage"]].tolist() == pytest.approx([1.0, 0.8])
    assert nt.loc["~DEV", "consistency"] == pytest.approx(0.0)


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
            _lc().rename(columns={"DEV": "A", "URB": "B"}),
            args["conditions"],
            "SURV",
            **{k: v for k, v in kwargs.items() if k != "conditions"},
        )


def test_non_binary_data_raises():
    df = pd.DataFrame({"A": [0.5, 1], "Y": [1, 0]})
    with pytest.raises(QCAError, match="must be 0/1"):
        truth_table(df, ["A"], "Y")
    with pytest.raises(QCAError, match="remainders"):
        minimize(truth_table(_lc(), ["DEV"], "SURV"), remainders="intermediate")


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
