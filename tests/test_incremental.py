"""Incremental parsing from the cache's snapshot (issue 15): the same tables as a full parse.

Every scenario compares the incremental result with ``parse_reports(..., cache=None)`` on the
same files, table by table (values and dtypes), and checks from the log which path ran: the
snapshot path when only new files arrive and none of them changes an earlier result, the
full parse otherwise. The reports were written for these tests (our own sentences, places
from the division table, several provinces).
"""

from __future__ import annotations

import logging
import os

import pytest

from democracy_study._snapshot import available
from democracy_study.corpus import parse_reports

pytestmark = pytest.mark.skipif(
    not available(), reason="snapshots need pyarrow (the parquet extra); see test_parallel.py"
)

REPORTS = {
    "a_xinyuan.txt": (
        "## 新源县：代表联络站开门接待\n\n"
        "新源县人大常委会组织代表42名进站接待群众，收集意见建议58条，"
        "其中交办有关部门办理的有19条，均已按期答复并向群众公开办理结果。\n\n"
        "联络站实行代表轮值制度，每周安排两名代表值守，群众反映的草场承包、"
        "牧道维修和冬季供暖等问题逐条登记建档，由乡镇人大主席团跟踪督办，"
        "办理情况在联络站公示栏和微信群同步公开，接受群众评议。\n"
    ),
    "b_yingshan.txt": (
        "## 营山县：专题询问聚焦养老服务\n\n"
        "营山县人大常委会就养老服务开展专题询问，12名常委会组成人员现场提问，"
        "县民政局等6个部门负责人到会应询，会后梳理问题清单31项。\n\n"
        "询问前，常委会组成人员分组走访敬老院和农村互助幸福院，听取老人和护理员意见，"
        "询问后将问题清单交县人民政府研究处理，并在三个月内听取整改情况报告。\n"
    ),
    "c_dongtou.txt": (
        "## 洞头区：代表票决民生实事\n\n"
        "洞头区人民代表大会票决产生民生实事项目10件，区人大常委会组织代表"
        "开展视察3次，跟踪监督项目推进情况，年底满意度测评优秀率达百分之九十。\n"
    ),
}
NEW = (
    "## 阿荣旗：履职平台上线\n\n"
    "阿荣旗人大常委会开通代表履职平台，全旗187名代表通过平台收集群众诉求"
    "240余件，办结率达到百分之九十五，平台每月通报办理情况一次。\n"
)


def _write(d, files):
    d.mkdir(exist_ok=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")


def _same(a, b) -> None:
    ta, tb = a.tables(), b.tables()
    assert list(ta) == list(tb)
    for k in ta:
        assert list(ta[k].columns) == list(tb[k].columns), k
        assert list(ta[k].dtypes) == list(tb[k].dtypes), k
        assert ta[k].equals(tb[k]), k
    assert a.texts == b.texts


@pytest.fixture
def corpus_dir(tmp_path):
    d = tmp_path / "reports"
    _write(d, REPORTS)
    return d


def _parse(d, cache, caplog):
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="democracy_study.corpus"):
        c = parse_reports([d], cache=cache)
    return c, " ".join(r.getMessage() for r in caplog.records)


def test_new_file_is_parsed_alone_and_tables_equal_a_full_parse(corpus_dir, tmp_path, caplog):
    cache = tmp_path / "cache"
    first, log = _parse(corpus_dir, cache, caplog)
    assert "incremental" not in log  # no snapshot yet
    _same(first, parse_reports([corpus_dir]))
    again, log = _parse(corpus_dir, cache, caplog)
    assert "incremental parse: 0 new of 3 files" in log
    _same(again, first)
    (corpus_dir / "bb_arong.txt").write_text(NEW, encoding="utf-8")  # sorts between two old files
    grown, log = _parse(corpus_dir, cache, caplog)
    assert "incremental parse: 1 new of 4 files" in log
    _same(grown, parse_reports([corpus_dir]))
    assert grown.sources["source_file"].tolist() == sorted(grown.sources["source_file"])


