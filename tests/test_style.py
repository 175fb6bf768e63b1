"""Tests for democracy_study.plots.style, .labels and .fonts: palette, labels, CJK font."""

from __future__ import annotations

import io
import re
import types
import warnings
import zlib
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import font_manager

from democracy_study.plots import fonts, labels, style

# Text a figure label may contain: simplified, traditional, full-width digits and
# Chinese punctuation (written for the test, not taken from the corpus).
CJK_SAMPLE = "代表联络站 议事会（２０２４年）：選民、區議會，约５０％。"


@pytest.fixture(autouse=True)
def _clean():
    lang = labels.get_language()
    with matplotlib.rc_context():
        yield
    labels.set_language(lang)
    plt.close("all")


@pytest.fixture
def bare_font_manager(monkeypatch):
    """matplotlib's font list reduced to the fonts matplotlib itself ships.

    Simulates a fresh machine: no system font (and so no system CJK font) is known.
    """
    data_path = Path(matplotlib.get_data_path()).resolve()
    fm = font_manager.fontManager
    bare = [f for f in fm.ttflist if data_path in Path(f.fname).resolve().parents]
    assert bare, "matplotlib's own fonts should be listed"
    monkeypatch.setattr(fm, "ttflist", bare)
    fm._findfont_cached.cache_clear()
    yield fm
    fm._findfont_cached.cache_clear()


# ---------------------------------------------------------------- palette


def test_palette_is_okabe_ito():
    # hand: Okabe & Ito (2008) colours, as published
    okabe_ito = {
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
        "#000000",
    }
    assert set(style.PALETTE) == okabe_ito
    assert len(style.PALETTE) == 8


def test_markers_and_hatches_pair_with_palette_and_are_distinct():
    assert len(style.MARKERS) == len(style.PALETTE) == len(set(style.MARKERS))
    assert len(style.HATCHES) == len(style.PALETTE) == len(set(style.HATCHES))
    assert style.SEQUENTIAL_CMAP == "cividis"
    assert style.SEQUENTIAL_CMAP in matplotlib.colormaps


def test_rc_params_print_and_reproducibility_settings():
    rc = style.rc_params()
    assert rc["pdf.fonttype"] == 42
    assert rc["ps.fonttype"] == 42
    assert rc["svg.hashsalt"]
    assert rc["savefig.dpi"] == 300
    assert rc["font.family"] == ["DejaVu Sans", "Noto Sans SC"]
    assert rc["image.cmap"] == "cividis"
    # every value is accepted by matplotlib
    with matplotlib.rc_context(rc):
        pass


def test_use_style_applies_rcparams_and_language():
    style.use_style(lang="zh")
    assert labels.get_language() == "zh"
    assert matplotlib.rcParams["pdf.fonttype"] == 42
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans SC"]
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    assert [c.upper() for c in colors] == style.PALETTE


# ---------------------------------------------------------------- language and labels


def test_language_switch():
    labels.set_language("en")
    assert labels.label("axis.place") == "Place"
    labels.set_language("zh")
    assert labels.get_language() == "zh"
    assert labels.label("axis.place") == "地区"
    assert labels.label("axis.place", lang="en") == "Place"


@pytest.mark.parametrize("bad", ["fr", "EN", "", "zh-CN"])
def test_bad_language_is_rejected(bad):
    with pytest.raises(ValueError, match="language must be one of"):
        labels.set_language(bad)
    with pytest.raises(ValueError, match="language must be one of"):
        labels.label("axis.place", lang=bad)


def test_unknown_label_key_raises_or_uses_default():
    with pytest.raises(KeyError, match=r"no label for key 'kind\.nonexistent'"):
        labels.label("kind.nonexistent")
    assert labels.label("kind.nonexistent", default="raw") == "raw"


def test_label_fields_are_substituted():
    # hand: the template in labels.yaml with n=7, n_duplicate=0
    assert (
        labels.label("title.quantities_by_place", lang="en", n=7, n_duplicate=0)
        == "Extracted quantities by place (n = 7; 0 in duplicated passages excluded)"
    )


def test_labels_file_is_complete():
    import yaml

    data = yaml.safe_load(labels.LABELS_FILE.read_text(encoding="utf-8"))
    for key, entry in data["labels"].items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        # Chinese labels contain at least one CJK ideograph
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]), key
    # every kind in the order list has a label in both languages
    for kind in labels.category_order("quantity_kind"):
        assert labels.label(f"kind.{kind}", lang="zh")
    with pytest.raises(KeyError, match="no order"):
        labels.category_order("nonexistent")


def _fake_codebook(book):
    module = types.ModuleType("democracy_study.coding.codebook")
    module.load_codebook = lambda: book
    return module


