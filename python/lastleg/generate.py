"""Realistic, seeded synthetic fulfillment batches (the scenario folder of DESIGN.md §5).

A metro area with a dense centre, sparse suburbs and demand clusters; warehouses outside
town carry most of the range with days of cover and ship by parcel carrier (next-day,
two-day); micro-fulfillment centres (MFCs) and stores in town carry the popular SKUs only,
have a limited picking capacity and deliver same-day with their own vans within a short
radius, in two-hour windows. SKU popularity is Zipf-like (exponent 0.9), orders have 1-5
lines (mean about 1.7), quantities are mostly 1. ``scarcity`` sets the share of demanded
SKUs that are short network-wide (loose 0%, medium ~3%, tight ~10%) and how tight store
capacity is. ``stockouts`` (default 0.7%) is the share of lines whose SKU no node holds at
all, drawn from the long tail as in a real day: half of those SKUs have no inventory row,
half have rows with nothing above safety stock.

Everything is vectorised numpy: 100k orders / 50 nodes / 20k SKUs take a few seconds,
most of it writing CSV. The same seed gives the same demand at every scarcity level
(scarcity only changes stock and capacity), so levels can be compared batch for batch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.errors import InputError
from lastleg.travel import Coordinates

LEVELS = ("same_day", "next_day", "two_day")

#: scarcity -> (share of demanded SKUs short network-wide, store capacity factor)
SCARCITY: dict[str, tuple[float, float]] = {
    "loose": (0.0, 1.6),
    "medium": (0.03, 1.25),
    "tight": (0.10, 0.95),
}

#: the policy written to policy.json (the Policy defaults, spelled out)
DEFAULT_POLICY: dict[str, Any] = {
    "split_penalty": 5.0,
    "max_parcels": 3,
    "unserved_penalty": 200.0,
    "allow_partial": False,
    "detour_factor": 1.3,
}

CENTRE = (52.37, 4.90)  # lat, lon of the metro centre
ZIPF_EXPONENT = 0.9
LINES_PMF = np.array([0.56, 0.25, 0.11, 0.05, 0.03])  # 1..5 lines, mean 1.74
QTY_PMF = np.array([0.86, 0.09, 0.04, 0.01])  # 1..4 units
PRIORITY_PMF = np.array([0.88, 0.10, 0.02])  # priority 0, 1, 2
HOUR = 3600

Columns = dict[str, np.ndarray]


@dataclass
class Scenario:
    """The tables of one scenario folder, as columns of numpy arrays.

    Optional numeric cells that are empty in the CSV (unlimited capacity, no time window)
    are NaN here; ``allowed_nodes`` is not generated.
    """

    nodes: Columns
    services: Columns
    inventory: Columns
    orders: Columns
    lines: Columns
    fleet: Columns
    policy: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_POLICY))

    TABLES = ("nodes", "services", "inventory", "orders", "lines", "fleet")

    def summary(self) -> str:
        """One line: counts of orders, lines, nodes by kind, SKUs, vans."""
        kinds, counts = np.unique(self.nodes["kind"], return_counts=True)
        levels, per_level = np.unique(self.orders["service_level"], return_counts=True)
        return (
            f"{len(self.orders['order_id'])} orders "
            f"({', '.join(f'{c} {k}' for k, c in zip(levels.tolist(), per_level.tolist()))}), "
            f"{len(self.lines['order_id'])} lines, {len(self.nodes['node_id'])} nodes "
            f"({', '.join(f'{c} {k}' for k, c in zip(kinds.tolist(), counts.tolist()))}), "
            f"{len(np.unique(self.inventory['sku']))} SKUs, "
            f"{int(np.sum(self.fleet['count']))} vans"
        )

    def tables(self) -> dict[str, Columns]:
        return {name: getattr(self, name) for name in self.TABLES}

    def to_problem(self) -> Any:
        """The AssignmentProblem of this scenario (no files written)."""
        from lastleg.assignment.problem import AssignmentProblem

        return AssignmentProblem(
            self.nodes, self.services, self.inventory, self.orders, self.lines, dict(self.policy)
        )

    def write(self, out: str | Path) -> Path:
        """Write the scenario folder: six CSV files and policy.json."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, columns in self.tables().items():
            _write_csv(folder / f"{name}.csv", columns)
        (folder / "policy.json").write_text(json.dumps(self.policy, indent=2) + "\n")
        return folder


