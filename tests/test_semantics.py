"""Semantic columns of the quantities table against hand-made gold (issue 11).

Gold: ``tests/data/gold_quantities.csv`` (seed; columns counted … value_high, coded by
hand before the rules were written, see GOLD_README.md) and
``tests/data/variants/semantics/gold_quantities.csv`` (reports written for the tests).
``linyi_prefecture_heldout.txt`` was written and coded first and evaluated only at the
end (not used to tune the rules).
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from democracy_study.corpus import parse_reports
from democracy_study.parse.intervals import qualifier_interval
from democracy_study.parse.quantities import find_quantities
from democracy_study.parse.semantics import INDICATORS, annotate, sentence_spans

from .conftest import TEST_DATA

VARIANTS = TEST_DATA / "variants" / "semantics"
HELD_OUT = "linyi_prefecture_heldout.txt"
FACTS = ("count", "money", "percent")


def _squash(s: str) -> str:
    return "".join(str(s).split())


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def match(pred: pd.DataFrame, gold: pd.DataFrame, key: str, pred_key: str) -> pd.DataFrame:
    """Gold rows joined to the k-th predicted row with the same evidence in the same unit."""
    pools: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in pred.iterrows():
        pools[(row[pred_key], _squash(row["evidence"]))].append(i)
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for _, g in gold.iterrows():
        k = (g[key], _squash(g["evidence"]))
        n = seen[k]
        seen[k] += 1
        idx = pools[k][n] if n < len(pools[k]) else None
        out.append(idx)
    res = gold.copy()
    res["pred_index"] = out
    return res


def _ref(pred: pd.DataFrame, ref: str) -> str:
    """Evidence of a referenced quantity id, or the noun itself."""
    if not ref:
        return ""
    hit = pred.index[pred["quantity_id"] == ref]
    return _squash(pred.at[hit[0], "evidence"]) if len(hit) else ref


def _high(x) -> float:
    """An open upper end: ``inf`` in the gold, empty in the tables."""
    v = float(x) if x not in ("", None) else math.nan
    return math.inf if math.isnan(v) else v


def _lenient(g: str, p: str) -> bool:
    g, p = g.replace("人大代表", "代表"), p.replace("人大代表", "代表")
    return g == p or (bool(g) and bool(p) and (g in p or p in g))


def evaluate(pred: pd.DataFrame, gold: pd.DataFrame, key: str, pred_key: str) -> dict:
    """Accuracy of every semantic field and part_of precision/recall."""
    m = match(pred, gold, key, pred_key)
    rows = []
    for _, g in m.iterrows():
        i = g["pred_index"]
        p = pred.loc[i] if i is not None else None
        rows.append(
            {
                "evidence": g["evidence"],
                "unit": g[key],
                "gold_indicator": g["indicator"],
                "pred_indicator": p["indicator"] if p is not None else "<missing>",
                "counted_ok": p is not None and _lenient(g["counted"], p["counted"]),
                "scope_ok": p is not None
                and set(filter(None, g["scope"].split(";")))
                == set(filter(None, p["scope"].split(";"))),
                "period_ok": p is not None and g["period"] == p["period"],
                "channel_ok": p is not None and _lenient(g["channel"], p["channel"]),
                "rate_ok": p is not None and _squash(g["rate_of"]) == _ref(pred, p["rate_of"]),
                "interval_ok": p is not None
                and float(g["value_low"]) == p["value_low"]
                and _high(g["value_high"]) == _high(p["value_high"]),
                "gold_part_of": _squash(g["part_of"]),
                "pred_part_of": _ref(pred, p["part_of"]) if p is not None else "",
            }
        )
    r = pd.DataFrame(rows)
    r["indicator_ok"] = r["gold_indicator"] == r["pred_indicator"]
    gold_rel = {(u, e, t) for u, e, t in zip(r.unit, r.evidence, r.gold_part_of, strict=True) if t}
    pred_rel = {(u, e, t) for u, e, t in zip(r.unit, r.evidence, r.pred_part_of, strict=True) if t}
    tp = len(gold_rel & pred_rel)
    out = {
        f: float(r[f"{f}_ok"].mean())
        for f in ("indicator", "counted", "scope", "period", "channel", "rate", "interval")
    }
    out.update(
        n=len(r),
        part_of_precision=tp / len(pred_rel) if pred_rel else 1.0,
        part_of_recall=tp / len(gold_rel) if gold_rel else 1.0,
        n_part_of=len(gold_rel),
        table=r,
    )
    return out


def evaluate_funnels(
    pred: pd.DataFrame, qtab: pd.DataFrame, gold: pd.DataFrame, key: str, qkey: str
):
    """Precision/recall of funnel pairs and agreement of their ratio intervals."""
    ev = dict(zip(qtab["quantity_id"], qtab["evidence"].map(_squash), strict=True))
    unit = dict(zip(qtab["quantity_id"], qtab[qkey], strict=True))
    pp = {
        (unit[a], ev[a], ev[b]): (lo, hi)
        for a, b, lo, hi in zip(
            pred["from_quantity_id"], pred["to_quantity_id"], pred["ratio_low"], pred["ratio_high"],
            strict=True,
        )
    }  # fmt: skip
    gg = {
        (g[key], _squash(g["from_evidence"]), _squash(g["to_evidence"])): (
            float(g["ratio_low"]),
            float(g["ratio_high"]),
        )
        for _, g in gold.iterrows()
    }
    tp = set(pp) & set(gg)
    ratio_ok = all(
        math.isclose(pp[k][0], gg[k][0], abs_tol=1e-5)
        and math.isclose(pp[k][1], gg[k][1], abs_tol=1e-5)
        for k in tp
    )
    return {
        "precision": len(tp) / len(pp) if pp else 1.0,
        "recall": len(tp) / len(gg) if gg else 1.0,
        "ratio_ok": ratio_ok,
        "missed": sorted(set(gg) - set(pp)),
        "spurious": sorted(set(pp) - set(gg)),
    }


# ---------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_eval(seed_corpus):
    g = _read(TEST_DATA / "gold_quantities.csv")
    g = g[g["kind"].isin(FACTS)].reset_index(drop=True)
    return evaluate(seed_corpus.quantities, g, "report_place", "place")


@pytest.fixture(scope="module")
def variant_corpora():
    return {f.name: parse_reports(f, code_mechanisms=False) for f in sorted(VARIANTS.glob("*.txt"))}


def _variant_eval(corpora, files):
    q = pd.concat(
        [c.quantities.assign(file=name) for name, c in corpora.items() if name in files],
        ignore_index=True,
    )
    g = _read(VARIANTS / "gold_quantities.csv")
    g = g[g["file"].isin(files)].reset_index(drop=True)
    return evaluate(q, g, "file", "file")


# ---------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------


def test_seed_indicator_accuracy(seed_eval):
    t = seed_eval["table"]
    print({k: v for k, v in seed_eval.items() if k != "table"})
    # target of issue 11: >= 0.95 on the hand-made gold (86 fact rows)
    assert seed_eval["n"] == 86
    assert seed_eval["indicator"] >= 0.95, t.loc[
        ~t["indicator_ok"], ["unit", "evidence", "gold_indicator", "pred_indicator"]
    ]


def test_seed_every_part_of_relation_found(seed_eval):
    # gold: 171条 and 74条 are parts of 245条 (其中…); nothing else is nested
    assert seed_eval["n_part_of"] == 2
    assert seed_eval["part_of_recall"] == 1.0
    assert seed_eval["part_of_precision"] == 1.0


def test_seed_intervals_and_scopes(seed_eval):
    t = seed_eval["table"]
    assert seed_eval["interval"] == 1.0, t.loc[~t["interval_ok"], ["evidence"]]
    assert seed_eval["scope"] >= 0.95, t.loc[~t["scope_ok"], ["evidence"]]
    assert seed_eval["period"] >= 0.95
    assert seed_eval["counted"] >= 0.9, t.loc[~t["counted_ok"], ["evidence"]]


def test_tuned_variants(variant_corpora):
    files = [n for n in variant_corpora if n != HELD_OUT]
    res = _variant_eval(variant_corpora, files)
    t = res["table"]
    print({k: v for k, v in res.items() if k != "table"})
    assert res["indicator"] >= 0.95, t.loc[
        ~t["indicator_ok"], ["evidence", "gold_indicator", "pred_indicator"]
    ]
    assert res["part_of_recall"] == 1.0 and res["part_of_precision"] == 1.0
    assert res["interval"] == 1.0


def test_held_out_variant(variant_corpora):
    # written and coded by hand before the rules; evaluated once, at the end (docs/SEMANTICS.md)
    res = _variant_eval(variant_corpora, [HELD_OUT])
    t = res["table"]
    print({k: v for k, v in res.items() if k != "table"})
    assert res["indicator"] >= 0.9, t.loc[
        ~t["indicator_ok"], ["evidence", "gold_indicator", "pred_indicator"]
    ]
    assert res["interval"] == 1.0


def test_every_interval_follows_the_one_rule(seed_corpus, variant_corpora):
    tables = [seed_corpus.quantities] + [c.quantities for c in variant_corpora.values()]
    for q in tables:
        f = q[q["kind"].isin(FACTS)]
        for v, vmax, qual, lo, hi in zip(
            f["value"], f["value_max"], f["qualifier"], f["value_low"], f["value_high"], strict=True
        ):
            iv = qualifier_interval(v, qual, None if pd.isna(vmax) else vmax)
            assert (iv.low, iv.high) == (lo, _high(hi))


def test_indicators_in_vocabulary(seed_corpus):
    q = seed_corpus.quantities
    facts = q[q["kind"].isin(FACTS)]
    assert set(facts["indicator"]) <= set(INDICATORS)
    assert (q.loc[~q["kind"].isin(FACTS), "indicator"] == "").all()


def test_quantity_ids_stable_and_unique(seed_corpus):
    q = seed_corpus.quantities
    assert q["quantity_id"].is_unique
    assert all(
        i.startswith(p + ".q") for i, p in zip(q["quantity_id"], q["paragraph_id"], strict=True)
    )
    refs = set(q["part_of"]) - {""}
    assert refs <= set(q["quantity_id"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hand: deputies counted together with residents are not deputies
        ("350多名代表、群众参与询问", [("代表、群众", "participants")]),
        # hand: 人次 are visits, not people
        ("接待群众5200余人次", [("群众", "voter_contacts")]),
        ("组织县人大代表210名开展视察", [("人大代表", "deputies_county")]),
        ("五级人大代表1860名编入联络站", [("人大代表", "deputies_all_levels")]),
        # hand: a level word belongs to its own figure, not to the next one in a list
        ("全县现有县人大代表198名、乡镇人大代表1240名",
         [("人大代表", "deputies_county"), ("人大代表", "deputies")]),
        ("其中市人大代表40名、县（区）人大代表310名",
         [("人大代表", "deputies"), ("人大代表", "deputies_county")]),
        ("市、县人大代表52名参加", [("人大代表", "deputies_all_levels")]),
        ("受理矛盾纠纷530件，成功调解506件，调解成功率95.5%",
         [("矛盾纠纷", "disputes_received"), ("矛盾纠纷", "disputes_mediated"),
          ("矛盾纠纷", "disputes_mediated_rate")]),
        ("代表建议办复率100%", [("代表建议", "suggestions_answered_rate")]),
        # hand: the rate of messages answered is not a rate of suggestions answered
        ("收到网民留言640条，回复612条，回复率95.6%",
         [("留言", "issues_received"), ("留言", "issues_answered"), ("留言", "issues_answered_rate")]),
        ("群众诉求回复率98%", [("诉求", "issues_answered_rate")]),
        ("群众满意率98%以上", [("群众", "satisfaction_rate")]),
        # hand: a noun after a verb is the verb's object, not what the number counts: the
        # first figure counts villages or towns (no counted noun), only the second stations
        ("在全乡14个村（社区）建成代表联络站14个", [("", "other"), ("联络站", "stations")]),
        ("在全市9個鎮（街道）設立人大代表聯絡站9個", [("", "other"), ("联络站", "stations")]),
        ("建成3个标准化代表联络站", [("联络站", "stations")]),  # the head of the compound
        # hand: referred requests are a stage of their own; answered messages are not resolved;
        # enterprise heads counted in 人 are people, not enterprises
        ("转办群众诉求36件，办结33件", [("诉求", "issues_referred"), ("诉求", "issues_resolved")]),
        ("通过網絡平台回復留言812條", [("留言", "issues_answered")]),
        ("約談企業負責人12人", [("企业", "other")]),
        ("走访规上企业46家", [("企业", "enterprises")]),
        ("交办代表建议45件", [("代表建议", "suggestions")]),
        # hand: a level phrase between number and noun qualifies the noun, it is no list
        ("组织全镇46名县、镇两级人大代表开展活动", [("人大代表", "deputies_all_levels")]),
        ("組織全鎮46名縣、鎮兩級人大代表開展活動", [("人大代表", "deputies_all_levels")]),
        # hand: a measure word of persons counts persons, the subject of the clause when the
        # noun beside the number is none (活动, 问题) or there is no noun at all
        ("全县各级人大代表进站履职2.3万人次", [("人大代表", "deputy_visits")]),
        ("代表參加活動560人次", [("代表", "deputy_visits")]),
        ("群众到站反映问题300余人次", [("群众", "voter_contacts")]),
        ("代表、群众参加活动350人次", [("代表、群众", "participant_visits")]),
        ("收集群众反映的问题86件", [("问题", "issues_received")]),  # items: the noun counts
        # hand: a named rate in a clause of its own rates what the sentence counted before;
        # with nothing before it, what it rates is unknown (not the rate word itself)
        ("今年共受理群众诉求520件，办结率达92.1%",
         [("诉求", "issues_received"), ("诉求", "issues_resolved_rate")]),
        ("办结率达92.1%", [("", "issues_resolved_rate")]),
        # hand: a noun right after the measure word is what is counted, before a noun that
        # stands apart from the number (分); one beside the number still counts (代表386名)
        ("组织代表分4个小组开展视察", [("小组", "groups")]),
        ("組織代表分４個小組開展視察", [("小组", "groups")]),
        ("全县人大代表386名全部编入联络站", [("人大代表", "deputies")]),  # level not said
        # hand: a noun phrase after the measure word (a short modifier before its head) is
        # what is counted when the noun before stands apart from the number (对)
        ("组织代表对7个重点民生项目开展视察", [("项目", "projects")]),
        ("对群众关注的9项民生实事项目开展“回头看”", [("民生实事项目", "projects")]),  # not 事项
        ("新建“家门口履职圈”示范站4个", [("示范站", "stations")]),
        # hand: problems rectified (整改到位, 整改完成) are problems resolved
        ("梳理出问题23个，已整改到位19个", [("问题", "issues_received"), ("问题", "issues_resolved")]),
        ("收集问题40个，整改完成36个", [("问题", "issues_received"), ("问题", "issues_resolved")]),
        # hand: meetings held with residents are events (activities), like 座谈会
        ("该镇已召开民情恳谈会5场", [("恳谈会", "activities")]),
        ("各村召开议事会36场", [("议事会", "activities")]),
        ("累计召开院坝会近300场", [("院坝会", "activities")]),  # a courtyard meeting
        # hand: a resolution that did not happen (无法, 尚未) or is only planned (逐步) is not
        # a problem resolved; the noun still says what is counted (suggestions, problems)
        ("因政策原因暂时无法解决的建议2件", [("建议", "suggestions")]),
        ("尚未解决的问题5个", [("问题", "other")]),
        ("对调解不成的17起纠纷引导诉讼", [("纠纷", "other")]),  # failed: not mediated
        ("列入计划解决的建议12件，占20%", [("建议", "suggestions"), ("建议", "other")]),
        ("排查矛盾纠纷80起，化解76起", [("矛盾纠纷", "other"), ("矛盾纠纷", "disputes_mediated")]),
        ("已解决的建议17件，列入计划逐步解决的建议4件",
         [("建议", "issues_resolved"), ("建议", "suggestions")]),
        # hand: handed to an office for handling (交…办理, 交由…处理) is referred, like 转办;
        # still being handled (正在办理, 办理中) is neither referred nor resolved
        ("其余问题41个交区政府有关部门办理", [("问题", "issues_referred")]),
        ("交由街道办事处处理的诉求27件", [("诉求", "issues_referred")]),
        ("已办结问题58个，正在办理问题9个",
         [("问题", "issues_resolved"), ("问题", "issues_in_progress")]),
        ("其余诉求13件仍在办理中", [("诉求", "issues_in_progress")]),
        ("其余9个问题正在整改中", [("问题", "issues_in_progress")]),
        # hand: "of the N problems" is a whole being split: the verb after acts on a part
        ("40个问题中已整改到位33个，整改率82.5%",
         [("问题", "other"), ("问题", "issues_resolved"), ("问题", "issues_resolved_rate")]),
        ("共登记问题88件", [("问题", "issues_received")]),
        ("组成4个专项监督组", [("专项监督组", "groups")]),
        ("对全县9个乡镇开展专项监督", [("乡镇", "other")]),  # towns, not oversight acts
        # hand: problems and suggestions raised by residents together are opinions, not the
        # formal suggestions of deputies (建议 alone stays a suggestion)
        ("收集群众反映的问题和建议315件", [("问题、建议", "opinions_collected")]),
        # hand: a figure without a noun takes the noun of the sentence's topic (对…，)
        ("对征集到的意见建议，当场答复16条，其余30条转交职能部门",
         [("意见建议", "issues_answered"), ("意见建议", "issues_referred")]),
        # hand: a problem noun, then a verb, then the number: the noun is what is counted;
        # an office there is who acts (承办单位), not what is counted
        ("转办的诉求已办结61件", [("诉求", "issues_resolved")]),
        ("各承办单位已办结45件", [("", "issues_resolved")]),
        # hand: a clause with no verb, continued by one with no subject: its verb acts on
        # the figure; a next clause with a figure of its own keeps its verb
        ("筛选出重点问题18个，交县政府相关部门限期办理", [("问题", "issues_referred")]),
        ("梳理问题40个，解决32个", [("问题", "issues_received"), ("问题", "issues_resolved")]),
        ("代表分成6个督办组", [("督办组", "groups")]),
        # hand: opinions adopted into a draft or a decision are a stage of their own, not
        # opinions collected; a law made counts laws
        ("征求对条例草案的意见建议520余条，其中被采纳的141条",
         [("意见建议", "opinions_collected"), ("意见建议", "opinions_adopted")]),
        ("吸纳群众意见32条", [("意见", "opinions_adopted")]),
        ("制定地方性法规3件", [("地方性法规", "other")]),
        # hand: 其中 opening a sentence points back to the total of the sentence before
        ("代表共提出建议90件，均已办复。其中，已解决的61件，暂时无法解决的9件",
         [("建议", "suggestions"), ("建议", "issues_resolved"), ("建议", "suggestions")]),
        # hand: a list of parts runs on past a semicolon, for figures without a noun of their
        # own; a figure with its own noun after the semicolon is no part
        ("收到建议64件，其中已解决的40件；列入计划逐步解决的15件；暂不能解决的9件",
         [("建议", "suggestions"), ("建议", "issues_resolved"), ("建议", "suggestions"),
          ("建议", "suggestions")]),
        ("收到问题100个，其中解决80个；受理投诉20个",
         [("问题", "issues_received"), ("问题", "issues_resolved"), ("投诉", "other")]),
        # hand: figures listed together share their noun and verb; the office a request is
        # handed to is no counted noun; 解答 answers
        ("接待群众34批次、210余人次", [("群众", "other"), ("群众", "voter_contacts")]),
        ("收集问题和建议58条，现场解答20条，转交镇政府和县直部门38条",
         [("问题、建议", "opinions_collected"), ("问题、建议", "issues_answered"),
          ("问题、建议", "issues_referred")]),
        # hand: the share of those satisfied is a satisfaction rate (not of the dissatisfied)
        ("群众对处理结果表示满意的占96.4%", [("群众", "satisfaction_rate")]),
        ("收到建议50件，不满意的占4%", [("建议", "suggestions"), ("建议", "other")]),
        # hand: the office a verb hands work to is no counted noun (转交有关部门办理的)
        ("收集意见建议120条，其中转交有关部门办理的38条",
         [("意见建议", "opinions_collected"), ("意见建议", "issues_referred")]),
        # hand: an average per unit (平均每个联络站…) or per person (人均) is no total of
        # deputies or of income; a count of kinds (8类问题) counts no problems
        ("平均每个联络站联系代表21名", [("代表", "other")]),
        ("帮助群众人均增收2000元", [("增收", "other")]),
        ("对群众反映集中的8类问题开展专题调研", [("问题", "other")]),
        ("联络站联系代表21名", [("代表", "deputies")]),
        # hand: townships and village groups counted are units of government, not the
        # meetings or groups named after them
        ("在全县9个乡镇推行“院坝会”议事机制", [("乡镇", "other")]),
        ("覆盖全镇46个村民小组", [("村民小组", "other")]),
        ("建成12个乡镇（街道）人大代表联络站", [("联络站", "stations")]),  # a compound
        # hand: a difference from last year is no count of stations or visits
        ("全县建成联络站38个，比上年增加9个", [("联络站", "stations"), ("联络站", "other")]),
        ("接待群众同比增长900人次", [("群众", "other")]),
        # hand: contact points are stations; a township's offices (站所) are departments;
        # hearing a special work report is oversight
        ("设立代表联络点24个", [("联络点", "stations")]),
        ("在5个乡镇设立立法信息采集点11个", [("乡镇", "other"), ("信息采集点", "stations")]),
        ("收集立法意见建议380条", [("立法意见建议", "legislative_suggestions")]),
        ("承接法规草案征求意见任务9件", [("任务", "other")]),
        ("对乡政府8个站所开展工作评议", [("站所", "departments_reviewed")]),
        ("听取和审议乡政府专项工作汇报5项", [("专项工作汇报", "oversight_actions")]),
    ],
)  # fmt: skip
def test_meaning_rules(text, expected):
    got = [(q.counted, q.indicator) for q in find_quantities(text) if q.kind in FACTS]
    assert got == expected


def test_same_noun_different_meaning():
    # hand: the noun 问题 with 收到 is received, with 解决 resolved, with 督办 oversight
    got = [q.indicator for q in find_quantities("收到问题30个，解决问题20个，对5个问题进行督办")]
    assert got == ["issues_received", "issues_resolved", "oversight_actions"]


def test_annotate_is_idempotent():
    t = "累计收到问题1234个，办结1216个，办结率98.5%"
    qs = find_quantities(t)
    assert annotate(t, qs) == qs


def test_sentence_spans_cover_text():
    t = "甲。乙；丙"
    assert "".join(t[s:e] for s, e in sentence_spans(t)) == t


def test_a_target_after_a_plan_cue_is_a_plan_not_a_result(tmp_path):
    # hand: 力争 (strive for) and 预计 (expected) make the figures after them in their
    # sentence targets or estimates; the result before them stays a fact; 争取资金 is money
    # secured (a result), and a next-steps sentence still states present facts
    f = tmp_path / "r.txt"
    f.write_text(
        "## 永修县：代表联络站\n\n永修县人大常委会今年办结意见建议124条，争取上级资金300万元。"
        "下一步，对未办结的9条建议逐条明确时限，力争明年办结率达到95%以上，"
        "预计新建联络站6个。\n",
        encoding="utf-8",
    )
    q = parse_reports([f]).quantities.set_index("evidence")
    assert q.loc["124条", ["kind", "indicator"]].tolist() == ["count", "issues_resolved"]
    assert q.loc["300万元", "kind"] == "money"
    assert q.loc["9条", "kind"] == "count"
    assert q.loc["95%以上", ["kind", "indicator"]].tolist() == ["plan", ""]
    assert q.loc["6个", ["kind", "indicator"]].tolist() == ["plan", ""]


def test_a_table_row_of_a_shared_town_name_is_taken_in_the_reports_prefecture(tmp_path):
    # hand: several towns are called 龙泉镇; a row of a 夷陵区 (宜昌市) table is the one there
    f = tmp_path / "t.txt"
    f.write_text(
        "## 夷陵区：各镇代表联络站\n\n夷陵区人大常委会统计了各镇联络站接待情况。\n\n"
        "| 镇 | 接待群众（人次） |\n|---|---|\n| 龙泉镇 | 120 |\n| 合计 | 120 |\n",
        encoding="utf-8",
    )
    q = parse_reports([f]).quantities
    row = q[q["evidence"] == "120"].iloc[0]
    assert (row["indicator"], row["subject_place"]) == ("voter_contacts", "龙泉镇")


def test_a_dated_period_keeps_its_months_and_its_since_clause():
    # hand: the period is what the sentence dates, months and a 以来 after an event included
    got = [
        (q.evidence, q.period)
        for t in ("2024年3至9月，各联络站接待群众860人次", "自2022年换届以来，建成联络站17个")
        for q in find_quantities(t)
        if q.kind == "count"
    ]
    assert got == [("860人次", "2024年3至9月"), ("17个", "2022年换届以来")]
