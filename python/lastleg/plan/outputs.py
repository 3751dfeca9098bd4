"""Plan outputs: CSV tables, GeoJSON routes, summary.json, and Parquet copies when
pyarrow is installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from lastleg.assignment.problem import AssignmentProblem
from lastleg.assignment.readers import NODE_KINDS
from lastleg.io.outputs import OutputFolder
from lastleg.io.writers import Columns, stage_json, stage_table
from lastleg.plan.geometry import route_line
from lastleg.plan.plot import plot_plan
from lastleg.plan.round import PlanRound

#: routes.csv, one row per delivery stop (later versions append columns, never reorder)
ROUTE_COLUMNS = ("node_id", "route", "vehicle_type", "seq", "order_id", "lat", "lon",
                 "arrival_s", "units")


def assignment_tables(p: AssignmentProblem, chosen: PlanRound) -> tuple[Columns, Columns]:
    """(assignments, unserved): delivered line parts, and line parts not delivered with a
    reason. Per line, shipped + unserved units = ordered units."""
    a = chosen.assignment
    delivered = chosen.delivered_units
    assignments = a.shipped_table(delivered)
    unserved = a.unserved_table()
    parcels = chosen.parcels
    parcel_key = parcels.node * max(p.n_orders, 1) + parcels.order
    unrouted = chosen.unrouted
    for part in np.flatnonzero(delivered == 0):
        line = int(a.part_line[part])
        o = int(p.line_order[line])
        idx = int(np.searchsorted(parcel_key, int(a.part_node[part]) * max(p.n_orders, 1) + o))
        unserved["order_id"].append(p.order_ids[o])
        unserved["sku"].append(p.skus[p.line_sku[line]])
        unserved["qty"].append(int(a.part_qty[part]))
        unserved["reason"].append(f"unrouted:{unrouted.get(idx, 'unknown')}")
    return assignments, unserved


def route_tables(p: AssignmentProblem, chosen: PlanRound) -> tuple[Columns, dict[str, Any]]:
    """routes.csv columns and the GeoJSON FeatureCollection of the routes."""
    rows: Columns = {k: [] for k in ROUTE_COLUMNS}
    features: list[dict[str, Any]] = []
    for i, kind in enumerate(p.node_kind):
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(p.node_lon[i]), float(p.node_lat[i])]},
            "properties": {"node_id": p.node_ids[i], "kind": NODE_KINDS[int(kind)]},
        })
    for n in chosen.nodes:
        if n.solution is None or n.problem is None:
            continue
        for r_idx, route in enumerate(x for x in n.solution.routes if len(x.stops)):
            for seq, (stop, arrival) in enumerate(zip(route.stops, route.arrival)):
                order = int(chosen.parcels.order[n.parcel[stop]])
                rows["node_id"].append(p.node_ids[n.node])
                rows["route"].append(r_idx)
                rows["vehicle_type"].append(n.problem.vehicle_type_names[route.vehicle_type])
                rows["seq"].append(seq)
                rows["order_id"].append(p.order_ids[order])
                rows["lat"].append(float(p.order_lat[order]))
                rows["lon"].append(float(p.order_lon[order]))
                rows["arrival_s"].append(round(float(arrival), 1))
                rows["units"].append(int(n.problem.demand[stop].sum()))
            line = route_line(p, chosen, n, route)
            features.append({
                "type": "Feature",
                "geometry": {"type": "LineString",
                             "coordinates": line[:, ::-1].round(7).tolist()},
                "properties": {"node_id": p.node_ids[n.node], "route": r_idx,
                               "stops": len(route.stops), "km": round(route.distance / 1000, 6),
                               "cost": round(route.cost, 2)},
            })
    return rows, {"type": "FeatureCollection", "features": features}


def write_plan(p: AssignmentProblem, chosen: PlanRound, kpis: dict[str, Any],
               out: OutputFolder, *, map_png: bool = False) -> Path:
    """Write every output of a plan (and the map when asked) atomically."""

    def stage(out: OutputFolder) -> None:
        assignments, unserved = assignment_tables(p, chosen)
        stage_table(out, "assignments", assignments)
        stage_table(out, "unserved", unserved)
        routes, geojson = route_tables(p, chosen)
        stage_table(out, "routes", routes)
        stage_json(out, "routes.geojson", geojson)
        if map_png:
            out.stage("map.png", lambda tmp: plot_plan(p, chosen, kpis, tmp))

    return out.write(stage, kpis)
