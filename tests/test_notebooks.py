"""The committed notebooks: every figure cell shows its figure; hygiene nbval cannot see.

nbval compares text outputs but skips PNG, so a figure cell whose stored and fresh outputs
are both empty passes nbval while the reader sees nothing. These checks read the stored
notebooks (what a reader and a paper see).
"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
_DRAWS = re.compile(r"\brender_figure\(|\bplot_[a-z_]+\(")


def _cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return nb, [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_cell_shows_an_image(path):
    _, cells = _cells(path)
    missing = []
    for i, cell in enumerate(cells):
        src = "".join(cell["source"])
        if not _DRAWS.search(src):
            continue
        kinds = {k for o in cell.get("outputs", []) for k in o.get("data", {})}
        if not kinds & {"image/png", "image/svg+xml"}:
            missing.append(f"code cell {i}: {src.strip().splitlines()[-1][:60]}")
    assert missing == [], f"{path.name}: figure cells without an image output: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_and_no_volatile_outputs(path):
    nb, cells = _cells(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in cells:
        assert "execution" not in cell.get("metadata", {}), "execution timestamps stored"
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert not re.search(r"0x[0-9a-f]{6,}", text), "a memory address in an output"
            assert out.get("output_type") != "error", "an error output is stored"
