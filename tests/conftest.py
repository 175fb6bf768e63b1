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


def quantity_row(
    quantity_id: str,
    indicator: str,
    value: float,
    evidence: str,
    char_start: int,
    *,
    source_file: str = "v.txt",
    paragraph_id: str = "v#r01.p01",
    place: str = "某县",
    counted: str = "",
    channel: float | str = float("nan"),
    scope: float | str = float("nan"),
    part_of: float | str = float("nan"),
    unit: str | None = None,
) -> dict:
    """One row of a ``quantities`` table for hand-built network test corpora.

    An exact count, not a duplicate; ``report_id`` is the paragraph's report,
    ``char_end`` is ``char_start + len(evidence)``, ``unit`` defaults to the
    evidence's last character (``"12个"`` -> ``个``).
    """
    return dict(
        source_file=source_file,
        report_id=paragraph_id.rsplit(".", 1)[0],
        paragraph_id=paragraph_id,
        place=place,
        value=float(value),
        value_max=float("nan"),
        unit=evidence[-1] if unit is None else unit,
        qualifier="exact",
        kind="count",
        indicator=indicator,
        evidence=evidence,
        char_start=char_start,
        char_end=char_start + len(evidence),
        duplicate=False,
        quantity_id=quantity_id,
        counted=counted,
        channel=channel,
        scope=scope,
        part_of=part_of,
    )