def test_a_syndicated_copy_arriving_later_is_marked_incrementally(corpus_dir, tmp_path, caplog):
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    (corpus_dir / "z_portal.txt").write_text("# 转载\n\n" + REPORTS["a_xinyuan.txt"], "utf-8")
    c, log = _parse(corpus_dir, cache, caplog)
    assert "incremental parse: 1 new of 4 files" in log
    r = c.reports.set_index("report_id")
    assert r.loc["z_portal#r01", "copy_of"] == "a_xinyuan#r01"  # the name decides (no dates)
    _same(c, parse_reports([corpus_dir]))


def test_an_earlier_original_arriving_later_makes_a_full_parse(corpus_dir, tmp_path, caplog):
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    # sorts first, so it is the original of a_xinyuan's report: an old row changes
    (corpus_dir / "0_paper.txt").write_text(REPORTS["a_xinyuan.txt"], "utf-8")
    c, log = _parse(corpus_dir, cache, caplog)
    assert "parsing all 4 files: a new report is the original of an old one" in log
    assert c.reports.set_index("report_id").loc["a_xinyuan#r01", "copy_of"] == "0_paper#r01"
    _same(c, parse_reports([corpus_dir]))


@pytest.mark.parametrize("change", ["edit", "delete", "touch"])
def test_a_changed_or_removed_source_makes_a_full_parse(corpus_dir, tmp_path, caplog, change):
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    f = corpus_dir / "b_yingshan.txt"
    if change == "edit":
        f.write_text(REPORTS["b_yingshan.txt"].replace("31项", "33项"), "utf-8")
    elif change == "delete":
        f.unlink()
    else:
        st = f.stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    c, log = _parse(corpus_dir, cache, caplog)
    assert "a source of the last parse changed or went" in log
    _same(c, parse_reports([corpus_dir]))
    if change == "edit":
        assert 33.0 in c.quantities["value"].tolist()


def test_a_new_file_with_an_old_stem_makes_a_full_parse(corpus_dir, tmp_path, caplog):
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    (corpus_dir / "a_xinyuan.md").write_text(NEW, encoding="utf-8")  # a_xinyuan's ids change
    c, log = _parse(corpus_dir, cache, caplog)
    assert "a new source changes the ids of an old one" in log
    _same(c, parse_reports([corpus_dir]))


def test_annotations_are_applied_on_top_of_the_snapshot(corpus_dir, tmp_path, caplog):
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    (corpus_dir / "bb_arong.txt").write_text(NEW, encoding="utf-8")
    ann = tmp_path / "ann"
    ann.mkdir()
    with caplog.at_level(logging.INFO, logger="democracy_study.corpus"):
        c = parse_reports([corpus_dir], cache=cache, annotations=ann)
    assert "incremental parse: 1 new of 4 files" in caplog.text
    _same(c, parse_reports([corpus_dir], annotations=ann))


def test_an_unreadable_snapshot_is_ignored(corpus_dir, tmp_path, caplog):
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    for p in (cache / "snapshots").rglob("quantities.arrow"):
        p.write_bytes(b"not arrow")
    (corpus_dir / "bb_arong.txt").write_text(NEW, encoding="utf-8")
    c, log = _parse(corpus_dir, cache, caplog)
    assert "the snapshot cannot be read" in log
    _same(c, parse_reports([corpus_dir]))


