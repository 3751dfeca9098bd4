"""The native engine: the C++ search (``cpp/lastleg/route``) through ``_core``."""

from __future__ import annotations

import math

from lastleg import _core
from lastleg.routing.params import SearchParams
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import Route, RoutingSolution


def solve_native(problem: RoutingProblem, *, time_limit: float | None,
                 max_iterations: int | None, seed: int, threads: int | None,
                 params: SearchParams, engine_reason: str) -> RoutingSolution:
    """Solve with the C++ search (arguments already checked by ``solve_routes``)."""
    native = _core.SearchParams()
    for name, value in params.to_dict().items():
        setattr(native, name, value)
    out = _core.solve_routes(
        problem,
        math.inf if time_limit is None else float(time_limit),
        -1 if max_iterations is None else int(max_iterations),
        int(seed),
        0 if threads is None else int(threads),
        native,
    )
    routes = []
    for i in range(len(out.vehicle_type)):
        lo, hi = int(out.offsets[i]), int(out.offsets[i + 1])
        routes.append(Route(
            vehicle_type=int(out.vehicle_type[i]), depot=int(out.depot[i]),
            stops=out.stops[lo:hi], arrival=out.arrival[lo:hi], load=out.load[i],
            distance=float(out.distance[i]), duration=float(out.duration[i]),
            cost=float(out.route_cost[i]), end_depot=int(out.end_depot[i]),
        ))
    return RoutingSolution(
        cost=out.cost, routes=tuple(routes), unassigned=out.unassigned,
        unassigned_reasons=tuple(out.reasons), runtime=out.runtime,
        iterations=out.iterations, engine="native", feasible=out.missing == 0,
        engine_reason=engine_reason,
        stats={"construction_time": out.construction_time,
               "construction_cost": out.construction_cost,
               "construction_missing": out.construction_missing},
    )
