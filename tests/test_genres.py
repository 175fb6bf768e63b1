"""Other genres of congress reporting end to end (issue 18).

The variants in tests/data/variants/genres/ were written for these tests (our own
sentences; places from the division table): a deputy's first-person duty report, a
government's report on handling deputies' suggestions, a township presidium's work
report with a page-number line, a pasted WeChat article, a prefecture circular with a
markdown table, a saved web page of a circular with an HTML table, and (held out of
all tuning) a second saved page of another layout. Three more (a Sichuan township
presidium's work report with full-width digits and a plan section, a Zhejiang
prefecture's oversight report with a per-county markdown table, a Yunnan county news
page with a traditional-script quotation; ``*_heldout3``) were written with their gold
by a second annotator who never ran the parser; their first run is recorded in
docs/GENRES.md, and rules were then changed from their failures, so they are tuned now.
The gold (gold_quantities.csv: facts, traps and the place of each fact;
gold_places.csv; gold_mechanisms.csv) was written by hand before the rules were tuned.
Figures are in docs/GENRES.md.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from democracy_study.coding.reliability import cohen_kappa
from democracy_study.corpus import parse_reports
from democracy_study.parse.quantities import FACT_KINDS

GENRES = Path(__file__).parent / "data" / "variants" / "genres"
FILES = [
    "duty_report_runcheng.txt",
    "handling_report_yangcheng.txt",
    "presidium_beiliu.txt",
    "wechat_yuxian.txt",
    "circular_jincheng.md",
    "circular_handan_heldout.html",
    "circular_yueyang_heldout2.html",
    "township_work_report_heldout3.txt",
    "prefecture_report_heldout3.md",
    "news_web_heldout3.html",
]
#: held out of all tuning: measured and reported (docs/GENRES.md), never tuned on. The first
#: held-out page (Handan) was tuned on when the article-headline rule was written from its
#: failure, so a second page, of another layout and province, was written after that rule.
HELD_OUT = ["circular_yueyang_heldout2.html"]
TUNED = [f for f in FILES if f not in HELD_OUT]


_DELIMS = "|<> "


def _gold(name: str) -> list[dict[str, str]]:
    with open(GENRES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _nth(text: str, needle: str, n: int) -> int:
    """Offset of the *n*-th occurrence of *needle*, not counting hits inside a longer
    number (``26件`` is not found inside ``126件``)."""
    i = -1
    while n:
        i = text.find(needle, i + 1)
        if i < 0:
            return -1
        if not (needle[:1].isdigit() and i and text[i - 1].isdigit()):
            n -= 1
    return i


@pytest.fixture(scope="module")
def corpus():
    return parse_reports(sorted(GENRES / f for f in FILES), cache=False)


def evaluate(corpus) -> dict[str, dict[str, float]]:
    """Per file: fact precision/recall, trap accuracy, place accuracy (report and figures).

    A gold fact is found when a fact row overlaps its occurrence with the same value
    (each fact row matches one gold fact: a shared value needs two rows); a trap is
    right when no fact row overlaps it. Place accuracy counts the report's place and the
    ``subject_place`` of every found fact whose gold names one.
    """
    q = corpus.quantities
    facts = q[q["kind"].isin(FACT_KINDS)]
    places = {r["file"]: r for r in _gold("gold_places.csv")}
    by_file = defaultdict(list)
    for row in _gold("gold_quantities.csv"):
        by_file[row["file"]].append(row)
    out: dict[str, dict[str, float]] = {}
    for name in FILES:
        # a saved web page's view has the file's length: locate in the file itself
        raw = (GENRES / name).read_text(encoding="utf-8")
        assert len(raw) == len(corpus.texts[name])
        mine = facts[facts["source_file"] == name]
        matched: set[int] = set()
        found = traps_ok = n_traps = n_facts = places_ok = n_places = 0
        for g in by_file[name]:
            at = _nth(raw, g["evidence"], int(g["occurrence"]))
            end = at + len(g["evidence"])
            if at >= 0:  # a table cell is located with its delimiters ('| 18 |', '>46<')
                while at < end and raw[at] in _DELIMS:
                    at += 1
                while end > at and raw[end - 1] in _DELIMS:
                    end -= 1
            over = (
                mine[(mine["char_start"] < end) & (mine["char_end"] > at)] if at >= 0 else mine[:0]
            )
            if g["fact"] == "1":
                n_facts += 1
                assert at >= 0, (name, g["evidence"])
                for idx, r in over.iterrows():
                    if idx not in matched and r["value"] == float(g["value"]):
                        matched.add(idx)
                        found += 1
                        if g["subject_place"]:
                            n_places += 1
                            places_ok += r["subject_place"] == g["subject_place"]
                        break
            else:
                n_traps += 1
                if at >= 0:
                    traps_ok += over.empty
                else:
                    traps_ok += not (mine["evidence"] == g["evidence"]).any()
        reps = corpus.reports[corpus.reports["source_file"] == name]
        want = places[name]
        units = reps[reps["kind"] == "report"]
        n_places += 1
        places_ok += bool(len(units)) and units.iloc[0]["place"] == want["place"]
        out[name] = {
            "facts": n_facts,
            "precision": len(matched) / len(mine) if len(mine) else 1.0,
            "recall": found / n_facts if n_facts else 1.0,
            "traps": n_traps,
            "trap_accuracy": traps_ok / n_traps if n_traps else 1.0,
            "places": n_places,
            "place_accuracy": places_ok / n_places,
            "first_kind": reps.iloc[0]["kind"] if len(reps) else "",
        }
    return out


def mechanism_cells(corpus, files=None) -> tuple[list[int], list[int]]:
    """(coder, gold) over every (file, code) cell of the codebook (default: the tuned files)."""
    from democracy_study.coding.codebook import load_codebook

    codes = [c.code for c in load_codebook().codes]
    gold = {
        r["file"]: set(filter(None, r["codes"].split(";"))) for r in _gold("gold_mechanisms.csv")
    }
    m = corpus.mechanisms
    got = defaultdict(set)
    for f, c in zip(m["source_file"], m["code"], strict=True):
        got[f].add(c)
    a, b = [], []
    for f in files or TUNED:
        for c in codes:
            a.append(int(c in got[f]))
            b.append(int(c in gold[f]))
    return a, b


def test_every_row_points_at_its_evidence(corpus):
    assert corpus.evidence_ok()
    for table in ("reports", "paragraphs", "quantities", "entities", "quality"):
        df = getattr(corpus, table)
        if "evidence" not in df.columns:
            continue
        for r in df.itertuples():
            assert corpus.texts[r.source_file][r.char_start : r.char_end] == r.evidence, (table, r)


@pytest.mark.parametrize("name", TUNED)
def test_fact_precision_recall_traps_and_places_per_genre(corpus, name):
    """Targets of issue 18: fact P and R ≥ 0.97, traps ≥ 0.97, places 100 %."""
    got = evaluate(corpus)[name]
    assert got["precision"] >= 0.97 and got["recall"] >= 0.97, got
    assert got["trap_accuracy"] >= 0.97, got
    missed = round((1 - got["place_accuracy"]) * got["places"])
    assert missed == KNOWN_PLACE_MISSES.get(name, 0), got


#: Known place errors, listed in docs/GENRES.md ("Known failures"): the news page's 3公里 of
#: pipes were laid in the township named one sentence earlier; subject_place looks only
#: inside the figure's own sentence (the data contract's rule), so it says the county.
KNOWN_PLACE_MISSES = {"news_web_heldout3.html": 1}


def test_mechanism_agreement_on_the_genres(corpus):
    """Tuned files: κ ≥ 0.85 (the issue's target); measured 0.934 (docs/GENRES.md)."""
    a, b = mechanism_cells(corpus)
    assert cohen_kappa(a, b) >= 0.85


def test_held_out_html_facts_and_traps(corpus):
    """Held out (never tuned on): facts and traps reach the targets (docs/GENRES.md)."""
    got = evaluate(corpus)["circular_yueyang_heldout2.html"]
    assert got["precision"] >= 0.97 and got["recall"] >= 0.97, got
    assert got["trap_accuracy"] >= 0.97, got


def test_held_out_html_places(corpus):
    """Held out: the issuing unit is named only in the article's headline box (not the text box)."""
    assert evaluate(corpus)["circular_yueyang_heldout2.html"]["place_accuracy"] == 1.0


def test_a_quoted_slogan_is_no_self_introduction():
    """Regression (issue 18): a slogan of the shape 我是代表我…, quoted or bare, names no deputy.

    Our own sentences: the first is a self-introduction (level word 选区/人大 in the body,
    outside quotes), the others a quoted slogan and a bare one without a level word.
    """
    from democracy_study.parse.genres import first_person_deputy

    d = first_person_deputy("各位选民：我是甲镇选区选出的乙县人大代表王某某。")
    assert (d.name, d.constituency, d.county) == ("王某某", "甲镇", "乙县")
    assert (
        first_person_deputy(
            "站内挂出“我是代表我带头，履职尽责当先锋”的标语，乙县人大代表踊跃参加。"
        )
        is None
    )
    assert first_person_deputy("我是代表我带头，人人争先。") is None
    # the body names the level but the name starts with a pronoun: no deputy
    assert first_person_deputy("我是人大代表我带头。") is None


def test_a_word_cut_by_a_page_number_line_is_joined(corpus):
    """presidium_beiliu.txt: line 15 ends 参训代, line 16 is '— 2 —', line 17 starts 表累计180人次."""
    import json

    p = corpus.paragraphs[corpus.paragraphs["source_file"] == "presidium_beiliu.txt"]
    text = corpus.texts["presidium_beiliu.txt"]
    joined = [
        "".join(text[a:b] for a, b in json.loads(s))
        for s, role in zip(p["spans"], p["role"], strict=True)
        if role == "body"
    ]
    assert any("参训代表累计180人次" in t for t in joined)
    q = corpus.quality
    q = q[(q["source_file"] == "presidium_beiliu.txt") & (q["issue"] == "page_furniture")]
    # the page number line, and the dateline and salutation under the title (front matter)
    assert sorted(q["detail"].str.extract(r"\((\w+)\)")[0]) == [
        "front_matter",
        "front_matter",
        "page_number",
    ]


def test_respectively_pairs_each_noun_with_its_figure():
    """Our own sentence: the k-th noun counts the k-th figure (分别为)."""
    from democracy_study.parse.genres import share_values
    from democracy_study.parse.quantities import find_quantities

    t = "今年办结率、满意率分别为95.5%、96.1%。"
    got = [(q.counted, q.indicator, q.evidence) for q in share_values(t, find_quantities(t))]
    # the first noun runs back to the clause start (今年办结率); its indicator is still 办结率's
    assert got == [
        ("今年办结率", "issues_resolved_rate", "95.5%"),
        ("满意率", "satisfaction_rate", "96.1%"),
    ]


def test_an_html_table_gives_one_quantity_per_cell(tmp_path):
    """Our own page (not the held-out one): cells keep the file's offsets, units come from
    the header, places from the rows, the totals row is no part of itself."""
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>人大网</title></head><body>"
        "<div class='content'><h2>株洲市：代表联络站接待群众情况</h2>"
        "<p>株洲市人大常委会通报各县市联络站工作情况，各县市接待群众情况如下：</p>"
        "<table>\n<tr>\n<th>县市</th><th>接待群众（人次）</th></tr>\n"
        "<tr><td>\n醴陵市\n</td><td>215</td></tr>\n<tr><td>攸县</td><td>105</td></tr>\n"
        "<tr><td>合计</td><td>320</td></tr>\n</table>"
        "<p>全市代表进站履职累计460人次，收集意见建议58条，涉及民生事项较多。</p></div></body></html>"
    )
    path = tmp_path / "table_page.html"
    path.write_text(page, encoding="utf-8")
    c = parse_reports([path], cache=False)
    q = c.quantities.set_index("evidence")
    for ev in ("215", "105", "320"):
        s, e = q.loc[ev, "char_start"], q.loc[ev, "char_end"]
        assert page[s:e] == ev
        assert q.loc[ev, "unit"] == "人次"
    assert (q.loc["215", "subject_place"], q.loc["105", "subject_place"]) == ("醴陵市", "攸县")
    assert q.loc["320", "subject_place"] == "株洲市"  # the totals row: the report's place
    total_id = c.quantities.set_index("evidence").loc["320", "quantity_id"]
    assert q.loc["215", "part_of"] == q.loc["105", "part_of"] == total_id
    assert q.loc["320", "part_of"] == ""


