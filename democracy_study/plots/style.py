"""One figure style for the whole project: palette, markers, rcParams, and the axes helpers.

Every figure in the package and the notebooks is drawn under :func:`rc_params`:
print sizes, embedded TrueType fonts (the CJK font of :mod:`~.fonts`), no
timestamps. :func:`use_style` applies it to the session; plot functions run
under it through :func:`styled` (which leaves the caller's rcParams as they
were), make their figure with :func:`figure_axes` and take series colours,
markers and hatches from :func:`series_style`. Labels and place names are in
:mod:`~.labels`.

Examples
--------
>>> len(PALETTE) >= 8 and len(MARKERS) == len(PALETTE)
True
>>> series_style(9) == series_style(1)  # hand: 9 mod 8 = 1
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from democracy_study.plots.fonts import CJK_FONT_FAMILY, register_fonts
from democracy_study.plots.labels import set_language

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FIGSIZE_DOUBLE",
    "FIGSIZE_SINGLE",
    "HATCHES",
    "LATIN_FONT_FAMILY",
    "MARKERS",
    "PALETTE",
    "SEQUENTIAL_CMAP",
    "SeriesStyle",
    "figure_axes",
    "rc_params",
    "series_style",
    "styled",
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

#: Latin text is set in DejaVu Sans, which ships with matplotlib (always present).
LATIN_FONT_FAMILY = "DejaVu Sans"

_SVG_HASHSALT = "democracy-study"

_F = TypeVar("_F", bound=Callable[..., Any])


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
    """Apply the project style to the session: register the CJK font, set the rcParams.

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


# ---------------------------------------------------------------------------
# the helpers every plot function uses
# ---------------------------------------------------------------------------


def styled(draw: _F) -> _F:
    """Decorator: run a plot function under the project style, then restore the caller's rcParams.

    The CJK font is registered first, so Chinese labels render on a machine
    without a system CJK font.

    Examples
    --------
    >>> import matplotlib
    >>> @styled
    ... def font_type():
    ...     return matplotlib.rcParams["pdf.fonttype"]
    >>> with matplotlib.rc_context({"pdf.fonttype": 3}):
    ...     font_type(), matplotlib.rcParams["pdf.fonttype"]
    (42, 3)
    """

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import matplotlib

        register_fonts()
        with matplotlib.rc_context(rc_params()):
            return draw(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def figure_axes(
    ax: Axes | None = None,
    figsize: tuple[float, float] = FIGSIZE_SINGLE,
    *,
    layout: str | None = None,
) -> tuple[Figure, Axes]:
    """The ``(figure, axes)`` a plot function draws on: *ax*'s figure, or a new one.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Draw here (the figure it belongs to is returned with it).
    figsize : (float, float)
        Size in inches of a new figure.
    layout : {None, 'constrained', 'tight'}
        Layout engine of a new figure (``None``: none, as ``rc_params`` sets).

    Returns
    -------
    (Figure, Axes)
        A new figure is made with :func:`matplotlib.pyplot.figure` (so
        ``plt.show()`` in a notebook displays it) and has one axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = figure_axes(figsize=(2.0, 1.0))
    >>> fig.get_size_inches().tolist(), len(fig.axes)
    ([2.0, 1.0], 1)
    >>> figure_axes(ax)[0] is fig
    True
    >>> plt.close(fig)
    """
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout=layout)
    return fig, fig.add_subplot()


class SeriesStyle(NamedTuple):
    """Colour, marker and hatch of one series (paired by position in the palette)."""

    color: str
    marker: str
    hatch: str


def series_style(i: int) -> SeriesStyle:
    """The style of the *i*-th series: ``PALETTE``, ``MARKERS``, ``HATCHES`` at ``i`` (cycling).

    Examples
    --------
    >>> series_style(4)
    SeriesStyle(color='#0072B2', marker='v', hatch='\\\\\\\\')
    >>> series_style(8).color == PALETTE[0]
    True
    """
    return SeriesStyle(
        PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)], HATCHES[i % len(HATCHES)]
    )
