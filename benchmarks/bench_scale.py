"""Scale benchmarks (issue 15): throughput, one big file vs many small, peak RSS, executors, cache.

Not a test: prints numbers to record in docs/BENCHMARKS.md. Every timing is the
median of ``--repeat`` runs (default 3; the machine is shared, timings are noisy).
Data come from ``benchmarks/synthetic.py`` only (never from data/raw).

    python benchmarks/bench_scale.py throughput [--reports 300]
    python benchmarks/bench_scale.py rss [--mb 5]
    python benchmarks/bench_scale.py parallel [--reports 2000] [--dask] [--skip-serial]
    python benchmarks/bench_scale.py incremental [--reports 2000] [--whole]
    python benchmarks/bench_scale.py partitioned [--reports 2000] [--jobs 1]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_corpus


def _median(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _mb(d: Path) -> float:
    return sum(p.stat().st_size for p in d.iterdir()) / 1e6


def throughput(args: argparse.Namespace) -> None:
    from democracy_study.corpus import parse_reports

    with tempfile.TemporaryDirectory() as tmp:
        many, one = Path(tmp, "many"), Path(tmp, "one")
        write_corpus(many, args.reports, per_file=1, syndicated=0.0, seed=1)
        write_corpus(one, args.reports, per_file=args.reports, syndicated=0.0, seed=1)
        parse_reports([many])  # warm-up
        mb = _mb(many)
        t_many = _median(lambda: parse_reports([many]), args.repeat)
        t_one = _median(lambda: parse_reports([one]), args.repeat)
        text = "".join(p.read_text(encoding="utf-8") for p in sorted(many.iterdir()))
        rx = re.compile(r"\d+")
        t_rx = _median(lambda: sum(1 for _ in rx.finditer(text)), args.repeat)
    print(f"{args.reports} synthetic reports, {mb:.2f} MB, median of {args.repeat}")
    print(f"  {args.reports} files of one report : {t_many:.2f} s = {mb / t_many:.2f} MB/s")
    print(f"  one file of {args.reports} reports : {t_one:.2f} s = {mb / t_one:.2f} MB/s")
    print(f"  one file / many files        : {t_one / t_many:.2f}x")
    print(f"  regex digit scan             : {mb / t_rx:.0f} MB/s (ratio {t_many / t_rx:.0f}x)")


def rss(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        n = max(1, int(args.mb * 1e6 / 1590))  # a synthetic report is about 1.6 kB (seed 2)
        write_corpus(d, n, per_file=n, syndicated=0.0, seed=2)
        mb = _mb(d)
        code = (
            "import resource, sys, time; from democracy_study.corpus import parse_reports; "
            "t = time.perf_counter(); c = parse_reports([sys.argv[1]]); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        out = []
        for _ in range(args.repeat):
            r = subprocess.run(
                [sys.executable, "-c", code, str(d)], capture_output=True, text=True, check=True
            )
            t, kb = r.stdout.split()
            out.append((float(t), int(kb)))
    t = statistics.median(x for x, _ in out)
    peak = statistics.median(k for _, k in out) / 1024
    print(
        f"one file of {n} reports, {mb:.1f} MB: {t:.1f} s, peak RSS {peak:.0f} MB (median of {args.repeat})"
    )


def parallel(args: argparse.Namespace) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from democracy_study.corpus import parse_reports

    def same(a, b) -> bool:
        ta, tb = a.tables(), b.tables()
        return all(v.equals(tb[k]) and list(v.dtypes) == list(tb[k].dtypes) for k, v in ta.items())

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write_corpus(d, args.reports, per_file=1, syndicated=0.05, seed=3)
        mb = _mb(d)
        results = {}

        def run(ex, key):
            results[key] = parse_reports([d], executor=ex)

        with ProcessPoolExecutor(2) as ex:
            t2 = _median(lambda: run(ex, "pool"), args.repeat)
        line = f"{args.reports} reports ({mb:.1f} MB): 2 processes {t2:.1f} s (median of {args.repeat})"
        if not args.skip_serial:
            t1 = _median(lambda: run("serial", "serial"), 1)
            line += (
                f"; serial {t1:.1f} s; identical tables: {same(results['pool'], results['serial'])}"
            )
        print(line, flush=True)
        if args.dask:
            from dask.distributed import Client, LocalCluster

            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cl,
                Client(cl) as client,
            ):
                t3 = _median(lambda: run(client.get_executor(), "dask"), args.repeat)
            print(
                f"  dask LocalCluster(2 workers): {t3:.1f} s; identical tables to the process "
                f"pool: {same(results['dask'], results['pool'])}"
            )


def incremental(args: argparse.Namespace) -> None:
    if args.whole:
        return _incremental_whole(args)
    import logging

    from democracy_study.corpus import parse_reports

    paths: list[str] = []

    class _Paths(logging.Handler):  # which path each parse took (snapshot or full)
        def emit(self, record: logging.LogRecord) -> None:
            paths.append(record.getMessage())

    log = logging.getLogger("democracy_study.corpus")
    log.setLevel(logging.INFO)
    log.addHandler(_Paths())
    with tempfile.TemporaryDirectory() as tmp:
        d, cache = Path(tmp, "c"), Path(tmp, "cache")
        write_corpus(d, args.reports, per_file=1, syndicated=0.0, seed=4)
        t = time.perf_counter()
        parse_reports([d], cache=cache)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        parse_reports([d], cache=cache)
        same = time.perf_counter() - t
        times = []
        for i in range(args.repeat):
            write_corpus(Path(tmp, f"new{i}"), 1, seed=100 + i)
            Path(tmp, f"new{i}", "syn_000000.txt").rename(d / f"zz_new_{i}.txt")
            t = time.perf_counter()
            parse_reports([d], cache=cache)
            times.append(time.perf_counter() - t)
    print(
        f"{args.reports} reports: cold build with cache {cold:.1f} s; unchanged {same:.2f} s; "
        f"after adding one report {statistics.median(times):.2f} s (median of {args.repeat}: "
        + ", ".join(f"{x:.2f}" for x in times)
        + ")"
    )
    for p in paths:
        print(f"  {p}")


def _incremental_whole(args: argparse.Namespace) -> None:
    """``parse --cache`` as whole processes: a cold build, then one new report at a time."""
    exe = str(Path(sys.executable).with_name("democracy-study"))
    with tempfile.TemporaryDirectory() as tmp:
        d, cache, out = Path(tmp, "c"), Path(tmp, "cache"), Path(tmp, "out")
        write_corpus(d, args.reports, per_file=1, syndicated=0.0, seed=4)
        base = [exe, "parse", str(d), "--cache", str(cache), "--format", "parquet"]
        cold, _ = _peak([*base, "--out", str(out), "--jobs", "2"])
        same, _ = _peak([*base, "--out", str(out)])
        runs = []
        for i in range(args.repeat):
            write_corpus(Path(tmp, f"new{i}"), 1, seed=100 + i)
            Path(tmp, f"new{i}", "syn_000000.txt").rename(d / f"zz_new_{i:03d}.txt")
            runs.append(_peak([*base, "--out", str(out)]))
    times = sorted(t for t, _ in runs)
    print(
        f"{args.reports} reports, whole processes: cold build (--jobs 2) {cold:.1f} s; "
        f"unchanged {same:.2f} s; after adding one report: median {statistics.median(times):.2f} s, "
        f"min {times[0]:.2f}, max {times[-1]:.2f} (n={len(times)}; peak RSS median "
        f"{statistics.median(m for _, m in runs):.0f} MB)"
    )
    print("  runs in order: " + ", ".join(f"{t:.2f}" for t, _ in runs))


def _peak(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, the largest process of the run) of *cmd*."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True
    )
    t, kb = r.stdout.split()
    return float(t), int(kb) / 1024


def partitioned(args: argparse.Namespace) -> None:
    """Peak RSS of ``parse`` writing whole tables vs ``parse --partitioned`` (whole processes)."""
    exe = str(Path(sys.executable).with_name("democracy-study"))
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp, "c")
        write_corpus(d, args.reports, per_file=1, syndicated=0.05, seed=6)
        mb = _mb(d)
        base = [exe, "parse", str(d), "--format", "parquet", "--jobs", str(args.jobs)]
        rows = []
        for label, extra in (("whole tables", []), ("--partitioned", ["--partitioned"])):
            runs = [
                _peak([*base, "--out", str(Path(tmp, f"o{k}")), *extra]) for k in range(args.repeat)
            ]
            rows.append(
                (
                    label,
                    statistics.median(t for t, _ in runs),
                    statistics.median(m for _, m in runs),
                )
            )
    print(
        f"{args.reports} reports in files of one ({mb:.1f} MB), --jobs {args.jobs}, median of {args.repeat}:"
    )
    for label, t, m in rows:
        print(f"  {label:<14} {t:7.1f} s   peak RSS {m:6.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("throughput", "rss", "parallel", "incremental", "partitioned"))
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dask", action="store_true")
    ap.add_argument("--jobs", type=int, default=1, help="partitioned: parse --jobs")
    ap.add_argument("--skip-serial", action="store_true", help="parallel: no serial run")
    ap.add_argument(
        "--whole", action="store_true", help="incremental: time `democracy-study parse` processes"
    )
    args = ap.parse_args()
    {
        "throughput": throughput,
        "rss": rss,
        "parallel": parallel,
        "incremental": incremental,
        "partitioned": partitioned,
    }[args.what](args)
    print(
        f"(max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)"
    )


if __name__ == "__main__":
    main()
