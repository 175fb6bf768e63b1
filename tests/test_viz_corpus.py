"""Tests for democracy_study.plots.corpus on small hand-written tables."""

from __future__ import annotations

import warnings

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from democracy_study.plots import corpus as viz_corpus
from democracy_study.plots import labels


@pytest.fixture(autouse=True)
def _clean():
    lang = labels.get_language()
    with matplotlib.rc_context():
        yield
    labels.set_language(lang)
    plt.close("all")


def _quantities() -> pd.DataFrame:
    # hand-made: 甲县 5 (count 2, money 1, percent 1, date 1), 乙區 3 (count, rule, name),
    # 丙市 4 of which 2 duplicated (count 1, money 1 kept; money, ordinal duplicated)
    return pd.DataFrame(
        {
            "place": ["甲县"] * 5 + ["乙區"] * 3 + ["丙市"] * 4,
            "kind": [
                "count", "count", "money", "percent", "date",
                "count", "rule", "name",
                "count", "money", "money", "ordinal",
            ],
            "duplicate": [False] * 10 + [True, True],
        }
    )  # fmt: skip


def _texts(labels) -> list[str]:
    return [t.get_text() for t in labels]


def _bar_totals(ax) -> dict[float, float]:
    totals: dict[float, float] = {}
    for patch in ax.patches:
        y = round(patch.get_y() + patch.get_height() / 2, 6)
        totals[y] = totals.get(y, 0) + patch.get_width()
    return totals


# ---------------------------------------------------------------- quantities by place


def test_quantities_by_place_english():
    fig = viz_corpus.plot_quantities_by_place(_quantities(), lang="en")
    assert isinstance(fig, matplotlib.figure.Figure)
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    # hand: n = 10 kept, 2 duplicated excluded
    assert (
        ax.get_title()
        == "Extracted quantities by place (n = 10; 2 in duplicated passages excluded)"
    )
    # hand: totals 5, 3, 2 -> 甲县, 乙區, 丙市 top to bottom; English names from pinyin
    assert _texts(ax.get_yticklabels()) == ["Jia County", "Yi District", "Bing City"]
    assert ax.get_xlabel() == "Number of extracted quantities"
    assert ax.get_ylabel() == "Place"
    assert _bar_totals(ax) == {0.0: 5, 1.0: 3, 2.0: 2}
    # legend: kinds present after duplicates are dropped, in the labels.yaml order
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "Kind of quantity"
    assert _texts(legend.get_texts()) == ["Count", "Money", "Percent", "Date", "Rule", "Name"]
    assert sorted(t.get_text() for t in ax.texts) == ["2", "3", "5"]


def test_quantities_by_place_counts_duplicates_on_request():
    ax = viz_corpus.plot_quantities_by_place(
        _quantities(), lang="en", include_duplicates=True
    ).axes[0]
    assert (
        ax.get_title()
        == "Extracted quantities by place (n = 12, including 2 in duplicated passages)"
    )
    # hand: 甲县 5, 丙市 4, 乙區 3
    assert _texts(ax.get_yticklabels()) == ["Jia County", "Bing City", "Yi District"]
    assert "Ordinal" in _texts(ax.get_legend().get_texts())


def test_quantities_by_place_chinese_has_no_missing_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = viz_corpus.plot_quantities_by_place(_quantities(), lang="zh")
        fig.canvas.draw()
    ax = fig.axes[0]
    assert _texts(ax.get_yticklabels()) == ["甲县", "乙區", "丙市"]
    assert ax.get_title() == "各地提取的数量表述（n = 10；已排除重复段落中的 2 项）"
    assert ax.get_xlabel() == "提取的数量表述数"


def test_quantities_by_place_follows_style_language():
    labels.set_language("zh")
    ax = viz_corpus.plot_quantities_by_place(_quantities()).axes[0]
    assert ax.get_ylabel() == "地区"


