"""Plans on real roads: the road network of a plan, read from an OpenStreetMap extract
and clipped to the box around the batch's nodes and orders plus a margin, so memory
follows the region planned, not the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from lastleg.assignment.problem import AssignmentProblem
from lastleg.errors import InputError
from lastleg.travel.roads import RoadNetwork

#: margin around the batch's points when clipping an extract: this many km plus
#: MARGIN_SHARE of the box's larger side (routes leave the box of their stops)
MARGIN_KM = 10.0
MARGIN_SHARE = 0.1


def clip_box(problem: AssignmentProblem) -> tuple[float, float, float, float]:
    lat = np.concatenate([problem.node_lat, problem.order_lat])
    lon = np.concatenate([problem.node_lon, problem.order_lon])
    span_km = max(float(np.ptp(lat)) * 111.0,
                  float(np.ptp(lon)) * 111.0 * np.cos(np.radians(float(lat.mean()))))
    margin_km = MARGIN_KM + MARGIN_SHARE * span_km
    dlat = margin_km / 111.0
    dlon = margin_km / (111.0 * max(np.cos(np.radians(float(np.abs(lat).max()))), 0.05))
    return (max(-90.0, float(lat.min()) - dlat), max(-180.0, float(lon.min()) - dlon),
            min(90.0, float(lat.max()) + dlat), min(180.0, float(lon.max()) + dlon))


def with_roads(problem: AssignmentProblem, roads: Any, folder: Path | None) -> AssignmentProblem:
    """The problem on the roads of ``roads`` (an extract's path, or a RoadNetwork; None:
    the policy's ``roads`` key, relative to the scenario folder; neither: unchanged)."""
    if roads is None and problem.policy.roads is not None:
        roads = Path(problem.policy.roads)
        if not roads.is_absolute() and folder is not None:
            roads = folder / roads
    if roads is None:
        return problem
    if not isinstance(roads, RoadNetwork):
        path = Path(roads)
        if not path.is_file():
            raise InputError(f"roads {path}", "file not found")
        roads = RoadNetwork.from_osm(path, bbox=clip_box(problem),
                                     max_snap_m=problem.policy.max_snap_m)
    return problem.with_travel(roads)
