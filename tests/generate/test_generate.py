"""lastleg.generate: seeded, the scenario tables of docs/formats.md, realistic shape,
scarcity and stockouts as asked."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lastleg import AssignmentProblem, InputError
from lastleg.generate import SCARCITY, Scenario, generate_scenario

COLUMNS = {
    "nodes": [
        "node_id", "kind", "lat", "lon", "capacity_orders", "capacity_units",
        "cost_per_order", "cost_per_unit",
    ],
    "services": ["node_id", "service_level", "mode", "max_km", "fixed_cost", "cost_per_km"],
    "inventory": ["node_id", "sku", "on_hand", "safety_stock"],
    "orders": ["order_id", "lat", "lon", "service_level", "priority", "tw_start", "tw_end"],
    "lines": ["order_id", "sku", "qty"],
    "fleet": [
        "node_id", "vehicle_type", "count", "capacity", "shift_start", "shift_end",
        "fixed_cost", "cost_per_km", "cost_per_hour", "speed_kmh", "max_stops",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def medium() -> Scenario:
    return generate_scenario(4000, 20, 3000, seed=7, scarcity="medium")


def same(a: Scenario, b: Scenario) -> bool:
    for name in Scenario.TABLES:
        ta, tb = getattr(a, name), getattr(b, name)
        if list(ta) != list(tb):
            return False
        for col in ta:
            x, y = np.asarray(ta[col]), np.asarray(tb[col])
            if x.shape != y.shape:
                return False
            if x.dtype.kind == "f":
                if not np.array_equal(x, y, equal_nan=True):
                    return False
            elif not np.array_equal(x, y):
                return False
    return a.policy == b.policy


def test_same_seed_same_scenario_other_seed_differs() -> None:
    a = generate_scenario(500, 10, 400, seed=3)
    assert same(a, generate_scenario(500, 10, 400, seed=3))
    assert not same(a, generate_scenario(500, 10, 400, seed=4))


def test_columns_and_ids(medium: Scenario) -> None:
    for name, cols in COLUMNS.items():
        assert list(getattr(medium, name)) == cols, name
    assert len(set(medium.nodes["node_id"].tolist())) == 20
    assert len(set(medium.orders["order_id"].tolist())) == 4000
    inv_pairs = list(zip(medium.inventory["node_id"].tolist(), medium.inventory["sku"].tolist()))
    assert len(set(inv_pairs)) == len(inv_pairs)
    line_pairs = list(zip(medium.lines["order_id"].tolist(), medium.lines["sku"].tolist()))
    assert len(set(line_pairs)) == len(line_pairs)
    assert set(medium.lines["order_id"].tolist()) == set(medium.orders["order_id"].tolist())
    assert set(medium.fleet["node_id"].tolist()) <= set(medium.nodes["node_id"].tolist())
    assert (medium.inventory["on_hand"] >= medium.inventory["safety_stock"]).all()


def held_nowhere(s: Scenario) -> np.ndarray:
    """Per line: no inventory row of its SKU holds anything above safety stock."""
    inv = s.inventory
    net = inv["on_hand"] - inv["safety_stock"]
    held = set(inv["sku"][net > 0].tolist())
    return np.array([sku not in held for sku in s.lines["sku"].tolist()])


@pytest.mark.parametrize("stockouts", [0.005, 0.01])
def test_long_tail_stockouts(stockouts: float) -> None:
    """Loose days still have stockouts at the rate asked (long-tail SKUs that no node
    holds: some without any inventory row, some with rows at safety stock), and none
    when asked for none."""
    s = generate_scenario(6000, 12, 3000, seed=5, scarcity="loose", stockouts=stockouts)
    out = held_nowhere(s)
    assert stockouts <= out.mean() <= stockouts + 0.004
    gone = set(s.lines["sku"][out].tolist())
    in_rows = gone & set(s.inventory["sku"].tolist())
    assert in_rows and gone - in_rows  # both kinds occur
    none = generate_scenario(6000, 12, 3000, seed=5, scarcity="loose", stockouts=0.0)
    assert not held_nowhere(none).any()
    assert np.array_equal(none.lines["sku"], s.lines["sku"])  # demand is the same


def test_order_shape(medium: Scenario) -> None:
    per_order = np.unique(medium.lines["order_id"], return_counts=True)[1]
    assert per_order.min() >= 1 and per_order.max() <= 5
    assert 1.5 <= per_order.mean() <= 1.9
    qty = medium.lines["qty"]
    assert (qty >= 1).all() and (qty == 1).mean() > 0.75
    # Zipf-like popularity: the top 1% of SKUs carry a large share of lines
    counts = np.sort(np.unique(medium.lines["sku"], return_counts=True)[1])[::-1]
    assert counts[:30].sum() > 0.15 * counts.sum()
    level = medium.orders["service_level"]
    assert set(level.tolist()) == {"same_day", "next_day", "two_day"}
    windows = ~np.isnan(medium.orders["tw_start"])
    assert np.array_equal(windows, level == "same_day")
    assert (medium.orders["tw_end"][windows] > medium.orders["tw_start"][windows]).all()


def test_network_shape(medium: Scenario) -> None:
    nodes, svc, inv = medium.nodes, medium.services, medium.inventory
    lat0, lon0 = np.median(medium.orders["lat"]), np.median(medium.orders["lon"])
    dist = np.hypot(nodes["lat"] - lat0, (nodes["lon"] - lon0) * np.cos(np.radians(lat0)))
    wh = nodes["kind"] == "warehouse"
    assert wh.any() and (~wh).any()
    assert dist[wh].min() > dist[~wh].max() * 0.9  # warehouses outside town
    # same-day only from town nodes, by their own fleet, within a short radius
    same_day = svc["service_level"] == "same_day"
    town_ids = set(nodes["node_id"][~wh].tolist())
    assert set(svc["node_id"][same_day].tolist()) == town_ids
    assert (svc["mode"][same_day] == "fleet").all() and (svc["max_km"][same_day] <= 15).all()
    assert (svc["mode"][~same_day] == "carrier").all()
    # warehouses carry most of the range, town nodes the popular SKUs only
    range_of = {n: (inv["node_id"] == n).sum() for n in nodes["node_id"].tolist()}
    wh_range = min(range_of[n] for n in nodes["node_id"][wh].tolist())
    assert max(range_of[n] for n in town_ids) < wh_range
    # town nodes have limited picking capacity, warehouses a lot more
    cap = nodes["capacity_orders"]
    assert cap[~wh].max() < cap[wh].min()
    # vans sized to the same-day volume: more same-day reach, more vans (roughly)
    assert set(medium.fleet["node_id"].tolist()) == town_ids
    assert (medium.fleet["count"] >= 1).all()


def short_share(sc: Scenario) -> float:
    demand: dict[str, int] = {}
    for sku, q in zip(sc.lines["sku"].tolist(), sc.lines["qty"].tolist()):
        demand[sku] = demand.get(sku, 0) + q
    avail: dict[str, int] = {}
    inv = sc.inventory
    for sku, on, ss in zip(
        inv["sku"].tolist(), inv["on_hand"].tolist(), inv["safety_stock"].tolist()
    ):
        avail[sku] = avail.get(sku, 0) + on - ss
    return sum(avail.get(k, 0) < d for k, d in demand.items()) / len(demand)


def test_scarcity_levels() -> None:
    levels = {lvl: generate_scenario(4000, 20, 3000, seed=11, scarcity=lvl, stockouts=0.0)
              for lvl in SCARCITY}
    assert short_share(levels["loose"]) == 0.0
    assert 0.02 <= short_share(levels["medium"]) <= 0.04
    assert 0.08 <= short_share(levels["tight"]) <= 0.12
    # same demand at every level; store capacity tighter as scarcity grows
    assert np.array_equal(levels["loose"].lines["sku"], levels["tight"].lines["sku"])
    town = levels["loose"].nodes["kind"] != "warehouse"
    caps = [np.nansum(levels[lvl].nodes["capacity_orders"][town]) for lvl in SCARCITY]
    assert caps[0] > caps[1] > caps[2]


def test_written_folder_loads(tmp_path: Path) -> None:
    sc = generate_scenario(300, 8, 200, seed=5, scarcity="tight", out=tmp_path / "sc")
    folder = tmp_path / "sc"
    for name, columns in COLUMNS.items():
        header = (folder / f"{name}.csv").read_text().splitlines()[0].split(",")
        assert header == columns
    assert json.loads((folder / "policy.json").read_text()) == sc.policy
    problem = AssignmentProblem.from_dir(folder)
    assert problem.n_orders == 300 and problem.n_nodes == 8
    assert set(problem.levels) == {"same_day", "next_day", "two_day"}
    direct = sc.to_problem()
    assert np.array_equal(problem.node_capacity_orders, direct.node_capacity_orders)
    assert np.allclose(problem.order_lat, direct.order_lat)
    assert np.array_equal(problem.line_qty, direct.line_qty)
    assert np.array_equal(problem.inv_on_hand, direct.inv_on_hand)
    assert problem.policy == direct.policy


@pytest.mark.parametrize("nodes", [1, 2, 3])
def test_tiny_networks(nodes: int) -> None:
    sc = generate_scenario(20, nodes, 5, seed=1)
    assert len(sc.nodes["node_id"]) == nodes
    assert sc.to_problem().n_orders == 20


@pytest.mark.parametrize(
    "kwargs",
    [{"orders": 0}, {"nodes": 0}, {"skus": -1}, {"orders": 1.5}, {"scarcity": "extreme"}],
)
def test_bad_arguments(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"orders": 10, "nodes": 4, "skus": 10, "seed": 0}
    args.update(kwargs)
    with pytest.raises(InputError):
        generate_scenario(**args)  # type: ignore[arg-type]
