"""The data commands: ``bundle``, ``export-graphs``, ``numbers``, ``resolve``, ``validate``.

- ``bundle --out replication.zip``: the replication archive
  (:func:`democracy_study.bundle.make_bundle`).
- ``export-graphs --out DIR``: mechanism co-occurrence and place–entity graphs
  of a written output as GraphML and GEXF (:mod:`democracy_study.graphs`).
- ``numbers TEXT``: the quantities in a string, as a table.
- ``resolve NAME``: a place through the gazetteer.
- ``validate DIR``: descriptor and provenance check of a written output
  (:func:`democracy_study.io.read.validate_output`); exit 1 if anything fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]


def _bundle(args: argparse.Namespace) -> int:
    from democracy_study.bundle import make_bundle

    out, names = make_bundle(args.out, root=args.root)
    print(f"wrote {out} ({len(names)} files)", file=sys.stderr)
    return 0


def _export_graphs(args: argparse.Namespace) -> int:
    from democracy_study import config
    from democracy_study.corpus import read_corpus
    from democracy_study.graphs import export_graphs

    corpus = read_corpus(args.data or config.DATA_PROCESSED, texts=False)
    types = tuple(args.entity_types.split(",")) if args.entity_types else None
    paths = export_graphs(corpus, args.out, **({"types": types} if types else {}))
    for p in paths:
        print(p)
    return 0


def _numbers(args: argparse.Namespace) -> int:
    from democracy_study.parse.quantities import extract_quantities

    df = extract_quantities(args.text)
    if args.csv:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif df.empty:
        print("no quantities found", file=sys.stderr)
    else:
        cols = ["evidence", "value", "value_max", "unit", "qualifier", "kind", "indicator"]
        cols += ["char_start", "char_end"]
        print(df[[c for c in cols if c in df]].to_string(index=False))
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from democracy_study.parse.gazetteer import resolve_place

    m = resolve_place(args.name, prefecture=args.prefecture)
    fields = (
        "name_as_written",
        "match",
        "name",
        "admin_code",
        "admin_level",
        "place_en",
        "prefecture",
        "province",
    )
    width = max(map(len, fields))
    for f in fields:
        v = getattr(m, f)
        print(f"{f:<{width}}  {'' if v is None else v}")
    for c in m.candidates:
        print(f"{'candidate':<{width}}  {c.name} ({c.admin_code}, {c.prefecture or c.province})")
    return 0 if m.resolved else 1


def _validate(args: argparse.Namespace) -> int:
    from democracy_study.io.read import validate_output

    problems, counts = validate_output(args.dir, raw=args.raw)
    if problems:
        print(f"{args.dir}: INVALID ({len(problems)} problem(s))", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(
        f"{args.dir}: valid ({counts['tables']} tables, {counts['rows']} rows; keys, vocabularies "
        f"and {counts['spans']} provenance spans checked)",
        file=sys.stderr,
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the data subcommands to *sub*."""
    p = sub.add_parser(
        "bundle", help="write a replication archive (data, figures, versions, rebuild README)"
    )
    p.add_argument("--out", required=True, type=Path, help="the .zip file to write")
    p.add_argument(
        "--root", type=Path, default=None, help="project root (default: the current project)"
    )
    p.set_defaults(func=_bundle)

    p = sub.add_parser(
        "export-graphs",
        help="mechanism co-occurrence and place-entity graphs as GraphML and GEXF",
    )
    p.add_argument("--out", required=True, type=Path, help="output directory")
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        help="a written output directory (default: data/processed)",
    )
    p.add_argument(
        "--entity-types",
        default=None,
        help="comma-separated entity types for the place-entity graph "
        "(default: station,platform,department)",
    )
    p.set_defaults(func=_export_graphs)

    p = sub.add_parser("numbers", help="the quantities in a string, as a table")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--csv", action="store_true", help="CSV with every column instead of a table")
    p.set_defaults(func=_numbers)

    p = sub.add_parser(
        "resolve", help="resolve a place name through the gazetteer (exit 1 if unresolved)"
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--prefecture", default=None, help="restrict to a prefecture (name or code)")
    p.set_defaults(func=_resolve)

    p = sub.add_parser(
        "validate",
        help="check a written output: descriptor, keys, vocabularies and text[s:e] == evidence",
    )
    p.add_argument("dir", type=Path, metavar="DIR")
    p.add_argument(
        "--raw",
        type=Path,
        default=None,
        help="directory of the sources (default: ../raw, data/raw)",
    )
    p.set_defaults(func=_validate)
