"""Parcels of an assignment: one per (order, shipping node), with mode and shipping cost."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lastleg.assignment.problem import AssignmentProblem

FLEET, CARRIER = 0, 1


@dataclass(frozen=True)
class Parcels:
    """Arrays over parcels, sorted by (node, order)."""

    order: np.ndarray  # int64 order index
    node: np.ndarray  # int64 node index
    units: np.ndarray  # int64 units in the parcel
    service_row: np.ndarray  # int64 row of services.csv that ships it
    mode: np.ndarray  # int8: 0 fleet (routed), 1 carrier
    km: np.ndarray  # float64 road km node -> order
    shipping: np.ndarray  # float64 fixed + per_km * km under the problem's service costs

    def __len__(self) -> int:
        return len(self.order)


def service_lookup(problem: AssignmentProblem) -> dict[tuple[int, int], int]:
    return {(int(n), int(lv)): row for row, (n, lv) in
            enumerate(zip(problem.svc_node, problem.svc_level))}


def parcels_of(
    problem: AssignmentProblem, part_line: np.ndarray, part_node: np.ndarray, part_qty: np.ndarray
) -> Parcels:
    """Group shipped line parts into parcels and price them with the problem's services."""
    order = problem.line_order[part_line].astype(np.int64)
    node = np.asarray(part_node, dtype=np.int64)
    key = node * max(problem.n_orders, 1) + order
    uniq, inverse = np.unique(key, return_inverse=True)
    units = np.bincount(inverse, weights=part_qty, minlength=len(uniq)).astype(np.int64)
    p_node = uniq // max(problem.n_orders, 1)
    p_order = uniq % max(problem.n_orders, 1)
    lookup = service_lookup(problem)
    rows = np.array([lookup.get((int(n), int(problem.order_level[o])), -1)
                     for n, o in zip(p_node, p_order)], dtype=np.int64)
    if (rows < 0).any():
        bad = int(np.flatnonzero(rows < 0)[0])
        msg = (f"order {problem.order_ids[p_order[bad]]!r} is shipped from node "
               f"{problem.node_ids[p_node[bad]]!r}, which does not offer its service level")
        raise ValueError(msg)
    km = problem.km(p_order, p_node) if len(uniq) else np.zeros(0)
    shipping = problem.svc_fixed_cost[rows] + problem.svc_cost_per_km[rows] * km
    return Parcels(
        order=p_order, node=p_node, units=units, service_row=rows,
        mode=problem.svc_mode[rows].astype(np.int8), km=km, shipping=shipping,
    )