def test_a_docx_table_gives_one_quantity_per_cell(tmp_path):
    """Our own Word file: a table of two counties and a totals row (python-docx)."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("株洲市人大常委会关于代表建议办理情况的通报", level=1)
    d.add_paragraph("株洲市人大常委会对各县市代表建议办理情况进行了统计，情况如下：")
    t = d.add_table(rows=4, cols=3)
    for r, cells in enumerate(
        [
            ("县市", "交办建议（件）", "办结率"),
            ("醴陵市", "42", "97.6%"),
            ("攸县", "35", "94.3%"),
            ("合计", "77", "—"),
        ]
    ):
        for k, v in enumerate(cells):
            t.cell(r, k).text = v
    d.add_paragraph("下一步，市人大常委会将继续跟踪督办未办结的建议。")
    path = tmp_path / "handling_table.docx"
    d.save(str(path))
    c = parse_reports([path], cache=False)
    text = c.texts[path.name]
    q = c.quantities.set_index("evidence")
    for ev in ("42", "35", "77", "97.6%", "94.3%"):
        assert text[q.loc[ev, "char_start"] : q.loc[ev, "char_end"]] == ev
    assert (q.loc["42", "unit"], q.loc["42", "subject_place"]) == ("件", "醴陵市")
    assert (q.loc["94.3%", "kind"], q.loc["94.3%", "subject_place"]) == ("percent", "攸县")
    assert q.loc["42", "part_of"] == q.loc["35", "part_of"] == q.loc["77", "quantity_id"]


def test_code_corpus_by_hand_skips_plan_sections_as_the_build_does(corpus):
    """Regression (issue 18): coding a parsed corpus again gives the build's mechanisms."""
    from democracy_study.coding.coder import code_corpus

    assert corpus.paragraphs["flags"].fillna("").str.contains("plan_section").any()
    again = code_corpus(corpus)
    key = ["paragraph_id", "code", "char_start", "char_end"]
    assert again[key].sort_values(key).to_numpy().tolist() == (
        corpus.mechanisms[key].sort_values(key).to_numpy().tolist()
    )
