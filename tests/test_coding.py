"""Tests for democracy_study.coding.coder on texts written for these tests.

No sentence here is copied from the corpus: the paragraphs are invented
variants (other wording, other numbers, traditional script, full-width digits).
"""

from __future__ import annotations

import json
import types

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from democracy_study.coding.codebook import load_codebook
from democracy_study.coding.coder import (
    MECHANISM_COLUMNS,
    code_corpus,
    code_text,
    compile_codebook,
    family_counts,
    paragraph_codes,
    place_mechanisms,
)


def codes(text: str) -> set[str]:
    return {h.code for h in code_text(text)}


# ------------------------------------------------------------------ code_text


@pytest.mark.parametrize(
    "text",
    [
        "全县代表每周进站接待群众。",
        "组织代表驻站值班，倾听诉求。",
        "依托代表家站点开展活动。",
        "在社区设立人大代表联络点5处。",
        "新建代表之家两个。",
    ],
)
def test_liaison_station_paraphrases(text):
    assert "liaison_station" in codes(text)


@pytest.mark.parametrize(
    "text",
    ["常委会就养老问题开展询问。", "就物业管理开展专题询问。", "开展“微询问”两次。"],
)
def test_inquiry_paraphrases(text):
    assert "special_inquiry" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "搭建代表与部门“面对面”平台。",
        "组织群众和部门面 对 面沟通。",
        "开展“局长·代表面对面”座谈。",
        "代表与职能部门负责人当面交流。",
    ],
)
def test_face_to_face_paraphrases(text):
    assert "face_to_face_consultation" in codes(text)


def test_traditional_script_and_fullwidth_digits():
    # hand: 專題詢問 -> 专题询问; １２３４５ -> 12345; 聯絡站 -> 联络站
    text = "依託１２３４５熱線數據，開展專題詢問，代表聯絡站接待選民。"
    assert {"hotline_oversight", "special_inquiry", "liaison_station"} <= codes(text)
    hit = next(h for h in code_text(text) if h.code == "special_inquiry")
    assert text[hit.start : hit.end] == "專題詢問"


def test_negation_and_future_vetoes():
    assert codes("本镇尚未建立代表联络站。") == set()
    assert codes("代表联络站尚未建成。") == set()  # negation after the cue, same clause
    assert codes("下一步，将建立代表联络站。") == set()
    assert codes("计划于明年开展专题询问。") == set()
    assert codes("拟在各村设立立法联系点。") == set()
    assert codes("准备推行满意度测评。") == set()


def test_future_veto_is_forward_only_within_the_sentence():
    # hand: the station clause precedes 下一步 -> kept; the inquiry follows it -> vetoed
    assert codes("已建成代表联络站12个，下一步将开展专题询问。") == {"liaison_station"}
    # a new sentence is out of scope
    assert codes("下一步继续努力。组织专题询问一次。") == {"special_inquiry"}


def test_planned_investment_figure_does_not_veto():
    # hand: "计划投资" is a figure, not a plan to set up a mechanism
    assert "investment_promotion" in codes("代表招引项目9个，计划投资3亿元。")


def test_elsewhere_vetoes_only_its_clause():
    assert "deputy_mediation" not in codes("赴邻县学习代表调解室建设经验。")
    assert "deputy_mediation" in codes("借鉴外地经验，在各镇建设代表调解室。")


def test_cues_starting_at_the_same_position_all_fire():
    # hand: both sector_station:chain_station and enterprise_service:industry_upgrade
    # start at position 0 ("产业链…")
    hits = code_text("产业链代表联络站成立。")
    at0 = {h.code for h in hits if h.start == 0}
    assert {"sector_station", "enterprise_service"} <= at0


def test_hits_have_offsets_rules_and_sentences():
    text = "第一句无关。常委会开展执法检查，推动整改。"
    (hit,) = [h for h in code_text(text) if h.code == "law_enforcement_inspection"]
    assert text[hit.start : hit.end] == "执法检查"
    assert hit.rule == "law_enforcement_inspection:enforcement_inspection"
    assert hit.family == "oversight"
    assert text[hit.sentence_start : hit.sentence_end] == "常委会开展执法检查，推动整改。"


