"""Tests for democracy_study.inference: results, exact, glm, permutation (values worked by hand)."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from democracy_study.inference.exact import (
    adjust_pvalues,
    fisher_test,
    fisher_tests,
    mechanism_families,
    results_table,
)
from democracy_study.inference.glm import across_bounds, glm_test, glm_tests
from democracy_study.inference.permutation import permutation_columns, permutation_test
from democracy_study.inference.results import AssociationResult, InferenceError, ResultsTable

IDX = ["p1", "p2", "p3", "p4", "p5", "p6"]


def s(values, name, idx=IDX):
    return pd.Series(values, index=idx[: len(values)], name=name, dtype=float)


# --------------------------------------------------------------------- Fisher


def test_fisher_perfect_split_hand_values():
    m = s([1, 1, 1, 0, 0, 0], "digital_channel")
    y = s([1, 1, 1, 0, 0, 0], "reported_issues_resolved")
    stat, p = fisher_test(m, y)
    assert p == pytest.approx(2 / 20)  # hand: 2 extreme tables of C(6,3)=20
    assert math.isinf(stat)  # odds ratio 3*3/(0*0)
    _, p_one = fisher_test(m, y, alternative="greater")
    assert p_one == pytest.approx(1 / 20)  # hand


def test_fisher_2x2_hand_values_and_results_api():
    idx = [f"c{i}" for i in range(8)]
    m = pd.Series([1, 1, 1, 1, 0, 0, 0, 0], index=idx, name="m")
    y = pd.Series([1, 1, 1, 0, 1, 0, 0, 0], index=idx, name="y")
    r = fisher_test(m, y)
    # hand: a=3,b=1,c=1,d=3; OR = 9; hypergeometric N=8,K=4,n=4:
    # P(a=4)=1/70, P(a=3)=16/70 -> two-sided p = (1+16+16+1)/70
    assert r.estimate == pytest.approx(9.0)
    assert r.pvalue == pytest.approx(34 / 70)
    assert r.nobs == 8
    assert "Fisher" in r.method
    assert type(r.model).__name__ == "Table2x2"
    lo, hi = r.conf_int
    assert lo < 9 < hi
    sf = r.summary_frame()
    assert sf.loc[0, "status"] == "ok" and sf.loc[0, "a11"] == 3


def test_fisher_drops_missing_outcome_places():
    m = s([1, 1, 0, 0, 1, 0], "m")
    y = s([1, 0, 1, 0, np.nan, np.nan], "y")
    assert fisher_test(m, y).nobs == 4  # hand: 2 places without outcome dropped


@pytest.mark.parametrize(
    ("m", "y", "match"),
    [
        ([1, 1, 1, 1], [1, 0, 1, 0], "predictor is constant"),
        ([1, 0, 1, 0], [0, 0, 0, 0], "outcome is constant"),
        ([1, 0, 1, 0], [np.nan] * 4, "missing for every place"),
        ([2, 0, 1, 0], [1, 0, 1, 0], "must be 0/1"),
    ],
)
def test_fisher_bad_input(m, y, match):
    with pytest.raises(InferenceError, match=match):
        fisher_test(s(m, "m"), s(y, "y"))


def test_fisher_tests_skip_rows_and_bh():
    pm = pd.DataFrame(
        {
            "a": [1, 1, 1, 0, 0, 0],
            "b": [1, 0, 1, 0, 1, 0],
            "const": [1, 1, 1, 1, 1, 1],
        },
        index=IDX,
    )
    y = s([1, 1, 1, 0, 0, 0], "y")
    res = fisher_tests(pm, y)
    t = res.summary_frame().set_index("term")
    assert t.loc["const", "status"].startswith("skipped: predictor is constant")
    assert math.isnan(t.loc["const", "pvalue"])
    # hand: p = (0.1, 1.0) over 2 tests -> BH q = (0.2, 1.0); const not counted
    assert t.loc["a", "qvalue"] == pytest.approx(0.2)
    assert t.loc["b", "qvalue"] == pytest.approx(1.0)
    assert (t["n_tests"] == 2).all()
    stats, pvals = res
    assert len(stats) == 3 and np.isnan(pvals[2])


def test_fisher_leave_one_out_hand_values():
    m = s([1, 1, 1, 0, 0, 0], "m")
    y = s([1, 1, 1, 0, 0, 0], "y")
    loo = fisher_test(m, y).leave_one_out().set_index("left_out")
    assert list(loo.index) == IDX
    # hand: leaving out any one place gives 5 places, margins 2 and 2 (or 3 and 3);
    # the perfect table has P = 1/C(5,2) = 0.1 and is the only one that unlikely
    # (the other tables have P = 0.3 and 0.6), so p = 0.1
    assert loo["pvalue_asymptotic"].to_numpy() == pytest.approx([0.1] * 6)
    # one mechanism place only: LOO of it makes the predictor constant -> status row
    m2 = s([1, 0, 0, 1, 0, 0], "m2")
    loo2 = fisher_test(m2, y).leave_one_out().set_index("left_out")
    assert loo2.loc["p2", "status"] == "ok"
    m3 = s([1, 0, 0, 0, 0, 0], "m3")
    loo3 = fisher_test(m3, y).leave_one_out().set_index("left_out")
    assert loo3.loc["p1", "status"].startswith("skipped: predictor is constant")


def test_adjust_pvalues_hand():
    # hand (BH, m=4): sorted 0.01,0.02,0.03,0.2 -> 0.04,0.04,0.04,0.2
    rej, q = adjust_pvalues([0.2, 0.01, 0.03, 0.02])
    assert q == pytest.approx([0.2, 0.04, 0.04, 0.04])
    assert rej.tolist() == [False, True, True, True]


# ------------------------------------------------------------------------ GLM


@pytest.fixture
def glm_data():
    y = s([20, 30, 10, 5, 6, 4], "issues")
    x = s([1, 1, 1, 0, 0, 0], "digital")
    e = s([10, 20, 10, 10, 15, 5], "deputies")
    return y, x, e


def test_glm_estimate_is_log_rate_ratio(glm_data):
    y, x, e = glm_data
    r = glm_test(y, x, exposure=e, scale=None, n_perm=0)
    # hand: rate with mechanism 60/40 = 1.5, without 15/30 = 0.5 -> beta = log 3
    assert r.estimate == pytest.approx(math.log(3), abs=1e-6)
    # hand (Poisson): se = sqrt(1/60 + 1/15)
    assert r.extra["std_err"] == pytest.approx(math.sqrt(1 / 60 + 1 / 15), rel=1e-5)
    assert r.nobs == 6
    assert "offset" in r.method
    assert r.fit.params.shape == (2,)  # fitted statsmodels results kept
    assert type(r.model).__name__ == "GLM"


def test_glm_quasi_poisson_widens_intervals(glm_data):
    y, x, e = glm_data
    pois = glm_test(y, x, exposure=e, scale=None, n_perm=0)
    quasi = glm_test(y, x, exposure=e, n_perm=0)
    assert quasi.estimate == pytest.approx(pois.estimate)  # same point estimate
    # Pearson dispersion and t(4) reference give a different interval
    w_quasi = quasi.conf_int[1] - quasi.conf_int[0]
    w_pois = pois.conf_int[1] - pois.conf_int[0]
    expected_ratio = math.sqrt(quasi.extra["scale"]) * 2.7764451 / 1.959964  # t(4), z quantiles
    assert w_quasi / w_pois == pytest.approx(expected_ratio, rel=1e-4)


def test_glm_exact_permutation_hand():
    y = s([30, 40, 35, 10, 12, 9], "issues")
    x = s([1, 1, 1, 0, 0, 0], "digital")
    statistic, p = glm_test(y, x, n_perm=999)
    r = glm_test(y, x, n_perm=999)
    assert r.extra["perm_exact"] is True
    assert r.extra["n_perm"] == 20  # hand: C(6,3) relabellings
    assert r.extra["perm_min_p"] == pytest.approx(1 / 20)
    # hand: the observed split and its mirror are the two most extreme of 20
    assert p == pytest.approx(0.1)
    assert statistic > 0


def test_glm_monte_carlo_permutation_deterministic_and_executor_equal():
    idx = [f"q{i:02d}" for i in range(10)]
    y = pd.Series([12, 30, 8, 25, 40, 9, 7, 33, 11, 20], index=idx, name="issues")
    x = pd.Series([0, 1, 0, 1, 1, 0, 0, 1, 0, 1], index=idx, name="m")
    e = pd.Series([100, 120, 90, 110, 150, 100, 80, 130, 95, 105], index=idx)
    r1 = glm_test(y, x, exposure=e, n_perm=99, seed=7)
    r2 = glm_test(y, x, exposure=e, n_perm=99, seed=7)
    with ThreadPoolExecutor(max_workers=2) as ex:
        r3 = glm_test(y, x, exposure=e, n_perm=99, seed=7, executor=ex, chunk_size=10)
    assert r1.extra["perm_exact"] is False  # hand: C(10,5) = 252 > 99
    assert r1.pvalue == r2.pvalue == r3.pvalue
    # Monte Carlo p = (1 + hits) / 100, so a multiple of 0.01 and >= 0.01
    assert r1.pvalue >= 0.01
    assert round(r1.pvalue * 100) == pytest.approx(r1.pvalue * 100)


def test_glm_missing_outcome_places_dropped(glm_data):
    y, x, e = glm_data
    y = y.copy()
    y.iloc[0] = np.nan
    r = glm_test(y, x, exposure=e, n_perm=0)
    assert r.nobs == 5


@pytest.mark.parametrize(
    ("case", "match"),
    [
        ("too_many_params", "3 parameters but only 3 places"),
        ("constant", "predictor is constant"),
        ("missing", "missing for every place"),
        ("zero_exposure", "exposure must be positive"),
        ("collinear", "collinear"),
        ("all_zero", "zero for all"),
        ("negative", "negative values"),
        ("unknown_term", "not among the predictors"),
    ],
)
def test_glm_bad_input_explains(glm_data, case, match):
    y, x, _e = glm_data
    X = pd.DataFrame({"a": x, "b": s([1, 0, 1, 0, 1, 0], "b")})
    kwargs = {"n_perm": 0}
    if case == "too_many_params":
        args = (y.iloc[:3], X.iloc[:3])
    elif case == "constant":
        args = (y, s([1] * 6, "const"))
    elif case == "missing":
        args = (s([np.nan] * 6, "issues"), x)
    elif case == "zero_exposure":
        args = (y, x)
        kwargs["exposure"] = s([10, 0, 10, 10, 10, 10], "deputies")
    elif case == "collinear":
        args = (y, pd.DataFrame({"a": x, "a2": x}))
    elif case == "all_zero":
        args = (s([0] * 6, "issues"), x)
    elif case == "negative":
        args = (s([1, -2, 3, 4, 5, 6], "issues"), x)
    else:
        args = (y, X)
        kwargs["term"] = "zzz"
    with pytest.raises(InferenceError, match=match):
        glm_test(*args, **kwargs)


def test_glm_tests_status_rows_and_qvalues(glm_data):
    y, _, e = glm_data
    X = pd.DataFrame({"a": [1, 1, 1, 0, 0, 0], "b": [0, 1, 0, 1, 0, 1], "c": [1] * 6}, index=IDX)
    res = glm_tests(y, X, exposure=e, n_perm=999)
    t = res.summary_frame().set_index("term")
    assert t.loc["c", "status"].startswith("skipped: predictor is constant")
    ok = t[t["status"] == "ok"]
    _, q_hand = adjust_pvalues(ok["pvalue"].to_numpy())
    assert ok["qvalue"].to_numpy() == pytest.approx(q_hand)
    assert set(res.results) == {"a", "b"}
    loo = res.leave_one_out()
    assert len(loo) == 12  # 2 tested terms x 6 places


def test_glm_leave_one_out_hand(glm_data):
    y, x, e = glm_data
    loo = glm_test(y, x, exposure=e, n_perm=0).leave_one_out().set_index("left_out")
    # hand: without p1, rate with mechanism 40/30, without 15/30 -> log(8/3)
    assert loo.loc["p1", "estimate"] == pytest.approx(math.log(8 / 3), abs=1e-6)
    # hand: without p4, rate without mechanism 10/20 = 0.5 -> log(1.5/0.5)
    assert loo.loc["p4", "estimate"] == pytest.approx(math.log(3), abs=1e-6)
    assert (loo["status"] == "ok").all()


def test_mechanism_families():
    pm = pd.DataFrame({"x1": [1, 0, 0], "x2": [0, 0, 1], "y1": [1, 1, 0]}, index=["A", "B", "C"])
    fam = mechanism_families(pm, {"x1": "contact", "x2": "contact", "y1": "oversight"})
    assert fam.to_dict("list") == {"contact": [1, 0, 1], "oversight": [1, 1, 0]}  # hand
    with pytest.raises(InferenceError, match="without a family"):
        mechanism_families(pm, {"x1": "contact"})


def test_across_bounds_moves_and_skips():
    m = s([1, 1, 1, 0, 0, 0], "m")
    outcome = {
        "lower": s([1, 1, 1, 0, 0, 0], "y"),  # hand: p = 2/20
        "point": s([1, 1, 1, 1, 0, 0], "y"),  # hand: a=3,K=4: P(3)=4/20,P(1)=4/20 -> 0.4
        "upper": s([1, 1, 1, 1, 1, 1], "y"),  # constant outcome -> skipped
    }
    t = across_bounds(lambda b: fisher_test(m, outcome[b])).set_index("bound")
    assert t.loc["lower", "pvalue"] == pytest.approx(0.1)
    assert t.loc["point", "pvalue"] == pytest.approx(0.4)
    assert t.loc["upper", "status"].startswith("skipped: outcome is constant")
    assert math.isnan(t.loc["upper", "pvalue"])


def test_glm_tests_skip_row_counts_complete_places(glm_data):
    y, _, e = glm_data
    X = pd.DataFrame({"m": [1, 1, 0, 1, 1, 1]}, index=IDX)
    e = e.copy()
    e.iloc[2] = np.nan  # deputies not reported for p3 -> p3 dropped, m constant
    t = glm_tests(y, X, exposure=e, n_perm=0).summary_frame()
    assert t.loc[0, "status"] == "skipped: predictor is constant (m = 1 for all 5 places)"
    assert t.loc[0, "nobs"] == 5  # hand: 6 places minus the one without exposure


def test_glm_negative_binomial_and_bad_family(glm_data):
    y, x, e = glm_data
    nb = glm_test(y, x, exposure=e, family="negbin", nb_alpha=0.5, scale=None, n_perm=0)
    assert "negative binomial (alpha=0.5)" in nb.method
    # hand: pooled rates are 1.5 (with) and 0.5 (without), log ratio log 3 = 1.10; the NB
    # weights 1/(1 + alpha mu) move the estimate when exposures differ within a group,
    # so only a band around log 3 is checked
    assert 0.5 < nb.estimate < 2.0
    with pytest.raises(InferenceError, match="family must be"):
        glm_test(y, x, family="gamma", n_perm=0)


def test_multi_tests_raise_when_outcome_missing_everywhere():
    pm = pd.DataFrame({"m": [1, 0, 1, 0, 1, 0]}, index=IDX)
    with pytest.raises(InferenceError, match="missing for every place"):
        fisher_tests(pm, s([np.nan] * 6, "y"))
    with pytest.raises(InferenceError, match="missing for every place"):
        glm_tests(s([np.nan] * 6, "y"), pm)


# ---------------------------------------------------------------- results API


def test_result_classes_are_named_for_what_they_hold_and_facade_exports_everything():
    import democracy_study.inference as inference

    # pytest collects classes named Test*; the result class must not look like one
    assert not AssociationResult.__name__.startswith("Test")
    assert not hasattr(inference, "TestResult")
    for name in inference.__all__:
        assert getattr(inference, name) is not None, name
    assert inference.AssociationResult is AssociationResult
    assert inference.ResultsTable is ResultsTable
    assert inference.permutation_test is permutation_test


def test_fisher_interval_at_other_levels_hand_woolf():
    idx = [f"c{i}" for i in range(8)]
    m = pd.Series([1, 1, 1, 1, 0, 0, 0, 0], index=idx, name="m")
    y = pd.Series([1, 1, 1, 0, 1, 0, 0, 0], index=idx, name="y")
    r = fisher_test(m, y)
    # hand (Woolf): a=3,b=1,c=1,d=3; log OR = log 9, se = sqrt(1/3 + 1 + 1 + 1/3);
    # 90 % uses z = 1.644854, 95 % z = 1.959964
    se = math.sqrt(8 / 3)
    for alpha, z in [(0.10, 1.644854), (0.05, 1.959964)]:
        lo, hi = r.interval(alpha)
        assert lo == pytest.approx(9 * math.exp(-z * se), rel=1e-5)
        assert hi == pytest.approx(9 * math.exp(z * se), rel=1e-5)
        sf = r.summary_frame(alpha=alpha)
        assert (sf.loc[0, "conf_low"], sf.loc[0, "conf_high"]) == (lo, hi)
    assert r.interval() == r.conf_int
    with pytest.raises(InferenceError, match="alpha must be in"):
        r.interval(1.5)


def test_glm_interval_at_other_levels(glm_data):
    y, x, e = glm_data
    r = glm_test(y, x, exposure=e, scale=None, n_perm=0)
    lo90, hi90 = r.summary_frame(alpha=0.10).loc[0, ["conf_low", "conf_high"]]
    lo95, hi95 = r.conf_int
    # hand: Wald intervals estimate -/+ z se, so the widths are in the ratio of the z quantiles
    assert (hi90 - lo90) / (hi95 - lo95) == pytest.approx(1.644854 / 1.959964, rel=1e-5)
    assert (lo90 + hi90) / 2 == pytest.approx(math.log(3), abs=1e-6)  # centred on log 3


def test_results_table_summary_frame_alpha_recomputes_intervals_and_rejections():
    pm = pd.DataFrame({"a": [1, 1, 1, 0, 0, 0], "b": [1, 1, 0, 1, 0, 0], "k": [1] * 6}, index=IDX)
    res = fisher_tests(pm, s([1, 1, 1, 0, 0, 0], "y"))
    base = res.summary_frame()
    # hand: p = (0.1, 1.0) -> q = (0.2, 1.0); at FDR 0.05 nothing rejected, at 0.25 only a
    assert base["reject"].tolist() == [False, False, False]
    loose = res.summary_frame(alpha=0.25).set_index("term")
    assert loose["reject"].tolist() == [True, False, False]
    rej, _ = adjust_pvalues(base["pvalue"].to_numpy(), alpha=0.25)
    assert loose["reject"].tolist() == rej.tolist()  # same as statsmodels at that level
    assert (loose.loc["b", "conf_low"], loose.loc["b", "conf_high"]) == res.results["b"].interval(
        0.25
    )
    assert math.isnan(loose.loc["k", "conf_low"])  # skipped row stays NaN
    assert res.summary_frame()["conf_low"].equals(base["conf_low"])  # table itself unchanged


def test_leave_one_out_is_computed_once_and_returned_as_a_copy():
    r = fisher_test(s([1, 1, 1, 0, 0, 0], "m"), s([1, 1, 0, 0, 0, 1], "y"))
    calls = []
    refit = r._refit
    r._refit = lambda keep: calls.append(keep) or refit(keep)
    first = r.leave_one_out()
    first.loc[0, "estimate"] = -1.0
    second = r.leave_one_out()
    assert len(calls) == 6  # hand: one refit per place, only on the first call
    assert second.loc[0, "estimate"] != -1.0


def test_results_table_of_no_rows():
    t = results_table([], {}, method="nothing", nobs=0).summary_frame()
    assert len(t) == 0 and {"term", "pvalue", "qvalue", "reject"} <= set(t.columns)


# ---------------------------------------------------------------- permutation engine


def test_permutation_columns_enumerate_every_relabelling():
    cols, exact = permutation_columns(np.array([0, 1, 0, 1, 0]), 10, seed=3)
    assert exact
    # hand: C(5, 2) = 10 distinct columns, each with two ones
    assert len({tuple(c) for c in cols}) == 10
    assert (cols.sum(axis=1) == 2).all()
    rand, exact = permutation_columns(np.array([0, 1, 0, 1, 0]), 9, seed=3)
    assert not exact and len(rand) == 9  # 10 > 9: random draws instead


def test_permutation_test_hand_values_and_executor():
    x = np.array([1.0, 1.0, 0.0, 0.0, 0.0])
    y = np.array([9.0, 8.0, 1.0, 2.0, 3.0])

    def total_with(cols):
        return cols @ y

    perm = permutation_test(total_with, x, observed=17.0, n_perm=999)
    # hand: of the C(5,2) = 10 pairs only {9, 8} sums to 17 or more
    assert (perm.exact, perm.n_perm, perm.pvalue, perm.min_p) == (True, 10, 0.1, 0.1)
    assert perm.description == "exact permutation test over all 10 relabellings"
    mc = permutation_test(total_with, x, observed=17.0, n_perm=5, seed=2)
    assert not mc.exact and mc.min_p == pytest.approx(1 / 6)  # hand: 1 / (5 + 1)
    with ThreadPoolExecutor(max_workers=2) as ex:
        same = permutation_test(
            total_with, x, observed=17.0, n_perm=5, seed=2, executor=ex, chunk_size=2
        )
    assert same == mc


def test_permutation_test_skips_statistics_that_fail():
    x = np.array([1.0, 0.0, 0.0, 1.0])

    def first_is_nan(cols):
        out = cols[:, 0].copy()
        out[0] = np.nan
        return out

    perm = permutation_test(first_is_nan, x, observed=1.0, n_perm=100)
    # hand: C(4,2) = 6 columns, one failed; of the other 5, those with a 1 first: 2
    assert (perm.n_perm, perm.n_failed, perm.pvalue) == (5, 1, pytest.approx(2 / 5))


# ---------------------------------------------------------------- study caches


def test_study_analyses_are_kept_per_corpus_object_and_compute_parts_once():
    import types

    from democracy_study.study import network_analysis, outcome_analysis

    calls = []

    class StubCorpus:
        @property
        def place_mechanisms(self):
            calls.append("pm")
            return pd.DataFrame({"m": [1, 0]}, index=["甲县", "乙县"])

    c1, c2 = StubCorpus(), StubCorpus()
    a = outcome_analysis(c1)
    assert outcome_analysis(c1) is a  # same corpus object and settings: same analysis
    assert outcome_analysis(c1, n_perm=9) is not a  # other settings: a new one
    assert outcome_analysis(c2) is not outcome_analysis(c1)
    b = outcome_analysis(c1)
    assert b.places.tolist() == ["甲县", "乙县"] and b.places is b.places
    assert calls == ["pm"]  # a part is computed on first use only, then kept on the object
    assert network_analysis(c1) is network_analysis(c1)
    assert network_analysis(types.SimpleNamespace()) is not network_analysis(c1)
