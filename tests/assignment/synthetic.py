"""A synthetic batch builder for the assignment engine's tests and benchmarks (a test
fixture, not the project's scenario generator): a metro area with warehouses outside
town, stores and MFCs in town, Zipf-like SKU popularity and a chosen scarcity."""

from __future__ import annotations

from typing import Any

import numpy as np

from lastleg import AssignmentProblem, Policy

CENTER = (52.52, 13.40)
KM_PER_DEG_LAT = 111.2


def _offset(
    rng: np.random.Generator, n: int, r_min: float, r_max: float
) -> tuple[np.ndarray, np.ndarray]:
    r = rng.uniform(r_min, r_max, n)
    a = rng.uniform(0, 2 * np.pi, n)
    lat = CENTER[0] + r * np.sin(a) / KM_PER_DEG_LAT
    lon = CENTER[1] + r * np.cos(a) / (KM_PER_DEG_LAT * np.cos(np.radians(CENTER[0])))
    return lat, lon


def batch_tables(
    n_orders: int,
    n_nodes: int,
    n_skus: int,
    seed: int = 0,
    scarcity: float = 0.03,
    store_capacity: float = 1.0,
) -> dict[str, Any]:
    """Column dicts for nodes, services, inventory, orders, lines.

    scarcity: share of demanded SKUs short network-wide; store_capacity scales
    store and MFC picking capacity (lower is tighter).
    """
    rng = np.random.default_rng(seed)
    n_wh = max(1, n_nodes // 6)
    n_mfc = max(0, n_nodes // 6)
    n_store = n_nodes - n_wh - n_mfc
    kinds = ["warehouse"] * n_wh + ["mfc"] * n_mfc + ["store"] * n_store
    lat = np.empty(n_nodes)
    lon = np.empty(n_nodes)
    lat[:n_wh], lon[:n_wh] = _offset(rng, n_wh, 25, 60)
    lat[n_wh:], lon[n_wh:] = _offset(rng, n_nodes - n_wh, 0.5, 14)
    node_ids = [f"N{i:03d}" for i in range(n_nodes)]
    is_wh = np.array([k == "warehouse" for k in kinds])
    town_share = n_orders / max(1, n_nodes - n_wh)
    cap_orders = np.where(
        is_wh,
        -1,
        np.maximum(
            1,
            (0.35 * town_share * store_capacity * rng.uniform(0.6, 1.4, n_nodes)).astype(np.int64),
        ),
    )
    cap_units = np.where(is_wh, -1, 2 * cap_orders)
    cost_per_order = np.where(is_wh, 1.0, np.where(np.array(kinds) == "mfc", 1.5, 2.5))
    cost_per_unit = np.where(is_wh, 0.2, np.where(np.array(kinds) == "mfc", 0.3, 0.5))
    nodes = {
        "node_id": node_ids,
        "kind": kinds,
        "lat": lat,
        "lon": lon,
        "capacity_orders": cap_orders,
        "capacity_units": cap_units,
        "cost_per_order": cost_per_order,
        "cost_per_unit": cost_per_unit,
    }

    services: dict[str, list[Any]] = {
        k: [] for k in ("node_id", "service_level", "mode", "max_km", "fixed_cost", "cost_per_km")
    }

    def svc(node: int, level: str, mode: str, max_km: float, fixed: float, per_km: float) -> None:
        for key, value in zip(services, (node_ids[node], level, mode, max_km, fixed, per_km)):
            services[key].append(value)

    for i, kind in enumerate(kinds):
        if kind == "warehouse":
            svc(i, "next_day", "carrier", 400.0, 6.0 + rng.uniform(0, 1), 0.02)
            svc(i, "two_day", "carrier", 800.0, 4.5 + rng.uniform(0, 1), 0.012)
        else:
            fixed = 2.5 if kind == "mfc" else 3.0
            svc(i, "same_day", "fleet", float(rng.uniform(8, 13)), fixed, 0.55)
            svc(i, "next_day", "carrier", 60.0, 6.5 + rng.uniform(0, 1), 0.03)

    # demand
    pop = 1.0 / np.arange(1, n_skus + 1) ** 0.9
    pop /= pop.sum()
    n_lines = 1 + rng.geometric(0.6, n_orders) - 1
    n_lines = np.clip(n_lines, 1, 5)
    line_order = np.repeat(np.arange(n_orders), n_lines)
    line_sku = rng.choice(n_skus, size=len(line_order), p=pop)
    # one line per sku within an order
    key = line_order.astype(np.int64) * n_skus + line_sku
    _, first = np.unique(key, return_index=True)
    first.sort()
    line_order, line_sku = line_order[first], line_sku[first]
    line_qty = rng.choice([1, 2, 3], size=len(line_order), p=[0.8, 0.15, 0.05])
    demand = np.bincount(line_sku, weights=line_qty, minlength=n_skus)

    # inventory: warehouses hold most of the range; town nodes the popular SKUs
    inv_node: list[int] = []
    inv_sku: list[int] = []
    inv_qty: list[int] = []
    inv_safety: list[int] = []
    demanded = np.flatnonzero(demand > 0)
    short = (
        set(rng.choice(demanded, size=round(scarcity * len(demanded)), replace=False).tolist())
        if len(demanded)
        else set()
    )
    top = max(1, n_skus // 8)
    for s in range(n_skus):
        d = demand[s]
        total_factor = 0.75 if s in short else 3.0
        holders = [w for w in range(n_wh) if rng.random() < 0.8] or [int(rng.integers(n_wh))]
        if s < top:
            holders += [t for t in range(n_wh, n_nodes) if rng.random() < 0.6]
        weights = rng.uniform(0.5, 1.5, len(holders))
        alloc = np.floor(
            weights / weights.sum() * d * total_factor + rng.uniform(0, 1, len(holders))
        ).astype(int)
        for node, q in zip(holders, alloc):
            inv_node.append(node)
            inv_sku.append(s)
            inv_qty.append(int(q) + 1)
            inv_safety.append(1 if rng.random() < 0.2 else 0)
    inventory = {
        "node_id": [node_ids[n] for n in inv_node],
        "sku": [f"S{s:05d}" for s in inv_sku],
        "on_hand": np.array(inv_qty, dtype=np.int64),
        "safety_stock": np.array(inv_safety, dtype=np.int64),
    }

    o_lat, o_lon = _offset(rng, n_orders, 0.0, 1.0)
    near = rng.random(n_orders) < 0.7
    r = np.where(near, np.abs(rng.normal(0, 6, n_orders)), rng.uniform(5, 35, n_orders))
    a = rng.uniform(0, 2 * np.pi, n_orders)
    o_lat = CENTER[0] + r * np.sin(a) / KM_PER_DEG_LAT
    o_lon = CENTER[1] + r * np.cos(a) / (KM_PER_DEG_LAT * np.cos(np.radians(CENTER[0])))
    level = rng.choice(["same_day", "next_day", "two_day"], size=n_orders, p=[0.25, 0.55, 0.2])
    priority = rng.choice([0, 1, 2], size=n_orders, p=[0.8, 0.15, 0.05])
    order_ids = [f"O{i:07d}" for i in range(n_orders)]
    orders = {
        "order_id": order_ids,
        "lat": o_lat,
        "lon": o_lon,
        "service_level": list(level),
        "priority": priority,
    }
    lines = {
        "order_id": [order_ids[o] for o in line_order],
        "sku": [f"S{s:05d}" for s in line_sku],
        "qty": line_qty.astype(np.int64),
    }
    return {
        "nodes": nodes,
        "services": services,
        "inventory": inventory,
        "orders": orders,
        "lines": lines,
    }


def batch(
    n_orders: int,
    n_nodes: int,
    n_skus: int,
    seed: int = 0,
    scarcity: float = 0.03,
    store_capacity: float = 1.0,
    policy: Policy | None = None,
) -> AssignmentProblem:
    """A synthetic AssignmentProblem (see batch_tables)."""
    tables = batch_tables(n_orders, n_nodes, n_skus, seed, scarcity, store_capacity)
    return AssignmentProblem(policy=policy or Policy(), **tables)
