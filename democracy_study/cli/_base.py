"""The pipeline commands: ``build``, ``parse``, ``codebook``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]


def _parse(args: argparse.Namespace) -> int:
    from democracy_study.corpus import parse_reports
    from democracy_study.io.tables import write_tables

    corpus = parse_reports(
        args.paths, code_mechanisms=not args.no_mechanisms, annotations=args.annotations
    )
    out = write_tables(corpus, args.out, fmt=args.format)
    n_rep = int((corpus.reports["kind"] == "report").sum())
    print(
        f"parsed {len(corpus.sources)} source(s): {n_rep} reports, {len(corpus.paragraphs)} paragraphs, "
        f"{len(corpus.quantities)} quantities, {len(corpus.mechanisms)} mechanism hits, "
        f"{len(corpus.quality)} quality notes -> {out}",
        file=sys.stderr,
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    from democracy_study.pipeline import build, check

    if args.check:
        stale = check(figures=not args.no_figures)
        if stale:
            print(
                "stale outputs (committed files differ from what the code produces now):",
                file=sys.stderr,
            )
            for line in stale:
                print(f"  {line}", file=sys.stderr)
            print("run `democracy-study build` and commit the result", file=sys.stderr)
            return 1
        print(
            "up to date: data/processed and figures match what the code produces", file=sys.stderr
        )
        return 0
    build(figures=not args.no_figures)
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from democracy_study.coding.codebook import load_codebook

    cb = load_codebook(args.file)
    sys.stdout.write(cb.render_markdown() if args.format == "markdown" else cb.render_text())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the pipeline subcommands to *sub*."""
    p = sub.add_parser(
        "build", help="run the whole pipeline: data/raw -> data/processed and figures/"
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 and name stale files if committed outputs are out of date",
    )
    p.add_argument("--no-figures", action="store_true", help="only the data tables")
    p.set_defaults(func=_build)

    p = sub.add_parser("parse", help="parse report files into the tables of the data contract")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--out", required=True, type=Path, help="output directory (replaced atomically)")
    p.add_argument("--format", choices=("csv", "parquet", "stata"), default="csv")
    p.add_argument("--no-mechanisms", action="store_true", help="skip mechanism coding")
    p.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="DIR",
        help="apply the human corrections in DIR (quantities.csv, mechanisms.csv, places.csv)",
    )
    p.set_defaults(func=_parse)

    p = sub.add_parser("codebook", help="print the mechanism codebook")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.add_argument(
        "--file", type=Path, default=None, help="a codebook YAML file other than the shipped one"
    )
    p.set_defaults(func=_codebook)
