"""Figures for the small-n analysis: outcome intervals, leave-one-out, power, QCA.

Every function returns a :class:`matplotlib.figure.Figure`, never saves and
never calls ``plt.show()``; the single-panel ones accept ``ax=`` to draw into
an existing axes. The power figures draw the table of
:func:`democracy_study.study.power_design`, which the build writes to
``data/results/power_curve.csv`` and figures 43-45 read back from it.
Every figure shows uncertainty (intervals from qualifiers, 95 % intervals,
Monte Carlo bands) and states n. Colours come from the colour-blind-safe
``democracy_study.plots.style.PALETTE`` (Okabe–Ito, through
:func:`~democracy_study.plots.style.series_style`), with markers so series stay
distinct in greyscale; every function draws under the project style.

Examples
--------
>>> import pandas as pd
>>> pc = pd.DataFrame({"test": "quasi_wald_offset", "effect": [1.0, 1.0], "n_places": [6, 12],
...     "power": [0.3, 0.7], "ci_low": [0.2, 0.6], "ci_high": [0.4, 0.8], "n_sim": 1000,
...     "dispersion_factor": 1.0})
>>> fig = plot_power_curves(pc)
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from democracy_study.plots.labels import label, place_label
from democracy_study.plots.style import figure_axes, series_style, styled

__all__ = [
    "plot_leave_one_out",
    "plot_leave_one_out_panels",
    "plot_outcome_intervals",
    "plot_outcome_panels",
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
    n_places: int | None = None,
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
    n_places : int, optional
        Places in the corpus (default: the places in *outcomes*), for the title.

    Returns
    -------
    matplotlib.figure.Figure
        An open upper end (``upper`` infinite, e.g. 以上) is drawn as an arrow
        from the lower end, not as a bar.

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
    n_all = outcomes["place"].nunique() if n_places is None else int(n_places)
    fig, ax = figure_axes(ax, (6.0, 0.45 * max(len(sel), 2) + 1.2), layout="constrained")
    y = np.arange(len(sel))
    upper = sel["upper"].to_numpy(dtype=float)
    open_end = np.isinf(upper)
    ax.hlines(
        y[~open_end],
        sel["lower"].to_numpy(dtype=float)[~open_end],
        upper[~open_end],
        color=series_style(4).color,
        linewidth=3,
        label="interval",
    )
    if open_end.any():
        ax.plot(
            sel["lower"].to_numpy(dtype=float)[open_end],
            y[open_end],
            ">",
            color=series_style(4).color,
            label="open upper end (lower end shown)",
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


def _stacked(heights: Sequence[float], width: float) -> tuple[Any, list[Any]]:
    """A figure of ``len(heights)`` axes stacked vertically, each its share of the height."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width, float(sum(heights))), layout="constrained")
    axes = fig.subplots(len(heights), 1, squeeze=False, height_ratios=list(heights))[:, 0]
    return fig, list(axes)


@styled
def plot_outcome_panels(
    outcomes: Any,
    names: Sequence[str],
    *,
    place_names: dict[str, str] | None = None,
    n_places: int | None = None,
) -> Any:
    """:func:`plot_outcome_intervals` for each outcome in *names*, one panel each (a tie).

    With one name this is :func:`plot_outcome_intervals` itself.

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"place": ["X", "Y", "X"], "outcome": ["r", "r", "s"],
    ...     "lower": [1.0, 2, 3], "point": [1.0, 2, 3], "upper": [1.0, 2, 3]})
    >>> [ax.get_xlabel() for ax in plot_outcome_panels(o, ["r", "s"]).axes]
    ['r', 's']
    """
    names = list(names)
    if not names:
        raise ValueError("no outcome to draw")
    if len(names) == 1:
        return plot_outcome_intervals(
            outcomes, names[0], place_names=place_names, n_places=n_places
        )
    counts = [int((outcomes["outcome"] == n).sum()) for n in names]
    fig, axes = _stacked([0.45 * max(c, 2) + 1.2 for c in counts], 6.0)
    for ax, name in zip(axes, names, strict=True):
        plot_outcome_intervals(outcomes, name, ax=ax, place_names=place_names, n_places=n_places)
    return fig


