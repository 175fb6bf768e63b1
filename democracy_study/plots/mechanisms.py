"""Figures of mechanisms by place: heat map, co-occurrence network, dendrogram.

Every plot function returns a matplotlib Figure, accepts ``ax=`` and never
saves or shows (``democracy_study.plots.save`` saves). Colours are colour-blind
safe and survive greyscale printing: the heat map is two-tone (white / dark
cividis), families use the Okabe–Ito palette plus markers. Labels are English
by default, ``lang='zh'`` for Chinese. The co-occurrence graph and the
clustering they draw are computed in :mod:`democracy_study.coding.patterns`.

Examples
--------
>>> import pandas as pd
>>> from democracy_study.coding.patterns import cooccurrence_graph
>>> pm = pd.DataFrame({"liaison_station": [1, 1, 0], "special_inquiry": [1, 0, 1]},
...                   index=pd.Index(["甲县", "乙县", "丙县"], name="place"))
>>> fig = plot_cooccurrence(cooccurrence_graph(pm))
>>> len(fig.axes)
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from democracy_study.coding.codebook import Codebook, load_codebook
from democracy_study.coding.patterns import (
    PlaceClusters,
    check_place_matrix,
    codes_in_order,
    place_clusters,
    place_order,
)
from democracy_study.plots.labels import check_language, place_label
from democracy_study.plots.style import figure_axes, series_style, styled

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "plot_cooccurrence",
    "plot_cooccurrence_lift",
    "plot_dendrogram",
    "plot_place_mechanisms",
]


def _text(en: str, zh: str, lang: str) -> str:
    return zh if lang == "zh" else en


@styled
def plot_place_mechanisms(
    place_mechanisms: pd.DataFrame,
    codebook: Codebook | None = None,
    order: list[str] | str | None = None,
    lang: str = "en",
    ax: Axes | None = None,
    place_names: dict[str, str] | None = None,
) -> Figure:
    """Heat map of places (rows) × mechanism codes (columns, grouped by family).

    Parameters
    ----------
    place_mechanisms : DataFrame
        Place × code, 0/1 (see :func:`democracy_study.coding.coder.place_mechanisms`).
    codebook : Codebook, optional
        For code order, families and labels; default the shipped codebook.
    order : list of str or {'cluster', 'total'}, optional
        Row order; default ``'cluster'`` (Jaccard, average linkage).
    lang : {'en', 'zh'}
    ax : Axes, optional
    place_names : dict, optional
        Chinese → English place names (e.g. from ``reports.place_en``).

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"liaison_station": [1, 0], "special_inquiry": [1, 1]},
    ...                   index=pd.Index(["甲县", "乙县"], name="place"))
    >>> fig = plot_place_mechanisms(pm)
    >>> len(fig.axes[0].get_yticklabels())
    2
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap

    lang = check_language(lang)
    cb = codebook if codebook is not None else load_codebook()
    pm = check_place_matrix(place_mechanisms)
    codes = codes_in_order(pm, cb)
    if order is None or isinstance(order, str):
        rows = place_order(pm, how=order or "cluster")
    else:
        rows = [str(p) for p in order]
        missing = sorted(set(rows) ^ {str(p) for p in pm.index})
        if missing:
            raise ValueError(
                f"order must list exactly the places of the matrix; differs at: {missing}"
            )
    mat = pm.copy()
    mat.index = [str(p) for p in mat.index]
    mat = mat.loc[rows, codes]
    fig, ax = figure_axes(ax, (max(6.0, 0.24 * len(codes) + 2.5), max(2.5, 0.32 * len(rows) + 2.2)))
    cmap = ListedColormap(["#FFFFFF", plt.get_cmap("cividis")(0.15)])
    ax.imshow(mat.to_numpy(), cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax.set_xticks(np.arange(len(codes)))
    ax.set_xticklabels([cb.label(c, lang) for c in codes], rotation=90, fontsize=6)
    totals = mat.sum(axis=1)
    ax.set_yticks(np.arange(len(rows)))
    ax.set_yticklabels(
        [f"{place_label(p, lang=lang, mapping=place_names)} ({int(totals[p])})" for p in rows],
        fontsize=7,
    )
    ax.set_xticks(np.arange(-0.5, len(codes), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
    ax.grid(which="minor", color="#BBBBBB", linewidth=0.3)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    # family separators and family names above the columns
    pos = 0
    for fam in cb.families:
        n = sum(1 for c in codes if cb.family(c) == fam)
        if n == 0:
            continue
        if pos > 0:
            ax.axvline(pos - 0.5, color="black", linewidth=0.9)
        ax.text(
            pos - 0.4,
            -0.65,
            cb.family_label(fam, lang),
            ha="left",
            va="bottom",
            rotation=25,
            rotation_mode="anchor",
            fontsize=6.5,
        )
        pos += n
    ax.set_title(
        _text(
            f"Mechanisms reported by place (n = {len(rows)} places; dark = reported)",
            f"各地报道的机制（n = {len(rows)} 个地区；深色 = 有报道）",
            lang,
        ),
        fontsize=8,
        pad=48,
    )
    return fig


@styled
def plot_cooccurrence(
    graph: nx.Graph,
    lang: str = "en",
    ax: Axes | None = None,
    codebook: Codebook | None = None,
    min_weight: int = 1,
) -> Figure:
    """Draw the co-occurrence graph on a circle, codes grouped by family.

    The layout is deterministic (family order, then codebook order around the
    circle). Node size ∝ places reporting the code; edge width and darkness ∝
    places reporting both; colours and markers by family (Okabe–Ito).

    Examples
    --------
    >>> import pandas as pd
    >>> from democracy_study.coding.patterns import cooccurrence_graph
    >>> pm = pd.DataFrame({"liaison_station": [1, 1], "special_inquiry": [1, 0]}, index=["P", "Q"])
    >>> fig = plot_cooccurrence(cooccurrence_graph(pm))
    >>> fig.axes[0].get_title()[:12]
    'Co-occurrenc'
    """
    import math

    from matplotlib.lines import Line2D

    lang = check_language(lang)
    cb = codebook if codebook is not None else load_codebook()
    rank = {c: i for i, c in enumerate(cb.code_names)}
    fam_rank = {f: i for i, f in enumerate(cb.families)}
    nodes = sorted(
        graph.nodes,
        key=lambda c: (fam_rank.get(graph.nodes[c].get("family"), 99), rank.get(c, 999), c),
    )
    fig, ax = figure_axes(ax, (7.2, 7.6))
    n = max(len(nodes), 1)
    pos = {
        c: (
            math.cos(math.pi / 2 - 2 * math.pi * i / n),
            math.sin(math.pi / 2 - 2 * math.pi * i / n),
        )
        for i, c in enumerate(nodes)
    }
    wmax = max((d["weight"] for _, _, d in graph.edges(data=True)), default=1)
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1])):
        if d["weight"] < min_weight:
            continue
        t = d["weight"] / wmax
        ax.plot(
            *zip(pos[a], pos[b], strict=True),
            color=str(round(0.85 - 0.65 * t, 3)),
            linewidth=0.3 + 2.2 * t,
            zorder=1,
        )
    nmax = max((graph.nodes[c].get("n_places", 1) for c in nodes), default=1)
    fams_seen: list[str] = []
    for c in nodes:
        fam = graph.nodes[c].get("family", "")
        k = fam_rank.get(fam, -1)
        if fam not in fams_seen:
            fams_seen.append(fam)
        size = 30 + 170 * graph.nodes[c].get("n_places", 1) / nmax
        ax.scatter(
            *pos[c],
            s=size,
            color=series_style(k).color,
            marker=series_style(k).marker,
            edgecolors="black",
            linewidths=0.5,
            zorder=2,
        )
        x, y = pos[c]
        angle = math.degrees(math.atan2(y, x))
        flip = x < 0
        ax.text(
            1.1 * x,
            1.1 * y,
            cb.label(c, lang) if c in cb else c,
            fontsize=6,
            rotation=angle + 180 if flip else angle,
            rotation_mode="anchor",
            ha="right" if flip else "left",
            va="center",
        )
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=series_style(fam_rank[f]).marker,
            color=series_style(fam_rank[f]).color,
            markeredgecolor="black",
            label=cb.family_label(f, lang),
        )
        for f in fams_seen
        if f in fam_rank
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.03), fontsize=6, ncol=4)
    ax.set_xlim(-2.7, 2.7)
    ax.set_ylim(-2.7, 2.7)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        _text(
            f"Co-occurrence of reported mechanisms ({graph.number_of_nodes()} codes; edge = places reporting both)",
            f"机制共现（{graph.number_of_nodes()} 个机制；连线粗细 = 同时报道的地区数）",
            lang,
        ),
        fontsize=8,
    )
    return fig


