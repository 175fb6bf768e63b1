"""The QCA of the corpus (study.OutcomeAnalysis.qca_*): circular families never become conditions.

Issue 12 found by hand that in every place reporting a number of issues resolved, some
mechanism evidence span contains that number, so the earlier QCA solution rested on a
mechanism described through its own result. These tests check the rule, not the corpus'
particular answer: every place with the outcome is covered by a circular family, circular
families are never conditions, and the published table names them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from democracy_study.inference.qca import SOLUTION_COLUMNS
from democracy_study.study import QCA_OUTCOME, outcome_analysis


@pytest.fixture(scope="module")
def analysis(seed_corpus):
    return outcome_analysis(seed_corpus)


def test_circular_families_are_never_conditions(analysis):
    assert analysis.qca_circular, "the seed corpus has circular families for this outcome"
    assert not set(analysis.qca_conditions) & set(analysis.qca_circular)
    assert set(analysis.qca_truth_table.attrs["conditions"]) == set(analysis.qca_conditions)


def test_every_place_with_the_outcome_is_where_a_family_quotes_it(analysis):
    positive = set(analysis.reported_resolved[analysis.reported_resolved == 1].index)
    quoted = {p for places in analysis.qca_circular.values() for p in places}
    assert positive and positive <= quoted


def test_the_solutions_table_names_what_was_left_out(analysis):
    t = analysis.qca_solutions
    assert list(t.columns) == [*SOLUTION_COLUMNS, "circular_excluded"]
    assert set(t["outcome"]) == {QCA_OUTCOME, f"~{QCA_OUTCOME}"}
    assert set(t["remainders"]) == {"conservative", "parsimonious"}
    assert (t["circular_excluded"] == ",".join(sorted(analysis.qca_circular))).all()
    for fam in analysis.qca_circular:  # no term mentions a circular family
        assert not t["term"].str.contains(rf"\b{fam}\b", regex=True).any()
    # conservative rows never rest on a remainder
    cons = t[t["remainders"] == "conservative"]
    assert (cons["simplifying_assumptions"].fillna("") == "").all()
    assert (t["n_cases"] == len(analysis.places)).all()


def test_cases_listed_per_term_are_places_of_the_corpus(analysis):
    t = analysis.qca_solutions
    names = set(analysis.places)
    for cases in t["cases"].dropna():
        for group in filter(None, str(cases).split("; ")):
            assert set(group.split(",")) <= names
    assert isinstance(t, pd.DataFrame)
