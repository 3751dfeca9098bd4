"""Route-based decomposition: sub-problems are faithful slices, the stitched answer
passes the independent checker, never costs more than the first solution, and does
not depend on the thread count under an iteration limit."""

from __future__ import annotations

import numpy as np
import pytest

from lastleg import RoutingProblem, VehicleType, check_routes, solve_routes
from lastleg.errors import InputError
from lastleg.routing.decompose import can_decompose, solve_decomposed, subproblem


def cvrp(n: int, seed: int = 0, windows: bool = False) -> RoutingProblem:
    rng = np.random.default_rng(seed)
    stops = rng.uniform(0, 1000, size=(n, 2))
    tw = None
    if windows:
        o = rng.uniform(0, 2000, size=n)
        tw = np.column_stack([o, o + 500])
    return RoutingProblem([[500.0, 500.0]], stops, VehicleType(count=n // 8, capacity=100),
                          demand=rng.integers(1, 11, size=n), time_windows=tw, service=2.0)


def test_subproblem_is_a_slice() -> None:
    p = cvrp(50, windows=True)
    stops = np.array([7, 3, 40, 11])
    sub = subproblem(p, stops, np.array([2]))
    assert sub.n_stops == 4 and sub.n_depots == 1
    assert np.array_equal(sub.coords[1:], p.coords[1 + stops])
    assert np.array_equal(sub.demand, p.demand[stops])
    for i, s in enumerate(stops):
        assert np.array_equal(sub.stop_windows(i), p.stop_windows(int(s)))
    assert sub.vt_count.tolist() == [2]
    assert p.n_stops == 50 and p.vt_count.tolist() == [6]  # parent untouched
    sol = solve_routes(sub, max_iterations=50, seed=0, threads=1)
    assert check_routes(sub, sol).ok


@pytest.mark.parametrize("windows", [False, True])
def test_decomposed_is_feasible_and_no_worse(windows: bool) -> None:
    p = cvrp(600, seed=1, windows=windows)
    first = solve_routes(p, max_iterations=100, seed=0, threads=1)
    sol = solve_decomposed(p, max_iterations=300, rounds=3, group_stops=120, seed=0,
                           threads=2, initial=first)
    assert check_routes(p, sol).ok
    assert sol.cost <= first.cost + 1e-6
    served = np.sort(np.concatenate([r.stops for r in sol.routes]))
    assert np.array_equal(served, np.setdiff1d(np.arange(p.n_stops), first.unassigned))
    assert sol.stats["subproblems"] >= 3 * 4
    assert sum(r.cost for r in sol.routes) == pytest.approx(sol.cost)
    if not windows:
        assert sol.cost < first.cost  # a short first search leaves room


def test_decomposed_thread_count_does_not_change_answer() -> None:
    p = cvrp(500, seed=2)
    a = solve_decomposed(p, max_iterations=200, rounds=2, group_stops=100, seed=4, threads=1)
    b = solve_decomposed(p, max_iterations=200, rounds=2, group_stops=100, seed=4, threads=2)
    assert a.cost == b.cost
    assert [r.stops.tolist() for r in a.routes] == [r.stops.tolist() for r in b.routes]


def test_decompose_refuses_matrix_problems() -> None:
    d = np.ones((3, 3)) - np.eye(3)
    p = RoutingProblem(None, None, VehicleType(count=1, capacity=5), metric="matrix",
                       distance_matrix=d, n_depots=1)
    assert not can_decompose(p)
    with pytest.raises(InputError):
        solve_decomposed(p, max_iterations=10)
