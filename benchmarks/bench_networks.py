"""Benchmark of the network models (a script, not a test).

Run: ``python benchmarks/bench_networks.py [--quick]``. Prints wall-clock times
for (1) one network of 400 deputies, 30 stations and 100,000 voter blocks built
(arrays + networkx graph) and measured, and (2) an ensemble of 1,000 networks
(10 places x 100 seeds) through a process pool. ``--sizes prior`` (the figure
recorded) gives every place the priors' sizes, as the build's places without
reported figures have (``n_deputies`` 1,200, drawn from 300-2,500 in each draw,
``n_stations`` 20, ...); ``--sizes small`` (default, the issue-5 figure) fixes
150-450 deputies. ``--workers`` sets the pool size (default: all cores). Targets
on a 2-core machine: (1) < 2 s, (2) < 60 s. Numbers are recorded in
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from democracy_study.networks import (
    NetworkParams,
    department_paths,
    draw_network,
    issue_flow,
    network_metrics,
    robustness_curves,
    simulate,
)

MECHS = (
    ("digital_channel", "rapid_response"),
    ("sector_station",),
    ("regular_contact_day", "key_suggestion_supervision"),
    ("digital_channel", "sector_station", "deputy_mediation"),
    (),
)


def bench_single(repeat: int = 3) -> dict[str, float]:
    p = NetworkParams.from_priors(
        n_deputies=400,
        n_stations=30,
        n_voters=100_000,
        n_voter_blocks=100_000,
        p_visit=0.3,
        mechanisms=["digital_channel", "sector_station"],
        place="bench",
    )
    times = {"draw": [], "to_networkx": [], "metrics": [], "total": []}
    for r in range(repeat):
        t0 = time.perf_counter()
        d = draw_network(p, seed=r)
        t1 = time.perf_counter()
        G = d.to_networkx()
        t2 = time.perf_counter()
        rng = np.random.default_rng(r)
        paths = department_paths(d)
        network_metrics(d, paths=paths)
        issue_flow(d, rng)
        robustness_curves(d, rng)
        t3 = time.perf_counter()
        times["draw"].append(t1 - t0)
        times["to_networkx"].append(t2 - t1)
        times["metrics"].append(t3 - t2)
        times["total"].append(t3 - t0)
    print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    return {k: float(np.median(v)) for k, v in times.items()}


def places(k: int = 10, sizes: str = "small") -> list[NetworkParams]:
    if sizes == "prior":
        return [
            NetworkParams.from_priors(mechanisms=MECHS[i % len(MECHS)], place=f"place{i:02d}")
            for i in range(k)
        ]
    out = []
    for i, dep in enumerate(np.linspace(150, 450, k).round().astype(int)):
        out.append(
            NetworkParams.from_priors(
                n_deputies=int(dep),
                n_stations=int(10 + 3 * i),
                mechanisms=MECHS[i % len(MECHS)],
                place=f"place{i:02d}",
            )
        )
    return out


def bench_ensemble(n: int = 100, executor=None, sizes: str = "small") -> float:
    ps = places(sizes=sizes)
    t0 = time.perf_counter()
    r = simulate(ps, n=n, seed=0, executor=executor, progress=False)
    t = time.perf_counter() - t0
    assert r.draws["draw"].nunique() == n
    return t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="10 seeds per place instead of 100")
    ap.add_argument(
        "--sizes",
        choices=("small", "prior"),
        default="small",
        help="places of 150-450 deputies (small) or of the priors' sizes (prior)",
    )
    ap.add_argument("--workers", type=int, default=None, help="process pool size")
    ap.add_argument("--skip-single", action="store_true", help="only the ensemble")
    args = ap.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    if not args.skip_single:
        s = bench_single()
        print(
            "single network 400 deputies / 30 stations / 100,000 voter blocks: "
            + ", ".join(f"{k} {v:.3f} s" for k, v in s.items())
            + " (target total < 2 s)"
        )
    n = 10 if args.quick else 100
    workers = args.workers or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers) as pool:
        t = bench_ensemble(n=n, executor=pool, sizes=args.sizes)
    print(
        f"ensemble {10 * n} networks (10 places x {n} seeds, {args.sizes} sizes), "
        f"{workers} processes: {t:.1f} s (target < 60 s)"
    )


if __name__ == "__main__":
    main()
