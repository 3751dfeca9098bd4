"""solve_routes: the routing entry point (native engine, or VROOM for what it alone models)."""

from __future__ import annotations

from lastleg._validate import solve_options
from lastleg.errors import InputError
from lastleg.routing.engines.native import solve_native
from lastleg.routing.engines.vroom import solve_vroom
from lastleg.routing.params import SearchParams
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import RoutingSolution

#: features only the VROOM engine models (``uses_vroom_only_features``)
VROOM_ONLY_FEATURES = ("skills", "breaks", "shipments", "pickups", "priorities")
ENGINES = ("native", "vroom", "auto")


def uses_vroom_only_features(problem: RoutingProblem) -> list[str]:
    """Names of the features of ``problem`` that only the VROOM engine handles."""
    used = {
        "skills": any(problem.stop_skills),
        "breaks": any(problem.vt_breaks),
        "shipments": len(problem.shipments) > 0,
        "pickups": bool(problem.pickup.any()),
        "priorities": bool(problem.priority.any()),
    }
    return [name for name in VROOM_ONLY_FEATURES if used[name]]


def pick_engine(problem: RoutingProblem, engine: str = "auto") -> tuple[str, str]:
    """The engine to run and why: ``"auto"`` runs native unless the problem uses a
    VROOM-only feature; ``"native"`` on such a problem raises an ``InputError``
    naming the features."""
    if engine not in ENGINES:
        raise InputError("engine", f"unknown engine {engine!r}; expected one of {ENGINES}")
    feats = uses_vroom_only_features(problem)
    if engine == "auto":
        if feats:
            return "vroom", f"auto: the problem uses {', '.join(feats)} (VROOM-only)"
        return "native", "auto: no VROOM-only feature"
    if engine == "native" and feats:
        raise InputError("engine", f"the native engine does not model {', '.join(feats)}; "
                         "use engine='vroom' or engine='auto'")
    return engine, f"{engine}: requested"


def solve_routes(
    problem: RoutingProblem,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    threads: int | None = None,
    engine: str = "auto",
    params: SearchParams | None = None,
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
    ``engine_reason`` say which ran and why. ``params`` (a ``SearchParams``) tunes the
    native search.
    """
    if not isinstance(problem, RoutingProblem):
        raise InputError("problem", f"expected a RoutingProblem, got {type(problem).__name__}")
    if params is None:
        params = SearchParams()
    elif not isinstance(params, SearchParams):
        raise InputError("params", f"expected a SearchParams, got {type(params).__name__}")
    chosen, why = pick_engine(problem, engine)
    time_limit, max_iterations, seed, threads = solve_options(
        time_limit, max_iterations, seed, threads)
    if chosen == "vroom":
        return solve_vroom(problem, time_limit=time_limit, seed=seed, threads=threads,
                           engine_reason=why)
    return solve_native(problem, time_limit=time_limit, max_iterations=max_iterations,
                        seed=seed, threads=threads, params=params, engine_reason=why)


__all__ = ["ENGINES", "VROOM_ONLY_FEATURES", "pick_engine", "solve_routes",
           "uses_vroom_only_features"]
