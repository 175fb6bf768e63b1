"""Conformance against the Microsoft Recognizers-Text Chinese number specs (MIT).

The spec files are copied, with their LICENSE, under
``tests/data/peer-specs/recognizers-text/`` (the shared copy in
``../shared/peer-specs`` is used when the local copy is missing).

Mapping of the peer's Resolution format:

- NumberModel: every result is a plain number; compared with
  :func:`democracy_study.parse.quantities.find_numerals` (values, in order).
- PercentModel: ``"30%"`` is compared with the ``percent`` quantities of
  :func:`find_quantities` (value in per cent, in order).
- NumberRangeModel: an interval ``"(a,b]"`` is compared by its bounds only
  (open or closed is not modelled): ``range`` → (value, value_max);
  ``over``/``at_least`` → (value, None); ``at_most``/``nearly`` → (None, value);
  ``exact`` → (value, value).

Every case is either passing or listed, with a reason, in
``tests/data/peer_out_of_scope.csv``; listed cases must exist in the suite.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from democracy_study import config
from democracy_study.parse.quantities import find_numerals, find_quantities

HERE = Path(__file__).resolve().parent
LOCAL = HERE / "data" / "peer-specs" / "recognizers-text"
SHARED = Path(config.PROJECT_ROOT).parent / "shared" / "peer-specs" / "recognizers-text"
SPEC_DIR = LOCAL if (LOCAL / "NumberModel.json").is_file() else SHARED
OUT_OF_SCOPE_CSV = HERE / "data" / "peer_out_of_scope.csv"
FILES = ("NumberModel.json", "NumberRangeModel.json", "PercentModel.json")


def _load(name: str) -> list[dict]:
    with open(SPEC_DIR / name, encoding="utf-8-sig") as fh:
        return json.load(fh)


def _out_of_scope() -> dict[tuple[str, str], str]:
    with open(OUT_OF_SCOPE_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for r in rows:
        assert r["reason"].strip(), f"out-of-scope row without a reason: {r}"
        out[(r["file"], r["input"])] = r["reason"]
    return out


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _interval(s: str) -> tuple[float | None, float | None]:
    lo, hi = s.strip()[1:-1].split(",")
    return (float(lo) if lo.strip() else None, float(hi) if hi.strip() else None)


def _bounds(q) -> tuple[float | None, float | None]:
    if q.qualifier == "range":
        return q.value, q.value_max
    if q.qualifier in ("over", "at_least"):
        return q.value, None
    if q.qualifier in ("at_most", "nearly"):
        return None, q.value
    return q.value, q.value


def case_passes(file: str, case: dict) -> bool:
    """Does our recogniser reproduce the peer's expected results for *case*?"""
    text = case["Input"]
    expected = case["Results"]
    if file == "NumberModel.json":
        got = [v for _, v, _, _ in find_numerals(text)]
        want = [float(r["Resolution"]["value"]) for r in expected]
        return len(got) == len(want) and all(map(_close, got, want))
    if file == "PercentModel.json":
        got = [q.value for q in find_quantities(text) if q.kind == "percent"]
        want = [float(r["Resolution"]["value"].rstrip("%")) for r in expected]
        return len(got) == len(want) and all(map(_close, got, want))
    if file == "NumberRangeModel.json":
        got = [_bounds(q) for q in find_quantities(text)]
        want = [_interval(r["Resolution"]["value"]) for r in expected]
        return len(got) == len(want) and all(
            _close(g[0], w[0]) and _close(g[1], w[1]) for g, w in zip(got, want, strict=True)
        )
    raise ValueError(f"unknown spec file {file!r}")


def _cases() -> list[tuple[str, dict]]:
    return [(f, c) for f in FILES for c in _load(f)]


def test_spec_copy_has_licence():
    assert (SPEC_DIR / "LICENSE").is_file()
    assert "MIT License" in (SPEC_DIR / "LICENSE").read_text(encoding="utf-8")


def test_out_of_scope_cases_exist_and_fail():
    listed = _out_of_scope()
    inputs = {(f, c["Input"]) for f, c in _cases()}
    missing = [k for k in listed if k not in inputs]
    assert not missing, f"listed out-of-scope cases not in the suite: {missing}"
    # A listed case that now passes should be moved back into scope.
    by_key = {(f, c["Input"]): c for f, c in _cases()}
    now_passing = [k for k in listed if case_passes(k[0], by_key[k])]
    assert not now_passing, f"out-of-scope cases that pass (unlist them): {now_passing}"


@pytest.mark.parametrize("file", FILES)
def test_in_scope_cases_pass(file):
    listed = _out_of_scope()
    failures = [
        c["Input"]
        for c in _load(file)
        if (file, c["Input"]) not in listed and not case_passes(file, c)
    ]
    assert not failures, f"{file}: in-scope cases failing: {failures}"


def test_suite_is_not_mostly_excluded():
    # hand: the issue puts integers, decimals, Chinese/financial numerals,
    # 万/亿, approximations, percentages and simple ranges in scope, so most
    # cases must be in scope.
    listed = _out_of_scope()
    total = len(_cases())
    assert len(listed) < total / 3
