"""The independent route checker: hand-computed costs, BKS costs, planted violations
(as records: kind, route, stop), and agreement with the engine-side route evaluation."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lastleg.io.vrplib import read_solution_routes, read_vrplib
from lastleg.routing.check import check_routes
from lastleg.routing.problem import Break, RoutingProblem, VehicleType
from lastleg.routing.schedule import schedule_route
from lastleg.routing.solution import Route, RoutingSolution
from tests.shared_instances import instances_dir

SHARED = instances_dir() or Path("shared-instances-not-found")
needs_shared = pytest.mark.skipif(not (SHARED / "bks.csv").is_file(),
                                  reason="shared benchmark instances not available")


def _bks() -> dict[str, float]:
    with open(SHARED / "bks.csv") as fh:
        return {r["instance"]: float(r["bks_cost"]) for r in csv.DictReader(fh)}


def _sol_files() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(SHARED.glob("cvrp/*.sol")) + sorted(SHARED.glob("vrptw/homberger/*.sol"))


@needs_shared
@pytest.mark.parametrize("sol", _sol_files(), ids=lambda p: p.stem)
def test_bks_routes_recompute_to_bks_cost(sol: Path) -> None:
    problem = read_vrplib(sol.with_suffix(".vrp"))
    routes = [(0, [c - 1 for c in r]) for r in read_solution_routes(sol)]
    res = check_routes(problem, routes)
    assert res.ok, res.violations[:5]
    assert res.cost == pytest.approx(_bks()[sol.stem], abs=1e-6)


def _line() -> RoutingProblem:
    # depot at 0, stops at x = 3, 4 (3-4-5 triangle free: everything on a line)
    return RoutingProblem(
        [[0, 0]], [[3, 0], [4, 0], [0, 5]],
        [VehicleType(count=2, capacity=5, fixed_cost=10, cost_per_distance=2,
                     cost_per_time=0.5)],
        demand=[2, 3, 1], service=[1, 1, 2],
    )


def test_hand_computed_cost() -> None:
    p = _line()
    res = check_routes(p, [(0, [0, 1]), (0, [2])])
    assert res.ok, res.violations
    r0, r1 = res.routes
    assert r0.distance == 8 and r1.distance == 10
    # route 0: depart 0, arrive 3, service to 4, arrive 5, service to 6, back at 10
    assert r0.duration == 10 and r0.end == 10
    assert list(r0.arrival) == [3, 5]
    assert r1.duration == 12
    assert r0.cost == 10 + 2 * 8 + 0.5 * 10
    assert res.cost == pytest.approx(31 + 10 + 20 + 6)


def test_time_window_wait_and_late_departure() -> None:
    p = RoutingProblem([[0, 0]], [[3, 0], [4, 0]], [VehicleType(count=1, capacity=9,
                                                                 shift=(0, 100))],
                       demand=[1, 1], time_windows=[[10, 20], [0, 12]], service=1)
    res = check_routes(p, [(0, [0, 1])])
    assert res.ok, res.violations
    r = res.routes[0]
    assert r.departure == 7 and r.service_start.tolist() == [10, 12]
    assert r.end == 17 and r.duration == 10
    bad = check_routes(p, [(0, [1, 0]), ])
    # 1 at 4 (serve to 5), 0 at 6 -> waits to 10: feasible; now force lateness
    assert bad.ok
    p2 = RoutingProblem([[0, 0]], [[3, 0], [4, 0]], [VehicleType(count=1, capacity=9)],
                        demand=[1, 1], time_windows=[[10, 20], [0, 5]], service=1)
    late = check_routes(p2, [(0, [0, 1])])
    (v,) = late.violations
    # leaves at 7 to open stop 0 at 10, serves to 11, reaches stop 1 at 12: closed at 5
    assert (v.kind, v.route, v.stop, v.amount, v.limit) == ("time_window", 0, 1, 12.0, 5.0)


def test_multiple_windows_pick_first_open_after_arrival() -> None:
    p = RoutingProblem([[0, 0]], [[5, 0]], [VehicleType(count=1, capacity=1, shift=(0, 100))],
                       time_windows=[[[0, 2], [8, 9]]])
    r = check_routes(p, [(0, [0])])
    assert r.ok and r.routes[0].service_start.tolist() == [8]


def test_planted_violations_are_reported() -> None:
    p = RoutingProblem(
        [[0, 0]], [[3, 0], [4, 0], [0, 5]],
        [VehicleType(count=1, capacity=4, max_stops=2, max_distance=9, max_duration=9,
                     shift=(0, 11))],
        demand=[2, 3, 1],
    )
    res = check_routes(p, [(0, [0, 1, 2, 0])])
    assert res.kinds() == {"capacity", "max_stops", "max_distance", "max_duration", "shift",
                           "stop_twice"}
    (stops,) = [v for v in res.violations if v.kind == "max_stops"]
    assert (stops.amount, stops.limit) == (4, 2)
    two = check_routes(p, [(0, [0]), (0, [1])])
    fleet = [v for v in two.violations if v.kind == "fleet_size"]
    assert [(v.vehicle_type, v.amount, v.limit) for v in fleet] == [(0, 2.0, 1.0)]
    assert [v.stop for v in two.violations if v.kind == "unassigned"] == [2]


def test_unassigned_optional_pays_penalty_and_mandatory_needs_reason() -> None:
    p = RoutingProblem([[0, 0]], [[3, 0], [4, 0]], [VehicleType(count=1, capacity=9)],
                       demand=[1, 1], penalty=[7.5, math.inf])
    res = check_routes(p, [(0, [1])])
    assert res.ok and res.cost == 8 + 7.5 and res.penalty == 7.5
    route = Route(vehicle_type=0, depot=0, stops=np.array([0]), arrival=np.array([3.0]),
                  load=np.array([1]), distance=6, duration=6, cost=6)
    sol = RoutingSolution(cost=6.0, routes=(route,), unassigned=np.array([1]),
                          unassigned_reasons=("capacity",))
    assert check_routes(p, sol).ok
    wrong = RoutingSolution(cost=5.0, routes=(route,), unassigned=np.array([1]),
                            unassigned_reasons=("because",))
    assert check_routes(p, wrong).kinds() == {"reason", "cost"}


def test_open_route_and_speed_factor() -> None:
    p = RoutingProblem([[0, 0]], [[3, 0], [4, 0]],
                       [VehicleType(count=1, capacity=9, end_depot=None, speed_factor=2,
                                    cost_per_distance=1, cost_per_time=1)],
                       demand=[1, 1])
    r = check_routes(p, [(0, [0, 1])]).routes[0]
    assert r.distance == 4 and r.duration == 2 and r.cost == 6


def test_skills_shipments_breaks() -> None:
    p = RoutingProblem(
        [[0, 0]], [[3, 0], [4, 0], [6, 0]],
        [VehicleType(count=1, capacity=2, skills=[1],
                     breaks=[Break(time_windows=[(5, 6)], service=2, max_load=[1])])],
        demand=[2, 2, 1], skills=[[1], [], [2]], shipments=[[0, 1]],
        penalty=[math.inf, math.inf, 1.0],
    )
    ok = check_routes(p, [(0, [0, 1], ((0, 2, 6.0),))])
    # depart 0, stop 0 at 3 (pick 2), stop 1 at 4 (drop 2), drives 1 toward the depot
    # until the break window opens at 5, break (load 0) to 7, 3 left: back at 10
    assert ok.ok, ok.violations
    assert ok.routes[0].end == 10 and ok.cost == 8 + 1.0
    assert ok.routes[0].break_start == [(0, 2, 5.0)]
    bad = check_routes(p, [(0, [1, 0, 2])])
    assert {(v.kind, v.stop) for v in bad.violations} >= {("shipment", 1), ("skills", 2),
                                                           ("break_missing", None)}
    early = check_routes(p, [(0, [0, 1], ((0, 1, 3.0),))])
    assert "break_load" in early.kinds()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 12), tw=st.booleans(),
       cpt=st.sampled_from([0.0, 0.3]), open_end=st.booleans())
def test_checker_and_engine_evaluation_agree(seed: int, n: int, tw: bool, cpt: float,
                                             open_end: bool) -> None:
    """The independent checker and the engine-side evaluation (routing.schedule, two
    separate implementations) agree on cost, schedule and the kinds of broken rules for
    random routes, feasible or not."""
    rng = np.random.default_rng(seed)
    windows = None
    if tw:
        start = rng.uniform(0, 60, n)
        windows = np.column_stack([start, start + rng.uniform(0, 40, n)])
    p = RoutingProblem([[0, 0]], rng.uniform(0, 20, (n, 2)),
                       [VehicleType(count=2, capacity=int(rng.integers(1, 10)),
                                    end_depot=None if open_end else 0, shift=(0, 120),
                                    max_duration=90, max_distance=80, max_stops=6,
                                    cost_per_time=cpt, fixed_cost=3)],
                       demand=rng.integers(0, 4, n), service=rng.uniform(0, 5, n),
                       time_windows=windows)
    stops = rng.permutation(n)
    checked = check_routes(p, [(0, stops)])
    evaluated = schedule_route(p, 0, stops)
    assert checked.cost == pytest.approx(evaluated.cost, rel=1e-12)
    (route,) = checked.routes
    assert np.allclose(route.arrival, evaluated.arrival)
    assert np.allclose(route.service_start, evaluated.service_start)
    assert checked.kinds() == {v.kind for v in evaluated.violations}
