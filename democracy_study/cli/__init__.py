"""Command line: ``democracy-study COMMAND`` (``python -m democracy_study`` works too).

Each module of this package registers one family of subcommands
(:mod:`~._base`: build, parse, codebook). Every error about input names the file
and the problem, exits 2 and leaves outputs untouched; no traceback reaches the
user.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

__all__ = ["main"]

#: Environment variable that, set to anything, shows tracebacks (like ``--debug``).
DEBUG_ENV = "DEMOCRACY_STUDY_DEBUG"
#: Modules that add subcommands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "democracy_study.cli._base",
    "democracy_study.cli.data",
    "democracy_study.cli.coding",
)


def make_parser() -> argparse.ArgumentParser:
    """The ``democracy-study`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="democracy-study",
        description="Provenance-tracked data on county people's congress reports.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"show the Python traceback of an unexpected error (or set {DEBUG_ENV}=1)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _error(msg: str) -> int:
    print(f"democracy-study: error: {msg}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``democracy-study`` command.

    Exit 0 on success, 1 for ``build --check`` with stale outputs, 2 for any
    error: the message names the file and the problem, and no traceback is
    shown unless ``--debug`` is given or ``DEMOCRACY_STUDY_DEBUG`` is set.
    """
    args = make_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False) or os.environ.get(DEBUG_ENV))
    from democracy_study.io.sources import SourceError

    try:
        return args.func(args)
    except SourceError as exc:
        return _error(str(exc))
    except MemoryError:
        if debug:
            raise
        return _error("ran out of memory (the input may be too large for this machine)")
    except KeyboardInterrupt:
        print("democracy-study: interrupted; outputs are unchanged", file=sys.stderr)
        return 130
    except OSError as exc:
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(f"{where}{exc.strerror or exc}")
    except (ValueError, RuntimeError) as exc:
        if debug:
            raise
        return _error(str(exc))
    except Exception as exc:  # a bug: one line for the user, the traceback with --debug
        if debug:
            raise
        return _error(
            f"internal error ({type(exc).__name__}: {exc}); outputs are unchanged. "
            f"Run with --debug (or {DEBUG_ENV}=1) for the traceback and please report it"
        )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