def test_a_bad_new_file_is_the_same_error_as_in_a_full_parse(corpus_dir, tmp_path, caplog):
    from democracy_study.io.sources import SourceError

    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    (corpus_dir / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(SourceError, match=r"broken\.txt"):
        parse_reports([corpus_dir], cache=cache)
    c = parse_reports([corpus_dir], cache=cache, keep_going=True)
    assert [p for p, _ in c.rejected] == [str(corpus_dir / "broken.txt")]
    assert len(c.sources) == 3


def test_new_boilerplate_under_an_earlier_pair_makes_a_full_parse(
    corpus_dir, tmp_path, caplog, monkeypatch
):
    # with at most 2 reports per fingerprint, a third copy of a passage makes its
    # fingerprints boilerplate: the earlier pair (z copies a) rested on them
    import democracy_study._parse_one as one

    monkeypatch.setattr(one, "SYNDICATION_MAX_COPIES", 2)
    cache = tmp_path / "cache"
    (corpus_dir / "z_portal.txt").write_text("# 转载\n\n" + REPORTS["a_xinyuan.txt"], "utf-8")
    c, _ = _parse(corpus_dir, cache, caplog)
    assert c.reports.set_index("report_id").loc["z_portal#r01", "copy_of"] == "a_xinyuan#r01"
    (corpus_dir / "zz_third.txt").write_text("# 再转\n\n" + REPORTS["a_xinyuan.txt"], "utf-8")
    c, log = _parse(corpus_dir, cache, caplog)
    assert "a fingerprint becomes boilerplate under an earlier pair" in log
    _same(c, parse_reports([corpus_dir]))


def test_new_boilerplate_away_from_any_pair_stays_incremental(
    corpus_dir, tmp_path, caplog, monkeypatch
):
    import democracy_study._parse_one as one

    monkeypatch.setattr(one, "SYNDICATION_MAX_COPIES", 2)
    cache = tmp_path / "cache"
    (corpus_dir / "z_portal.txt").write_text("# 转载\n\n" + REPORTS["b_yingshan.txt"], "utf-8")
    # two reports of one file share a stock passage: no pair (same source)
    stock = (
        "会议强调，要坚持以人民为中心的发展思想，把群众满意不满意作为检验工作成效的根本标准，"
        "推动人大工作与群众所思所盼同频共振，切实把好事办好、实事办实。"
    )
    (corpus_dir / "m_two.txt").write_text(
        f"## 新源县：会议一\n\n新源县召开会议。{stock}\n\n## 营山县：会议二\n\n营山县召开会议。{stock}\n",
        "utf-8",
    )
    _parse(corpus_dir, cache, caplog)
    import democracy_study.corpus as corpus_mod

    checked = []
    real = corpus_mod._check_pairs_keep
    monkeypatch.setattr(
        corpus_mod, "_check_pairs_keep", lambda *a: (checked.append(a), real(*a))[1]
    )
    # a third report with the passage makes its fingerprints boilerplate, under no pair
    (corpus_dir / "y_one.txt").write_text(
        f"## 洞头区：会议三\n\n洞头区召开会议。{stock}\n", "utf-8"
    )
    c, log = _parse(corpus_dir, cache, caplog)
    assert checked, "the passage's fingerprints should cross the boilerplate cap"
    assert "incremental parse: 1 new of 6 files" in log
    _same(c, parse_reports([corpus_dir]))


def test_the_same_folder_named_from_another_working_directory(
    corpus_dir, tmp_path, caplog, monkeypatch
):
    cache = tmp_path / "cache"
    monkeypatch.chdir(tmp_path)
    first, _ = _parse("reports", cache, caplog)
    monkeypatch.chdir(tmp_path.parent)
    again, log = _parse(f"{tmp_path.name}/reports", cache, caplog)
    assert "incremental parse: 0 new of 3 files" in log
    _same(again, first)


def test_the_command_line_says_which_path_a_cached_parse_took(corpus_dir, tmp_path, capsys):
    from democracy_study.cli import main

    cache, out = tmp_path / "cache", tmp_path / "out"
    args = ["parse", str(corpus_dir), "--out", str(out), "--cache", str(cache), "--force"]
    assert main(args) == 0
    assert "cache:" not in capsys.readouterr().err  # the first parse has no snapshot
    (corpus_dir / "bb_arong.txt").write_text(NEW, encoding="utf-8")
    assert main(args) == 0
    assert "cache: incremental parse: 1 new of 4 files" in capsys.readouterr().err
    (corpus_dir / "bb_arong.txt").unlink()
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "cache: parsing all 3 files: a source of the last parse changed or went" in err
    assert "parsed 3 source(s)" in err


MORE = {
    # our own sentences; each file sorts somewhere else among the old ones
    "ab_lishui.txt": (
        "## 丽水市莲都区：街道议政会\n\n"
        "莲都区人大常委会指导街道召开居民议政会4场，代表和居民代表围绕老旧小区加装电梯"
        "提出建议27条，街道办事处逐条答复并公布办理进度。\n"
    ),
    "ca_heqing.txt": (
        "## 鹤庆县：代表视察农村饮水\n\n"
        "鹤庆县人大常委会组织部分省、州、县人大代表视察农村饮水安全工程，"
        "实地察看水厂和管网9处，形成视察报告一份，提出加强水源保护等意见5条。\n"
    ),
    "d_jinsha.txt": (
        "## 金沙县：人大代表之家\n\n"
        "金沙县在26个乡镇（街道）建成人大代表之家，代表每季度集中活动一次，"
        "今年以来接待选民1300余人次，反映的道路硬化问题已有11件办结。\n"
    ),
}


def _segments(cache):
    import json

    (m,) = (cache / "snapshots").glob("*/manifest.json")
    return json.loads(m.read_text(encoding="utf-8"))["segments"]


def test_new_files_one_at_a_time_append_segments_until_a_rewrite(
    corpus_dir, tmp_path, caplog, monkeypatch
):
    # each incremental parse adds a segment with the new rows only; at MAX_SEGMENTS the
    # next parse rewrites the snapshot as one, and every result equals a full parse
    import democracy_study._snapshot as snapshot

    monkeypatch.setattr(snapshot, "MAX_SEGMENTS", 3)
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    assert len(_segments(cache)) == 1
    steps = [*MORE.items(), ("z_portal.txt", "# 转载\n\n" + REPORTS["b_yingshan.txt"])]
    expected_segments = [2, 3, 1, 2]
    for (name, text), n in zip(steps, expected_segments, strict=True):
        (corpus_dir / name).write_text(text, encoding="utf-8")
        c, log = _parse(corpus_dir, cache, caplog)
        assert "incremental parse: 1 new of" in log, name
        assert len(_segments(cache)) == n, name
        _same(c, parse_reports([corpus_dir]))
    r = c.reports.set_index("report_id")
    assert r.loc["z_portal#r01", "copy_of"] == "b_yingshan#r01"
    again, log = _parse(corpus_dir, cache, caplog)  # from four segments, nothing new
    assert "incremental parse: 0 new of 7 files" in log
    _same(again, c)


def test_rows_taken_by_index_when_the_parts_interleave_finely(
    corpus_dir, tmp_path, caplog, monkeypatch
):
    import democracy_study.corpus as corpus_mod

    monkeypatch.setattr(corpus_mod, "_MAX_RUNS", 0)  # the path for thousands of runs
    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    for name, text in MORE.items():
        (corpus_dir / name).write_text(text, encoding="utf-8")
    c, log = _parse(corpus_dir, cache, caplog)
    assert "incremental parse: 3 new of 6 files" in log
    _same(c, parse_reports([corpus_dir]))


def test_a_snapshot_changed_meanwhile_loses_the_new_segment_not_the_result(
    corpus_dir, tmp_path, caplog, monkeypatch
):
    import json

    import democracy_study._snapshot as snapshot

    cache = tmp_path / "cache"
    _parse(corpus_dir, cache, caplog)
    real = snapshot.append_segment

    def meanwhile(snap, **kw):  # another process rewrites the manifest while we parse
        m = snap.directory / "manifest.json"
        m.write_text(json.dumps({**snap.manifest, "by": "another"}), encoding="utf-8")
        return real(snap, **kw)

    monkeypatch.setattr(snapshot, "append_segment", meanwhile)
    (corpus_dir / "bb_arong.txt").write_text(NEW, encoding="utf-8")
    c, log = _parse(corpus_dir, cache, caplog)
    assert "changed by another process" in log
    _same(c, parse_reports([corpus_dir]))
    assert len(_segments(cache)) == 1
    assert not [p for p in (cache / "snapshots").rglob(".seg*")]  # nothing left behind
    monkeypatch.setattr(snapshot, "append_segment", real)
    c, log = _parse(corpus_dir, cache, caplog)  # the new file is new again
    assert "incremental parse: 1 new of 4 files" in log
    assert len(_segments(cache)) == 2


def test_interleave_puts_parts_back_in_file_order():
    # a hand-made fixture: two parts, rows per source known, file order a < b < c < d
    import numpy as np
    import pandas as pd

    from democracy_study._snapshot import TABLES
    from democracy_study.corpus import _interleave

    def part(names, rows):
        frames = {
            t: pd.DataFrame(
                {
                    "source_file": [n for n, k in rows for _ in range(k)],
                    "i": [f"{n}{j}" for n, k in rows for j in range(k)],
                }
            )
            for t in TABLES
        }
        counts = np.array([[k] * len(TABLES) for _, k in rows])
        return names, frames, counts

    old = part(["a", "c", "d"], [("a", 2), ("c", 0), ("d", 1)])
    new = part(["b"], [("b", 3)])
    rank = {"a": 0, "b": 1, "c": 2, "d": 3}
    names, frames, counts = _interleave([old, new], rank)
    assert names == ["a", "b", "c", "d"]
    assert counts[:, 0].tolist() == [2, 3, 0, 1]
    assert frames["quantities"]["i"].tolist() == ["a0", "a1", "b0", "b1", "b2", "d0"]


def test_appended_segments_are_merged_while_small_beside_the_first(tmp_path, caplog, monkeypatch):
    # a first segment of 12 sources: at MAX_SEGMENTS the appended segments and the new
    # rows become one segment while they hold at most a quarter as many sources (3 here),
    # then the snapshot is written anew as one
    import democracy_study._snapshot as snapshot

    monkeypatch.setattr(snapshot, "MAX_SEGMENTS", 3)
    d = tmp_path / "reports"
    counties = [
        "安吉县",
        "德清县",
        "长兴县",
        "桐庐县",
        "淳安县",
        "建德市",
        "嘉善县",
        "海盐县",
        "平湖市",
    ]
    files = dict(REPORTS)
    for i, c in enumerate(counties):
        files[f"m{i}.txt"] = (
            f"## {c}：代表接待日\n\n{c}人大常委会组织代表{10 + i}名到联络站接待群众，"
            f"收集意见建议{20 + i}条，交有关部门办理。\n"
        )
    _write(d, files)
    cache = tmp_path / "cache"
    _parse(d, cache, caplog)
    sizes = []
    for name, text in [
        *MORE.items(),
        ("bb_arong.txt", NEW),
        ("e_more.txt", NEW.replace("187", "188")),
    ]:
        (d / name).write_text(text, encoding="utf-8")
        c, log = _parse(d, cache, caplog)
        assert "incremental parse: 1 new of" in log, name
        _same(c, parse_reports([d]))
        sizes.append(len(_segments(cache)))
    assert sizes == [2, 3, 2, 3, 1]
    # the merge kept the first segment until the rewrite, and left no segment unlisted
    (m,) = (cache / "snapshots").glob("*/manifest.json")
    on_disk = {p.name for p in m.parent.glob("seg-*")}
    assert on_disk == set(_segments(cache))
    import json

    (only,) = on_disk  # the last step wrote the snapshot anew: one segment of every source
    assert len(json.loads((m.parent / only / "sources.json").read_text("utf-8"))) == 17
