"""Parse throughput on the seed corpus repeated N times (default 1,000), and import time.

Not a test: prints numbers to record in docs/BENCHMARKS.md.

    python benchmarks/bench_parse.py [--copies 1000] [--no-mechanisms]

Targets (issue "Foundation"): parse + extract >= 1 MB of UTF-8 text per second per core;
``import democracy_study`` < 0.5 s without plotting libraries.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "weifang_2024_county_congress_highlights.txt"


def import_time(runs: int = 5) -> tuple[float, bool]:
    code = (
        "import time, sys; t = time.perf_counter(); import democracy_study; "
        "d = time.perf_counter() - t; "
        "print(d, any(m in sys.modules for m in ('matplotlib', 'pandas', 'networkx', 'statsmodels')))"
    )
    times, heavy = [], False
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        t, h = out.stdout.split()
        times.append(float(t))
        heavy |= h == "True"
    return statistics.median(times), heavy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--no-mechanisms", action="store_true")
    args = ap.parse_args()

    from democracy_study.corpus import parse_reports

    med, heavy = import_time()
    print(f"python {platform.python_version()} on {platform.machine()}, 1 process")
    print(
        f"import democracy_study: median {med * 1000:.1f} ms over 5 fresh interpreters; "
        f"heavy libraries imported: {heavy}"
    )

    data = SEED.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for i in range(args.copies):
            shutil.copyfile(SEED, d / f"copy_{i:05d}.txt")
        parse_reports(
            [SEED], code_mechanisms=not args.no_mechanisms
        )  # warm-up: lexicon, gazetteer, font-free
        t = time.perf_counter()
        corpus = parse_reports([d], code_mechanisms=not args.no_mechanisms)
        dt = time.perf_counter() - t
    mb = len(data) * args.copies / 1e6
    print(
        f"parse_reports on {args.copies} copies ({mb:.1f} MB UTF-8, {len(corpus.reports)} reports, "
        f"{len(corpus.quantities)} quantities, {len(corpus.mechanisms)} mechanism hits): "
        f"{dt:.1f} s = {mb / dt:.2f} MB/s"
    )

    # the same text through cn2an and jionlp, where they apply (numeral conversion / money extraction)
    text = data.decode("utf-8")
    n = max(1, args.copies // 10)
    try:
        import cn2an

        t = time.perf_counter()
        for _ in range(n):
            cn2an.transform(text, "cn2an")
        dt = time.perf_counter() - t
        print(
            f"cn2an.transform(text, 'cn2an') x{n}: {len(data) * n / 1e6 / dt:.2f} MB/s (numeral conversion only)"
        )
    except Exception as exc:
        print(f"cn2an: not run ({type(exc).__name__}: {exc})")
    print(
        "jionlp: has no extractor for plain numbers in running text (only parse_money on a money expression);"
        " see benchmarks/bench_numbers.py for both packages on the same expressions"
    )


if __name__ == "__main__":
    main()
