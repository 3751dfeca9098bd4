"""Child for the SIGINT tests: starts a long solve, reports when KeyboardInterrupt lands.

python _interrupt_child.py route|assign
Prints ``READY <t>`` just before the solve and ``KI <t>`` (time.time()) when the
KeyboardInterrupt arrives; ``DONE`` if the solve ended on its own.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import lastleg


def main(kind: str) -> int:
    if kind == "route":
        rng = np.random.default_rng(1)
        n = 3000
        problem = lastleg.RoutingProblem(
            rng.uniform(0, 1000, (1, 2)), rng.uniform(0, 1000, (n, 2)),
            [lastleg.VehicleType(count=200, capacity=50)], demand=rng.integers(1, 5, n))

        def solve() -> object:
            return lastleg.solve_routes(problem, time_limit=120, engine="native", threads=2)
    else:
        problem = lastleg.generate_scenario(20000, 40, 800, seed=3).to_problem()

        def solve() -> object:
            return lastleg.assign(problem, time_limit=120, max_iterations=10**9, threads=2)
    print(f"READY {time.time()}", flush=True)
    try:
        solve()
    except KeyboardInterrupt:
        print(f"KI {time.time()}", flush=True)
        return 0
    print("DONE", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