def test_quantities_by_place_english_names_from_column_and_mapping():
    q = _quantities()
    q["place_en"] = ["Jiaxian"] * 5 + [""] * 3 + [None] * 4
    ax = viz_corpus.plot_quantities_by_place(q, lang="en", place_en={"丙市": "Bingshi"}).axes[0]
    assert _texts(ax.get_yticklabels()) == ["Jiaxian", "Yi District", "Bingshi"]


def test_quantities_by_place_reads_csv_style_flags():
    q = _quantities()
    q["duplicate"] = ["False"] * 5 + ["0"] * 3 + ["", "false", "True", "1"]
    ax = viz_corpus.plot_quantities_by_place(q, lang="en").axes[0]
    assert _bar_totals(ax) == {0.0: 5, 1.0: 3, 2.0: 2}


def test_quantities_by_place_draws_on_given_axes_and_keeps_rcparams():
    matplotlib.rcParams["font.size"] = 13.0
    fig, (ax1, ax2) = plt.subplots(1, 2)
    out = viz_corpus.plot_quantities_by_place(_quantities(), lang="en", ax=ax2)
    assert out is fig
    assert not ax1.patches and ax2.patches
    assert matplotlib.rcParams["font.size"] == 13.0


def test_quantities_by_place_unknown_kind_is_shown_raw():
    q = pd.DataFrame(
        {"place": ["甲县", "甲县"], "kind": ["count", "speed"], "duplicate": [False, False]}
    )
    ax = viz_corpus.plot_quantities_by_place(q, lang="en").axes[0]
    assert _texts(ax.get_legend().get_texts()) == ["Count", "speed"]


@pytest.mark.parametrize(
    ("frame", "error", "message"),
    [
        (pd.DataFrame({"place": ["甲县"], "kind": ["count"]}), ValueError, "lacks column"),
        (pd.DataFrame({"place": [], "kind": [], "duplicate": []}), ValueError, "is empty"),
        (
            pd.DataFrame({"place": ["甲县"], "kind": ["count"], "duplicate": [True]}),
            ValueError,
            "all 1 rows",
        ),
        (
            pd.DataFrame({"place": ["甲县"], "kind": ["count"], "duplicate": ["maybe"]}),
            ValueError,
            "True/False",
        ),
        # an empty place is drawn as 'unknown place' (tests/test_cli.py), not an error
        (
            pd.DataFrame({"place": ["甲县"], "kind": [""], "duplicate": [False]}),
            ValueError,
            "empty kind",
        ),
        ([{"place": "甲县"}], TypeError, "DataFrame"),
    ],
)
def test_quantities_by_place_bad_input(frame, error, message):
    with pytest.raises(error, match=message):
        viz_corpus.plot_quantities_by_place(frame)


# ---------------------------------------------------------------- paragraph joins


def _reports() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "report_id": ["src#r02", "src#c01", "src#r01"],
            "place": ["乙區", "甲县", "甲县"],
            "place_en": ["", None, "Jiaxian"],
            "kind": ["report", "caption", "report"],
        }
    )


def _paragraphs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "report_id": ["src#r01"] * 3 + ["src#r02"] * 2 + ["src#c01"],
            "position": [3, 1, 2, 1, 2, 1],
            "spans": [
                "[[261,400]]",
                "[[0,120]]",
                "[[121,200],[230,260]]",
                "[[500,560]]",
                "[[561,600],[610,650],[700,720]]",
                "[[800,830]]",
            ],
            "flags": ["", None, "text_lost", "", "duplicate;text_lost", "duplicate"],
        }
    )


