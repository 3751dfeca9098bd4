"""The exact §5 MIP solved with HiGHS, written independently of the engine (its own
reach and cost formulas): integer units per line and node, binary parcels."""

from __future__ import annotations

import math

import highspy
import numpy as np

from lastleg import AssignmentProblem

EARTH_KM = 6371.0088
LAST: dict[str, dict] = {}  # the last solution found (for debugging)


def km_matrix(p: AssignmentProblem) -> np.ndarray:
    """Road km from every order to every node (haversine x detour)."""
    la1 = np.radians(p.order_lat)[:, None]
    la2 = np.radians(p.node_lat)[None, :]
    dl = np.radians(p.node_lon[None, :] - p.order_lon[:, None])
    a = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, a))) * p.policy.detour_factor


def parcel_costs(p: AssignmentProblem) -> dict[tuple[int, int], float]:
    """(order, node) -> cost of one parcel, for every node that can serve the order."""
    km = km_matrix(p)
    out: dict[tuple[int, int], float] = {}
    for o in range(p.n_orders):
        allowed = set(p.order_allowed(o).tolist())
        for r in range(len(p.svc_node)):
            n = int(p.svc_node[r])
            if p.svc_level[r] != p.order_level[o] or (allowed and n not in allowed):
                continue
            if km[o, n] <= p.svc_max_km[r] + 1e-9:
                c = p.svc_fixed_cost[r] + p.svc_cost_per_km[r] * km[o, n] + p.node_cost_per_order[n]
                out[(o, n)] = min(out.get((o, n), math.inf), float(c))
    return out


def solve_mip(p: AssignmentProblem, time_limit: float = 60.0, relax: bool = False) -> float:
    """Optimal §5 cost (or the LP relaxation's value with relax=True)."""
    pol = p.policy
    parcel = parcel_costs(p)
    avail: dict[tuple[int, int], int] = {}
    for n, s, q, ss in zip(p.inv_node, p.inv_sku, p.inv_on_hand, p.inv_safety_stock):
        avail[(int(n), int(s))] = avail.get((int(n), int(s)), 0) + int(q) - int(ss)
    units = np.bincount(p.line_order, weights=p.line_qty, minlength=p.n_orders)
    pen = pol.unserved_penalty * (1.0 + p.order_priority.astype(float))

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("mip_rel_gap", 1e-9)
    inf = highspy.kHighsInf
    cost: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    integer: list[int] = []

    def var(c: float, lb: float, ub: float, is_int: bool) -> int:
        cost.append(c)
        lo.append(lb)
        hi.append(ub)
        integer.append(1 if is_int and not relax else 0)
        return len(cost) - 1

    rows: list[tuple[dict[int, float], float, float]] = []
    constant = 0.0
    pvar: dict[tuple[int, int], int] = {}
    zvars: dict[int, int] = {}
    for (o, n), c in parcel.items():
        pvar[(o, n)] = var(c, 0, 1, True)
    lines_of: list[list[int]] = [[] for _ in range(p.n_orders)]
    for l, o in enumerate(p.line_order):
        lines_of[int(o)].append(l)
    stock_rows: dict[tuple[int, int], dict[int, float]] = {}
    node_orders: dict[int, dict[int, float]] = {}
    node_units: dict[int, dict[int, float]] = {}
    for o in range(p.n_orders):
        nodes = [n for (oo, n) in parcel if oo == o]
        svar = var(pol.split_penalty, 0, inf, False)
        rows.append(({svar: 1.0, **{pvar[(o, n)]: -1.0 for n in nodes}}, -1.0, inf))
        rows.append(({pvar[(o, n)]: 1.0 for n in nodes}, -inf, float(pol.max_parcels)))
        if pol.allow_partial:
            constant += pen[o]
        else:
            z = var(-pen[o], 0, 1, True)
            zvars[o] = z
            constant += pen[o]
        for n in nodes:
            node_orders.setdefault(n, {})[pvar[(o, n)]] = 1.0
        for l in lines_of[o]:
            q = int(p.line_qty[l])
            sku = int(p.line_sku[l])
            row: dict[int, float] = {}
            for n in nodes:
                a = max(0, avail.get((n, sku), 0))
                if a <= 0:
                    continue
                unit = p.node_cost_per_unit[n] - (pen[o] / units[o] if pol.allow_partial else 0.0)
                x = var(float(unit), 0, min(q, a), True)
                row[x] = 1.0
                rows.append(({x: 1.0, pvar[(o, n)]: -float(q)}, -inf, 0.0))
                stock_rows.setdefault((n, sku), {})[x] = 1.0
                node_units.setdefault(n, {})[x] = 1.0
            if pol.allow_partial:
                rows.append((row, -inf, float(q)))
            else:
                rows.append(({**row, z: -float(q)}, 0.0, 0.0))
    for (n, sku), row in stock_rows.items():
        rows.append((row, -inf, float(max(0, avail[(n, sku)]))))
    for n, row in node_orders.items():
        if p.node_capacity_orders[n] >= 0:
            rows.append((row, -inf, float(p.node_capacity_orders[n])))
    for n, row in node_units.items():
        if p.node_capacity_units[n] >= 0:
            rows.append((row, -inf, float(p.node_capacity_units[n])))

    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.array(cost)
    lp.col_lower_ = np.array(lo)
    lp.col_upper_ = np.array(hi)
    lp.row_lower_ = np.array([r[1] for r in rows])
    lp.row_upper_ = np.array([r[2] for r in rows])
    starts, index, value = [0], [], []
    for r in rows:
        for k, v in r[0].items():
            index.append(k)
            value.append(v)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value)
    if not relax:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in integer
        ]
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        msg = f"HiGHS did not prove optimality: {h.modelStatusToString(status)}"
        raise RuntimeError(msg)
    values = np.asarray(h.getSolution().col_value)
    LAST.clear()
    LAST.update(
        served={o: values[z] > 0.5 for o, z in zvars.items()},
        parcels={k: values[v] > 0.5 for k, v in pvar.items()},
    )
    return float(h.getInfo().objective_function_value) + constant