@styled
def plot_dendrogram(
    clusters: PlaceClusters | pd.DataFrame,
    lang: str = "en",
    ax: Axes | None = None,
    place_names: dict[str, str] | None = None,
    support=None,
) -> Figure:
    """Dendrogram of places (Jaccard distance between their code sets).

    Parameters
    ----------
    clusters : PlaceClusters or DataFrame
        A :func:`place_clusters` result, or a place × code matrix.
    support : sequence of float, optional
        Bootstrap support of each linkage row
        (:func:`democracy_study.graphs.dendrogram_support`), written as a
        percentage at each merge.

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1]}, index=["P", "Q", "R"])
    >>> fig = plot_dendrogram(pm)
    >>> fig.axes[0].get_xlabel()
    'Jaccard distance between code sets'
    """
    from scipy.cluster import hierarchy

    lang = check_language(lang)
    pc = clusters if isinstance(clusters, PlaceClusters) else place_clusters(clusters)
    if pc.linkage is None:
        raise ValueError("a dendrogram needs at least two places")
    fig, ax = figure_axes(ax, (4.5, max(2.5, 0.3 * len(pc.places) + 1)))
    labels = [place_label(p, lang=lang, mapping=place_names) for p in pc.places]
    dn = hierarchy.dendrogram(
        pc.linkage,
        labels=labels,
        orientation="left",
        ax=ax,
        color_threshold=0,
        above_threshold_color="black",
        link_color_func=lambda _k: "black",
    )
    if support is not None:
        # scipy puts leaf k (in leaf order) at 5 + 10 k and a merge midway between its children
        n = len(pc.places)
        ypos = {leaf: 5.0 + 10.0 * k for k, leaf in enumerate(dn["leaves"])}
        for j, (a, b, h, _) in enumerate(pc.linkage):
            ypos[n + j] = (ypos[int(a)] + ypos[int(b)]) / 2
            ax.text(
                h,
                ypos[n + j],
                f"{100 * support[j]:.0f}",
                fontsize=5.5,
                ha="right",
                va="bottom",
                color="0.3",
            )
    ax.set_xlabel(_text("Jaccard distance between code sets", "机制集合的 Jaccard 距离", lang))
    if support is not None:
        ax.text(
            0.0,
            1.0,
            _text(
                "numbers: bootstrap support (%, codes resampled)",
                "数字：自助法支持度（%，重抽机制）",
                lang,
            ),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=6,
            color="0.3",
        )
    ax.set_title(
        _text(
            f"Places clustered by reported mechanisms (n = {len(pc.places)}, {pc.method} linkage)",
            f"按报道机制聚类的地区（n = {len(pc.places)}，{pc.method} 连接）",
            lang,
        ),
        fontsize=8,
    )
    ax.tick_params(axis="y", labelsize=7)
    return fig


