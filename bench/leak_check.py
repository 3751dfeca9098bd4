"""RSS growth over many small solves: routing (native), assignment, and
optionally VROOM routing. Prints a JSON summary; exits 1 if growth exceeds --bound-mb.

    python bench/leak_check.py --solves 1000 [--bound-mb 20] [--vroom]

Warm-up solves come first (allocator pools, lazy imports), then RSS (from
/proc/self/statm) is sampled every 100 solves; growth = last sample - first sample.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import time

import numpy as np

import lastleg


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def routing_problem(seed: int) -> lastleg.RoutingProblem:
    rng = np.random.default_rng(seed)
    n = 15
    start = rng.uniform(0, 200, n)
    return lastleg.RoutingProblem(
        rng.uniform(0, 100, (1, 2)), rng.uniform(0, 100, (n, 2)),
        [lastleg.VehicleType(count=4, capacity=12)], demand=rng.integers(1, 4, n),
        time_windows=np.c_[start, start + 300], service=2.0)


def assignment_problem(seed: int) -> lastleg.AssignmentProblem:
    return lastleg.generate_scenario(20, 3, 10, seed=seed).to_problem()


def one_solve(i: int, vroom: bool) -> None:
    """Build fresh problems each time so the Python side is exercised too."""
    kind = i % (3 if vroom else 2)
    if kind == 0:
        lastleg.solve_routes(routing_problem(i), max_iterations=50, seed=i, threads=2,
                             engine="native")
    elif kind == 1:
        lastleg.assign(assignment_problem(i), max_iterations=20, seed=i, threads=2)
    else:
        lastleg.solve_routes(routing_problem(i), engine="vroom", threads=1)
    if i % 7 == 0:  # error paths must not leak either
        with contextlib.suppress(lastleg.InputError):
            lastleg.solve_routes(routing_problem(i), threads=0)


def measure(solves: int, vroom: bool = False, warmup: int = 50) -> dict:
    for i in range(warmup):
        one_solve(i, vroom)
    gc.collect()
    samples = [rss_mb()]
    t0 = time.perf_counter()
    for i in range(solves):
        one_solve(warmup + i, vroom)
        if (i + 1) % 100 == 0 or i + 1 == solves:
            gc.collect()
            samples.append(rss_mb())
    return {"solves": solves, "vroom": vroom, "rss_start_mb": round(samples[0], 2),
            "rss_end_mb": round(samples[-1], 2), "growth_mb": round(samples[-1] - samples[0], 2),
            "samples_mb": [round(s, 1) for s in samples],
            "seconds": round(time.perf_counter() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--solves", type=int, default=1000)
    ap.add_argument("--bound-mb", type=float, default=20.0)
    ap.add_argument("--vroom", action="store_true", help="also VROOM solves (1 in 3)")
    args = ap.parse_args()
    out = measure(args.solves, args.vroom)
    out["bound_mb"] = args.bound_mb
    print(json.dumps(out, indent=1))
    return 0 if out["growth_mb"] <= args.bound_mb else 1


if __name__ == "__main__":
    sys.exit(main())
