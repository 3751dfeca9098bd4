"""The VROOM engine: a RoutingProblem solved by pyvroom.

``solve_vroom`` builds one pyvroom ``Input`` from the problem in one pass and turns
VROOM's answer back into a ``RoutingSolution`` (``engine="vroom"``) whose costs,
distances, durations and schedule are evaluated in lastleg's own semantics
(``routing.schedule``), so both engines report comparable numbers.

**Integers.** VROOM only takes integers; every family of numbers (times, distances,
costs) is scaled by ``routing.scaling.Scale`` (exact when a power of ten makes it so,
else rounded in the safe direction). The scales used are in
``solution.stats["vroom_scales"]``.

**Objective differences.** VROOM minimises travel cost only: lastleg's
``cost_per_time`` applies to the whole route duration (travel + service + waiting);
VROOM sees it on travel time. VROOM has no seed (it is deterministic; ``seed`` is
accepted and ignored). ``max_duration`` is passed as VROOM's ``max_travel_time`` (a
relaxation: travel <= duration); a route that then breaks ``max_duration`` loses stops
from its end, reported ``max_duration``.

**Optional stops (finite penalty).** VROOM has no prize-collecting objective: it serves
every job it can, preferring high ``priority`` when not all fit. Mandatory stops get
priority 100 and optional ones 0..99 in proportion to their penalty (explicit
``problem.priority`` values are used as given instead); after solving, a greedy pass
removes each optional stop whose removal saves more route cost than its penalty (reason
``not_worth``), as long as the route stays feasible.

**Unassigned reasons.** VROOM does not say why a job is unassigned: each one is tried
alone on every vehicle type and the rules it breaks (``Violation.kind``) name the reason.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np

from lastleg.errors import InputError
from lastleg.routing.engines.vroom_input import VroomModel, build_vroom_input, input_error
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.schedule import Breaks, schedule_route
from lastleg.routing.solution import UNASSIGNED_REASONS, Route, RoutingSolution
from lastleg.routing.violations import KINDS

BreakTaken = tuple[int, int, float]


def _routes_from_answer(model: VroomModel, answer: dict[str, Any]
                        ) -> list[tuple[int, list[int], list[BreakTaken]]]:
    """(vehicle type, stops, breaks) per non-empty VROOM route, in VROOM's vehicle order.
    Makes no assumption on the order of routes or jobs beyond each route's steps."""
    out = []
    for route in answer.get("routes", []):
        vt = model.vehicle_type_of[int(route["vehicle"])]
        stops: list[int] = []
        brks: list[BreakTaken] = []
        for step in route["steps"]:
            kind = step["type"]
            if kind in ("job", "pickup", "delivery"):
                stops.append(model.stop_of[(kind, int(step["id"]))])
            elif kind == "break":
                brks.append((int(step["id"]), len(stops), step["arrival"] / model.time.factor))
        if stops:
            out.append((vt, stops, brks))
    return out


def _route_cost(problem: RoutingProblem, vt: int, stops: Sequence[int], brks: Breaks
                ) -> tuple[float, bool, set[str]]:
    """Cost of a route, whether it is feasible, and the kinds of rules it breaks."""
    sched = schedule_route(problem, vt, stops, brks)
    return sched.cost, sched.feasible, {v.kind for v in sched.violations}


def _drop(brks: Breaks, k: int) -> list[BreakTaken]:
    return [(b, pos - 1 if pos > k else pos, t) for b, pos, t in brks]


def _post_process(problem: RoutingProblem,
                  routes: list[tuple[int, list[int], list[BreakTaken]]]
                  ) -> dict[int, str]:
    """Repairs ``max_duration`` (relaxed in VROOM) and drops unprofitable optional stops.
    Changes ``routes`` in place; returns the removed stops with their reasons."""
    removed: dict[int, str] = {}
    in_ship = np.zeros(problem.n_stops, dtype=bool)
    if len(problem.shipments):
        in_ship[problem.shipments.ravel()] = True
    for r in routes:
        vt, stops, brks = r
        _, ok, why = _route_cost(problem, vt, stops, brks)
        while stops and not ok and "max_duration" in why:
            # drop the last stop (with its shipment partner)
            gone = [stops[-1]]
            for p, d in problem.shipments:
                if stops[-1] in (p, d):
                    gone = [int(p), int(d)]
            for s in gone:
                k = stops.index(s)
                removed[stops.pop(k)] = "max_duration"
                brks[:] = _drop(brks, k)
            if not stops:
                brks.clear()
                break
            _, ok, why = _route_cost(problem, vt, stops, brks)
        if not np.isfinite(problem.penalty[stops]).any() if stops else True:
            continue
        while True:
            base, _, _ = _route_cost(problem, vt, stops, brks)
            best, best_k = 0.0, -1
            for k, s in enumerate(stops):
                if in_ship[s] or not math.isfinite(problem.penalty[s]):
                    continue
                rest = stops[:k] + stops[k + 1:]
                if not rest:
                    gain = base - float(problem.penalty[s])
                    ok = True
                else:
                    c, ok, _ = _route_cost(problem, vt, rest, _drop(brks, k))
                    gain = base - c - float(problem.penalty[s])
                if ok and gain > best + 1e-9:
                    best, best_k = gain, k
            if best_k < 0:
                break
            removed[stops.pop(best_k)] = "not_worth"
            brks[:] = _drop(brks, best_k)
            if not stops:
                brks.clear()
                break
    return removed


