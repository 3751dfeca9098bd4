"""The batch assignment engine: feasibility (independent recompute), the certificate
(lower bound <= HiGHS optimum <= cost), determinism, reasons and the result API."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lastleg
from lastleg import AssignmentProblem, InputError, Policy
from lastleg.assignment import mip
from tests.assignment.synthetic import batch, batch_tables


def checked(p: AssignmentProblem, a: lastleg.Assignment) -> float:
    """Recompute the answer with the independent checker (shares no code with the engine)."""
    report = lastleg.check_assignment(p, a)
    assert report.ok, report.violations
    assert report.cost == pytest.approx(a.cost, rel=1e-9, abs=1e-6)
    return report.cost


def solve_mip(p: AssignmentProblem) -> float:
    """The proven optimum of the same objective (lastleg.assignment.mip, HiGHS)."""
    result = mip.solve_mip(p, threads=None)
    assert result.status == "Optimal", result.status
    return result.objective


@pytest.mark.parametrize(("scarcity", "capacity"), [(0.0, 1.0), (0.03, 0.8), (0.10, 0.6)])
def test_synthetic_batch_is_feasible_and_bounded(scarcity: float, capacity: float) -> None:
    """Every line is accounted once, no stock/capacity/reach/parcel rule is broken,
    the cost recomputes, and the bound lies below it."""
    p = batch(400, 12, 150, seed=7, scarcity=scarcity, store_capacity=capacity)
    a = lastleg.assign(p, max_iterations=30, seed=1, threads=2)
    checked(p, a)
    assert 0.0 <= a.gap < 0.1
    assert a.lower_bound > 0


def test_bound_and_cost_bracket_the_mip_optimum() -> None:
    """On a small batch: engine bound <= HiGHS optimum <= engine cost."""
    p = batch(60, 8, 40, seed=3, scarcity=0.05, store_capacity=0.7)
    a = lastleg.assign(p, max_iterations=50, seed=0, threads=1)
    opt = solve_mip(p)
    assert a.lower_bound <= opt + 1e-6
    assert opt <= a.cost + 1e-6
    assert a.cost <= opt * 1.02


@pytest.mark.parametrize("seed", [0, 5])
def test_threads_change_speed_not_answers(seed: int) -> None:
    """Same seed and iterations give identical answers on 1 and 2 threads."""
    p = batch(500, 12, 150, seed=11, scarcity=0.05, store_capacity=0.7)
    a = lastleg.assign(p, max_iterations=25, seed=seed, threads=1)
    b = lastleg.assign(p, max_iterations=25, seed=seed, threads=2)
    assert a.cost == b.cost
    assert a.lower_bound == b.lower_bound
    for name in ("part_line", "part_node", "part_qty", "status_code", "reason_code"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


@pytest.mark.slow
def test_large_schedule_checks_and_ignores_threads() -> None:
    """Above 5,000 orders (clearing prices, the dual's plans taken ahead, a focused
    local-search round): checker-clean, bounded, the same on 1 and 2 threads; under
    a time limit (full rounds until it) still checker-clean and no dearer."""
    p = batch(6000, 20, 800, seed=4, scarcity=0.08, store_capacity=0.6)
    a = lastleg.assign(p, seed=2, threads=1)
    b = lastleg.assign(p, seed=2, threads=2)
    checked(p, a)
    assert 0.0 < a.lower_bound <= a.cost
    assert a.cost == b.cost and a.lower_bound == b.lower_bound
    for name in ("part_line", "part_node", "part_qty", "status_code", "reason_code"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    timed = lastleg.assign(p, seed=2, threads=2, time_limit=1.0)
    checked(p, timed)
    assert timed.cost <= a.cost + 1e-6


def _tiny_tables(data: st.DataObject, allow_partial: bool) -> AssignmentProblem:
    n_nodes = data.draw(st.integers(1, 4), "nodes")
    n_orders = data.draw(st.integers(1, 8), "orders")
    n_skus = data.draw(st.integers(1, 4), "skus")
    coord = st.floats(-0.15, 0.15)
    nodes: dict[str, list[Any]] = {
        k: []
        for k in (
            "node_id",
            "kind",
            "lat",
            "lon",
            "capacity_orders",
            "capacity_units",
            "cost_per_order",
            "cost_per_unit",
        )
    }
    services: dict[str, list[Any]] = {
        k: [] for k in ("node_id", "service_level", "mode", "max_km", "fixed_cost", "cost_per_km")
    }
    inventory: dict[str, list[Any]] = {"node_id": [], "sku": [], "on_hand": [], "safety_stock": []}
    for n in range(n_nodes):
        nid = f"N{n}"
        for key, value in zip(
            nodes,
            (
                nid,
                "store",
                45.0 + data.draw(coord),
                5.0 + data.draw(coord),
                data.draw(st.sampled_from([-1, 0, 1, 2, 3])),
                data.draw(st.sampled_from([-1, 1, 3, 6])),
                data.draw(st.sampled_from([0.0, 1.0, 2.5])),
                data.draw(st.sampled_from([0.0, 0.3])),
            ),
        ):
            nodes[key].append(value)
        for level in ("fast", "slow"):
            if data.draw(st.booleans()):
                for key, value in zip(
                    services,
                    (
                        nid,
                        level,
                        "fleet",
                        data.draw(st.sampled_from([5.0, 15.0, 40.0])),
                        data.draw(st.sampled_from([1.0, 4.0])),
                        data.draw(st.sampled_from([0.1, 0.5])),
                    ),
                ):
                    services[key].append(value)
        for s in range(n_skus):
            if data.draw(st.booleans()) or n == 0:
                inventory["node_id"].append(nid)
                inventory["sku"].append(f"S{s}")
                inventory["on_hand"].append(data.draw(st.integers(0, 4)))
                inventory["safety_stock"].append(data.draw(st.integers(0, 1)))
    if not services["node_id"]:
        for key, value in zip(services, ("N0", "fast", "fleet", 40.0, 1.0, 0.1)):
            services[key].append(value)
    orders: dict[str, list[Any]] = {
        "order_id": [],
        "lat": [],
        "lon": [],
        "service_level": [],
        "priority": [],
    }
    lines: dict[str, list[Any]] = {"order_id": [], "sku": [], "qty": []}
    skus = sorted(set(inventory["sku"]))
    for o in range(n_orders):
        oid = f"O{o}"
        for key, value in zip(
            orders,
            (
                oid,
                45.0 + data.draw(coord),
                5.0 + data.draw(coord),
                data.draw(st.sampled_from(["fast", "slow"])),
                data.draw(st.integers(0, 2)),
            ),
        ):
            orders[key].append(value)
        chosen = data.draw(st.lists(st.sampled_from(skus), min_size=1, max_size=3, unique=True))
        for s in chosen:
            lines["order_id"].append(oid)
            lines["sku"].append(s)
            lines["qty"].append(data.draw(st.integers(1, 3)))
    policy = Policy(
        split_penalty=data.draw(st.sampled_from([0.0, 2.0, 10.0])),
        max_parcels=data.draw(st.integers(1, 3)),
        unserved_penalty=data.draw(st.sampled_from([5.0, 30.0, 200.0])),
        allow_partial=allow_partial,
        detour_factor=1.2,
    )
    return AssignmentProblem(
        nodes=nodes,
        services=services,
        inventory=inventory,
        orders=orders,
        lines=lines,
        policy=policy,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), allow_partial=st.booleans())
def test_tiny_batches_lower_bound_mip_cost(data: st.DataObject, allow_partial: bool) -> None:
    """On tiny random batches: bound <= MIP optimum <= engine cost, and the answer
    passes the independent recompute."""
    p = _tiny_tables(data, allow_partial)
    a = lastleg.assign(p, max_iterations=40, seed=0, threads=1)
    checked(p, a)
    opt = solve_mip(p)
    assert a.lower_bound <= opt + 1e-6 * max(1.0, opt)
    assert opt <= a.cost + 1e-6 * max(1.0, opt)


def test_level_no_node_offers_is_unknown_service_level() -> None:
    """An order whose service level no node offers comes back unserved with its own
    reason, and one warning names the level."""
    t = batch_tables(30, 6, 20, seed=2)
    t["orders"]["service_level"][0] = "drone"
    with pytest.warns(lastleg.DataWarning, match="'drone' \\(1 order\\)"):
        p = AssignmentProblem(**t)
    a = lastleg.assign(p, max_iterations=5)
    assert a.status[0] == "unserved"
    assert a.reason[0] == "unknown_service_level"
    assert set(a.unserved_table()["reason"][:1]) == {"unknown_service_level"}
    checked(p, a)


def one_store(fixed_cost: float) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Node and service columns of one store at (45, 5) serving "std" within 50 km
    at `fixed_cost` per parcel (plus 1 per order picked)."""
    nodes: dict[str, list[Any]] = {
        "node_id": ["A"],
        "kind": ["store"],
        "lat": [45.0],
        "lon": [5.0],
        "cost_per_order": [1.0],
        "cost_per_unit": [0.0],
    }
    services: dict[str, list[Any]] = {
        "node_id": ["A"],
        "service_level": ["std"],
        "mode": ["fleet"],
        "max_km": [50.0],
        "fixed_cost": [fixed_cost],
        "cost_per_km": [0.0],
    }
    return nodes, services


