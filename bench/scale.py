"""Scale bench: a generated single-depot CVRP at 1k, 10k, 30k and 100k stops.

    python bench/scale.py                       # 1k 10k 30k 100k, 2 threads
    python bench/scale.py --sizes 1000 10000 --time-limit 30

Each size runs in its own subprocess (so peak RSS is that size's alone). With
``--method auto`` problems under 50,000 stops go to ``solve_routes``; larger ones to
the route-based decomposition (``lastleg.routing.decompose.solve_decomposed``). Every answer is
checked with ``lastleg.check_routes``. Prints, per size, the time to the first
solution, the total time, the cost, routes and peak RSS, then the growth exponents
(log-log slope between consecutive sizes) of time and RSS.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import resource
import subprocess
import sys
import time

import numpy as np

import lastleg
from lastleg import RoutingProblem, VehicleType


def make(n: int, seed: int = 0) -> RoutingProblem:
    """Uniform stops on a 10,000 x 10,000 square, depot at the centre, demand 1..10,
    capacity 100 (about 18 stops per route), enough vehicles."""
    rng = np.random.default_rng(seed)
    stops = rng.uniform(0, 10_000, size=(n, 2))
    demand = rng.integers(1, 11, size=n)
    vehicles = math.ceil(demand.sum() / 100 * 1.3) + 2
    return RoutingProblem([[5000.0, 5000.0]], stops, VehicleType(count=vehicles, capacity=100),
                          demand=demand, metric="euclidean", name=f"cvrp-{n}")


def time_limit_for(n: int, base: float) -> float:
    """Wall-clock budget: ``base`` seconds per 10k stops, at least 10 s, at most 500 s."""
    return float(min(500.0, max(10.0, base * n / 10_000)))


def run_one(n: int, threads: int, base: float, seed: int, method: str) -> dict[str, float]:
    from lastleg.routing.decompose import DEFAULT_MIN_STOPS, solve_decomposed

    t0 = time.perf_counter()
    problem = make(n, seed)
    limit = time_limit_for(n, base)
    t1 = time.perf_counter()
    first = lastleg.solve_routes(problem, max_iterations=0, seed=seed, threads=threads)
    first_t, first_c = time.perf_counter() - t1, first.cost
    if method == "full" or (method == "auto" and n < DEFAULT_MIN_STOPS):
        sol = lastleg.solve_routes(problem, time_limit=limit, seed=seed, threads=threads)
    else:
        limit = max(1.0, limit - first_t)
        sol = solve_decomposed(problem, time_limit=limit, seed=seed, threads=threads,
                               initial=first)
    total = time.perf_counter() - t0
    check = lastleg.check_routes(problem, sol)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "time_limit": limit, "first_time": first_t, "first_cost": first_c,
            "time": total, "cost": sol.cost, "routes": sol.n_routes,
            "unassigned": len(sol.unassigned), "ok": bool(check.ok), "rss_mib": peak,
            "rounds": sol.stats.get("decomposition_rounds", 0)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 30_000, 100_000])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=30.0,
                    help="seconds per 10k stops (min 10, max 500)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--method", choices=["auto", "full", "decomposed"], default="full",
                    help="full (default, best measured): solve_routes; auto: decomposition from 50,000 stops")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.threads, args.time_limit, args.seed,
                                   args.method)))
        return 0
    rows = []
    print(f"{'n':>7} {'limit':>6} {'first s':>8} {'first cost':>12} {'time s':>8} {'cost':>12} {'routes':>6} "
          f"{'unas':>5} {'ok':>3} {'RSS MiB':>8}", flush=True)
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--threads",
                              str(args.threads), "--time-limit", str(args.time_limit),
                              "--seed", str(args.seed), "--method", args.method], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"{n:>7} failed: {out.stderr[-2000:]}", flush=True)
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"{n:>7} {r['time_limit']:>6.0f} {r['first_time']:>8.2f} {r['first_cost']:>12.0f} {r['time']:>8.1f} "
              f"{r['cost']:>12.0f} {r['routes']:>6} {r['unassigned']:>5} "
              f"{'yes' if r['ok'] else 'NO':>3} {r['rss_mib']:>8.0f}", flush=True)
    for a, b in itertools.pairwise(rows):
        span = math.log(b["n"] / a["n"])
        print(f"{a['n']}->{b['n']}: exponent first-solution time "
              f"{math.log(b['first_time'] / a['first_time']) / span:.2f}, "
              f"RSS {math.log(b['rss_mib'] / a['rss_mib']) / span:.2f}")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