def _cell_strings(values: np.ndarray, decimals: int) -> list[str]:
    if values.dtype.kind in "iub":
        return values.astype(np.int64).astype(str).tolist()
    if values.dtype.kind == "f":
        finite = values[np.isfinite(values)]
        integral = bool(np.all(finite == np.round(finite)))
        text = np.char.mod("%.0f" if integral else f"%.{decimals}f", values).astype(object)
        text[np.isnan(values)] = ""
        text[np.isposinf(values)] = "inf"
        return text.tolist()
    return [str(v) for v in values.tolist()]


def _write_csv(path: Path, columns: Columns) -> None:
    decimals = {"lat": 6, "lon": 6}
    cells = [_cell_strings(np.asarray(v), decimals.get(k, 4)) for k, v in columns.items()]
    body = "\n".join(map(",".join, zip(*cells)))
    path.write_text(",".join(columns) + "\n" + body + ("\n" if body else ""), encoding="utf-8")


def _to_latlon(x_km: np.ndarray, y_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat0, lon0 = CENTRE
    lat = lat0 + y_km / 110.574
    lon = lon0 + x_km / (111.320 * np.cos(np.radians(lat0)))
    return lat, lon


def _polar(rng: np.random.Generator, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    theta = rng.uniform(0.0, 2.0 * np.pi, len(r))
    return r * np.cos(theta), r * np.sin(theta)


def _order_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Dense centre + sparse suburbs (radial exponential) mixed with Gaussian clusters."""
    n_clusters = int(np.clip(round(np.sqrt(n) / 3), 4, 40))
    cr = np.minimum(rng.exponential(6.0, n_clusters), 22.0)
    cx, cy = _polar(rng, cr)
    c_sd = rng.uniform(0.8, 2.5, n_clusters)
    weights = rng.gamma(2.0, 1.0, n_clusters)
    in_cluster = rng.random(n) < 0.55
    which = rng.choice(n_clusters, size=n, p=weights / weights.sum())
    r_bg = np.minimum(rng.exponential(7.0, n), 35.0)
    bx, by = _polar(rng, r_bg)
    gx, gy = rng.normal(0.0, 1.0, n), rng.normal(0.0, 1.0, n)
    x = np.where(in_cluster, cx[which] + gx * c_sd[which], bx)
    y = np.where(in_cluster, cy[which] + gy * c_sd[which], by)
    return x, y


def _node_counts(m: int) -> tuple[int, int, int]:
    if m < 3:
        return 1, 0, m - 1
    n_wh = max(1, round(0.15 * m))
    n_mfc = max(1, round(0.15 * m))
    return n_wh, n_mfc, m - n_wh - n_mfc


def _pick_near_demand(
    rng: np.random.Generator, x: np.ndarray, y: np.ndarray, k: int, max_r: float, jitter: float
) -> tuple[np.ndarray, np.ndarray]:
    inside = np.flatnonzero(np.hypot(x, y) <= max_r)
    if len(inside) >= k:
        pick = rng.choice(inside, size=k, replace=False)
        px, py = x[pick], y[pick]
    else:
        px, py = _polar(rng, rng.uniform(0.5, max_r, k))
    return px + rng.normal(0, jitter, k), py + rng.normal(0, jitter, k)


def _draw(rng: np.random.Generator, pmf: np.ndarray, n: int, start: int = 1) -> np.ndarray:
    return (rng.choice(len(pmf), size=n, p=pmf / pmf.sum()) + start).astype(np.int64)


def _stockouts(
    rng: np.random.Generator, share: float, line_rank: np.ndarray, inv_rank: np.ndarray,
    on_hand: np.ndarray, safety: np.ndarray, popular: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Long-tail SKUs (beyond the ``popular`` ranks) that no node holds, drawn until they
    cover ``share`` of the lines: (inventory rows kept, on_hand). Half lose their rows,
    half keep rows with nothing above safety stock."""
    keep = np.ones(len(inv_rank), dtype=bool)
    target = round(share * len(line_rank))
    if target == 0:
        return keep, on_hand
    lines_per_rank = np.bincount(line_rank)
    tail = np.flatnonzero(lines_per_rank > 0)
    tail = tail[tail >= min(popular, tail.max())]
    chosen = rng.permutation(tail)
    covered = np.cumsum(lines_per_rank[chosen])
    chosen = chosen[: int(np.searchsorted(covered, target)) + 1]
    gone, emptied = chosen[::2], chosen[1::2]
    keep &= ~np.isin(inv_rank, gone)
    return keep, np.where(np.isin(inv_rank, emptied), safety, on_hand)


def generate_scenario(
    orders: int,
    nodes: int,
    skus: int,
    seed: int = 0,
    scarcity: str = "medium",
    out: str | Path | None = None,
    *,
    policy: dict[str, Any] | None = None,
    stockouts: float = 0.007,
) -> Scenario:
    """Generate a realistic batch; write it to ``out`` (a scenario folder) when given.

    orders, nodes, skus: sizes (orders >= 1, nodes >= 1, skus >= 1).
    scarcity: "loose" (no short SKU), "medium" (~3% of demanded SKUs short), "tight" (~10%,
    and tighter store capacity).
    policy: overrides of the policy.json values.
    stockouts: share of lines (0 to 0.5) whose SKU is out of stock at every node.
    """
    for name, value, low in (("orders", orders, 1), ("nodes", nodes, 1), ("skus", skus, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise InputError(name, f"must be an integer >= {low}, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("seed", f"must be an integer >= 0, got {seed!r}")
    if scarcity not in SCARCITY:
        raise InputError("scarcity", f"{scarcity!r} is not one of {list(SCARCITY)}")
    if isinstance(stockouts, bool) or not isinstance(stockouts, (int, float)) \
            or not 0.0 <= stockouts <= 0.5:
        raise InputError("stockouts", f"must be a share in [0, 0.5], got {stockouts!r}")
    n, m, s = int(orders), int(nodes), int(skus)
    short_share, cap_factor = SCARCITY[scarcity]
    pol = dict(DEFAULT_POLICY)
    if policy:
        pol.update(policy)
    detour = float(pol["detour_factor"])
    # independent streams: demand does not depend on scarcity
    geo_rng, ord_rng, line_rng, inv_rng, short_rng, out_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(6)
    )

    # --- geography -------------------------------------------------------------------
    ox, oy = _order_points(geo_rng, n)
    n_wh, n_mfc, n_st = _node_counts(m)
    wang = np.linspace(0, 2 * np.pi, n_wh, endpoint=False) + geo_rng.uniform(0, 2 * np.pi)
    wang = wang + geo_rng.normal(0, 0.25, n_wh)
    wr = geo_rng.uniform(25.0, 45.0, n_wh)
    wx, wy = wr * np.cos(wang), wr * np.sin(wang)
    mx, my = _pick_near_demand(geo_rng, ox, oy, n_mfc, 10.0, 0.5)
    sx, sy = _pick_near_demand(geo_rng, ox, oy, n_st, 18.0, 0.3)
    kind = np.array(["warehouse"] * n_wh + ["mfc"] * n_mfc + ["store"] * n_st)
    node_ids = np.array(
        [f"WH{i + 1:02d}" for i in range(n_wh)]
        + [f"MFC{i + 1:02d}" for i in range(n_mfc)]
        + [f"ST{i + 1:03d}" for i in range(n_st)]
    )
    node_lat, node_lon = _to_latlon(np.concatenate([wx, mx, sx]), np.concatenate([wy, my, sy]))
    order_lat, order_lon = _to_latlon(ox, oy)
    node_lat, node_lon = np.round(node_lat, 6), np.round(node_lon, 6)
    order_lat, order_lon = np.round(order_lat, 6), np.round(order_lon, 6)
    is_wh, is_mfc, is_st = kind == "warehouse", kind == "mfc", kind == "store"
    town = np.flatnonzero(~is_wh)

    # same-day radius per town node (road km)
    radius = np.full(m, np.nan)
    radius[is_mfc] = geo_rng.uniform(10.0, 14.0, n_mfc)
    radius[is_st] = geo_rng.uniform(5.0, 8.0, n_st)
    km_town = (
        Coordinates("haversine").distance_matrix(
            np.column_stack([order_lat, order_lon]),
            np.column_stack([node_lat[town], node_lon[town]]),
        )
        / 1000.0
        * detour
    )
    covers = km_town <= radius[town][None, :]  # (orders, town nodes)
    near = km_town <= 25.0

    # --- orders ----------------------------------------------------------------------
    eligible = covers.any(axis=1)
    u = ord_rng.random(n)
    level = np.where(
        eligible,
        np.where(u < 0.25, 0, np.where(u < 0.75, 1, 2)),
        np.where(u < 0.6, 1, 2),
    )
    priority = _draw(ord_rng, PRIORITY_PMF, n, start=0)
    slot = ord_rng.integers(0, 5, n)
    tw_start = np.where(level == 0, (4 + 2 * slot) * HOUR, np.nan).astype(np.float64)
    tw_end = tw_start + 2 * HOUR
    order_ids = np.char.add("O", np.char.zfill(np.arange(1, n + 1).astype(str), len(str(n))))

    # --- lines -----------------------------------------------------------------------
    pop = 1.0 / np.arange(1, s + 1) ** ZIPF_EXPONENT  # by popularity rank
    pop /= pop.sum()
    r_store = int(min(s, max(30, round(0.05 * s))))
    r_mfc = int(min(s, max(80, round(0.15 * s))))
    n_lines = _draw(line_rng, LINES_PMF, n)
    line_order = np.repeat(np.arange(n), n_lines)
    same = level[line_order] == 0
    rank = line_rng.choice(s, size=len(line_order), p=pop)
    pop_store = pop[:r_store] / pop[:r_store].sum()
    rank_store = line_rng.choice(r_store, size=len(line_order), p=pop_store)
    rank = np.where(same, rank_store, rank)
    qty = _draw(line_rng, QTY_PMF, len(line_order))
    _, first = np.unique(line_order.astype(np.int64) * s + rank, return_index=True)
    keep = np.sort(first)  # one line per (order, SKU), file order kept
    line_order, rank, qty = line_order[keep], rank[keep], qty[keep]
    sku_names = np.char.add("SKU", np.char.zfill(line_rng.permutation(s).astype(str), 6))

    # --- expected volume per town node (fractional cover) ----------------------------
    share_same = covers & (level == 0)[:, None]
    denom = np.maximum(share_same.sum(axis=1, keepdims=True), 1)
    v_same = (share_same / denom).sum(axis=0)  # expected same-day orders per town node
    share_next = near & (level > 0)[:, None]
    denom = np.maximum(share_next.sum(axis=1, keepdims=True), 1)
    v_next = (share_next / denom).sum(axis=0)

    # --- inventory -------------------------------------------------------------------
    demand = np.bincount(rank, weights=qty, minlength=s)  # units per SKU (by rank)
    expected = np.maximum(demand, pop * qty.sum())
    inv_node: list[np.ndarray] = []
    inv_rank: list[np.ndarray] = []
    inv_on: list[np.ndarray] = []
    inv_ss: list[np.ndarray] = []
    # warehouses: most of the range, 3-10 days of cover split among carrying warehouses
    carry = inv_rng.random((n_wh, s)) < 0.85
    carry[:, : max(1, s // 10)] = True
    none = ~carry.any(axis=0)
    carry[inv_rng.integers(0, n_wh, s)[none], np.flatnonzero(none)] = True
    cover = inv_rng.uniform(3.0, 10.0, s)
    w = inv_rng.gamma(3.0, 1.0, (n_wh, s)) * carry
    w /= w.sum(axis=0, keepdims=True)
    on_wh = np.ceil(expected * cover * w).astype(np.int64)
    for i in range(n_wh):
        cols = np.flatnonzero(carry[i])
        inv_node.append(np.full(len(cols), i))
        inv_rank.append(cols)
        inv_on.append(np.maximum(on_wh[i, cols], 1))
        inv_ss.append(np.zeros(len(cols), dtype=np.int64))
    # MFCs and stores: the popular SKUs only, a few units each, some display stock held back
    n_town = max(len(town), 1)
    for j, node in enumerate(town):
        rng_range = r_mfc if is_mfc[node] else r_store
        p_carry = 0.95 if is_mfc[node] else 0.85
        cols = np.flatnonzero(inv_rng.random(rng_range) < p_carry)
        local = expected[cols] * (v_same[j] + 0.3 * v_next[j]) / max(n, 1) * 1.5
        base = local + expected[cols] / n_town
        on = np.ceil(base * inv_rng.uniform(0.8, 2.5, len(cols))).astype(np.int64)
        on = np.maximum(on, 1)
        ss = ((inv_rng.random(len(cols)) < 0.25) & (on >= 3)).astype(np.int64)
        inv_node.append(np.full(len(cols), node))
        inv_rank.append(cols)
        inv_on.append(on)
        inv_ss.append(ss)
    i_node = np.concatenate(inv_node)
    i_rank = np.concatenate(inv_rank)
    i_on = np.concatenate(inv_on)
    i_ss = np.concatenate(inv_ss)

    # scarcity: demanded SKUs chosen at random miss 5-30% of their demand (at least one
    # unit) network-wide
    demanded = np.flatnonzero(demand > 0)
    n_short = round(short_share * len(demanded))
    if n_short > 0:
        short = short_rng.choice(demanded, size=n_short, replace=False)
        short_mask = np.zeros(s, dtype=bool)
        short_mask[short] = True
        miss = np.maximum(1.0, np.round(demand * short_rng.uniform(0.05, 0.30, s)))
        target = np.maximum(demand - miss, 0.0)
        avail = (i_on - i_ss).astype(np.float64)
        total = np.bincount(i_rank, weights=avail, minlength=s)
        factor = np.where(short_mask, target / np.maximum(total, 1.0), 1.0)
        new_avail = np.floor(avail * factor[i_rank]).astype(np.int64)
        i_on = np.where(short_mask[i_rank], i_ss + new_avail, i_on)

    keep_rows, i_on = _stockouts(out_rng, stockouts, rank, i_rank, i_on, i_ss, r_mfc)
    i_node, i_rank, i_on, i_ss = i_node[keep_rows], i_rank[keep_rows], i_on[keep_rows], i_ss[keep_rows]

    # --- capacities and costs --------------------------------------------------------
    cap_orders = np.full(m, np.nan)
    cap_units = np.full(m, np.nan)
    cap_orders[is_wh] = np.ceil(n / n_wh * geo_rng.uniform(1.3, 1.8, n_wh))
    town_cap = np.maximum(np.ceil(cap_factor * (v_same + 0.15 * v_next)), 3.0)
    town_cap[is_mfc[town]] *= 1.5
    cap_orders[town] = np.ceil(town_cap)
    cap_units[town] = np.ceil(2.0 * town_cap)
    cost_per_order = np.where(is_wh, geo_rng.uniform(1.0, 1.4, m), 0.0)
    cost_per_order = np.where(is_mfc, 1.6, cost_per_order)
    cost_per_order = np.where(is_st, geo_rng.uniform(2.5, 3.5, m), cost_per_order)
    cost_per_unit = np.select([is_wh, is_mfc], [0.25, 0.30], 0.45)

    # --- services --------------------------------------------------------------------
    svc: dict[str, list[Any]] = {
        k: [] for k in ("node_id", "service_level", "mode", "max_km", "fixed_cost", "cost_per_km")
    }

    def add(node: int, lvl: int, mode: str, max_km: float, fixed: float, per_km: float) -> None:
        for key, value in zip(svc, (node_ids[node], LEVELS[lvl], mode, max_km, fixed, per_km)):
            svc[key].append(value)

    for i in range(m):
        if is_wh[i]:
            add(i, 1, "carrier", 250.0, geo_rng.uniform(5.2, 6.0), 0.025)
            add(i, 2, "carrier", 500.0, geo_rng.uniform(3.6, 4.2), 0.012)
        elif is_mfc[i]:
            add(i, 0, "fleet", round(radius[i], 2), 2.0, 0.55)
            add(i, 1, "carrier", 60.0, 6.2, 0.03)
            add(i, 2, "carrier", 60.0, 4.6, 0.02)
        else:
            add(i, 0, "fleet", round(radius[i], 2), 2.4, 0.7)
            add(i, 1, "carrier", 40.0, 5.9, 0.035)
            add(i, 2, "carrier", 40.0, 5.0, 0.02)

    # --- fleets: vans sized to the expected same-day volume ---------------------------
    max_stops = 25
    vans = np.maximum(np.ceil(v_same * cap_factor / (0.7 * max_stops)), 1).astype(np.int64)
    n_f = len(town)
    fleet: Columns = {
        "node_id": node_ids[town],
        "vehicle_type": np.full(n_f, "van"),
        "count": vans,
        "capacity": np.full(n_f, 60),
        "shift_start": np.full(n_f, 2 * HOUR),
        "shift_end": np.full(n_f, 16 * HOUR),
        "fixed_cost": np.full(n_f, 35.0),
        "cost_per_km": np.full(n_f, 0.4),
        "cost_per_hour": np.full(n_f, 24.0),
        "speed_kmh": np.full(n_f, 28.0),
        "max_stops": np.full(n_f, max_stops),
    }

    scenario = Scenario(
        nodes={
            "node_id": node_ids,
            "kind": kind,
            "lat": node_lat,
            "lon": node_lon,
            "capacity_orders": cap_orders,
            "capacity_units": cap_units,
            "cost_per_order": np.round(cost_per_order, 3),
            "cost_per_unit": cost_per_unit,
        },
        services={k: np.array(v) for k, v in svc.items()},
        inventory={
            "node_id": node_ids[i_node],
            "sku": sku_names[i_rank],
            "on_hand": i_on,
            "safety_stock": i_ss,
        },
        orders={
            "order_id": order_ids,
            "lat": order_lat,
            "lon": order_lon,
            "service_level": np.array(LEVELS)[level],
            "priority": priority,
            "tw_start": tw_start,
            "tw_end": tw_end,
        },
        lines={"order_id": order_ids[line_order], "sku": sku_names[rank], "qty": qty},
        fleet=fleet,
        policy=pol,
    )
    scenario.services["fixed_cost"] = np.round(scenario.services["fixed_cost"].astype(float), 3)
    if out is not None:
        scenario.write(out)
    return scenario
