"""An independent recompute of an Assignment (shares no code with the engine):
every hard rule of DESIGN.md §5 and the objective, from the problem's arrays."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from assign_mip import parcel_costs

from lastleg import Assignment, AssignmentProblem


def recompute(p: AssignmentProblem, a: Assignment) -> float:
    """Asserts feasibility and returns the recomputed §5 cost."""
    pol = p.policy
    parcel = parcel_costs(p)
    assert np.all(a.part_qty > 0)
    shipped_line = np.zeros(p.n_lines, dtype=np.int64)
    np.add.at(shipped_line, a.part_line, a.part_qty)
    assert np.all(shipped_line <= p.line_qty), "a line shipped more than ordered"
    avail: dict[tuple[int, int], int] = defaultdict(int)
    for n, s, q, ss in zip(p.inv_node, p.inv_sku, p.inv_on_hand, p.inv_safety_stock):
        avail[(int(n), int(s))] += int(q) - int(ss)
    used: dict[tuple[int, int], int] = defaultdict(int)
    parcels: dict[tuple[int, int], int] = {}
    node_units = np.zeros(p.n_nodes, dtype=np.int64)
    cost = 0.0
    for line, node, qty in zip(a.part_line.tolist(), a.part_node.tolist(), a.part_qty.tolist()):
        o = int(p.line_order[line])
        used[(node, int(p.line_sku[line]))] += qty
        node_units[node] += qty
        cost += qty * float(p.node_cost_per_unit[node])
        if (o, node) not in parcels:
            assert (o, node) in parcel, f"order {o} shipped from node {node} out of reach"
            parcels[(o, node)] = 1
            cost += parcel[(o, node)]
    for key, q in used.items():
        assert q <= max(0, avail.get(key, 0)), f"stock over-allocated at {key}"
    node_parcels = np.zeros(p.n_nodes, dtype=np.int64)
    per_order = np.zeros(p.n_orders, dtype=np.int64)
    for o, n in parcels:
        node_parcels[n] += 1
        per_order[o] += 1
    cap_o, cap_u = p.node_capacity_orders, p.node_capacity_units
    assert np.all((cap_o < 0) | (node_parcels <= cap_o)), "capacity_orders exceeded"
    assert np.all((cap_u < 0) | (node_units <= cap_u)), "capacity_units exceeded"
    assert np.all(per_order <= pol.max_parcels), "max_parcels exceeded"
    units = np.bincount(p.line_order, weights=p.line_qty, minlength=p.n_orders)
    sent = np.bincount(p.line_order, weights=shipped_line, minlength=p.n_orders)
    if not pol.allow_partial:
        assert np.all((sent == 0) | (sent == units)), "an order was shipped in part"
    cost += pol.split_penalty * float(np.maximum(per_order - 1, 0).sum())
    cost += float((pol.unserved_penalty * (1 + p.order_priority) * (units - sent) / units).sum())
    # the result's own accounting agrees
    assert np.array_equal(per_order, a.parcels)
    status = np.where(per_order == 0, 3, np.where(sent < units, 2, np.where(per_order == 1, 0, 1)))
    assert np.array_equal(status, a.status_code)
    assert np.array_equal(node_parcels, a.node_orders)
    assert np.array_equal(node_units, a.node_units)
    assert abs(cost - a.cost) <= 1e-6 * max(1.0, cost), (cost, a.cost)
    assert abs(sum(a.cost_breakdown.values()) - a.cost) <= 1e-6 * max(1.0, cost)
    assert a.lower_bound <= a.cost + 1e-6
    return cost
