"""Reading written output back: parse -> write -> read gives the same corpus (every table, dtypes)."""

from __future__ import annotations

import pandas as pd
import pytest

from democracy_study import read_corpus
from democracy_study.corpus import Corpus, parse_reports
from democracy_study.io.read import CorpusReadError
from democracy_study.io.sources import SourceError
from democracy_study.io.tables import write_tables

from .conftest import SEED

# Two reports and a photo caption written for this test (not corpus text): a range, a
# qualified count, money, a caption without heading (missing heading offsets -> Int64 NA).
VARIANT = (
    "# 某市各区县人大2023年工作掠影\n\n"
    "## 昌乐县：代表进站听民声\n\n"
    "**本报讯**（通讯员 李四）昌乐县人大常委会组织各级代表120余名进站接待群众，"
    "收集意见建议1至2件，投入资金30万元。\n\n"
    "△昌乐县人大代表在联络站接待群众。 王五 摄\n\n"
    "## 青州市：专题询问见实效\n\n"
    "**本报讯**（通讯员 赵六）青州市人大常委会开展专题询问3次，满意率达到95%。\n"
)


def _assert_same(a: Corpus, b: Corpus) -> None:
    ta, tb = a.tables(), b.tables()
    assert list(ta) == list(tb)
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=name)
    assert a.texts == b.texts


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_seed_round_trip_every_table(tmp_path, seed_corpus, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = write_tables(seed_corpus, tmp_path / "out", fmt=fmt)
    back = read_corpus(out, raw=SEED.parent)
    _assert_same(seed_corpus, back)
    assert back.evidence_ok()


def test_variant_round_trip_with_missing_integers(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "variant.txt").write_text(VARIANT, encoding="utf-8")
    corpus = parse_reports(raw)
    # the caption has no heading: its heading offsets are missing (nullable Int64)
    assert corpus.reports["heading_char_start"].isna().sum() == 1
    assert corpus.quantities["value_max"].notna().sum() == 1  # 1至2件
    out = write_tables(corpus, tmp_path / "processed")
    back = Corpus.read(out)  # raw found as ../raw beside the output directory
    _assert_same(corpus, back)
    assert str(back.reports["heading_char_start"].dtype) == "Int64"
    assert str(back.quantities["duplicate"].dtype) == "bool"


def test_texts_false_reads_tables_only(tmp_path, seed_corpus):
    out = write_tables(seed_corpus, tmp_path / "elsewhere" / "out")
    back = read_corpus(out, texts=False)
    assert back.texts == {}
    pd.testing.assert_frame_equal(back.quantities, seed_corpus.quantities)


def test_changed_source_is_an_error_naming_it(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "variant.txt").write_text(VARIANT, encoding="utf-8")
    out = write_tables(parse_reports(raw), tmp_path / "processed")
    (raw / "variant.txt").write_text(VARIANT + "补记。\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"variant\.txt.*sha256"):
        read_corpus(out)
    (raw / "variant.txt").unlink()
    with pytest.raises(SourceError, match="not found"):
        read_corpus(out)


def test_missing_descriptor_and_table_are_clear_errors(tmp_path, seed_corpus):
    with pytest.raises(CorpusReadError, match=r"datapackage\.json: not found"):
        read_corpus(tmp_path)
    out = write_tables(seed_corpus, tmp_path / "out")
    (out / "entities.csv").unlink()
    with pytest.raises(
        CorpusReadError, match=r"entities\.csv: listed in datapackage\.json but missing"
    ):
        read_corpus(out, texts=False)


def test_bad_cell_names_file_and_column(tmp_path, seed_corpus):
    out = write_tables(seed_corpus, tmp_path / "out")
    q = (out / "quantities.csv").read_text(encoding="utf-8").split("\n")
    cells = q[1].split(",")
    cells[q[0].split(",").index("char_end")] = "twelve"
    q[1] = ",".join(cells)
    (out / "quantities.csv").write_text("\n".join(q), encoding="utf-8")
    with pytest.raises(CorpusReadError, match=r"quantities\.csv, column 'char_end'"):
        read_corpus(out, texts=False)


def test_facade_exports_read_corpus():
    import democracy_study as ds

    assert "read_corpus" in ds.__all__ and ds.read_corpus is read_corpus
