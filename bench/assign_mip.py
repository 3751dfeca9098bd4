"""The exact assignment MIP of DESIGN.md §5 with HiGHS, and its LP relaxation.

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
the relaxation of DESIGN.md §5. ``strong=True`` adds x <= min(qty, stock)·y and y <= z
(same integer points, a tighter LP; not faster for HiGHS on generated batches).

Usage: ``python bench/assign_mip.py DIR [--lp] [--time-limit S]`` on a scenario folder.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lastleg.assignment.baseline import LineParts, reach_and_parcel_cost


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


@dataclass
class MipResult:
    """Solution of the MIP (or LP): objective, bound, status, time, and the line parts."""

    objective: float
    bound: float
    status: str
    seconds: float
    build_seconds: float
    parts: LineParts | None
    integer: bool
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        return self.status == "Optimal"

    @property
    def gap(self) -> float:
        return (self.objective - self.bound) / max(abs(self.objective), 1e-9)


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


def build_model(problem: Any, *, strong: bool = False) -> MipModel:
    """The §5 MIP as arrays (columns x, y, s, z; rows in CSR)."""
    p = problem
    pol = p.policy
    m, n_orders, n_lines = len(p.node_ids), len(p.order_ids), len(p.line_qty)
    n_skus = max(len(p.skus), 1)
    reach, parcel_cost = reach_and_parcel_cost(p)
    avail = np.zeros((m, n_skus), dtype=np.int64)
    avail[p.inv_node, p.inv_sku] = np.maximum(p.inv_on_hand - p.inv_safety_stock, 0)
    line_order = np.asarray(p.line_order, dtype=np.int64)
    line_sku = np.asarray(p.line_sku, dtype=np.int64)
    qty = np.asarray(p.line_qty, dtype=np.int64)
    units_o = np.bincount(line_order, weights=qty, minlength=n_orders)
    penalty = pol.unserved_penalty * (1.0 + np.asarray(p.order_priority, dtype=np.float64))
    offset = float(penalty.sum())

    # x columns: (line, node) with reach and stock
    ok = reach[line_order] & (avail[:, line_sku].T > 0)
    x_line, x_node = np.nonzero(ok)
    x_order = line_order[x_line]
    x_ub = np.minimum(qty[x_line], avail[x_node, line_sku[x_line]]).astype(np.float64)
    x_cost = np.asarray(p.node_cost_per_unit)[x_node].astype(np.float64)
    if pol.allow_partial:
        x_cost = x_cost - penalty[x_order] / units_o[x_order]
    nx = len(x_line)
    # y columns: parcels (order, node)
    y_key, x_y = _groups(x_order * m + x_node)
    y_order, y_node = y_key // m, y_key % m
    ny = len(y_key)
    y_cost = parcel_cost[y_order, y_node]
    # s columns: orders with >= 2 possible parcels
    y_per_order = np.bincount(y_order, minlength=n_orders)
    s_order = np.flatnonzero(y_per_order >= 2)
    ns = len(s_order)
    # z columns: whole-or-nothing served indicator
    z_order = np.arange(n_orders) if not pol.allow_partial else np.zeros(0, dtype=np.int64)
    nz = len(z_order)
    y0, s0, z0 = nx, nx + ny, nx + ny + ns
    n_cols = z0 + nz
    cost = np.concatenate([x_cost, y_cost, np.full(ns, pol.split_penalty), -penalty[z_order]])
    lower = np.zeros(n_cols)
    upper = np.concatenate([x_ub, np.ones(ny), np.full(ns, np.inf), np.ones(nz)])
    integer_cols = np.concatenate([np.arange(nx + ny), np.arange(z0, z0 + nz)])

    rows = _Rows()
    ar_x = np.arange(nx)
    # x <= qty * y (strong: x <= min(qty, stock) * y, the same integer points)
    big_m = x_ub if strong else qty[x_line].astype(np.float64)
    rows.add(
        np.concatenate([ar_x, ar_x]),
        np.concatenate([ar_x, y0 + x_y]),
        np.concatenate([np.ones(nx), -big_m]),
        np.full(nx, -np.inf),
        np.zeros(nx),
    )
    if strong and not pol.allow_partial:  # a parcel only for a served order: y <= z
        rows.add(
            np.concatenate([np.arange(ny), np.arange(ny)]),
            np.concatenate([y0 + np.arange(ny), z0 + y_order]),
            np.concatenate([np.ones(ny), -np.ones(ny)]),
            np.full(ny, -np.inf),
            np.zeros(ny),
        )
    # lines: whole or nothing (= qty z), or at most qty
    if not pol.allow_partial:
        rows.add(
            np.concatenate([x_line, np.arange(n_lines)]),
            np.concatenate([ar_x, z0 + line_order]),
            np.concatenate([np.ones(nx), -qty.astype(np.float64)]),
            np.zeros(n_lines),
            np.zeros(n_lines),
        )
    else:
        ub_sum = np.bincount(x_line, weights=x_ub, minlength=n_lines)
        need = np.flatnonzero(ub_sum > qty)
        pos = np.full(n_lines, -1)
        pos[need] = np.arange(len(need))
        sel = pos[x_line] >= 0
        rows.add(
            pos[x_line[sel]], ar_x[sel], np.ones(int(sel.sum())),
            np.full(len(need), -np.inf), qty[need].astype(np.float64),
        )  # fmt: skip
    # split: Σ y - s <= 1
    s_pos = np.full(n_orders, -1)
    s_pos[s_order] = np.arange(ns)
    sel = s_pos[y_order] >= 0
    rows.add(
        np.concatenate([s_pos[y_order[sel]], np.arange(ns)]),
        np.concatenate([y0 + np.flatnonzero(sel), s0 + np.arange(ns)]),
        np.concatenate([np.ones(int(sel.sum())), -np.ones(ns)]),
        np.full(ns, -np.inf),
        np.ones(ns),
    )
    # max parcels
    mp_order = np.flatnonzero(y_per_order > pol.max_parcels)
    mp_pos = np.full(n_orders, -1)
    mp_pos[mp_order] = np.arange(len(mp_order))
    sel = mp_pos[y_order] >= 0
    rows.add(
        mp_pos[y_order[sel]], y0 + np.flatnonzero(sel), np.ones(int(sel.sum())),
        np.full(len(mp_order), -np.inf), np.full(len(mp_order), float(pol.max_parcels)),
    )  # fmt: skip
    # stock per node x SKU
    st_key, x_st = _groups(x_node * n_skus + line_sku[x_line])
    st_avail = avail[st_key // n_skus, st_key % n_skus].astype(np.float64)
    st_need = np.bincount(x_st, weights=x_ub, minlength=len(st_key)) > st_avail
    st_pos = np.full(len(st_key), -1)
    st_pos[st_need] = np.arange(int(st_need.sum()))
    sel = st_pos[x_st] >= 0
    rows.add(
        st_pos[x_st[sel]], ar_x[sel], np.ones(int(sel.sum())),
        np.full(int(st_need.sum()), -np.inf), st_avail[st_need],
    )  # fmt: skip
    # capacity in parcels and units per node
    cap_o = np.asarray(p.node_capacity_orders, dtype=np.int64)
    cap_u = np.asarray(p.node_capacity_units, dtype=np.int64)
    y_at = np.bincount(y_node, minlength=m)
    ub_at = np.bincount(x_node, weights=x_ub, minlength=m)
    for caps, load, col_node, base in ((cap_o, y_at, y_node, y0), (cap_u, ub_at, x_node, 0)):
        nodes = np.flatnonzero((caps >= 0) & (load > caps))
        pos = np.full(m, -1)
        pos[nodes] = np.arange(len(nodes))
        sel = pos[col_node] >= 0
        rows.add(
            pos[col_node[sel]], base + np.flatnonzero(sel), np.ones(int(sel.sum())),
            np.full(len(nodes), -np.inf), caps[nodes].astype(np.float64),
        )  # fmt: skip
    row_lower, row_upper, starts, index, value = rows.csr()
    return MipModel(
        n_cols=n_cols,
        x_line=x_line,
        x_node=x_node,
        y_order=y_order,
        y_node=y_node,
        s_order=s_order,
        z_order=z_order,
        offset=offset,
        integer_cols=integer_cols.astype(np.int32),
        cost=cost,
        lower=lower,
        upper=upper,
        row_lower=row_lower,
        row_upper=row_upper,
        starts=starts,
        index=index,
        value=value,
    )


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


def highs_version() -> str:
    import highspy

    h = highspy.Highs()
    return f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"


def solve(
    problem: Any,
    *,
    integer: bool = True,
    time_limit: float = 600.0,
    threads: int | None = 2,
    mip_rel_gap: float = 1e-6,
    verbose: bool = False,
    strong: bool = False,
    lp_solver: str = "ipm",
    start: Any = None,
) -> MipResult:
    """Solve the MIP (``integer=True``) or its LP relaxation with HiGHS.

    mip_rel_gap: the MIP is "Optimal" when within this relative gap of its dual bound.
    lp_solver: HiGHS solver for the LP relaxation ("ipm", "simplex", "choose", "pdlp").
    start: a feasible assignment (line parts) handed to HiGHS as the first incumbent.
    """
    import highspy

    t0 = time.perf_counter()
    model = build_model(problem, strong=strong)
    if model.n_cols == 0:  # nothing can be shipped: every order unserved
        empty = np.zeros(0, dtype=np.int64)
        return MipResult(
            objective=model.offset,
            bound=model.offset,
            status="Optimal",
            seconds=0.0,
            build_seconds=time.perf_counter() - t0,
            parts=LineParts(empty, empty, empty),
            integer=integer,
            info={"cols": 0, "rows": 0, "nnz": 0},
        )
    h = highspy.Highs()
    h.setOptionValue("output_flag", verbose)
    h.setOptionValue("time_limit", float(time_limit))
    if threads is not None:  # HiGHS fixes its thread count once per process
        h.setOptionValue("threads", int(threads))
    if integer:
        h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    else:  # interior point is about twice as fast as simplex on these LPs
        h.setOptionValue("solver", lp_solver)
    empty_i = np.zeros(0, dtype=np.int32)
    h.addCols(model.n_cols, model.cost, model.lower, model.upper, 0, empty_i, empty_i, np.zeros(0))
    nnz = len(model.index)
    h.addRows(
        len(model.row_lower), model.row_lower, model.row_upper, nnz,
        model.starts[:-1].copy(), model.index, model.value,
    )  # fmt: skip
    h.changeObjectiveOffset(model.offset)
    if integer and len(model.integer_cols):
        kinds = np.full(len(model.integer_cols), int(highspy.HighsVarType.kInteger), np.uint8)
        h.changeColsIntegrality(len(model.integer_cols), model.integer_cols, kinds)
    if integer and start is not None:
        values = start_values(problem, model, start)
        if values is not None:
            sol = highspy.HighsSolution()
            sol.col_value = values.tolist()
            sol.value_valid = True
            h.setSolution(sol)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t1
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    objective = float(info.objective_function_value)
    bound = float(info.mip_dual_bound) if integer else objective
    parts = None
    sol = h.getSolution()
    if sol.value_valid:
        x = np.asarray(sol.col_value)[: len(model.x_line)]
        units = np.round(x).astype(np.int64)
        keep = units > 0
        parts = LineParts(model.x_line[keep], model.x_node[keep], units[keep])
    return MipResult(
        objective=objective,
        bound=bound,
        status=status,
        seconds=seconds,
        build_seconds=build,
        parts=parts,
        integer=integer,
        info={"cols": model.n_cols, "rows": len(model.row_lower), "nnz": nnz},
    )


def main() -> None:
    from lastleg.assignment.check import check_assignment
    from lastleg.assignment.problem import AssignmentProblem

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", help="scenario folder")
    ap.add_argument("--lp", action="store_true", help="solve the LP relaxation only")
    ap.add_argument("--time-limit", type=float, default=600.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    problem = AssignmentProblem.from_dir(args.scenario)
    res = solve(
        problem,
        integer=not args.lp,
        time_limit=args.time_limit,
        threads=args.threads,
        verbose=args.verbose,
    )
    print(
        f"{'LP' if args.lp else 'MIP'} {res.status}: objective {res.objective:.4f} "
        f"bound {res.bound:.4f} in {res.seconds:.2f} s (build {res.build_seconds:.2f} s) "
        f"{res.info}"
    )
    if res.parts is not None and not args.lp:
        check = check_assignment(problem, res.parts)
        print(f"checker: cost {check.cost:.4f} {check.breakdown} {check.orders} ok={check.ok}")
        for v in check.violations[:20]:
            print("  ", v)


if __name__ == "__main__":
    main()
