"""solve_routes: the routing entry point (native engine, or VROOM for what it alone models)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lastleg import _core
from lastleg._validate import solve_options
from lastleg.errors import InputError
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import Route, RoutingSolution
from lastleg.routing.vroom import pick_engine, solve_vroom


def solve_routes(
    problem: RoutingProblem,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    threads: int | None = None,
    engine: str = "auto",
    params: dict[str, Any] | None = None,
) -> RoutingSolution:
    """Solve a routing problem.

    ``time_limit`` (seconds, construction included) and ``max_iterations`` (ruin
    and recreate steps per search of the portfolio) stop the search; with only
    ``max_iterations`` (or neither: 5000 + 10 x n_stops iterations per search) the
    result depends on ``seed`` alone, never on ``threads``. The portfolio runs 2
    searches under an iteration limit, one per thread under a time limit.
    ``threads=None`` uses every hardware thread. Stops that cannot be served come
    back in ``unassigned`` with a reason; optional stops (finite ``penalty``) are
    skipped when serving them costs more than their penalty.

    ``engine="auto"`` runs the native engine unless the problem uses a feature only
    VROOM models (skills, breaks, shipments, pickups, priorities), then VROOM;
    ``"vroom"`` always hands over to pyvroom; ``"native"`` on a VROOM-only problem
    raises an InputError naming the features. The solution's ``engine`` and
    ``engine_reason`` say which ran and why.
    ``params`` tunes the native search (keys of ``SearchParams``: neighbours,
    ls_neighbours, ls_margin, avg_removed, max_string, split_rate, split_depth,
    blink_rate, t_start, t_end, portfolio, epochs, local_search, and for models
    without time windows ejection, swap_star, swap_star_neighbours).
    """
    if not isinstance(problem, RoutingProblem):
        raise InputError("problem", f"expected a RoutingProblem, got {type(problem).__name__}")
    chosen, why = pick_engine(problem, engine)
    time_limit, max_iterations, seed, threads = solve_options(
        time_limit, max_iterations, seed, threads)

    if chosen == "vroom":
        return solve_vroom(
            problem, time_limit=time_limit, seed=seed, threads=threads, engine_reason=why
        )
    out = _core.solve_routes(
        problem,
        math.inf if time_limit is None else float(time_limit),
        -1 if max_iterations is None else int(max_iterations),
        int(seed),
        0 if threads is None else int(threads),
        dict(params or {}),
    )
    return _to_solution(out, why)


def _to_solution(out: dict[str, Any], engine_reason: str) -> RoutingSolution:
    offsets = out["offsets"]
    routes = []
    for i in range(len(out["vehicle_type"])):
        lo, hi = int(offsets[i]), int(offsets[i + 1])
        routes.append(
            Route(
                vehicle_type=int(out["vehicle_type"][i]),
                depot=int(out["depot"][i]),
                stops=_readonly(out["stops"][lo:hi]),
                arrival=_readonly(out["arrival"][lo:hi]),
                load=_readonly(out["load"][i]),
                distance=float(out["distance"][i]),
                duration=float(out["duration"][i]),
                cost=float(out["route_cost"][i]),
                end_depot=int(out["end_depot"][i]),
            )
        )
    return RoutingSolution(
        cost=float(out["cost"]),
        routes=tuple(routes),
        unassigned=_readonly(out["unassigned"]),
        unassigned_reasons=tuple(out["reasons"]),
        runtime=float(out["runtime"]),
        iterations=int(out["iterations"]),
        engine="native",
        feasible=int(out["missing"]) == 0,
        engine_reason=engine_reason,
        stats=dict(out["stats"]),
    )


def _readonly(arr: np.ndarray) -> np.ndarray:
    view = arr.view()
    view.flags.writeable = False
    return view


__all__ = ["solve_routes"]
