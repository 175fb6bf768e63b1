"""The commands for human coders: ``coding-sheet``, ``agreement``, ``adopt``, ``kwic``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]


def _coding_sheet(args: argparse.Namespace) -> int:
    from democracy_study.coding.sheets import write_coding_sheet
    from democracy_study.corpus import parse_reports

    corpus = parse_reports(args.paths)
    sheet, notes = write_coding_sheet(corpus, args.coder, args.out, seed=args.seed)
    print(
        f"wrote a blind coding sheet of {len(corpus.paragraphs)} paragraphs for {args.coder} "
        f"-> {sheet} (codebook definitions: {notes})",
        file=sys.stderr,
    )
    return 0


def _agreement(args: argparse.Namespace) -> int:
    from democracy_study.coding.agreement import (
        agreement,
        auto_sheet,
        read_sheet,
        write_adjudication,
    )

    sheets = [read_sheet(p) for p in args.sheets]
    if args.auto:
        from democracy_study.config import DATA_RAW
        from democracy_study.corpus import parse_reports

        corpus = parse_reports(args.sources or [DATA_RAW])
        ids = list(dict.fromkeys(pid for s in sheets for pid in s.codes.index))
        auto = auto_sheet(corpus, ids)
        for s in sheets:  # the sheet must still show the text the parser gives
            for pid, text in s.meta["text"].items():
                if text and text != auto.meta.at[pid, "text"]:
                    raise ValueError(
                        f"{s.path}: paragraph {pid} no longer has the text of the sheet "
                        "(the source or the parser changed); make a new sheet"
                    )
        sheets.append(auto)
    result = agreement(sheets)
    sys.stdout.write(result.render(max_disagreements=args.show))
    if args.adjudicate is not None:
        out = write_adjudication(result, args.adjudicate)
        print(
            f"wrote {len(result.disagreements)} disagreement(s) to adjudicate -> {out}",
            file=sys.stderr,
        )
    return 0


def _adopt(args: argparse.Namespace) -> int:
    from democracy_study.annotations import adopt_adjudication
    from democracy_study.config import DATA_ANNOTATIONS

    target = args.annotations or DATA_ANNOTATIONS
    added, left = adopt_adjudication(args.template, target)
    print(
        f"added {added} adjudicated row(s) to {target / 'mechanisms.csv'}; "
        f"{left} row(s) without a decision left out",
        file=sys.stderr,
    )
    return 0


def _kwic(args: argparse.Namespace) -> int:
    from democracy_study.corpus import parse_reports

    corpus = parse_reports(args.paths, code_mechanisms=False)
    hits = corpus.kwic(args.pattern, window=args.window)
    if args.out is not None:
        from democracy_study._util import atomic_write_text

        atomic_write_text(args.out, hits.to_csv(index=False, lineterminator="\n"))
    else:
        for h in hits.itertuples(index=False):
            match = h.match.replace("\r", "").replace("\n", "⏎")  # a page break inside the match
            sys.stdout.write(
                f"{h.paragraph_id}\t{h.char_start}-{h.char_end}\t"
                f"{h.left:>{args.window}}【{match}】{h.right}\n"
            )
    print(f"{len(hits)} match(es) of {args.pattern!r}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the coder subcommands to *sub*."""
    p = sub.add_parser(
        "coding-sheet",
        help="write a blind coding sheet (one row per paragraph) for a second coder",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--coder", required=True, help="the coder's name (written in every row)")
    p.add_argument("--out", required=True, type=Path, metavar="SHEET.csv")
    p.add_argument("--seed", type=int, default=0, help="seed of the random row order (default 0)")
    p.set_defaults(func=_coding_sheet)

    p = sub.add_parser(
        "agreement", help="inter-coder agreement of filled coding sheets (alpha, AC1)"
    )
    p.add_argument("sheets", nargs="+", type=Path, metavar="SHEET.csv")
    p.add_argument("--auto", action="store_true", help="add the automatic coder as one more coder")
    p.add_argument(
        "--sources",
        nargs="+",
        type=Path,
        default=None,
        metavar="FILE_OR_DIR",
        help="sources the automatic coder reads (default data/raw)",
    )
    p.add_argument(
        "--adjudicate",
        type=Path,
        default=None,
        metavar="OUT.csv",
        help="write the disagreements as an adjudication template",
    )
    p.add_argument(
        "--show", type=int, default=50, metavar="N", help="disagreements to print (default 50)"
    )
    p.set_defaults(func=_agreement)

    p = sub.add_parser(
        "adopt", help="append the filled rows of an adjudication template to mechanisms.csv"
    )
    p.add_argument("template", type=Path, metavar="ADJUDICATION.csv")
    p.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="DIR",
        help="annotation folder (default data/annotations)",
    )
    p.set_defaults(func=_adopt)

    p = sub.add_parser("kwic", help="concordance: every match of a pattern with its context")
    p.add_argument("pattern", help="regular expression (simplified, half-width, like the cues)")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--window", type=int, default=20, help="context characters on each side")
    p.add_argument(
        "--out", type=Path, default=None, metavar="OUT.csv", help="write a CSV instead of printing"
    )
    p.set_defaults(func=_kwic)
