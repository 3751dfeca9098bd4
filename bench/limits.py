"""Time-limit adherence.

    python bench/limits.py [--limits 1 2 5] [--repeat 2]

For a native routing solve (3,000 stops) and an assignment (20,000 orders) under
``time_limit`` T: wall time of the solve call (problem already built) and the
overshoot (wall - T) / T. Prints one JSON object. (That Ctrl-C returns control promptly
is tested in tests/hardening/test_interrupt.py.)
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

import lastleg


def routing_problem(n: int = 3000) -> lastleg.RoutingProblem:
    rng = np.random.default_rng(1)
    return lastleg.RoutingProblem(
        rng.uniform(0, 1000, (1, 2)), rng.uniform(0, 1000, (n, 2)),
        [lastleg.VehicleType(count=200, capacity=50)], demand=rng.integers(1, 5, n))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limits", type=float, nargs="+", default=[1.0, 2.0, 5.0])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    rp = routing_problem()
    ap_ = lastleg.generate_scenario(20000, 40, 800, seed=3).to_problem()
    rows = []
    for limit in args.limits:
        for kind in ("route", "assign"):
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                if kind == "route":
                    lastleg.solve_routes(rp, time_limit=limit, threads=args.threads,
                                         engine="native")
                else:
                    lastleg.assign(ap_, time_limit=limit, max_iterations=10**9,
                                   threads=args.threads)
                wall = time.perf_counter() - t0
                rows.append({"kind": kind, "limit_s": limit, "wall_s": round(wall, 3),
                             "overshoot_pct": round(100 * (wall - limit) / limit, 1)})
    print(json.dumps({"time_limits": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
