"""Command line: ``democracy-study COMMAND`` (``python -m democracy_study`` works too).

Each module of this package registers one family of subcommands
(:mod:`~._base`: build, parse, codebook). Every error about input names the file
and the problem, exits 2 and leaves outputs untouched; no traceback reaches the
user.
"""

from __future__ import annotations

import argparse
import importlib
import sys

__all__ = ["main"]

#: Modules that add subcommands, in the order ``--help`` lists them.
COMMAND_MODULES = ("democracy_study.cli._base",)


def make_parser() -> argparse.ArgumentParser:
    """The ``democracy-study`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="democracy-study",
        description="Provenance-tracked data on county people's congress reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``democracy-study`` command."""
    args = make_parser().parse_args(argv)
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
