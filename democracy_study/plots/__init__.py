"""Figures: one style, one save routine, one registry, one module per figure family.

:mod:`~.style` (palette, rcParams and the helpers every plot function uses),
:mod:`~.labels` (English/Chinese labels, place names), :mod:`~.fonts` (the CJK
font), :mod:`~.save` and :mod:`~.registry`; the figure families are
:mod:`~.corpus`, :mod:`~.mechanisms`, :mod:`~.networks` and :mod:`~.inference`.
Plot functions return a :class:`matplotlib.figure.Figure` (optional ``ax=``) and
never save; :func:`save_figure` writes every file with its manifest row;
:mod:`~.registry` lists every figure the build writes.

Names load on first use, so importing the package is cheap.

Examples
--------
>>> from democracy_study.plots import save_figure
>>> callable(save_figure)
True
"""

from __future__ import annotations

from democracy_study._util import lazy_exports

_LAZY = {
    "CJK_FONT_FAMILY": "democracy_study.plots.fonts",
    "CJK_FONT_PACKAGE": "democracy_study.plots.fonts",
    "FIGSIZE_DOUBLE": "democracy_study.plots.style",
    "FIGSIZE_SINGLE": "democracy_study.plots.style",
    "FIGURE_SPECS": "democracy_study.plots.registry",
    "FORMATS": "democracy_study.plots.save",
    "FigureSpec": "democracy_study.plots.registry",
    "HATCHES": "democracy_study.plots.style",
    "LABELS_FILE": "democracy_study.plots.labels",
    "LANGUAGES": "democracy_study.plots.labels",
    "LATIN_FONT_FAMILY": "democracy_study.plots.style",
    "MANIFEST_COLUMNS": "democracy_study.plots.save",
    "MANIFEST_NAME": "democracy_study.plots.save",
    "MARKERS": "democracy_study.plots.style",
    "NAME_PATTERN": "democracy_study.plots.save",
    "PALETTE": "democracy_study.plots.style",
    "PNG_DPI": "democracy_study.plots.save",
    "SEQUENTIAL_CMAP": "democracy_study.plots.style",
    "SeriesStyle": "democracy_study.plots.style",
    "category_order": "democracy_study.plots.labels",
    "check_language": "democracy_study.plots.labels",
    "cjk_font_path": "democracy_study.plots.fonts",
    "figure_axes": "democracy_study.plots.style",
    "figure_manifest": "democracy_study.plots.save",
    "figure_spec": "democracy_study.plots.registry",
    "figure_specs": "democracy_study.plots.registry",
    "get_language": "democracy_study.plots.labels",
    "label": "democracy_study.plots.labels",
    "place_label": "democracy_study.plots.labels",
    "place_names": "democracy_study.plots.registry",
    "plot_cooccurrence": "democracy_study.plots.mechanisms",
    "plot_cooccurrence_lift": "democracy_study.plots.mechanisms",
    "plot_degree_distributions": "democracy_study.plots.networks",
    "plot_funnel_out_of_sample": "democracy_study.plots.networks",
    "plot_null_models": "democracy_study.plots.networks",
    "plot_dendrogram": "democracy_study.plots.mechanisms",
    "plot_example_networks": "democracy_study.plots.networks",
    "plot_leave_one_out": "democracy_study.plots.inference",
    "plot_leave_one_out_panels": "democracy_study.plots.inference",
    "plot_metric_comparison": "democracy_study.plots.networks",
    "plot_metric_panel": "democracy_study.plots.networks",
    "plot_network": "democracy_study.plots.networks",
    "plot_outcome_intervals": "democracy_study.plots.inference",
    "plot_outcome_panels": "democracy_study.plots.inference",
    "plot_paragraph_joins": "democracy_study.plots.corpus",
    "plot_parameter_recovery": "democracy_study.plots.inference",
    "plot_place_mechanisms": "democracy_study.plots.mechanisms",
    "plot_places_needed": "democracy_study.plots.inference",
    "plot_power_curves": "democracy_study.plots.inference",
    "plot_quantities_by_place": "democracy_study.plots.corpus",
    "plot_robustness": "democracy_study.plots.networks",
    "plot_robustness_panel": "democracy_study.plots.networks",
    "plot_truth_table": "democracy_study.plots.inference",
    "rc_params": "democracy_study.plots.style",
    "register_fonts": "democracy_study.plots.fonts",
    "render_figure": "democracy_study.plots.registry",
    "save_figure": "democracy_study.plots.save",
    "series_style": "democracy_study.plots.style",
    "set_language": "democracy_study.plots.labels",
    "styled": "democracy_study.plots.style",
    "use_style": "democracy_study.plots.style",
    # analysis drawn by plots.mechanisms; defined in coding.patterns, kept importable here
    "PlaceClusters": "democracy_study.coding.patterns",
    "cooccurrence_graph": "democracy_study.coding.patterns",
    "place_clusters": "democracy_study.coding.patterns",
    "place_order": "democracy_study.coding.patterns",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
