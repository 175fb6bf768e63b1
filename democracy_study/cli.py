"""Command line: ``democracy-study build | parse | codebook``.

Every error about input names the file and the problem, exits non-zero and
leaves outputs untouched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def _parse(args: argparse.Namespace) -> int:
    from democracy_study.corpus import parse_reports
    from democracy_study.io.tables import write_tables

    corpus = parse_reports(args.paths, code_mechanisms=not args.no_mechanisms)
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``democracy-study`` command."""
    parser = argparse.ArgumentParser(
        prog="democracy-study",
        description="Provenance-tracked data on county people's congress reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

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
    p.add_argument("--format", choices=("csv", "parquet"), default="csv")
    p.add_argument("--no-mechanisms", action="store_true", help="skip mechanism coding")
    p.set_defaults(func=_parse)

    p = sub.add_parser("codebook", help="print the mechanism codebook")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.add_argument(
        "--file", type=Path, default=None, help="a codebook YAML file other than the shipped one"
    )
    p.set_defaults(func=_codebook)

    args = parser.parse_args(argv)
    from democracy_study.io.sources import SourceError

    try:
        return args.func(args)
    except SourceError as exc:
        print(f"democracy-study: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"democracy-study: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