@pytest.mark.parametrize(
    "book",
    [
        {"X01": {"label_en": "Liaison station", "label_zh": "联络站"}},
        {"codes": {"X01": {"label": {"en": "Liaison station", "zh": "联络站"}}}},
        types.SimpleNamespace(
            codes=[types.SimpleNamespace(code="X01", en="Liaison station", zh="联络站")]
        ),
    ],
    ids=["flat-mapping", "nested-label", "objects"],
)
def test_label_falls_back_to_codebook(monkeypatch, book):
    if isinstance(book, dict) and "codes" in book:
        book = types.SimpleNamespace(codes=book["codes"])
    fake = _fake_codebook(book)
    monkeypatch.setitem(__import__("sys").modules, "democracy_study.coding.codebook", fake)
    import democracy_study.coding

    monkeypatch.setattr(democracy_study.coding, "codebook", fake, raising=False)
    assert labels.label("X01", lang="en") == "Liaison station"
    assert labels.label("X01", lang="zh") == "联络站"
    with pytest.raises(KeyError, match="X99"):
        labels.label("X99")


def test_label_of_real_codebook_codes_and_families():
    codebook = pytest.importorskip("democracy_study.coding.codebook")
    book = codebook.load_codebook()
    code = book.codes[0]
    assert labels.label(code.code, lang="en") == code.label_en
    assert labels.label(code.code, lang="zh") == code.label_zh
    family, entry = next(iter(book.families.items()))
    assert labels.label(family, lang="zh") == entry["label_zh"]


def test_label_falls_back_to_codebook_dataframe(monkeypatch):
    import pandas as pd

    book = pd.DataFrame({"code": ["Y02"], "label_en": ["Hearing"], "label_zh": ["听证"]})
    fake = _fake_codebook(book)
    monkeypatch.setitem(__import__("sys").modules, "democracy_study.coding.codebook", fake)
    import democracy_study.coding

    monkeypatch.setattr(democracy_study.coding, "codebook", fake, raising=False)
    assert labels.label("Y02", lang="zh") == "听证"


# ---------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # hand: toneless pinyin, apostrophe before a/o/e syllables, suffix in English
        ("西安区", "Xi'an District"),
        ("延安市", "Yan'an City"),
        ("平安县", "Ping'an County"),
        ("白雲區", "Baiyun District"),  # traditional script: suffix still recognised
        ("白云自治县", "Baiyun Autonomous County"),  # longest suffix wins over 县
        ("白云旗", "Baiyun Banner"),
        ("白云", "Baiyun"),  # no suffix
        ("市", "Shi"),  # a bare suffix is not stripped to nothing
    ],
)
def test_place_label_pinyin(name, expected):
    assert labels.place_label(name, lang="en") == expected


def test_place_label_sources_in_order():
    assert labels.place_label("白云县", lang="zh") == "白云县"
    assert labels.place_label(" 白云县 ", lang="zh") == "白云县"
    assert labels.place_label("白云县", place_en="Baiyun", lang="en") == "Baiyun"
    assert labels.place_label("白云县", place_en="", lang="en") == "Baiyun County"
    assert (
        labels.place_label("白云县", lang="en", mapping={"白云县": "White Cloud"}) == "White Cloud"
    )
    # explicit place_en beats the mapping
    assert labels.place_label("白云县", "Baiyun", "en", {"白云县": "White Cloud"}) == "Baiyun"
    labels.set_language("zh")
    assert labels.place_label("白云县", place_en="Baiyun") == "白云县"


@pytest.mark.parametrize("bad", ["", "  ", None, 3])
def test_place_label_rejects_empty(bad):
    with pytest.raises(ValueError, match="place name must be a non-empty string"):
        labels.place_label(bad)


# ---------------------------------------------------------------- the CJK font


def test_cjk_font_is_truetype_and_covers_chinese():
    from fontTools.ttLib import TTFont

    path = fonts.cjk_font_path()
    assert path.is_file()
    with TTFont(str(path), lazy=True) as font:
        assert "glyf" in font and "CFF " not in font and "CFF2" not in font
        assert font.sfntVersion == "\x00\x01\x00\x00"
        cmap = font.getBestCmap()
        missing = [ch for ch in CJK_SAMPLE if not ch.isspace() and ord(ch) not in cmap]
        assert missing == []
        # the OFL notice travels with the font
        assert "Open Font License" in font["name"].getDebugName(13)


def test_cjk_font_conversion_is_cached(monkeypatch):
    # the cached file is reused (not rewritten) on a second call
    path = fonts.cjk_font_path()
    before = path.stat().st_mtime_ns
    monkeypatch.setitem(fonts._state, "font_path", None)
    assert fonts.cjk_font_path() == path
    assert path.stat().st_mtime_ns == before


