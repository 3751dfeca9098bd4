"""The native routing engine: every answer is re-checked independently."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lastleg
from lastleg import InputError, RoutingProblem, SearchParams, VehicleType, solve_routes
from lastleg.io.vrplib import read_vrplib
from lastleg.routing.check import check_routes


@pytest.fixture(scope="module")
def x101() -> RoutingProblem:
    return read_vrplib(
        Path(__file__).resolve().parents[1] / "data" / "X-n101-k25.vrp"
    )


@pytest.fixture(scope="module")
def cvrp100() -> RoutingProblem:
    """A self-contained random CVRP (no shared files needed)."""
    rng = np.random.default_rng(11)
    return RoutingProblem(
        [[500.0, 500.0]],
        rng.integers(0, 1000, size=(100, 2)).astype(float),
        VehicleType(count=100, capacity=100),
        demand=rng.integers(1, 30, size=100),
        metric="euclidean_rounded",
    )


def _assert_ok(problem: RoutingProblem, sol: lastleg.RoutingSolution) -> None:
    """The independent checker: feasibility and the cost recomputed from the routes."""
    result = check_routes(problem, sol)
    assert result.ok, result.violations[:5]
    assert result.cost == pytest.approx(sol.cost, rel=1e-9, abs=1e-6)


def test_cvrp_feasible_and_costs_recomputed(x101: RoutingProblem) -> None:
    """An X instance: all stops served, capacities kept, cost = sum of rounded edges."""
    sol = solve_routes(x101, max_iterations=300, threads=1)
    _assert_ok(x101, sol)
    assert sol.feasible and len(sol.unassigned) == 0
    assert sol.engine == "native" and sol.iterations > 0
    assert sol.cost == pytest.approx(sum(r.distance for r in sol.routes))
    assert sol.cost < 1.05 * 27591  # BKS 27591: even a short run is close
    customers = sorted(c for route in sol.to_vrplib_routes() for c in route)
    assert customers == list(range(1, 101))


@pytest.mark.parametrize("name", ["C101", "R101", "RC208"])
def test_solomon_time_windows_kept(instances: Path, name: str) -> None:
    """Solomon VRPTW: every window and the depot horizon are respected."""
    problem = read_vrplib(instances / "vrptw" / "solomon" / f"{name}.txt")
    sol = solve_routes(problem, max_iterations=200, threads=1)
    _assert_ok(problem, sol)
    assert sol.feasible and len(sol.unassigned) == 0
    assert len(sol.routes) <= 25


def test_same_seed_same_routes_for_any_thread_count(cvrp100: RoutingProblem) -> None:
    """Under an iteration limit the answer depends on the seed, not on threads."""
    a = solve_routes(cvrp100, max_iterations=150, seed=3, threads=1)
    b = solve_routes(cvrp100, max_iterations=150, seed=3, threads=2)
    _assert_ok(cvrp100, a)
    assert a.cost == b.cost
    assert a.to_vrplib_routes() == b.to_vrplib_routes()
    assert [r.arrival.tolist() for r in a.routes] == [r.arrival.tolist() for r in b.routes]
    c = solve_routes(cvrp100, max_iterations=150, seed=4, threads=2)
    _assert_ok(cvrp100, c)


def _line_problem(**kw: object) -> RoutingProblem:
    stops = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0], [50.0, 0.0], [4.0, 0.0]])
    args: dict[str, object] = {
        "demand": [1, 1, 1, 1, 1],
        "vehicle_types": VehicleType(count=2, capacity=10, shift=(0.0, 200.0)),
    }
    args.update(kw)
    vts = args.pop("vehicle_types")
    return RoutingProblem([[0.0, 0.0]], stops, vts, **args)  # type: ignore[arg-type]


def test_unassigned_reasons() -> None:
    """Stops that cannot be served come back with the limit they break."""
    problem = _line_problem(
        demand=[1, 1, 99, 1, 1],
        time_windows=[[0, 100], [0, 100], [0, 100], [0, 100], [0, 1]],
        vehicle_types=VehicleType(count=2, capacity=10, shift=(0.0, 60.0)),
    )
    sol = solve_routes(problem, max_iterations=50, threads=1)
    _assert_ok(problem, sol)
    reasons = dict(zip(sol.unassigned.tolist(), sol.unassigned_reasons))
    assert reasons == {2: "capacity", 3: "shift", 4: "time_window"}
    assert not sol.feasible


def test_fleet_too_small_reports_no_vehicle() -> None:
    """Mandatory stops that fit alone but find no vehicle are reported, not dropped."""
    problem = _line_problem(vehicle_types=VehicleType(count=1, capacity=2, shift=(0.0, 500.0)))
    sol = solve_routes(problem, max_iterations=50, threads=1)
    _assert_ok(problem, sol)
    assert len(sol.unassigned) == 3
    assert set(sol.unassigned_reasons) == {"no_vehicle"}


def test_optional_stops_skipped_only_when_not_worth_it() -> None:
    """Prize-collecting: the far stop (x=50) costs 92 extra; penalty 10 skips it, 1000 keeps it."""
    cheap = _line_problem(penalty=[math.inf, math.inf, math.inf, 10.0, math.inf])
    sol = solve_routes(cheap, max_iterations=100, threads=1)
    _assert_ok(cheap, sol)
    assert sol.unassigned.tolist() == [3] and sol.unassigned_reasons == ("not_worth",)
    assert sol.feasible
    dear = _line_problem(penalty=[math.inf, math.inf, math.inf, 1000.0, math.inf])
    sol = solve_routes(dear, max_iterations=100, threads=1)
    _assert_ok(dear, sol)
    assert len(sol.unassigned) == 0


def test_multi_depot_heterogeneous_fleet() -> None:
    """Two depots, two types (open route, costs per time, speed, limits) all checked."""
    rng = np.random.default_rng(5)
    stops = rng.uniform(0, 100, size=(60, 2))
    types = [
        VehicleType(
            count=3,
            capacity=[15, 40],
            start_depot=0,
            end_depot=0,
            shift=(0, 1000),
            fixed_cost=50,
            cost_per_time=0.5,
            max_stops=12,
        ),
        VehicleType(
            count=4,
            capacity=[10, 30],
            start_depot=1,
            end_depot=None,
            shift=(0, 800),
            speed_factor=1.5,
            max_distance=400,
            max_duration=500,
            cost_per_distance=2,
        ),
    ]
    problem = RoutingProblem(
        [[20.0, 20.0], [80.0, 80.0]],
        stops,
        types,
        demand=rng.integers(1, 4, size=(60, 2)),
        service=5.0,
        time_windows=[[[0, 300], [400, 900]] if i % 3 == 0 else [[0, 1000]] for i in range(60)],
    )
    sol = solve_routes(problem, max_iterations=300, threads=2, seed=1)
    _assert_ok(problem, sol)
    assert {r.depot for r in sol.routes} == {0, 1}


def test_matrix_and_haversine_metrics() -> None:
    """User matrices (asymmetric, with durations) and lat/lon haversine."""
    rng = np.random.default_rng(2)
    n = 30
    dist = rng.uniform(1, 100, size=(n + 1, n + 1))
    np.fill_diagonal(dist, 0)
    problem = RoutingProblem(
        None,
        None,
        VehicleType(count=5, capacity=10),
        demand=np.ones(n, dtype=int),
        metric="matrix",
        distance_matrix=dist,
        duration_matrix=dist * 2,
        n_depots=1,
    )
    sol = solve_routes(problem, max_iterations=200, threads=1)
    _assert_ok(problem, sol)
    latlon = np.column_stack([rng.uniform(50.80, 50.90, n + 1), rng.uniform(4.30, 4.45, n + 1)])
    problem = RoutingProblem(
        latlon[:1],
        latlon[1:],
        VehicleType(count=4, capacity=10, shift=(0, 4 * 3600), cost_per_time=0.01),
        demand=np.ones(n, dtype=int),
        service=120.0,
        metric="haversine",
        speed=8.0,
        detour_factor=1.3,
    )
    sol = solve_routes(problem, max_iterations=200, threads=1)
    _assert_ok(problem, sol)
    assert len(sol.unassigned) == 0


def test_bad_arguments() -> None:
    problem = _line_problem()
    assert solve_routes(problem, engine="vroom").engine == "vroom"
    with pytest.raises(InputError):
        solve_routes(problem, engine="fast")
    with pytest.raises(InputError):
        solve_routes(problem, time_limit=-1)
    with pytest.raises(InputError):
        solve_routes(problem, threads=0)


def test_engine_choice() -> None:
    """engine="auto" runs the native engine on what it models; "vroom" hands off."""
    problem = _line_problem()
    auto = solve_routes(problem, engine="auto", max_iterations=20, threads=1)
    assert auto.engine == "native" and auto.engine_reason
    _assert_ok(problem, auto)
    other = solve_routes(problem, engine="vroom", time_limit=2, threads=1)
    assert other.engine == "vroom"
    assert check_routes(problem, other).ok


CHANGES = [{"swap_star": False}, {"ejection": False}, {"split_rate": 0.3},
           {"ls_margin": 1.0}, {"swap_star_neighbours": 10}, {"avg_removed": 5.0},
           {"neighbours": 20}, {"local_search": False}]


@pytest.mark.parametrize("change", CHANGES, ids=[next(iter(c)) for c in CHANGES])
def test_search_params_reach_the_engine(cvrp100: RoutingProblem, change: dict) -> None:
    """Each parameter, switched from its default, changes the routes found under the same
    seed and iteration limit (so it reaches the search); every variant checks."""
    def routes(params: SearchParams) -> list[list[int]]:
        sol = solve_routes(cvrp100, max_iterations=150, seed=3, threads=1, params=params)
        _assert_ok(cvrp100, sol)
        return sol.to_vrplib_routes()

    assert routes(SearchParams(**change)) != routes(SearchParams())


def test_search_params_fail_at_once() -> None:
    """A misspelt name or a wrong type fails when the parameters are made."""
    with pytest.raises(TypeError, match="swapstar"):
        SearchParams(swapstar=False)  # type: ignore[call-arg]
    with pytest.raises(InputError, match=r"params\.swap_star: must be true or false"):
        SearchParams(swap_star="no")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"params\.neighbours: must be an integer"):
        SearchParams(neighbours=2.5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="probability"):
        SearchParams(split_rate=1.5)
    with pytest.raises(InputError, match="expected a SearchParams, got dict"):
        solve_routes(RoutingProblem([[0, 0]], [[1, 1]], VehicleType()),
                     params={"swap_star": False})  # type: ignore[arg-type]


def test_time_limit_stops_the_search(cvrp100: RoutingProblem) -> None:
    """A time-limited solve returns a checked solution (adherence is measured in
    bench/limits.py, not asserted here)."""
    sol = solve_routes(cvrp100, time_limit=0.3, threads=1)
    _assert_ok(cvrp100, sol)
    assert sol.iterations > 0


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 25),
    vehicles=st.integers(1, 4),
    open_route=st.booleans(),
)
def test_random_small_problems_always_check(
    seed: int, n: int, vehicles: int, open_route: bool
) -> None:
    """Whatever is served is feasible; whatever is not has a reason."""
    rng = np.random.default_rng(seed)
    windows = []
    for _ in range(n):
        a = float(rng.uniform(0, 150))
        windows.append([[a, a + float(rng.uniform(5, 60))]])
    problem = RoutingProblem(
        [[50.0, 50.0]],
        rng.uniform(0, 100, size=(n, 2)),
        VehicleType(
            count=vehicles,
            capacity=int(rng.integers(3, 12)),
            shift=(0.0, 250.0),
            end_depot=None if open_route else 0,
            cost_per_time=float(rng.uniform(0, 1)),
        ),
        demand=rng.integers(1, 5, size=n),
        service=float(rng.uniform(0, 10)),
        time_windows=windows,
        penalty=np.where(rng.uniform(size=n) < 0.3, rng.uniform(1, 80, size=n), math.inf),
    )
    sol = solve_routes(problem, max_iterations=30, threads=1, seed=seed)
    _assert_ok(problem, sol)
