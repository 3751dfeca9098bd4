"""check_assignment on hand-built cases (costs worked out by hand), and the HiGHS MIP of
lastleg.assignment.mip against brute force on tiny random batches."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pytest

from lastleg import AssignmentProblem
from lastleg.assignment.check import check_assignment
from lastleg.assignment.mip import solve_mip
from tests.assignment.tiny_batches import S, W, random_tiny, tiny, tiny_tables

KM_WS = 11.1195 * 1.3  # haversine of 0.1 degree of latitude, times the detour factor


def parts(*rows: tuple[int, int, int]) -> SimpleNamespace:
    lines, nodes, qty = zip(*rows) if rows else ((), (), ())
    return SimpleNamespace(part_line=list(lines), part_node=list(nodes), part_qty=list(qty))


def test_feasible_assignment_cost_by_hand() -> None:
    # O1 whole from W (5 + 1 + 0.5*3), O2 from S same-day (3 + 2 + 1), O3 unserved (100)
    res = check_assignment(tiny(), parts((0, W, 2), (1, W, 1), (2, S, 1)))
    assert res.ok, res.violations
    assert res.breakdown == pytest.approx(
        {"shipping": 8.0, "processing": 5.5, "split": 0.0, "unserved": 100.0}
    )
    assert res.cost == pytest.approx(113.5)
    assert res.orders == {"single": 2, "split": 0, "partial": 0, "unserved": 1}
    assert res.parcels == 2


def test_per_km_cost_uses_haversine_times_detour() -> None:
    tables = tiny_tables()
    tables["services"]["cost_per_km"] = [0.2, 0.0, 0.0]
    res = check_assignment(AssignmentProblem(**tables), parts((0, W, 2), (1, W, 1)))
    assert res.ok
    assert res.breakdown["shipping"] == pytest.approx(5.0 + 0.2 * KM_WS, rel=1e-5)


def test_nothing_shipped_costs_the_priority_weighted_penalty() -> None:
    res = check_assignment(tiny(), parts())
    assert res.ok
    assert res.cost == pytest.approx(100.0 + 200.0 + 100.0)  # O2 has priority 1
    assert res.orders["unserved"] == 3


def test_split_costs_a_penalty_per_extra_parcel() -> None:
    res = check_assignment(tiny(), parts((0, S, 1), (0, W, 1), (1, W, 1)))
    assert res.ok, res.violations
    # W: 5 + 1 + 0.5*2; S next-day: 4 + 2 + 1; split 5; O2 (200) and O3 (100) unserved
    assert res.breakdown == pytest.approx(
        {"shipping": 9.0, "processing": 5.0, "split": 5.0, "unserved": 300.0}
    )
    assert res.orders["split"] == 1


def test_interfaces_agree() -> None:
    problem = tiny()
    by_index = check_assignment(problem, parts((0, W, 2), (1, W, 1), (2, S, 1))).cost
    by_id = check_assignment(problem, parts((0, "W", 2), (1, "W", 1), (2, "S", 1))).cost
    keywords = check_assignment(
        problem, part_line=[0, 1, 2], part_node=[W, W, S], part_qty=[2, 1, 1]
    ).cost
    merged = check_assignment(problem, parts((0, W, 1), (0, W, 1), (1, W, 1), (2, S, 1))).cost
    whole = check_assignment(problem, SimpleNamespace(node_of_line=[W, W, S, -1, -1])).cost
    assert by_index == by_id == keywords == merged == whole == pytest.approx(113.5)


@pytest.mark.parametrize(
    ("policy", "rows", "expected"),
    [
        ({"allow_partial": True}, [(1, W, 1), (4, W, 1)],
         {"kind": "stock", "node": "W", "sku": "B", "amount": 2, "limit": 1}),
        ({"allow_partial": True}, [(0, S, 2)],
         {"kind": "stock", "node": "S", "sku": "A", "amount": 2, "limit": 1}),
        ({"allow_partial": True}, [(1, S, 1)],
         {"kind": "stock", "node": "S", "sku": "B", "limit": 0, "detail": "no inventory row"}),
        ({"allow_partial": True}, [(0, S, 1), (2, S, 1)],
         {"kind": "capacity_orders", "node": "S", "amount": 2, "limit": 1}),
        ({"allow_partial": True}, [(0, W, 2), (1, W, 1), (3, W, 1)],
         {"kind": "capacity_units", "node": "W", "amount": 4, "limit": 3}),
        ({}, [(2, W, 1)], {"kind": "level", "order": "O2", "node": "W"}),
        ({"allow_partial": True}, [(3, S, 1)],
         {"kind": "reach", "order": "O3", "node": "S", "limit": 5}),
        ({"max_parcels": 1}, [(0, S, 1), (0, W, 1), (1, W, 1)],
         {"kind": "max_parcels", "order": "O1", "amount": 2, "limit": 1}),
        ({}, [(0, W, 2)], {"kind": "partial", "order": "O1", "amount": 2}),
        ({"allow_partial": True}, [(2, S, 2)],
         {"kind": "over_shipped", "order": "O2", "line": 2, "sku": "C", "amount": 2,
          "limit": 1}),
        ({}, [(99, W, 1)], {"kind": "part", "part": 0, "detail": "unknown line index 99"}),
        ({}, [(0, 7, 2)], {"kind": "part", "part": 0, "detail": "unknown node 7"}),
        ({}, [(0, "X", 2)], {"kind": "part", "part": 0, "detail": "unknown node 'X'"}),
        ({}, [(2, S, -1)], {"kind": "part", "part": 0, "amount": -1}),
        ({}, [(2, S, 0.5)], {"kind": "part", "part": 0, "amount": 0.5}),
    ],
)
def test_each_violation_is_reported(
    policy: dict[str, object], rows: list[tuple[int, object, float]], expected: dict
) -> None:
    """Each planted break comes back as a record naming where it is and by how much."""
    res = check_assignment(tiny(**policy), parts(*rows))
    assert not res.ok
    assert any(all(getattr(v, k) == want for k, want in expected.items())
               for v in res.violations), res.violations


def test_reach_names_the_distance() -> None:
    res = check_assignment(tiny(allow_partial=True), parts((3, S, 1)))
    (v,) = [v for v in res.violations if v.kind == "reach"]
    assert v.amount == pytest.approx(14.455, abs=1e-3)
    assert v.message.startswith("order O3 node S: reach 14.455")


def test_allowed_nodes_are_enforced() -> None:
    tables = tiny_tables()
    tables["orders"]["allowed_nodes"] = ["S", "", ""]
    res = check_assignment(AssignmentProblem(**tables), parts((0, W, 2), (1, W, 1)))
    assert [(v.kind, v.order, v.node) for v in res.violations] == [("allowed", "O1", "W")]


def test_partial_allowed_pays_pro_rata() -> None:
    res = check_assignment(tiny(allow_partial=True), parts((0, W, 2)))
    assert res.ok
    assert res.breakdown["unserved"] == pytest.approx(100.0 / 3 + 200.0 + 100.0)
    assert res.cost == pytest.approx(5.0 + 1.0 + 1.0 + 100.0 / 3 + 300.0)
    assert res.orders["partial"] == 1


# ---- the MIP against brute force ------------------------------------------------------


def brute_force(problem: AssignmentProblem) -> float:
    """Least checker cost over every split of every line's units over the nodes."""
    m = problem.n_nodes
    per_line = []
    for q in problem.line_qty.tolist():
        per_line.append([c for c in itertools.product(range(q + 1), repeat=m) if sum(c) <= q])
    best = np.inf
    for combo in itertools.product(*per_line):
        rows = [(line, n, u) for line, c in enumerate(combo) for n, u in enumerate(c) if u > 0]
        res = check_assignment(problem, parts(*rows))
        if res.ok:
            best = min(best, res.cost)
    return float(best)


@pytest.mark.parametrize("seed", range(6))
def test_mip_matches_brute_force(seed: int) -> None:
    pytest.importorskip("highspy")

    problem = random_tiny(seed)
    mip = solve_mip(problem, threads=None)
    lp = solve_mip(problem, integer=False, threads=None)
    assert mip.optimal
    assert mip.parts is not None
    check = check_assignment(problem, mip.parts)
    assert check.ok, check.violations
    assert check.cost == pytest.approx(mip.objective, abs=1e-6)
    assert mip.objective == pytest.approx(brute_force(problem), abs=1e-6)
    assert lp.objective <= mip.objective + 1e-6
