"""The exact assignment MIP (the objective of docs/formats.md) as arrays for HiGHS.

Variables (built with HiGHS's array API, one CSR block per row family):
  x[l, n]  units of line l shipped from node n (integer in [0, min(qty, stock)]), for every
           node n that can serve l's order (service row, km <= max_km, allowed_nodes) and
           holds l's SKU; cost cost_per_unit[n]
  y[o, n]  parcel indicator (binary), cost fixed + per_km * km(o, n) + cost_per_order[n]
  s[o]     extra parcels (>= 0), cost split_penalty; only for orders with >= 2 parcels possible
  z[o]     order served (binary; only without allow_partial), cost -unserved_penalty(1+prio)
The unserved penalty is a constant offset Σ_o penalty·(1+prio) minus what is shipped:
without allow_partial, Σ_n x[l, n] = qty_l · z[o] for each line l of o (whole or nothing);
with it, each unit shipped earns penalty·(1+prio)/units(o) and Σ_n x[l, n] <= qty_l.
Rows: x <= qty·y; Σ_n y[o, n] - s[o] <= 1; Σ_n y[o, n] <= max_parcels; stock per node × SKU
(after safety stock); capacity_orders and capacity_units per node. Rows that cannot bind
are left out. The LP relaxation drops integrality (x, y, z continuous): a valid lower bound,
the LP relaxation of the objective. ``strong=True`` adds x <= min(qty, stock)·y and y <= z
(same integer points, a tighter LP; not faster for HiGHS on generated batches).

"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lastleg.assignment.baseline import reach_and_parcel_cost


@dataclass
class MipModel:
    """Column layout of the model, to read a solution back."""

    n_cols: int
    x_line: np.ndarray
    x_node: np.ndarray
    y_order: np.ndarray
    y_node: np.ndarray
    s_order: np.ndarray
    z_order: np.ndarray
    offset: float
    integer_cols: np.ndarray
    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    row_lower: np.ndarray = field(default_factory=lambda: np.zeros(0))
    row_upper: np.ndarray = field(default_factory=lambda: np.zeros(0))
    starts: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int32))
    index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    value: np.ndarray = field(default_factory=lambda: np.zeros(0))


class _Rows:
    """Accumulates row blocks in COO form and hands them over as CSR."""

    def __init__(self) -> None:
        self.n = 0
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []

    def add(
        self,
        row: np.ndarray,
        col: np.ndarray,
        val: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
    ) -> None:
        """Entries (row, col, val) with rows numbered 0..len(lower)-1 within the block."""
        self.rows.append(np.asarray(row, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(col, dtype=np.int64))
        self.vals.append(np.asarray(val, dtype=np.float64))
        self.lower.append(np.asarray(lower, dtype=np.float64))
        self.upper.append(np.asarray(upper, dtype=np.float64))
        self.n += len(lower)

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if not self.rows:
            empty = np.zeros(0)
            return empty, empty, np.zeros(1, np.int32), np.zeros(0, np.int32), empty
        row = np.concatenate(self.rows)
        col = np.concatenate(self.cols)
        val = np.concatenate(self.vals)
        order = np.argsort(row, kind="stable")
        starts = np.searchsorted(row[order], np.arange(self.n + 1)).astype(np.int32)
        return (
            np.concatenate(self.lower),
            np.concatenate(self.upper),
            starts,
            col[order].astype(np.int32),
            val[order],
        )


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique keys and, per element, its group number."""
    uniq, inv = np.unique(keys, return_inverse=True)
    return uniq, inv.reshape(-1)


