"""An independent route checker: recomputes cost and lists every violation.

It shares no code with any search (native or VROOM): travel is taken edge by edge
from the problem's travel (``problem.legs``), and the schedule is simulated from
scratch.

Semantics (the definition the engines implement):

* A route departs its start depot at ``max(shift_start, open(first stop's window)
  - travel(depot, first) / speed_factor)`` (with a driver break before the first
  stop: ``max(shift_start, break window open - travel)``). At each stop, arrival ``a``: service starts at
  ``max(a, open)`` of the first window whose close >= ``a`` (a violation if
  none), and the vehicle leaves after the service. It returns to its end depot by
  ``shift_end``; an open route (``vt_end_depot == -1``) ends when its last service
  ends (also by ``shift_end``). ``duration = end - departure``.
* Route cost = fixed_cost (if non-empty) + cost_per_distance * distance +
  cost_per_time * duration; solution cost = sum of route costs + penalties of the
  optional stops left unassigned.
* Hard: capacity per dimension at every point of the route (deliveries are loaded
  at the start depot, pickups carried to the end, shipments from their pickup to
  their delivery stop), max_stops, max_duration, max_distance, vehicle count per
  type, skills, breaks (each break of a used vehicle taken once, inside one of its
  windows, under its max_load), every stop exactly once (served or unassigned),
  mandatory stops unassigned only with a reason.
* Driver breaks (VROOM's model): a break at position k (after k stops) starts at
  ``max(ready, open)`` of the first of its windows whose close >= ready, where ready
  is when the vehicle is done at position k; the vehicle drives while it waits
  for the window, so the travel left to the next location shrinks by that wait.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import UNASSIGNED_REASONS, RoutingSolution

_EPS = 1e-6


@dataclass
class RouteCheck:
    """What the checker measured on one route."""

    index: int
    vehicle_type: int
    stops: np.ndarray
    distance: float
    duration: float
    departure: float
    end: float
    cost: float
    load: np.ndarray  # delivered amount per dimension (sum of demand of delivery stops)
    max_load: np.ndarray  # the largest load on board at any point, per dimension
    service_start: np.ndarray  # per stop
    arrival: np.ndarray  # per stop
    #: (break index, position = stops served before it, start time) per break taken
    break_start: tuple[tuple[int, int, float], ...] = ()


@dataclass
class CheckResult:
    """``ok`` is True when there is no violation; ``cost`` is recomputed from scratch."""

    cost: float
    violations: list[str]
    routes: list[RouteCheck]
    unassigned: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    penalty: float = 0.0
    n_unassigned_mandatory: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def distance(self) -> float:
        return float(sum(r.distance for r in self.routes))

    def __repr__(self) -> str:
        return (f"CheckResult(ok={self.ok}, cost={self.cost!r}, routes={len(self.routes)}, "
                f"violations={len(self.violations)})")


def _edges(problem: RoutingProblem, path: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance and metric duration (before the vehicle's speed factor) of each edge
    path[i] -> path[i+1] (location indices)."""
    if len(path) < 2:
        return np.zeros(0), np.zeros(0)
    return problem.legs(path[:-1], path[1:])


def _window_start(windows: np.ndarray, t: float) -> float | None:
    """Service start for arrival t: max(t, open) of the first window with close >= t."""
    for lo, hi in windows:
        if hi + _EPS >= t:
            return max(t, float(lo))
    return None


def _normalise(
    problem: RoutingProblem, routes: RoutingSolution | Sequence[Any]
) -> tuple[list[tuple[int, np.ndarray, tuple[tuple[int, int, float], ...]]],
           RoutingSolution | None]:
    if isinstance(routes, RoutingSolution):
        out = [(int(r.vehicle_type), np.asarray(r.stops, dtype=np.int64), tuple(r.breaks))
               for r in routes.routes]
        return out, routes
    res = []
    for item in routes:
        vt, stops = int(item[0]), np.asarray(item[1], dtype=np.int64).ravel()
        brk = tuple(item[2]) if len(item) > 2 else ()
        res.append((vt, stops, brk))
    return res, None


