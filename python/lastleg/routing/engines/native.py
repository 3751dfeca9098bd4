"""The native engine: the C++ search (``cpp/lastleg/route``) through ``_core``."""

from __future__ import annotations

import math

import numpy as np

from lastleg import _core
from lastleg.routing.params import SearchParams
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import Route, RoutingSolution


def _readonly(arr: np.ndarray) -> np.ndarray:
    view = arr.view()
    view.flags.writeable = False
    return view


def solve_native(problem: RoutingProblem, *, time_limit: float | None,
                 max_iterations: int | None, seed: int, threads: int | None,
                 params: SearchParams, engine_reason: str) -> RoutingSolution:
    """Solve with the C++ search (arguments already checked by ``solve_routes``)."""
    out = _core.solve_routes(
        problem,
        math.inf if time_limit is None else float(time_limit),
        -1 if max_iterations is None else int(max_iterations),
        int(seed),
        0 if threads is None else int(threads),
        params.to_dict(),
    )
    offsets = out["offsets"]
    routes = []
    for i in range(len(out["vehicle_type"])):
        lo, hi = int(offsets[i]), int(offsets[i + 1])
        routes.append(Route(
            vehicle_type=int(out["vehicle_type"][i]), depot=int(out["depot"][i]),
            stops=_readonly(out["stops"][lo:hi]), arrival=_readonly(out["arrival"][lo:hi]),
            load=_readonly(out["load"][i]), distance=float(out["distance"][i]),
            duration=float(out["duration"][i]), cost=float(out["route_cost"][i]),
            end_depot=int(out["end_depot"][i]),
        ))
    return RoutingSolution(
        cost=float(out["cost"]), routes=tuple(routes), unassigned=_readonly(out["unassigned"]),
        unassigned_reasons=tuple(out["reasons"]), runtime=float(out["runtime"]),
        iterations=int(out["iterations"]), engine="native",
        feasible=int(out["missing"]) == 0, engine_reason=engine_reason,
        stats=dict(out["stats"]),
    )
