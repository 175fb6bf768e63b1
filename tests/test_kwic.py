"""Concordance: corpus.kwic and democracy-study kwic."""

from __future__ import annotations

import types

import pandas as pd

from democracy_study.cli import main
from democracy_study.coding.sheets import concordance
from democracy_study.corpus import parse_reports

# Written for these tests.
TEXT = (
    "## 昌乐县：代表进站听民意\n\n"
    "**本报讯** 代表进站接待选民，又进站收集意见。\n\n"
    "## 青州市：代表小组走访企业\n\n"
    "青州市代表進站履职。\n"
)


def test_every_match_with_context_and_exact_offsets(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    c = parse_reports([tmp_path], code_mechanisms=False)
    k = c.kwic("进站", window=2)
    # hand: two matches in the first report, one (traditional 進站) in the second
    assert k["paragraph_id"].tolist() == ["a#r01.p01", "a#r01.p01", "a#r02.p01"]
    assert k["match"].tolist() == ["进站", "进站", "進站"]  # the source characters, as written
    assert k[["left", "right"]].iloc[0].tolist() == ["代表", "接待"]
    assert k["left"].iloc[1] == "，又"
    assert all(
        TEXT[s:e] == m for s, e, m in zip(k["char_start"], k["char_end"], k["match"], strict=True)
    )
    assert c.kwic("進站")["match"].tolist() == ["进站", "进站", "進站"]  # pattern simplified too
    assert c.kwic("没有的词").empty


def test_a_match_across_a_page_break_keeps_its_source_offsets():
    text = "## 某县\n\n代表通过志愿\n\n服务联系选民。"
    paras = pd.DataFrame(
        {
            "source_file": ["a.txt"],
            "report_id": ["a#r01"],
            "paragraph_id": ["a#r01.p01"],
            "place": ["某县"],
            "spans": ["[[7, 13], [15, 22]]"],
        }
    )
    k = concordance(types.SimpleNamespace(paragraphs=paras, texts={"a.txt": text}), "志愿服务")
    s, e = int(k["char_start"][0]), int(k["char_end"][0])
    assert (s, e) == (11, 17) and text[s:e] == "志愿\n\n服务" == k["match"][0]
    assert k["left"][0] == "代表通过" and k["right"][0] == "联系选民。"


def test_cli(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["kwic", "进站", str(tmp_path)]) == 0
    cap = capsys.readouterr()
    assert cap.out.count("【进站】") == 2 and "3 match(es)" in cap.err
    out = tmp_path / "k.csv"
    assert main(["kwic", "接待", str(tmp_path / "a.txt"), "--out", str(out)]) == 0
    assert pd.read_csv(out)["match"].tolist() == ["接待"]
    assert main(["kwic", "进(站", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "not a valid regular expression" in err and "Traceback" not in err