def test_reasons_no_stock_and_not_worth() -> None:
    """Unserved orders say why: no stock anywhere in reach, or not worth the cost."""
    nodes, services = one_store(fixed_cost=50.0)
    inventory = {"node_id": ["A", "A"], "sku": ["x", "y"], "on_hand": [0, 5]}
    orders = {
        "order_id": ["o1", "o2"],
        "lat": [45.01, 45.01],
        "lon": [5.0, 5.0],
        "service_level": ["std", "std"],
    }
    lines = {"order_id": ["o1", "o2"], "sku": ["x", "y"], "qty": [1, 1]}
    p = AssignmentProblem(
        nodes=nodes,
        services=services,
        inventory=inventory,
        orders=orders,
        lines=lines,
        policy=Policy(unserved_penalty=20.0),
    )
    a = lastleg.assign(p)
    assert a.status == ("unserved", "unserved")
    assert a.reason == ("no_stock", "not_worth")
    assert a.cost == pytest.approx(40.0)
    assert a.lower_bound == pytest.approx(40.0)


def test_capacity_reason_and_partial() -> None:
    """With one parcel of capacity the second order is unserved for capacity; with
    allow_partial an order short of stock ships what there is."""
    nodes, services = one_store(fixed_cost=1.0)
    nodes["capacity_orders"] = [1]
    inventory = {"node_id": ["A"], "sku": ["x"], "on_hand": [10]}
    orders = {
        "order_id": ["o1", "o2"],
        "lat": [45.01, 45.02],
        "lon": [5.0, 5.0],
        "service_level": ["std", "std"],
        "priority": [0, 3],
    }
    lines = {"order_id": ["o1", "o2"], "sku": ["x", "x"], "qty": [1, 1]}
    p = AssignmentProblem(
        nodes=nodes, services=services, inventory=inventory, orders=orders, lines=lines
    )
    a = lastleg.assign(p)
    assert a.status == ("unserved", "single")  # the higher priority wins the slot
    assert a.reason == ("capacity", "")
    checked(p, a)

    inventory = {"node_id": ["A", "A"], "sku": ["x", "y"], "on_hand": [3, 1]}
    orders = {"order_id": ["o1"], "lat": [45.01], "lon": [5.0], "service_level": ["std"]}
    lines = {"order_id": ["o1", "o1"], "sku": ["x", "y"], "qty": [2, 3]}
    p = AssignmentProblem(
        nodes=nodes,
        services=services,
        inventory=inventory,
        orders=orders,
        lines=lines,
        policy=Policy(allow_partial=True),
    )
    a = lastleg.assign(p)
    assert a.status == ("partial",)
    assert a.reason == ("no_stock",)
    assert a.shipped_per_line.tolist() == [2, 1]
    checked(p, a)


