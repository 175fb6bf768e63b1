"""Shared fixtures: the seed corpus parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "weifang_2024_county_congress_highlights.txt"
TEST_DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_corpus():
    from democracy_study.corpus import parse_reports

    return parse_reports([SEED])


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
