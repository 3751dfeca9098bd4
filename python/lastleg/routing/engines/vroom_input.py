"""The pyvroom ``Input`` of a RoutingProblem, built in one pass (the scales:
``routing.scaling``; the conventions: the ``engines.vroom`` docstring)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from lastleg.errors import InputError
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.scaling import Scale


@dataclass
class VroomModel:
    """What ``build_vroom_input`` made: the pyvroom input and the maps back."""

    input: Any
    vehicle_type_of: dict[int, int]  # VROOM vehicle id -> vehicle type
    stop_of: dict[tuple[str, int], int]  # (job|pickup|delivery, VROOM id) -> stop index
    time: Scale
    distance: Scale
    cost: Scale
    profiles: list[str]


def input_error() -> type[Exception]:
    from vroom._vroom import VroomInputException

    return VroomInputException


def _scales(problem: RoutingProblem, dist: np.ndarray, dur: np.ndarray) -> tuple[Scale, Scale]:
    """The time and distance scales (every time VROOM sees, every distance)."""
    times: list[Any] = [problem.service, problem.time_windows, problem.vt_shift,
                        problem.vt_max_duration]
    times += [dur / sf for sf in sorted({float(x) for x in problem.vt_speed_factor})]
    for brks in problem.vt_breaks:
        for b in brks:
            times += [np.asarray(list(b.time_windows), dtype=np.float64), b.service]
    if (problem.vt_shift[:, 0] < 0).any() or (problem.time_windows[:, 0] < 0).any():
        raise InputError("time_windows", "VROOM needs non-negative times")
    return Scale.of(times), Scale.of([dist, problem.vt_max_distance])


def _profiles(problem: RoutingProblem, inp: Any, dist: np.ndarray, dur: np.ndarray,
              ts: Scale, ds: Scale) -> tuple[list[str], list[int], Scale]:
    """One profile per distinct (speed factor, cost per distance, cost per time): its
    durations, distances and costs. Returns the names, each type's profile, the cost scale."""
    keys = [(float(problem.vt_speed_factor[k]), float(problem.vt_cost_per_distance[k]),
             float(problem.vt_cost_per_time[k])) for k in range(problem.n_vehicle_types)]
    distinct = sorted(set(keys))
    costs = {key: key[1] * dist + key[2] * dur / key[0] for key in distinct}
    cs = Scale(Scale.of([*costs.values(), problem.vt_fixed_cost]).factor, True)
    dist_i = ds.array(dist)
    names = [f"p{i}" for i in range(len(distinct))]
    for name, key in zip(names, distinct):
        inp.set_durations_matrix(name, ts.array(dur / key[0], "up"))
        inp.set_distances_matrix(name, dist_i)
        inp.set_costs_matrix(name, cs.array(costs[key]))
    return names, [distinct.index(k) for k in keys], cs


def _vehicles(problem: RoutingProblem, inp: Any, profiles: list[str], profile_of: list[int],
              ts: Scale, ds: Scale, cs: Scale) -> dict[int, int]:
    """Every vehicle (a type of count c is c vehicles); returns VROOM id -> type."""
    import vroom

    names = problem.vehicle_type_names
    use_names = (all(c == 1 for c in problem.vt_count) and all(x.isdigit() for x in names)
                 and len(set(names)) == len(names))
    vehicle_type_of: dict[int, int] = {}
    vehicles = []
    for k in range(problem.n_vehicle_types):
        shift = problem.vt_shift[k]
        brks = [vroom.Break(j, time_windows=[vroom.TimeWindow(ts.one(a, "up"),
                                                              ts.one(b_, "down"))
                                             for a, b_ in b.time_windows],
                            service=ts.one(b.service, "up"), description=b.description,
                            max_load=None if b.max_load is None else [int(x) for x in b.max_load])
                for j, b in enumerate(problem.vt_breaks[k])]
        extra: dict[str, Any] = {}
        if problem.vt_max_stops[k] >= 0:
            extra["max_tasks"] = int(problem.vt_max_stops[k])
        if math.isfinite(problem.vt_max_duration[k]):
            extra["max_travel_time"] = ts.one(problem.vt_max_duration[k], "down")
        if math.isfinite(problem.vt_max_distance[k]):
            extra["max_distance"] = ds.one(problem.vt_max_distance[k], "down")
        end = int(problem.vt_end_depot[k])
        for _ in range(int(problem.vt_count[k])):
            vid = int(names[k]) if use_names else len(vehicles)
            vehicles.append(vroom.Vehicle(
                vid, start=int(problem.vt_start_depot[k]), end=None if end < 0 else end,
                profile=profiles[profile_of[k]], capacity=[int(x) for x in problem.vt_capacity[k]],
                skills=set(problem.vt_skills[k]),
                time_window=vroom.TimeWindow(ts.one(shift[0], "up"), ts.one(shift[1], "down")),
                breaks=brks, costs=vroom.VehicleCosts(fixed=cs.one(problem.vt_fixed_cost[k])),
                **extra))
            vehicle_type_of[vid] = k
    if vehicles:
        inp.add_vehicle(vehicles)
    return vehicle_type_of