def test_no_codes_is_a_valid_result():
    assert code_text("天气晴朗。") == []
    assert code_text("") == []
    with pytest.raises(TypeError, match="str"):
        code_text(None)  # type: ignore[arg-type]


def test_single_combined_regex():
    cb = load_codebook()
    cc = compile_codebook(cb)
    # hand: one named group per code cue and per veto cue, all in ONE pattern
    assert cc.regex.groups == cb.n_cues + len(cb.negation) + len(cb.elsewhere)
    assert compile_codebook(cb) is cc  # compiled once, cached


# ---------------------------------------------------------------- code_corpus

SRC_A = (
    "## 甲县：标题\n\n"
    "甲县人大常委会组织代表开展视察。\n\n"  # p01
    "常委会开展专题询\n\n问，推动问题解决。\n\n"  # p02: a break cuts 询问
    "天气晴朗，风景优美。\n\n"  # p03: no mechanism
    "误排段落：代表调解室化解纠纷。\n"  # p04: misplaced duplicate passage
)


def _spans(text: str, pieces: list[str]) -> str:
    out, pos = [], 0
    for piece in pieces:
        s = text.index(piece, pos)
        out.append([s, s + len(piece)])
        pos = s + len(piece)
    return json.dumps(out)


def fake_corpus() -> types.SimpleNamespace:
    t = SRC_A
    rows = [
        ("a#r01.p01", "甲县", ["甲县人大常委会组织代表开展视察。"]),
        ("a#r01.p02", "甲县", ["常委会开展专题询", "问，推动问题解决。"]),
        ("a#r01.p03", "甲县", ["天气晴朗，风景优美。"]),
        ("a#r01.p04", "甲县", ["误排段落：代表调解室化解纠纷。"]),
    ]
    paragraphs = pd.DataFrame(
        [
            {
                "source_file": "a.txt",
                "report_id": "a#r01",
                "paragraph_id": pid,
                "place": place,
                "spans": _spans(t, pieces),
                "flags": "",
            }
            for pid, place, pieces in rows
        ]
    )
    dup_start = t.index("误排段落")
    quality = pd.DataFrame(
        [
            {
                "source_file": "a.txt",
                "report_id": "a#r01",
                "issue": "duplicate_passage",
                "char_start": dup_start,
                "char_end": dup_start + len("误排段落：代表调解室化解纠纷。"),
            }
        ]
    )
    return types.SimpleNamespace(paragraphs=paragraphs, texts={"a.txt": t}, quality=quality)


def test_code_corpus_columns_and_provenance():
    corpus = fake_corpus()
    m = code_corpus(corpus)
    assert list(m.columns) == MECHANISM_COLUMNS
    text = corpus.texts["a.txt"]
    for r in m.itertuples():
        assert text[r.char_start : r.char_end] == r.evidence
        assert text[r.cue_start : r.cue_end] == r.cue_text
    inquiry = m[m.code == "special_inquiry"].iloc[0]
    assert inquiry.paragraph_id == "a#r01.p02"
    assert inquiry.cue_text == "专题询\n\n问"  # the evidence keeps the break as printed
    assert inquiry.evidence == "常委会开展专题询\n\n问，推动问题解决。"


def test_code_corpus_duplicates_and_one_row_per_code():
    m = code_corpus(fake_corpus())
    # hand: p04 lies inside the duplicate range -> its mediation row is duplicate
    med = m[m.code == "deputy_mediation"]
    assert len(med) == 1 and bool(med.iloc[0].duplicate)
    assert not m[m.paragraph_id != "a#r01.p04"].duplicate.any()
    # hand: p02 has two special_inquiry cues ("专题询问" and "询问") -> one row, n_hits 2
    inq = m[m.code == "special_inquiry"]
    assert len(inq) == 1 and inq.iloc[0].n_hits == 2
    assert inq.iloc[0].rule == "special_inquiry:special"
    all_hits = code_corpus(fake_corpus(), all_hits=True)
    assert (all_hits.code == "special_inquiry").sum() == 2
    assert len(m.drop_duplicates(["paragraph_id", "code"])) == len(m)


