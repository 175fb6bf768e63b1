"""Plots for the network models: an example network, metric comparisons,
robustness curves, funnel validation.

Every function returns a matplotlib Figure, accepts ``ax=`` where one panel
suffices, never saves and never calls ``plt.show()``. Colours are Okabe–Ito
(colour-blind safe), from :func:`democracy_study.plots.style.series_style`.

Examples
--------
>>> from democracy_study.networks import NetworkParams, draw_network
>>> p = NetworkParams.from_priors(n_deputies=20, n_stations=4, n_voters=800,
...                               n_voter_blocks=40)
>>> fig = plot_network(draw_network(p, seed=0))
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from democracy_study.plots.labels import label, place_label
from democracy_study.plots.style import figure_axes, series_style, styled

__all__ = [
    "plot_example_networks",
    "plot_funnel_validation",
    "plot_metric_comparison",
    "plot_metric_panel",
    "plot_network",
    "plot_robustness",
    "plot_robustness_panel",
]


#: Readable axis labels for the ensemble metrics (English; label keys
#: ``network.<metric>`` in ``labels.yaml`` override them when present).
_METRIC_LABELS = {
    "coverage": "share of the electorate reached",
    "coverage_connected": "share of the electorate with a path to a department",
    "station_load_gini": "Gini of voter load across stations",
    "brokerage_station_max": "largest share of voter–department paths through one station",
    "brokerage_deputy_max": "largest share of voter–department paths through one deputy",
    "path_length_mean": "mean voter–department path length (steps)",
    "resolution_rate": "issues resolved / received (simulated)",
    "robustness_targeted_mean_cutoff": "mean share cut off, targeted closures",
    "robustness_random_mean_cutoff": "mean share cut off, random closures",
    "deputies_per_station_mean": "deputies per station",
    "comembership_mean_degree": "deputies sharing a station with a deputy (mean)",
}


def _label(key: str, default: str | None = None) -> str:
    return label(key, default=default or key.replace("_", " "))


def _metric_label(metric: str) -> str:
    return _label(f"network.{metric}", _METRIC_LABELS.get(metric, metric.replace("_", " ")))


def _colour(i: int) -> str:
    return series_style(i).color


@styled
def plot_network(
    draw,
    *,
    layout_seed: int = 0,
    ax=None,
    title: str | None = None,
    place_names: Mapping[str, str] | None = None,
):
    """Draw one network readably: deputies and voters aggregated per station.

    Each station is one node; its deputies become one "deputies" node and its
    home voter blocks one "voters" node (area ∝ count); departments and the
    platform are shown as themselves (departments no station refers to are
    left out). Fixed layout seed.

    Parameters
    ----------
    draw : NetworkDraw
    layout_seed : int
        Seed of the spring layout.
    ax : matplotlib Axes, optional
    title : str, optional
        Default: the place (English name via ``place_names`` or pinyin).
    place_names : mapping, optional
        ``{name_zh: name_en}``, e.g. from the reports table.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from democracy_study.networks import NetworkParams, draw_network
    >>> p = NetworkParams.from_priors(n_deputies=12, n_stations=3, n_voters=300,
    ...     n_voter_blocks=30, mechanisms=["digital_channel"])
    >>> fig = plot_network(draw_network(p, seed=1), layout_seed=2)
    >>> len(fig.axes)
    1
    """
    import networkx as nx
    import numpy as np

    fig, ax = figure_axes(ax, (7.0, 6.0), layout="constrained")
    S, M = draw.n_stations, draw.n_departments
    H = nx.Graph()
    size: dict[str, float] = {}
    colour: dict[str, str] = {}
    kinds = {
        "station": _colour(4),
        "sector station": _colour(2),
        "deputies": _colour(0),
        "voters": _colour(1),
        "department": _colour(5),
        "platform": _colour(6),
    }
    dep_count = draw.membership.sum(axis=0)
    visit_voters = np.zeros(S)
    bv = draw.block_channel_voters()["visit"]
    np.add.at(visit_voters, draw.block_home[bv > 0], bv[bv > 0])
    dig = float(draw.block_channel_voters()["digital"].sum()) if draw.has_platform else 0.0
    vmax = max(float(visit_voters.max()) if S else 1.0, dig, 1.0)
    dmax = max(float(dep_count.max()) if S else 1.0, 1.0)
    for s in range(S):
        sn = f"s{s}"
        kind = "sector station" if draw.station_sector[s] else "station"
        H.add_node(sn)
        size[sn], colour[sn] = 120.0, kinds[kind]
        if dep_count[s]:
            dn = f"d{s}"
            H.add_edge(dn, sn)
            size[dn], colour[dn] = 30 + 300 * dep_count[s] / dmax, kinds["deputies"]
        if visit_voters[s]:
            vn = f"v{s}"
            H.add_edge(vn, sn)
            size[vn], colour[vn] = 30 + 500 * visit_voters[s] / vmax, kinds["voters"]
    referred = draw.referrals.any(axis=0)
    for m in np.nonzero(referred)[0]:  # departments no station refers to are not drawn
        H.add_node(f"m{m}")
        size[f"m{m}"], colour[f"m{m}"] = 60.0, kinds["department"]
    for s, m in zip(*np.nonzero(draw.referrals[:S]), strict=True):
        H.add_edge(f"s{s}", f"m{m}")
    if draw.has_platform:
        H.add_node("platform")
        size["platform"], colour["platform"] = 160.0, kinds["platform"]
        for m in range(M):
            H.add_edge("platform", f"m{m}")
        if dig:
            H.add_edge("vdig", "platform")
            size["vdig"], colour["vdig"] = 30 + 500 * dig / vmax, kinds["voters"]
    # deputies working at a second station link their station's deputy node
    second = draw.membership.sum(axis=1) > 1
    for i in np.nonzero(second)[0]:
        st = np.nonzero(draw.membership[i])[0]
        for a, b in itertools.pairwise(st):
            if f"d{a}" in H and f"s{b}" in H:
                H.add_edge(f"d{a}", f"s{b}")
    nodes = sorted(H.nodes)
    pos = nx.spring_layout(H.subgraph(nodes), seed=layout_seed)
    nx.draw_networkx_edges(H, pos, ax=ax, edge_color="#999999", width=0.6, alpha=0.7)
    nx.draw_networkx_nodes(
        H,
        pos,
        nodelist=nodes,
        node_size=[size[n] for n in nodes],
        node_color=[colour[n] for n in nodes],
        edgecolors="white",
        linewidths=0.5,
        ax=ax,
    )
    from matplotlib.lines import Line2D

    present = {colour[n] for n in nodes}
    handles = [
        Line2D([], [], marker="o", ls="", color=c, label=_label(k.replace(" ", "_")))
        for k, c in kinds.items()
        if c in present
    ]
    ax.legend(handles=handles, loc="upper left", fontsize="small", frameon=False)
    ax.set_axis_off()
    if title is None:
        title = place_label(draw.params.place, mapping=place_names) if draw.params.place else ""
    ax.set_title(title)
    return fig


@styled
def plot_metric_comparison(
    result,
    metric: str,
    *,
    ax=None,
    level: float = 0.95,
    place_names: Mapping[str, str] | None = None,
):
    """Mean and central interval of one metric for each place in an ensemble.

    Examples
    --------
    >>> from democracy_study.networks import NetworkParams, simulate
    >>> ps = [NetworkParams.from_priors(n_deputies=20, n_stations=4, n_voters=500,
    ...       n_voter_blocks=25, place=x) for x in "AB"]
    >>> r = simulate(ps, n=3, executor="serial", progress=False)
    >>> fig = plot_metric_comparison(r, "coverage")
    >>> fig.axes[0].get_xlabel() != ""
    True
    """
    s = result.summary(level=level)
    s = s[s["metric"] == metric]
    if s.empty:
        raise KeyError(f"no metric {metric!r} in the ensemble")
    lo, hi = s.columns[-2], s.columns[-1]
    fig, ax = figure_axes(ax, (6.0, 0.5 + 0.4 * len(s)), layout="constrained")
    y = list(range(len(s)))[::-1]
    ax.errorbar(
        s["mean"],
        y,
        xerr=[s["mean"] - s[lo], s[hi] - s["mean"]],
        fmt="o",
        color=_colour(4),
        ecolor=_colour(4),
        capsize=3,
    )
    ax.set_yticks(y, [place_label(p, mapping=place_names) for p in s["place"]])
    n = int(s["n"].min())
    ax.set_xlabel(f"{_metric_label(metric)}\n(mean, {level:.0%} interval; n = {n} draws per place)")
    return fig


@styled
def plot_robustness(
    result,
    *,
    place: str | None = None,
    ax=None,
    level: float = 0.95,
    place_names: Mapping[str, str] | None = None,
):
    """Share of voters cut off as stations close: targeted vs random, with bands.

    Examples
    --------
    >>> from democracy_study.networks import NetworkParams, simulate
    >>> p = NetworkParams.from_priors(n_deputies=20, n_stations=4, n_voters=500,
    ...                               n_voter_blocks=25, place="A")
    >>> fig = plot_robustness(simulate(p, n=3, executor="serial", progress=False))
    >>> len(fig.axes[0].lines)
    2
    """
    c = result.curve_summary(level=level)
    places = sorted(c["place"].unique())
    if place is None:
        place = places[0]
    if place not in places:
        raise KeyError(f"place {place!r} not in the ensemble")
    c = c[c["place"] == place]
    fig, ax = figure_axes(ax, (6.4, 4.0), layout="constrained")
    for i, strat in enumerate(("targeted", "random")):
        d = c[c["strategy"] == strat]
        col = _colour(5 if i == 0 else 4)
        ax.plot(d["closed_fraction"], d["mean"], marker="o", ms=3, color=col, label=strat)
        ax.fill_between(d["closed_fraction"], d["low"], d["high"], color=col, alpha=0.2, lw=0)
    ax.set_xlabel("share of stations closed")
    ax.set_ylabel("share of connected voters cut off")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(
        f"{place_label(place, mapping=place_names)} (n = {result.n} draws, {level:.0%} band)"
    )
    ax.legend(frameon=False)
    return fig


@styled
def plot_funnel_validation(table, *, ax=None, place_names: Mapping[str, str] | None = None):
    """Reported resolution rate (interval) vs simulated (interval) per place.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"place": ["A"], "rate_reported": [0.9], "rate_low": [0.85],
    ...     "rate_high": [0.95], "rate_sim_mean": [0.88], "rate_sim_low": [0.8],
    ...     "rate_sim_high": [0.93], "n_draws": [50]})
    >>> type(plot_funnel_validation(t)).__name__
    'Figure'
    """
    import numpy as np

    if len(table) == 0:
        raise ValueError("funnel validation table is empty: no place reports a funnel")
    fig, ax = figure_axes(ax, (6.0, 0.8 + 0.5 * len(table)), layout="constrained")
    y = np.arange(len(table))[::-1].astype(float)
    t = table.reset_index(drop=True)
    ax.errorbar(
        t["rate_reported"],
        y + 0.12,
        xerr=[t["rate_reported"] - t["rate_low"], t["rate_high"] - t["rate_reported"]],
        fmt="s",
        color=_colour(5),
        capsize=3,
        label="reported (qualifier interval)",
    )
    ax.errorbar(
        t["rate_sim_mean"],
        y - 0.12,
        xerr=[t["rate_sim_mean"] - t["rate_sim_low"], t["rate_sim_high"] - t["rate_sim_mean"]],
        fmt="o",
        color=_colour(4),
        capsize=3,
        label=f"simulated (95% interval, n = {int(t['n_draws'].min())})",
    )
    ax.set_yticks(y, [place_label(p, mapping=place_names) for p in t["place"]])
    ax.set_xlabel("issues resolved / issues received")
    ax.legend(frameon=False, fontsize="small", loc="best")
    return fig


@styled
def plot_example_networks(
    examples: Mapping[str, object],
    *,
    seed: int = 1,
    place_names: Mapping[str, str] | None = None,
):
    """One drawn network per family of places, side by side.

    Parameters
    ----------
    examples : mapping
        Family label → :class:`~democracy_study.networks.NetworkParams` of one place
        (see :func:`democracy_study.networks.example_places`).
    seed : int
        Seed of the draw and of the layout.
    """
    import matplotlib.pyplot as plt

    from democracy_study.networks import draw_network

    n = len(examples)
    if n == 0:
        raise ValueError("no example places to draw")
    fig, axes = plt.subplots(1, n, figsize=(3.6 * n, 3.8), layout="constrained", squeeze=False)
    for ax, (fam, params) in zip(axes[0], examples.items(), strict=True):
        title = f"{place_label(params.place, mapping=place_names)}\n({fam})"
        plot_network(draw_network(params, seed=seed), ax=ax, layout_seed=seed, title=title)
    return fig


@styled
def plot_metric_panel(
    result, metrics, *, level: float = 0.95, place_names: Mapping[str, str] | None = None
):
    """A 2-column grid of :func:`plot_metric_comparison`, one panel per metric."""
    import math

    import matplotlib.pyplot as plt

    metrics = list(metrics)
    rows = math.ceil(len(metrics) / 2)
    fig, axes = plt.subplots(rows, 2, figsize=(9, 3.5 * rows), layout="constrained", squeeze=False)
    for ax, m in zip(axes.ravel(), metrics, strict=False):
        plot_metric_comparison(result, m, ax=ax, level=level, place_names=place_names)
    for ax in axes.ravel()[len(metrics) :]:
        ax.set_visible(False)
    return fig


@styled
def plot_robustness_panel(
    result, places, *, level: float = 0.95, place_names: Mapping[str, str] | None = None
):
    """Robustness curves (targeted vs random station closure) for several places, sharing the y axis."""
    import matplotlib.pyplot as plt

    places = list(places)
    fig, axes = plt.subplots(
        1,
        len(places),
        figsize=(3.6 * len(places), 3.2),
        layout="constrained",
        sharey=True,
        squeeze=False,
    )
    for ax, pl in zip(axes[0], places, strict=True):
        plot_robustness(result, place=pl, ax=ax, level=level, place_names=place_names)
    return fig
