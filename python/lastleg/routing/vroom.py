"""The VROOM engine: a RoutingProblem solved by pyvroom, and VROOM JSON in/out.

``solve_vroom`` builds one pyvroom ``Input`` from the problem in one pass and turns
VROOM's answer back into a ``RoutingSolution`` (``engine="vroom"``) whose costs,
distances, durations and schedule are recomputed with lastleg's own conventions
(``lastleg.routing.check``), so both engines report comparable numbers.

**Integer conversion.** VROOM only takes integers (``uint32`` matrices, times,
amounts, costs). Each quantity family gets a power-of-ten scale ``s`` in 1, 10, 100,
1000: the smallest that makes every value of the family an integer (CVRPLIB
rounded: 1; DIMACS truncated to one decimal: 10). When no scale is exact (double
precision euclidean, haversine) 100 is used and times are rounded *conservatively*:
travel times and service times up, window opens up, window closes and shift ends
down, so any schedule VROOM finds feasible is feasible in real numbers (VROOM may
then miss a solution that is feasible only by a hair). Costs are rounded to the
nearest integer. The families are times (durations, service, windows, shifts,
breaks, max_duration), distances (max_distance) and costs (one cost matrix per
vehicle profile = cost_per_distance * distance + cost_per_time * travel time,
fixed costs). The scales used are in ``solution.stats["vroom_scales"]``.

**Objective differences.** VROOM minimises travel cost only: lastleg's
``cost_per_time`` applies to the whole route duration (travel + service +
waiting); VROOM sees it on travel time. VROOM has no seed (it is deterministic;
``seed`` is accepted and ignored). ``max_duration`` is passed as VROOM's
``max_travel_time`` (a relaxation: travel <= duration); a route that then breaks
``max_duration`` loses stops from its end, reported ``max_duration``.

**Optional stops (finite penalty).** VROOM has no prize-collecting objective: it
serves every job it can, preferring high ``priority`` when not all fit. Mandatory
stops get priority 100 and optional ones 0..99 in proportion to their penalty
(explicit ``problem.priority`` values are used as given instead); after solving, a
greedy pass removes each optional stop whose removal saves more route cost than
its penalty (reason ``not_worth``), as long as the route stays feasible.

**Unassigned reasons.** VROOM does not say why a job is unassigned. Each one is
classified by trying it alone on every vehicle type with ``check_routes``:
``no_vehicle`` (no type has its skills, or the fleet was used up), ``capacity``,
``time_window``, ``shift``, ``max_duration``, ``max_distance``, ``max_stops``,
else ``not_worth`` for an optional stop.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.errors import InputError
from lastleg.routing.check import CheckResult, check_routes
from lastleg.routing.problem import Break, RoutingProblem, VehicleType
from lastleg.routing.solution import Route, RoutingSolution

UINT32_MAX = 2**32 - 1
_SCALES = (1, 10, 100, 1000)
_DEFAULT_SCALE = 100

#: features only the VROOM engine models (``uses_vroom_only_features``)
VROOM_ONLY_FEATURES = ("skills", "breaks", "shipments", "pickups", "priorities")


def uses_vroom_only_features(problem: RoutingProblem) -> list[str]:
    """Names of the features of ``problem`` that only the VROOM engine handles
    (for ``engine="auto"`` and for the native engine's error message)."""
    out = []
    if any(problem.stop_skills):
        out.append("skills")
    if any(problem.vt_breaks):
        out.append("breaks")
    if len(problem.shipments):
        out.append("shipments")
    if problem.pickup.any():
        out.append("pickups")
    if problem.priority.any():
        out.append("priorities")
    return out


ENGINES = ("native", "vroom", "auto")


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


def is_vroom_json(path: str | Path) -> bool:
    """True for a ``.json`` file (the CLI's test for VROOM JSON input)."""
    return Path(path).suffix.lower() == ".json"


def route_vroom_json(
    obj_or_path: dict[str, Any] | str | Path,
    solve: Any = None,
    *,
    engine: str = "auto",
    **solve_kwargs: Any,
) -> dict[str, Any]:
    """``lastleg route problem.json`` in one call: read VROOM JSON, solve with
    ``solve(problem, engine=engine, **solve_kwargs)`` (``lastleg.solve_routes``; by
    default the VROOM engine directly), and return VROOM's output format with the
    top-level ``engine`` key."""
    problem = problem_from_vroom_json(obj_or_path)
    if solve is None:
        chosen, why = pick_engine(problem, engine)
        if chosen != "vroom":
            raise InputError("engine", "pass solve=lastleg.solve_routes for the native engine")
        sol = solve_vroom(problem, engine_reason=why, **solve_kwargs)
    else:
        sol = solve(problem, engine=engine, **solve_kwargs)
    return solution_to_vroom_json(problem, sol)


# ---------------------------------------------------------------------------
# building the VROOM input


def _pick_scale(values: Sequence[np.ndarray | float]) -> tuple[int, bool]:
    """The smallest power of ten that makes every finite value an integer (and fits
    uint32), or the default (not exact)."""
    parts = [np.asarray(v, dtype=np.float64).ravel() for v in values]
    x = np.concatenate(parts) if parts else np.zeros(0)
    x = x[np.isfinite(x)]
    top = float(np.abs(x).max()) if x.size else 0.0
    for s in _SCALES:
        y = x * s
        if top * s < UINT32_MAX and np.all(np.abs(y - np.round(y)) <= 1e-6):
            return s, True
    s = _DEFAULT_SCALE
    while s > 1 and top * s >= UINT32_MAX:
        s //= 10
    return s, False


def _scaled(x: Any, s: int, exact: bool, mode: str) -> np.ndarray:
    """Scale to integers; mode 'up' / 'down' / 'near' when the scale is not exact.
    Infinite values become UINT32_MAX."""
    a = np.asarray(x, dtype=np.float64) * s
    if exact or mode == "near":
        r = np.round(a)
    elif mode == "up":
        r = np.ceil(a - 1e-9)
    else:
        r = np.floor(a + 1e-9)
    r = np.where(np.isfinite(r), r, UINT32_MAX)
    return np.clip(r, 0, UINT32_MAX).astype(np.int64)


def _int(x: Any, s: int, exact: bool, mode: str) -> int:
    return int(_scaled([x], s, exact, mode)[0])


@dataclass
class VroomModel:
    """What ``build_vroom_input`` made: the pyvroom input and the maps back."""

    input: Any
    vehicle_type_of: dict[int, int]  # VROOM vehicle id -> vehicle type
    stop_of: dict[tuple[str, int], int]  # (job|pickup|delivery, VROOM id) -> stop index
    time_scale: int
    time_exact: bool
    distance_scale: int
    cost_scale: int
    profiles: list[str]


def _full_matrices(problem: RoutingProblem) -> tuple[np.ndarray, np.ndarray]:
    return problem.travel.matrix(problem.points)


def _unique_ids(ids: np.ndarray) -> bool:
    return len(np.unique(ids)) == len(ids)


def _vroom_input_exception() -> type[Exception]:
    from vroom._vroom import VroomInputException

    return VroomInputException


def build_vroom_input(problem: RoutingProblem) -> VroomModel:
    """One pyvroom ``Input`` for the problem (see the module docstring for scales)."""
    import vroom

    nd, n = problem.n_depots, problem.n_stops
    dist, dur = _full_matrices(problem)
    times: list[Any] = [problem.service, problem.time_windows, problem.vt_shift,
                        problem.vt_max_duration]
    speeds = sorted({float(x) for x in problem.vt_speed_factor})
    for sf in speeds:
        times.append(dur / sf)
    for brks in problem.vt_breaks:
        for b in brks:
            times += [np.asarray(list(b.time_windows), dtype=np.float64), b.service]
    ts, t_exact = _pick_scale(times)
    if (problem.vt_shift[:, 0] < 0).any() or (problem.time_windows[:, 0] < 0).any():
        raise InputError("time_windows", "VROOM needs non-negative times")
    ds, d_exact = _pick_scale([dist, problem.vt_max_distance])

    # one profile per distinct (speed factor, cost per distance, cost per time)
    keys = [(float(problem.vt_speed_factor[k]), float(problem.vt_cost_per_distance[k]),
             float(problem.vt_cost_per_time[k])) for k in range(problem.n_vehicle_types)]
    distinct = sorted(set(keys))
    costs = {key: key[1] * dist + key[2] * dur / key[0] for key in distinct}
    cs, _ = _pick_scale([*costs.values(), problem.vt_fixed_cost])

    inp = vroom.Input()
    profiles = []
    dist_i = _scaled(dist, ds, d_exact, "near")
    for pi, key in enumerate(distinct):
        name = f"p{pi}"
        profiles.append(name)
        inp.set_durations_matrix(name, _scaled(dur / key[0], ts, t_exact, "up"))
        inp.set_distances_matrix(name, dist_i)
        inp.set_costs_matrix(name, _scaled(costs[key], cs, True, "near"))

    # vehicles
    names = problem.vehicle_type_names
    use_names = (all(c == 1 for c in problem.vt_count) and all(x.isdigit() for x in names)
                 and len(set(names)) == len(names))
    vehicle_type_of: dict[int, int] = {}
    vehicles = []
    vid = 0
    for k in range(problem.n_vehicle_types):
        shift = problem.vt_shift[k]
        tw = vroom.TimeWindow(_int(shift[0], ts, t_exact, "up"),
                              _int(shift[1], ts, t_exact, "down"))
        brks = [
            vroom.Break(
                j,
                time_windows=[vroom.TimeWindow(_int(a, ts, t_exact, "up"),
                                               _int(b_, ts, t_exact, "down"))
                              for a, b_ in b.time_windows],
                service=_int(b.service, ts, t_exact, "up"),
                description=b.description,
                max_load=None if b.max_load is None else [int(x) for x in b.max_load],
            )
            for j, b in enumerate(problem.vt_breaks[k])
        ]
        extra: dict[str, Any] = {}
        if problem.vt_max_stops[k] >= 0:
            extra["max_tasks"] = int(problem.vt_max_stops[k])
        if math.isfinite(problem.vt_max_duration[k]):
            extra["max_travel_time"] = _int(problem.vt_max_duration[k], ts, t_exact, "down")
        if math.isfinite(problem.vt_max_distance[k]):
            extra["max_distance"] = _int(problem.vt_max_distance[k], ds, d_exact, "down")
        end = int(problem.vt_end_depot[k])
        for _ in range(int(problem.vt_count[k])):
            this = int(names[k]) if use_names else vid
            vehicles.append(vroom.Vehicle(
                this, start=int(problem.vt_start_depot[k]), end=None if end < 0 else end,
                profile=profiles[distinct.index(keys[k])],
                capacity=[int(x) for x in problem.vt_capacity[k]],
                skills=set(problem.vt_skills[k]), time_window=tw, breaks=brks,
                costs=vroom.VehicleCosts(fixed=_int(problem.vt_fixed_cost[k], cs, True,
                                                    "near")),
                **extra,
            ))
            vehicle_type_of[this] = k
            vid += 1
    if vehicles:
        inp.add_vehicle(vehicles)

    # priorities (see module docstring)
    if problem.priority.any():
        prio = problem.priority.astype(np.int64)
    elif np.isfinite(problem.penalty).any():
        finite = np.isfinite(problem.penalty)
        top = float(problem.penalty[finite].max()) or 1.0
        prio = np.where(finite, np.clip(np.round(99 * np.where(finite, problem.penalty, 0)
                                                  / top), 0, 99), 100).astype(np.int64)
    else:
        prio = np.zeros(n, dtype=np.int64)

    # jobs and shipments
    in_ship = np.zeros(n, dtype=bool)
    if len(problem.shipments):
        in_ship[problem.shipments.ravel()] = True
    ids = problem.stop_ids
    single = np.flatnonzero(~in_ship)
    if not _unique_ids(ids[single]) or not _unique_ids(ids[problem.shipments[:, 0]]) or \
            not _unique_ids(ids[problem.shipments[:, 1]]):
        ids = np.arange(n, dtype=np.int64)
    svc = _scaled(problem.service, ts, t_exact, "up")

    def windows(s: int) -> list[Any]:
        w = problem.stop_windows(s)
        return [vroom.TimeWindow(_int(a, ts, t_exact, "up"), _int(b, ts, t_exact, "down"))
                for a, b in w]

    stop_of: dict[tuple[str, int], int] = {}
    jobs: list[Any] = []
    for s in single:
        s = int(s)
        jobs.append(vroom.Job(
            int(ids[s]), location=nd + s, default_service=int(svc[s]),
            delivery=[int(x) for x in problem.demand[s]],
            pickup=[int(x) for x in problem.pickup[s]],
            skills=set(problem.stop_skills[s]), priority=int(prio[s]),
            time_windows=windows(s),
        ))
        stop_of[("job", int(ids[s]))] = s
    for p, d in problem.shipments:
        p, d = int(p), int(d)
        jobs.append(vroom.Shipment(
            vroom.ShipmentStep(int(ids[p]), location=nd + p, default_service=int(svc[p]),
                               time_windows=windows(p)),
            vroom.ShipmentStep(int(ids[d]), location=nd + d, default_service=int(svc[d]),
                               time_windows=windows(d)),
            amount=vroom.Amount([int(x) for x in problem.demand[p]]),
            skills=set(problem.stop_skills[p] | problem.stop_skills[d]),
            priority=int(max(prio[p], prio[d])),
        ))
        stop_of[("pickup", int(ids[p]))] = p
        stop_of[("delivery", int(ids[d]))] = d
    if jobs:
        inp.add_job(jobs)
    return VroomModel(inp, vehicle_type_of, stop_of, ts, t_exact, ds, cs, profiles)


# ---------------------------------------------------------------------------
# solving and reading the answer back


def _routes_from_answer(model: VroomModel, answer: dict[str, Any]
                        ) -> list[tuple[int, list[int], list[tuple[int, int, float]]]]:
    """(vehicle type, stops, breaks) per non-empty VROOM route, in VROOM's vehicle order.
    Makes no assumption on the order of routes or jobs beyond each route's steps."""
    out = []
    for route in answer.get("routes", []):
        vt = model.vehicle_type_of[int(route["vehicle"])]
        stops: list[int] = []
        brks: list[tuple[int, int, float]] = []
        for step in route["steps"]:
            kind = step["type"]
            if kind in ("job", "pickup", "delivery"):
                stops.append(model.stop_of[(kind, int(step["id"]))])
            elif kind == "break":
                brks.append((int(step["id"]), len(stops), step["arrival"] / model.time_scale))
        if stops:
            out.append((vt, stops, brks))
    return out


def _route_cost(problem: RoutingProblem, vt: int, stops: Sequence[int],
                brks: Sequence[tuple[int, int, float]]) -> tuple[float, bool, list[str]]:
    res = check_routes(problem, [(vt, np.asarray(stops, dtype=np.int64), tuple(brks))])
    own = [v for v in res.violations if "mandatory" not in v]
    return (res.routes[0].cost if res.routes else 0.0), not own, own


def _drop(brks: Sequence[tuple[int, int, float]], k: int) -> list[tuple[int, int, float]]:
    return [(b, pos - 1 if pos > k else pos, t) for b, pos, t in brks]


def _post_process(problem: RoutingProblem,
                  routes: list[tuple[int, list[int], list[tuple[int, int, float]]]]
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
        while stops and not ok and any("max_duration" in v for v in why):
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


_REASON_WORDS = (("capacity", "capacity"), ("time window", "time_window"),
                 ("shift end", "shift"), ("max_duration", "max_duration"),
                 ("max_distance", "max_distance"), ("max_stops", "max_stops"),
                 ("skills", "no_vehicle"), ("break", "shift"))


def unassigned_reason(problem: RoutingProblem, stop: int) -> str:
    """Why ``stop`` cannot be served, tried alone (with its shipment partner) on every
    vehicle type; ``no_vehicle`` when it could be served alone (the fleet is used up),
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
        res = check_routes(problem, [(vt, np.asarray(seq), brks)])
        own = [v for v in res.violations if "mandatory" not in v]
        if not own:
            return "not_worth" if math.isfinite(problem.penalty[stop]) else "no_vehicle"
        for word, reason in _REASON_WORDS:
            if any(word in v for v in own):
                found.append(reason)
                break
        else:
            found.append("unreachable")
    if not found:
        return "no_vehicle"
    order = [r for _, r in _REASON_WORDS] + ["unreachable"]
    return min(found, key=lambda r: (-found.count(r), order.index(r)))


def _solution(problem: RoutingProblem,
              routes: Sequence[tuple[int, Sequence[int], Sequence[tuple[int, int, float]]]],
              reasons: dict[int, str], *, runtime: float, engine: str,
              engine_reason: str, stats: dict[str, Any]) -> RoutingSolution:
    items = [(vt, np.asarray(st, dtype=np.int64), tuple(b)) for vt, st, b in routes if st]
    res = check_routes(problem, items)
    out = []
    for (vt, st, _), rc in zip(items, res.routes, strict=True):
        out.append(Route(vehicle_type=vt, depot=int(problem.vt_start_depot[vt]), stops=st,
                         arrival=rc.arrival, load=rc.load, distance=rc.distance,
                         duration=rc.duration, cost=rc.cost,
                         end_depot=int(problem.vt_end_depot[vt]), breaks=rc.break_start))
    served = np.zeros(problem.n_stops, dtype=bool)
    for _, st, _ in items:
        served[st] = True
    unassigned = np.flatnonzero(~served)
    why = tuple(reasons.get(int(s)) or unassigned_reason(problem, int(s)) for s in unassigned)
    cost = res.cost
    own = [v for v in res.violations if "mandatory" not in v]
    return RoutingSolution(cost=cost, routes=tuple(out), unassigned=unassigned.astype(np.int64),
                           unassigned_reasons=why, runtime=runtime, engine=engine,
                           feasible=not own, engine_reason=engine_reason,
                           stats={**stats, "violations": own})


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
    except _vroom_input_exception() as exc:  # e.g. "No task defined."
        raise InputError("problem", f"VROOM rejected the input: {exc}") from exc
    routes = _routes_from_answer(model, answer)
    removed = _post_process(problem, routes)
    stats = {
        "vroom_cost": answer["summary"]["cost"],
        "vroom_cost_user": answer["summary"]["cost"] / model.cost_scale,
        "vroom_scales": {"time": model.time_scale, "time_exact": model.time_exact,
                         "distance": model.distance_scale, "cost": model.cost_scale},
        "removed_after_vroom": {int(k): v for k, v in removed.items()},
        "vroom_computing_times": answer["summary"].get("computing_times", {}),
    }
    return _solution(problem, routes, removed, runtime=time.perf_counter() - t0,
                     engine="vroom", engine_reason=engine_reason, stats=stats)


# ---------------------------------------------------------------------------
# VROOM JSON


def _load(obj_or_path: dict[str, Any] | str | Path) -> dict[str, Any]:
    if isinstance(obj_or_path, dict):
        return obj_or_path
    text, name = str(obj_or_path), "vroom json"
    if not text.lstrip().startswith("{"):
        path = Path(obj_or_path)
        name = path.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(str(path), "file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"not valid JSON: {exc.msg} (column {exc.colno})",
                         line=exc.lineno) from None
    if not isinstance(data, dict):
        raise InputError(name, "the top level must be an object")
    return data


def _loc_key(item: dict[str, Any], index_key: str, coord_key: str, where: str,
             size: int | None) -> tuple[str, Any] | None:
    """("index", i) or ("coord", (lon, lat)) of a location; an index must be an integer
    in [0, size) of the matrices (as VROOM itself requires)."""
    if index_key in item:
        value = item[index_key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 \
                or (size is not None and value >= size):
            within = "" if size is None else f" (the matrices have {size} locations)"
            raise InputError(f"{where}.{index_key}", f"invalid location index {value!r}{within}")
        return ("index", value)
    if coord_key in item:
        coord = item[coord_key]
        if not isinstance(coord, (list, tuple)) or len(coord) != 2:
            raise InputError(f"{where}.{coord_key}", f"expected [lon, lat], got {coord!r}")
        lon, lat = coord
        return ("coord", (float(lon), float(lat)))
    return None


def _matrix_size(mat: dict[str, Any] | None) -> int | None:
    if mat is None:
        return None
    sizes = set()
    for key in ("durations", "distances", "costs"):
        if key in mat:
            rows = mat[key]
            if not isinstance(rows, list) or any(not isinstance(r, list) or len(r) != len(rows)
                                                 for r in rows):
                raise InputError(f"matrices.{key}", "must be a square list of lists")
            sizes.add(len(rows))
    if len(sizes) > 1:
        raise InputError("matrices", f"matrices of different sizes {sorted(sizes)}")
    return sizes.pop() if sizes else None


def problem_from_vroom_json(
    obj_or_path: dict[str, Any] | str | Path,
    *,
    speed: float = 50 / 3.6,
    detour_factor: float = 1.3,
) -> RoutingProblem:
    """A RoutingProblem from VROOM's documented input format (a dict, a JSON string or
    a path): ``vehicles``, ``jobs``, ``shipments`` and ``matrices`` (or the legacy
    ``matrix``) with ``location_index``/``start_index``/``end_index``.

    Without matrices, ``location``/``start``/``end`` coordinates ([lon, lat]) are used
    with **lastleg's own metric**, not a road router: haversine metres times
    ``detour_factor``, durations at ``speed`` m/s (VROOM itself would ask OSRM).

    Mapping: every vehicle becomes its own ``VehicleType`` (count 1, name = its id);
    distinct start/end locations become depots; jobs and shipment steps become stops
    (``stop_ids`` keep the JSON ids; a shipment's pickup and delivery are two stops).
    Costs: VROOM charges ``per_hour`` on travel time and ``per_km`` on distance;
    with a durations matrix only, the durations are the distances and
    ``cost_per_distance = per_hour / 3600`` (so lastleg's cost equals VROOM's);
    with a distances matrix, ``cost_per_distance = per_km / 1000`` and
    ``cost_per_time = per_hour / 3600`` (lastleg then also charges service and
    waiting time). A ``costs`` matrix replaces the distances. Jobs are mandatory
    (VROOM assigns whatever it can; priorities are kept). Not supported (an
    InputError names them): vehicles without a start, several profiles with
    different matrices, ``setup`` times, ``steps`` (fixed routes).
    """
    data = _load(obj_or_path)
    vehicles = data.get("vehicles") or []
    jobs = data.get("jobs") or []
    ships = data.get("shipments") or []
    if not vehicles:
        raise InputError("vehicles", "at least one vehicle is required")

    # matrices
    mats = data.get("matrices")
    if mats is None and "matrix" in data:
        mats = {"car": {"durations": data["matrix"]}}
    mat: dict[str, Any] | None = None
    if mats:
        profiles = {v.get("profile", "car") for v in vehicles}
        chosen = [mats[p] for p in profiles if p in mats]
        if len(chosen) != len(profiles) or any(json.dumps(c, sort_keys=True) !=
                                               json.dumps(chosen[0], sort_keys=True)
                                               for c in chosen):
            raise InputError("matrices", "every vehicle profile needs the same matrices")
        mat = chosen[0]
    size = _matrix_size(mat)

    # locations: depots (vehicle start/end), then stops
    depot_keys: list[Any] = []

    def depot(key: Any) -> int:
        if key not in depot_keys:
            depot_keys.append(key)
        return depot_keys.index(key)

    starts, ends = [], []
    for i, v in enumerate(vehicles):
        s = _loc_key(v, "start_index", "start", f"vehicles[{i}]", size)
        e = _loc_key(v, "end_index", "end", f"vehicles[{i}]", size)
        if s is None:
            raise InputError(f"vehicles[{i}]", "vehicles without a start are not supported")
        if v.get("steps"):
            raise InputError(f"vehicles[{i}].steps", "fixed vehicle steps are not supported")
        starts.append(depot(s))
        ends.append(None if e is None else depot(e))

    stop_keys: list[Any] = []
    stop_rows: list[dict[str, Any]] = []
    for i, j in enumerate(jobs):
        k = _loc_key(j, "location_index", "location", f"jobs[{i}]", size)
        if k is None:
            raise InputError(f"jobs[{i}]", "a job needs location or location_index")
        stop_keys.append(k)
        stop_rows.append(j)
    shipment_pairs = []
    ship_amount = []
    for i, sh in enumerate(ships):
        pair = []
        for role in ("pickup", "delivery"):
            step = sh[role]
            k = _loc_key(step, "location_index", "location", f"shipments[{i}].{role}", size)
            if k is None:
                raise InputError(f"shipments[{i}].{role}", "needs location or location_index")
            pair.append(len(stop_keys))
            stop_keys.append(k)
            stop_rows.append({**step, "skills": sh.get("skills", []),
                              "priority": sh.get("priority", 0)})
        shipment_pairs.append(pair)
        ship_amount.append(sh.get("amount", []))
    for i, row in enumerate(stop_rows):
        if row.get("setup"):
            raise InputError(f"jobs[{i}].setup", "setup times are not supported")

    dims = max([len(v.get("capacity", [])) for v in vehicles] + [1])

    def amount(x: Sequence[int] | None) -> list[int]:
        x = list(x or [])
        return x + [0] * (dims - len(x))

    n = len(stop_rows)
    demand = np.zeros((n, dims), dtype=np.int64)
    pickup = np.zeros((n, dims), dtype=np.int64)
    for i, row in enumerate(stop_rows[: len(jobs)]):
        demand[i] = amount(row.get("delivery", row.get("amount")))
        pickup[i] = amount(row.get("pickup"))
    for (p, d), amt in zip(shipment_pairs, ship_amount, strict=True):
        demand[p] = demand[d] = amount(amt)

    windows = [[(float(a), float(b)) for a, b in row.get("time_windows") or [(0, math.inf)]]
               for row in stop_rows]
    service = [float(row.get("service", 0)) for row in stop_rows]
    skills = [list(row.get("skills") or []) for row in stop_rows]
    priority = [int(row.get("priority", 0)) for row in stop_rows]
    stop_ids = [int(row["id"]) for row in stop_rows]

    has_dist = mat is not None and ("distances" in mat or "costs" in mat)
    types = []
    for i, v in enumerate(vehicles):
        c = v.get("costs", {})
        per_hour, per_km = float(c.get("per_hour", 3600)), float(c.get("per_km", 0))
        if mat is not None and "costs" in mat:
            cpd, cpt = 1.0, 0.0
        elif has_dist or mat is None:
            cpd, cpt = per_km / 1000, per_hour / 3600
        else:
            cpd, cpt = per_hour / 3600, 0.0
        tw = v.get("time_window", [0, math.inf])
        brks = tuple(
            Break(time_windows=tuple((float(a), float(b)) for a, b in
                                     (br.get("time_windows") or [(0, math.inf)])),
                  service=float(br.get("service", 0)),
                  max_load=None if br.get("max_load") is None else amount(br["max_load"]),
                  id=int(br.get("id", j)), description=str(br.get("description", "")))
            for j, br in enumerate(v.get("breaks") or [])
        )
        types.append(VehicleType(
            count=1, capacity=amount(v.get("capacity")), start_depot=starts[i],
            end_depot=ends[i], shift=(float(tw[0]), float(tw[1])),
            max_stops=v.get("max_tasks"),
            max_duration=float(v.get("max_travel_time", math.inf)),
            max_distance=float(v.get("max_distance", math.inf)),
            fixed_cost=float(c.get("fixed", 0)), cost_per_distance=cpd, cost_per_time=cpt,
            speed_factor=float(v.get("speed_factor", 1.0)), name=str(v["id"]),
            skills=tuple(v.get("skills") or ()), breaks=brks,
        ))

    common: dict[str, Any] = {
        "demand": demand, "service": service, "time_windows": windows,
        "skills": skills, "pickup": pickup,
        "shipments": np.asarray(shipment_pairs, dtype=np.int64).reshape(-1, 2),
        "priority": priority, "stop_ids": stop_ids,
        "name": str(data.get("description", "")),
    }
    keys = depot_keys + stop_keys
    if mat is not None:
        if any(k[0] != "index" for k in keys):
            raise InputError("locations", "with matrices every location needs an index")
        idx = np.array([k[1] for k in keys], dtype=np.int64)
        sub = np.ix_(idx, idx)
        durations = np.asarray(mat.get("durations", mat.get("costs")), dtype=np.float64)
        distance = np.asarray(mat.get("costs", mat.get("distances", durations)),
                              dtype=np.float64)
        return RoutingProblem(None, None, types, metric="matrix", distance_matrix=distance[sub],
                              duration_matrix=durations[sub], n_depots=len(depot_keys),
                              location_index=idx, **common)
    if any(k[0] != "coord" for k in keys):
        raise InputError("matrices", "location indices need a matrix")
    coords = np.array([[k[1][1], k[1][0]] for k in keys], dtype=np.float64)  # (lat, lon)
    nd = len(depot_keys)
    return RoutingProblem(coords[:nd], coords[nd:], types, metric="haversine", speed=speed,
                          detour_factor=detour_factor, **common)


def solution_to_vroom_json(problem: RoutingProblem, solution: RoutingSolution
                           ) -> dict[str, Any]:
    """``solution`` in VROOM's output format (``code``, ``summary``, ``unassigned``,
    ``routes`` with ``steps``), plus the top-level ``engine`` key.

    Times, durations and distances follow lastleg's schedule (``check_routes``),
    rounded to integers as VROOM prints them; ``cost`` is VROOM's definition
    (fixed + cost per distance * distance + cost per time * *travel* time), which
    equals lastleg's cost when ``cost_per_time`` is 0. Stop ids are
    ``problem.stop_ids``; vehicle ids are the vehicle type names when they are
    integers (VROOM JSON input), else the route's index."""
    res: CheckResult = check_routes(problem, solution)
    nd = problem.n_depots

    def where(loc: int) -> dict[str, Any]:
        """A location as VROOM writes it: the input's matrix index, or [lon, lat]."""
        if problem.location_index is not None:
            return {"location_index": int(problem.location_index[loc])}
        if problem.metric == "haversine" and problem.coords is not None:
            lat, lon = problem.coords[loc]
            return {"location": [float(lon), float(lat)]}
        return {"location_index": loc}
    ship_p = {int(p) for p, _ in problem.shipments}
    ship_d = {int(d) for _, d in problem.shipments}

    def kind(s: int) -> str:
        return "pickup" if s in ship_p else "delivery" if s in ship_d else "job"

    def num(x: float) -> int | float:
        r = round(float(x))
        return r if abs(r - x) < 1e-6 else round(float(x), 3)

    routes_out = []
    tot: dict[str, float] = {"cost": 0, "duration": 0, "service": 0, "waiting_time": 0,
                             "distance": 0, "priority": 0}
    total_delivery = np.zeros(problem.n_dims, dtype=np.int64)
    total_pickup = np.zeros(problem.n_dims, dtype=np.int64)
    for ri, rc in enumerate(res.routes):
        vt = rc.vehicle_type
        name = problem.vehicle_type_names[vt]
        vid = int(name) if name.isdigit() else ri
        steps = []
        sf = float(problem.vt_speed_factor[vt])
        start = int(problem.vt_start_depot[vt])
        steps.append({"type": "start", **where(start), "arrival": num(rc.departure),
                      "duration": 0, "distance": 0, "service": 0, "waiting_time": 0,
                      "load": rc.load.tolist()})
        travel = 0.0
        dist = 0.0
        prev_loc = start
        load = rc.load.copy()
        brk_at: dict[int, list[tuple[int, int, float]]] = {}
        for b in rc.break_start:
            brk_at.setdefault(int(b[1]), []).append(b)
        service = waiting = 0.0
        for k, s in enumerate(rc.stops):
            for b, _, t in brk_at.get(k, []):
                bd = problem.vt_breaks[vt][b]
                steps.append({"type": "break", "id": bd.id, **where(prev_loc),
                              "arrival": num(t), "duration": num(travel),
                              "service": num(bd.service), "waiting_time": 0,
                              "distance": num(dist), "load": load.tolist()})
                service += bd.service
            loc = nd + int(s)
            e = _edge(problem, prev_loc, loc)
            travel += e[1] / sf
            dist += e[0]
            s = int(s)
            if s in ship_p:
                load = load + problem.demand[s]
                total_pickup += problem.demand[s]
            elif s in ship_d:
                load = load - problem.demand[s]
                total_delivery += problem.demand[s]
            else:
                load = load - problem.demand[s] + problem.pickup[s]
                total_delivery += problem.demand[s]
                total_pickup += problem.pickup[s]
            wait = rc.service_start[k] - rc.arrival[k]
            waiting += wait
            service += float(problem.service[s])
            steps.append({"type": kind(s), "id": int(problem.stop_ids[s]), "job":
                          int(problem.stop_ids[s]), **where(loc),
                          "arrival": num(rc.arrival[k]), "duration": num(travel),
                          "service": num(problem.service[s]), "waiting_time": num(wait),
                          "distance": num(dist), "load": load.tolist()})
            prev_loc = loc
        for b, _, t in brk_at.get(len(rc.stops), []):
            bd = problem.vt_breaks[vt][b]
            steps.append({"type": "break", "id": bd.id, **where(prev_loc),
                          "arrival": num(t), "duration": num(travel),
                          "service": num(bd.service), "waiting_time": 0,
                          "distance": num(dist), "load": load.tolist()})
            service += bd.service
        end = int(problem.vt_end_depot[vt])
        if end >= 0:
            e = _edge(problem, prev_loc, end)
            travel += e[1] / sf
            dist += e[0]
            steps.append({"type": "end", **where(end), "arrival": num(rc.end),
                          "duration": num(travel), "distance": num(dist), "service": 0,
                          "waiting_time": 0, "load": load.tolist()})
        cost = (float(problem.vt_fixed_cost[vt]) + float(problem.vt_cost_per_distance[vt])
                * dist + float(problem.vt_cost_per_time[vt]) * travel)
        prio = int(problem.priority[rc.stops].sum())
        routes_out.append({"vehicle": vid, "cost": num(cost), "duration": num(travel),
                           "service": num(service), "waiting_time": num(waiting),
                           "distance": num(dist), "priority": prio,
                           "delivery": rc.load.tolist(), "steps": steps})
        for key, val in (("cost", cost), ("duration", travel), ("service", service),
                         ("waiting_time", waiting), ("distance", dist), ("priority", prio)):
            tot[key] += val
    unassigned = [{"id": int(problem.stop_ids[s]), "type": kind(int(s)),
                   **where(nd + int(s)),
                   **({"reason": solution.unassigned_reasons[i]}
                      if i < len(solution.unassigned_reasons) else {})}
                  for i, s in enumerate(solution.unassigned)]
    summary = {k: num(v) for k, v in tot.items()}
    summary.update(routes=len(routes_out), unassigned=len(unassigned),
                   delivery=total_delivery.tolist(), pickup=total_pickup.tolist(),
                   violations=[])
    return {"code": 0, "summary": summary, "unassigned": unassigned, "routes": routes_out,
            "engine": solution.engine}


def _edge(problem: RoutingProblem, a: int, b: int) -> tuple[float, float]:
    dist, dur = problem.legs(np.array([a]), np.array([b]))
    return float(dist[0]), float(dur[0])
