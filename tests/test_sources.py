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


# ---------------------------------------------------------------------------------------------
# issue 16: encodings at the edges, text nobody can see, mojibake, late control characters

SAMPLE = "## 德清县：标题\n\n本报讯 代表联络站12个，联系选民309人。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-32"), "utf-32"),  # with BOM (Python writes one)
        (codecs.BOM_UTF32_BE + SAMPLE.encode("utf-32-be"), "utf-32"),
        (SAMPLE.encode("utf-32-le"), "utf-32-le"),  # no BOM: NULs at 3 of every 4 bytes
        (SAMPLE.encode("utf-32-be"), "utf-32-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_utf32_and_bomless_utf16_decode_to_the_same_text(data, encoding):
    text, enc = decode_bytes(data, "x.txt")
    assert (text, enc) == (SAMPLE, encoding)
    assert "309" in text  # not 3, NUL, 0, NUL, 9 as when UTF-32 was read as UTF-16


def test_big5_is_recognised_not_read_as_gb18030():
    trad = "## 德清縣：標題\n\n本報訊 代表聯絡站12個，聯繫選民309人。\n"
    text, enc = decode_bytes(trad.encode("big5"), "x.txt")
    assert (text, enc) == (trad, "big5")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8,  # only a BOM
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF32_LE,
        "\u3000\u3000\r\n\u3000".encode(),  # only ideographic spaces
        "\u200b\ufeff \n".encode(),  # only zero-width characters
    ],
)
def test_no_visible_text_is_refused_like_an_empty_file(data):
    with pytest.raises(SourceError, match="file is empty"):
        decode_bytes(data, "blank.txt")


def test_nul_bytes_that_are_not_utf16_or_32_are_binary():
    with pytest.raises(SourceError, match="binary") as exc:
        decode_bytes(b"\x00\x01\x02\x03binary" * 3, "a.bin")
    assert "not UTF-16 or UTF-32" in str(exc.value)


def test_mojibake_is_a_note_and_whole_file_mojibake_is_refused(tmp_path):
    # the same three characters as UTF-8 bytes read one byte = one character
    garbled = "德清县".encode().decode("latin-1")
    p = tmp_path / "part.txt"
    p.write_text(SAMPLE + f"附：{garbled}\n", encoding="utf-8")
    src = read_source(p)
    notes = [n for n in src.notes if n.issue == "encoding_suspect"]
    assert len(notes) == 1
    assert src.text[notes[0].start : notes[0].end] == garbled
    assert "德清县" in notes[0].detail  # says what it would read
    whole = tmp_path / "whole.txt"
    whole.write_text(SAMPLE.encode().decode("latin-1"), encoding="utf-8")
    with pytest.raises(SourceError, match="mojibake"):
        read_source(whole)


def test_control_characters_after_4kb_are_noted():
    body = SAMPLE + "代表" * 3000  # 6000 characters: past the old 4 KB window
    text = body + "\x0c" + "结束。\n"
    from democracy_study.io.sources import text_notes

    notes = [n for n in text_notes(text) if n.issue == "control_character"]
    assert [(n.start, n.end) for n in notes] == [(len(body), len(body) + 1)]
    assert "U+000C" in notes[0].detail


def test_many_control_characters_are_refused(tmp_path):
    p = tmp_path / "c.txt"
    p.write_bytes(SAMPLE.encode() + b"\x01\x02\x03\x04" * 50)
    with pytest.raises(SourceError, match="binary"):
        read_source(p)


def test_symlink_loop_is_named(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(SourceError, match="symbolic link loop"):
        read_source(loop)
