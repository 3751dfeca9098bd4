"""rules_baseline: what an OMS does, order by order; always feasible per the checker."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lastleg import AssignmentProblem
from lastleg.assignment.baseline import rules_baseline
from lastleg.assignment.check import check_assignment
from lastleg.assignment.mip import solve_mip
from lastleg.generate import generate_scenario
from tests.assignment.tiny_batches import S, W, random_tiny, tiny


def as_set(parts: object) -> set[tuple[int, int, int]]:
    return set(
        zip(
            np.asarray(parts.part_line).tolist(),  # type: ignore[attr-defined]
            np.asarray(parts.part_node).tolist(),  # type: ignore[attr-defined]
            np.asarray(parts.part_qty).tolist(),  # type: ignore[attr-defined]
        )
    )


@pytest.mark.parametrize("partial", [False, True])
def test_tiny_decisions(partial: bool) -> None:
    # O1: only W can ship it whole; O2: only S (same-day); O3: W has no B left and
    # no unit capacity left, S is out of reach -> unserved
    problem = tiny(allow_partial=partial)
    parts = rules_baseline(problem)
    assert as_set(parts) == {(0, W, 2), (1, W, 1), (2, S, 1)}
    assert check_assignment(problem, parts).cost == pytest.approx(113.5)


def split_problem(max_parcels: int, allow_partial: bool) -> AssignmentProblem:
    """One order (A x2, B x1); N1 holds A only, N2 holds B and one A, N3 nothing."""
    return AssignmentProblem(
        nodes={
            "node_id": ["N1", "N2", "N3"],
            "kind": ["warehouse", "warehouse", "store"],
            "lat": [52.0, 52.0, 52.0],
            "lon": [4.0, 4.0, 4.0],
            "cost_per_order": [1.0, 2.0, 0.0],
            "cost_per_unit": [0.0, 0.0, 0.0],
        },
        services={
            "node_id": ["N1", "N2", "N3"],
            "service_level": ["next_day"] * 3,
            "mode": ["carrier"] * 3,
            "max_km": [50.0] * 3,
            "fixed_cost": [4.0, 4.0, 1.0],
            "cost_per_km": [0.0] * 3,
        },
        inventory={
            "node_id": ["N1", "N2", "N2", "N3"],
            "sku": ["A", "A", "B", "C"],
            "on_hand": [2, 1, 1, 9],
        },
        orders={"order_id": ["O"], "lat": [52.0], "lon": [4.0], "service_level": ["next_day"]},
        lines={"order_id": ["O", "O"], "sku": ["A", "B"], "qty": [2, 1]},
        policy={"max_parcels": max_parcels, "allow_partial": allow_partial, "split_penalty": 5.0},
    )


def test_greedy_split_covers_most_units_first() -> None:
    # N1 and N2 both cover 2 units; N1's parcel is cheaper -> N1 (A x2), then N2 (B)
    problem = split_problem(max_parcels=3, allow_partial=False)
    parts = rules_baseline(problem)
    assert as_set(parts) == {(0, 0, 2), (1, 1, 1)}
    res = check_assignment(problem, parts)
    assert res.ok and res.cost == pytest.approx(5.0 + 6.0 + 5.0)


def test_split_beyond_max_parcels_is_unserved_or_partial() -> None:
    problem = split_problem(max_parcels=1, allow_partial=False)
    assert len(rules_baseline(problem).part_line) == 0
    partial = split_problem(max_parcels=1, allow_partial=True)
    parts = rules_baseline(partial)
    assert as_set(parts) == {(0, 0, 2)}
    assert check_assignment(partial, parts).ok


@pytest.mark.parametrize("scarcity", ["loose", "medium", "tight"])
@pytest.mark.parametrize("allow_partial", [False, True])
def test_feasible_on_generated_batches(scarcity: str, allow_partial: bool) -> None:
    sc = generate_scenario(
        600, 12, 500, seed=2, scarcity=scarcity, policy={"allow_partial": allow_partial}
    )
    problem = sc.to_problem()
    res = check_assignment(problem, rules_baseline(problem))
    assert res.ok, res.violations[:5]
    assert res.orders["single"] > 0.7 * problem.n_orders
    if not allow_partial:
        assert res.orders["partial"] == 0


def test_never_below_the_optimum() -> None:
    pytest.importorskip("highspy")

    problem = generate_scenario(150, 8, 150, seed=4, scarcity="tight").to_problem()
    rules = check_assignment(problem, rules_baseline(problem))
    mip = solve_mip(problem, time_limit=60, threads=None)
    assert mip.optimal
    assert rules.cost >= mip.objective - 1e-6


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1))
def test_random_tiny_batches_bound_order(seed: int) -> None:
    """Rules feasible; LP bound <= MIP optimum <= rules cost, all costs by the checker."""
    pytest.importorskip("highspy")

    problem = random_tiny(seed)
    rules = check_assignment(problem, rules_baseline(problem))
    assert rules.ok, rules.violations
    mip = solve_mip(problem, threads=None)
    lp = solve_mip(problem, integer=False, threads=None)
    assert mip.optimal and mip.parts is not None
    check = check_assignment(problem, mip.parts)
    assert check.ok, check.violations
    assert check.cost == pytest.approx(mip.objective, abs=1e-6)
    assert lp.objective <= mip.objective + 1e-6
    assert mip.objective <= rules.cost + 1e-6
