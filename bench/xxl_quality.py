"""Gap to the best-known solution on the large Belgium CVRP instances.

    python bench/xxl_quality.py                      # Leuven1, Antwerp1 at 60 s and 300 s
    python bench/xxl_quality.py --limits 60 --method decomposed

Instances: ``../shared/instances/cvrp/{Leuven1,Antwerp1}.vrp`` (Arnold, Gendreau &
Vidal 2019; BKS 192,848 and 477,277). Every answer is checked with
``lastleg.check_routes``; the cost printed is the checker's distance.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import lastleg
from lastleg.routing.decompose import DEFAULT_MIN_STOPS, solve_decomposed

SHARED = Path(__file__).resolve().parents[2] / "shared" / "instances" / "cvrp"
BKS = {"Leuven1": 192848.0, "Antwerp1": 477277.0}


def solve(problem: lastleg.RoutingProblem, limit: float, method: str, threads: int,
          seed: int) -> lastleg.RoutingSolution:
    if method == "decomposed" or (method == "auto" and problem.n_stops >= DEFAULT_MIN_STOPS):
        return solve_decomposed(problem, time_limit=limit, seed=seed, threads=threads)
    return lastleg.solve_routes(problem, time_limit=limit, seed=seed, threads=threads)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dir", type=Path, default=SHARED)
    ap.add_argument("--instances", nargs="+", default=list(BKS))
    ap.add_argument("--limits", type=float, nargs="+", default=[60.0, 300.0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--method", choices=["auto", "full", "decomposed"], default="auto")
    args = ap.parse_args()
    print(f"{'instance':<10} {'n':>5} {'limit':>6} {'cost':>10} {'BKS':>10} {'gap %':>6} "
          f"{'ok':>3} {'time s':>7}", flush=True)
    bad = 0
    for name in args.instances:
        problem = lastleg.read_vrplib(args.dir / f"{name}.vrp")
        for limit in args.limits:
            t0 = time.perf_counter()
            sol = solve(problem, limit, args.method, args.threads, args.seed)
            took = time.perf_counter() - t0
            check = lastleg.check_routes(problem, sol)
            cost = check.distance if check.ok else sol.cost
            gap = 100 * (cost - BKS[name]) / BKS[name]
            bad += not check.ok
            print(f"{name:<10} {problem.n_stops:>5} {limit:>6.0f} {cost:>10.0f} {BKS[name]:>10.0f} "
                  f"{gap:>6.2f} {'yes' if check.ok else 'NO':>3} {took:>7.1f}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
