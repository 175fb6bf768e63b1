"""Write docs/codebook.md from democracy_study/data/codebook.yaml.

docs/codebook.md is generated, never edited by hand. Run from the project root:

    python scripts/render_codebook.py            # write docs/codebook.md
    python scripts/render_codebook.py --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Render the codebook; return a process exit code."""
    sys.path.insert(0, str(ROOT))
    from democracy_study.coding.codebook import load_codebook

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--codebook", type=Path, default=None, help="codebook YAML (default: shipped)"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "codebook.md")
    parser.add_argument(
        "--check", action="store_true", help="only check that the output is current"
    )
    args = parser.parse_args(argv)
    text = load_codebook(args.codebook).render_markdown()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
        if current != text:
            print(f"{args.output} is stale: run scripts/render_codebook.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(args.output)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
