"""Routing micro-benchmarks (pytest-benchmark), fixed seeds and iteration limits.

    python -m pytest bench/test_bench_route.py --benchmark-only

Construction = a solve with max_iterations=0 (neighbour lists, greedy
insertion, one local-search pass over every stop); the others add ruin and
recreate iterations (each with its local search on the reinserted stops).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import lastleg
from lastleg import RoutingProblem
from lastleg.io.vrplib import read_vrplib


@pytest.fixture(scope="module")
def x101() -> RoutingProblem:
    return read_vrplib(
        Path(__file__).resolve().parents[1] / "tests" / "data" / "X-n101-k25.vrp"
    )


@pytest.fixture(scope="module")
def vrptw_1000() -> RoutingProblem:
    from route_scale import make

    return make(1000)


def test_construction_cvrp(benchmark: Any, x101: RoutingProblem) -> None:
    sol = benchmark(lastleg.solve_routes, x101, max_iterations=0, threads=1)
    assert sol.feasible


def test_construction_vrptw_1000(benchmark: Any, vrptw_1000: RoutingProblem) -> None:
    sol = benchmark(lastleg.solve_routes, vrptw_1000, max_iterations=0, threads=1)
    assert sol.feasible


@pytest.mark.parametrize("threads", [1, 2])
def test_ruin_recreate_1000_iterations(benchmark: Any, x101: RoutingProblem, threads: int) -> None:
    """2 searches x 1000 iterations: threads change the time, not the answer."""
    sol = benchmark(lastleg.solve_routes, x101, max_iterations=1000, threads=threads, seed=0)
    assert sol.feasible


def test_ruin_recreate_vrptw_1000(benchmark: Any, vrptw_1000: RoutingProblem) -> None:
    sol = benchmark.pedantic(
        lastleg.solve_routes,
        args=(vrptw_1000,),
        kwargs={"max_iterations": 500, "threads": 2},
        rounds=2,
    )
    assert sol.feasible