def test_paragraph_codes_lists_uncoded_paragraphs():
    corpus = fake_corpus()
    pc = paragraph_codes(code_corpus(corpus), corpus.paragraphs)
    assert pc.paragraph_id.tolist() == corpus.paragraphs.paragraph_id.tolist()
    row = pc.set_index("paragraph_id")
    assert row.loc["a#r01.p03", "codes"] == "" and row.loc["a#r01.p03", "n_codes"] == 0
    assert row.loc["a#r01.p01", "codes"] == "deputy_field_research"
    # hand: the duplicate-only code shows up separately, not as a code of the paragraph
    assert row.loc["a#r01.p04", "codes"] == ""
    assert "deputy_mediation" in row.loc["a#r01.p04", "duplicate_codes"]


def test_place_mechanisms_excludes_duplicates():
    cb = load_codebook()
    m = code_corpus(fake_corpus())
    pm = place_mechanisms(m, places=["甲县", "乙县"], codebook=cb)
    assert list(pm.columns) == cb.code_names
    assert pm.index.tolist() == ["甲县", "乙县"]
    assert pm.loc["甲县", "special_inquiry"] == 1
    assert pm.loc["甲县", "deputy_field_research"] == 1
    assert pm.loc["甲县", "deputy_mediation"] == 0  # only in the misplaced copy
    assert pm.loc["乙县"].sum() == 0
    assert set(pm.to_numpy().ravel()) <= {0, 1}


def test_place_mechanisms_errors():
    m = pd.DataFrame(
        {
            "place": [""],
            "code": ["special_inquiry"],
            "duplicate": [False],
            "paragraph_id": ["x.p01"],
        }
    )
    with pytest.raises(ValueError, match="without a place"):
        place_mechanisms(m)
    m2 = pd.DataFrame({"place": ["甲"], "code": ["made_up_code"], "duplicate": [False]})
    with pytest.raises(ValueError, match="made_up_code"):
        place_mechanisms(m2)
    with pytest.raises(ValueError, match="duplicate"):
        place_mechanisms(m.assign(place="甲"), places=["甲", "甲"])


def test_family_counts_by_hand():
    cb = load_codebook()
    pm = pd.DataFrame(0, index=pd.Index(["甲", "乙"], name="place"), columns=cb.code_names)
    pm.loc["甲", ["special_inquiry", "satisfaction_vote", "liaison_station"]] = 1
    pm.loc["乙", ["deputy_mediation"]] = 1
    fc = family_counts(pm, cb)
    # hand: 甲 = 2 oversight + 1 contact = 3; 乙 = 1 governance
    assert fc.loc["甲", "oversight"] == 2 and fc.loc["甲", "contact"] == 1
    assert fc.loc["甲", "total"] == 3
    assert fc.loc["乙", "governance"] == 1 and fc.loc["乙", "total"] == 1
    assert list(fc.columns) == [*cb.families, "total"]


def test_code_corpus_bad_input():
    c = fake_corpus()
    with pytest.raises(TypeError, match="quality"):
        code_corpus(types.SimpleNamespace(paragraphs=c.paragraphs, texts=c.texts))
    with pytest.raises(ValueError, match="spans"):
        code_corpus(
            types.SimpleNamespace(
                paragraphs=c.paragraphs.drop(columns="spans"), texts=c.texts, quality=c.quality
            )
        )
    with pytest.raises(ValueError, match=r"a\.txt"):
        code_corpus(types.SimpleNamespace(paragraphs=c.paragraphs, texts={}, quality=c.quality))
    bad = c.paragraphs.copy()
    bad.loc[0, "spans"] = "not json"
    with pytest.raises(ValueError, match=r"a#r01\.p01"):
        code_corpus(types.SimpleNamespace(paragraphs=bad, texts=c.texts, quality=c.quality))


