"""The command line: parse, formats, bad input, atomic output."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from democracy_study.cli import main

from .conftest import SEED


def test_parse_writes_every_table_and_a_datapackage(tmp_path):
    out = tmp_path / "out"
    assert main(["parse", str(SEED), "--out", str(out)]) == 0
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in pkg["resources"]]
    assert names == [
        "sources",
        "reports",
        "paragraphs",
        "quantities",
        "mechanisms",
        "entities",
        "quality",
        "place_mechanisms",
        "place_indicators",
    ]
    for res in pkg["resources"]:
        df = pd.read_csv(out / res["path"], dtype=str, keep_default_na=False)
        assert list(df.columns) == [f["name"] for f in res["schema"]["fields"]], res["name"]
        assert all(f["description"] or f["name"] == "place" for f in res["schema"]["fields"])
    q = pd.read_csv(out / "quantities.csv")
    text = SEED.read_text(encoding="utf-8")
    assert all(
        text[s:e] == ev
        for s, e, ev in zip(q["char_start"], q["char_end"], q["evidence"], strict=True)
    )


def test_parse_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["parse", str(SEED), "--out", str(a)]) == 0
    assert main(["parse", str(SEED), "--out", str(b)]) == 0
    for f in sorted(a.iterdir()):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


def test_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "pq"
    assert main(["parse", str(SEED), "--out", str(out), "--format", "parquet"]) == 0
    assert len(pd.read_parquet(out / "reports.parquet")) == 12


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe\xfd" * 50, "cannot be decoded"),
    ],
)
def test_bad_input_exits_non_zero_and_leaves_output_untouched(tmp_path, capsys, content, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.csv").write_text("old,data\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code = main(["parse", str(SEED), str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "bad.txt" in err and message in err
    assert [p.name for p in out.iterdir()] == ["keep.csv"]
    assert (out / "keep.csv").read_text(encoding="utf-8") == "old,data\n"
    assert not any(p.name.startswith(".out") for p in tmp_path.iterdir())


def test_missing_path(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]) == 2
    assert "nope.txt" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
