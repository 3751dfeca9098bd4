"""generate_scenario: one seeded day, step by step (places, orders, lines, stock, then
each node's capacity, costs, services and vans). Each step draws from its own random
stream, so demand is the same at every scarcity level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from lastleg.errors import InputError
from lastleg.generate.demand import HOUR, lines_of, orders_of, volumes
from lastleg.generate.places import Places, on_roads, place
from lastleg.generate.scenario import DEFAULT_POLICY, Columns, Scenario
from lastleg.generate.stock import stock_of
from lastleg.travel.roads import RoadNetwork

LEVELS = ("same_day", "next_day", "two_day")

#: scarcity -> (share of demanded SKUs short network-wide, store capacity factor)
SCARCITY: dict[str, tuple[float, float]] = {
    "loose": (0.0, 1.6),
    "medium": (0.03, 1.25),
    "tight": (0.10, 0.95),
}
MAX_STOPS = 25


def _node_table(rng: np.random.Generator, pl: Places, n: int, cap_factor: float,
                v_same: np.ndarray, v_next: np.ndarray) -> Columns:
    """Picking capacity (warehouses plenty, town nodes sized to their volume) and costs."""
    m, is_wh, is_mfc, is_st, town = len(pl.kind), pl.is_wh, pl.is_mfc, pl.is_st, pl.town
    cap_orders, cap_units = np.full(m, np.nan), np.full(m, np.nan)
    cap_orders[is_wh] = np.ceil(n / is_wh.sum() * rng.uniform(1.3, 1.8, is_wh.sum()))
    town_cap = np.maximum(np.ceil(cap_factor * (v_same + 0.15 * v_next)), 3.0)
    town_cap[is_mfc[town]] *= 1.5
    cap_orders[town] = np.ceil(town_cap)
    cap_units[town] = np.ceil(2.0 * town_cap)
    per_order = np.where(is_wh, rng.uniform(1.0, 1.4, m), 0.0)
    per_order = np.where(is_mfc, 1.6, per_order)
    per_order = np.where(is_st, rng.uniform(2.5, 3.5, m), per_order)
    return {"node_id": pl.node_ids, "kind": pl.kind, "lat": pl.node_lat, "lon": pl.node_lon,
            "capacity_orders": cap_orders, "capacity_units": cap_units,
            "cost_per_order": np.round(per_order, 3),
            "cost_per_unit": np.select([is_wh, is_mfc], [0.25, 0.30], 0.45)}


def _services(rng: np.random.Generator, pl: Places) -> Columns:
    """Warehouses ship by carrier (next/two-day); town nodes deliver same-day with their
    vans within their radius, and hand the rest to carriers."""
    rows: list[tuple[Any, ...]] = []
    for i in range(len(pl.kind)):
        if pl.is_wh[i]:
            rows.append((i, 1, "carrier", 250.0, rng.uniform(5.2, 6.0), 0.025))
            rows.append((i, 2, "carrier", 500.0, rng.uniform(3.6, 4.2), 0.012))
        elif pl.is_mfc[i]:
            rows += [(i, 0, "fleet", round(pl.radius[i], 2), 2.0, 0.55),
                     (i, 1, "carrier", 60.0, 6.2, 0.03), (i, 2, "carrier", 60.0, 4.6, 0.02)]
        else:
            rows += [(i, 0, "fleet", round(pl.radius[i], 2), 2.4, 0.7),
                     (i, 1, "carrier", 40.0, 5.9, 0.035), (i, 2, "carrier", 40.0, 5.0, 0.02)]
    node, level, mode, max_km, fixed, per_km = zip(*rows)
    return {"node_id": pl.node_ids[list(node)], "service_level": np.array(LEVELS)[list(level)],
            "mode": np.array(mode), "max_km": np.array(max_km),
            "fixed_cost": np.round(np.array(fixed, dtype=float), 3),
            "cost_per_km": np.array(per_km)}


def _fleet(pl: Places, v_same: np.ndarray, cap_factor: float) -> Columns:
    """Vans sized to each town node's expected same-day volume."""
    vans = np.maximum(np.ceil(v_same * cap_factor / (0.7 * MAX_STOPS)), 1).astype(np.int64)
    k = len(pl.town)
    return {"node_id": pl.node_ids[pl.town], "vehicle_type": np.full(k, "van"), "count": vans,
            "capacity": np.full(k, 60), "shift_start": np.full(k, 2 * HOUR),
            "shift_end": np.full(k, 16 * HOUR), "fixed_cost": np.full(k, 35.0),
            "cost_per_km": np.full(k, 0.4), "cost_per_hour": np.full(k, 24.0),
            "speed_kmh": np.full(k, 28.0), "max_stops": np.full(k, MAX_STOPS)}