@settings(max_examples=30, deadline=None)
@given(
    cut=st.integers(min_value=1, max_value=20), gap=st.sampled_from(["\n\n", "\r\n\r\n", "\n \n"])
)
def test_evidence_survives_any_break(cut, gap):
    sentence = "选民扫码反映问题后，代表联络站快速办结。"
    left, right = sentence[:cut], sentence[cut:]
    text = "## 丙县\n\n" + left + gap + right + "\n"
    s1 = text.index(left)
    s2 = s1 + len(left) + len(gap)
    paras = pd.DataFrame(
        [
            {
                "source_file": "b.txt",
                "report_id": "b#r01",
                "paragraph_id": "b#r01.p01",
                "place": "丙县",
                "spans": json.dumps([[s1, s1 + len(left)], [s2, s2 + len(right)]]),
                "flags": "",
            }
        ]
    )
    q = pd.DataFrame(columns=["source_file", "report_id", "issue", "char_start", "char_end"])
    m = code_corpus(types.SimpleNamespace(paragraphs=paras, texts={"b.txt": text}, quality=q))
    # hand: digital_channel (扫码), liaison_station (联络站), rapid_response (快速办结)
    assert {"digital_channel", "liaison_station", "rapid_response"} <= set(m.code)
    for r in m.itertuples():
        assert text[r.char_start : r.char_end] == r.evidence
        assert "".join(r.cue_text.split()) in sentence


# ------------------------------------------------------ prefilter correctness

_CUE_CHARS = "代表人大联络站专题询问面对面志愿调解选民说事扫码线上尚未将建立下一步赴外地学习经验，。、“”1234５"


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=_CUE_CHARS, min_size=0, max_size=60))
def test_prefilter_never_changes_matches(text):
    cb = load_codebook()
    fast = compile_codebook(cb)
    slow = compile_codebook(cb, prefilter=False)
    assert fast.regex.pattern != slow.regex.pattern  # the shipped codebook is prefiltered
    got = [(m.start(), m.regs) for m in fast.regex.finditer(text)]
    want = [(m.start(), m.regs) for m in slow.regex.finditer(text)]
    assert got == want


def test_unbounded_cue_disables_prefilter():
    from democracy_study.coding.coder import _first_chars_union

    # hand: a negated class can start with anything -> no prefilter
    assert _first_chars_union(["[^，]站", "联络站"]) is None
    assert _first_chars_union(["(?:人大)?代表", "询问"]) == {"人", "代", "询"}
    assert _first_chars_union(["(?i)app"]) is None
    assert _first_chars_union(["(?:站)?"]) is None  # may match empty


# ------------------------------------------------------------ graph/clusters


def test_cooccurrence_graph_and_clusters_by_hand():
    from democracy_study.coding.patterns import cooccurrence_graph, place_clusters

    pm = pd.DataFrame(
        {"liaison_station": [1, 1, 0], "special_inquiry": [1, 1, 1], "deputy_mediation": [0, 0, 1]},
        index=["甲", "乙", "丙"],
    )
    g = cooccurrence_graph(pm)
    # hand: liaison & inquiry both in 甲, 乙 -> 2; inquiry & mediation in 丙 -> 1; no liaison-mediation
    assert g.edges["liaison_station", "special_inquiry"]["weight"] == 2
    assert g.edges["special_inquiry", "deputy_mediation"]["weight"] == 1
    assert not g.has_edge("liaison_station", "deputy_mediation")
    assert g.nodes["special_inquiry"]["n_places"] == 3
    pc = place_clusters(pm)
    # hand: 甲={L,S}, 丙={S,M}: |∩|=1, |∪|=3 -> Jaccard distance 2/3
    assert float(pc.distance.loc["甲", "丙"]) == pytest.approx(2 / 3)
    assert float(pc.distance.loc["甲", "乙"]) == 0.0
    assert set(pc.order) == {"甲", "乙", "丙"}


def test_missing_place_becomes_empty_string():
    c = fake_corpus()
    paras = c.paragraphs.copy()
    paras["place"] = pd.Series([None, pd.NA, float("nan"), "甲县"], dtype=object)
    m = code_corpus(types.SimpleNamespace(paragraphs=paras, texts=c.texts, quality=c.quality))
    # hand: p01 (视察) and p02 (询问) have no place; p04 keeps 甲县
    assert set(m.loc[m.paragraph_id.isin(["a#r01.p01", "a#r01.p02"]), "place"]) == {""}
    assert set(m.loc[m.paragraph_id == "a#r01.p04", "place"]) == {"甲县"}
