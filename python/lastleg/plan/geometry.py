"""The line a route draws on a map: its node, its stops and back, straight between them
or along the roads the van drives (when the node's travel can give paths)."""

from __future__ import annotations

import itertools

import numpy as np

from lastleg.assignment.problem import AssignmentProblem
from lastleg.plan.round import PlanRound
from lastleg.plan.routing_stage import NodeRouting
from lastleg.routing.solution import Route


def route_points(p: AssignmentProblem, chosen: PlanRound, n: NodeRouting, route: Route
                 ) -> np.ndarray:
    """(k, 2) (lat, lon): the node, the stops in order, the node again."""
    orders = chosen.parcels.order[n.parcel[route.stops]]
    depot = [[p.node_lat[n.node], p.node_lon[n.node]]]
    return np.vstack([depot, np.column_stack([p.order_lat[orders], p.order_lon[orders]]), depot])


def route_line(p: AssignmentProblem, chosen: PlanRound, n: NodeRouting, route: Route
               ) -> np.ndarray:
    """(k, 2) (lat, lon) of the route as driven: along the roads between consecutive
    points when the node's travel gives paths, else straight."""
    pts = route_points(p, chosen, n, route)
    if n.travel is None or not hasattr(n.travel, "path"):
        return pts
    parts = [pts[:1]]
    for a, b in itertools.pairwise(pts):
        leg = n.travel.path(a, b)
        parts.append(leg[1:] if len(leg) else b[None, :])
    return np.vstack(parts)


def road_segments(p: AssignmentProblem) -> np.ndarray | None:
    """(m, 4) (lat1, lon1, lat2, lon2) of the plan's road network, for the map (None: not
    on roads)."""
    travel = p.custom_travel
    return travel.edges() if travel is not None and hasattr(travel, "edges") else None
