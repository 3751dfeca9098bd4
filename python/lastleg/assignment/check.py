"""check_assignment: the independent checker of an assignment (DESIGN.md §5).

It recomputes the exact objective from the problem's arrays and lists every violated
hard rule. It shares no code with any search (the engine, the rules baseline or the MIP):
only the problem's arrays and the geo layer's haversine distance.

An assignment is a list of *line parts*: ``part_line`` (index into the problem's lines),
``part_node`` (node index, or node id string) and ``part_qty`` (units, integer > 0).
Parts of the same line at the same node are added together. A line may be split over
several nodes; units of a line that no part ships are unserved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: reach tolerance in km (rounding of the distance formula)
KM_TOLERANCE = 1e-7


@dataclass
class CheckResult:
    """What the checker found.

    cost: the §5 objective, recomputed; breakdown: its parts (shipping = fixed + per km;
    processing = per order + per unit; split; unserved); violations: one message per broken
    rule, naming the order, node and SKU; orders: counts by status (single, split, partial,
    unserved); parcels: number of (order, node) parcels.
    """

    cost: float
    breakdown: dict[str, float]
    violations: list[str] = field(default_factory=list)
    orders: dict[str, int] = field(default_factory=dict)
    parcels: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations

    def __repr__(self) -> str:
        shown = "; ".join(self.violations[:3])
        more = f" (+{len(self.violations) - 3} more)" if len(self.violations) > 3 else ""
        status = "ok" if self.ok else f"{len(self.violations)} violations: {shown}{more}"
        return f"CheckResult(cost={self.cost:.4f}, {status})"


def _as_parts(
    assignment: Any, part_line: Any, part_node: Any, part_qty: Any, n_lines: int, qty: np.ndarray
) -> tuple[Any, Any, Any]:
    if assignment is not None:
        if all(hasattr(assignment, a) for a in ("part_line", "part_node", "part_qty")):
            return assignment.part_line, assignment.part_node, assignment.part_qty
        if hasattr(assignment, "node_of_line"):  # whole lines: node index per line, -1 unserved
            nol = np.asarray(assignment.node_of_line).reshape(-1)
            if len(nol) != n_lines:
                raise ValueError(
                    f"node_of_line has {len(nol)} entries, the problem {n_lines} lines"
                )
            shipped = np.flatnonzero(nol >= 0)
            return shipped, nol[shipped], qty[shipped]
        if isinstance(assignment, (tuple, list)) and len(assignment) == 3:
            return assignment[0], assignment[1], assignment[2]
        raise TypeError(
            "assignment must have part_line/part_node/part_qty (or node_of_line), "
            f"got {type(assignment).__name__}"
        )
    if part_line is None or part_node is None or part_qty is None:
        raise TypeError("give an assignment or all of part_line, part_node, part_qty")
    return part_line, part_node, part_qty


def check_assignment(
    problem: Any,
    assignment: Any = None,
    *,
    part_line: Any = None,
    part_node: Any = None,
    part_qty: Any = None,
) -> CheckResult:
    """Recompute the §5 cost of an assignment and list every violation.

    ``assignment`` is any object with ``part_line``, ``part_node``, ``part_qty`` arrays (or
    ``node_of_line``: one node index per line, -1 for unserved), or a 3-tuple of those
    arrays; alternatively give the three arrays as keywords.
    """
    p = problem
    pol = p.policy
    n_lines, m, n_orders = len(p.line_qty), len(p.node_ids), len(p.order_ids)
    n_skus = max(len(p.skus), 1)
    line_qty = np.asarray(p.line_qty, dtype=np.int64)
    raw_line, raw_node, raw_qty = _as_parts(
        assignment, part_line, part_node, part_qty, n_lines, line_qty
    )
    violations: list[str] = []

    def sku_name(k: int) -> str:
        return str(p.skus[k])

    def order_name(o: int) -> str:
        return str(p.order_ids[o])

    def node_name(n: int) -> str:
        return str(p.node_ids[n])

    # ---- parts: ids, quantities ---------------------------------------------------
    pl = np.asarray(raw_line).reshape(-1)
    pn_raw = np.asarray(raw_node).reshape(-1)
    pq_raw = np.asarray(raw_qty, dtype=np.float64).reshape(-1)
    if not (len(pl) == len(pn_raw) == len(pq_raw)):
        raise ValueError(
            f"part arrays differ in length: {len(pl)} lines, {len(pn_raw)} nodes, {len(pq_raw)} qty"
        )
    valid = np.ones(len(pl), dtype=bool)
    if pn_raw.dtype.kind in "OUS":
        index = {str(k): i for i, k in enumerate(p.node_ids)}
        pn = np.array([index.get(str(v), -1) for v in pn_raw.tolist()], dtype=np.int64)
        for i in np.flatnonzero(pn < 0).tolist():
            violations.append(f"part {i}: unknown node id {str(pn_raw[i])!r}")
    else:
        pn = pn_raw.astype(np.int64)
        for i in np.flatnonzero((pn < 0) | (pn >= m)).tolist():
            violations.append(f"part {i}: unknown node index {int(pn[i])}")
    valid &= (pn >= 0) & (pn < m)
    if pl.dtype.kind not in "iu" and not np.all(np.asarray(pl, dtype=np.float64) % 1 == 0):
        raise TypeError("part_line must hold integer line indices")
    pl = pl.astype(np.int64)
    bad_line = (pl < 0) | (pl >= n_lines)
    for i in np.flatnonzero(bad_line).tolist():
        violations.append(f"part {i}: unknown line index {int(pl[i])}")
    valid &= ~bad_line
    frac = ~np.isfinite(pq_raw) | (np.round(pq_raw) != pq_raw)
    for i in np.flatnonzero(frac).tolist():
        violations.append(f"part {i}: quantity {pq_raw[i]} is not an integer")
    neg = ~frac & (pq_raw < 0)
    for i in np.flatnonzero(neg).tolist():
        violations.append(f"part {i}: negative quantity {pq_raw[i]:g}")
    valid &= ~frac & ~neg & (pq_raw > 0)
    pl, pn = pl[valid], pn[valid]
    pq = np.round(pq_raw[valid]).astype(np.int64)
    # merge parts of the same line at the same node
    key, inv = np.unique(pl * m + pn, return_inverse=True)
    pq = np.bincount(inv.reshape(-1), weights=pq, minlength=len(key)).astype(np.int64)
    pl, pn = key // m, key % m
    po = np.asarray(p.line_order, dtype=np.int64)[pl]
    ps = np.asarray(p.line_sku, dtype=np.int64)[pl]

    # ---- lines and orders accounted for -----------------------------------------------
    line_order = np.asarray(p.line_order, dtype=np.int64)
    shipped_line = np.bincount(pl, weights=pq, minlength=n_lines).astype(np.int64)
    for i in np.flatnonzero(shipped_line > line_qty).tolist():
        violations.append(
            f"order {order_name(int(line_order[i]))} line {i} (SKU {sku_name(int(p.line_sku[i]))})"
            f": {int(shipped_line[i])} units shipped, {int(line_qty[i])} ordered"
        )
    shipped_capped = np.minimum(shipped_line, line_qty)
    units_o = np.bincount(line_order, weights=line_qty, minlength=n_orders)
    shipped_o = np.bincount(line_order, weights=shipped_capped, minlength=n_orders)
    short_line = shipped_capped < line_qty
    short_o = np.bincount(line_order, weights=short_line, minlength=n_orders) > 0
    partial_o = short_o & (shipped_o > 0)
    if not pol.allow_partial:
        for o in np.flatnonzero(partial_o).tolist():
            violations.append(
                f"order {order_name(o)}: partly shipped ({int(shipped_o[o])} of "
                f"{int(units_o[o])} units) but allow_partial is false"
            )

    # ---- parcels ------------------------------------------------------------------------
    pkey = np.unique(po * m + pn)
    par_o, par_n = pkey // m, pkey % m
    n_par = len(pkey)

    # reach: a service row for the order's level, km <= max_km, allowed nodes
    n_levels = max(len(p.levels), 1)
    svc_row = np.full((m, n_levels), -1, dtype=np.int64)
    svc_row[np.asarray(p.svc_node), np.asarray(p.svc_level)] = np.arange(len(p.svc_node))
    level = np.asarray(p.order_level, dtype=np.int64)[par_o]
    row = svc_row[par_n, level]
    km = p.km(par_o, par_n)
    for i in np.flatnonzero(row < 0).tolist():
        violations.append(
            f"order {order_name(int(par_o[i]))}: node {node_name(int(par_n[i]))} does not offer "
            f"service level {p.levels[int(level[i])]!r}"
        )
    has = row >= 0
    max_km = np.where(has, np.asarray(p.svc_max_km)[np.maximum(row, 0)], np.inf)
    for i in np.flatnonzero(has & (km > max_km + KM_TOLERANCE)).tolist():
        violations.append(
            f"order {order_name(int(par_o[i]))}: node {node_name(int(par_n[i]))} is "
            f"{km[i]:.3f} km away, beyond max_km {max_km[i]:g} for {p.levels[int(level[i])]!r}"
        )
    off = np.asarray(p.allowed_offsets, dtype=np.int64)
    n_allowed = np.diff(off)
    restricted = n_allowed[par_o] > 0
    if restricted.any():
        allowed_keys = np.repeat(np.arange(n_orders), n_allowed) * m + np.asarray(p.allowed_nodes)
        ok_allowed = np.isin(par_o * m + par_n, allowed_keys)
        for i in np.flatnonzero(restricted & ~ok_allowed).tolist():
            violations.append(
                f"order {order_name(int(par_o[i]))}: node {node_name(int(par_n[i]))} is not in "
                "its allowed_nodes"
            )

    # max parcels per order
    parcels_o = np.bincount(par_o, minlength=n_orders)
    for o in np.flatnonzero(parcels_o > pol.max_parcels).tolist():
        violations.append(
            f"order {order_name(o)}: {int(parcels_o[o])} parcels, max_parcels is {pol.max_parcels}"
        )

    # node capacity: parcels and units
    parcels_n = np.bincount(par_n, minlength=m)
    units_n = np.bincount(pn, weights=pq, minlength=m).astype(np.int64)
    cap_o = np.asarray(p.node_capacity_orders, dtype=np.int64)
    cap_u = np.asarray(p.node_capacity_units, dtype=np.int64)
    for n in np.flatnonzero((cap_o >= 0) & (parcels_n > cap_o)).tolist():
        violations.append(
            f"node {node_name(n)}: {int(parcels_n[n])} parcels, capacity_orders {int(cap_o[n])}"
        )
    for n in np.flatnonzero((cap_u >= 0) & (units_n > cap_u)).tolist():
        violations.append(
            f"node {node_name(n)}: {int(units_n[n])} units, capacity_units {int(cap_u[n])}"
        )

    # stock after safety stock, per node x SKU
    inv_key = np.asarray(p.inv_node, dtype=np.int64) * n_skus + np.asarray(p.inv_sku)
    inv_avail = np.asarray(p.inv_on_hand, dtype=np.int64) - np.asarray(
        p.inv_safety_stock, dtype=np.int64
    )
    order_inv = np.argsort(inv_key, kind="stable")
    inv_key, inv_avail = inv_key[order_inv], inv_avail[order_inv]
    skey, sinv = np.unique(pn * n_skus + ps, return_inverse=True)
    used = np.bincount(sinv.reshape(-1), weights=pq, minlength=len(skey)).astype(np.int64)
    if len(inv_key):
        pos = np.minimum(np.searchsorted(inv_key, skey), len(inv_key) - 1)
        found = inv_key[pos] == skey
        avail = np.where(found, inv_avail[pos], 0)
    else:
        found = np.zeros(len(skey), dtype=bool)
        avail = np.zeros(len(skey), dtype=np.int64)
    for i in np.flatnonzero(used > avail).tolist():
        n, k = int(skey[i] // n_skus), int(skey[i] % n_skus)
        what = f"{int(avail[i])} available after safety stock" if found[i] else "no inventory row"
        violations.append(
            f"node {node_name(n)} SKU {sku_name(k)}: {int(used[i])} units shipped, {what}"
        )

    # ---- cost ---------------------------------------------------------------------------
    fixed = np.where(has, np.asarray(p.svc_fixed_cost)[np.maximum(row, 0)], 0.0)
    per_km = np.where(has, np.asarray(p.svc_cost_per_km)[np.maximum(row, 0)], 0.0)
    shipping = float(np.sum(fixed + per_km * km))
    processing = float(
        np.sum(np.asarray(p.node_cost_per_order)[par_n])
        + np.sum(np.asarray(p.node_cost_per_unit)[pn] * pq)
    )
    split = float(pol.split_penalty * np.sum(np.maximum(parcels_o - 1, 0)))
    missing = np.maximum(units_o - shipped_o, 0)
    weight = pol.unserved_penalty * (1.0 + np.asarray(p.order_priority, dtype=np.float64))
    unserved = float(np.sum(weight * missing / np.maximum(units_o, 1)))
    breakdown = {
        "shipping": shipping,
        "processing": processing,
        "split": split,
        "unserved": unserved,
    }
    full = ~short_o
    status = {
        "single": int(np.sum(full & (parcels_o == 1))),
        "split": int(np.sum(full & (parcels_o > 1))),
        "partial": int(np.sum(partial_o)),
        "unserved": int(np.sum(shipped_o == 0)),
    }
    return CheckResult(
        cost=shipping + processing + split + unserved,
        breakdown=breakdown,
        violations=violations,
        orders=status,
        parcels=n_par,
    )
