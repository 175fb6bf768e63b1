"""Input checking and reshaping shared by the tests (private).

Everything here turns what a caller passes (Series, DataFrames, arrays) into
aligned, complete columns, or raises :class:`~.results.InferenceError`
with a message that names the problem.

Examples
--------
>>> import pandas as pd
>>> frame, spec = glm_frame(pd.Series([3, 1, None], name="y"), pd.Series([1, 0, 1], name="m"))
>>> frame.index.tolist(), spec.xnames, spec.term
([0, 1], ['m'], 'm')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from democracy_study.inference.results import InferenceError

__all__ = [
    "EXPOSURE",
    "GLMSpec",
    "as_series",
    "check_binary",
    "check_design",
    "complete_places",
    "glm_frame",
    "observed_outcome",
    "skip_row",
]

#: Column name of the exposure inside a GLM frame (cannot clash with a predictor name).
EXPOSURE = "__exposure"


def as_series(x: Any, name: str) -> pd.Series:
    """*x* as a Series, named *name* unless it already has a name.

    Examples
    --------
    >>> as_series([1, 0], "m").name
    'm'
    """
    if isinstance(x, pd.Series):
        return x.rename(name if x.name is None else x.name)
    if isinstance(x, pd.DataFrame):
        raise InferenceError(f"{name} must be one column (Series), got a DataFrame")
    return pd.Series(np.asarray(x), name=name)


def observed_outcome(outcome: Any) -> pd.Series:
    """The outcome as a Series; raises if it is missing for every place.

    Examples
    --------
    >>> observed_outcome([None, None])
    Traceback (most recent call last):
    ...
    democracy_study.inference.results.InferenceError: outcome 'outcome' is missing for every place
    """
    y = as_series(outcome, "outcome")
    if y.notna().sum() == 0:
        raise InferenceError(f"outcome {y.name!r} is missing for every place")
    return y


def check_binary(s: pd.Series, what: str) -> pd.Series:
    """*s* as int if every value is 0 or 1, else an error naming the values found.

    Examples
    --------
    >>> check_binary(pd.Series([1.0, 0.0]), "predictor").tolist()
    [1, 0]
    """
    vals = set(np.unique(s.to_numpy(dtype=float)))
    if not vals <= {0.0, 1.0}:
        raise InferenceError(f"{what} {s.name!r} must be 0/1, found values {sorted(vals)}")
    return s.astype(int)


def skip_row(term: str, method: str, nobs: int, reason: str) -> dict[str, Any]:
    """A summary row for a test that could not be run (NaN numbers, ``status = skipped: ...``).

    Examples
    --------
    >>> skip_row("m", "GLM", 4, "predictor is constant")["status"]
    'skipped: predictor is constant'
    """
    return {
        "term": term,
        "method": method,
        "nobs": nobs,
        "estimate": math.nan,
        "conf_low": math.nan,
        "conf_high": math.nan,
        "statistic": math.nan,
        "pvalue": math.nan,
        "pvalue_asymptotic": math.nan,
        "status": f"skipped: {reason}",
    }


@dataclass(frozen=True)
class GLMSpec:
    """Which columns of a GLM frame are what."""

    yname: str
    xnames: list[str]
    term: str
    use_offset: bool


def glm_frame(
    outcome: Any, predictors: Any, exposure: Any | None = None, term: str | None = None
) -> tuple[pd.DataFrame, GLMSpec]:
    """Outcome, predictors and exposure as one frame of the places where all are observed.

    Parameters
    ----------
    outcome : pandas.Series
        Non-negative counts (index = place).
    predictors : pandas.Series or DataFrame or array-like
    exposure : pandas.Series, optional
        Positive; kept in column :data:`EXPOSURE`.
    term : str, optional
        The predictor to test (default: the first).

    Returns
    -------
    frame : pandas.DataFrame
    spec : GLMSpec

    Raises
    ------
    InferenceError
        Outcome missing everywhere or negative, no predictors, unknown term,
        outcome named like a predictor, non-positive exposure.

    Examples
    --------
    >>> y = pd.Series([4, 2, 6], index=list("abc"), name="y")
    >>> frame, spec = glm_frame(y, pd.Series([1, 0, 1], index=list("abc"), name="m"),
    ...                         exposure=pd.Series([2, 2, None], index=list("abc")))
    >>> frame.index.tolist(), spec.use_offset
    (['a', 'b'], True)
    """
    y = observed_outcome(outcome)
    yname = str(y.name)
    X = predictors.to_frame() if isinstance(predictors, pd.Series) else predictors
    if not isinstance(X, pd.DataFrame):
        X = pd.DataFrame(np.asarray(predictors), index=y.index)
    X = X.copy()
    X.columns = [str(c) for c in X.columns]
    xnames = list(X.columns)
    if not xnames:
        raise InferenceError("no predictors given")
    if yname in xnames:
        raise InferenceError(f"outcome name {yname!r} is also a predictor name")
    term = xnames[0] if term is None else str(term)
    if term not in xnames:
        raise InferenceError(f"term {term!r} is not among the predictors {xnames}")
    frame = pd.concat([y.rename(yname), X], axis=1, join="inner")
    use_offset = exposure is not None
    if use_offset:
        frame = frame.join(as_series(exposure, "exposure").rename(EXPOSURE), how="inner")
    frame = frame.dropna()
    if (frame[yname] < 0).any():
        raise InferenceError(f"outcome {yname!r} has negative values; counts expected")
    if use_offset and (frame[EXPOSURE] <= 0).any():
        bad = list(frame.index[frame[EXPOSURE] <= 0])
        raise InferenceError(f"exposure must be positive; non-positive for {bad}")
    return frame, GLMSpec(yname, xnames, term, use_offset)


def check_design(
    frame: pd.DataFrame, spec: GLMSpec
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Response, design matrix (intercept first) and log-exposure offset of a GLM frame.

    Raises
    ------
    InferenceError
        No more places than parameters, a constant or collinear predictor, an
        outcome that is zero everywhere.

    Examples
    --------
    >>> frame = pd.DataFrame({"y": [4, 2, 6], "m": [1, 0, 1]})
    >>> y, X, offset = check_design(frame, GLMSpec("y", ["m"], "m", False))
    >>> X.tolist(), offset is None
    ([[1.0, 1.0], [1.0, 0.0], [1.0, 1.0]], True)
    """
    n = len(frame)
    k = 1 + len(spec.xnames)
    if n <= k:
        raise InferenceError(
            f"model has {k} parameters but only {n} places with complete data; "
            "it needs more places than parameters"
        )
    for xn in spec.xnames:
        if frame[xn].nunique() < 2:
            raise InferenceError(
                f"predictor is constant ({xn} = {frame[xn].iloc[0]:g} for all {n} places)"
            )
    y = frame[spec.yname].to_numpy(dtype=float)
    if (y <= 0).all():
        raise InferenceError(f"outcome {spec.yname!r} is zero for all {n} places")
    X = np.column_stack([np.ones(n), frame[spec.xnames].to_numpy(dtype=float)])
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise InferenceError(f"predictors {spec.xnames} are collinear over these {n} places")
    offset = np.log(frame[EXPOSURE].to_numpy(dtype=float)) if spec.use_offset else None
    return y, X, offset


def complete_places(outcome: pd.Series, predictors: pd.DataFrame, exposure: Any | None) -> int:
    """Number of places with outcome, predictors and (if given) exposure all observed.

    Examples
    --------
    >>> complete_places(pd.Series([1, None, 3]), pd.DataFrame({"m": [1, 0, 1]}), None)
    2
    """
    parts = [outcome.rename("__y"), predictors]
    if exposure is not None:
        parts.append(pd.Series(exposure))
    return len(pd.concat(parts, axis=1, join="inner").dropna())