@styled
def plot_leave_one_out(
    result: Any,
    *,
    ax: Any = None,
    log_scale: bool = False,
    place_names: dict[str, str] | None = None,
    outcome: str | None = None,
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
    outcome : str, optional
        The outcome, named in the title (when several are drawn).

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
    of = f"{outcome}: " if outcome else ""
    ax.set_title(
        f"{of}Leave-one-place-out (n = {result.nobs}; {n_skip} not estimable)", fontsize="medium"
    )
    return fig


@styled
def plot_leave_one_out_panels(
    results: Sequence[tuple[str, Any]],
    *,
    place_names: dict[str, str] | None = None,
) -> Any:
    """:func:`plot_leave_one_out` for each ``(outcome, result)``, one panel each (a tie).

    With one result this is :func:`plot_leave_one_out` (outcome named in the title).

    Examples
    --------
    >>> import pandas as pd
    >>> from democracy_study.inference.glm import glm_test
    >>> idx = list("abcdef")
    >>> r = glm_test(pd.Series([9, 8, 7, 2, 3, 2], index=idx, name="y"),
    ...              pd.Series([1, 1, 1, 0, 0, 0], index=idx, name="m"), n_perm=0)
    >>> len(plot_leave_one_out_panels([("y", r), ("y2", r)]).axes)
    2
    """
    results = list(results)
    if not results:
        raise ValueError("no result to draw")
    if len(results) == 1:
        outcome, res = results[0]
        return plot_leave_one_out(res, place_names=place_names, outcome=outcome)
    heights = [0.4 * (res.nobs + 1) + 1.4 for _o, res in results]
    fig, axes = _stacked(heights, 6.0)
    for ax, (outcome, res) in zip(axes, results, strict=True):
        plot_leave_one_out(res, ax=ax, place_names=place_names, outcome=outcome)
    return fig


_TEST_TITLES = {
    "exact_permutation": "Exact permutation test (the analysis' test, no offset)",
    "quasi_wald_offset": "Quasi-Poisson Wald test, log-deputies offset (larger corpora)",
}


def _at_factor(table: Any, factor: float = 1.0) -> Any:
    return table[np.isclose(table["dispersion_factor"].astype(float), factor)]


@styled
def plot_power_curves(table: Any, *, target: float = 0.8, alpha: float = 0.05) -> Any:
    """Power against number of places, one panel per test, one line per effect.

    Lines are at the dispersion estimated from the data (``dispersion_factor``
    1) with Wilson 95 % Monte Carlo bands; thin dashed lines of the same colour
    show half and twice that dispersion. Effect 0 is the size of the test
    (should stay near *alpha*, dotted). With a ``prevalence`` column, each panel
    names the share of places with the mechanism it was simulated at.

    Parameters
    ----------
    table : pandas.DataFrame
        ``data/results/power_curve.csv`` (:func:`democracy_study.study.power_design`).
    target : float, default 0.8
        Reference power (dashed).
    alpha : float, default 0.05
        Nominal level (dotted).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"test": "exact_permutation", "effect": [0.0, 1.0], "n_places": 6,
    ...     "power": [0.0, 0.2], "ci_low": [0.0, 0.15], "ci_high": [0.01, 0.25], "n_sim": 1000,
    ...     "dispersion_factor": 1.0})
    >>> plot_power_curves(t).axes[0].get_title()
    "Exact permutation test (the analysis' test, no offset)"
    """
    import matplotlib.pyplot as plt

    if len(table) == 0:
        raise ValueError("power table is empty: no headline outcome to power")
    tests = [t for t in _TEST_TITLES if t in set(table["test"])]
    fig, axes = plt.subplots(
        1, len(tests), figsize=(5.2 * len(tests), 4.2), layout="constrained", squeeze=False
    )
    effects = sorted(table["effect"].astype(float).unique())
    for ax, test in zip(axes[0], tests, strict=True):
        t = table[table["test"] == test]
        for i, e in enumerate(effects):
            c = series_style(i).color
            g = _at_factor(t[t["effect"] == e]).sort_values("n_places")
            ax.fill_between(g["n_places"], g["ci_low"], g["ci_high"], color=c, alpha=0.25, lw=0)
            what = "size (no effect)" if e == 0 else f"β = {e:g} (rate ratio {math.exp(e):.2g})"
            ax.plot(g["n_places"], g["power"], marker=series_style(i).marker, color=c, label=what)
            for f in sorted(set(t["dispersion_factor"].astype(float)) - {1.0}):
                h = _at_factor(t[t["effect"] == e], f).sort_values("n_places")
                ax.plot(h["n_places"], h["power"], color=c, linestyle="--", linewidth=0.8)
        ax.axhline(target, color="0.3", linestyle="--", linewidth=1)
        ax.axhline(alpha, color="0.3", linestyle=":", linewidth=1)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(_label("axis.n_places", "Number of places"))
        title = _TEST_TITLES[test]
        if "prevalence" in t:  # the split simulated (power_curve.csv)
            shares = ", ".join(f"{p:.0%}" for p in sorted(set(t["prevalence"].astype(float))))
            title += f"\nmechanism in {shares} of the places"
        ax.set_title(title, fontsize="small")
    axes[0][0].set_ylabel("Power (share with p < 0.05; 95% Monte Carlo band)")
    n_sim = int(table["n_sim"].min())
    axes[0][-1].legend(
        fontsize="small",
        frameon=False,
        title=f"{n_sim} data sets per point; dashed: ½× and 2× dispersion",
        title_fontsize="x-small",
    )
    return fig


def _needed(table: Any, target: float) -> Any:
    import pandas as pd

    from democracy_study.inference.power import places_needed

    rows = []
    for (test, f), g in table[table["effect"] > 0].groupby(
        ["test", "dispersion_factor"], sort=True
    ):
        n = places_needed(g, power=target)
        n["test"], n["dispersion_factor"] = test, float(f)
        rows.append(n)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


@styled
def plot_places_needed(table: Any, *, target: float = 0.8) -> Any:
    """Places needed for the target power, by effect, test and dispersion.

    The point is the first number of places in the grid whose simulated power
    reaches *target*; the bar runs from where the upper Monte Carlo bound first
    reaches it to where the lower bound does. A triangle at the top of the grid
    means "not reached within the grid".

    Parameters
    ----------
    table : pandas.DataFrame
        ``data/results/power_curve.csv``.
    target : float, default 0.8

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"test": "quasi_wald_offset", "effect": 1.0, "n_places": [6, 10],
    ...     "power": [0.5, 0.9], "ci_low": [0.45, 0.85], "ci_high": [0.55, 0.95], "n_sim": 1000,
    ...     "dispersion_factor": 1.0})
    >>> type(plot_places_needed(t)).__name__
    'Figure'
    """
    need = _needed(table, target)
    if need.empty:
        raise ValueError("power table has no effect above 0")
    fig, ax = figure_axes(None, (6.4, 4.2), layout="constrained")
    combos = sorted({(t, f) for t, f in zip(need["test"], need["dispersion_factor"], strict=True)})
    width = 0.5 / max(len(combos), 1)
    effects = sorted(need["effect"].unique())
    for j, (test, f) in enumerate(combos):
        g = need[(need["test"] == test) & (need["dispersion_factor"] == f)].set_index("effect")
        x = (
            np.array([effects.index(e) for e in g.index], dtype=float)
            + (j - (len(combos) - 1) / 2) * width
        )
        style = series_style(list(_TEST_TITLES).index(test) if test in _TEST_TITLES else 0)
        ok = g["places_needed"].notna().to_numpy()
        top = g["grid_max"].to_numpy(dtype=float)
        lo = g["places_needed_optimistic"].fillna(g["grid_max"]).to_numpy(dtype=float)
        hi = g["places_needed_conservative"].fillna(g["grid_max"]).to_numpy(dtype=float)
        alpha_ = {0.5: 0.45, 1.0: 1.0, 2.0: 0.7}.get(f, 0.8)
        ax.vlines(x, lo, hi, color=style.color, alpha=alpha_, linewidth=2)
        name = "exact" if test == "exact_permutation" else "Wald/offset"
        ax.plot(x[ok], g["places_needed"].to_numpy(dtype=float)[ok], style.marker, color=style.color,
                alpha=alpha_, label=f"{name}, {f:g}× dispersion")  # fmt: skip
        ax.plot(x[~ok], top[~ok], "^", color=style.color, alpha=alpha_, markerfacecolor="none")
        for xi, ti in zip(x[~ok], top[~ok], strict=True):
            ax.annotate(f"> {ti:g}", (xi, ti), xytext=(0, 6), textcoords="offset points",
                        ha="center", fontsize="xx-small", color=style.color)  # fmt: skip
    ax.set_xticks(
        range(len(effects)), [f"β = {e:g}\n(rate ratio {math.exp(e):.2g})" for e in effects]
    )
    ax.set_ylabel(f"Places for {target:.0%} power (bar: Monte Carlo range)")
    ax.set_title("Places needed; open triangle: not reached within the grid", fontsize="medium")
    ax.legend(fontsize="x-small", frameon=False, ncol=2)
    return fig


@styled
def plot_parameter_recovery(table: Any) -> Any:
    """Bias and 95 % interval coverage of β̂ (Wald/offset design) by number of places.

    One line per true effect at the estimated dispersion; dashed: half and twice
    it. Bars: ±1.96 Monte Carlo s.e.

    Parameters
    ----------
    table : pandas.DataFrame
        ``data/results/power_curve.csv`` (rows with a ``coverage``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"test": "quasi_wald_offset", "effect": 1.0, "n_places": [6, 10],
    ...     "bias": [0.1, 0.05], "rmse": [0.5, 0.4], "coverage": [0.9, 0.93],
    ...     "coverage_mcse": [0.01, 0.01], "n_sim": 1000, "dispersion_factor": 1.0})
    >>> len(plot_parameter_recovery(t).axes)
    2
    """
    import matplotlib.pyplot as plt

    t = table[table["effect"] > 0]
    if "coverage" in t:
        t = t[t["coverage"].notna()]
    if len(t) == 0:
        raise ValueError("power table has no recovery rows (Wald design, effect above 0)")
    fig, (ax_b, ax_c) = plt.subplots(1, 2, figsize=(9.0, 3.8), layout="constrained")
    for i, e in enumerate(sorted(t["effect"].unique()), start=1):
        c = series_style(i).color
        for f in sorted(t["dispersion_factor"].astype(float).unique()):
            g = _at_factor(t[t["effect"] == e], f).sort_values("n_places")
            main = np.isclose(f, 1.0)
            kw = {"color": c, "linestyle": "-" if main else "--", "linewidth": 1.5 if main else 0.8}
            ax_b.plot(g["n_places"], g["bias"], marker=series_style(i).marker if main else None,
                      label=f"β = {e:g}" if main else None, **kw)  # fmt: skip
            if main:
                ax_c.errorbar(g["n_places"], g["coverage"], yerr=1.96 * g["coverage_mcse"],
                              marker=series_style(i).marker, capsize=3, label=f"β = {e:g}", **kw)  # fmt: skip
            else:
                ax_c.plot(g["n_places"], g["coverage"], **kw)
    ax_b.axhline(0, color="0.3", linestyle="--", linewidth=1)
    ax_b.set_ylabel("Bias of β̂ (mean estimate − true)")
    ax_c.axhline(0.95, color="0.3", linestyle="--", linewidth=1)
    ax_c.set_ylabel("Coverage of 95% intervals (±1.96 MC s.e.)")
    for ax in (ax_b, ax_c):
        ax.set_xlabel(_label("axis.n_places", "Number of places"))
    n_sim = int(t["n_sim"].min())
    ax_b.set_title(
        f"Parameter recovery, Wald/offset design ({n_sim} data sets per point)",
        fontsize="small",
        loc="left",
    )
    ax_c.legend(
        fontsize="small",
        frameon=False,
        title="dashed: ½× and 2× dispersion",
        title_fontsize="x-small",
    )
    return fig


@styled
def plot_truth_table(
    tt: Any,
    *,
    ax: Any = None,
    observed_only: bool = True,
    place_names: Mapping[str, str] | None = None,
    excluded: Sequence[str] = (),
) -> Any:
    """Draw a crisp-set truth table: conditions as filled cells, n, consistency and cases.

    Parameters
    ----------
    tt : pandas.DataFrame
        From :func:`democracy_study.inference.qca.truth_table`.
    ax : matplotlib axes, optional
    observed_only : bool, default True
        Hide configurations without cases (their count is given in the title).
    place_names : mapping, optional
        Case name → label (as :func:`~democracy_study.plots.labels.place_label`).
    excluded : sequence of str
        Conditions left out before the table was built (named under the table).

    Returns
    -------
    matplotlib.figure.Figure
        The axes span exactly the cells and the longest row label.

    Examples
    --------
    >>> import pandas as pd
    >>> from democracy_study.inference.qca import truth_table
    >>> d = pd.DataFrame({"A": [1, 0], "B": [1, 1], "Y": [1, 0]}, index=["p", "q"])
    >>> type(plot_truth_table(truth_table(d, ["A", "B"], "Y"))).__name__
    'Figure'
    """
    conditions = list(tt.attrs.get("conditions", []))
    rows = tt[tt["n"] > 0] if observed_only else tt
    n_remainder = int((tt["n"] == 0).sum())
    nr, nc = len(rows), len(conditions)
    ax_given = ax
    cells_in = 0.6 + 0.9 * (nc + 1.2)
    fig, ax = figure_axes(ax, (cells_in + 8.0, 0.45 * max(nr, 1) + 1.8), layout="constrained")
    texts = []
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
        cases = [c for c in str(r.get("cases", "") or "").split(",") if c]
        if cases:
            txt += ": " + ", ".join(place_label(c, mapping=place_names) for c in cases)
        t = ax.text(nc + 1.1, yy + 0.5, txt, va="center", fontsize="small")
        t.set_in_layout(False)  # placed by the limits below, not by the layout engine
        texts.append(t)
    ax.set_ylim(0, max(nr, 1))
    ax.set_xlim(0, nc + 1.1)
    # size the figure to the longest row label, then give the labels exactly their width
    fig.canvas.draw()
    w_px = max((t.get_window_extent().width for t in texts), default=0.0)
    pad = 0.15 * fig.dpi
    if ax_given is None:
        fig.set_size_inches(cells_in + (w_px + pad) / fig.dpi, fig.get_figheight())
    for _ in range(3):  # the layout moves a little as the limits change; settle it
        fig.canvas.draw()
        width = ax.get_window_extent().width
        if width > w_px + pad:
            ax.set_xlim(0, (nc + 1.1) * width / (width - w_px - pad))
    label = "filled: condition present; dotted: absent; outcome 1/0"
    if excluded:
        label += "\nleft out as circular: " + ", ".join(excluded)
    ax.set_xlabel(label, fontsize="small")
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