def test_result_api() -> None:
    """Frames, summary, node utilisation and node_of_line are consistent."""
    pytest.importorskip("pandas")
    p = batch(120, 8, 40, seed=4, scarcity=0.05)
    a = lastleg.assign(p, max_iterations=10)
    frame = a.to_frame()
    assert list(frame.columns) == ["order_id", "sku", "node_id", "qty"]
    assert int(frame["qty"].sum()) == int(a.part_qty.sum())
    left = a.unserved_frame()
    assert int(left["qty"].sum()) + int(frame["qty"].sum()) == int(p.line_qty.sum())
    s = a.summary()
    assert s["total_cost"] == a.cost
    assert sum(s["orders"].values()) == p.n_orders
    util = a.node_utilisation
    assert np.all(np.isnan(util) | ((util >= 0) & (util <= 1 + 1e-12)))
    nol = a.node_of_line
    single = np.bincount(a.part_line, minlength=p.n_lines) == 1
    assert np.all(nol[single] >= 0)
    assert "Assignment(" in repr(a)


def test_bad_arguments() -> None:
    """Arguments are checked before solving."""
    p = batch(10, 4, 5, seed=1)
    with pytest.raises(InputError):
        lastleg.assign(p, time_limit=-1)
    with pytest.raises(InputError):
        lastleg.assign(p, threads=0)
    with pytest.raises(InputError):
        lastleg.assign(p, max_iterations=-3)
    with pytest.raises(InputError):
        lastleg.assign("not a problem")  # type: ignore[arg-type]


