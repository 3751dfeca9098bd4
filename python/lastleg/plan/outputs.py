"""Plan outputs: CSV tables, GeoJSON routes, summary.json, and Parquet copies when
pyarrow is installed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lastleg.io.writers import Columns, write_table

if TYPE_CHECKING:
    from lastleg.plan.result import Plan

def assignment_tables(plan: Plan) -> tuple[Columns, Columns]:
    """(assignments, unserved): delivered line parts, and line parts not delivered with a
    reason. Per line, shipped + unserved units = ordered units."""
    p, a = plan.problem, plan.assignment
    delivered = plan.delivered_units
    assignments = a.shipped_table(delivered)
    unserved = a.unserved_table()
    parcels = plan.chosen.parcels
    parcel_key = parcels.node * max(p.n_orders, 1) + parcels.order
    unrouted = plan.chosen.unrouted
    for part in np.flatnonzero(delivered == 0):
        line = int(a.part_line[part])
        o = int(p.line_order[line])
        idx = int(np.searchsorted(parcel_key, int(a.part_node[part]) * max(p.n_orders, 1) + o))
        unserved["order_id"].append(p.order_ids[o])
        unserved["sku"].append(p.skus[p.line_sku[line]])
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
    write_table(folder, "assignments", assignments)
    write_table(folder, "unserved", unserved)
    routes, geojson = route_tables(plan)
    write_table(folder, "routes", routes)
    (folder / "routes.geojson").write_text(json.dumps(geojson), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(plan.kpis(), indent=2), encoding="utf-8")
    return folder