def _check(orders: Any, nodes: Any, skus: Any, seed: Any, scarcity: str,
           stockouts: Any) -> None:
    for name, value, low in (("orders", orders, 1), ("nodes", nodes, 1), ("skus", skus, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise InputError(name, f"must be an integer >= {low}, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("seed", f"must be an integer >= 0, got {seed!r}")
    if scarcity not in SCARCITY:
        raise InputError("scarcity", f"{scarcity!r} is not one of {list(SCARCITY)}")
    if isinstance(stockouts, bool) or not isinstance(stockouts, (int, float)) \
            or not 0.0 <= stockouts <= 0.5:
        raise InputError("stockouts", f"must be a share in [0, 0.5], got {stockouts!r}")


def generate_scenario(
    orders: int,
    nodes: int,
    skus: int,
    seed: int = 0,
    scarcity: str = "medium",
    out: str | Path | None = None,
    *,
    policy: dict[str, Any] | None = None,
    stockouts: float = 0.007,
    roads: Any = None,
) -> Scenario:
    """Generate a realistic batch; write it to ``out`` (a scenario folder) when given.

    orders, nodes, skus: sizes (orders >= 1, nodes >= 1, skus >= 1).
    scarcity: "loose" (no short SKU), "medium" (~3% of demanded SKUs short), "tight" (~10%,
    and tighter store capacity).
    policy: overrides of the policy.json values.
    stockouts: share of lines (0 to 0.5) whose SKU is out of stock at every node.
    roads: a RoadNetwork (or an extract's path): the day is placed on its roads (the map
    scaled into the network, every node and order on a road) and ``policy.json`` names
    the extract when a path is given.
    """
    _check(orders, nodes, skus, seed, scarcity, stockouts)
    n, m, s = int(orders), int(nodes), int(skus)
    short_share, cap_factor = SCARCITY[scarcity]
    pol = {**DEFAULT_POLICY, **(policy or {})}
    geo_rng, ord_rng, line_rng, inv_rng, short_rng, out_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(6)
    )
    pl = place(geo_rng, n, m, float(pol["detour_factor"]))
    if roads is not None:
        if not hasattr(roads, "on_roads"):
            path = Path(roads)
            roads = RoadNetwork.from_osm(path)
            pol["roads"] = str(path.resolve())
        pl = on_roads(pl, roads, float(pol["detour_factor"]))
    od = orders_of(ord_rng, n, pl.covers)
    ln = lines_of(line_rng, n, s, od.level)
    v_same, v_next = volumes(pl.covers, pl.near, od.level)
    st = stock_of((inv_rng, short_rng, out_rng), pl, ln, (v_same, v_next), n, short_share,
                  stockouts)
    scenario = Scenario(
        nodes=_node_table(geo_rng, pl, n, cap_factor, v_same, v_next),
        services=_services(geo_rng, pl),
        inventory={"node_id": pl.node_ids[st.node], "sku": ln.sku_names[st.rank],
                   "on_hand": st.on_hand, "safety_stock": st.safety},
        orders={"order_id": od.ids, "lat": pl.order_lat, "lon": pl.order_lon,
                "service_level": np.array(LEVELS)[od.level], "priority": od.priority,
                "tw_start": od.tw_start, "tw_end": od.tw_end},
        lines={"order_id": od.ids[ln.order], "sku": ln.sku_names[ln.rank], "qty": ln.qty},
        fleet=_fleet(pl, v_same, cap_factor),
        policy=pol,
    )
    if out is not None:
        scenario.write(out)
    return scenario
