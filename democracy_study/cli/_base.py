"""The pipeline commands: ``build``, ``parse``, ``codebook``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]


def _parse(args: argparse.Namespace) -> int:
    from democracy_study._util import check_output_dir
    from democracy_study.corpus import parse_reports
    from democracy_study.io.tables import write_tables

    check_output_dir(args.out, inputs=args.paths, force=args.force)  # fail before the long part
    if args.format is None:
        args.format = "parquet" if args.partitioned else "csv"
    if args.partitioned and args.format != "parquet":
        print(
            f"--partitioned writes Parquet parts; --format {args.format} cannot be partitioned",
            file=sys.stderr,
        )
        return 2
    if args.partitioned and args.part_mb <= 0:
        print(f"--part-mb must be positive, got {args.part_mb}", file=sys.stderr)
        return 2
    jobs = getattr(args, "jobs", 1)
    if jobs < 1:
        print(f"--jobs must be at least 1, got {jobs}", file=sys.stderr)
        return 2
    pool = None
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs)
    if args.partitioned:
        try:
            return _parse_partitioned(args, pool)
        finally:
            if pool is not None:
                pool.shutdown()
    import logging

    said: list[str] = []  # which path a cached parse took (snapshot or full, and why)

    class _Said(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    log = logging.getLogger("democracy_study.corpus")
    handler, level = _Said(logging.INFO), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        corpus = parse_reports(args.paths, **_parse_options(args, pool))
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        if pool is not None:
            pool.shutdown()
    for line in said:
        print(f"cache: {line}", file=sys.stderr)
    out = write_tables(corpus, args.out, fmt=args.format, inputs=args.paths, force=args.force)
    _say_rejected(corpus.rejected)
    rows = {k: len(getattr(corpus, k)) for k in ("sources", "paragraphs", "quantities")}
    rows.update(mechanisms=len(corpus.mechanisms), quality=len(corpus.quality))
    _say_parsed(rows, int((corpus.reports["kind"] == "report").sum()), str(out))
    return 0


def _parse_options(args: argparse.Namespace, pool) -> dict:
    """The keyword arguments ``parse`` gives ``parse_reports`` and ``parse_to_parts`` alike."""
    return {
        "code_mechanisms": not args.no_mechanisms,
        "annotations": args.annotations,
        "executor": pool if pool is not None else "serial",
        "cache": getattr(args, "cache", None),
        "keep_going": args.keep_going,
    }


def _say_parsed(rows: dict[str, int], n_reports: int, out: str) -> None:
    print(
        f"parsed {rows['sources']} source(s): {n_reports} reports, {rows['paragraphs']} "
        f"paragraphs, {rows['quantities']} quantities, {rows['mechanisms']} mechanism hits, "
        f"{rows['quality']} quality notes -> {out}",
        file=sys.stderr,
    )


def _parse_partitioned(args: argparse.Namespace, pool) -> int:
    """``parse --partitioned``: a batch of sources at a time (:mod:`democracy_study.stream`)."""
    from democracy_study.stream import parse_to_parts

    res = parse_to_parts(
        args.paths,
        args.out,
        **_parse_options(args, pool),
        part_mb=args.part_mb,
        force=args.force,
    )
    _say_rejected(res.rejected)
    _say_parsed(res.rows, res.n_reports, f"{res.path} ({res.n_parts} Parquet part(s) per table)")
    return 0


def _say_rejected(rejected: list[tuple[str, str]]) -> None:
    if rejected:
        print(f"rejected {len(rejected)} file(s) (--keep-going):", file=sys.stderr)
        for path, problem in rejected:
            print(f"  {path}: {problem}", file=sys.stderr)


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
            print(
                "run `democracy-study build` (it also removes unexpected files) and commit the result",
                file=sys.stderr,
            )
            return 1
        print(
            "up to date: data/processed, data/results and figures match what the code produces",
            file=sys.stderr,
        )
        return 0
    corpus = build(figures=not args.no_figures, keep_going=args.keep_going)
    _say_rejected(corpus.rejected)
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
    p.add_argument(
        "--keep-going",
        action="store_true",
        help="leave out report files that cannot be read or parsed, and list them",
    )
    p.set_defaults(func=_build)

    p = sub.add_parser("parse", help="parse report files into the tables of the data contract")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--out", required=True, type=Path, help="output directory (replaced atomically)")
    p.add_argument(
        "--format",
        choices=("csv", "parquet", "stata"),
        default=None,
        help="table format (default: csv; parquet with --partitioned)",
    )
    p.add_argument("--no-mechanisms", action="store_true", help="skip mechanism coding")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace --out even if it is a non-empty directory this tool did not write",
    )
    p.add_argument(
        "--keep-going",
        action="store_true",
        help="parse the good files, list the ones that cannot be read or parsed (default: stop)",
    )
    p.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="DIR",
        help="apply the human corrections in DIR (quantities.csv, mechanisms.csv, places.csv)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="parse files in N processes (the tables are identical to a serial run)",
    )
    p.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="per-source cache directory: unchanged files are not parsed again",
    )
    p.add_argument(
        "--partitioned",
        action="store_true",
        help="for large corpora: write each table as Parquet parts, one batch of sources at a "
        "time, so memory is bounded by the batch, not the corpus",
    )
    p.add_argument(
        "--part-mb",
        type=float,
        default=4.0,
        metavar="MB",
        help="with --partitioned: source megabytes per part (default 4; a larger file is a part "
        "of its own)",
    )
    p.set_defaults(func=_parse)

    p = sub.add_parser("codebook", help="print the mechanism codebook")
    p.add_argument("--format", choices=("text", "markdown"), default="text")
    p.add_argument(
        "--file", type=Path, default=None, help="a codebook YAML file other than the shipped one"
    )
    p.set_defaults(func=_codebook)
