"""Benchmark instance readers: VRPLIB .vrp (CVRP, VRPTW) and Solomon .txt (``read_vrplib``).

Parsing is delegated to the ``vrplib`` package (it is made for these formats
and reads every file in the shared benchmark set); this module maps the parsed
fields onto a RoutingProblem with each family's cost convention:

* CVRPLIB (EUC_2D CVRP): euclidean rounded to the nearest integer per edge;
  the fleet is unbounded (one vehicle per customer).
* VRPLIB VRPTW (Gehring-Homberger, DIMACS): euclidean truncated to one decimal,
  travel time = distance, ``VEHICLES`` vehicles, the depot's window is the shift.
* Solomon .txt: double-precision euclidean, travel time = distance, the file's
  vehicle number, the depot's window is the shift.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import vrplib

from lastleg.errors import InputError
from lastleg.routing.problem import RoutingProblem, VehicleType


def read_vrplib(path: str | Path) -> RoutingProblem:
    """Read a ``.vrp`` (VRPLIB) or ``.txt`` (Solomon) file into a RoutingProblem."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "file not found")
    solomon = path.suffix.lower() == ".txt"
    try:
        data = vrplib.read_instance(
            str(path),
            instance_format="solomon" if solomon else "vrplib",
            compute_edge_weights=False,
        )
    except Exception as exc:  # the parser's errors vary by failure
        kind = "Solomon" if solomon else "VRPLIB"
        raise InputError(str(path), f"cannot parse as {kind}: {exc}") from exc
    try:
        for key in ("node_coord", "demand"):
            value = data.get(key)
            if value is None or np.ndim(value) == 0 or len(value) == 0:
                section = {"node_coord": "NODE_COORD_SECTION", "demand": "DEMAND_SECTION"}[key]
                raise InputError(str(path),
                                 f"no {section} found (only coordinate instances are read)")
        return _from_parsed(data, path.stem, solomon=solomon)
    except InputError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        # sections of inconsistent lengths or non-numeric entries that the parser let through
        raise InputError(str(path), f"malformed instance: {exc}") from exc


def _from_parsed(data: dict[str, Any], stem: str, *, solomon: bool) -> RoutingProblem:
    name = str(data.get("name", stem))
    coords = np.asarray(data.get("node_coord"), dtype=np.float64)
    demand_all = np.asarray(data.get("demand", np.zeros(len(coords))), dtype=np.int64)
    depots = [0] if solomon else [int(d) for d in np.atleast_1d(data.get("depot", [0]))]
    is_depot = np.zeros(len(coords), dtype=bool)
    is_depot[depots] = True
    customers = np.flatnonzero(~is_depot)
    capacity = int(data.get("capacity", 0))
    tw = data.get("time_window")
    edge_type = str(data.get("edge_weight_type", "EUC_2D")).upper()

    if tw is None:
        if edge_type not in ("EUC_2D",):
            raise InputError(name, f"EDGE_WEIGHT_TYPE {edge_type} is not supported")
        vehicles = VehicleType(count=len(customers), capacity=capacity, start_depot=0, end_depot=0)
        return RoutingProblem(
            coords[depots],
            coords[customers],
            [vehicles],
            demand=demand_all[customers],
            metric="euclidean_rounded",
            name=name,
        )

    tw = np.asarray(tw, dtype=np.float64)
    service = data.get("service_time", 0)
    service_all = (
        np.full(len(coords), float(service))
        if np.ndim(service) == 0
        else np.asarray(service, dtype=np.float64)
    )
    fleet = int(data.get("vehicles", len(customers)))
    depot = depots[0]
    shift = (float(tw[depot, 0]), float(tw[depot, 1]) if np.isfinite(tw[depot, 1]) else math.inf)
    vehicles = VehicleType(count=fleet, capacity=capacity, start_depot=0, end_depot=0, shift=shift)
    return RoutingProblem(
        coords[depots],
        coords[customers],
        [vehicles],
        demand=demand_all[customers],
        service=service_all[customers],
        time_windows=tw[customers],
        metric="euclidean" if solomon else "euclidean_truncated",
        name=name,
    )


def read_solution_routes(path: str | Path) -> list[list[int]]:
    """Routes of a CVRPLIB ``.sol`` file, as customer numbers (1..n)."""
    return [list(map(int, r)) for r in vrplib.read_solution(str(path))["routes"]]
