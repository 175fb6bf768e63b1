"""Figures describing the parsed corpus (notebook 01): what was extracted, and where.

Each function takes the tables of :mod:`democracy_study.corpus` (columns as in
docs/ARCHITECTURE.md), draws on a new or given Axes with the project style, and
returns the :class:`~matplotlib.figure.Figure`. Nothing is saved: pass the figure
to :func:`democracy_study.plots.save.save_figure`.

Examples
--------
>>> import pandas as pd
>>> q = pd.DataFrame({"place": ["甲县", "甲县", "乙区"], "kind": ["count", "money", "count"],
...                   "duplicate": [False, False, False]})
>>> fig = plot_quantities_by_place(q, lang="zh")
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['甲县', '乙区']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from democracy_study.plots.labels import category_order, label, place_label
from democracy_study.plots.style import FIGSIZE_DOUBLE, HATCHES, figure_axes, series_style, styled

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_paragraph_joins", "plot_quantities_by_place"]

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


def _require(frame: Any, columns: Iterable[str], what: str) -> None:
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} table lacks column(s) {missing}; has {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{what} table is empty: nothing to plot")


def _is_missing(value: Any) -> bool:
    import pandas as pd

    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not "missing"
        return False


def _as_bool(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and isinstance(value.item(), bool):  # numpy.bool_
        return bool(value.item())
    if _is_missing(value):
        return False
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"{what}: cannot read {value!r} as True/False")
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{what}: cannot read {value!r} as True/False")


@styled
def plot_quantities_by_place(
    quantities: pd.DataFrame,
    lang: str | None = None,
    ax: Axes | None = None,
    *,
    place_en: Mapping[str, str] | None = None,
    include_duplicates: bool = False,
) -> Figure:
    """Stacked horizontal bars: extracted quantities per place, by kind.

    Places are sorted by total (largest on top; ties by Unicode order of the
    Chinese name, so 乙 U+4E59 before 甲 U+7532); kinds follow the
    order in ``labels.yaml``. Quantities inside passages flagged as duplicated
    from another report are excluded unless *include_duplicates*; the title
    states n and how many were excluded.

    Parameters
    ----------
    quantities : pandas.DataFrame
        Columns ``place``, ``kind``, ``duplicate`` (bool or ``'True'``/``'False'``);
        an optional ``place_en`` column names places in English.
    lang : str, optional
        ``'en'`` (places in pinyin/English) or ``'zh'``; default: the style language.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made otherwise.
    place_en : Mapping[str, str], optional
        ``{official Chinese name: English name}`` (e.g. from the reports table).
    include_duplicates : bool
        Count quantities in duplicated passages too.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        Missing columns, empty table, empty kind, or nothing left to plot (an empty
        place is drawn as :data:`democracy_study.corpus.UNKNOWN_PLACE`).

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"place": ["甲县", "乙区", "乙区"], "kind": ["count"] * 3,
    ...                   "duplicate": [False, False, True]})
    >>> ax = plot_quantities_by_place(q, lang="en").axes[0]
    >>> ax.get_title()
    'Extracted quantities by place (n = 2; 1 in duplicated passages excluded)'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Yi District', 'Jia County']
    """
    from matplotlib.ticker import MaxNLocator

    _require(quantities, ("place", "kind", "duplicate"), "quantities")
    mapping: dict[str, str] = {}
    if "place_en" in quantities.columns:
        for zh, en in zip(quantities["place"], quantities["place_en"], strict=True):
            if isinstance(zh, str) and isinstance(en, str) and en.strip():
                mapping.setdefault(zh, en)
    if place_en:
        mapping.update(place_en)

    counts: dict[str, dict[str, int]] = {}
    n_dup = 0
    for i, (place, kind, dup) in enumerate(
        zip(quantities["place"], quantities["kind"], quantities["duplicate"], strict=True)
    ):
        if _is_missing(place) or not str(place).strip():
            from democracy_study.corpus import UNKNOWN_PLACE  # a report whose place is unresolved

            place = UNKNOWN_PLACE
            mapping.setdefault(place, place)
        if _is_missing(kind) or not str(kind).strip():
            raise ValueError(f"quantities row {i}: empty kind")
        if _as_bool(dup, f"quantities row {i} duplicate"):
            n_dup += 1
            if not include_duplicates:
                continue
        per_place = counts.setdefault(str(place).strip(), {})
        per_place[str(kind)] = per_place.get(str(kind), 0) + 1
    if not counts:
        raise ValueError(
            f"quantities: all {n_dup} rows are in duplicated passages; "
            "nothing to plot (pass include_duplicates=True to show them)"
        )

    known = category_order("quantity_kind")
    present = {k for per in counts.values() for k in per}
    kinds = [k for k in known if k in present] + sorted(present - set(known))
    places = sorted(counts, key=lambda p: (-sum(counts[p].values()), p))
    n = sum(sum(per.values()) for per in counts.values())

    _, ax = figure_axes(ax, (FIGSIZE_DOUBLE[0], 1.0 + 0.25 * len(places)))
    ys = list(range(len(places)))
    left = [0] * len(places)
    for i, kind in enumerate(kinds):
        widths = [counts[p].get(kind, 0) for p in places]
        ax.barh(
            ys,
            widths,
            left=left,
            height=0.7,
            color=series_style(i).color,
            hatch=series_style(i).hatch,
            edgecolor="white",
            linewidth=0.5,
            label=label(f"kind.{kind}", lang=lang, default=kind),
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for y, total in zip(ys, left, strict=True):
        ax.annotate(
            str(total),
            (total, y),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    ax.set_yticks(ys, [place_label(p, lang=lang, mapping=mapping) for p in places])
    ax.invert_yaxis()
    ax.set_xlim(0, max(left) * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(label("axis.n_quantities", lang=lang))
    ax.set_ylabel(label("axis.place", lang=lang))
    key = "title.quantities_by_place_all" if include_duplicates else "title.quantities_by_place"
    ax.set_title(label(key, lang=lang, n=n, n_duplicate=n_dup))
    ax.legend(
        title=label("legend.kind", lang=lang),
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    return ax.figure


def _parse_spans(value: Any, where: str) -> list[tuple[int, int]]:
    try:
        spans = json.loads(value) if isinstance(value, str) else value
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: spans {value!r} is not valid JSON ({exc.msg})") from None
    if not isinstance(spans, list | tuple) or not spans:
        raise ValueError(
            f"{where}: spans must be a non-empty JSON list of [start, end], got {value!r}"
        )
    out = []
    for span in spans:
        if (
            not isinstance(span, list | tuple)
            or len(span) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
            or not 0 <= span[0] < span[1]
        ):
            raise ValueError(
                f"{where}: bad span {span!r} (need [start, end] with 0 <= start < end)"
            )
        out.append((span[0], span[1]))
    return out


def _parse_flags(value: Any) -> list[str]:
    if _is_missing(value):
        return []
    return sorted({f.strip() for f in str(value).split(";") if f.strip()})


@styled
def plot_paragraph_joins(
    paragraphs: pd.DataFrame,
    reports: pd.DataFrame,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Figure:
    """Paragraph-join map: one row per report, one box per paragraph.

    Box width is the paragraph's length in source characters (sum of its spans);
    boxes are laid end to end in paragraph order. Paragraphs joined from two or
    more pieces (text cut by a page or column break) are coloured and carry a
    black tick at each break; flags (``duplicate``, ``text_lost`` ...) are hatched.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        Columns ``report_id``, ``position``, ``spans`` (JSON ``[[s,e],...]``),
        ``flags`` (``;``-joined, may be empty).
    reports : pandas.DataFrame
        Columns ``report_id``, ``place``, ``place_en``, ``kind``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made otherwise.
    lang : str, optional
        ``'en'`` or ``'zh'``; default: the style language.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        Missing columns, empty tables, bad spans, duplicate (report, position),
        or a paragraph whose report is not in *reports*.

    Examples
    --------
    >>> import pandas as pd
    >>> reports = pd.DataFrame({"report_id": ["a#r01"], "place": ["甲县"],
    ...                         "place_en": ["Jia"], "kind": ["report"]})
    >>> paras = pd.DataFrame({"report_id": ["a#r01", "a#r01"], "position": [1, 2],
    ...                       "spans": ["[[0,40]]", "[[41,60],[70,90]]"], "flags": ["", ""]})
    >>> ax = plot_paragraph_joins(paras, reports, lang="en").axes[0]
    >>> ax.get_title()
    'Paragraphs joined across breaks (1 reports, 2 paragraphs, 1 joined)'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Jia · r01']
    """
    from matplotlib.patches import Patch, Rectangle

    _require(paragraphs, ("report_id", "position", "spans", "flags"), "paragraphs")
    _require(reports, ("report_id", "place", "place_en", "kind"), "reports")

    report_rows: dict[str, dict[str, Any]] = {}
    for row in reports[["report_id", "place", "place_en", "kind"]].to_dict("records"):
        rid = row["report_id"]
        if _is_missing(rid) or not str(rid).strip():
            raise ValueError("reports: empty report_id")
        if rid in report_rows:
            raise ValueError(f"reports: report_id {rid!r} appears twice")
        report_rows[rid] = row

    per_report: dict[str, list[tuple[int, list[tuple[int, int]], list[str]]]] = {
        rid: [] for rid in report_rows
    }
    for row in paragraphs[["report_id", "position", "spans", "flags"]].to_dict("records"):
        rid, pos = row["report_id"], row["position"]
        where = f"paragraph {rid!r} position {pos!r}"
        if rid not in report_rows:
            raise ValueError(f"{where}: report_id not in the reports table")
        try:
            pos_int = int(pos)
        except (TypeError, ValueError):
            raise ValueError(f"{where}: position is not an integer") from None
        if any(p == pos_int for p, _, _ in per_report[rid]):
            raise ValueError(f"{where}: position appears twice")
        per_report[rid].append(
            (pos_int, _parse_spans(row["spans"], where), _parse_flags(row["flags"]))
        )

    all_flags = sorted({f for items in per_report.values() for _, _, fl in items for f in fl})
    # flags cycle through the hatches other than the empty one
    flag_hatch = {f: HATCHES[1 + i % (len(HATCHES) - 1)] for i, f in enumerate(all_flags)}
    single_colour, joined_colour = series_style(1).color, series_style(5).color

    # rows: by source, reports before photo captions, then by id
    rids = sorted(
        per_report,
        key=lambda r: (r.rsplit("#", 1)[0], report_rows[r]["kind"] != "report", r),
    )
    # one English name per place: a caption row lacking place_en borrows its report's
    place_en: dict[str, str] = {}
    for rid in sorted(report_rows):
        rep = report_rows[rid]
        zh, en = rep["place"], rep["place_en"]
        if isinstance(zh, str) and isinstance(en, str) and en.strip():
            place_en.setdefault(zh.strip(), en.strip())
    _, ax = figure_axes(ax, (FIGSIZE_DOUBLE[0], 1.2 + 0.28 * len(rids)))
    n_paragraphs = n_joined = 0
    x_max = 0
    for y, rid in enumerate(rids):
        x = 0
        for _, spans, flags in sorted(per_report[rid], key=lambda t: t[0]):
            lengths = [e - s for s, e in spans]
            width = sum(lengths)
            joined = len(spans) > 1
            n_paragraphs += 1
            n_joined += joined
            ax.add_patch(
                Rectangle(
                    (x, y - 0.35),
                    width,
                    0.7,
                    facecolor=joined_colour if joined else single_colour,
                    edgecolor="white",
                    hatch="".join(flag_hatch[f] for f in flags) or None,
                    linewidth=0.8,
                )
            )
            cut = x
            for piece in lengths[:-1]:
                cut += piece
                ax.plot([cut, cut], [y - 0.42, y + 0.42], color="black", linewidth=1.0)
            x += width
        x_max = max(x_max, x)

    def row_label(rid: str) -> str:
        rep = report_rows[rid]
        place = rep["place"]
        en = rep["place_en"] if isinstance(rep["place_en"], str) else None
        name = (
            place_label(place, place_en=en, lang=lang, mapping=place_en)
            if isinstance(place, str) and place.strip()
            else "?"
        )
        return f"{name} · {rid.rsplit('#', 1)[-1]}"

    ax.set_yticks(range(len(rids)), [row_label(r) for r in rids])
    ax.set_ylim(len(rids) - 0.5, -0.5)
    ax.set_xlim(0, max(x_max, 1) * 1.02)
    ax.set_xlabel(label("axis.characters", lang=lang))
    ax.set_ylabel(label("axis.report", lang=lang))
    ax.set_title(
        label(
            "title.paragraph_joins",
            lang=lang,
            n_reports=len(rids),
            n_paragraphs=n_paragraphs,
            n_joined=n_joined,
        )
    )
    from matplotlib.lines import Line2D

    handles: list[Any] = [
        Patch(facecolor=single_colour, label=label("legend.single_piece", lang=lang)),
        Patch(facecolor=joined_colour, label=label("legend.joined", lang=lang)),
        Line2D([], [], color="black", linewidth=1.0, label=label("legend.break", lang=lang)),
    ]
    for f in all_flags:
        handles.append(
            Patch(
                facecolor="0.55",
                edgecolor="white",
                hatch=flag_hatch[f],
                label=label(f"flag.{f}", lang=lang, default=f),
            )
        )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax.figure
