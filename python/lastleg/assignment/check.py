"""check_assignment: the independent checker of an assignment (docs/formats.md, the
assignment objective).

It recomputes the exact objective from the problem's arrays and lists every broken hard
rule as an ``AssignmentViolation`` record. It shares no code with any search (the engine,
the rules baseline or the MIP): only the problem's arrays and its travel (``problem.km``).

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

#: kinds of assignment violations
KINDS = ("part", "over_shipped", "partial", "level", "reach", "allowed", "max_parcels",
         "capacity_orders", "capacity_units", "stock")


@dataclass(frozen=True)
class AssignmentViolation:
    """One broken rule: where (order, line, node, SKU: ids as in the tables, or the part's
    index for a malformed part), the measured ``amount`` and the ``limit`` it broke."""

    kind: str
    order: str | None = None
    line: int | None = None
    node: str | None = None
    sku: str | None = None
    part: int | None = None
    amount: float | None = None
    limit: float | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown violation kind {self.kind!r}")

    @property
    def message(self) -> str:
        where = " ".join(f"{name} {value}" for name, value in (
            ("part", self.part), ("order", self.order), ("line", self.line),
            ("node", self.node), ("SKU", self.sku)) if value is not None)
        numbers = ""
        if self.amount is not None:
            numbers = f" {self.amount:g}" + ("" if self.limit is None else f" > {self.limit:g}")
        return f"{where}: {self.kind}{numbers}" + (f" ({self.detail})" if self.detail else "")

    def __str__(self) -> str:
        return self.message


@dataclass
class CheckResult:
    """What the checker found.

    cost: the objective, recomputed; breakdown: its parts (shipping = fixed + per km;
    processing = per order + per unit; split; unserved); violations: one record per broken
    rule; orders: counts by status (single, split, partial, unserved); parcels: number of
    (order, node) parcels.
    """

    cost: float
    breakdown: dict[str, float]
    violations: list[AssignmentViolation] = field(default_factory=list)
    orders: dict[str, int] = field(default_factory=dict)
    parcels: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations

    def kinds(self) -> set[str]:
        return {v.kind for v in self.violations}

    def __repr__(self) -> str:
        shown = "; ".join(v.message for v in self.violations[:3])
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


class _Check:
    """One check, step by step: parts, lines, parcels, limits, stock, cost."""

    def __init__(self, problem: Any) -> None:
        self.p = problem
        self.m, self.n_orders = len(problem.node_ids), len(problem.order_ids)
        self.line_qty = np.asarray(problem.line_qty, dtype=np.int64)
        self.line_order = np.asarray(problem.line_order, dtype=np.int64)
        self.out: list[AssignmentViolation] = []

    def flag(self, kind: str, **where: Any) -> None:
        self.out.append(AssignmentViolation(kind, **where))

    def order(self, o: int) -> str:
        return str(self.p.order_ids[o])

    def node(self, n: int) -> str:
        return str(self.p.node_ids[n])

    def parts(self, raw_line: Any, raw_node: Any, raw_qty: Any) -> None:
        """Valid parts, merged per (line, node): ``pl``, ``pn``, ``pq``."""
        pl = np.asarray(raw_line).reshape(-1)
        pn_raw = np.asarray(raw_node).reshape(-1)
        pq_raw = np.asarray(raw_qty, dtype=np.float64).reshape(-1)
        if not (len(pl) == len(pn_raw) == len(pq_raw)):
            raise ValueError(f"part arrays differ in length: {len(pl)} lines, "
                             f"{len(pn_raw)} nodes, {len(pq_raw)} qty")
        if pn_raw.dtype.kind in "OUS":
            index = {str(k): i for i, k in enumerate(self.p.node_ids)}
            pn = np.array([index.get(str(v), -1) for v in pn_raw.tolist()], dtype=np.int64)
        else:
            pn = pn_raw.astype(np.int64)
        for i in np.flatnonzero((pn < 0) | (pn >= self.m)).tolist():
            self.flag("part", part=i, detail=f"unknown node {pn_raw.tolist()[i]!r}")
        if pl.dtype.kind not in "iu" and not np.all(np.asarray(pl, dtype=np.float64) % 1 == 0):
            raise TypeError("part_line must hold integer line indices")
        pl = pl.astype(np.int64)
        bad_line = (pl < 0) | (pl >= len(self.line_qty))
        for i in np.flatnonzero(bad_line).tolist():
            self.flag("part", part=i, detail=f"unknown line index {int(pl[i])}")
        frac = ~np.isfinite(pq_raw) | (np.round(pq_raw) != pq_raw)
        neg = ~frac & (pq_raw < 0)
        for i in np.flatnonzero(frac | neg).tolist():
            self.flag("part", part=i, amount=float(pq_raw[i]),
                      detail="quantity not an integer" if frac[i] else "negative quantity")
        valid = (pn >= 0) & (pn < self.m) & ~bad_line & ~frac & ~neg & (pq_raw > 0)
        key, inv = np.unique(pl[valid] * self.m + pn[valid], return_inverse=True)
        self.pq = np.bincount(inv.reshape(-1), weights=np.round(pq_raw[valid]),
                              minlength=len(key)).astype(np.int64)
        self.pl, self.pn = key // self.m, key % self.m
        self.po = self.line_order[self.pl]

    def lines(self) -> None:
        """No line over-shipped; without allow_partial no order shipped in part."""
        p, n_lines = self.p, len(self.line_qty)
        shipped = np.bincount(self.pl, weights=self.pq, minlength=n_lines).astype(np.int64)
        for i in np.flatnonzero(shipped > self.line_qty).tolist():
            self.flag("over_shipped", order=self.order(int(self.line_order[i])), line=i,
                      sku=str(p.skus[p.line_sku[i]]), amount=float(shipped[i]),
                      limit=float(self.line_qty[i]))
        capped = np.minimum(shipped, self.line_qty)
        self.units_o = np.bincount(self.line_order, weights=self.line_qty,
                                   minlength=self.n_orders)
        self.shipped_o = np.bincount(self.line_order, weights=capped, minlength=self.n_orders)
        self.short_o = np.bincount(self.line_order, weights=capped < self.line_qty,
                                   minlength=self.n_orders) > 0
        self.partial_o = self.short_o & (self.shipped_o > 0)
        if not p.policy.allow_partial:
            for o in np.flatnonzero(self.partial_o).tolist():
                self.flag("partial", order=self.order(o), amount=float(self.shipped_o[o]),
                          detail=f"of {int(self.units_o[o])} units; allow_partial is false")

    def parcels(self) -> None:
        """Each parcel: a service row for the order's level, within its max_km, at an
        allowed node."""
        p, m = self.p, self.m
        key = np.unique(self.po * m + self.pn)
        self.par_o, self.par_n = key // m, key % m
        svc_row = np.full((m, max(len(p.levels), 1)), -1, dtype=np.int64)
        svc_row[np.asarray(p.svc_node), np.asarray(p.svc_level)] = np.arange(len(p.svc_node))
        level = np.asarray(p.order_level, dtype=np.int64)[self.par_o]
        self.row = svc_row[self.par_n, level]
        self.km = p.km(self.par_o, self.par_n)
        has = self.row >= 0
        max_km = np.where(has, np.asarray(p.svc_max_km)[np.maximum(self.row, 0)], np.inf)
        for i in range(len(key)):
            o, n = self.order(int(self.par_o[i])), self.node(int(self.par_n[i]))
            if not has[i]:
                self.flag("level", order=o, node=n, detail=f"{p.levels[int(level[i])]!r} "
                          "not offered")
            elif self.km[i] > max_km[i] + KM_TOLERANCE:
                self.flag("reach", order=o, node=n, amount=float(self.km[i]),
                          limit=float(max_km[i]), detail=f"km for {p.levels[int(level[i])]!r}")
        n_allowed = np.diff(np.asarray(p.allowed_offsets, dtype=np.int64))
        restricted = n_allowed[self.par_o] > 0
        if restricted.any():
            allowed = np.repeat(np.arange(self.n_orders), n_allowed) * m + p.allowed_nodes
            for i in np.flatnonzero(restricted & ~np.isin(key, allowed)).tolist():
                self.flag("allowed", order=self.order(int(self.par_o[i])),
                          node=self.node(int(self.par_n[i])), detail="not in allowed_nodes")

    def limits(self) -> None:
        """Parcels per order, parcels and units per node."""
        p, pol = self.p, self.p.policy
        self.parcels_o = np.bincount(self.par_o, minlength=self.n_orders)
        for o in np.flatnonzero(self.parcels_o > pol.max_parcels).tolist():
            self.flag("max_parcels", order=self.order(o), amount=float(self.parcels_o[o]),
                      limit=float(pol.max_parcels))
        used = {"capacity_orders": np.bincount(self.par_n, minlength=self.m),
                "capacity_units": np.bincount(self.pn, weights=self.pq, minlength=self.m)}
        for kind, use in used.items():
            cap = np.asarray(getattr(p, f"node_{kind}"), dtype=np.int64)
            for n in np.flatnonzero((cap >= 0) & (use > cap)).tolist():
                self.flag(kind, node=self.node(n), amount=float(use[n]), limit=float(cap[n]))

    def stock(self) -> None:
        """Units of each SKU shipped from a node within its on_hand - safety_stock."""
        p = self.p
        n_skus = max(len(p.skus), 1)
        held = dict(zip((np.asarray(p.inv_node, dtype=np.int64) * n_skus + p.inv_sku).tolist(),
                        (np.asarray(p.inv_on_hand) - p.inv_safety_stock).tolist()))
        key, inv = np.unique(self.pn * n_skus + np.asarray(p.line_sku)[self.pl],
                             return_inverse=True)
        used = np.bincount(inv.reshape(-1), weights=self.pq, minlength=len(key))
        for k, u in zip(key.tolist(), used.tolist()):
            avail = held.get(k)
            if u > (avail or 0):
                self.flag("stock", node=self.node(k // n_skus), sku=str(p.skus[k % n_skus]),
                          amount=u, limit=float(avail or 0),
                          detail="after safety stock" if avail is not None
                          else "no inventory row")

    def cost(self) -> CheckResult:
        p, pol = self.p, self.p.policy
        has = self.row >= 0
        fixed = np.where(has, np.asarray(p.svc_fixed_cost)[np.maximum(self.row, 0)], 0.0)
        per_km = np.where(has, np.asarray(p.svc_cost_per_km)[np.maximum(self.row, 0)], 0.0)
        missing = np.maximum(self.units_o - self.shipped_o, 0)
        weight = pol.unserved_penalty * (1.0 + np.asarray(p.order_priority, dtype=np.float64))
        breakdown = {
            "shipping": float(np.sum(fixed + per_km * self.km)),
            "processing": float(np.sum(np.asarray(p.node_cost_per_order)[self.par_n])
                                + np.sum(np.asarray(p.node_cost_per_unit)[self.pn] * self.pq)),
            "split": float(pol.split_penalty * np.sum(np.maximum(self.parcels_o - 1, 0))),
            "unserved": float(np.sum(weight * missing / np.maximum(self.units_o, 1))),
        }
        full = ~self.short_o
        status = {
            "single": int(np.sum(full & (self.parcels_o == 1))),
            "split": int(np.sum(full & (self.parcels_o > 1))),
            "partial": int(np.sum(self.partial_o)),
            "unserved": int(np.sum(self.shipped_o == 0)),
        }
        return CheckResult(cost=sum(breakdown.values()), breakdown=breakdown,
                           violations=self.out, orders=status, parcels=len(self.par_o))


def check_assignment(
    problem: Any,
    assignment: Any = None,
    *,
    part_line: Any = None,
    part_node: Any = None,
    part_qty: Any = None,
) -> CheckResult:
    """Recompute the objective of an assignment and list every violation.

    ``assignment`` is any object with ``part_line``, ``part_node``, ``part_qty`` arrays (or
    ``node_of_line``: one node index per line, -1 for unserved), or a 3-tuple of those
    arrays; alternatively give the three arrays as keywords.
    """
    check = _Check(problem)
    check.parts(*_as_parts(assignment, part_line, part_node, part_qty, len(check.line_qty),
                           check.line_qty))
    check.lines()
    check.parcels()
    check.limits()
    check.stock()
    return check.cost()
