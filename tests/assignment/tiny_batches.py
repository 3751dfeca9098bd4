"""A hand-built tiny batch whose costs are worked out by hand in the tests.

Nodes: W (warehouse, 52.0N 4.0E) and S (store, 52.1N 4.0E), 0.1 degree of latitude apart
(11.1195 km of haversine, 14.455 road km with detour 1.3).
W: next_day by carrier, reach 100 km, 5 per parcel, 0/km; 1 per order, 0.5 per unit;
   at most 2 parcels and 3 units. Stock A 5, B 1.
S: next_day by carrier and same_day by its fleet, reach 5 km, 4 resp. 3 per parcel;
   2 per order, 1 per unit; at most 1 parcel and 2 units. Stock A 2 (1 held back), C 1.
Orders: O1 next_day at S's location (lines 0: A x2, 1: B x1); O2 same_day at S, priority 1
(line 2: C x1); O3 next_day at W's location (lines 3: A x1, 4: B x1).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lastleg import AssignmentProblem


def tiny_tables(**policy: Any) -> dict[str, Any]:
    pol = {
        "split_penalty": 5.0,
        "max_parcels": 2,
        "unserved_penalty": 100.0,
        "allow_partial": False,
        "detour_factor": 1.3,
    }
    pol.update(policy)
    return {
        "nodes": {
            "node_id": ["W", "S"],
            "kind": ["warehouse", "store"],
            "lat": [52.0, 52.1],
            "lon": [4.0, 4.0],
            "capacity_orders": [2, 1],
            "capacity_units": [3, 2],
            "cost_per_order": [1.0, 2.0],
            "cost_per_unit": [0.5, 1.0],
        },
        "services": {
            "node_id": ["W", "S", "S"],
            "service_level": ["next_day", "next_day", "same_day"],
            "mode": ["carrier", "carrier", "fleet"],
            "max_km": [100.0, 5.0, 5.0],
            "fixed_cost": [5.0, 4.0, 3.0],
            "cost_per_km": [0.0, 0.0, 0.0],
        },
        "inventory": {
            "node_id": ["W", "W", "S", "S"],
            "sku": ["A", "B", "A", "C"],
            "on_hand": [5, 1, 2, 1],
            "safety_stock": [0, 0, 1, 0],
        },
        "orders": {
            "order_id": ["O1", "O2", "O3"],
            "lat": [52.1, 52.1, 52.0],
            "lon": [4.0, 4.0, 4.0],
            "service_level": ["next_day", "same_day", "next_day"],
            "priority": [0, 1, 0],
            "allowed_nodes": ["", "", ""],
        },
        "lines": {
            "order_id": ["O1", "O1", "O2", "O3", "O3"],
            "sku": ["A", "B", "C", "A", "B"],
            "qty": [2, 1, 1, 1, 1],
        },
        "policy": pol,
    }


def tiny(**policy: Any) -> AssignmentProblem:
    return AssignmentProblem(**tiny_tables(**policy))


W, S = 0, 1


def random_tiny(seed: int) -> AssignmentProblem:
    """2-3 nodes, 3 orders, 4 lines, scarce stock and capacity, random policy."""
    rng = np.random.default_rng(seed)
    m = 2 if seed % 2 else 3
    skus = ["A", "B", "C"]
    inv = [(f"N{n}", k) for n in range(m) for k in skus if rng.random() < 0.7]
    inv += [(f"N{m - 1}", k) for k in skus if all(k != s for _, s in inv)]  # a row for each
    return AssignmentProblem(
        nodes={
            "node_id": [f"N{n}" for n in range(m)],
            "kind": ["warehouse"] + ["store"] * (m - 1),
            "lat": 52.0 + rng.uniform(0, 0.2, m),
            "lon": 4.0 + rng.uniform(0, 0.2, m),
            "capacity_orders": rng.choice([1, 2, -1], m),
            "capacity_units": rng.choice([2, 3, -1], m),
            "cost_per_order": rng.uniform(0, 3, m),
            "cost_per_unit": rng.uniform(0, 1, m),
        },
        services={
            "node_id": [f"N{n}" for n in range(m)] * 2,
            "service_level": ["next_day"] * m + ["same_day"] * m,
            "mode": ["carrier"] * m + ["fleet"] * m,
            "max_km": np.r_[np.full(m, 100.0), rng.uniform(5, 25, m)],
            "fixed_cost": rng.uniform(2, 6, 2 * m),
            "cost_per_km": rng.uniform(0, 0.3, 2 * m),
        },
        inventory={
            "node_id": [n for n, _ in inv] + ["N0"],
            "sku": [k for _, k in inv] + ["D"],
            "on_hand": np.r_[rng.integers(0, 3, len(inv)), 1],
            "safety_stock": np.r_[rng.integers(0, 2, len(inv)), 0],
        },
        orders={
            "order_id": ["O1", "O2", "O3"],
            "lat": 52.0 + rng.uniform(0, 0.2, 3),
            "lon": 4.0 + rng.uniform(0, 0.2, 3),
            "service_level": rng.choice(["next_day", "same_day"], 3, p=[0.6, 0.4]),
            "priority": rng.integers(0, 2, 3),
        },
        lines={
            "order_id": ["O1", "O1", "O2", "O3"],
            "sku": [*rng.choice(skus, 2, replace=False), rng.choice(skus), "A"],
            "qty": rng.integers(1, 3, 4),
        },
        policy={
            "split_penalty": float(rng.uniform(0, 6)),
            "max_parcels": int(rng.integers(1, 3)),
            "unserved_penalty": float(rng.uniform(10, 40)),
            "allow_partial": bool(seed % 3 == 0),
        },
    )