@styled
def plot_cooccurrence_lift(
    graph: nx.Graph,
    lang: str = "en",
    ax: Axes | None = None,
    n_null: int | None = None,
    max_p: float | None = None,
) -> Figure:
    """The co-occurrence circle with edges weighted by excess over a fixed-marginal null.

    ``graph`` is :func:`democracy_study.graphs.lift_graph`: an edge only for
    pairs reported together more often than under the null, width ∝
    ``log2(observed / null mean)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from democracy_study.graphs import cooccurrence_lift, lift_graph
    >>> pm = pd.DataFrame({"liaison_station": [1, 1, 0], "special_inquiry": [1, 1, 0],
    ...                    "deputy_mediation": [0, 0, 1]}, index=["P", "Q", "R"])
    >>> fig = plot_cooccurrence_lift(lift_graph(pm, cooccurrence_lift(pm, n_null=20)))
    >>> fig.axes[0].get_title()[:12]
    'Co-occurrenc'
    """
    fig = plot_cooccurrence(graph, lang=lang, ax=ax, min_weight=0)
    null = f"{n_null} " if n_null else ""
    cut = f", p <= {max_p:g}" if max_p is not None else ""
    fig.axes[0].set_title(
        _text(
            f"Co-occurrence of reported mechanisms beyond a fixed-marginal null ({graph.number_of_nodes()} "
            f"codes; edge: pair reported together more often than {null}curveball nulls{cut}; "
            "width ∝ log2 ratio)",
            f"超出固定边际零模型的机制共现（{graph.number_of_nodes()} 个机制；连线：同时报道多于 {null}个 curveball "
            f"零模型{cut}，粗细 ∝ log2 比值）",
            lang,
        ),
        fontsize=7,
        wrap=True,
    )
    return fig
