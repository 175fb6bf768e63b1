"""The one axes/palette/style helper of democracy_study.plots.style, the package façade,
and the analysis moved to democracy_study.coding.patterns (hand-made matrices)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import democracy_study.plots as plots
from democracy_study.coding import patterns
from democracy_study.plots import style

PLOT_MODULES = ("corpus", "mechanisms", "networks", "inference")


@pytest.fixture(autouse=True)
def _clean():
    with matplotlib.rc_context():
        yield
    plt.close("all")


# ---------------------------------------------------------------- style helpers


def test_figure_axes_new_and_given():
    fig, ax = style.figure_axes(figsize=(2.5, 1.5))
    assert tuple(fig.get_size_inches()) == (2.5, 1.5)
    assert fig.axes == [ax]
    assert fig.get_layout_engine() is None
    assert plt.fignum_exists(fig.number)  # pyplot knows it: plt.show() displays it
    fig2, ax2 = style.figure_axes(ax, figsize=(9.0, 9.0))
    assert (fig2, ax2) == (fig, ax)
    assert tuple(fig.get_size_inches()) == (2.5, 1.5)  # a given axes' figure is not resized
    fig3, _ = style.figure_axes(layout="constrained")
    assert type(fig3.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"


def test_series_style_pairs_palette_markers_hatches_and_cycles():
    # hand: position 2 of each list; 8 + 2 = 10 wraps to 2
    assert style.series_style(2) == (style.PALETTE[2], style.MARKERS[2], style.HATCHES[2])
    assert style.series_style(10) == style.series_style(2)
    assert style.series_style(-1).color == "#000000"  # black, the last colour


def test_styled_applies_and_restores_rcparams():
    seen = {}

    @style.styled
    def draw(x):
        seen["fonttype"] = matplotlib.rcParams["pdf.fonttype"]
        seen["family"] = list(matplotlib.rcParams["font.family"])
        return x + 1

    with matplotlib.rc_context({"pdf.fonttype": 3, "font.family": ["serif"]}):
        assert draw(1) == 2
        assert matplotlib.rcParams["pdf.fonttype"] == 3
        assert matplotlib.rcParams["font.family"] == ["serif"]
    assert seen == {"fonttype": 42, "family": ["DejaVu Sans", "Noto Sans SC"]}
    assert draw.__name__ == "draw"


def test_plot_modules_have_no_private_style_or_axes_helpers():
    # one implementation: the figure families use style.figure_axes / series_style / styled
    root = Path(plots.__file__).parent
    for name in PLOT_MODULES:
        src = (root / f"{name}.py").read_text(encoding="utf-8")
        for pattern in (
            r"rc_context\(",
            r"register_fonts\(",
            r"PALETTE\[",
            r"MARKERS\[",
            r"\bFigure\(",
        ):
            assert not re.search(pattern, src), (name, pattern)
        assert not re.search(r"plt\.subplots\(\s*figsize", src), name


# ---------------------------------------------------------------- façade


def test_every_public_name_resolves_to_its_module():
    for name in plots.__all__:
        obj = getattr(plots, name)
        mod = plots._LAZY[name]
        assert getattr(importlib.import_module(mod), name) is obj, name


def test_names_before_the_split_are_still_importable():
    # the façade's names before style.py was split (git history), all still there
    for name in (
        "CJK_FONT_FAMILY", "CJK_FONT_PACKAGE", "LABELS_FILE", "LANGUAGES", "PlaceClusters",
        "category_order", "cjk_font_path", "cooccurrence_graph", "get_language", "label",
        "place_clusters", "place_label", "place_order", "rc_params", "register_fonts",
        "set_language", "use_style",
    ):  # fmt: skip
        assert name in plots.__all__, name
    assert plots.place_clusters is patterns.place_clusters


def test_mechanisms_module_only_draws():
    from democracy_study.plots import mechanisms

    assert mechanisms.__all__ == [
        "plot_cooccurrence",
        "plot_cooccurrence_lift",
        "plot_dendrogram",
        "plot_place_mechanisms",
    ]


# ---------------------------------------------------------------- coding.patterns


def _pm() -> pd.DataFrame:
    # hand-made: P has 2 codes, Q 2, R 1, S none
    return pd.DataFrame(
        {"liaison_station": [1, 1, 0, 0], "special_inquiry": [1, 0, 1, 0],
         "deputy_mediation": [0, 1, 0, 0]},
        index=["P", "Q", "R", "S"],
    )  # fmt: skip


def test_place_order_total_breaks_ties_by_name():
    # hand: P 2, Q 2 (tie: P before Q), R 1, S 0
    assert patterns.place_order(_pm(), how="total") == ["P", "Q", "R", "S"]
    with pytest.raises(ValueError, match="how must be 'cluster' or 'total'"):
        patterns.place_order(_pm(), how="alphabetical")


def test_cooccurrence_graph_by_hand():
    g = patterns.cooccurrence_graph(_pm())
    # hand: liaison & inquiry: P -> 1; liaison & mediation: Q -> 1; inquiry & mediation: none
    assert g.edges["liaison_station", "special_inquiry"]["weight"] == 1
    assert g.edges["liaison_station", "deputy_mediation"]["weight"] == 1
    assert not g.has_edge("special_inquiry", "deputy_mediation")
    assert g.nodes["liaison_station"]["n_places"] == 2


def test_place_clusters_by_hand():
    pc = patterns.place_clusters(_pm())
    # hand: P={L,S}, Q={L,M}: |∩| = 1, |∪| = 3 -> 2/3; S has no code, R={S}: P-R 1 - 1/2 = 1/2
    assert float(pc.distance.loc["P", "Q"]) == pytest.approx(2 / 3)
    assert float(pc.distance.loc["P", "R"]) == pytest.approx(1 / 2)
    assert sorted(pc.order) == ["P", "Q", "R", "S"]
    one = patterns.place_clusters(_pm().iloc[:1])
    assert one.linkage is None and one.order == ["P"]


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ([[1, 0]], TypeError, "must be a DataFrame, not list"),
        (pd.DataFrame(), ValueError, "place_mechanisms is empty"),
        (pd.DataFrame({"a": [1, None]}), ValueError, "bad columns: missing values"),
        (pd.DataFrame({"a": [0, 3]}), ValueError, r"bad columns: \['a'\]"),
    ],
)
def test_check_place_matrix_errors_name_the_problem(bad, error, message):
    with pytest.raises(error, match=message):
        patterns.check_place_matrix(bad)


def test_unknown_code_column_is_named():
    with pytest.raises(ValueError, match="not in the codebook: made_up_code"):
        patterns.cooccurrence_graph(pd.DataFrame({"made_up_code": [1]}, index=["P"]))
