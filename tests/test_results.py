"""The results stage (democracy_study.results): every table described, atomic, byte-stable."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from democracy_study.results import (
    ResultError,
    ResultSpec,
    compute_results,
    result_specs,
    write_results,
)


def _spec(name: str, frame: pd.DataFrame, columns: dict[str, str] | None = None) -> ResultSpec:
    cols = columns if columns is not None else {c: f"the {c}" for c in frame.columns}
    return ResultSpec(name, f"table {name}", cols, lambda _corpus: frame)


def test_every_registered_table_describes_every_column():
    specs = result_specs()
    names = [s.name for s in specs]
    assert len(names) == len(set(names)), "two result tables with one name"
    for s in specs:
        assert s.description.strip(), s.name
        assert s.columns, s.name
        assert all(d.strip() for d in s.columns.values()), s.name


def test_write_results_writes_tables_and_a_descriptor(tmp_path):
    a = pd.DataFrame(
        {"place": ["甲县", "乙县"], "n": [3, 4], "x": [0.5, 1 / 3], "ok": [True, False]}
    )
    out = tmp_path / "results"
    written = write_results(None, out, specs=[_spec("a", a)])
    assert [p.name for p in written] == ["a.csv", "datapackage.json"]
    # six significant digits (1/3 -> 0.333333) so the bytes are stable
    assert (out / "a.csv").read_text(encoding="utf-8") == (
        "place,n,x,ok\n甲县,3,0.5,True\n乙县,4,0.333333,False\n"
    )
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    (res,) = pkg["resources"]
    assert res["path"] == "a.csv"
    assert [(f["name"], f["type"]) for f in res["schema"]["fields"]] == [
        ("place", "string"),
        ("n", "integer"),
        ("x", "number"),
        ("ok", "boolean"),
    ]
    assert all(f["description"] == f"the {f['name']}" for f in res["schema"]["fields"])
    first = {p.name: p.read_bytes() for p in written}
    write_results(None, out, specs=[_spec("a", a)])
    assert {p.name: p.read_bytes() for p in written} == first  # same inputs, same bytes


def test_a_table_that_differs_from_its_spec_writes_nothing(tmp_path):
    good = pd.DataFrame({"a": [1]})
    bad = pd.DataFrame({"a": [1], "undocumented": [2]})
    out = tmp_path / "results"
    with pytest.raises(ResultError, match=r"'bad'.*undescribed \['undocumented'\]"):
        write_results(None, out, specs=[_spec("good", good), _spec("bad", bad, {"a": "a"})])
    assert not out.exists()  # the good table was not written either


def test_compute_results_checks_column_order():
    df = pd.DataFrame({"b": [1], "a": [2]})
    with pytest.raises(ResultError, match="another order"):
        compute_results(None, [_spec("t", df, {"a": "a", "b": "b"})])


def test_the_project_results_match_their_specs(seed_corpus):
    computed = compute_results(seed_corpus)
    assert [s.name for s, _ in computed] == [s.name for s in result_specs()]
    for spec, df in computed:
        assert list(df.columns) == list(spec.columns)


def test_a_two_report_corpus_builds_its_results_and_says_what_it_cannot_draw(tmp_path):
    # our own two reports: one place with one activity figure, one with a station funnel;
    # codes absent from the corpus still need their codebook family (a bug found this way)
    from democracy_study.pipeline import build

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("## 昌乐县：标题\n\n开展活动3次。\n", encoding="utf-8")
    (raw / "b.txt").write_text(
        "## 寿光市：代表联络站建设\n\n全市建成代表联络站12个，收集意见建议89条，办结76条。\n",
        encoding="utf-8",
    )
    build(
        raw=raw,
        processed=tmp_path / "processed",
        figures_dir=tmp_path / "figures",
        only=("fig33-funnel-validation",),
        progress=None,
    )
    names = {p.name for p in (tmp_path / "results").iterdir()}
    assert names >= {s.filename for s in result_specs()} | {"datapackage.json"}
    # no place reports two funnels: the figure is drawn as a notice, not skipped, not a crash
    assert (tmp_path / "figures" / "fig33-funnel-validation.png").stat().st_size > 0
