"""The rules baseline: how an order-management system sources a batch today.

Order by order, in order-file order: the cheapest node (parcel + processing cost) that can
ship the whole order within reach, stock (after safety stock) and capacity; otherwise a
greedy split -- the node covering most of the remaining units first (ties: the cheaper
parcel), up to ``max_parcels`` parcels; otherwise the order is unserved (or, with
``allow_partial``, shipped as far as the split got). Stock and capacity are reserved as
it goes, so early orders can take what later ones needed.

It is a benchmark reference, not a hot path: a Python loop over orders with small numpy
operations per order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

_UNLIMITED = np.iinfo(np.int64).max // 4


@dataclass
class LineParts:
    """An assignment as line parts: ``part_qty`` units of line ``part_line`` from node
    ``part_node`` (indices into the problem's lines and nodes)."""

    part_line: np.ndarray
    part_node: np.ndarray
    part_qty: np.ndarray

    @classmethod
    def from_lists(cls, lines: list[int], nodes: list[int], qty: list[int]) -> LineParts:
        return cls(
            np.asarray(lines, dtype=np.int64),
            np.asarray(nodes, dtype=np.int64),
            np.asarray(qty, dtype=np.int64),
        )


def reach_and_parcel_cost(problem: Any) -> tuple[np.ndarray, np.ndarray]:
    """Dense (orders, nodes) arrays: can node n serve order o (service row for its level,
    km <= max_km, allowed_nodes), and the cost of a parcel (o, n) = fixed + per_km * km +
    cost_per_order (inf where it cannot serve)."""
    p = problem
    m, n_orders = len(p.node_ids), len(p.order_ids)
    km = p.km_matrix()
    n_levels = max(len(p.levels), 1)
    row = np.full((m, n_levels), -1, dtype=np.int64)
    row[p.svc_node, p.svc_level] = np.arange(len(p.svc_node))
    r = row[:, p.order_level].T  # (orders, nodes)
    has = r >= 0
    rr = np.maximum(r, 0)
    reach = has & (km <= np.where(has, p.svc_max_km[rr], -1.0))
    counts = np.diff(p.allowed_offsets)
    if counts.any():
        allowed = np.zeros((n_orders, m), dtype=bool)
        allowed[np.repeat(np.arange(n_orders), counts), p.allowed_nodes] = True
        allowed[counts == 0] = True
        reach &= allowed
    cost = p.svc_fixed_cost[rr] + p.svc_cost_per_km[rr] * km + p.node_cost_per_order[None, :]
    return reach, np.where(reach, cost, np.inf)


def rules_baseline(problem: Any) -> LineParts:
    """Source the batch order by order with an OMS's rules; returns the line parts."""
    p = problem
    pol = p.policy
    m, n_orders = len(p.node_ids), len(p.order_ids)
    n_skus = max(len(p.skus), 1)
    reach, parcel_cost = reach_and_parcel_cost(p)
    avail = np.zeros((m, n_skus), dtype=np.int64)
    avail[p.inv_node, p.inv_sku] = np.maximum(p.inv_on_hand - p.inv_safety_stock, 0)
    cap_o = np.where(p.node_capacity_orders >= 0, p.node_capacity_orders, _UNLIMITED)
    cap_u = np.where(p.node_capacity_units >= 0, p.node_capacity_units, _UNLIMITED)
    cap_o, cap_u = cap_o.astype(np.int64), cap_u.astype(np.int64)
    unit_cost = np.asarray(p.node_cost_per_unit)
    order_of_line = np.asarray(p.line_order)
    by_order = np.argsort(order_of_line, kind="stable")
    starts = np.searchsorted(order_of_line[by_order], np.arange(n_orders + 1))
    out_line: list[int] = []
    out_node: list[int] = []
    out_qty: list[int] = []

    for o in range(n_orders):
        lines = by_order[starts[o] : starts[o + 1]]
        qty = p.line_qty[lines].astype(np.int64)
        units = int(qty.sum())
        cand = np.flatnonzero(reach[o] & (cap_o > 0))
        if len(cand) == 0:
            continue
        sku, which = np.unique(p.line_sku[lines], return_inverse=True)
        which = which.reshape(-1)
        need = np.bincount(which, weights=qty, minlength=len(sku)).astype(np.int64)
        stock = avail[cand][:, sku]  # (candidates, distinct SKUs of the order)
        whole = (stock >= need).all(axis=1) & (cap_u[cand] >= units)
        taken: list[tuple[int, np.ndarray]] = []
        if whole.any():
            ok = cand[whole]
            taken.append((int(ok[np.argmin(parcel_cost[o, ok] + unit_cost[ok] * units)]), need))
        else:  # greedy split: the node covering most remaining units first
            rem = need.copy()
            free = np.ones(len(cand), dtype=bool)
            for _ in range(pol.max_parcels):
                cover = np.minimum(stock, rem).sum(axis=1)
                cover = np.where(free, np.minimum(cover, cap_u[cand]), 0)
                if cover.max() <= 0:
                    break
                best = np.flatnonzero(cover == cover.max())
                j = int(best[np.argmin(parcel_cost[o, cand[best]])])
                free[j] = False
                take = np.minimum(stock[j], rem)
                room = int(cap_u[cand[j]])
                if take.sum() > room:  # fill SKUs in line order up to the unit capacity
                    before = np.concatenate([[0], np.cumsum(take)[:-1]])
                    take = np.minimum(take, np.maximum(room - before, 0))
                rem -= take
                taken.append((int(cand[j]), take))
                if rem.sum() == 0:
                    break
            if rem.sum() > 0 and not pol.allow_partial:
                continue
        line_rem = qty.copy()
        for n, take in taken:
            left = take.copy()
            avail[n, sku] -= take
            cap_o[n] -= 1
            cap_u[n] -= int(take.sum())
            for i, line in enumerate(lines.tolist()):
                units_i = int(min(line_rem[i], left[which[i]]))
                if units_i > 0:
                    left[which[i]] -= units_i
                    line_rem[i] -= units_i
                    out_line.append(line)
                    out_node.append(n)
                    out_qty.append(units_i)
    return LineParts.from_lists(out_line, out_node, out_qty)
