"""check_routes: the independent route checker. It recomputes every cost and lists every
broken rule as a ``Violation`` record.

It shares no code with any engine (the native search, the VROOM adapter and its route
evaluation in ``routing.schedule``) and no engine calls it: it reads the problem's arrays,
takes travel edge by edge through the problem's travel seam (``problem.legs``) and
replays each route event by event. The semantics it checks are those of
``docs/formats.md`` (routing): departure ``max(shift_start, open - travel)`` of the
window the first stop reaches from the shift start (or of the first break when one comes
first), service at ``max(arrival, open)`` of the first window whose close >= arrival,
breaks in VROOM's model (the vehicle drives while it waits for a break window), back by
``shift_end``; route cost = fixed + per-distance * distance + per-time * (end -
departure); solution cost = route costs + penalties of optional stops left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import UNASSIGNED_REASONS, RoutingSolution
from lastleg.routing.violations import Violation

TOLERANCE = 1e-6


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
    arrival: np.ndarray  # per stop
    service_start: np.ndarray  # per stop
    break_start: list[tuple[int, int, float]] = field(default_factory=list)


@dataclass
class CheckResult:
    """``ok`` is True when nothing is violated; ``cost`` is recomputed from scratch."""

    cost: float
    violations: list[Violation]
    routes: list[RouteCheck]
    unassigned: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    penalty: float = 0.0
    #: mandatory stops on no route (allowed only with a reason; benchmarks count them)
    n_unassigned_mandatory: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def messages(self) -> list[str]:
        return [v.message for v in self.violations]

    def kinds(self) -> set[str]:
        return {v.kind for v in self.violations}

    def __repr__(self) -> str:
        return (f"CheckResult(ok={self.ok}, cost={self.cost!r}, routes={len(self.routes)}, "
                f"violations={len(self.violations)})")


def _first_open(windows: np.ndarray, t: float) -> float | None:
    """When service (or a break) can start for arrival t; None: every window is closed."""
    for start, close in windows:
        if t <= close + TOLERANCE:
            return max(t, float(start))
    return None


class _Replay:
    """Replays one route event by event (drive, maybe break, serve)."""

    def __init__(self, p: RoutingProblem, index: int, vt: int, stops: np.ndarray,
                 breaks: Sequence[tuple[int, int, float]], out: list[Violation]) -> None:
        self.p, self.index, self.vt, self.stops, self.out = p, index, vt, stops, out
        self.breaks = {pos: sorted((b for b in breaks if int(b[1]) == pos), key=lambda b: b[2])
                       for pos in {int(b[1]) for b in breaks}}

    def flag(self, kind: str, **kw: Any) -> None:
        self.out.append(Violation(kind, route=self.index, vehicle_type=self.vt, **kw))

    def run(self) -> RouteCheck:
        p, vt, stops = self.p, self.vt, self.stops
        start, end_depot = int(p.vt_start_depot[vt]), int(p.vt_end_depot[vt])
        places = [start, *(p.n_depots + int(s) for s in stops)]
        if end_depot >= 0:
            places.append(end_depot)
        dist, raw = p.legs(np.array(places[:-1]), np.array(places[1:]))
        drive = raw / p.vt_speed_factor[vt]
        if not np.isfinite(dist).all() or not np.isfinite(drive).all():
            self.flag("unreachable", detail="a leg of the route has no path")
        self.check_vehicle_rules()
        t = leave = self.leave_time(float(drive[0]))
        arrival, service_start = np.zeros(len(stops)), np.zeros(len(stops))
        taken: list[tuple[int, int, float]] = []
        for k, s in enumerate(stops):
            t, rest = self.rest(k, t, float(drive[k]), taken)
            arrival[k] = t + rest
            begin = _first_open(p.stop_windows(int(s)), arrival[k])
            if begin is None:
                self.flag("time_window", stop=int(s), amount=float(arrival[k]),
                          limit=float(p.stop_windows(int(s))[:, 1].max()))
                begin = float(arrival[k])
            service_start[k] = begin
            t = begin + float(p.service[s])
        back = float(drive[-1]) if end_depot >= 0 else 0.0
        t, rest = self.rest(len(stops), t, back, taken)
        end = t + rest
        if end > p.vt_shift[vt, 1] + TOLERANCE:
            self.flag("shift", amount=end, limit=float(p.vt_shift[vt, 1]))
        distance, duration = float(np.sum(dist)), end - leave
        for kind, value, limit in (("max_duration", duration, p.vt_max_duration[vt]),
                                   ("max_distance", distance, p.vt_max_distance[vt])):
            if value > limit + TOLERANCE:
                self.flag(kind, amount=value, limit=float(limit))
        cost = (p.vt_fixed_cost[vt] + p.vt_cost_per_distance[vt] * distance
                + p.vt_cost_per_time[vt] * duration)
        return RouteCheck(self.index, vt, stops, distance, duration, leave, end, float(cost),
                          arrival, service_start, taken)

    def check_vehicle_rules(self) -> None:
        """Skills, stop count, the load at every point, and which breaks are taken."""
        p, vt, stops = self.p, self.vt, self.stops
        if 0 <= p.vt_max_stops[vt] < len(stops):
            self.flag("max_stops", amount=len(stops), limit=float(p.vt_max_stops[vt]))
        for s in stops:
            lacking = p.stop_skills[s] - p.vt_skills[vt]
            if lacking:
                self.flag("skills", stop=int(s), detail=f"lacks {sorted(lacking)}")
        self.on_board = self.loads()
        for k, load in enumerate(self.on_board):
            self.over(load, None if k == 0 else int(stops[k - 1]))
        listed = [int(b[0]) for group in self.breaks.values() for b in group]
        defined = len(p.vt_breaks[vt])
        if sorted(listed) != list(range(defined)):
            self.flag("break_missing" if len(set(listed)) == len(listed) else "break_twice",
                      detail=f"breaks taken {sorted(listed)}, defined {defined}")
        for pos in self.breaks:
            if not 0 <= pos <= len(stops):
                self.flag("break_position", detail=f"position {pos}")

    def over(self, load: np.ndarray, stop: int | None) -> None:
        cap = self.p.vt_capacity[self.vt]
        if (load > cap).any():
            self.flag("capacity", stop=stop, detail=f"on board {load.tolist()}, capacity "
                      f"{cap.tolist()}")

    def leave_time(self, first_drive: float) -> float:
        p, vt = self.p, self.vt
        shift_start = float(p.vt_shift[vt, 0])
        if 0 in self.breaks:
            b = int(self.breaks[0][0][0])
            if 0 <= b < len(p.vt_breaks[vt]):
                opens = _first_open(np.array(p.vt_breaks[vt][b].time_windows, dtype=float),
                                    shift_start)
                if opens is not None:
                    return max(shift_start, opens - first_drive)
            return shift_start
        for start, close in p.stop_windows(int(self.stops[0])):
            if shift_start + first_drive <= close + TOLERANCE:
                return max(shift_start, float(start) - first_drive)
        return max(shift_start, float(p.stop_windows(int(self.stops[0]))[0, 0]) - first_drive)

    def rest(self, pos: int, t: float, drive: float, taken: list[tuple[int, int, float]]
             ) -> tuple[float, float]:
        """Breaks at position ``pos`` (before the next drive): returns when they end and
        how much of the drive is left (driving goes on while waiting for a window)."""
        defs = self.p.vt_breaks[self.vt]
        for b, _, _ in self.breaks.get(pos, []):
            b = int(b)
            if not 0 <= b < len(defs):
                self.flag("break_unknown", detail=f"break {b}")
                continue
            begin = _first_open(np.array(defs[b].time_windows, dtype=float), t)
            if begin is None:
                self.flag("break_window", amount=t, detail=f"break {b} after {pos} stops")
                begin = t
            if defs[b].max_load is not None:
                load = self.on_board[pos]
                if (load > np.asarray(defs[b].max_load)).any():
                    self.flag("break_load", detail=f"break {b} with {load.tolist()} on board")
            drive -= min(drive, begin - t)
            taken.append((b, pos, begin))
            t = begin + float(defs[b].service)
        return t, drive

    def loads(self) -> list[np.ndarray]:
        """On board when leaving each position (0: the depot, k: after k stops): every
        delivery is loaded at the depot, a pickup rides to the end, a shipment from its
        pickup to its delivery."""
        p = self.p
        picked = {int(a) for a, _ in p.shipments}
        dropped = {int(b) for _, b in p.shipments}
        load = sum((p.demand[s] for s in self.stops if int(s) not in picked
                    and int(s) not in dropped), np.zeros(p.n_dims, dtype=np.int64))
        out = [load]
        for s in self.stops.tolist():
            load = load + (p.demand[s] if s in picked else -p.demand[s] if s in dropped
                           else p.pickup[s] - p.demand[s])
            out.append(load)
        return out


def _as_routes(routes: RoutingSolution | Sequence[Any]) -> list[tuple[int, np.ndarray, tuple]]:
    if isinstance(routes, RoutingSolution):
        return [(int(r.vehicle_type), np.asarray(r.stops, dtype=np.int64), tuple(r.breaks))
                for r in routes.routes]
    return [(int(item[0]), np.asarray(item[1], dtype=np.int64).ravel(),
             tuple(item[2]) if len(item) > 2 else ()) for item in routes]


def check_routes(problem: RoutingProblem, routes: RoutingSolution | Sequence[Any]
                 ) -> CheckResult:
    """Check a solution (a ``RoutingSolution``, or ``(vehicle_type, stops)`` pairs with stop
    indices 0..n_stops-1, optionally ``(vehicle_type, stops, breaks)``). A stop on no route
    is unassigned: its penalty is paid when optional; a mandatory one needs the solution
    to list it with a reason."""
    p, n = problem, problem.n_stops
    out: list[Violation] = []
    served_by = np.full(n, -1)
    used = np.zeros(p.n_vehicle_types, dtype=np.int64)
    checked: list[RouteCheck] = []
    for i, (vt, stops, breaks) in enumerate(_as_routes(routes)):
        if not 0 <= vt < p.n_vehicle_types:
            out.append(Violation("vehicle_type", route=i, detail=f"type {vt} does not exist"))
            continue
        if ((stops < 0) | (stops >= n)).any():
            out.append(Violation("stop_index", route=i, detail=f"indices outside 0..{n - 1}"))
            continue
        for s in stops.tolist():
            if served_by[s] >= 0:
                out.append(Violation("stop_twice", route=i, stop=s,
                                     detail=f"also on route {served_by[s]}"))
            served_by[s] = i
        if len(stops):
            used[vt] += 1
            checked.append(_Replay(p, i, vt, stops, breaks, out).run())
        elif breaks:
            out.append(Violation("break_position", route=i, detail="breaks on an empty route"))
    for vt in np.flatnonzero(used > p.vt_count):
        out.append(Violation("fleet_size", vehicle_type=int(vt), amount=float(used[vt]),
                             limit=float(p.vt_count[vt])))
    _check_shipments(p, _as_routes(routes), served_by, out)
    unassigned = np.flatnonzero(served_by < 0)
    penalty = _check_unassigned(p, routes, served_by, unassigned, out)
    cost = sum(r.cost for r in checked) + penalty
    if isinstance(routes, RoutingSolution) and \
            abs(routes.cost - cost) > TOLERANCE * max(1.0, abs(cost)):
        out.append(Violation("cost", amount=routes.cost, detail=f"recomputed {cost!r}"))
    return CheckResult(cost=float(cost), violations=out, routes=checked,
                       unassigned=unassigned, penalty=penalty,
                       n_unassigned_mandatory=int(np.isinf(p.penalty[unassigned]).sum()))


def _check_shipments(p: RoutingProblem, routes: list[tuple[int, np.ndarray, tuple]],
                     served_by: np.ndarray, out: list[Violation]) -> None:
    position: dict[int, int] = {}
    for _, stops, _ in routes:
        for k, s in enumerate(stops.tolist()):
            if 0 <= s < p.n_stops:
                position[s] = k
    for j, (a, b) in enumerate(p.shipments.tolist()):
        ra, rb = served_by[a], served_by[b]
        if (ra < 0) != (rb < 0) or (ra >= 0 and ra != rb):
            out.append(Violation("shipment", stop=a, detail=f"shipment {j}: pickup on route "
                                 f"{ra}, delivery on route {rb}"))
        elif ra >= 0 and position[a] > position[b]:
            out.append(Violation("shipment", route=int(ra), stop=b,
                                 detail=f"shipment {j}: delivered before its pickup"))


def _check_unassigned(p: RoutingProblem, routes: Any, served_by: np.ndarray,
                      unassigned: np.ndarray, out: list[Violation]) -> float:
    """The solution's list of unassigned stops agrees with the routes; returns the
    penalties of the optional stops left out."""
    reason_of: dict[int, str] = {}
    if isinstance(routes, RoutingSolution):
        listed, reasons = routes.unassigned.tolist(), list(routes.unassigned_reasons)
        if reasons and len(reasons) != len(listed):
            out.append(Violation("reason", detail=f"{len(listed)} stops, {len(reasons)} "
                                 "reasons"))
        for k, s in enumerate(listed):
            if not 0 <= s < p.n_stops:
                out.append(Violation("stop_index", stop=s, detail="listed unassigned"))
                continue
            if s in reason_of:
                out.append(Violation("unassigned", stop=s, detail="listed twice"))
            if served_by[s] >= 0:
                out.append(Violation("unassigned", stop=s,
                                     detail=f"listed unassigned but on route {served_by[s]}"))
            why = reasons[k] if k < len(reasons) else ""
            if why and why not in UNASSIGNED_REASONS:
                out.append(Violation("reason", stop=s, detail=f"unknown reason {why!r}"))
            reason_of[s] = why
    penalty = 0.0
    for s in unassigned.tolist():
        if math.isfinite(p.penalty[s]):
            penalty += float(p.penalty[s])
        elif not reason_of.get(s):
            out.append(Violation("unassigned", stop=s, detail="mandatory, not served, no "
                                 "reason given"))
    return penalty
