"""Plan outputs: CSV tables, GeoJSON routes, summary.json, and Parquet copies when
pyarrow is installed."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from lastleg.plan.result import Plan

Columns = dict[str, list[Any]]


def _write(folder: Path, stem: str, columns: Columns) -> None:
    names = list(columns)
    with open(folder / f"{stem}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows(zip(*(columns[n] for n in names)))
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return
    pq.write_table(pa.table(columns), folder / f"{stem}.parquet")


def assignment_tables(plan: Plan) -> tuple[Columns, Columns]:
    """(assignments, unserved): delivered line parts, and line parts not delivered with a
    reason. Per line, shipped + unserved units = ordered units."""
    p, a = plan.problem, plan.assignment
    delivered = plan.delivered_units
    order_ids, skus, node_ids = p.order_ids, p.skus, p.node_ids
    keep = delivered > 0
    lines = a.part_line[keep]
    assignments: Columns = {
        "order_id": [order_ids[o] for o in p.line_order[lines]],
        "sku": [skus[s] for s in p.line_sku[lines]],
        "node_id": [node_ids[n] for n in a.part_node[keep]],
        "qty": delivered[keep].tolist(),
    }
    reasons = a.reason
    unserved: Columns = {"order_id": [], "sku": [], "qty": [], "reason": []}
    shipped = np.bincount(a.part_line, weights=a.part_qty, minlength=p.n_lines).astype(np.int64)
    for line in np.flatnonzero(p.line_qty > shipped):
        o = int(p.line_order[line])
        unserved["order_id"].append(order_ids[o])
        unserved["sku"].append(skus[p.line_sku[line]])
        unserved["qty"].append(int(p.line_qty[line] - shipped[line]))
        unserved["reason"].append(reasons[o] or "not_worth")
    parcels = plan.chosen.parcels
    unrouted = plan.chosen.unrouted
    for part in np.flatnonzero(~keep):
        line = int(a.part_line[part])
        o = int(p.line_order[line])
        key = int(a.part_node[part]) * max(p.n_orders, 1) + o
        idx = int(np.searchsorted(parcels.node * max(p.n_orders, 1) + parcels.order, key))
        unserved["order_id"].append(order_ids[o])
        unserved["sku"].append(skus[p.line_sku[line]])
        unserved["qty"].append(int(a.part_qty[part]))
        unserved["reason"].append(f"unrouted:{unrouted.get(idx, 'unknown')}")
    return assignments, unserved


def route_tables(plan: Plan) -> tuple[Columns, dict[str, Any]]:
    """routes.csv columns and the GeoJSON FeatureCollection of the routes."""
    p = plan.problem
    rows: Columns = {k: [] for k in ("node_id", "route", "vehicle_type", "seq", "order_id",
                                     "lat", "lon", "arrival_s", "units")}
    features: list[dict[str, Any]] = []
    for i, kind in enumerate(p.node_kind):
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(p.node_lon[i]), float(p.node_lat[i])]},
            "properties": {"node_id": p.node_ids[i], "kind": int(kind)},
        })
    for n in plan.nodes:
        if n.solution is None or n.problem is None:
            continue
        depot = [float(p.node_lon[n.node]), float(p.node_lat[n.node])]
        for r_idx, route in enumerate(x for x in n.solution.routes if len(x.stops)):
            coords = [depot]
            for seq, (stop, arrival) in enumerate(zip(route.stops, route.arrival)):
                order = int(plan.chosen.parcels.order[n.parcel[stop]])
                lat, lon = float(p.order_lat[order]), float(p.order_lon[order])
                rows["node_id"].append(p.node_ids[n.node])
                rows["route"].append(r_idx)
                rows["vehicle_type"].append(n.problem.vehicle_type_names[route.vehicle_type])
                rows["seq"].append(seq)
                rows["order_id"].append(p.order_ids[order])
                rows["lat"].append(lat)
                rows["lon"].append(lon)
                rows["arrival_s"].append(round(float(arrival), 1))
                rows["units"].append(int(n.problem.demand[stop].sum()))
                coords.append([lon, lat])
            coords.append(depot)
            features.append({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {"node_id": p.node_ids[n.node], "route": r_idx,
                               "stops": len(route.stops), "km": round(route.distance / 1000, 3),
                               "cost": round(route.cost, 2)},
            })
    return rows, {"type": "FeatureCollection", "features": features}


def write_plan(plan: Plan, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    assignments, unserved = assignment_tables(plan)
    _write(folder, "assignments", assignments)
    _write(folder, "unserved", unserved)
    routes, geojson = route_tables(plan)
    _write(folder, "routes", routes)
    (folder / "routes.geojson").write_text(json.dumps(geojson), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(plan.kpis(), indent=2), encoding="utf-8")
    return folder
