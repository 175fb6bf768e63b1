"""Partitioned output (issue 15, deliverable 5): ``parse_to_parts`` and ``parse --partitioned``.

The tables read back from the Parquet parts must be those of ``parse_reports`` written
whole (``write_tables(..., "parquet")`` read back the same way), table by table, values and
dtypes, whatever the batch size; the only documented difference is the row order of
``funnels`` (sorted by ``paragraph_id`` within each part). The reports were written for
these tests (our own sentences; places from the division table, several provinces).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

pytest.importorskip("pyarrow", reason="partitioned output is Parquet (the parquet extra)")

from democracy_study.cli import main
from democracy_study.corpus import parse_reports
from democracy_study.io.read import read_tables, validate_output
from democracy_study.io.sources import SourceError
from democracy_study.io.tables import write_tables
from democracy_study.stream import _batches, parse_to_parts

ARTICLE = (
    "## 和静县：代表联络站接待牧民\n\n"
    "和静县人大常委会组织代表26名进站接待牧民群众，收集意见建议47条，"
    "其中转交有关部门办理的有18条，均已按期答复并公开办理结果。\n\n"
    "联络站实行代表轮值制度，每周安排两名代表值守，牧民反映的草场围栏、"
    "饮水工程和冬季转场道路等问题逐条登记，由乡人大主席团跟踪督办。\n"
)
REPORTS = {
    "a_hejing.txt": ARTICLE,
    "b_lishu.txt": (
        "## 梨树县：专题询问黑土地保护\n\n"
        "梨树县人大常委会就黑土地保护开展专题询问，9名常委会组成人员现场提问，"
        "县农业农村局等5个部门负责人到会应询，会后形成问题清单22项。\n"
    ),
    "c_jiangshan.txt": (
        "## 江山市：票决民生实事\n\n"
        "江山市人民代表大会票决产生民生实事项目8件，市人大常委会组织代表"
        "开展视察4次，年底满意度测评优秀率达百分之八十八。\n"
    ),
    "d_portal.txt": "# 转载\n\n" + ARTICLE,  # a whole-report copy of a_hejing.txt
    "e_mianzhu.txt": (
        "## 绵竹市：代表建议办理\n\n"
        "绵竹市人大常委会督办代表建议113件，已办结109件，办结率达96.5%，"
        "代表满意和基本满意的占比为百分之九十七。\n"
    ),
}


def _write(d, files):
    d.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def _whole(paths, tmp_path, **kw):
    """The tables of ``parse_reports`` written whole as Parquet and read back."""
    out = write_tables(parse_reports(paths, **kw), tmp_path / "whole", "parquet")
    return read_tables(out, texts=False)[0]


def _assert_same(a, b):
    assert list(a) == list(b)
    for k in a:
        x, y = a[k], b[k]
        if k == "funnels":  # sorted by paragraph_id within each part
            x = x.sort_values("paragraph_id", kind="stable").reset_index(drop=True)
            y = y.sort_values("paragraph_id", kind="stable").reset_index(drop=True)
        assert list(x.columns) == list(y.columns), k
        assert list(x.dtypes) == list(y.dtypes), k
        assert x.equals(y), k


@pytest.mark.parametrize("part_files", [1, 2, 1000])
def test_parts_read_back_as_the_whole_parse(tmp_path, part_files):
    d = _write(tmp_path / "raw", REPORTS)
    res = parse_to_parts([d], tmp_path / "parts", part_files=part_files)
    assert res.n_parts == -(-len(REPORTS) // part_files)
    back = read_tables(res.path, texts=False)[0]
    _assert_same(_whole([d], tmp_path), back)
    assert res.rows["sources"] == len(REPORTS) and res.n_reports == len(REPORTS)
    assert validate_output(res.path, raw=d)[0] == []


def test_a_copy_in_an_earlier_part_than_its_original(tmp_path):
    # the copy's file is parsed first (first folder given first); by name the original is
    # a_hejing.txt, in the second part: the copy must still be marked in the first part
    first = _write(tmp_path / "first", {"z_portal.txt": "# 转载\n\n" + ARTICLE})
    second = _write(tmp_path / "second", {"a_hejing.txt": ARTICLE})
    res = parse_to_parts([first, second], tmp_path / "parts", part_files=1)
    assert res.n_parts == 2
    rep = pd.read_parquet(res.path / "reports" / "part-00000.parquet")
    assert rep["copy_of"].tolist() == ["a_hejing#r01"]
    q = pd.read_parquet(res.path / "quantities" / "part-00000.parquet")
    assert len(q) and q["duplicate"].all()
    q2 = pd.read_parquet(res.path / "quantities" / "part-00001.parquet")
    assert not q2["duplicate"].any()
    _assert_same(_whole([first, second], tmp_path), read_tables(res.path, texts=False)[0])


def test_each_table_folder_is_one_parquet_dataset(tmp_path):
    d = _write(tmp_path / "raw", REPORTS)
    res = parse_to_parts([d], tmp_path / "parts", part_files=2)
    pkg = json.loads((res.path / "datapackage.json").read_text(encoding="utf-8"))
    q = next(r for r in pkg["resources"] if r["name"] == "quantities")
    assert q["path"] == [f"quantities/part-{k:05d}.parquet" for k in range(3)]
    assert [p["rows"] for p in q["parts"]] == [
        len(pd.read_parquet(res.path / p)) for p in q["path"]
    ]
    # one Arrow schema for every part, so pyarrow reads the folder as one table
    assert len(pd.read_parquet(res.path / "quantities")) == res.rows["quantities"]
    pm = next(r for r in pkg["resources"] if r["name"] == "place_mechanisms")
    assert pm["path"] == "place_mechanisms.parquet"


def test_validate_names_a_changed_part(tmp_path):
    d = _write(tmp_path / "raw", REPORTS)
    res = parse_to_parts([d], tmp_path / "parts", part_files=2)
    p = res.path / "quality" / "part-00001.parquet"
    p.write_bytes(pd.read_parquet(res.path / "quality" / "part-00000.parquet").to_parquet())
    problems = validate_output(res.path, raw=d)[0]
    assert len(problems) == 1 and problems[0].startswith("quality: quality/part-00001.parquet has")


def test_bad_file_is_an_error_and_nothing_is_written(tmp_path):
    d = _write(tmp_path / "raw", REPORTS)
    (d / "f_empty.txt").write_bytes(b"")
    with pytest.raises(SourceError, match=r"f_empty\.txt"):
        parse_to_parts([d], tmp_path / "parts", part_files=2)
    assert not (tmp_path / "parts").exists()
    res = parse_to_parts([d], tmp_path / "parts", part_files=2, keep_going=True)
    assert [p for p, _ in res.rejected] == [str(d / "f_empty.txt")]
    assert res.rows["sources"] == len(REPORTS)


def test_annotations_apply_per_part(tmp_path):
    d = _write(tmp_path / "raw", REPORTS)
    text = REPORTS["e_mianzhu.txt"]
    s = text.index("109件")  # 已办结 of the suggestions: the parser says issues_resolved
    ann = tmp_path / "ann"
    ann.mkdir()
    (ann / "quantities.csv").write_text(
        "source_file,char_start,char_end,field,value,coder,date,reason\n"
        f"e_mianzhu.txt,{s},{s + 4},indicator,suggestions_answered,wang,2026-12-03,"
        "the suggestions concluded\n",
        encoding="utf-8",
    )
    res = parse_to_parts([d], tmp_path / "parts", part_files=2, annotations=ann)
    back = read_tables(res.path, texts=False)[0]
    _assert_same(_whole([d], tmp_path, annotations=ann), back)
    q = back["quantities"].set_index("char_start")
    assert q.loc[s, "indicator"] == "suggestions_answered"
    assert "wang" in q.loc[s, "annotation"]


def test_batches_close_at_bytes_or_files():
    # hand-worked: 3 files per part at most, 10 bytes at most, an oversized file alone
    assert _batches([4, 4, 4, 4], part_files=3, part_bytes=100) == [[0, 1, 2], [3]]
    assert _batches([6, 6, 30, 2], part_files=10, part_bytes=10) == [[0], [1], [2], [3]]


def test_cli_partitioned(tmp_path, capsys):
    d = _write(tmp_path / "raw", REPORTS)
    assert main(["parse", str(d), "--out", str(tmp_path / "o"), "--partitioned"]) == 0
    err = capsys.readouterr().err
    assert "Parquet part(s) per table" in err and f"parsed {len(REPORTS)} source(s)" in err
    assert (tmp_path / "o" / "quantities" / "part-00000.parquet").is_file()
    code = main(["parse", str(d), "--out", str(tmp_path / "p"), "--partitioned", "--format", "csv"])
    assert code == 2 and "cannot be partitioned" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_an_executor_gives_the_same_parts(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    d = _write(tmp_path / "raw", REPORTS)
    serial = parse_to_parts([d], tmp_path / "serial", part_files=2)
    with ProcessPoolExecutor(2) as ex:
        pooled = parse_to_parts([d], tmp_path / "pool", part_files=2, executor=ex)
    for name in ("quantities", "reports", "quality", "mechanisms"):
        for k in range(serial.n_parts):
            rel = f"{name}/part-{k:05d}.parquet"
            assert (serial.path / rel).read_bytes() == (pooled.path / rel).read_bytes(), rel


def test_a_file_failing_in_a_task_is_rejected_with_keep_going(tmp_path, monkeypatch):
    # an internal error while parsing one file of a task (the other files of the task are
    # parsed again one by one); without keep_going it is the error
    from concurrent.futures import ThreadPoolExecutor

    from democracy_study import _parse_one

    d = _write(tmp_path / "raw", REPORTS)
    real = _parse_one.parse_source

    def failing(src, code_mechanisms=True):
        if src.name == "c_jiangshan.txt":
            raise SourceError(src.path, "internal error while parsing (test)")
        return real(src, code_mechanisms)

    monkeypatch.setattr(_parse_one, "parse_source", failing)
    with ThreadPoolExecutor(2) as ex:
        with pytest.raises(SourceError, match="c_jiangshan"):
            parse_to_parts([d], tmp_path / "a", executor=ex)
        res = parse_to_parts([d], tmp_path / "b", executor=ex, keep_going=True)
    assert res.rejected == [(str(d / "c_jiangshan.txt"), "internal error while parsing (test)")]
    assert res.rows["sources"] == len(REPORTS) - 1
    assert not (tmp_path / "a").exists()
