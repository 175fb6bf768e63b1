"""Tests for democracy_study.coding.codebook (the shipped YAML and its validation)."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from democracy_study import config
from democracy_study.coding.codebook import (
    FAMILIES,
    REQUIRED_CODES,
    CodebookError,
    codebook_from_dict,
    load_codebook,
)
from democracy_study.coding.coder import code_text

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "weifang_2024_county_congress_highlights.txt"


@pytest.fixture(scope="module")
def raw_yaml() -> dict:
    return yaml.safe_load(config.CODEBOOK_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


def test_shipped_codebook_has_the_32_required_codes(cb):
    assert len(REQUIRED_CODES) == 32  # hand: the table in RESEARCH_DESIGN §4 has 32 rows
    assert len(set(REQUIRED_CODES)) == 32
    assert set(REQUIRED_CODES) <= set(cb.code_names)
    assert cb.version


def test_families_match_design(cb):
    assert list(cb.families) == list(FAMILIES)
    # hand: §4 lists 7 contact, 11 oversight, 5 suggestions, 2 legislation, 1 governance,
    # 4 development, 2 management codes
    expected = {
        "contact": 7,
        "oversight": 11,
        "suggestions": 5,
        "legislation": 2,
        "governance": 1,
        "development": 4,
        "management": 2,
    }
    assert {f: len(cb.codes_in(f)) for f in cb.families} == expected
    assert cb.family("hotline_oversight") == "oversight"
    assert cb.family("talent_recruitment") == "development"


def test_every_code_is_complete(cb):
    for c in cb.codes:
        assert c.label_zh and c.label_en and c.definition and c.include and c.exclude, c.code
        assert c.cues and c.examples, c.code
        assert all(q.id for q in c.cues)


def test_every_example_is_coded_with_its_own_code(cb):
    for c in cb.codes:
        for ex in c.examples:
            codes = {h.code for h in code_text(ex, cb)}
            assert c.code in codes, (c.code, ex)


@pytest.mark.skipif(not RAW.is_file(), reason="seed corpus not present")
def test_examples_are_real_text(cb):
    text = RAW.read_text(encoding="utf-8")
    flat = "".join(text.split())  # examples may span a page break
    for c in cb.codes:
        for ex in c.examples:
            assert "".join(ex.split()) in flat, (c.code, ex)


def test_negation_and_elsewhere_lists_present(cb):
    kinds = {q.kind for q in cb.negation}
    assert kinds == {"negation", "future"}
    assert len(cb.elsewhere) >= 2


def test_labels_and_lookups(cb):
    assert cb.label("special_inquiry") == "Special inquiries"
    assert "询问" in cb.label("special_inquiry", lang="zh")
    with pytest.raises(ValueError, match="lang"):
        cb.label("special_inquiry", lang="fr")
    with pytest.raises(KeyError, match="no_such_code"):
        cb.family("no_such_code")
    assert "special_inquiry" in cb and "no_such_code" not in cb


def test_to_frame_and_renderings(cb):
    df = cb.to_frame()
    assert len(df) == len(cb.codes)
    assert df["code"].tolist() == cb.code_names
    assert (df["n_cues"] >= 1).all()
    md = cb.render_markdown()
    txt = cb.render_text()
    for code in REQUIRED_CODES:
        assert f"`{code}`" in md
        assert code in txt
    assert cb.render_text(lang="zh").count("代表联络站") >= 1


def test_generated_markdown_is_up_to_date(cb):
    doc = ROOT / "docs" / "codebook.md"
    if not doc.is_file():
        pytest.skip("docs/codebook.md not generated yet")
    assert doc.read_text(encoding="utf-8") == cb.render_markdown(), (
        "docs/codebook.md is stale: run scripts/render_codebook.py"
    )


def test_render_script_check_mode(tmp_path):
    script = ROOT / "scripts" / "render_codebook.py"
    out = tmp_path / "codebook.md"
    r = subprocess.run(
        [sys.executable, str(script), "--output", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("# Mechanism codebook")
    r = subprocess.run(
        [sys.executable, str(script), "--output", str(out), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert r.returncode == 0, r.stderr


# ---------------------------------------------------------------- validation


def _bad(raw_yaml: dict, mutate) -> str:
    data = copy.deepcopy(raw_yaml)
    mutate(data)
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(data, path="test.yaml")
    return str(info.value)


def test_unknown_family_names_the_entry(raw_yaml):
    msg = _bad(raw_yaml, lambda d: d["codes"][3].update(family="economy"))
    assert "regular_contact_day" in msg and "unknown family 'economy'" in msg


def test_duplicated_code_is_an_error(raw_yaml):
    msg = _bad(raw_yaml, lambda d: d["codes"].append(copy.deepcopy(d["codes"][0])))
    assert "liaison_station" in msg and "duplicated" in msg


def test_cue_that_does_not_compile(raw_yaml):
    def mutate(d):
        d["codes"][7]["cues"][0]["pattern"] = "询问(?:"

    msg = _bad(raw_yaml, mutate)
    assert "special_inquiry" in msg and "does not compile" in msg


def test_capturing_group_and_empty_pattern_rejected(raw_yaml):
    def cap(d):
        d["codes"][0]["cues"][0]["pattern"] = "(联络)站"

    assert "capturing" in _bad(raw_yaml, cap)

    def empty(d):
        d["codes"][0]["cues"][0]["pattern"] = "(?:站)?"

    assert "empty string" in _bad(raw_yaml, empty)


def test_missing_field_names_the_entry(raw_yaml):
    msg = _bad(raw_yaml, lambda d: d["codes"][5].pop("definition"))
    assert "volunteer_service" in msg and "'definition'" in msg


def test_missing_required_code(raw_yaml):
    msg = _bad(raw_yaml, lambda d: d["codes"].pop(-1))
    assert "township_congress_building" in msg


def test_unknown_macro_and_bad_negation(raw_yaml):
    def macro(d):
        d["codes"][0]["cues"][0]["pattern"] = "{{NOPE}}站"

    assert "NOPE" in _bad(raw_yaml, macro)

    def neg(d):
        d["negation"][0]["pattern"] = "尚未("

    assert "negation" in _bad(raw_yaml, neg)


def test_extra_codes_are_allowed(raw_yaml):
    data = copy.deepcopy(raw_yaml)
    extra = copy.deepcopy(data["codes"][0])
    extra["code"] = "citizen_budget_review"
    data["codes"].append(extra)
    cb = codebook_from_dict(data)
    assert "citizen_budget_review" in cb.code_names
    assert len(cb.codes) == len(raw_yaml["codes"]) + 1


def test_load_codebook_errors(tmp_path):
    with pytest.raises(CodebookError, match="file not found"):
        load_codebook(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes: [\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="YAML"):
        load_codebook(bad)