def check_routes(
    problem: RoutingProblem, routes: RoutingSolution | Sequence[Any]
) -> CheckResult:
    """Check a solution (a ``RoutingSolution``, or a list of ``(vehicle_type, stops)``
    pairs with stop indices 0..n_stops-1, optionally ``(vehicle_type, stops, breaks)``)
    against ``problem``. Stops absent from every route count as unassigned: free for
    optional stops (their penalty is added), a violation for mandatory ones unless the
    solution lists them as unassigned with a reason."""
    items, sol = _normalise(problem, routes)
    n = problem.n_stops
    violations: list[str] = []
    seen = np.full(n, -1, dtype=np.int64)
    used = np.zeros(problem.n_vehicle_types, dtype=np.int64)
    checks: list[RouteCheck] = []
    total = 0.0
    for ri, (vt, stops, brk) in enumerate(items):
        if not 0 <= vt < problem.n_vehicle_types:
            violations.append(f"route {ri}: vehicle type {vt} does not exist")
            continue
        bad = (stops < 0) | (stops >= n)
        if bad.any():
            violations.append(f"route {ri}: stop index {int(stops[bad][0])} out of range "
                              f"0..{n - 1}")
            continue
        for s in stops:
            if seen[s] >= 0:
                violations.append(f"route {ri}: stop {int(s)} is also served by route "
                                  f"{int(seen[s])}" if seen[s] != ri
                                  else f"route {ri}: stop {int(s)} is visited twice")
            seen[s] = ri
        if len(stops) == 0:
            if brk:
                violations.append(f"route {ri}: breaks on an empty route")
            continue
        used[vt] += 1
        rc = _check_one(problem, ri, vt, stops, brk, violations)
        checks.append(rc)
        total += rc.cost
    for vt in range(problem.n_vehicle_types):
        if used[vt] > problem.vt_count[vt]:
            violations.append(f"vehicle type {vt}: {int(used[vt])} routes but only "
                              f"{int(problem.vt_count[vt])} vehicles")

    # every stop exactly once: served or unassigned
    listed = np.zeros(0, dtype=np.int64)
    reasons: tuple[str, ...] = ()
    if sol is not None:
        listed = np.asarray(sol.unassigned, dtype=np.int64)
        reasons = tuple(sol.unassigned_reasons)
        if len(reasons) not in (0, len(listed)):
            violations.append(f"{len(listed)} unassigned stops but {len(reasons)} reasons")
        for k, s in enumerate(listed):
            if not 0 <= s < n:
                violations.append(f"unassigned stop index {int(s)} out of range")
                continue
            if seen[s] >= 0:
                violations.append(f"stop {int(s)} is listed unassigned but served by route "
                                  f"{int(seen[s])}")
            if k < len(reasons) and reasons[k] not in UNASSIGNED_REASONS:
                violations.append(f"stop {int(s)}: unknown unassigned reason {reasons[k]!r}")
        if len(np.unique(listed)) != len(listed):
            violations.append("a stop is listed unassigned more than once")
    reason_of = {int(s): (reasons[k] if k < len(reasons) else "")
                 for k, s in enumerate(listed) if 0 <= s < n}
    unassigned = np.flatnonzero(seen < 0)
    pen = 0.0
    n_mand = 0
    for s in unassigned:
        p = float(problem.penalty[s])
        if math.isinf(p):
            n_mand += 1
            if not reason_of.get(int(s)):
                violations.append(f"stop {int(s)}: mandatory but not served and no reason "
                                  "given")
        else:
            pen += p
    _check_shipments(problem, items, seen, violations)
    total += pen
    if sol is not None and not _close(sol.cost, total):
        violations.append(f"solution cost {sol.cost!r} differs from the recomputed {total!r}")
    return CheckResult(cost=total, violations=violations, routes=checks,
                       unassigned=unassigned, penalty=pen, n_unassigned_mandatory=n_mand)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _check_shipments(problem: RoutingProblem, items: list[Any], seen: np.ndarray,
                     violations: list[str]) -> None:
    if not len(problem.shipments):
        return
    pos: dict[int, int] = {}
    for _, stops, _ in items:
        for k, s in enumerate(stops):
            if 0 <= s < problem.n_stops:
                pos[int(s)] = k
    for j, (p, d) in enumerate(problem.shipments):
        p, d = int(p), int(d)
        sp, sd = seen[p], seen[d]
        if (sp < 0) != (sd < 0):
            violations.append(f"shipment {j}: only one of pickup stop {p} and delivery stop "
                              f"{d} is served")
        elif sp >= 0 and sp != sd:
            violations.append(f"shipment {j}: pickup stop {p} on route {int(sp)} but delivery "
                              f"stop {d} on route {int(sd)}")
        elif sp >= 0 and pos[p] > pos[d]:
            violations.append(f"shipment {j} (route {int(sp)}): delivery stop {d} before its "
                              f"pickup stop {p}")


