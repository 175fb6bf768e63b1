"""The CJK font of every figure: Noto Sans SC, converted once to TrueType outlines.

The font is Noto Sans SC (SIL Open Font License 1.1) from the PyPI package
``pylopdf-fonts-zh-cn``. Noto ships it with CFF (PostScript) outlines, which
matplotlib cannot embed in a PDF as a TrueType (Type 42) font, so on first use the
font is converted once to TrueType (``glyf``) outlines with fontTools (the
``otf2ttf`` recipe: cubic to quadratic curves, max error 1 font unit) and cached
in the Python environment, ``<sys.prefix>/share/democracy_study/fonts`` (else
matplotlib's cache directory; ``$DEMOCRACY_STUDY_FONT_CACHE`` overrides both). The
environment is the right home for it: the file depends on the fontTools and font
package installed there, and it then sits beside matplotlib's own DejaVu fonts
(``<sys.prefix>/lib/...``), which keeps the PDF bytes the same wherever the
environment lives (matplotlib writes a PDF's fonts in the order of their file paths). The
conversion takes about 15-20 s once per machine; the cached file is written
atomically (:func:`democracy_study._util.atomic_write_bytes`) and registered with
``matplotlib.font_manager.fontManager.addfont`` at run time; nothing is copied
into matplotlib.

Examples
--------
>>> register_fonts()
'Noto Sans SC'
>>> cjk_font_path().suffix
'.ttf'
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from pathlib import Path
from typing import Any

from democracy_study._util import atomic_write_bytes, sha256_file

__all__ = ["CJK_FONT_FAMILY", "CJK_FONT_PACKAGE", "cjk_font_path", "register_fonts"]

#: CJK fallback family (glyphs DejaVu Sans lacks are taken from it).
CJK_FONT_FAMILY = "Noto Sans SC"
#: PyPI distribution that ships the CJK font (requirement: ``pylopdf-fonts-zh-cn>=0.1.1``).
CJK_FONT_PACKAGE = "pylopdf-fonts-zh-cn"

# Bump when the conversion recipe changes: the cache file name includes it (and the fontTools
# version, so a file converted by another fontTools is never reused).
_CONVERTER_VERSION = "2"

_state: dict[str, Any] = {"font_path": None}


def _font_cache_dir() -> Path:
    """The folder of the converted font: ``$DEMOCRACY_STUDY_FONT_CACHE``, else the environment's.

    matplotlib's PDF backend writes the embedded fonts sorted by file path. DejaVu Sans comes
    from ``<sys.prefix>/lib/.../matplotlib/mpl-data``; with the CJK font under
    ``<sys.prefix>/share`` the two keep one order (``lib`` < ``share``) in every environment,
    so a PDF made in a virtual environment elsewhere has the same bytes. A cache outside the
    environment (matplotlib's cache directory, used when the environment is read-only) sorts
    before or after it depending on where the environment lives.
    """
    env = os.environ.get("DEMOCRACY_STUDY_FONT_CACHE")
    if env:
        return Path(env)
    import sys

    in_env = Path(sys.prefix) / "share" / "democracy_study" / "fonts"
    with contextlib.suppress(OSError):
        in_env.mkdir(parents=True, exist_ok=True)
    if in_env.is_dir() and os.access(in_env, os.W_OK):
        return in_env
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


def _convert_to_truetype(src: Path) -> bytes:
    """The bytes of *src* (CFF-flavoured OpenType) with TrueType outlines (fontTools otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    # recalcTimestamp=False keeps head.modified: the cached file (and every PDF
    # subset taken from it) is byte-identical on every machine.
    font = TTFont(str(src), recalcTimestamp=False)
    out = io.BytesIO()
    if "glyf" in font:
        font.save(out)
        return out.getvalue()
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
    font.save(out)
    return out.getvalue()


def cjk_font_path() -> Path:
    """Return the TrueType CJK font file, converting and caching it on first use.

    Returns
    -------
    pathlib.Path
        ``<cache>/NotoSansSC-Regular-<sha256 prefix>-ttf<version>-ft<fontTools version>.ttf``.

    Examples
    --------
    >>> p = cjk_font_path()
    >>> p.suffix, f"-ttf{_CONVERTER_VERSION}-ft" in p.stem
    ('.ttf', True)
    """
    if _state["font_path"] is not None and Path(_state["font_path"]).is_file():
        return Path(_state["font_path"])
    import fontTools

    src = _cjk_source_path()
    digest = sha256_file(src)[:16]
    cache = _font_cache_dir()
    dst = cache / f"{src.stem}-{digest}-ttf{_CONVERTER_VERSION}-ft{fontTools.version}.ttf"
    if not dst.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(dst, _convert_to_truetype(src))
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