def _priorities(problem: RoutingProblem) -> np.ndarray:
    """VROOM priorities: the problem's own, else mandatory stops 100 and optional ones
    0..99 by penalty (VROOM keeps high priorities first when not all fit)."""
    if problem.priority.any():
        return problem.priority.astype(np.int64)
    finite = np.isfinite(problem.penalty)
    if not finite.any():
        return np.zeros(problem.n_stops, dtype=np.int64)
    top = float(problem.penalty[finite].max()) or 1.0
    return np.where(finite, np.clip(np.round(99 * np.where(finite, problem.penalty, 0) / top),
                                    0, 99), 100).astype(np.int64)


def _reachable(problem: RoutingProblem, dist: np.ndarray, dur: np.ndarray) -> np.ndarray:
    """Per stop: some vehicle can drive there from its start and back (stops no road
    leads to are left out of VROOM's input and come back ``unreachable``)."""
    nd = problem.n_depots
    ok = np.zeros(problem.n_stops, dtype=bool)
    for k in range(problem.n_vehicle_types):
        start, end = int(problem.vt_start_depot[k]), int(problem.vt_end_depot[k])
        legs = np.isfinite(dist[start, nd:]) & np.isfinite(dur[start, nd:])
        if end >= 0:
            legs &= np.isfinite(dist[nd:, end]) & np.isfinite(dur[nd:, end])
        ok |= legs
    return ok


def _finite(matrix: np.ndarray) -> np.ndarray:
    """inf (no road) as twice the largest real value: VROOM takes integers only, and the
    reachable stops never need such a leg."""
    finite = np.isfinite(matrix)
    if finite.all():
        return matrix
    top = float(matrix[finite].max()) if finite.any() else 1.0
    return np.where(finite, matrix, 2.0 * top + 1.0)


def _jobs(problem: RoutingProblem, inp: Any, ts: Scale, reach: np.ndarray
          ) -> dict[tuple[str, int], int]:
    """Jobs and shipments of the reachable stops; returns (kind, VROOM id) -> stop."""
    import vroom

    n, nd = problem.n_stops, problem.n_depots
    prio = _priorities(problem)
    in_ship = np.zeros(n, dtype=bool)
    in_ship[problem.shipments.ravel()] = True
    ids = problem.stop_ids
    single = np.flatnonzero(~in_ship)
    unique = all(len(np.unique(x)) == len(x) for x in (ids[single], ids[problem.shipments[:, 0]],
                                                        ids[problem.shipments[:, 1]]))
    ids = ids if unique else np.arange(n, dtype=np.int64)
    svc = ts.array(problem.service, "up")

    def windows(s: int) -> list[Any]:
        return [vroom.TimeWindow(ts.one(a, "up"), ts.one(b, "down"))
                for a, b in problem.stop_windows(s)]

    stop_of: dict[tuple[str, int], int] = {}
    jobs: list[Any] = []
    for s in single.tolist():
        if not reach[s]:
            continue
        jobs.append(vroom.Job(int(ids[s]), location=nd + s, default_service=int(svc[s]),
                              delivery=[int(x) for x in problem.demand[s]],
                              pickup=[int(x) for x in problem.pickup[s]],
                              skills=set(problem.stop_skills[s]), priority=int(prio[s]),
                              time_windows=windows(s)))
        stop_of[("job", int(ids[s]))] = s
    for p, d in problem.shipments.tolist():
        if not (reach[p] and reach[d]):
            continue
        step = [vroom.ShipmentStep(int(ids[x]), location=nd + x, default_service=int(svc[x]),
                                   time_windows=windows(x)) for x in (p, d)]
        jobs.append(vroom.Shipment(*step, amount=vroom.Amount([int(x) for x in problem.demand[p]]),
                                   skills=set(problem.stop_skills[p] | problem.stop_skills[d]),
                                   priority=int(max(prio[p], prio[d]))))
        stop_of[("pickup", int(ids[p]))] = p
        stop_of[("delivery", int(ids[d]))] = d
    if jobs:
        inp.add_job(jobs)
    return stop_of


def build_vroom_input(problem: RoutingProblem) -> VroomModel:
    """One pyvroom ``Input`` for the problem."""
    import vroom

    dist, dur = problem.travel.matrix(problem.points)
    reach = _reachable(problem, dist, dur)
    dist, dur = _finite(dist), _finite(dur)
    ts, ds = _scales(problem, dist, dur)
    inp = vroom.Input()
    profiles, profile_of, cs = _profiles(problem, inp, dist, dur, ts, ds)
    vehicle_type_of = _vehicles(problem, inp, profiles, profile_of, ts, ds, cs)
    stop_of = _jobs(problem, inp, ts, reach)
    return VroomModel(inp, vehicle_type_of, stop_of, ts, ds, cs, profiles)
