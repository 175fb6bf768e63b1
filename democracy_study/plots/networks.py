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
from collections.abc import Iterable, Mapping

from democracy_study.plots.labels import label, place_label
from democracy_study.plots.style import figure_axes, series_style, styled

__all__ = [
    "plot_degree_distributions",
    "plot_example_networks",
    "plot_funnel_out_of_sample",
    "plot_metric_comparison",
    "plot_metric_panel",
    "plot_network",
    "plot_null_models",
    "plot_robustness",
    "plot_robustness_panel",
    "plot_sensitivity_tornado",
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
    prior_only: Iterable[str] | None = None,
    legend: bool = True,
):
    """Mean and central interval of one metric for each place in an ensemble.

    Places in ``prior_only`` (those whose report gives no figure to calibrate
    the metric to, e.g. no reach: their values rest on priors) are drawn hollow,
    and a legend says which marker is which.

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
    hollow = set(prior_only or ())
    s = s.assign(_y=y, _hollow=s["place"].isin(hollow))
    labels = {False: "calibrated to a reported figure", True: "priors only (no reported reach)"}
    for is_hollow, g in s.groupby("_hollow", sort=True):
        if prior_only is None and is_hollow:
            continue
        ax.errorbar(
            g["mean"],
            g["_y"],
            xerr=[g["mean"] - g[lo], g[hi] - g["mean"]],
            fmt="o",
            color=_colour(4),
            ecolor=_colour(4),
            mfc="white" if is_hollow else _colour(4),
            capsize=3,
            label=labels[bool(is_hollow)] if prior_only is not None else None,
        )
    if prior_only is not None and legend:
        ax.legend(loc="best", fontsize="small", frameon=False)
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


def _reported_rates(ax, t, y, label: str) -> None:
    """The reported funnel ratios of *t* with their qualifier intervals, at heights *y*."""
    ax.errorbar(
        t["rate_reported"],
        y,
        xerr=[t["rate_reported"] - t["rate_low"], t["rate_high"] - t["rate_reported"]],
        fmt="s",
        color=_colour(5),
        capsize=3,
        label=label,
    )


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
    result,
    metrics,
    *,
    level: float = 0.95,
    place_names: Mapping[str, str] | None = None,
    prior_only: Iterable[str] | None = None,
):
    """A 2-column grid of :func:`plot_metric_comparison`, one panel per metric.

    ``prior_only``: places drawn hollow in every panel (see :func:`plot_metric_comparison`).
    """
    import math

    import matplotlib.pyplot as plt

    metrics = list(metrics)
    rows = math.ceil(len(metrics) / 2)
    fig, axes = plt.subplots(rows, 2, figsize=(9, 3.5 * rows), layout="constrained", squeeze=False)
    for ax, m in zip(axes.ravel(), metrics, strict=False):
        plot_metric_comparison(
            result,
            m,
            ax=ax,
            level=level,
            place_names=place_names,
            prior_only=prior_only,
            legend=False,
        )
    for ax in axes.ravel()[len(metrics) :]:
        ax.set_visible(False)
    if prior_only is not None:  # one legend for all panels, below them
        handles, labels = axes.ravel()[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)
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


@styled
def plot_sensitivity_tornado(table, *, top: int = 6, metrics=None):
    """Tornado chart of a PRCC table: one panel per metric, largest |PRCC| first.

    ``table`` has columns metric, parameter, prcc, p_value
    (:func:`democracy_study.networks.prcc_sensitivity`); bars with
    p >= 0.05 are drawn hollow.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"metric": ["coverage"] * 2, "parameter": ["p_visit", "n_stations"],
    ...                   "prcc": [0.8, -0.1], "p_value": [0.001, 0.4]})
    >>> type(plot_sensitivity_tornado(t)).__name__
    'Figure'
    """
    import matplotlib.pyplot as plt
    import numpy as np

    if len(table) == 0:
        raise ValueError("sensitivity table is empty")
    metrics = list(dict.fromkeys(table["metric"])) if metrics is None else list(metrics)
    ncol = min(3, len(metrics))
    nrow = -(-len(metrics) // ncol)
    fig, axes = plt.subplots(
        nrow,
        ncol,
        figsize=(3.3 * ncol, 0.4 + 0.32 * top * nrow + 0.5 * nrow),
        layout="constrained",
        squeeze=False,
        sharex=True,
    )
    for ax, metric in zip(axes.flat, metrics, strict=False):
        t = table[(table["metric"] == metric) & table["prcc"].notna()]
        t = t.reindex(t["prcc"].abs().sort_values(ascending=False).index).head(top)[::-1]
        y = np.arange(len(t))
        sig = (t["p_value"] < 0.05).to_numpy()
        colours = [_colour(4) if v > 0 else _colour(5) for v in t["prcc"]]
        ax.barh(
            y,
            t["prcc"],
            color=[c if s_ else "none" for c, s_ in zip(colours, sig, strict=True)],
            edgecolor=colours,
        )
        ax.set_yticks(y, list(t["parameter"]), fontsize="small")
        ax.axvline(0, color="0.5", lw=0.6)
        ax.set_xlim(-1, 1)
        ax.set_title(_metric_label(metric), fontsize="small")
    for ax in list(axes.flat)[len(metrics) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("PRCC")
    return fig


@styled
def plot_null_models(table, *, place_names: Mapping[str, str] | None = None):
    """Observed metric vs its fixed-marginal null (mean, 95% interval), one panel per metric.

    ``table`` is :func:`democracy_study.networks.null_model_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"place": ["A"], "metric": ["coverage_connected"], "observed": [0.5],
    ...     "null_mean": [0.4], "null_low": [0.3], "null_high": [0.45], "n_null": [9]})
    >>> type(plot_null_models(t)).__name__
    'Figure'
    """
    import matplotlib.pyplot as plt
    import numpy as np

    if len(table) == 0:
        raise ValueError("null-model table is empty")
    metrics = list(dict.fromkeys(table["metric"]))
    places = sorted(set(table["place"]))
    fig, axes = plt.subplots(
        1,
        len(metrics),
        figsize=(3.4 * len(metrics), 0.9 + 0.32 * len(places)),
        layout="constrained",
        squeeze=False,
        sharey=True,
    )
    y = np.arange(len(places))[::-1].astype(float)
    pos = dict(zip(places, y, strict=True))
    for ax, metric in zip(axes[0], metrics, strict=True):
        t = table[table["metric"] == metric]
        yy = np.array([pos[p] for p in t["place"]])
        ax.errorbar(
            t["null_mean"],
            yy - 0.1,
            xerr=[
                (t["null_mean"] - t["null_low"]).clip(lower=0),
                (t["null_high"] - t["null_mean"]).clip(lower=0),
            ],
            fmt="o",
            color=_colour(4),
            capsize=2,
            ms=4,
            label=f"null (95% interval, n = {int(t['n_null'].min())})",
        )
        ax.plot(t["observed"], yy + 0.1, "s", color=_colour(5), ms=4, label="modelled network")
        kind = t["null"].iloc[0] if "null" in t.columns else "degree_preserving"
        null_name = {"degree_preserving": "curveball null", "density_preserving": "density null"}
        ax.set_title(f"{_metric_label(metric)}\n({null_name.get(kind, kind)})", fontsize="small")
    axes[0][0].set_yticks(y, [place_label(p, mapping=place_names) for p in places])
    axes[0][0].legend(frameon=False, fontsize="x-small", loc="best")
    return fig


_DEGREE_LABELS = {
    "deputies_per_station": "deputies per station",
    "stations_per_deputy": "stations per deputy",
    "voters_per_station": "voters per station",
}


@styled
def plot_degree_distributions(table, *, place_names: Mapping[str, str] | None = None):
    """Degree distributions of one modelled network per place (one panel per degree).

    ``table`` is :func:`democracy_study.networks.degree_table` (place, degree,
    node, value); each place's distribution is an empirical complementary CDF.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"place": ["A"] * 3, "degree": ["stations_per_deputy"] * 3,
    ...                   "node": [0, 1, 2], "value": [1.0, 2.0, 1.0]})
    >>> type(plot_degree_distributions(t)).__name__
    'Figure'
    """
    import matplotlib.pyplot as plt
    import numpy as np

    if len(table) == 0:
        raise ValueError("degree table is empty")
    degrees = [d for d in _DEGREE_LABELS if d in set(table["degree"])]
    fig, axes = plt.subplots(
        1, len(degrees), figsize=(3.4 * len(degrees), 3.0), layout="constrained", squeeze=False
    )
    places = sorted(set(table["place"]))
    for ax, deg in zip(axes[0], degrees, strict=True):
        for i, pl in enumerate(places):
            v = np.sort(table.loc[(table["degree"] == deg) & (table["place"] == pl), "value"])
            if v.size == 0:
                continue
            ccdf = 1.0 - np.arange(v.size) / v.size
            ax.step(
                v,
                ccdf,
                where="post",
                color=_colour(i % 8),
                lw=1,
                ls="-" if i < 8 else "--",
                label=place_label(pl, mapping=place_names),
            )
        ax.set_xlabel(_DEGREE_LABELS[deg])
        if deg == "voters_per_station":
            ax.set_xscale("symlog")
    axes[0][0].set_ylabel("share of nodes with at least this degree")
    axes[0][-1].legend(frameon=False, fontsize="x-small", loc="best")
    return fig


@styled
def plot_funnel_out_of_sample(table, *, ax=None, place_names: Mapping[str, str] | None = None):
    """Reported ratio of each funnel vs the ratio simulated after calibrating on another.

    ``table`` is :func:`democracy_study.networks.funnel_out_of_sample`. One
    row per (calibrated funnel, predicted funnel); in-sample rows are grey.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"place": ["A"], "role": ["out_of_sample"], "rate_reported": [0.9],
    ...     "rate_low": [0.9], "rate_high": [0.9], "sim_mean": [0.7], "sim_low": [0.6],
    ...     "sim_high": [0.8], "hit": [False], "n_draws": [50],
    ...     "calibrated_evidence": ["x"], "predicted_evidence": ["y"]})
    >>> type(plot_funnel_out_of_sample(t)).__name__
    'Figure'
    """
    import numpy as np

    if len(table) == 0:
        raise ValueError("out-of-sample funnel table is empty: no place reports two funnels")
    t = table.sort_values(["place", "role", "calibrated_evidence"], kind="stable").reset_index(
        drop=True
    )
    fig, ax = figure_axes(ax, (7.0, 1.0 + 0.55 * len(t)), layout="constrained")
    y = np.arange(len(t))[::-1].astype(float)
    oos = (t["role"] == "out_of_sample").to_numpy()
    for mask, colour, name in ((oos, _colour(4), "out of sample"), (~oos, "0.6", "in sample")):
        if not mask.any():
            continue
        s = t[mask]
        ax.errorbar(
            s["sim_mean"],
            y[mask] - 0.12,
            xerr=[
                (s["sim_mean"] - s["sim_low"]).clip(lower=0),
                (s["sim_high"] - s["sim_mean"]).clip(lower=0),
            ],
            fmt="o",
            color=colour,
            capsize=3,
            label=f"simulated, {name} (95% interval, n = {int(s['n_draws'].min())})",
        )
    _reported_rates(ax, t, y + 0.12, "reported (predicted funnel)")
    labels = [
        f"{place_label(r.place, mapping=place_names)}: {r.calibrated_evidence} → {r.predicted_evidence}"
        f"{' [on the spot]' if getattr(r, 'stage', '') == 'on_spot' else ''}"
        f" ({'hit' if r.hit else 'miss'})"
        for r in t.itertuples()
    ]
    ax.set_yticks(y, labels, fontsize="x-small")
    ax.set_xlabel(
        "issues resolved (on-spot funnels: settled on the spot) / received\n"
        "(calibrated on the left funnel, predicting the right)"
    )
    ax.legend(frameon=False, fontsize="x-small", loc="best")
    return fig
