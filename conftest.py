"""Collection rules for the whole test run (tests/, the package's doctests, the notebooks)."""

from __future__ import annotations

import importlib.util

import pytest

#: Doctests that write Parquet. Without pyarrow (the ``parquet`` extra, not in the README's
#: Quickstart install) they are skipped with this reason; tests/test_stream.py skips alike.
NEEDS_PYARROW = ("democracy_study.stream", "democracy_study.io.tables.write_partitioned")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if importlib.util.find_spec("pyarrow") is not None:
        return
    skip = pytest.mark.skip(reason="needs pyarrow (pip install 'democracy-study[parquet]')")
    for item in items:
        if item.name in NEEDS_PYARROW:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test or doctest opened (plot doctests return open figures)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
