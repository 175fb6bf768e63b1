"""Stata output: .dta format 118 round trip with Chinese text, labels from the schema, strL."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from democracy_study.corpus import read_corpus
from democracy_study.io.stata import LABEL_LIMIT, STR_LIMIT, stata_label, write_dta
from democracy_study.io.tables import write_tables
from democracy_study.schema import field_description

from .conftest import SEED


@pytest.fixture(scope="module")
def stata_dir(tmp_path_factory, seed_corpus):
    return write_tables(seed_corpus, tmp_path_factory.mktemp("dta") / "out", fmt="stata")


def test_stata_round_trip_equals_the_parse(stata_dir, seed_corpus):
    back = read_corpus(stata_dir, raw=SEED.parent)
    for name, df in seed_corpus.tables().items():
        pd.testing.assert_frame_equal(df, back.tables()[name], obj=name)
    assert back.evidence_ok()


def test_chinese_text_survives_in_plain_read_stata(stata_dir, seed_corpus):
    raw = pd.read_stata(stata_dir / "paragraphs.dta")
    assert raw["text"].tolist() == seed_corpus.paragraphs["text"].tolist()
    q = pd.read_stata(stata_dir / "quantities.dta")
    assert q["evidence"].tolist() == seed_corpus.quantities["evidence"].tolist()
    assert set(q["duplicate"].unique()) <= {0, 1}  # booleans as 0/1 bytes


def test_variable_labels_are_schema_descriptions_cut_to_80(stata_dir):
    with pd.io.stata.StataReader(stata_dir / "paragraphs.dta") as r:
        labels = r.variable_labels()
        data_label = r.data_label
    assert all(len(v) <= LABEL_LIMIT for v in labels.values())
    # n_pieces' description is short: the label is the description itself
    assert labels["n_pieces"] == field_description("paragraphs", "n_pieces")["description"]
    # flags' description is longer than 80 characters: cut, the cut marked with an ellipsis
    flags = field_description("paragraphs", "flags")["description"]
    assert len(flags) > LABEL_LIMIT
    assert labels["flags"] == flags[: LABEL_LIMIT - 1] + "…"
    assert data_label.startswith("One row per logical paragraph")


def test_long_chinese_strings_are_strl(tmp_path):
    # 800 CJK characters = 2,400 UTF-8 bytes > the 2,045-byte str# limit
    long = "代表联系群众" * 134
    assert len(long.encode("utf-8")) > STR_LIMIT
    df = pd.DataFrame({"text": [long, "短句"], "n": [1, 2]})
    p = write_dta(df, tmp_path / "t.dta")
    back = pd.read_stata(p)
    assert back["text"].tolist() == [long, "短句"]


def test_bytes_are_deterministic(tmp_path, seed_corpus):
    a = write_dta(seed_corpus.quantities, tmp_path / "a.dta", "quantities")
    b = write_dta(seed_corpus.quantities, tmp_path / "b.dta", "quantities")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_invalid_stata_name_is_a_clear_error(tmp_path):
    df = pd.DataFrame({"a_column_name_that_is_far_too_long_for_stata": [1]})
    with pytest.raises(ValueError, match="not a valid Stata variable name"):
        write_dta(df, tmp_path / "x.dta")


def test_stata_label_cut():
    assert stata_label("两个\n空格") == "两个 空格"
    assert stata_label("字" * 81) == "字" * 79 + "…"


def test_cli_parse_format_stata(tmp_path):
    from democracy_study.cli import main

    out = tmp_path / "dta"
    assert main(["parse", str(SEED), "--out", str(out), "--format", "stata"]) == 0
    assert (out / "quantities.dta").is_file() and (out / "datapackage.json").is_file()
