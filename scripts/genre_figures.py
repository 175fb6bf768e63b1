"""Per-genre figures of issue 18 (fact P/R, traps, places, mechanism κ) → docs/GENRES.md table.

Runs the evaluation of ``tests/test_genres.py`` (the six file variants) and
``tests/test_genres_pdf_heldout.py`` (the generated PDF) and prints a markdown table;
``--write`` replaces the block between the ``<!-- figures -->`` markers of
docs/GENRES.md. Mechanism κ is Cohen's kappa over the (file, code) cells of the
codebook, pooled over the tuned files and, separately, over the held-out files.

Usage: ``.venv/bin/python scripts/genre_figures.py [--write]``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_genres as tg  # noqa: E402
import test_genres_pdf_heldout as tp  # noqa: E402

from democracy_study.coding.codebook import load_codebook  # noqa: E402
from democracy_study.coding.reliability import cohen_kappa  # noqa: E402
from democracy_study.corpus import parse_reports  # noqa: E402

HELD_OUT = {"circular_yueyang_heldout2.html", tp.NAME}


def figures() -> tuple[list[dict], dict[str, float]]:
    corpus = parse_reports(sorted(tg.GENRES / f for f in tg.FILES), cache=False)
    per = tg.evaluate(corpus)
    codes = [c.code for c in load_codebook().codes]
    gold = {
        r["file"]: set(filter(None, r["codes"].split(";"))) for r in tg._gold("gold_mechanisms.csv")
    }
    got = {
        f: set(corpus.mechanisms.loc[corpus.mechanisms["source_file"] == f, "code"])
        for f in tg.FILES
    }
    with tempfile.TemporaryDirectory() as tmp:
        pdf = parse_reports([tp.make_pdf(Path(tmp) / tp.NAME)], cache=False)
        per[tp.NAME] = tp.evaluate(pdf)
        gold[tp.NAME] = set(tp.CODES)
        got[tp.NAME] = set(pdf.mechanisms["code"])
    rows = []
    for f, v in per.items():
        rows.append({"file": f, "held_out": f in HELD_OUT, **v,
                     "codes_gold": len(gold[f]), "codes_agree": len(gold[f] & got[f]),
                     "codes_coder": len(got[f])})  # fmt: skip
    kappa = {}
    for name, group in (
        ("tuned", [f for f in per if f not in HELD_OUT]),
        ("held out", sorted(HELD_OUT)),
    ):
        a = [int(c in got[f]) for f in group for c in codes]
        b = [int(c in gold[f]) for f in group for c in codes]
        kappa[name] = cohen_kappa(a, b)
    return rows, kappa


def table(rows: list[dict], kappa: dict[str, float]) -> str:
    out = [
        "| file | held out | facts | precision | recall | traps | trap accuracy | places | place accuracy "
        "| codes gold / coder / both |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['file']} | {'yes' if r['held_out'] else 'no'} | {r['facts']} | {r['precision']:.3f} "
            f"| {r['recall']:.3f} | {r['traps']} | {r['trap_accuracy']:.3f} | {r['places']} "
            f"| {r['place_accuracy']:.3f} | {r['codes_gold']} / {r['codes_coder']} / {r['codes_agree']} |"
        )
    out.append("")
    n_codes = len(load_codebook().codes)
    for k, v in kappa.items():
        out.append(f"- mechanism κ ({k} files, file × {n_codes} codes): {v:.3f}")
    return "\n".join(out)


def main() -> None:
    rows, kappa = figures()
    text = table(rows, kappa)
    print(text)
    if "--write" in sys.argv:
        doc = ROOT / "docs" / "GENRES.md"
        s = doc.read_text(encoding="utf-8")
        a, b = "<!-- figures -->", "<!-- /figures -->"
        s = s[: s.index(a) + len(a)] + "\n" + text + "\n" + s[s.index(b) :]
        doc.write_text(s, encoding="utf-8")


if __name__ == "__main__":
    main()
