"""Benchmark the numeral parser and the quantity extractor.

1. Accuracy of ``parse_number`` against cn2an and jionlp on the same number
   expressions: the in-scope results of the Recognizers-Text NumberModel spec
   (expected values from the spec) plus money expressions with 万/亿 and
   余/多 markers (expected values worked out by hand). jionlp has no plain
   number parser, so it is run as ``parse_money(expr + "元")`` where that
   applies. Expressions a tool raises on count as failures.
2. Throughput of ``find_quantities`` on the seed corpus repeated 200 times,
   on raw text (normalised inside) and on already normalised text, in MB of
   UTF-8 per second on one core.

Prints numbers only; nothing is asserted. Run:
``python benchmarks/bench_numbers.py``.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from democracy_study.parse.numerals import parse_number  # noqa: E402
from democracy_study.parse.quantities import find_quantities  # noqa: E402
from democracy_study.text import normalize  # noqa: E402

SPEC = ROOT / "tests" / "data" / "peer-specs" / "recognizers-text" / "NumberModel.json"
OUT_OF_SCOPE = ROOT / "tests" / "data" / "peer_out_of_scope.csv"
CORPUS = ROOT / "data" / "raw" / "weifang_2024_county_congress_highlights.txt"

# hand: value of each expression, read by hand
MONEY = [
    ("150万", 1_500_000),
    ("1400多万", 14_000_000),
    ("4万余", 40_000),
    ("110亿", 11_000_000_000),
    ("300余万", 3_000_000),
    ("3.5亿", 350_000_000),
    ("２８０萬", 2_800_000),
    ("壹佰贰拾万", 1_200_000),
    ("两千三百万", 23_000_000),
    ("1,250万", 12_500_000),
]


def expressions() -> list[tuple[str, float]]:
    with open(OUT_OF_SCOPE, encoding="utf-8", newline="") as fh:
        excluded = {(r["file"], r["input"]) for r in csv.DictReader(fh)}
    with open(SPEC, encoding="utf-8-sig") as fh:
        cases = json.load(fh)
    out = []
    for c in cases:
        if ("NumberModel.json", c["Input"]) in excluded:
            continue
        for r in c["Results"]:
            out.append((r["Text"], float(r["Resolution"]["value"])))
    return out + [(s, float(v)) for s, v in MONEY]


def _ours(s: str) -> float:
    return float(parse_number(s))


def _cn2an():
    import cn2an

    return lambda s: float(cn2an.cn2an(s, "smart"))


def _jionlp():
    import jionlp

    def parse(s: str) -> float:
        got = jionlp.parse_money(s + "元")
        return float(got["num"])

    return parse


def accuracy(name: str, fn, exprs: list[tuple[str, float]]) -> None:
    ok = wrong = failed = 0
    t0 = time.perf_counter()
    for s, want in exprs:
        try:
            got = fn(s)
        except Exception:  # any failure of a third-party parser counts
            failed += 1
            continue
        if math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9):
            ok += 1
        else:
            wrong += 1
    dt = time.perf_counter() - t0
    n = len(exprs)
    print(
        f"{name:8s} correct {ok:4d}/{n}  wrong {wrong:4d}  raised {failed:4d}  "
        f"{n / dt:10.0f} expr/s"
    )


def throughput(repeat: int = 200) -> None:
    raw = CORPUS.read_text(encoding="utf-8") * repeat
    mb = len(raw.encode("utf-8")) / 1e6
    norm = normalize(raw)
    for label, text in (("raw (normalised inside)", raw), ("pre-normalised", norm)):
        best = math.inf
        for _ in range(3):
            t0 = time.perf_counter()
            qs = find_quantities(text)
            best = min(best, time.perf_counter() - t0)
        print(
            f"find_quantities {label:24s} {mb:6.2f} MB  {len(qs):6d} quantities  {mb / best:6.2f} MB/s"
        )


def main() -> None:
    exprs = expressions()
    print(
        f"{len(exprs)} number expressions (NumberModel in-scope results + {len(MONEY)} money forms)"
    )
    accuracy("ours", _ours, exprs)
    try:
        accuracy("cn2an", _cn2an(), exprs)
    except ImportError:
        print("cn2an    not installed")
    try:
        accuracy("jionlp", _jionlp(), exprs)
    except ImportError:
        print("jionlp   not installed (pip install jionlp)")
    # The money subset only: what jionlp is made for.
    money = [(s, v) for s, v in MONEY]
    print(f"money subset ({len(money)} expressions):")
    accuracy("ours", _ours, money)
    try:
        accuracy("cn2an", _cn2an(), money)
        accuracy("jionlp", _jionlp(), money)
    except ImportError:
        pass
    throughput()


if __name__ == "__main__":
    main()