def _columns(p: Any, model: dict[str, Any]) -> None:
    """x (line parts at reachable nodes holding the SKU), y (parcels), s (extra parcels)
    and z (order served, without allow_partial) columns with costs and bounds."""
    pol = p.policy
    m, n_orders = len(p.node_ids), len(p.order_ids)
    reach, parcel_cost = reach_and_parcel_cost(p)
    avail = np.zeros((m, max(len(p.skus), 1)), dtype=np.int64)
    avail[p.inv_node, p.inv_sku] = np.maximum(p.inv_on_hand - p.inv_safety_stock, 0)
    line_order = np.asarray(p.line_order, dtype=np.int64)
    line_sku = np.asarray(p.line_sku, dtype=np.int64)
    qty = np.asarray(p.line_qty, dtype=np.int64)
    units_o = np.bincount(line_order, weights=qty, minlength=n_orders)
    penalty = pol.unserved_penalty * (1.0 + np.asarray(p.order_priority, dtype=np.float64))
    x_line, x_node = np.nonzero(reach[line_order] & (avail[:, line_sku].T > 0))
    x_ub = np.minimum(qty[x_line], avail[x_node, line_sku[x_line]]).astype(np.float64)
    x_cost = np.asarray(p.node_cost_per_unit)[x_node].astype(np.float64)
    if pol.allow_partial:
        x_cost = x_cost - penalty[line_order[x_line]] / units_o[line_order[x_line]]
    y_key, x_y = _groups(line_order[x_line] * m + x_node)
    y_order, y_node = y_key // m, y_key % m
    s_order = np.flatnonzero(np.bincount(y_order, minlength=n_orders) >= 2)
    z_order = np.arange(n_orders) if not pol.allow_partial else np.zeros(0, dtype=np.int64)
    nx, ny, ns, nz = len(x_line), len(y_key), len(s_order), len(z_order)
    model.update(
        avail=avail, qty=qty, line_order=line_order, line_sku=line_sku, offset=float(penalty.sum()),
        x_line=x_line, x_node=x_node, x_ub=x_ub, x_y=x_y, y_order=y_order, y_node=y_node,
        s_order=s_order, z_order=z_order, y0=nx, s0=nx + ny, z0=nx + ny + ns,
        n_cols=nx + ny + ns + nz,
        cost=np.concatenate([x_cost, parcel_cost[y_order, y_node],
                             np.full(ns, pol.split_penalty), -penalty[z_order]]),
        upper=np.concatenate([x_ub, np.ones(ny), np.full(ns, np.inf), np.ones(nz)]),
        integer_cols=np.concatenate([np.arange(nx + ny), np.arange(nx + ny + ns, nx + ny + ns + nz)]),
    )


def _order_rows(p: Any, c: dict[str, Any], rows: _Rows, strong: bool) -> None:
    """x <= qty y; whole-or-nothing lines (or at most qty); split and max parcels."""
    pol, n_orders, n_lines = p.policy, len(p.order_ids), len(p.line_qty)
    nx, ny, ns = len(c["x_line"]), len(c["y_order"]), len(c["s_order"])
    ar_x, y0, s0, z0 = np.arange(nx), c["y0"], c["s0"], c["z0"]
    x_line, y_order, qty = c["x_line"], c["y_order"], c["qty"]
    big_m = c["x_ub"] if strong else qty[x_line].astype(np.float64)  # same integer points
    rows.add(np.concatenate([ar_x, ar_x]), np.concatenate([ar_x, y0 + c["x_y"]]),
             np.concatenate([np.ones(nx), -big_m]), np.full(nx, -np.inf), np.zeros(nx))
    if strong and not pol.allow_partial:  # a parcel only for a served order: y <= z
        rows.add(np.concatenate([np.arange(ny), np.arange(ny)]),
                 np.concatenate([y0 + np.arange(ny), z0 + y_order]),
                 np.concatenate([np.ones(ny), -np.ones(ny)]), np.full(ny, -np.inf), np.zeros(ny))
    if not pol.allow_partial:  # lines: whole or nothing (= qty z)
        rows.add(np.concatenate([x_line, np.arange(n_lines)]),
                 np.concatenate([ar_x, z0 + c["line_order"]]),
                 np.concatenate([np.ones(nx), -qty.astype(np.float64)]),
                 np.zeros(n_lines), np.zeros(n_lines))
    else:  # at most qty, where the parts could exceed it
        need = np.flatnonzero(np.bincount(x_line, weights=c["x_ub"], minlength=n_lines) > qty)
        _sum_rows(rows, x_line, ar_x, need, n_lines, qty[need].astype(np.float64))
    s_pos = np.full(n_orders, -1)
    s_pos[c["s_order"]] = np.arange(ns)
    sel = s_pos[y_order] >= 0  # split: sum y - s <= 1
    rows.add(np.concatenate([s_pos[y_order[sel]], np.arange(ns)]),
             np.concatenate([y0 + np.flatnonzero(sel), s0 + np.arange(ns)]),
             np.concatenate([np.ones(int(sel.sum())), -np.ones(ns)]),
             np.full(ns, -np.inf), np.ones(ns))
    over = np.flatnonzero(np.bincount(y_order, minlength=n_orders) > pol.max_parcels)
    _sum_rows(rows, y_order, y0 + np.arange(ny), over, n_orders,
              np.full(len(over), float(pol.max_parcels)))


