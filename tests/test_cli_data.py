"""The data commands: numbers, resolve, validate, export-graphs; `python -m democracy_study`."""

from __future__ import annotations

import io
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest

from democracy_study.cli import main
from democracy_study.graphs import GRAPH_ENTITY_TYPES
from democracy_study.io.tables import write_tables

from .conftest import SEED


@pytest.fixture(scope="module")
def out(tmp_path_factory, seed_corpus):
    root = tmp_path_factory.mktemp("cli")
    (root / "raw").mkdir()
    (root / "raw" / SEED.name).write_bytes(SEED.read_bytes())
    return write_tables(seed_corpus, root / "processed")


def test_numbers_table_and_csv(capsys):
    # my own sentence: 余 marks a lower bound ("over"), 至 a range
    assert main(["numbers", "接待群众500余人次，办理建议3至5件"]) == 0
    text = capsys.readouterr().out
    assert "500余人次" in text and "over" in text
    assert main(["numbers", "--csv", "接待群众500余人次，办理建议3至5件"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert df.loc[0, "value"] == 500.0
    assert df["qualifier"].tolist() == ["over", "range"]
    assert df.loc[1, ["value", "value_max"]].tolist() == [3.0, 5.0]


def test_resolve_prints_the_unit_and_exits_1_if_unresolved(capsys):
    # 曲阜县 is written with the wrong suffix: the unit is 曲阜市, 370881 (GB/T 2260)
    assert main(["resolve", "曲阜县"]) == 0
    text = capsys.readouterr().out
    assert "suffix_mismatch" in text and "370881" in text and "曲阜市" in text
    assert main(["resolve", "不存在的地方县"]) == 1
    assert "unknown" in capsys.readouterr().out


def test_validate_ok_and_broken(out, tmp_path, capsys):
    assert main(["validate", str(out)]) == 0
    assert "valid" in capsys.readouterr().err
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in out.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "entities.csv").write_text("garbage\n", encoding="utf-8")
    assert main(["validate", str(broken), "--raw", str(out.parent / "raw")]) == 1
    assert "entities.csv has sha256" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "nowhere")]) == 2  # clear error, no traceback


def test_export_graphs(out, tmp_path, seed_corpus, capsys):
    assert main(["export-graphs", "--data", str(out), "--out", str(tmp_path / "g")]) == 0
    files = sorted(p.name for p in (tmp_path / "g").iterdir())
    assert files == [
        "mechanism_cooccurrence.gexf",
        "mechanism_cooccurrence.graphml",
        "place_entity.gexf",
        "place_entity.graphml",
    ]
    g = nx.read_graphml(tmp_path / "g" / "place_entity.graphml")
    places = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    # every place with a report appears; edges only join places to entities
    assert {f"place:{p}" for p in seed_corpus.places()} <= places
    assert all((u in places) != (v in places) for u, v in g.edges)
    # total edge weight = mentions of the default types in reports with a place (from the tables)
    r = seed_corpus.reports.set_index("report_id")["place"]
    e = seed_corpus.entities
    e = e[e["type"].isin(GRAPH_ENTITY_TYPES) & (e["report_id"].map(r) != "")]
    assert sum(d["weight"] for *_, d in g.edges(data=True)) == len(e)
    m = nx.read_gexf(tmp_path / "g" / "mechanism_cooccurrence.gexf")
    pm = seed_corpus.place_mechanisms
    assert set(m.nodes) == {c for c in pm.columns if pm[c].sum() > 0}
    assert b"lastmodifieddate" not in (tmp_path / "g" / "place_entity.gexf").read_bytes()
    # deterministic bytes
    assert main(["export-graphs", "--data", str(out), "--out", str(tmp_path / "g2")]) == 0
    for name in files:
        assert (tmp_path / "g" / name).read_bytes() == (tmp_path / "g2" / name).read_bytes()


def test_python_m_lists_the_data_commands():
    r = subprocess.run(
        [sys.executable, "-m", "democracy_study", "--help"], capture_output=True, text=True
    )
    assert r.returncode == 0
    for cmd in ("bundle", "export-graphs", "numbers", "resolve", "validate"):
        assert cmd in r.stdout
