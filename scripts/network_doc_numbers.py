"""Write the measured network numbers into docs/NETWORKS.md from data/results.

    python scripts/network_doc_numbers.py [--check]

Replaces the text between the ``network-numbers`` markers of docs/NETWORKS.md by
:func:`democracy_study.results.network_numbers` (counted in the result tables the
build wrote). ``--check`` changes nothing and exits 1 when the doc is stale;
``tests/test_network_doc.py`` runs the same check. Run it after ``democracy-study
build`` whenever the network results change.
"""

from __future__ import annotations

import sys
from pathlib import Path

from democracy_study.results import network_numbers

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "NETWORKS.md"
BEGIN = "<!-- BEGIN network-numbers: written by scripts/network_doc_numbers.py -->\n"
END = "<!-- END network-numbers -->\n"


def render(text: str, numbers: str) -> str:
    """*text* with the block between the markers replaced by *numbers*."""
    if text.count(BEGIN) != 1 or text.count(END) != 1:
        raise ValueError(f"{DOC}: expected one {BEGIN.strip()!r} and one {END.strip()!r}")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    return head + BEGIN + numbers + END + tail


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    new = render(text, network_numbers(ROOT / "data" / "results"))
    if "--check" in argv:
        if new != text:
            print(f"{DOC.relative_to(ROOT)} is stale: run scripts/network_doc_numbers.py")
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