def test_paragraph_joins_layout():
    fig = viz_corpus.plot_paragraph_joins(_paragraphs(), _reports(), lang="en")
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    # hand: 3 reports, 6 paragraphs, 2 with more than one span
    assert ax.get_title() == "Paragraphs joined across breaks (3 reports, 6 paragraphs, 2 joined)"
    # rows: reports before captions; the caption borrows its report's English name
    assert _texts(ax.get_yticklabels()) == ["Jiaxian · r01", "Yi District · r02", "Jiaxian · c01"]
    boxes = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(boxes) == 6
    # hand: box (row, x, width) = sum of span lengths laid end to end in position order
    got = sorted((round(b.get_y() + b.get_height() / 2), b.get_x(), b.get_width()) for b in boxes)
    assert got == [
        (0, 0, 120), (0, 120, 109), (0, 229, 139),
        (1, 0, 60), (1, 60, 99),
        (2, 0, 30),
    ]  # fmt: skip
    # hand: break ticks at 120 + 79 = 199 (row 0) and 60 + 39 = 99, 99 + 40 = 139 (row 1)
    ticks = sorted((round(sum(line.get_ydata()) / 2), line.get_xdata()[0]) for line in ax.lines)
    assert ticks == [(0, 199), (1, 99), (1, 139)]
    # joined paragraphs coloured differently from single-piece ones
    single = {b.get_facecolor() for b in boxes if b.get_width() in (120, 139, 60, 30)}
    joined = {b.get_facecolor() for b in boxes if b.get_width() in (109, 99)}
    assert len(single) == 1 and len(joined) == 1 and single != joined
    # flags hatched: text_lost on both joined boxes, duplicate on r02 p2 and the caption
    hatched = sorted((b.get_width(), b.get_hatch()) for b in boxes if b.get_hatch())
    assert [w for w, _ in hatched] == [30, 99, 109]
    legend = _texts(ax.get_legend().get_texts())
    assert legend == [
        "One piece",
        "Joined from 2+ pieces",
        "Break inside paragraph",
        "Duplicated passage",
        "Text lost",
    ]
    assert ax.get_xlabel().startswith("Characters in source")


def test_paragraph_joins_chinese_has_no_missing_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = viz_corpus.plot_paragraph_joins(_paragraphs(), _reports(), lang="zh")
        fig.canvas.draw()
    ax = fig.axes[0]
    assert _texts(ax.get_yticklabels()) == ["甲县 · r01", "乙區 · r02", "甲县 · c01"]
    assert "重复段落" in _texts(ax.get_legend().get_texts())


def test_paragraph_joins_unknown_flag_and_list_spans():
    paras = pd.DataFrame(
        {
            "report_id": ["src#r01"],
            "position": [1],
            "spans": [[[0, 10], [12, 20]]],
            "flags": ["odd_flag"],
        }
    )
    ax = viz_corpus.plot_paragraph_joins(paras, _reports(), lang="en").axes[0]
    assert "odd_flag" in _texts(ax.get_legend().get_texts())
    # reports without paragraphs still get a (empty) row: n stated honestly
    assert ax.get_title() == "Paragraphs joined across breaks (3 reports, 1 paragraphs, 1 joined)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"report_id": "src#r09"}, "not in the reports table"),
        ({"spans": "[[5,3]]"}, "bad span"),
        ({"spans": "[]"}, "non-empty JSON list"),
        ({"spans": "[[1,2]"}, "not valid JSON"),
        ({"spans": "[[1.5,2]]"}, "bad span"),
        ({"spans": "[[1,2,3]]"}, "bad span"),
        ({"position": "x"}, "position is not an integer"),
        ({"position": 2}, "position appears twice"),
    ],
)
def test_paragraph_joins_bad_input(change, message):
    paras = _paragraphs().astype({"position": object})
    for column, value in change.items():
        paras.loc[0, column] = value
    with pytest.raises(ValueError, match=message):
        viz_corpus.plot_paragraph_joins(paras, _reports())


def test_paragraph_joins_bad_tables():
    with pytest.raises(ValueError, match="reports table lacks column"):
        viz_corpus.plot_paragraph_joins(_paragraphs(), _reports().drop(columns="place_en"))
    with pytest.raises(ValueError, match="appears twice"):
        viz_corpus.plot_paragraph_joins(_paragraphs(), pd.concat([_reports(), _reports()]))
    with pytest.raises(ValueError, match="paragraphs table is empty"):
        viz_corpus.plot_paragraph_joins(_paragraphs().iloc[0:0], _reports())