def unassigned_reason(problem: RoutingProblem, stop: int) -> str:
    """Why ``stop`` cannot be served, tried alone (with its shipment partner) on every
    vehicle type: the reason most types agree on (``routing.violations.KINDS``);
    ``no_vehicle`` when some type could serve it alone (the fleet is used up),
    ``not_worth`` for such an optional stop."""
    seq = [stop]
    for p, d in problem.shipments:
        if stop in (p, d):
            seq = [int(p), int(d)]
    found: list[str] = []
    for vt in range(problem.n_vehicle_types):
        if problem.vt_count[vt] == 0:
            continue
        brks = tuple((j, len(seq), 0.0) for j in range(len(problem.vt_breaks[vt])))
        sched = schedule_route(problem, vt, seq, brks)
        if sched.feasible:
            return "not_worth" if math.isfinite(problem.penalty[stop]) else "no_vehicle"
        reasons = [KINDS[v.kind] for v in sched.violations if KINDS.get(v.kind)]
        found.append(min(reasons, key=UNASSIGNED_REASONS.index) if reasons else "unreachable")
    if not found:
        return "no_vehicle"
    return min(found, key=lambda r: (-found.count(r), UNASSIGNED_REASONS.index(r)))


def _solution(problem: RoutingProblem, routes: Sequence[tuple[int, Sequence[int], Breaks]],
              reasons: dict[int, str], *, runtime: float, engine_reason: str,
              stats: dict[str, Any]) -> RoutingSolution:
    out, broken = [], []
    served = np.zeros(problem.n_stops, dtype=bool)
    for vt, stops, brks in routes:
        if not stops:
            continue
        sched = schedule_route(problem, vt, stops, brks)
        broken += [v.message for v in sched.violations]
        served[sched.stops] = True
        out.append(Route(vehicle_type=vt, depot=int(problem.vt_start_depot[vt]),
                         stops=sched.stops, arrival=sched.arrival, load=sched.load,
                         distance=sched.distance, duration=sched.duration, cost=sched.cost,
                         end_depot=int(problem.vt_end_depot[vt]), breaks=sched.break_start))
    unassigned = np.flatnonzero(~served).astype(np.int64)
    why = tuple(reasons.get(int(s)) or unassigned_reason(problem, int(s)) for s in unassigned)
    optional = unassigned[np.isfinite(problem.penalty[unassigned])]
    cost = sum(r.cost for r in out) + float(problem.penalty[optional].sum())
    return RoutingSolution(cost=cost, routes=tuple(out), unassigned=unassigned,
                           unassigned_reasons=why, runtime=runtime, engine="vroom",
                           feasible=not broken, engine_reason=engine_reason,
                           stats={**stats, "violations": broken})


def solve_vroom(
    problem: RoutingProblem,
    time_limit: float | None = None,
    seed: int = 0,
    threads: int | None = None,
    exploration_level: int = 5,
    *,
    engine_reason: str = "",
) -> RoutingSolution:
    """Solve ``problem`` with VROOM (pyvroom) and return a ``RoutingSolution``
    (``engine="vroom"``). ``time_limit`` in seconds (None = VROOM runs to the end of
    its search); ``threads`` defaults to the machine's cores; ``seed`` is ignored
    (VROOM is deterministic). See the module docstring for the conventions."""
    del seed
    t0 = time.perf_counter()
    try:
        model = build_vroom_input(problem)
    except (TypeError, OverflowError) as exc:  # pyvroom's constructors refuse a value
        raise InputError("problem", f"cannot be passed to VROOM: {exc}") from exc
    nb = int(threads) if threads else (os.cpu_count() or 1)
    # the time limit covers building the input too
    if time_limit is not None and not time_limit < 1e6:  # inf, or beyond what VROOM takes
        time_limit = None
    timeout = None if time_limit is None else timedelta(
        seconds=max(0.01, float(time_limit) - (time.perf_counter() - t0)))
    try:
        answer = model.input.solve(exploration_level=int(exploration_level), nb_threads=nb,
                                   timeout=timeout).to_dict()
    except input_error() as exc:  # e.g. "No task defined."
        raise InputError("problem", f"VROOM rejected the input: {exc}") from exc
    routes = _routes_from_answer(model, answer)
    removed = _post_process(problem, routes)
    stats = {
        "vroom_cost": answer["summary"]["cost"],
        "vroom_cost_user": answer["summary"]["cost"] / model.cost.factor,
        "vroom_scales": {"time": model.time.factor, "time_exact": model.time.exact,
                         "distance": model.distance.factor, "cost": model.cost.factor},
        "removed_after_vroom": {int(k): v for k, v in removed.items()},
        "vroom_computing_times": answer["summary"].get("computing_times", {}),
    }
    return _solution(problem, routes, removed, runtime=time.perf_counter() - t0,
                     engine_reason=engine_reason, stats=stats)


