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
    assert names[:7] == [
        "sources",
        "reports",
        "paragraphs",
        "quantities",
        "mechanisms",
        "entities",
        "quality",
    ]
    assert {"place_mechanisms", "place_indicators"} <= set(names)
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
    assert main(["parse", str(SEED), "--out", str(out)]) == 0  # a previous output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    capsys.readouterr()
    code = main(["parse", str(SEED), str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "bad.txt" in err and message in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not any(p.name.startswith(".out") for p in tmp_path.iterdir())


def test_missing_path(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]) == 2
    assert "nope.txt" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------------------------------------
# issue 16: keep-going, unexpected errors, unique ids, unknown places, CSV round trip


def _report(path, place="昌乐县", body="开展活动3次。"):
    path.write_text(f"## {place}：标题\n\n{body}\n", encoding="utf-8")
    return path


def test_keep_going_parses_the_good_files_and_lists_the_rejected(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    _report(raw / "a.txt")
    (raw / "b.txt").write_bytes(b"\xef\xbb\xbf")  # only a BOM
    (raw / "c.txt").write_bytes(b"\x00\x01\x02\x03" * 8)
    out = tmp_path / "out"
    assert main(["parse", str(raw), "--out", str(out)]) == 2  # default: strict
    assert not out.exists()
    capsys.readouterr()
    assert main(["parse", str(raw), "--out", str(out), "--keep-going"]) == 0
    err = capsys.readouterr().err
    assert "rejected 2 file(s)" in err
    assert (
        f"{raw / 'b.txt'}: file is empty" in err and f"{raw / 'c.txt'}: looks like a binary" in err
    )
    src = pd.read_csv(out / "sources.csv")
    assert src["source_file"].tolist() == ["a.txt"]


def test_keep_going_with_no_good_file_is_an_error(tmp_path, capsys):
    (tmp_path / "b.txt").write_bytes(b"   \n")
    assert (
        main(["parse", str(tmp_path / "b.txt"), "--out", str(tmp_path / "o"), "--keep-going"]) == 2
    )
    assert "b.txt" in capsys.readouterr().err


def test_unexpected_error_exits_2_without_traceback(tmp_path, capsys, monkeypatch):
    import democracy_study.corpus as corpus_mod

    def broken(*_a, **_k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(corpus_mod, "parse_reports", broken)
    rep = _report(tmp_path / "r.txt")
    assert main(["parse", str(rep), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError" in err and "Traceback" not in err
    assert "--debug" in err
    with pytest.raises(ZeroDivisionError):  # developers get the traceback
        main(["--debug", "parse", str(rep), "--out", str(tmp_path / "o")])


def test_memory_error_names_the_file(tmp_path, capsys, monkeypatch):
    import democracy_study.parse.document as document_mod

    def hungry(src):
        raise MemoryError

    monkeypatch.setattr(document_mod, "source_rows", hungry)
    rep = _report(tmp_path / "big.txt")
    assert main(["parse", str(rep), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{rep}: ran out of memory" in err and "Traceback" not in err


def test_ids_are_unique_whatever_the_case_of_the_name(tmp_path):
    from democracy_study.corpus import parse_reports

    _report(tmp_path / "report.txt")
    _report(tmp_path / "report.TXT", place="青州市")
    c = parse_reports(tmp_path, code_mechanisms=False)
    ids = c.reports["report_id"].tolist()
    assert len(ids) == 2 and len({i.casefold() for i in ids}) == 2, ids
    assert c.paragraphs["paragraph_id"].is_unique
    assert c.evidence_ok()


def test_duplicate_file_names_list_both_paths(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _report(tmp_path / "a" / "r.txt")
    _report(tmp_path / "b" / "r.txt")
    assert (
        main(["parse", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "o")]) == 2
    )
    err = capsys.readouterr().err
    assert str(tmp_path / "a" / "r.txt") in err and str(tmp_path / "b" / "r.txt") in err


def test_unknown_place_is_flagged_labelled_and_does_not_stop(tmp_path):
    from democracy_study.corpus import (
        UNKNOWN_PLACE,
        parse_reports,
        places_summary,
        quantities_by_place,
    )

    _report(tmp_path / "a.txt")
    # a page title with an editor's note under it: no place anywhere
    (tmp_path / "b.txt").write_text(
        "## 编者按：本期专题\n\n本期刊发各地经验，共收集意见建议50条。\n", encoding="utf-8"
    )
    c = parse_reports(tmp_path, code_mechanisms=False)
    assert "place_unknown" in set(c.quality["issue"])
    assert UNKNOWN_PLACE in set(quantities_by_place(c)["place"])
    assert UNKNOWN_PLACE in set(places_summary(c)["place"])
    from democracy_study.plots.corpus import plot_quantities_by_place

    ax = plot_quantities_by_place(c.quantities, lang="en").axes[0]
    assert UNKNOWN_PLACE in [t.get_text() for t in ax.get_yticklabels()]


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\n", "\u2028"])
def test_every_table_round_trips_through_csv_readers(tmp_path, eol):
    import csv

    from democracy_study.corpus import parse_reports

    raw = tmp_path / "raw"
    raw.mkdir()
    text = eol.join(
        ["## 昌乐县：标题", "", "昌乐县人大常委会组织代表120名，", "走访选民300人。", ""]
    )
    (raw / "r.txt").write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    assert main(["parse", str(raw), "--out", str(out)]) == 0
    corpus = parse_reports(raw)
    for name, df in corpus.tables().items():
        path = out / f"{name}.csv"
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert len(rows) - 1 == len(df), name
        back = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert len(back) == len(df), name
        if "evidence" in df:
            assert back["evidence"].tolist() == df["evidence"].astype(str).tolist(), name
