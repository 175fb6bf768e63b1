"""A second held-out genre variant: a prefecture circular as a two-page PDF with a ruled table.

Written for issue 18 after the rules were tuned on the other variants and never used
to tune them (another province: Hunan). The sentences are our own; the places come
from the division table. The PDF is generated here with fpdf2 (a ruled table through
``FPDF.table``, a page-number line ``— 1 —`` that splits the word 牵头). The gold
(:data:`GOLD`, :data:`PLACE`, :data:`CODES`) was written by hand before the first run.
Figures are in docs/GENRES.md (``scripts/genre_figures.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf")
pytest.importorskip("pdfplumber")

NAME = "circular_zhuzhou_heldout.pdf"
TITLE = "株洲市人大常委会关于全市代表联络站建设情况的通报"
PAGE1 = [
    "各县市区人大常委会：",
    "今年以来，全市共建成代表联络站126个，组织各级人大代表进站接待群众8420人次，",
    "收集意见建议1315条，办结率、满意率分别为93.2%、96.8%。各县市联络站建设情况如下：",
]
HEADER = ["县市", "联络站（个）", "接待群众（人次）", "收集建议（条）"]
ROWS = [
    ["醴陵市", "38", "2610", "402"],
    ["攸县", "31", "2045", "337"],
    ["茶陵县", "27", "1890", "296"],
    ["合计", "96", "6545", "1035"],
]
PAGE1_END = "市人大常委会要求各联络站每月接待群众不少于2次，每站由1名县级人大代表牵"
PAGE2 = [
    "头联系，群众反映的问题由联络站交办、跟踪督办并及时答复。",
    "二、下一步工作",
    "1.推进联络站标准化建设。",
]
#: (evidence in the parsed text, occurrence, value or None for a trap, subject_place)
GOLD = [
    ("126个", 1, 126, "株洲市"),
    ("8420人次", 1, 8420, "株洲市"),
    ("1315条", 1, 1315, "株洲市"),
    ("93.2%", 1, 93.2, "株洲市"),
    ("96.8%", 1, 96.8, "株洲市"),
    ("| 38 |", 1, 38, "醴陵市"),
    ("| 2610 |", 1, 2610, "醴陵市"),
    ("| 402 |", 1, 402, "醴陵市"),
    ("| 31 |", 1, 31, "攸县"),
    ("| 2045 |", 1, 2045, "攸县"),
    ("| 337 |", 1, 337, "攸县"),
    ("| 27 |", 1, 27, "茶陵县"),
    ("| 1890 |", 1, 1890, "茶陵县"),
    ("| 296 |", 1, 296, "茶陵县"),
    ("| 96 |", 1, 96, "株洲市"),
    ("| 6545 |", 1, 6545, "株洲市"),
    ("| 1035 |", 1, 1035, "株洲市"),
    ("2次", 1, None, ""),  # threshold: 不少于2次
    ("1名", 1, None, ""),  # rule: 每站由1名…
    ("1.推进", 1, None, ""),  # list number
]
PLACE = "株洲市"
#: mechanisms by the codebook's definitions (written before the first run)
CODES = {"liaison_station", "key_suggestion_supervision"}


def make_pdf(path: Path) -> Path:
    """The two-page circular (one ruled table on page 1, page-number lines)."""
    from democracy_study.plots.fonts import cjk_font_path

    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", str(cjk_font_path()))
    pdf.add_font("cjk", "B", str(cjk_font_path()))  # table headings are set in bold
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.set_xy(20, 20)
    pdf.cell(0, 8, TITLE)
    pdf.set_font("cjk", size=11)
    y = 40.0
    for k, line in enumerate(PAGE1):
        pdf.set_xy(20 + (8 if k == 1 else 0), y)
        pdf.cell(0, 6, line)
        y += 6.5
    pdf.set_xy(20, y + 4)
    with pdf.table(col_widths=(30, 40, 50, 40), text_align="CENTER", width=160) as table:
        for r in [HEADER, *ROWS]:
            row = table.row()
            for c in r:
                row.cell(c)
    pdf.set_xy(28, pdf.get_y() + 8)
    pdf.cell(0, 6, PAGE1_END)
    pdf.set_font("cjk", size=10)
    pdf.set_xy(95, 280)
    pdf.cell(20, 6, "— 1 —")
    pdf.add_page()
    pdf.set_font("cjk", size=11)
    y = 20.0
    for k, line in enumerate(PAGE2):
        pdf.set_xy(20 + (8 if k else 0), y + (4 if k else 0))
        pdf.cell(0, 6, line)
        y += 6.5 + (4 if k else 0)
    pdf.set_font("cjk", size=10)
    pdf.set_xy(95, 280)
    pdf.cell(20, 6, "— 2 —")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from democracy_study.corpus import parse_reports

    path = make_pdf(tmp_path_factory.mktemp("genres") / NAME)
    return parse_reports([path], cache=False)


def evaluate(corpus) -> dict[str, float]:
    """Fact P/R, trap accuracy and place accuracy, as in tests/test_genres.py."""
    from democracy_study.parse.quantities import FACT_KINDS

    text = corpus.texts[NAME]
    q = corpus.quantities
    mine = q[q["kind"].isin(FACT_KINDS) & (q["source_file"] == NAME)]
    matched: set[int] = set()
    found = n_facts = traps_ok = n_traps = places_ok = n_places = 0
    for evidence, occ, value, place in GOLD:
        at = -1
        for _ in range(occ):
            at = text.find(evidence, at + 1)
        assert at >= 0, evidence
        end = at + len(evidence)
        while at < end and text[at] in "| ":
            at += 1
        while end > at and text[end - 1] in "| ":
            end -= 1
        over = mine[(mine["char_start"] < end) & (mine["char_end"] > at)]
        if value is None:
            n_traps += 1
            traps_ok += over.empty
            continue
        n_facts += 1
        for idx, r in over.iterrows():
            if idx not in matched and r["value"] == float(value):
                matched.add(idx)
                found += 1
                n_places += 1
                places_ok += r["subject_place"] == place
                break
    reps = corpus.reports[
        (corpus.reports["source_file"] == NAME) & (corpus.reports["kind"] == "report")
    ]
    n_places += 1
    places_ok += bool(len(reps)) and reps.iloc[0]["place"] == PLACE
    return {
        "facts": n_facts,
        "precision": len(matched) / len(mine) if len(mine) else 1.0,
        "recall": found / n_facts,
        "traps": n_traps,
        "trap_accuracy": traps_ok / n_traps,
        "places": n_places,
        "place_accuracy": places_ok / n_places,
    }


def test_the_page_number_line_is_furniture_and_the_word_is_joined(corpus):
    text = corpus.texts[NAME]
    assert "牵头联系" in text and "— 1 —" not in text
    notes = corpus.quality[corpus.quality["source_file"] == NAME]
    assert (notes["issue"] == "page_furniture").sum() == 2


def test_the_ruled_table_gives_one_cell_per_quantity(corpus):
    text = corpus.texts[NAME]
    assert "| 醴陵市 | 38 | 2610 | 402 |" in text
    q = corpus.quantities
    cell = q[(q["source_file"] == NAME) & (q["evidence"] == "2610")].iloc[0]
    assert (cell["unit"], cell["subject_place"]) == ("人次", "醴陵市")


def test_held_out_pdf_figures(corpus):
    """Measured, not tuned on: see docs/GENRES.md."""
    got = evaluate(corpus)
    assert got["precision"] >= 0.97 and got["recall"] >= 0.97, got
    assert got["trap_accuracy"] >= 0.97, got
    assert got["place_accuracy"] == 1.0, got


def test_docs_genres_figures_are_current():
    """docs/GENRES.md holds the figures scripts/genre_figures.py computes (not typed)."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(
        "genre_figures", root / "scripts" / "genre_figures.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = mod.table(*mod.figures())
    doc = (root / "docs" / "GENRES.md").read_text(encoding="utf-8")
    assert text in doc, "docs/GENRES.md is stale: run scripts/genre_figures.py --write"
