"""Blind coding sheets: nothing the automatic coder found may reach the coder."""

from __future__ import annotations

import pandas as pd

from democracy_study.cli import main
from democracy_study.coding.codebook import load_codebook
from democracy_study.coding.sheets import SHEET_COLUMNS, coding_sheet, notes_path

from .conftest import SEED


def test_the_sheet_is_blind(seed_corpus, tmp_path):
    out = tmp_path / "li.csv"
    assert main(["coding-sheet", str(SEED), "--coder", "li", "--out", str(out), "--seed", "7"]) == 0
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    cb = load_codebook()
    assert list(sheet.columns) == [*SHEET_COLUMNS, *cb.code_names]
    m = seed_corpus.mechanisms
    assert len(m) > 20  # the automatic coder did find codes in these paragraphs ...
    coded = sheet.set_index("paragraph_id")
    for pid, code in zip(m["paragraph_id"], m["code"], strict=True):
        assert coded.at[pid, code] == "", (pid, code)  # ... and none of them is shown
    assert (sheet[[*cb.code_names, "done", "note"]] == "").all().all()
    # no rule id, cue text or cue pattern anywhere in the sheet or its companion file
    notes = notes_path(out).read_text(encoding="utf-8")
    body = out.read_text(encoding="utf-8-sig")
    for rule in set(m["rule"]):
        assert rule not in body and rule not in notes, rule
    assert "Cues" not in notes
    for c in cb.codes:
        for cue in c.cues:  # a plain word may also be in a label; a pattern may not appear
            if any(ch in cue.source for ch in "[(|?*+{\\"):
                assert cue.source not in notes, cue.id
    # the paragraphs are the parser's, unchanged
    assert sorted(sheet["paragraph_id"]) == sorted(seed_corpus.paragraphs["paragraph_id"])
    text = dict(
        zip(seed_corpus.paragraphs["paragraph_id"], seed_corpus.paragraphs["text"], strict=True)
    )
    assert all(text[p] == t for p, t in zip(sheet["paragraph_id"], sheet["text"], strict=True))
    assert set(sheet["coder"]) == {"li"}
    assert "#### `liaison_station`" in notes and "**Definition.**" in notes


def test_the_order_is_random_but_seeded(seed_corpus):
    a = coding_sheet(seed_corpus, "li", seed=1)["paragraph_id"].tolist()
    b = coding_sheet(seed_corpus, "li", seed=1)["paragraph_id"].tolist()
    c = coding_sheet(seed_corpus, "li", seed=2)["paragraph_id"].tolist()
    assert a == b and a != c
    assert a != seed_corpus.paragraphs["paragraph_id"].tolist()


def test_cli_needs_a_coder_name(tmp_path, capsys):
    assert main(["coding-sheet", str(SEED), "--coder", " ", "--out", str(tmp_path / "s.csv")]) == 2
    assert "--coder" in capsys.readouterr().err
    assert (
        main(
            [
                "coding-sheet",
                str(tmp_path / "missing.txt"),
                "--coder",
                "li",
                "--out",
                str(tmp_path / "s.csv"),
            ]
        )
        == 2
    )
    assert not (tmp_path / "s.csv").exists()
