"""Tests for democracy_study.plots.save: deterministic files, names, manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from democracy_study import config
from democracy_study.plots import save as figures
from democracy_study.plots import style


@pytest.fixture(autouse=True)
def _clean():
    with matplotlib.rc_context():
        style.use_style(lang="en")
        yield
    plt.close("all")


def _figure(title: str = "代表联络站 stations"):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["甲县", "Yi"], [3, 5], color=style.PALETTE[:2], hatch=style.HATCHES[1])
    ax.set_title(title)
    return fig


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_two_saves_are_byte_identical(tmp_path):
    fig = _figure()
    a, b = tmp_path / "a", tmp_path / "b"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figures.save_figure(fig, "fig01-demo", caption="C", source="notebooks/01.ipynb", out_dir=a)
        figures.save_figure(fig, "fig01-demo", caption="C", source="notebooks/01.ipynb", out_dir=b)
    for name in ("fig01-demo.pdf", "fig01-demo.png", "manifest.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # a fresh, identical figure gives identical bytes too
    figures.save_figure(
        _figure(), "fig01-demo", caption="C", source="notebooks/01.ipynb", out_dir=b
    )
    for name in ("fig01-demo.pdf", "fig01-demo.png"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # only the expected files: no temporary file is left behind
    assert sorted(p.name for p in b.iterdir()) == [
        "fig01-demo.pdf",
        "fig01-demo.png",
        "manifest.csv",
    ]


def test_svg_is_deterministic(tmp_path):
    fig = _figure()
    r1 = figures.save_figure(
        fig, "fig02-svg", caption="C", source="s", out_dir=tmp_path / "a", formats=("svg",)
    )
    r2 = figures.save_figure(
        fig, "fig02-svg", caption="C", source="s", out_dir=tmp_path / "b", formats=("svg",)
    )
    assert r1["files"] == r2["files"]
    svg = (tmp_path / "a" / "fig02-svg.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg


def test_pdf_has_no_dates_or_versions_and_embeds_truetype(tmp_path):
    figures.save_figure(_figure(), "fig03-pdf", caption="C", source="s", out_dir=tmp_path)
    pdf = (tmp_path / "fig03-pdf.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    for needle in (b"CreationDate", b"ModDate", b"Producer", b"Creator", b"atplotlib"):
        assert needle not in pdf, needle
    assert matplotlib.__version__.encode() not in pdf
    assert pdf.count(b"/FontFile2") == 2  # DejaVu Sans (Latin) + Noto Sans SC (CJK)
    assert b"/Type3" not in pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+NotoSansSC-Regular", pdf)


def test_png_is_300_dpi_without_software_tag(tmp_path):
    from PIL import Image

    figures.save_figure(
        _figure(), "fig04-png", caption="C", source="s", out_dir=tmp_path, formats=("png",)
    )
    path = tmp_path / "fig04-png.png"
    with Image.open(path) as im:
        dpi = im.info["dpi"]
        assert round(dpi[0]) == round(dpi[1]) == 300
        assert "Software" not in im.info
        # a 3 x 2 inch figure at 300 dpi, trimmed by bbox_inches="tight": at most 900 x 600
        assert 300 < im.size[0] <= 900 and 200 < im.size[1] <= 600
    assert matplotlib.__version__.encode() not in path.read_bytes()
    assert matplotlib.image.imread(path).ndim == 3


def test_manifest_row(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "data" / "processed").mkdir(parents=True)
    table = root / "data" / "processed" / "quantities.csv"
    table.write_bytes("place,kind\n甲县,count\n".encode())
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes(b"a\n1\n")
    monkeypatch.setattr(config, "PROJECT_ROOT", root)
    row = figures.save_figure(
        _figure(),
        "fig05-manifest",
        caption="Quantities by place, n = 2.",
        source="notebooks/01_corpus.ipynb",
        inputs=[table, str(outside)],
        out_dir=root / "figures",
    )
    out = root / "figures"
    expected_inputs = {
        "data/processed/quantities.csv": _sha("place,kind\n甲县,count\n".encode()),
        "elsewhere.csv": _sha(b"a\n1\n"),  # outside the project: the bare file name
    }
    expected_files = {
        "fig05-manifest.pdf": _sha((out / "fig05-manifest.pdf").read_bytes()),
        "fig05-manifest.png": _sha((out / "fig05-manifest.png").read_bytes()),
    }
    assert row["inputs"] == expected_inputs
    assert row["files"] == expected_files
    assert row["paths"]["pdf"] == (out / "fig05-manifest.pdf").resolve()

    text = (out / "manifest.csv").read_text(encoding="utf-8")
    assert str(tmp_path) not in text  # no absolute path
    assert matplotlib.__version__ not in text
    with open(out / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [
        {
            "name": "fig05-manifest",
            "caption": "Quantities by place, n = 2.",
            "source": "notebooks/01_corpus.ipynb",
            "inputs": json.dumps(
                expected_inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":")
            ),
            "files": json.dumps(expected_files, sort_keys=True, separators=(",", ":")),
        }
    ]
    frame = figures.figure_manifest(out)
    assert list(frame.columns) == ["name", "caption", "source", "inputs", "files"]
    assert frame.loc[0, "name"] == "fig05-manifest"
    assert json.loads(frame.loc[0, "inputs"]) == expected_inputs


def test_manifest_upsert_keeps_others_and_sorts(tmp_path):
    fig = _figure()
    figures.save_figure(fig, "fig02-b", caption="old", source="s", out_dir=tmp_path)
    figures.save_figure(fig, "fig01-a", caption="first", source="s", out_dir=tmp_path)
    figures.save_figure(
        fig, "fig02-b", caption="new, with a comma\nand a line", source="s", out_dir=tmp_path
    )
    frame = figures.figure_manifest(tmp_path)
    assert frame["name"].tolist() == ["fig01-a", "fig02-b"]
    assert frame["caption"].tolist() == ["first", "new, with a comma\nand a line"]


def test_manifest_default_dir_is_config_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "FIGURES", tmp_path / "figs")
    figures.save_figure(_figure(), "fig06-default", caption="C", source="s")
    assert (tmp_path / "figs" / "fig06-default.pdf").is_file()
    assert figures.figure_manifest()["name"].tolist() == ["fig06-default"]


def test_empty_manifest(tmp_path):
    frame = figures.figure_manifest(tmp_path)
    assert frame.empty and list(frame.columns) == list(figures.MANIFEST_COLUMNS)


def test_foreign_manifest_is_rejected(tmp_path):
    (tmp_path / "manifest.csv").write_text("name,title\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="columns"):
        figures.figure_manifest(tmp_path)


@pytest.mark.parametrize(
    "name",
    [
        "fig1-x",
        "Fig01-x",
        "fig01_x",
        "fig01-",
        "fig01-X",
        "figure01-x",
        "fig001-x",
        "fig01-a/b",
        "fig01-中文",
        "",
        None,
    ],
)
def test_bad_names_are_rejected(tmp_path, name):
    with pytest.raises(ValueError, match=r"figure name .* is invalid"):
        figures.save_figure(_figure(), name, caption="C", source="s", out_dir=tmp_path)
    assert not any(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("name", ["fig01-a", "fig99-quantities-by-place-2024", "fig10-0"])
def test_good_names_are_accepted(tmp_path, name):
    row = figures.save_figure(
        _figure(), name, caption="C", source="s", out_dir=tmp_path, formats=("png",)
    )
    assert row["name"] == name


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"caption": ""}, "caption must be a non-empty string"),
        ({"caption": None}, "caption must be a non-empty string"),
        ({"source": " "}, "source must be a non-empty string"),
        ({"source": "/home/me/notebooks/01.ipynb"}, "absolute path"),
        ({"source": "python make.py --out /tmp/x"}, "absolute path"),
        ({"formats": ("pdf", "jpg")}, "unsupported format"),
        ({"formats": ()}, "formats must be a non-empty sequence"),
        ({"formats": "pdf"}, "formats must be a non-empty sequence"),
    ],
)
def test_bad_arguments_are_rejected(tmp_path, kwargs, message):
    args = {"caption": "C", "source": "s", "out_dir": tmp_path, **kwargs}
    with pytest.raises(ValueError, match=message):
        figures.save_figure(_figure(), "fig01-x", **args)


def test_non_figure_is_an_error(tmp_path):
    with pytest.raises(TypeError, match="needs a matplotlib Figure"):
        figures.save_figure(plt.gca(), "fig01-x", caption="C", source="s", out_dir=tmp_path)


def test_single_path_as_inputs_is_an_error(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("a\n", encoding="utf-8")
    with pytest.raises(TypeError, match="inputs must be a list of paths"):
        figures.save_figure(
            _figure(), "fig01-x", caption="C", source="s", inputs=str(table), out_dir=tmp_path
        )


def test_missing_input_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"input table .*nope\.csv.* does not exist"):
        figures.save_figure(
            _figure(),
            "fig01-x",
            caption="C",
            source="s",
            inputs=[tmp_path / "nope.csv"],
            out_dir=tmp_path,
        )


def test_save_leaves_caller_rcparams_alone(tmp_path):
    matplotlib.rcParams["pdf.fonttype"] = 3
    figures.save_figure(
        _figure(), "fig07-rc", caption="C", source="s", out_dir=tmp_path, formats=("pdf",)
    )
    assert matplotlib.rcParams["pdf.fonttype"] == 3
    # the file was still written with TrueType fonts
    assert b"/Type3" not in (tmp_path / "fig07-rc.pdf").read_bytes()


def test_save_does_not_change_figure_buffer(tmp_path):
    buf = io.BytesIO()
    fig = _figure()
    figures.save_figure(fig, "fig08-x", caption="C", source="s", out_dir=tmp_path, formats=("png",))
    fig.savefig(buf, format="png")  # the figure is still usable afterwards
    assert buf.getvalue().startswith(b"\x89PNG")


# --- issue 12: labels of the inference figures (fig40-42), pinned so a change must fail ---


def _loo_result():
    import pandas as pd

    from democracy_study.inference.glm import glm_test

    idx = list("abcdef")
    return glm_test(
        pd.Series([9, 8, 7, 2, 3, 2], index=idx, name="y"),
        pd.Series([1, 1, 1, 0, 0, 0], index=idx, name="m"),
        n_perm=0,
    )


def test_fig41_xlabel_is_log_rate_ratio():
    from democracy_study.plots.inference import plot_leave_one_out, plot_leave_one_out_panels

    # expected: the Poisson GLM estimate is a log rate ratio (plots.inference, issue 12 review)
    fig = plot_leave_one_out(_loo_result())
    assert fig.axes[0].get_xlabel() == "log rate ratio (m) with 95% interval"
    two = plot_leave_one_out_panels([("y", _loo_result()), ("z", _loo_result())])
    assert [ax.get_xlabel() for ax in two.axes] == ["log rate ratio (m) with 95% interval"] * 2
    # a tie of outcomes: every panel names its outcome
    assert [ax.get_title().split(":")[0] for ax in two.axes] == ["y", "z"]


def test_fig40_legend_names_what_is_drawn():
    import pandas as pd

    from democracy_study.plots.inference import plot_outcome_intervals, plot_outcome_panels

    o = pd.DataFrame(
        {
            "place": ["X", "Y", "Z"],
            "outcome": "r",
            "lower": [240.0, 100.0, 30.0],
            "point": [240.0, 100.0, 30.0],
            "upper": [250.0, 200.0, float("inf")],
        }
    )
    fig = plot_outcome_intervals(o, "r", place_names={"X": "Place X"})
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # expected: the three artists drawn (bar, open-end arrow, computed point); the point is a
    # sum of figures, not a figure "as written", so that phrase must not come back
    assert legend == [
        "interval",
        "open upper end (lower end shown)",
        "point (computed: sum, or largest for stocks, of the figures)",
    ]
    assert not any("as written" in t for t in legend)
    assert "Place X" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # a tie: one panel per tied outcome, in the order given (never only the first)
    tie = pd.concat([o, o.assign(outcome="s")], ignore_index=True)
    assert [ax.get_xlabel() for ax in plot_outcome_panels(tie, ["r", "s"]).axes] == ["r", "s"]


def test_fig42_case_labels_are_place_names():
    import pandas as pd

    from democracy_study.inference.qca import truth_table
    from democracy_study.plots.inference import plot_truth_table

    d = pd.DataFrame({"A": [1, 0, 0], "B": [1, 1, 1], "Y": [1, 0, 0]}, index=["p", "q", "r"])
    fig = plot_truth_table(
        truth_table(d, ["A", "B"], "Y"),
        place_names={"p": "Place P", "q": "Place Q", "r": "Place R"},
        excluded=["C"],
    )
    texts = {t.get_text() for t in fig.axes[0].texts}
    # expected (hand): configuration A*B holds p (outcome 1); ~A*B holds q and r (outcome 0)
    assert "n=1  cons=1.00: Place P" in texts
    assert "n=2  cons=0.00: Place Q, Place R" in texts
    assert fig.axes[0].get_xlabel().endswith("left out as circular: C")


def test_fig43_panels_name_the_simulated_split():
    import pandas as pd

    from democracy_study.plots.inference import plot_power_curves

    t = pd.DataFrame(
        {
            "test": ["exact_permutation", "quasi_wald_offset"],
            "effect": 1.0,
            "n_places": 8,
            "power": [0.2, 0.3],
            "ci_low": [0.1, 0.2],
            "ci_high": [0.3, 0.4],
            "n_sim": 1000,
            "dispersion_factor": 1.0,
            "prevalence": [0.25, 0.5],
        }
    )
    titles = [ax.get_title() for ax in plot_power_curves(t).axes]
    # expected: the exact rows at the headline split, the Wald rows balanced (study.power_settings)
    assert titles[0].endswith("mechanism in 25% of the places")
    assert titles[1].endswith("mechanism in 50% of the places")
