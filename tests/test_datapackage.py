"""The descriptor promises keys and vocabularies; frictionless and `validate_output` check them."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from democracy_study.io.read import validate_output
from democracy_study.io.tables import write_tables
from democracy_study.parse.gazetteer import MATCH_KINDS
from democracy_study.parse.quality import ISSUES
from democracy_study.parse.quantities import KINDS, QUALIFIERS
from democracy_study.parse.structure import REPORT_KINDS, ROLES
from democracy_study.schema import admin_levels, enum_values

from .conftest import SEED


@pytest.fixture(scope="module")
def out(tmp_path_factory, seed_corpus):
    root = tmp_path_factory.mktemp("pkg")
    shutil.copy(SEED, (root / "raw").mkdir() or root / "raw" / SEED.name)
    return write_tables(seed_corpus, root / "processed")


def _pkg(out):
    return json.loads((out / "datapackage.json").read_text(encoding="utf-8"))


def _resource(pkg, name):
    return next(r for r in pkg["resources"] if r["name"] == name)


def test_every_table_has_a_primary_key(out):
    keys = {r["name"]: r["schema"].get("primaryKey") for r in _pkg(out)["resources"]}
    assert keys == {
        "sources": ["source_file"],
        "reports": ["report_id"],
        "paragraphs": ["paragraph_id"],
        "quantities": ["source_file", "char_start", "char_end"],
        "mechanisms": ["paragraph_id", "code"],
        "entities": ["source_file", "type", "char_start", "char_end"],
        "quality": ["source_file", "issue", "char_start", "char_end"],
        "funnels": ["funnel_id"],  # issue 11
        "place_mechanisms": ["place"],
        "place_indicators": ["place"],
    }


def test_foreign_keys_join_the_tables(out):
    pkg = _pkg(out)

    def refs(name):
        return [
            (fk["fields"], fk["reference"]["resource"])
            for fk in _resource(pkg, name)["schema"].get("foreignKeys", [])
        ]

    assert refs("paragraphs") == [(["report_id"], "reports")]
    assert refs("reports") == [(["source_file"], "sources")]
    for name in ("quantities", "mechanisms", "entities", "quality"):
        assert refs(name) == [(["paragraph_id"], "paragraphs")], name


def test_enums_come_from_the_code_constants(out):
    assert enum_values("quantities", "kind") == KINDS
    assert enum_values("quantities", "qualifier") == QUALIFIERS
    assert enum_values("quality", "issue") == ISSUES
    assert enum_values("paragraphs", "role") == ROLES
    assert enum_values("reports", "kind") == REPORT_KINDS
    assert enum_values("reports", "place_match") == MATCH_KINDS
    assert enum_values("reports", "admin_level") == admin_levels()
    assert enum_values("quantities", "unit") is None  # open vocabulary
    fields = {f["name"]: f for f in _resource(_pkg(out), "quantities")["schema"]["fields"]}
    assert fields["qualifier"]["constraints"]["enum"] == list(QUALIFIERS)
    assert fields["char_start"]["constraints"] == {"required": True}  # int64: never missing
    assert "constraints" not in fields["value_max"]  # float, empty for non-ranges


def test_seed_values_lie_in_the_vocabularies(seed_corpus):
    c = seed_corpus
    assert set(c.quantities["kind"]) <= set(KINDS)
    assert set(c.quantities["qualifier"]) <= set(QUALIFIERS)
    assert set(c.quality["issue"]) <= set(ISSUES)
    assert set(c.paragraphs["role"]) <= set(ROLES)
    # the seed newspaper page has reports and captions; it has no editorial unit
    # (编者按, issue 18), which the genre variants exercise (tests/test_genres.py)
    assert set(c.reports["kind"]) <= set(REPORT_KINDS)
    assert {"report", "caption"} <= set(c.reports["kind"])
    assert set(c.reports["admin_level"]) - {""} <= set(admin_levels())


def test_admin_levels_from_the_gazetteer_rules():
    # county_suffixes in gazetteer_rules.yaml name these (hand-copied from the file)
    assert {"autonomous county", "autonomous banner", "district", "county", "banner",
            "county-level city", "forestry district", "special district"} <= set(admin_levels())  # fmt: skip


def _corrupt(src, dst, row, column, value):
    shutil.copytree(src, dst)
    path = dst / "quantities.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[row].split(",")
    assert len(cells) == len(header), "choose a row without commas inside cells"
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    pkg = _pkg(dst)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    _resource(pkg, "quantities")["hash"] = f"sha256:{digest}"
    (dst / "datapackage.json").write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    return dst


def test_frictionless_validates_the_written_package(out, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    bad = _corrupt(out, tmp_path / "bad", 1, "qualifier", "roughly")
    bad = _corrupt(bad, tmp_path / "bad2", 2, "paragraph_id", "nowhere#r01.p01")
    report = frictionless.validate(str(bad / "datapackage.json"))
    types = {e[0] for e in report.flatten(["type"])}
    assert not report.valid and {"constraint-error", "foreign-key"} <= types


def test_validate_output_checks_keys_vocabularies_and_provenance(out, tmp_path):
    problems, counts = validate_output(out)
    assert problems == []
    assert counts["tables"] == 10 and counts["spans"] > 0  # 10: funnels (issue 11)
    bad = _corrupt(out, tmp_path / "bad", 1, "qualifier", "roughly")
    problems, _ = validate_output(bad)
    assert problems == ["quantities.qualifier: value(s) outside the vocabulary: ['roughly']"]
    bad = _corrupt(out, tmp_path / "bad3", 1, "char_end", "0")
    problems, _ = validate_output(bad)
    assert any("text[char_start:char_end] != evidence" in p for p in problems)
