"""End-to-end parsing: provenance invariants on the seed and on hand-written variants."""

from __future__ import annotations

import codecs
import json

import pytest

from democracy_study.corpus import (
    collect_paths,
    parse_reports,
    quantities_by_place,
    reports_filter,
)
from democracy_study.io.sources import SourceError
from democracy_study.schema import TABLE_COLUMNS

from .conftest import TEST_DATA


def _covered(corpus, source_file):
    """Indices of non-whitespace characters outside every title, heading, paragraph and caption span."""
    text = corpus.texts[source_file]
    cov = bytearray(len(text))
    spans = []
    for s in corpus.paragraphs.loc[corpus.paragraphs["source_file"] == source_file, "spans"]:
        spans.extend(json.loads(s))
    r = corpus.reports[corpus.reports["source_file"] == source_file]
    spans.extend(zip(r["heading_char_start"].dropna(), r["heading_char_end"].dropna(), strict=True))
    src = corpus.sources[corpus.sources["source_file"] == source_file]
    spans.extend(zip(src["title_char_start"].dropna(), src["title_char_end"].dropna(), strict=True))
    for s, e in spans:
        cov[int(s) : int(e)] = b"\x01" * (int(e) - int(s))
    return [i for i, ch in enumerate(text) if not ch.isspace() and not cov[i]]


def test_every_table_has_its_columns(seed_corpus):
    for name, cols in TABLE_COLUMNS.items():
        assert list(getattr(seed_corpus, name).columns)[: len(cols)] == cols, name


def test_evidence_is_exactly_the_source_characters(seed_corpus):
    assert seed_corpus.evidence_ok()
    assert len(seed_corpus.quantities) > 100


def test_nothing_lost_in_the_seed(seed_corpus, seed_path):
    assert _covered(seed_corpus, seed_path.name) == []


def test_nothing_lost_in_the_variant():
    corpus = parse_reports([TEST_DATA / "variants" / "plain_headings.txt"])
    assert _covered(corpus, "plain_headings.txt") == []


def test_quantities_in_the_misplaced_copy_are_duplicates(seed_corpus):
    q = seed_corpus.quantities
    dup = q[q["duplicate"]]
    # hand: the misplaced sentence carries 120名 and 200余户
    assert sorted(dup["evidence"]) == ["120名", "200余户"]
    assert set(dup["place"]) == {"昌邑市"}


def test_paragraph_spans_are_json_and_text_is_joined(seed_corpus):
    p = seed_corpus.paragraphs
    for text, spans in zip(p["text"], p["spans"], strict=True):
        pieces = json.loads(spans)
        assert text == "".join(seed_corpus.texts[p["source_file"].iloc[0]][s:e] for s, e in pieces)


def test_plain_heading_variant(tmp_path):
    src = TEST_DATA / "variants" / "plain_headings.txt"
    corpus = parse_reports([src])
    r = corpus.reports
    assert list(r["kind"]) == ["report", "caption", "report"]
    assert list(r["place"]) == ["安吉县", "长兴县", "德清县"]
    assert list(r["admin_code"]) == ["330523", "330522", "330521"]
    issues = sorted(corpus.quality["issue"])
    # hand: suffix error 安吉市, text lost at 关注|民每月, doubled 访访, the copied station sentence
    for issue in (
        "place_suffix_mismatch",
        "text_lost_at_break",
        "doubled_character",
        "duplicate_passage",
    ):
        assert issue in issues, issue
    dup = corpus.quality[corpus.quality["issue"] == "duplicate_passage"]
    assert list(dup["report_id"]) == ["plain_headings#r02"]  # the 德清县 copy is the misplaced one
    q = corpus.quantities
    # the paragraph cut by the caption: 活动 | caption | 200余次 joins into one paragraph
    first = q[(q["report_id"] == "plain_headings#r01") & (q["evidence"] == "200余次")]
    assert len(first) == 1 and not first["duplicate"].iloc[0]
    assert corpus.evidence_ok()


