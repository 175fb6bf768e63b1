"""One figure style for the whole project: palette, fonts, labels, language.

Every figure in the package and the notebooks is drawn after :func:`use_style`,
which applies a single set of ``rcParams`` (print sizes, embedded TrueType fonts,
no timestamps) and makes Chinese glyphs available on a machine that has no
system CJK font.

The CJK font is Noto Sans SC (SIL Open Font License 1.1) from the PyPI package
``pylopdf-fonts-zh-cn``. Noto ships it with CFF (PostScript) outlines, which
matplotlib cannot embed in a PDF as a TrueType (Type 42) font, so on first use the
font is converted once to TrueType (``glyf``) outlines with fontTools (the
``otf2ttf`` recipe: cubic to quadratic curves, max error 1 font unit) and cached
under matplotlib's cache directory (or ``$DEMOCRACY_STUDY_FONT_CACHE``). The
conversion takes about 15-20 s once per machine; the file is registered with
``matplotlib.font_manager.fontManager.addfont`` at run time, nothing is copied
into matplotlib.

Labels: figures are English by default; ``set_language("zh")`` is the one-line
switch to Chinese. :func:`label` reads ``data/labels.yaml`` (and the mechanism
codebook for mechanism codes); :func:`place_label` renders a place name.

Examples
--------
>>> from democracy_study.plots import style
>>> len(style.PALETTE) >= 8 and len(style.MARKERS) == len(style.PALETTE)
True
>>> style.label("kind.money", lang="zh")
'金额'
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from democracy_study.config import PACKAGE_DATA

__all__ = [
    "CJK_FONT_FAMILY",
    "CJK_FONT_PACKAGE",
    "FIGSIZE_DOUBLE",
    "FIGSIZE_SINGLE",
    "HATCHES",
    "LABELS_FILE",
    "LANGUAGES",
    "LATIN_FONT_FAMILY",
    "MARKERS",
    "PALETTE",
    "SEQUENTIAL_CMAP",
    "category_order",
    "cjk_font_path",
    "get_language",
    "label",
    "place_label",
    "rc_params",
    "register_fonts",
    "set_language",
    "use_style",
]

#: Okabe & Ito (2008) colour-blind-safe qualitative palette (black last: it is
#: reserved for annotations when fewer than eight categories are drawn).
PALETTE: list[str] = [
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
]
#: Markers paired with PALETTE by position, so series stay distinguishable in greyscale.
MARKERS: list[str] = ["o", "s", "^", "D", "v", "P", "X", "*"]
#: Hatches paired with PALETTE by position, for bars and areas printed in greyscale.
HATCHES: list[str] = ["", "//", "..", "xx", "\\\\", "++", "--", "oo"]
#: Sequential colour map: perceptually uniform and colour-blind safe.
SEQUENTIAL_CMAP = "cividis"

#: Figure sizes in inches for a single journal column and the full text width.
FIGSIZE_SINGLE: tuple[float, float] = (3.5, 2.6)
FIGSIZE_DOUBLE: tuple[float, float] = (7.2, 4.2)

LANGUAGES = ("en", "zh")
LABELS_FILE = PACKAGE_DATA / "labels.yaml"

#: Latin text is set in DejaVu Sans, which ships with matplotlib (always present).
LATIN_FONT_FAMILY = "DejaVu Sans"
#: CJK fallback family (glyphs DejaVu Sans lacks are taken from it).
CJK_FONT_FAMILY = "Noto Sans SC"
#: PyPI distribution that ships the CJK font (requirement: ``pylopdf-fonts-zh-cn>=0.1.1``).
CJK_FONT_PACKAGE = "pylopdf-fonts-zh-cn"

# Bump when the conversion recipe changes: the cache file name includes it.
_CONVERTER_VERSION = "1"
_SVG_HASHSALT = "democracy-study"

_state: dict[str, Any] = {"lang": "en", "font_path": None}


# ---------------------------------------------------------------------------
# language and labels
# ---------------------------------------------------------------------------


def set_language(lang: str) -> None:
    """Set the language of figure labels for the session: ``'en'`` or ``'zh'``.

    Parameters
    ----------
    lang : str
        ``'en'`` (default at import) or ``'zh'``.

    Raises
    ------
    ValueError
        If *lang* is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("en")
    """
    _state["lang"] = _check_lang(lang)


def get_language() -> str:
    """Return the current label language (``'en'`` unless :func:`set_language` changed it).

    Examples
    --------
    >>> get_language() in LANGUAGES
    True
    """
    return _state["lang"]


def _check_lang(lang: str | None) -> str:
    if lang is None:
        return _state["lang"]
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    return lang


@functools.lru_cache(maxsize=1)
def _label_data() -> dict[str, Any]:
    import yaml

    with open(LABELS_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
        raise ValueError(f"{LABELS_FILE}: expected a mapping with a 'labels' mapping")
    for key, entry in data["labels"].items():
        if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
            raise ValueError(f"{LABELS_FILE}: label {key!r} must have exactly keys {LANGUAGES}")
    return data


_MISSING = object()


def label(key: str, lang: str | None = None, default: Any = _MISSING, **fields: Any) -> str:
    """Return the display label for *key* in *lang* (default: the current language).

    Keys are looked up in ``data/labels.yaml`` first; a key not found there is
    looked up as a mechanism code in the codebook
    (``democracy_study.coding.codebook.load_codebook()``) when that module exists.

    Parameters
    ----------
    key : str
        Label key, e.g. ``'kind.money'`` or ``'axis.place'``, or a mechanism code.
    lang : str, optional
        ``'en'`` or ``'zh'``; default :func:`get_language`.
    default : str, optional
        Returned when the key is unknown (instead of raising).
    **fields
        Values substituted into ``{placeholders}`` of the label.

    Raises
    ------
    KeyError
        If the key is unknown and no *default* is given.

    Examples
    --------
    >>> label("axis.place")
    'Place'
    >>> label("axis.place", lang="zh")
    '地区'
    >>> label("title.quantities_by_place", n=12, n_duplicate=2)
    'Extracted quantities by place (n = 12; 2 in duplicated passages excluded)'
    >>> label("kind.unheard_of", default="unheard_of")
    'unheard_of'
    """
    lang = _check_lang(lang)
    entry = _label_data()["labels"].get(key)
    text = entry[lang] if entry is not None else _codebook_label(key, lang)
    if text is None:
        if default is _MISSING:
            raise KeyError(f"no label for key {key!r} in {LABELS_FILE.name} or the codebook")
        return default
    return text.format(**fields) if fields else text


def _codebook_label(code: str, lang: str) -> str | None:
    """Label of a mechanism code from the codebook, or None if there is none.

    Accepted codebook shapes: a mapping ``code -> entry``, an object with a
    ``codes`` mapping or sequence (and optionally a ``families`` mapping of
    family labels), or a DataFrame with a ``code`` column. An
    entry gives its label as ``label_en``/``label_zh``, ``label: {en, zh}``, or
    ``en``/``zh`` (attributes or keys).
    """
    try:
        from democracy_study.coding import codebook
    except ImportError:
        return None
    loader = getattr(codebook, "load_codebook", None)
    if loader is None:
        return None
    book = loader()
    entry = _find_code(book, code)
    if entry is None:  # a mechanism family (``families: {family: {label_en, label_zh}}``)
        families = getattr(book, "families", None)
        entry = families.get(code) if isinstance(families, Mapping) else None
    if entry is None:
        return None
    for getter in (
        lambda e: _get(e, f"label_{lang}"),
        lambda e: _get(_get(e, "label"), lang),
        lambda e: _get(e, lang),
    ):
        value = getter(entry)
        if isinstance(value, str) and value:
            return value
    return None


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _find_code(book: Any, code: str) -> Any:
    if hasattr(book, "columns") and "code" in getattr(book, "columns", ()):
        rows = book[book["code"] == code]
        return rows.iloc[0].to_dict() if len(rows) else None
    codes = getattr(book, "codes", book)
    if isinstance(codes, Mapping):
        return codes.get(code)
    if isinstance(codes, list | tuple):
        for entry in codes:
            if _get(entry, "code") == code:
                return entry
    return None


def category_order(name: str) -> list[str]:
    """Return the fixed display order of a category (from ``labels.yaml`` ``orders``).

    Examples
    --------
    >>> category_order("quantity_kind")[:3]
    ['count', 'money', 'percent']
    """
    orders = _label_data().get("orders", {})
    if name not in orders:
        raise KeyError(f"no order {name!r} in {LABELS_FILE.name}; known: {sorted(orders)}")
    return list(orders[name])


def place_label(
    name_zh: str,
    place_en: str | None = None,
    lang: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> str:
    """Render a place: official Chinese name in ``'zh'``, English name in ``'en'``.

    In English the name is taken from *place_en*, else from *mapping*
    (``{name_zh: place_en}``, e.g. built from the reports table's ``place_en``
    column), else built from pinyin: the generic administrative suffix
    (``labels.yaml`` ``admin_suffixes``) becomes an English word and the stem is
    written in toneless pinyin with an apostrophe before a syllable that starts
    with a, o or e. Pinyin of polyphonic characters may be wrong: prefer the
    gazetteer's ``place_en``.

    Parameters
    ----------
    name_zh : str
        Official Chinese name.
    place_en : str, optional
        English name, used as is when given and not empty.
    lang : str, optional
        ``'en'`` or ``'zh'``; default :func:`get_language`.
    mapping : Mapping[str, str], optional
        Chinese name to English name.

    Raises
    ------
    ValueError
        If *name_zh* is empty or not a string.

    Examples
    --------
    >>> place_label("西安区")
    "Xi'an District"
    >>> place_label("西安区", lang="zh")
    '西安区'
    >>> place_label("某某县", place_en="Moumou")
    'Moumou'
    """
    lang = _check_lang(lang)
    if not isinstance(name_zh, str) or not name_zh.strip():
        raise ValueError(f"place name must be a non-empty string, got {name_zh!r}")
    name_zh = name_zh.strip()
    if lang == "zh":
        return name_zh
    if isinstance(place_en, str) and place_en.strip():
        return place_en.strip()
    if mapping is not None:
        mapped = mapping.get(name_zh)
        if isinstance(mapped, str) and mapped.strip():
            return mapped.strip()
    return _pinyin_name(name_zh)


@functools.lru_cache(maxsize=4096)
def _pinyin_name(name_zh: str) -> str:
    from pypinyin import Style, lazy_pinyin

    from democracy_study.text import to_simplified

    name_zh = to_simplified(name_zh)  # 區 -> 区: suffixes are listed in simplified script
    suffixes = _label_data().get("admin_suffixes", {})
    stem, word = name_zh, ""
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            stem, word = name_zh[: -len(suffix)], suffixes[suffix]
            break
    syllables = lazy_pinyin(stem, style=Style.NORMAL, errors="default")
    out = ""
    for i, syl in enumerate(syllables):
        if i and syl[:1] in ("a", "o", "e") and out[-1:].isalpha():
            out += "'"
        out += syl
    out = out[:1].upper() + out[1:]
    return f"{out} {word}" if word else out


# ---------------------------------------------------------------------------
# fonts
# ---------------------------------------------------------------------------


def _font_cache_dir() -> Path:
    env = os.environ.get("DEMOCRACY_STUDY_FONT_CACHE")
    if env:
        return Path(env)
    import matplotlib

    return Path(matplotlib.get_cachedir()) / "democracy_study"


def _cjk_source_path() -> Path:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"the CJK font package is missing: pip install '{CJK_FONT_PACKAGE}>=0.1.1'"
        ) from exc
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():  # pragma: no cover
        raise FileNotFoundError(f"{CJK_FONT_PACKAGE} is installed but {path} is missing")
    return path


def _convert_to_truetype(src: Path, dst: Path) -> None:
    """Convert a CFF-flavoured OpenType font to TrueType outlines (fontTools otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    # recalcTimestamp=False keeps head.modified: the cached file (and every PDF
    # subset taken from it) is byte-identical on every machine.
    font = TTFont(str(src), recalcTimestamp=False)
    if "glyf" in font:
        font.save(str(dst))
        return
    if "CFF " not in font:
        raise ValueError(f"{src}: neither TrueType (glyf) nor CFF outlines")
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG", "DSIG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(dst))


