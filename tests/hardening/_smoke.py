"""A small routing + assignment smoke for scripts/sanitize.sh PYTHON_ASAN=1 (the
extension built with ASan+UBSan, libasan preloaded): exits non-zero on failure."""

from __future__ import annotations

import numpy as np

import lastleg

rng = np.random.default_rng(0)
n = 60
problem = lastleg.RoutingProblem(rng.uniform(0, 100, (1, 2)), rng.uniform(0, 100, (n, 2)),
                                 [lastleg.VehicleType(count=8, capacity=20)],
                                 demand=rng.integers(1, 5, n))
sol = lastleg.solve_routes(problem, max_iterations=200, threads=2, engine="native")
assert lastleg.check_routes(problem, sol).ok
batch = lastleg.generate_scenario(300, 6, 40, seed=1).to_problem()
result = lastleg.assign(batch, max_iterations=30, threads=2)
assert lastleg.check_assignment(batch, result).ok
for bad in ({"threads": 0}, {"seed": -1}, {"time_limit": float("nan")}):
    try:
        lastleg.solve_routes(problem, **bad)
    except lastleg.InputError:
        pass
    else:
        raise AssertionError(bad)
print("smoke: ok")
