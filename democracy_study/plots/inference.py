"""Figures for the small-n analysis: outcome intervals, leave-one-out, power, QCA.

Every function returns a :class:`matplotlib.figure.Figure`, accepts ``ax=``
to draw into an existing axes, never saves and never calls ``plt.show()``.
Every figure shows uncertainty (intervals from qualifiers, 95 % intervals,
Monte Carlo bands) and states n. Colours come from the colour-blind-safe
``democracy_study.plots.style.PALETTE`` (Okabe–Ito, through
:func:`~democracy_study.plots.style.series_style`), with markers so series stay
distinct in greyscale; every function draws under the project style.

Examples
--------
>>> import pandas as pd
>>> pc = pd.DataFrame({"effect": [1.0, 1.0], "n_places": [6, 12], "power": [0.3, 0.7],
...     "ci_low": [0.2, 0.6], "ci_high": [0.4, 0.8]})
>>> fig = plot_power_curves(pc)
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from democracy_study.plots.labels import label
from democracy_study.plots.style import figure_axes, series_style, styled

__all__ = [
    "plot_leave_one_out",
    "plot_outcome_intervals",
    "plot_parameter_recovery",
    "plot_places_needed",
    "plot_power_curves",
    "plot_truth_table",
]


def _label(key: str, default: str) -> str:
    return label(key, default=default)


@styled
def plot_outcome_intervals(
    outcomes: Any,
    outcome: str,
    *,
    ax: Any = None,
    place_names: dict[str, str] | None = None,
) -> Any:
    """Plot one outcome by place as an interval (lower–upper) with the point value.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Long table from :func:`democracy_study.inference.outcomes.build_outcomes`.
    outcome : str
        Outcome name, e.g. ``"resolution_rate"``.
    ax : matplotlib axes, optional
    place_names : dict, optional
        Display names for places (e.g. English names).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"place": ["X", "Y"], "outcome": "r", "lower": [0.9, 0.5],
    ...     "point": [0.95, 0.5], "upper": [1.0, 0.6]})
    >>> fig = plot_outcome_intervals(o, "r")
    >>> len(fig.axes[0].get_yticklabels())
    2
    """
    sel = outcomes[outcomes["outcome"] == outcome].dropna(subset=["lower", "upper"])
    sel = sel.sort_values(["point", "place"], kind="stable")
    n_all = outcomes["place"].nunique()
    fig, ax = figure_axes(ax, (6.0, 0.45 * max(len(sel), 2) + 1.2), layout="constrained")
    y = np.arange(len(sel))
    ax.hlines(
        y, sel["lower"], sel["upper"], color=series_style(4).color, linewidth=3, label="interval"
    )
    ax.plot(
        sel["point"],
        y,
        series_style(0).marker,
        color=series_style(5).color,
        label="point (computed: sum, or largest for stocks, of the figures)",
    )
    names = [place_names.get(p, p) if place_names else p for p in sel["place"]]
    ax.set_yticks(y, names)
    ax.set_xlabel(outcome)
    ax.set_title(f"{outcome}: reported by {len(sel)} of {n_all} places", fontsize="medium")
    ax.legend(loc="best", fontsize="small", frameon=False)
    if len(sel) == 0:
        ax.text(0.5, 0.5, "not reported by any place", ha="center", transform=ax.transAxes)
    return fig


@styled
def plot_leave_one_out(
    result: Any,
    *,
    ax: Any = None,
    log_scale: bool = False,
    place_names: dict[str, str] | None = None,
) -> Any:
    """Estimates with one place left out at a time, beside the full-sample estimate.

    Parameters
    ----------
    result : AssociationResult
        From :func:`democracy_study.inference.glm.glm_test` or ``fisher_test``.
    ax : matplotlib axes, optional
    log_scale : bool, default False
        Plot the estimate on a log axis (useful for odds ratios).
    place_names : dict, optional
        Display names for places.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from democracy_study.inference.glm import glm_test
    >>> idx = list("abcdef")
    >>> r = glm_test(pd.Series([9, 8, 7, 2, 3, 2], index=idx, name="y"),
    ...              pd.Series([1, 1, 1, 0, 0, 0], index=idx, name="m"), n_perm=0)
    >>> fig = plot_leave_one_out(r)
    >>> len(fig.axes[0].get_yticklabels())
    7
    """
    loo = result.leave_one_out()
    fig, ax = figure_axes(ax, (6.0, 0.4 * (len(loo) + 1) + 1.4), layout="constrained")
    names = place_names or {}
    labels = ["all places"] + [f"without {names.get(p, p)}" for p in loo["left_out"]]
    est = np.r_[result.estimate, loo["estimate"].to_numpy(dtype=float)]
    lo = np.r_[result.conf_int[0], loo["conf_low"].to_numpy(dtype=float)]
    hi = np.r_[result.conf_int[1], loo["conf_high"].to_numpy(dtype=float)]
    y = np.arange(len(labels))[::-1]
    finite = np.isfinite(est) & np.isfinite(lo) & np.isfinite(hi)
    ax.axvspan(result.conf_int[0], result.conf_int[1], color=series_style(1).color, alpha=0.2, lw=0)
    ax.hlines(y[finite], lo[finite], hi[finite], color=series_style(4).color, linewidth=2)
    ax.plot(est[finite], y[finite], series_style(0).marker, color=series_style(5).color)
    for yi, ok in zip(y, finite, strict=True):
        if not ok:
            ax.text(
                0.01,
                yi,
                "not estimable",
                va="center",
                fontsize="small",
                transform=ax.get_yaxis_transform(),
            )
    null = 1.0 if log_scale else 0.0
    ax.axvline(null, color="0.4", linestyle="--", linewidth=1)
    if log_scale:
        ax.set_xscale("log")
    ax.set_yticks(y, labels)
    kind = "log rate ratio" if "GLM" in str(result.method) else "estimate"
    if log_scale and kind == "log rate ratio":
        kind = "rate ratio"
    ax.set_xlabel(f"{kind} ({result.term}) with 95% interval")
    n_skip = int((~finite).sum())
    ax.set_title(
        f"Leave-one-place-out (n = {result.nobs}; {n_skip} not estimable)", fontsize="medium"
    )
    return fig


@styled
def plot_power_curves(curve: Any, *, ax: Any = None, target: float = 0.8) -> Any:
    """Power against number of places, one line per effect, with Monte Carlo bands.

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`democracy_study.inference.power.power_curve`.
    ax : matplotlib axes, optional
    target : float, default 0.8
        Horizontal reference line.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> pc = pd.DataFrame({"effect": [0.5, 0.5], "n_places": [6, 12], "power": [0.1, 0.3],
    ...     "ci_low": [0.05, 0.2], "ci_high": [0.2, 0.4], "n_sims": 100})
    >>> plot_power_curves(pc).axes[0].get_title()
    'Simulated power (100 data sets per point)'
    """
    fig, ax = figure_axes(ax, (6.0, 4.0), layout="constrained")
    for i, (e, g) in enumerate(curve.groupby("effect", sort=True)):
        g = g.sort_values("n_places")
        c = series_style(i).color
        ax.fill_between(g["n_places"], g["ci_low"], g["ci_high"], color=c, alpha=0.25, lw=0)
        ax.plot(
            g["n_places"],
            g["power"],
            marker=series_style(i).marker,
            color=c,
            label=f"β = {e:g} (rate ratio {math.exp(e):.2g})",
        )
    ax.axhline(target, color="0.3", linestyle="--", linewidth=1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(_label("axis.n_places", "Number of places"))
    ax.set_ylabel("Power (95% Monte Carlo interval)")
    n_sims = int(curve["n_sims"].iloc[0]) if "n_sims" in curve else None
    ax.set_title(
        f"Simulated power{f' ({n_sims} data sets per point)' if n_sims else ''}", fontsize="medium"
    )
    ax.legend(fontsize="small", frameon=False)
    return fig


@styled
def plot_places_needed(needed: Any, *, ax: Any = None) -> Any:
    """Places needed for the target power against effect size, with MC range.

    Parameters
    ----------
    needed : pandas.DataFrame
        From :func:`democracy_study.inference.power.places_needed`.
    ax : matplotlib axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> nd = pd.DataFrame({"effect": [0.5, 1.0], "places_needed": [float("nan"), 20.0],
    ...     "places_needed_optimistic": [40.0, 10.0],
    ...     "places_needed_conservative": [float("nan"), 40.0], "target_power": 0.8})
    >>> type(plot_places_needed(nd)).__name__
    'Figure'
    """
    fig, ax = figure_axes(ax, (6.0, 4.0), layout="constrained")
    d = needed.sort_values("effect")
    x = d["effect"].to_numpy(dtype=float)
    pt = d["places_needed"].to_numpy(dtype=float)
    opt = d["places_needed_optimistic"].to_numpy(dtype=float)
    con = d["places_needed_conservative"].to_numpy(dtype=float)
    grid_max = (
        float(d["grid_max"].max())
        if "grid_max" in d
        else float(np.nanmax(np.r_[pt, opt, con, 1.0]))
    )
    top = grid_max * 1.15
    for i, xi in enumerate(x):
        lo = opt[i] if np.isfinite(opt[i]) else top
        hi = con[i] if np.isfinite(con[i]) else top
        ax.plot(
            [xi, xi],
            [lo, hi],
            color=series_style(1).color,
            linewidth=6,
            alpha=0.6,
            solid_capstyle="butt",
            label="Monte Carlo range" if i == 0 else None,
        )
        ax.plot([xi - 0.03, xi + 0.03], [lo, lo], color=series_style(4).color, linewidth=1.5)
        ax.plot([xi - 0.03, xi + 0.03], [hi, hi], color=series_style(4).color, linewidth=1.5)
        if np.isfinite(pt[i]):
            ax.plot(
                xi,
                pt[i],
                series_style(0).marker,
                color=series_style(5).color,
                label="point estimate" if i == 0 or not np.isfinite(pt[:i]).any() else None,
            )
        else:
            ax.plot(xi, top, "^", color=series_style(5).color, markersize=8)
            ax.annotate(
                "beyond grid",
                (xi, top),
                xytext=(0, -14),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize="small",
            )
    pad = 0.15 * (x.max() - x.min()) if len(x) > 1 else 0.5
    ax.set_xlim(x.min() - pad, x.max() + pad)
    ax.set_xticks(x, [f"{e:g}\n(RR {math.exp(e):.2g})" for e in x])
    ax.set_ylim(0, top * 1.08)
    ax.set_xlabel("Effect: log rate ratio β (rate ratio)")
    target = float(d["target_power"].iloc[0]) if "target_power" in d else 0.8
    ax.set_ylabel(f"Places needed for {target:.0%} power")
    ax.set_title(
        f"How many places would an effect need? (grid up to {grid_max:g})", fontsize="medium"
    )
    ax.legend(fontsize="small", frameon=False, loc="upper right")
    return fig


@styled
def plot_parameter_recovery(recovery: Any, *, ax: Any = None) -> Any:
    """Coverage of 95 % intervals against number of places, with MC error bars.

    Parameters
    ----------
    recovery : pandas.DataFrame
        From :func:`democracy_study.inference.power.parameter_recovery`.
    ax : matplotlib axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> rec = pd.DataFrame({"effect": [1.0, 1.0], "n_places": [10, 30],
    ...     "coverage": [0.9, 0.94], "coverage_mcse": [0.03, 0.02]})
    >>> type(plot_parameter_recovery(rec)).__name__
    'Figure'
    """
    fig, ax = figure_axes(ax, (6.0, 4.0), layout="constrained")
    for i, (e, g) in enumerate(recovery.groupby("effect", sort=True)):
        g = g.sort_values("n_places")
        ax.errorbar(
            g["n_places"],
            g["coverage"],
            yerr=1.96 * g["coverage_mcse"],
            marker=series_style(i).marker,
            color=series_style(i).color,
            capsize=3,
            label=f"β = {e:g}",
        )
    ax.axhline(0.95, color="0.3", linestyle="--", linewidth=1)
    ax.set_ylim(max(0.0, float((recovery["coverage"] - 0.15).min())), 1.01)
    ax.set_xlabel(_label("axis.n_places", "Number of places"))
    ax.set_ylabel("Coverage of 95% intervals (±1.96 MC s.e.)")
    ax.set_title("Parameter recovery", fontsize="medium")
    ax.legend(fontsize="small", frameon=False)
    return fig


@styled
def plot_truth_table(tt: Any, *, ax: Any = None, observed_only: bool = True) -> Any:
    """Draw a crisp-set truth table: conditions as filled cells, n and consistency.

    Parameters
    ----------
    tt : pandas.DataFrame
        From :func:`democracy_study.inference.qca.truth_table`.
    ax : matplotlib axes, optional
    observed_only : bool, default True
        Hide configurations without cases (their count is given in the title).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from democracy_study.inference.qca import truth_table
    >>> d = pd.DataFrame({"A": [1, 0], "B": [1, 1], "Y": [1, 0]})
    >>> type(plot_truth_table(truth_table(d, ["A", "B"], "Y"))).__name__
    'Figure'
    """
    conditions = list(tt.attrs.get("conditions", []))
    rows = tt[tt["n"] > 0] if observed_only else tt
    n_remainder = int((tt["n"] == 0).sum())
    nr, nc = len(rows), len(conditions)
    fig, ax = figure_axes(ax, (1.2 + 0.9 * (nc + 2), 0.45 * max(nr, 1) + 1.6), layout="constrained")
    for i, (_, r) in enumerate(rows.iterrows()):
        yy = nr - 1 - i
        for j, c in enumerate(conditions):
            filled = int(r[c]) == 1
            ax.add_patch(
                _rect(
                    j,
                    yy,
                    series_style(4).color if filled else "white",
                    hatch="" if filled else "..",
                )
            )
        status = r["status"]
        col = {"positive": series_style(2).color, "negative": series_style(5).color}.get(
            status, "0.8"
        )
        ax.add_patch(_rect(nc, yy, col))
        code = {"positive": "1", "negative": "0"}.get(status, "?")
        ax.text(
            nc + 0.5, yy + 0.5, code, ha="center", va="center", color="white", fontweight="bold"
        )
        cons = r["consistency"]
        txt = f"n={int(r['n'])}  cons={cons:.2f}" if np.isfinite(cons) else f"n={int(r['n'])}"
        if bool(r.get("contradictory", False)):
            txt += " (contradictory)"
        ax.text(nc + 1.1, yy + 0.5, txt, va="center", fontsize="small")
    ax.set_xlim(0, nc + 3.6)
    ax.set_xlabel("filled: condition present; dotted: absent; outcome 1/0", fontsize="small")
    ax.set_ylim(0, max(nr, 1))
    ax.set_xticks(
        np.arange(nc + 1) + 0.5,
        [*conditions, str(tt.attrs.get("outcome", "outcome"))],
        rotation=30,
        ha="right",
        fontsize="small",
    )
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    ax.set_title(
        f"Truth table: {int(tt['n'].sum())} cases, {nr} observed configurations, "
        f"{n_remainder} logical remainders",
        fontsize="medium",
    )
    return fig


def _rect(x: float, y: float, color: str, hatch: str = "") -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (x + 0.05, y + 0.05), 0.9, 0.9, facecolor=color, edgecolor="0.3", hatch=hatch, linewidth=0.5
    )
