"""Scale check: a synthetic single-depot VRPTW from coordinates (no matrix).

    python bench/route_scale.py --stops 5000 --time-limit 10 --threads 2

Prints the first-feasible time (a run whose time limit is just the
construction), the final cost, and the peak RSS of this process.
"""

from __future__ import annotations

import argparse
import resource

import numpy as np

import lastleg
from lastleg import RoutingProblem, VehicleType


def make(n: int, seed: int = 0) -> RoutingProblem:
    rng = np.random.default_rng(seed)
    stops = rng.uniform(0, 1000, size=(n, 2))
    reach = np.hypot(stops[:, 0] - 500.0, stops[:, 1] - 500.0)
    open_ = reach + rng.uniform(0, 1000, size=n)
    windows = np.column_stack([open_, open_ + rng.uniform(60, 240, size=n)])
    return RoutingProblem(
        [[500.0, 500.0]],
        stops,
        VehicleType(count=max(10, n // 8), capacity=100, shift=(0.0, 3000.0)),
        demand=rng.integers(1, 10, size=n),
        service=5.0,
        time_windows=windows,
        metric="euclidean",
        name=f"scale-{n}",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stops", type=int, default=5000)
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    problem = make(args.stops)
    sol = lastleg.solve_routes(problem, time_limit=args.time_limit, threads=args.threads)
    st = sol.stats
    print(
        f"n={args.stops}: first solution after {st['construction_time']:.2f} s "
        f"(cost {st['construction_cost']:.0f}, {st['construction_missing']} mandatory unserved)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"n={args.stops}: {args.time_limit:.0f} s run: cost {sol.cost:.0f}, unassigned "
        f"{len(sol.unassigned)}, routes {sol.n_routes}, iterations {sol.iterations}, "
        f"runtime {sol.runtime:.2f} s, peak RSS {peak:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