def _check_one(
    problem: RoutingProblem,
    ri: int,
    vt: int,
    stops: np.ndarray,
    brk: tuple[tuple[int, int, float], ...],
    violations: list[str],
) -> RouteCheck:
    nd = problem.n_depots
    start = int(problem.vt_start_depot[vt])
    end_depot = int(problem.vt_end_depot[vt])
    path = np.concatenate([[start], stops + nd] + ([[end_depot]] if end_depot >= 0 else []))
    dist, dur = _edges(problem, path)
    dur = dur / float(problem.vt_speed_factor[vt])
    shift_start, shift_end = (float(x) for x in problem.vt_shift[vt])
    where = f"route {ri} (vehicle type {vt})"

    # skills
    vskills = problem.vt_skills[vt]
    for s in stops:
        need = problem.stop_skills[s]
        if not need <= vskills:
            violations.append(f"{where}: stop {int(s)} needs skills {sorted(need - vskills)} "
                              "the vehicle lacks")

    # loads: deliveries (and shipment-free pickups) along the route
    is_ship_p = np.zeros(problem.n_stops, dtype=bool)
    is_ship_d = np.zeros(problem.n_stops, dtype=bool)
    if len(problem.shipments):
        is_ship_p[problem.shipments[:, 0]] = True
        is_ship_d[problem.shipments[:, 1]] = True
    plain = ~(is_ship_p[stops] | is_ship_d[stops])
    delivered = problem.demand[stops][plain].sum(axis=0) if plain.any() else np.zeros(
        problem.n_dims, dtype=np.int64)
    load = delivered.astype(np.int64).copy()
    cap = problem.vt_capacity[vt]
    max_load = load.copy()
    loads_before = []  # load on board when leaving position k (k = stops served)
    loads_before.append(load.copy())
    if (load > cap).any():
        violations.append(f"{where}: capacity exceeded at departure: load {load.tolist()} > "
                          f"capacity {cap.tolist()}")
    for s in stops:
        if is_ship_p[s]:
            load = load + problem.demand[s]
        elif is_ship_d[s]:
            load = load - problem.demand[s]
        else:
            load = load - problem.demand[s] + problem.pickup[s]
        loads_before.append(load.copy())
        max_load = np.maximum(max_load, load)
        if (load > cap).any():
            violations.append(f"{where}: capacity exceeded after stop {int(s)}: load "
                              f"{load.tolist()} > capacity {cap.tolist()}")

    # schedule
    breaks_def = problem.vt_breaks[vt]
    brk_at: dict[int, list[tuple[int, int, float]]] = {}
    for b in brk:
        brk_at.setdefault(int(b[1]), []).append(b)
    taken = [int(b[0]) for b in brk]
    for b in taken:
        if not 0 <= b < len(breaks_def):
            violations.append(f"{where}: break {b} is not defined for this vehicle type")
    if sorted(taken) != list(range(len(breaks_def))):
        missing = sorted(set(range(len(breaks_def))) - set(taken))
        if missing:
            violations.append(f"{where}: breaks {missing} not taken")
        if len(set(taken)) != len(taken):
            violations.append(f"{where}: a break is taken twice")

    first_windows = problem.stop_windows(int(stops[0]))
    if 0 in brk_at:  # a break before the first stop: leave so as to start it on time
        b0 = min(brk_at[0], key=lambda x: x[2])[0]
        st0 = (_window_start(np.asarray(breaks_def[b0].time_windows, dtype=np.float64),
                             shift_start) if 0 <= b0 < len(breaks_def) else None)
        departure = shift_start if st0 is None else max(shift_start, st0 - dur[0])
    else:
        first_open = float(first_windows[0, 0])
        for lo, hi in first_windows:
            if hi + _EPS >= shift_start + dur[0]:
                first_open = float(lo)
                break
        departure = max(shift_start, first_open - dur[0])
    t = departure
    arrival = np.empty(len(stops))
    begin = np.empty(len(stops))
    break_start: list[tuple[int, int, float]] = []

    def take_breaks(k: int, t: float, travel: float) -> tuple[float, float]:
        """Breaks between position k and the next leg (travel time ``travel``): the
        vehicle drives while it waits for a break window to open (VROOM's model), so
        a break starting at s >= t has already covered min(travel, s - t) of the leg.
        Returns the time the break(s) end and the travel left."""
        for b, _, _ in sorted(brk_at.get(k, []), key=lambda x: x[2]):
            if not 0 <= b < len(breaks_def):
                continue
            bd = breaks_def[b]
            st = _window_start(np.asarray(bd.time_windows, dtype=np.float64), t)
            if st is None:
                violations.append(f"{where}: break {b} (after {k} stops) cannot start in its "
                                  f"windows (ready at {t:g})")
                st = t
            if bd.max_load is not None and (loads_before[k] > np.asarray(bd.max_load)).any():
                violations.append(f"{where}: break {b} taken with load "
                                  f"{loads_before[k].tolist()} above max_load "
                                  f"{list(bd.max_load)}")
            travel -= min(travel, st - t)
            break_start.append((b, k, st))
            t = st + float(bd.service)
        return t, travel

    for k, s in enumerate(stops):
        t, left = take_breaks(k, t, float(dur[k]))
        a = t + left
        arrival[k] = a
        st = _window_start(problem.stop_windows(int(s)), a)
        if st is None:
            violations.append(f"{where}: stop {int(s)} reached at {a:g}, after its last time "
                              f"window closes ({problem.stop_windows(int(s))[-1, 1]:g})")
            st = a
        begin[k] = st
        t = st + float(problem.service[s])
    t, left = take_breaks(len(stops), t, float(dur[-1]) if end_depot >= 0 else 0.0)
    for k in brk_at:
        if not 0 <= k <= len(stops):
            violations.append(f"{where}: break position {k} outside the route")
    end = t + left
    if end > shift_end + _EPS:
        violations.append(f"{where}: ends at {end:g}, after the shift end {shift_end:g}")
    distance = float(dist.sum())
    duration = end - departure

    if problem.vt_max_stops[vt] >= 0 and len(stops) > problem.vt_max_stops[vt]:
        violations.append(f"{where}: {len(stops)} stops > max_stops "
                          f"{int(problem.vt_max_stops[vt])}")
    if duration > problem.vt_max_duration[vt] + _EPS:
        violations.append(f"{where}: duration {duration:g} > max_duration "
                          f"{float(problem.vt_max_duration[vt]):g}")
    if distance > problem.vt_max_distance[vt] + _EPS:
        violations.append(f"{where}: distance {distance:g} > max_distance "
                          f"{float(problem.vt_max_distance[vt]):g}")
    cost = (float(problem.vt_fixed_cost[vt]) + float(problem.vt_cost_per_distance[vt]) * distance
            + float(problem.vt_cost_per_time[vt]) * duration)
    return RouteCheck(index=ri, vehicle_type=vt, stops=stops, distance=distance,
                      duration=duration, departure=departure, end=end, cost=cost,
                      load=delivered, max_load=max_load, service_start=begin, arrival=arrival,
                      break_start=tuple(break_start))