def _sum_rows(rows: _Rows, group: np.ndarray, cols: np.ndarray, chosen: np.ndarray,
              n_groups: int, upper: np.ndarray) -> None:
    """One row per chosen group: the sum of its columns <= upper."""
    pos = np.full(n_groups, -1)
    pos[chosen] = np.arange(len(chosen))
    sel = pos[group] >= 0
    rows.add(pos[group[sel]], cols[sel], np.ones(int(sel.sum())), np.full(len(chosen), -np.inf),
             upper)


def _resource_rows(p: Any, c: dict[str, Any], rows: _Rows) -> None:
    """Stock per node x SKU after safety stock; parcels and units per node."""
    m, n_skus = len(p.node_ids), max(len(p.skus), 1)
    nx = len(c["x_line"])
    st_key, x_st = _groups(c["x_node"] * n_skus + c["line_sku"][c["x_line"]])
    st_avail = c["avail"][st_key // n_skus, st_key % n_skus].astype(np.float64)
    st_need = np.flatnonzero(np.bincount(x_st, weights=c["x_ub"], minlength=len(st_key))
                             > st_avail)
    _sum_rows(rows, x_st, np.arange(nx), st_need, len(st_key), st_avail[st_need])
    for caps, load, col_node, base in (
            (p.node_capacity_orders, np.bincount(c["y_node"], minlength=m), c["y_node"], c["y0"]),
            (p.node_capacity_units, np.bincount(c["x_node"], weights=c["x_ub"], minlength=m),
             c["x_node"], 0)):
        caps = np.asarray(caps, dtype=np.int64)
        nodes = np.flatnonzero((caps >= 0) & (load > caps))
        _sum_rows(rows, col_node, base + np.arange(len(col_node)), nodes, m,
                  caps[nodes].astype(np.float64))


def build_model(problem: Any, *, strong: bool = False) -> MipModel:
    """The MIP as arrays (columns x, y, s, z; rows in CSR). Rows that cannot bind are
    left out."""
    c: dict[str, Any] = {}
    _columns(problem, c)
    rows = _Rows()
    _order_rows(problem, c, rows, strong)
    _resource_rows(problem, c, rows)
    row_lower, row_upper, starts, index, value = rows.csr()
    return MipModel(
        n_cols=c["n_cols"], x_line=c["x_line"], x_node=c["x_node"], y_order=c["y_order"],
        y_node=c["y_node"], s_order=c["s_order"], z_order=c["z_order"], offset=c["offset"],
        integer_cols=c["integer_cols"].astype(np.int32), cost=c["cost"],
        lower=np.zeros(c["n_cols"]), upper=c["upper"], row_lower=row_lower,
        row_upper=row_upper, starts=starts, index=index, value=value)


def start_values(problem: Any, model: MipModel, parts: Any) -> np.ndarray | None:
    """Column values of a feasible assignment (e.g. the rules baseline), as a MIP start;
    None when a part has no column (the assignment is outside the model)."""
    m = len(problem.node_ids)
    n_orders = len(problem.order_ids)
    values = np.zeros(model.n_cols)
    x_key = model.x_line * m + model.x_node
    order = np.argsort(x_key)
    p_key = np.asarray(parts.part_line, dtype=np.int64) * m + np.asarray(parts.part_node)
    pos = np.searchsorted(x_key[order], p_key)
    if len(p_key) and (pos.max() >= len(x_key) or (x_key[order][pos] != p_key).any()):
        return None
    values[order[pos]] = np.asarray(parts.part_qty, dtype=np.float64)
    nx, ny, ns = len(model.x_line), len(model.y_order), len(model.s_order)
    line_order = np.asarray(problem.line_order, dtype=np.int64)
    parcel = np.unique(line_order[np.asarray(parts.part_line, dtype=np.int64)] * m + p_key % m)
    y_key = model.y_order * m + model.y_node
    values[nx : nx + ny] = np.isin(y_key, parcel)
    parcels_o = np.bincount(parcel // m, minlength=n_orders)
    values[nx + ny : nx + ny + ns] = np.maximum(parcels_o[model.s_order] - 1, 0)
    values[nx + ny + ns :] = parcels_o[model.z_order] > 0
    return values