def test_time_limit_returns_a_feasible_answer() -> None:
    """A wall-clock limit stops the search with a feasible answer and its bound."""
    p = batch(300, 10, 80, seed=9, scarcity=0.05)
    a = lastleg.assign(p, time_limit=0.05, threads=2)
    checked(p, a)


class _Scaled:
    """A travel source that is not the engine's formula: great-circle x detour x factor."""

    def __init__(self, detour: float, factor: float) -> None:
        self.base = lastleg.Coordinates("haversine", detour_factor=detour)
        self.factor = factor

    def matrix(self, origins, destinations=None):  # type: ignore[no-untyped-def]
        d, t = self.base.matrix(origins, destinations)
        return d * self.factor, t * self.factor

    def pairs(self, origins, destinations):  # type: ignore[no-untyped-def]
        d, t = self.base.pairs(origins, destinations)
        return d * self.factor, t * self.factor


def test_travel_source_reaches_the_engine() -> None:
    """With another travel source the engine takes its km per (order, node): the same
    distances give the same answer as the built-in formula; longer ones a dearer answer
    that the checker, measuring through the same source, confirms."""
    p = batch(400, 8, 150, seed=4)
    plain = lastleg.assign(p, max_iterations=30, seed=0, threads=1)
    same = p.with_travel(_Scaled(p.policy.detour_factor, 1.0))
    assert same.engine_km_matrix() is not None and p.engine_km_matrix() is None
    again = lastleg.assign(same, max_iterations=30, seed=0, threads=1)
    assert again.cost == pytest.approx(plain.cost, rel=1e-9)
    far = p.with_travel(_Scaled(p.policy.detour_factor, 1.6))
    dear = lastleg.assign(far, max_iterations=30, seed=0, threads=1)
    checked(far, dear)
    assert dear.cost > plain.cost
    assert lastleg.check_assignment(p, dear).cost < dear.cost  # measured on other roads
