"""The headline mechanism tests of one count outcome (issue 12).

:func:`mechanism_tests` runs, for one outcome, the fixed sequence

1. predictors restricted to the places that report the outcome;
2. *circular* predictors (evidence overlapping the outcome's figures,
   :func:`democracy_study.inference.outcomes.circular_terms`) set aside: they
   are tested and shown, flagged, but never enter the headline family;
3. aliased predictors (identical or mirrored splits) merged into one term
   (:func:`democracy_study.inference.testability.merge_aliases`);
4. Tarone testability (:func:`~democracy_study.inference.testability.predictor_testability`):
   Benjamini–Hochberg q-values over the testable merged terms only;
5. interval sensitivity by corners (:func:`corner_values`): every estimate is
   refitted with each place at either end of its interval, and its range and
   whether its sign changes are reported.

Open upper ends (``upper`` infinite, e.g. 以上) have no upper corner: such a
place enters the corners at its lower end and at its point value only, and the
row counts them in ``open_ends`` (so a range is conditional on them).

Examples
--------
>>> corner_values([1.0, 2.0], [1.5, 2.0]).tolist()
[[1.0, 2.0], [1.5, 2.0]]
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "CORNER_FULL_MAX",
    "MECHANISM_TEST_COLUMNS",
    "HeadlineDesign",
    "corner_values",
    "headline_design",
    "mechanism_tests",
]

#: All corners are enumerated when there are at most 2**CORNER_FULL_MAX; else a seeded sample.
CORNER_FULL_MAX = 12

MECHANISM_TEST_COLUMNS = (
    "test", "term", "outcome", "nobs", "estimate", "conf_low", "conf_high", "pvalue",
    "qvalue", "status", "circular", "circular_places", "min_p", "testable", "tarone_k",
    "corner_low", "corner_high", "sign_change", "n_corners", "corners_sampled", "open_ends",
)  # fmt: skip


def corner_values(
    lower: Sequence[float],
    upper: Sequence[float],
    *,
    point: Sequence[float] | None = None,
    max_full: int = CORNER_FULL_MAX,
    n_sample: int = 4096,
    seed: int = 0,
) -> np.ndarray:
    """Every combination of each place at one end of its interval (the corners).

    Places whose interval is a single value contribute no factor. An infinite
    upper end is replaced by *point* (or the lower end): open ends are not
    explored beyond the figure as written. With more than ``max_full`` varying
    places, ``n_sample`` corners are drawn uniformly (seeded), without the
    all-lower and all-upper corners being guaranteed.

    Returns
    -------
    numpy.ndarray
        ``(n_corners, n_places)``, rows in lexicographic order of the choices
        (lower first) when enumerated.

    Examples
    --------
    >>> corner_values([0, 10, 5], [1, 10, 6]).tolist()  # hand: 2 x 1 x 2 = 4 corners
    [[0.0, 10.0, 5.0], [0.0, 10.0, 6.0], [1.0, 10.0, 5.0], [1.0, 10.0, 6.0]]
    >>> corner_values([3.0], [float('inf')], point=[3.0]).tolist()
    [[3.0]]
    """
    lo = np.asarray(lower, dtype=float)
    hi = np.asarray(upper, dtype=float).copy()
    pt = lo if point is None else np.asarray(point, dtype=float)
    hi[np.isinf(hi)] = pt[np.isinf(hi)]
    vary = np.flatnonzero(hi != lo)
    k = len(vary)
    if k <= max_full:
        choice = np.array(list(itertools.product((0, 1), repeat=k)), dtype=int).reshape(2**k, k)
    else:
        rng = np.random.default_rng(seed)
        choice = rng.integers(0, 2, size=(n_sample, k))
    out = np.tile(lo, (len(choice), 1))
    out[:, vary] = np.where(choice == 1, hi[vary], lo[vary])
    return out


def _bh(p: Sequence[float]) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    if len(p) == 0:
        return p
    from statsmodels.stats.multitest import multipletests

    return multipletests(p, method="fdr_bh")[1]


class HeadlineDesign(NamedTuple):
    """The data of one headline analysis (:func:`headline_design`)."""

    outcome: pd.DataFrame  #: the outcome's rows (lower, point, upper), index place, sorted
    y: pd.Series  #: the point values, named after the outcome
    clean: pd.DataFrame  #: place × predictor, the circular terms left out
    merged: pd.DataFrame  #: *clean* with aliased predictors merged (testability.merge_aliases)
    members: dict  #: merged column → the predictors it stands for
    circular: list[str]  #: the predictors left out as circular for this outcome


def headline_design(
    outcomes: pd.DataFrame,
    outcome: str,
    families: pd.DataFrame,
    circular: Mapping[str, Sequence[str]],
) -> HeadlineDesign:
    """The places that report *outcome* and have predictors, the non-circular predictors, merged.

    The one place restriction, circular split and alias merge of the headline analysis
    (:func:`mechanism_tests`; :meth:`democracy_study.study.OutcomeAnalysis.headline_loo_results`).

    Examples
    --------
    >>> import pandas as pd
    >>> out = pd.DataFrame({"place": ["B", "A", "C"], "outcome": "x", "lower": [1.0, 2, 3],
    ...     "point": [1.0, 2, 3], "upper": [1.0, 2, 3]})
    >>> fam = pd.DataFrame({"f": [1, 0], "g": [1, 0], "h": [0, 1]}, index=["A", "B"])
    >>> d = headline_design(out, "x", fam, {"h": ["B"]})
    >>> list(d.y.index), list(d.clean.columns), d.circular, list(d.merged.columns)
    (['A', 'B'], ['f', 'g'], ['h'], ['f = g'])
    """
    from democracy_study.inference.testability import merge_aliases

    o = outcomes[outcomes["outcome"] == outcome].set_index("place").sort_index()
    places = o.index.intersection(families.index)
    o = o.loc[places]
    X = families.loc[places]
    y = o["point"].rename(outcome)
    circ = [c for c in X.columns if c in circular]
    clean = X[[c for c in X.columns if c not in circular]]
    merged, members = merge_aliases(clean)
    return HeadlineDesign(o, y, clean, merged, members, circ)


def mechanism_tests(
    outcomes: pd.DataFrame,
    outcome: str,
    families: pd.DataFrame,
    circular: Mapping[str, Sequence[str]],
    *,
    n_perm: int = 999,
    seed: int = 0,
    alpha: float = 0.05,
    corner_sample: int = 4096,
) -> pd.DataFrame:
    """Headline tests of *outcome* against every family (see the module docstring).

    Parameters
    ----------
    outcomes : pandas.DataFrame
        :func:`~democracy_study.inference.outcomes.indicator_outcomes` (place,
        outcome, lower, point, upper).
    outcome : str
    families : pandas.DataFrame
        Place × predictor, 0/1.
    circular : mapping
        ``{term: [place, ...]}`` from ``circular_terms`` for this outcome.
    n_perm, seed : int
        Of the permutation GLM (all relabellings when their number is at most n_perm).
    alpha : float
        Level of Tarone's rule.
    corner_sample : int
        Corners drawn when more than 2**CORNER_FULL_MAX exist.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MECHANISM_TEST_COLUMNS`; headline terms first, then circular ones.
    """
    from democracy_study.inference.glm import glm_tests
    from democracy_study.inference.testability import predictor_testability

    design = headline_design(outcomes, outcome, families, circular)
    o, y, clean, merged, circ = (
        design.outcome,
        design.y,
        design.clean,
        design.merged,
        design.circular,
    )
    places = o.index
    X = families.loc[places]
    testab = predictor_testability(y, clean, alpha=alpha)
    info = testab.drop_duplicates("alias").set_index("alias")
    corners = corner_values(
        o["lower"], o["upper"], point=o["point"], n_sample=corner_sample, seed=seed
    )
    n_vary = int(np.sum(np.where(np.isinf(o["upper"]), o["point"], o["upper"]) != o["lower"]))
    sampled = n_vary > CORNER_FULL_MAX
    open_ends = int(np.isinf(o["upper"]).sum())

    def run(preds: pd.DataFrame) -> pd.DataFrame:
        if preds.shape[1] == 0:
            return pd.DataFrame(columns=["term", "estimate", "conf_low", "conf_high", "pvalue",
                                         "status", "method", "nobs"])  # fmt: skip
        t = glm_tests(y, preds, n_perm=n_perm, seed=seed).summary_frame()
        est = []
        for row in corners:
            yc = pd.Series(row, index=places, name=outcome)
            tc = glm_tests(yc, preds, n_perm=0).summary_frame().set_index("term")
            est.append(tc["estimate"].reindex(t["term"]).to_numpy(dtype=float))
        e = np.array(est, dtype=float).reshape(len(corners), len(t))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            t["corner_low"] = np.nanmin(e, axis=0) if len(e) else np.nan
            t["corner_high"] = np.nanmax(e, axis=0) if len(e) else np.nan
        t["sign_change"] = (t["corner_low"] < 0) & (t["corner_high"] > 0)
        return t

    head = run(merged)
    head["circular"] = False
    head["circular_places"] = ""
    head["min_p"] = head["term"].map(info["min_p"])
    head["testable"] = head["term"].map(info["testable"]).fillna(False).astype(bool)
    head["tarone_k"] = int(info["tarone_k"].iloc[0]) if len(info) else 0
    ok = (head["status"] == "ok") & head["testable"]
    head["qvalue"] = np.nan
    head.loc[ok, "qvalue"] = _bh(head.loc[ok, "pvalue"])
    untest = (head["status"] == "ok") & ~head["testable"]
    head.loc[untest, "status"] = head.loc[untest, "min_p"].map(
        lambda p: f"untestable: minimum attainable p {p:.3g} (Tarone, alpha {alpha})"
    )
    tail = run(X[circ])
    tail["circular"] = True
    tail["circular_places"] = tail["term"].map(lambda t: ", ".join(circular[t]))
    tail["min_p"] = np.nan
    tail["testable"] = False
    tail["tarone_k"] = head["tarone_k"].iloc[0] if len(head) else 0
    tail["qvalue"] = np.nan
    isok = tail["status"] == "ok"
    tail.loc[isok, "status"] = "circular: excluded from the headline"
    out = pd.concat([head, tail], ignore_index=True) if len(tail) else head
    out["test"] = "poisson_glm_exact_permutation"
    out["outcome"] = outcome
    out["nobs"] = len(places)
    out["n_corners"] = len(corners)
    out["corners_sampled"] = sampled
    out["open_ends"] = open_ends
    for c in ("estimate", "conf_low", "conf_high", "pvalue", "corner_low", "corner_high"):
        out[c] = pd.to_numeric(out[c], errors="coerce")
    out["sign_change"] = out["sign_change"].fillna(False).astype(bool)
    out["min_p"] = pd.to_numeric(out["min_p"], errors="coerce")
    out["tarone_k"] = out["tarone_k"].astype(int)
    return out[list(MECHANISM_TEST_COLUMNS)].reset_index(drop=True)
