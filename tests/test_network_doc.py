"""docs/NETWORKS.md: the measured numbers are those of data/results (no typed figures)."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT


def _script():
    spec = importlib.util.spec_from_file_location(
        "network_doc_numbers", ROOT / "scripts" / "network_doc_numbers.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_network_numbers_block_is_current():
    mod = _script()
    text = mod.DOC.read_text(encoding="utf-8")
    assert mod.render(text, mod.network_numbers(ROOT / "data" / "results")) == text, (
        "docs/NETWORKS.md is stale: run scripts/network_doc_numbers.py"
    )


def test_network_numbers_count_the_tables():
    # Expected values counted by hand in data/results/network_parameters.csv: one row
    # per place and parameter, so the number of places is the number of distinct places.
    from democracy_study.results import network_numbers, read_result

    n = read_result("network_parameters")["place"].nunique()
    assert network_numbers().startswith(f"- Places modelled: {n}.")