def cjk_font_path() -> Path:
    """Return the TrueType CJK font file, converting and caching it on first use.

    Returns
    -------
    pathlib.Path
        ``<cache>/NotoSansSC-Regular-<sha256 prefix>-ttf<version>.ttf``.

    Examples
    --------
    >>> cjk_font_path().suffix
    '.ttf'
    """
    if _state["font_path"] is not None and Path(_state["font_path"]).is_file():
        return Path(_state["font_path"])
    src = _cjk_source_path()
    digest = hashlib.sha256(src.read_bytes()).hexdigest()[:16]
    cache = _font_cache_dir()
    dst = cache / f"{src.stem}-{digest}-ttf{_CONVERTER_VERSION}.ttf"
    if not dst.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache, prefix=f".{src.stem}-", suffix=".ttf")
        os.close(fd)
        try:
            _convert_to_truetype(src, Path(tmp))
            os.chmod(tmp, 0o644)
            os.replace(tmp, dst)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    _state["font_path"] = str(dst)
    return dst


def register_fonts() -> str:
    """Register the CJK font with matplotlib (idempotent) and return its family name.

    Examples
    --------
    >>> register_fonts()
    'Noto Sans SC'
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    # Only the Regular weight of the CJK font ships; bold Chinese text falls back to it (Latin text
    # keeps DejaVu Sans Bold). matplotlib logs that fallback on every bold lookup, which would reach
    # stored notebook outputs, so the font manager's warnings are silenced here.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    if path not in known:
        font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    if name != CJK_FONT_FAMILY:  # pragma: no cover - guards a package change
        raise RuntimeError(f"{path}: expected family {CJK_FONT_FAMILY!r}, found {name!r}")
    return name


# ---------------------------------------------------------------------------
# rcParams
# ---------------------------------------------------------------------------


def rc_params() -> dict[str, Any]:
    """Return the shared rcParams (without registering fonts; see :func:`use_style`).

    Examples
    --------
    >>> rc_params()["pdf.fonttype"]
    42
    """
    from cycler import cycler

    return {
        # fonts: Latin first, CJK as per-glyph fallback; TrueType in PDF/PS
        "font.family": [LATIN_FONT_FAMILY, CJK_FONT_FAMILY],
        "font.size": 8.0,
        "axes.titlesize": 9.0,
        "axes.labelsize": 8.0,
        "xtick.labelsize": 7.0,
        "ytick.labelsize": 7.0,
        "legend.fontsize": 7.0,
        "legend.title_fontsize": 7.5,
        "figure.titlesize": 10.0,
        "axes.unicode_minus": False,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": _SVG_HASHSALT,
        "mathtext.fontset": "dejavusans",
        # layout and lines for print
        "figure.figsize": FIGSIZE_SINGLE,
        "figure.dpi": 100,
        "savefig.dpi": 300,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.02,
        "figure.constrained_layout.use": False,
        "axes.prop_cycle": cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": 0.6,
        "lines.linewidth": 1.2,
        "lines.markersize": 4.0,
        "patch.linewidth": 0.5,
        "hatch.linewidth": 0.5,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "grid.linewidth": 0.4,
        "grid.alpha": 0.5,
        "legend.frameon": False,
        "image.cmap": SEQUENTIAL_CMAP,
    }


def use_style(lang: str | None = None) -> None:
    """Apply the project style: register the CJK font and set the shared rcParams.

    Parameters
    ----------
    lang : str, optional
        Also switch the label language (``'en'`` or ``'zh'``); default: keep it.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():  # rc_context only to leave the doctest session clean
    ...     use_style()
    ...     matplotlib.rcParams["pdf.fonttype"], matplotlib.rcParams["font.family"]
    (42, ['DejaVu Sans', 'Noto Sans SC'])
    """
    import matplotlib

    if lang is not None:
        set_language(lang)
    register_fonts()
    matplotlib.rcParams.update(rc_params())