TRADITIONAL = "## 德清縣：代表聯絡站建在產業鏈上\r\n\r\n**本報訊**（通訊員 林小華）德清縣人大常委會組織代表１２０名進站履職，收集意見建議３５０餘條。\r\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "gb18030"],
)
def test_traditional_fullwidth_crlf_in_every_encoding(tmp_path, encode):
    p = tmp_path / "trad.txt"
    p.write_bytes(encode(TRADITIONAL))
    corpus = parse_reports([p])
    r = corpus.reports.iloc[0]
    assert (r["place"], r["place_as_written"], r["admin_code"]) == ("德清县", "德清縣", "330521")
    assert r["correspondents"] == "林小華"
    q = corpus.quantities
    # hand: １２０名 -> 120 exact 名; ３５０餘條 -> 350 over 条
    assert list(q["evidence"]) == ["１２０名", "３５０餘條"]
    assert list(q["value"]) == [120.0, 350.0]
    assert list(q["qualifier"]) == ["exact", "over"]
    assert list(q["unit"]) == ["名", "条"]
    assert corpus.evidence_ok()


def test_text_without_headings_is_parsed_and_flagged(tmp_path):
    p = tmp_path / "plain.txt"
    p.write_text(
        "长兴县人大常委会深入开展代表联络站建设，今年共接待选民1500余人次。\n\n办理群众反映问题86件。\n",
        encoding="utf-8",
    )
    corpus = parse_reports([p])
    assert list(corpus.reports["place"]) == ["长兴县"]
    assert "no_heading" in set(corpus.quality["issue"])
    assert sorted(corpus.quantities["evidence"]) == ["1500余人次", "86件"]


def test_unknown_place_is_kept_and_flagged(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("## 某某县：标题\n\n开展活动3次。\n", encoding="utf-8")
    corpus = parse_reports([p])
    assert list(corpus.reports["place"]) == [""]
    assert list(corpus.reports["place_as_written"]) == ["某某县"]
    assert "place_unknown" in set(corpus.quality["issue"])
    assert len(corpus.quantities) == 1


def test_html_remnants(tmp_path):
    p = tmp_path / "h.txt"
    p.write_text(
        "<h2>南浔区：监督有力度</h2>\n<p>本报讯（通讯员 王小二）南浔区人大常委会开展专题询问3次。</p>\n",
        encoding="utf-8",
    )
    corpus = parse_reports([p])
    assert list(corpus.reports["place"]) == ["南浔区"]
    assert list(corpus.reports["headline"]) == ["监督有力度"]
    assert "html_remnant" in set(corpus.quality["issue"])
    assert list(corpus.quantities["evidence"]) == ["3次"]


def test_bad_files_raise_naming_the_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(SourceError, match=r"empty\.txt: file is empty"):
        parse_reports([tmp_path / "empty.txt"])
    with pytest.raises(SourceError, match="no report files"):
        parse_reports([tmp_path / "nothing_here"] if False else [_empty_dir(tmp_path)])


def _empty_dir(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "SOURCES.md").write_text("notes", encoding="utf-8")
    return d


def test_collect_paths_sorted_and_txt_only(tmp_path):
    for n in ("b.txt", "a.txt", "SOURCES.md"):
        (tmp_path / n).write_text("## 长兴县：甲\n\n开展活动。\n", encoding="utf-8")
    assert [p.name for p in collect_paths([tmp_path])] == ["a.txt", "b.txt"]


def test_verbs_keep_columns(seed_corpus):
    sub = reports_filter(seed_corpus, place="昌乐县")
    assert set(sub.reports["place"]) == {"昌乐县"}
    assert list(sub.quantities.columns) == list(seed_corpus.quantities.columns)
    table = quantities_by_place(seed_corpus)
    assert list(table.columns) == ["place", "count", "money", "percent"]
    assert "昌乐县" in set(table["place"])