def test_font_cache_sorts_after_matplotlibs_fonts_in_any_environment(monkeypatch, tmp_path):
    # matplotlib's PDF backend writes embedded fonts sorted by file path; the CJK font sits in
    # the environment beside matplotlib's DejaVu fonts and after them, wherever the environment
    # lives (CI's clone under another folder made other PDF bytes when it was in ~/.cache).
    import sys

    import matplotlib

    real_prefix = Path(sys.prefix).resolve()
    if (real_prefix / "pyvenv.cfg").is_file():
        # in a virtual environment (CI's, the Quickstart's) matplotlib is under the prefix
        assert Path(matplotlib.get_data_path()).resolve().is_relative_to(real_prefix)
    monkeypatch.delenv("DEMOCRACY_STUDY_FONT_CACHE", raising=False)
    for root in ("aaa", "zzz"):
        prefix = tmp_path / root / ".venv"
        monkeypatch.setattr(sys, "prefix", str(prefix))
        cache = fonts._font_cache_dir()
        assert cache == prefix / "share" / "democracy_study" / "fonts"
        dejavu = prefix / "lib" / "python3.x" / "site-packages" / "matplotlib" / "mpl-data"
        assert str(dejavu / "fonts" / "ttf" / "DejaVuSans.ttf") < str(cache / "x.ttf")


def test_font_cache_falls_back_when_environment_is_read_only(monkeypatch, tmp_path):
    import sys

    import matplotlib

    monkeypatch.delenv("DEMOCRACY_STUDY_FONT_CACHE", raising=False)
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "ro"))
    monkeypatch.setattr(fonts.os, "access", lambda *_a, **_k: False)
    assert fonts._font_cache_dir() == Path(matplotlib.get_cachedir()) / "democracy_study"
    monkeypatch.setenv("DEMOCRACY_STUDY_FONT_CACHE", str(tmp_path / "mine"))
    assert fonts._font_cache_dir() == tmp_path / "mine"


def test_font_registered_and_found_without_system_fonts(bare_font_manager):
    assert fonts.register_fonts() == "Noto Sans SC"
    found = font_manager.findfont(
        font_manager.FontProperties(family="Noto Sans SC"), fallback_to_default=False
    )
    assert Path(found) == fonts.cjk_font_path()
    # idempotent: registering twice adds the font once
    fonts.register_fonts()
    n = sum(Path(f.fname) == fonts.cjk_font_path() for f in bare_font_manager.ttflist)
    assert n == 1


def _draw_cjk_figure():
    fig, ax = plt.subplots()
    ax.set_title(CJK_SAMPLE)
    ax.set_xlabel("地区 Place")
    ax.set_xticks([0, 1], ["甲县", "乙區"])
    return fig


def test_no_glyph_missing_warning_for_chinese(bare_font_manager):
    style.use_style()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = _draw_cjk_figure()
        fig.canvas.draw()
        fig.savefig(io.BytesIO(), format="png")


def test_without_the_style_glyphs_are_missing(bare_font_manager):
    # guards the test above: the warning does fire when no CJK font is in the family
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("代表")
        with pytest.warns(UserWarning, match="Glyph .* missing"):
            fig.canvas.draw()


def _font_file_streams(pdf: bytes) -> list[bytes]:
    """Decompressed bytes of every /FontFile2 stream of a matplotlib PDF."""
    out = []
    for ref in re.findall(rb"/FontFile2 (\d+) 0 R", pdf):
        m = re.search(rb"\n" + ref + rb" 0 obj\n(.*?)stream\n", pdf, re.S)
        assert m, ref
        start = m.end()
        end = pdf.index(b"endstream", start)
        out.append(zlib.decompress(pdf[start:end].rstrip(b"\r\n")))
    return out


def test_pdf_embeds_cjk_font_as_truetype(bare_font_manager):
    style.use_style()
    fig = _draw_cjk_figure()
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(buf, format="pdf")
    pdf = buf.getvalue()
    assert b"/Type3" not in pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+NotoSansSC-Regular", pdf)
    assert b"/CIDFontType2" in pdf
    streams = _font_file_streams(pdf)
    assert len(streams) == 2  # DejaVu Sans and Noto Sans SC
    # TrueType outlines: sfnt version 0x00010000, not 'OTTO' (CFF), with a glyf table
    for data in streams:
        assert data[:4] == b"\x00\x01\x00\x00"
        assert b"glyf" in data[12 : 12 + 16 * int.from_bytes(data[4:6], "big")]
