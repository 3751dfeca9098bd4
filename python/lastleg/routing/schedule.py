"""Route evaluation for the VROOM adapter and the writers: the schedule, loads and cost
of one route in lastleg's semantics, and the rules it breaks as records.

This is engine-side code (the VROOM engine prices and repairs its answers with it, the
VROOM JSON writer reports its times). The independent checker (``routing.check``)
shares none of it.

Semantics (the definition both engines implement, ``docs/formats.md``): a route leaves
its start depot at ``max(shift_start, open - travel)`` of the window its first stop
reaches from the shift start; service starts at ``max(arrival, open)`` of the first window
whose close >= arrival; breaks follow VROOM's model (the vehicle drives while it waits
for a break window); it returns by ``shift_end``; ``duration = end - departure``; cost =
fixed + per-distance * distance + per-time * duration.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lastleg.routing.problem import RoutingProblem
from lastleg.routing.violations import Violation

_EPS = 1e-6

Breaks = Sequence[tuple[int, int, float]]


@dataclass
class RouteSchedule:
    """One route, evaluated. ``load`` is what the vehicle delivers (loaded at the start
    depot), ``max_load`` the most on board at any point, per dimension."""

    vehicle_type: int
    stops: np.ndarray
    distance: float
    duration: float
    departure: float
    end: float
    cost: float
    load: np.ndarray
    max_load: np.ndarray
    arrival: np.ndarray
    service_start: np.ndarray
    #: (break index, position = stops served before it, start time) per break taken
    break_start: tuple[tuple[int, int, float], ...] = ()
    violations: list[Violation] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations


def _window_start(windows: np.ndarray, t: float) -> float | None:
    for lo, hi in windows:
        if hi + _EPS >= t:
            return max(t, float(lo))
    return None


def shipment_roles(problem: RoutingProblem) -> tuple[np.ndarray, np.ndarray]:
    """Per stop: is it a shipment's pickup, is it a shipment's delivery."""
    pick = np.zeros(problem.n_stops, dtype=bool)
    drop = np.zeros(problem.n_stops, dtype=bool)
    if len(problem.shipments):
        pick[problem.shipments[:, 0]] = True
        drop[problem.shipments[:, 1]] = True
    return pick, drop


class _Route:
    """The state of one evaluation (split out so each step stays short)."""

    def __init__(self, problem: RoutingProblem, vt: int, stops: np.ndarray, brk: Breaks,
                 route: int | None) -> None:
        self.p, self.vt, self.stops, self.route = problem, vt, stops, route
        self.violations: list[Violation] = []
        self.breaks_def = problem.vt_breaks[vt]
        self.brk_at: dict[int, list[tuple[int, int, float]]] = {}
        for b in brk:
            self.brk_at.setdefault(int(b[1]), []).append((int(b[0]), int(b[1]), float(b[2])))
        self.break_start: list[tuple[int, int, float]] = []

    def add(self, kind: str, **where: object) -> None:
        self.violations.append(Violation(kind, route=self.route, vehicle_type=self.vt,
                                         **where))  # type: ignore[arg-type]

    def loads(self) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        p, stops = self.p, self.stops
        pick, drop = shipment_roles(p)
        plain = ~(pick[stops] | drop[stops])
        delivered = (p.demand[stops][plain].sum(axis=0) if plain.any()
                     else np.zeros(p.n_dims, dtype=np.int64)).astype(np.int64)
        cap = p.vt_capacity[self.vt]
        load = delivered.copy()
        on_board = [load.copy()]  # when leaving position k (k stops served)
        if (load > cap).any():
            self.add("capacity", detail=f"load {load.tolist()} > capacity {cap.tolist()} "
                     "at departure")
        for s in stops:
            load = load + (p.demand[s] if pick[s] else -p.demand[s] if drop[s]
                           else p.pickup[s] - p.demand[s])
            on_board.append(load.copy())
            if (load > cap).any():
                self.add("capacity", stop=int(s), detail=f"load {load.tolist()} > capacity "
                         f"{cap.tolist()}")
        return delivered, np.max(on_board, axis=0), on_board

    def check_breaks_listed(self) -> None:
        taken = [b for group in self.brk_at.values() for b, _, _ in group]
        for b in taken:
            if not 0 <= b < len(self.breaks_def):
                self.add("break_unknown", detail=f"break {b}")
        missing = sorted(set(range(len(self.breaks_def))) - set(taken))
        if missing:
            self.add("break_missing", detail=f"breaks {missing}")
        if len(set(taken)) != len(taken):
            self.add("break_twice")
        for k in self.brk_at:
            if not 0 <= k <= len(self.stops):
                self.add("break_position", detail=f"position {k}")

    def departure(self, first_leg: float) -> float:
        p, vt = self.p, self.vt
        shift_start = float(p.vt_shift[vt, 0])
        if 0 in self.brk_at:  # a break before the first stop: leave to start it on time
            b0 = min(self.brk_at[0], key=lambda x: x[2])[0]
            st0 = (_window_start(np.asarray(self.breaks_def[b0].time_windows, dtype=float),
                                 shift_start) if 0 <= b0 < len(self.breaks_def) else None)
            return shift_start if st0 is None else max(shift_start, st0 - first_leg)
        windows = p.stop_windows(int(self.stops[0]))
        first_open = float(windows[0, 0])
        for lo, hi in windows:
            if hi + _EPS >= shift_start + first_leg:
                first_open = float(lo)
                break
        return max(shift_start, first_open - first_leg)

    def take_breaks(self, k: int, t: float, travel: float, on_board: list[np.ndarray]
                    ) -> tuple[float, float]:
        """Breaks at position k: the vehicle drives while it waits for a break window,
        so a break starting at s >= t has covered min(travel, s - t) of the next leg."""
        for b, _, _ in sorted(self.brk_at.get(k, []), key=lambda x: x[2]):
            if not 0 <= b < len(self.breaks_def):
                continue
            bd = self.breaks_def[b]
            st = _window_start(np.asarray(bd.time_windows, dtype=np.float64), t)
            if st is None:
                self.add("break_window", amount=t, detail=f"break {b} after {k} stops")
                st = t
            if bd.max_load is not None and (on_board[k] > np.asarray(bd.max_load)).any():
                self.add("break_load", detail=f"break {b}: load {on_board[k].tolist()} above "
                         f"{list(bd.max_load)}")
            travel -= min(travel, st - t)
            self.break_start.append((b, k, st))
            t = st + float(bd.service)
        return t, travel


def schedule_route(problem: RoutingProblem, vt: int, stops: Sequence[int] | np.ndarray,
                   breaks: Breaks = (), *, route: int | None = None) -> RouteSchedule:
    """Evaluate one non-empty route of vehicle type ``vt`` (stops 0..n_stops-1 in visit
    order, breaks as (index, position, start time))."""
    stops = np.asarray(stops, dtype=np.int64)
    r = _Route(problem, vt, stops, breaks, route)
    nd = problem.n_depots
    end_depot = int(problem.vt_end_depot[vt])
    path = np.concatenate([[problem.vt_start_depot[vt]], stops + nd]
                          + ([[end_depot]] if end_depot >= 0 else []))
    dist, dur = problem.legs(path[:-1], path[1:])
    dur = dur / float(problem.vt_speed_factor[vt])
    if not (np.isfinite(dist).all() and np.isfinite(dur).all()):
        r.add("unreachable", detail="a leg has no path")
    for s in stops:
        need = problem.stop_skills[s]
        if not need <= problem.vt_skills[vt]:
            r.add("skills", stop=int(s), detail=f"needs {sorted(need - problem.vt_skills[vt])}")
    delivered, max_load, on_board = r.loads()
    r.check_breaks_listed()
    departure = t = r.departure(float(dur[0]))
    arrival, begin = np.empty(len(stops)), np.empty(len(stops))
    for k, s in enumerate(stops):
        t, left = r.take_breaks(k, t, float(dur[k]), on_board)
        arrival[k] = t + left
        st = _window_start(problem.stop_windows(int(s)), arrival[k])
        if st is None:
            r.add("time_window", stop=int(s), amount=float(arrival[k]),
                  limit=float(problem.stop_windows(int(s))[-1, 1]))
            st = float(arrival[k])
        begin[k] = st
        t = st + float(problem.service[s])
    t, left = r.take_breaks(len(stops), t, float(dur[-1]) if end_depot >= 0 else 0.0, on_board)
    end = t + left
    shift_end = float(problem.vt_shift[vt, 1])
    if end > shift_end + _EPS:
        r.add("shift", amount=end, limit=shift_end)
    distance, duration = float(dist.sum()), end - departure
    limits = (("max_stops", len(stops), float(problem.vt_max_stops[vt])
               if problem.vt_max_stops[vt] >= 0 else math.inf),
              ("max_duration", duration, float(problem.vt_max_duration[vt])),
              ("max_distance", distance, float(problem.vt_max_distance[vt])))
    for kind, value, limit in limits:
        if value > limit + _EPS:
            r.add(kind, amount=float(value), limit=limit)
    cost = (float(problem.vt_fixed_cost[vt]) + float(problem.vt_cost_per_distance[vt]) * distance
            + float(problem.vt_cost_per_time[vt]) * duration)
    return RouteSchedule(vehicle_type=vt, stops=stops, distance=distance, duration=duration,
                         departure=departure, end=end, cost=cost, load=delivered,
                         max_load=max_load, arrival=arrival, service_start=begin,
                         break_start=tuple(r.break_start), violations=r.violations)
