"""Random small problems: whatever VROOM answers, check_routes finds it feasible, every
stop is accounted for once, and the reported cost is the checker's."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lastleg.errors import InputError
from lastleg.routing.check import check_routes
from lastleg.routing.engines.vroom import solve_vroom
from lastleg.routing.problem import Break, RoutingProblem, VehicleType
from lastleg.routing.solution import UNASSIGNED_REASONS

SKILL_SETS: list[list[int]] = [[], [1], [2], [1, 2]]


@st.composite
def problems(draw: st.DrawFn) -> RoutingProblem:
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    n = draw(st.integers(1, 12))
    metric = draw(st.sampled_from(["euclidean", "euclidean_rounded", "euclidean_truncated"]))
    dims = draw(st.integers(1, 2))
    n_dep = draw(st.integers(1, 2))
    coords = rng.uniform(0, 50, size=(n_dep + n, 2))
    demand = rng.integers(0, 5, size=(n, dims))
    windows = None
    if draw(st.booleans()):
        opens = rng.uniform(0, 150, size=n)
        windows = np.stack([opens, opens + rng.uniform(5, 80, size=n)], axis=1)
    extra: dict = {}
    if draw(st.booleans()):  # skills
        extra["skills"] = [SKILL_SETS[rng.choice(4, p=[0.4, 0.25, 0.25, 0.1])]
                           for _ in range(n)]
    if draw(st.booleans()):  # pickups at some plain stops
        extra["pickup"] = np.where(rng.random((n, dims)) < 0.3,
                                   rng.integers(0, 3, size=(n, dims)), 0)
    if n >= 2 and draw(st.booleans()):  # shipments between disjoint pairs
        order = rng.permutation(n)
        pairs = order[: 2 * int(rng.integers(1, n // 2 + 1))].reshape(-1, 2)
        for a, b in pairs:
            demand[b] = demand[a]
            if "pickup" in extra:
                extra["pickup"][a] = extra["pickup"][b] = 0
        extra["shipments"] = pairs
    types = []
    for _ in range(draw(st.integers(1, 3))):
        brk = ()
        if draw(st.booleans()):
            a = float(rng.uniform(0, 100))
            brk = (Break(time_windows=[(a, a + 60)], service=float(rng.uniform(0, 10))),)
        types.append(VehicleType(
            count=int(rng.integers(1, 4)), capacity=rng.integers(3, 12, size=dims).tolist(),
            start_depot=int(rng.integers(0, n_dep)),
            end_depot=None if draw(st.booleans()) else int(rng.integers(0, n_dep)),
            shift=(0.0, float(rng.uniform(150, 400))),
            max_stops=int(rng.integers(2, 6)) if draw(st.booleans()) else None,
            max_distance=float(rng.uniform(60, 200)) if draw(st.booleans()) else math.inf,
            max_duration=float(rng.uniform(80, 300)) if draw(st.booleans()) else math.inf,
            fixed_cost=float(rng.integers(0, 20)), cost_per_time=float(rng.integers(0, 2)),
            speed_factor=float(rng.choice([0.5, 1.0, 2.0])), breaks=brk,
            skills=SKILL_SETS[rng.integers(0, 4)],
        ))
    penalty = np.where(rng.random(n) < 0.3, rng.uniform(1, 60, size=n), math.inf)
    return RoutingProblem(coords[:n_dep], coords[n_dep:], types, demand=demand,
                          service=rng.uniform(0, 10, size=n), time_windows=windows,
                          penalty=penalty, metric=metric, **extra)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_vroom_answers_pass_the_checker(p: RoutingProblem) -> None:
    sol = solve_vroom(p, threads=1, exploration_level=1)
    res = check_routes(p, sol)
    assert res.ok, res.violations
    assert sol.feasible
    assert res.cost == pytest.approx(sol.cost)
    served = np.concatenate([r.stops for r in sol.routes] + [np.zeros(0, np.int64)])
    assert sorted(served.tolist() + sol.unassigned.tolist()) == list(range(p.n_stops))
    assert len(sol.unassigned_reasons) == len(sol.unassigned)
    assert set(sol.unassigned_reasons) <= set(UNASSIGNED_REASONS)


def test_extension_inputs_are_validated() -> None:
    vt = VehicleType(count=1, capacity=5)
    with pytest.raises(InputError, match="shipments"):
        RoutingProblem([[0, 0]], [[1, 0], [2, 0]], vt, demand=[1, 2], shipments=[[0, 1]])
    with pytest.raises(InputError, match="shipments"):
        RoutingProblem([[0, 0]], [[1, 0], [2, 0]], vt, demand=[1, 1], shipments=[[0, 2]])
    with pytest.raises(InputError, match="skills"):
        RoutingProblem([[0, 0]], [[1, 0], [2, 0]], vt, skills=[[1]])
    with pytest.raises(InputError, match="priority"):
        RoutingProblem([[0, 0]], [[1, 0]], vt, priority=[101])
    with pytest.raises(InputError, match=r"breaks\[0\]"):
        RoutingProblem([[0, 0]], [[1, 0]], VehicleType(breaks=[Break(time_windows=[(5, 1)])]))
