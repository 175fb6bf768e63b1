"""Decoding: every supported encoding, and a clear error for everything else."""

from __future__ import annotations

import codecs

import pytest

from democracy_study.io.sources import SourceError, decode_bytes, read_source

TEXT = "## 德清县：标题\r\n\r\n本报讯 代表联络站１２个。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Python writes a BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_supported_encodings_decode_to_the_same_text(data, encoding):
    text, enc = decode_bytes(data, "x.txt")
    assert text == TEXT  # CRLF kept: offsets index the text as decoded, no newline translation
    assert enc == encoding


def test_gbk_subset_of_gb18030_decodes():
    text, enc = decode_bytes("代表建议办理".encode("gbk"))
    assert (text, enc) == ("代表建议办理", "gb18030")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(128, 256)) * 4, "cannot be decoded"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "invalid UTF-8"),
        (codecs.BOM_UTF16_LE + b"\x00", "odd number of bytes"),
    ],
)
def test_bad_input_names_the_file_and_the_problem(data, problem):
    with pytest.raises(SourceError) as exc:
        decode_bytes(data, "bad/report.txt")
    assert "bad/report.txt" in str(exc.value)
    assert problem in str(exc.value)


def test_read_source_records_provenance(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes(TEXT.encode("gb18030"))
    src = read_source(p)
    assert src.name == "r.txt"
    assert src.encoding == "gb18030"
    assert len(src.sha256) == 64
    assert src.n_bytes == len(TEXT.encode("gb18030"))


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nope.txt")
