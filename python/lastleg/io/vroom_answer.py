"""A routing solution in VROOM's output format (``write_vroom_json``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from lastleg.routing.problem import RoutingProblem
from lastleg.routing.schedule import RouteSchedule, schedule_route
from lastleg.routing.solution import RoutingSolution

_TOTALS = ("cost", "duration", "service", "waiting_time", "distance", "priority")


def _num(x: float) -> int | float:
    """A number as VROOM prints it: an integer when it is one."""
    r = round(float(x))
    return r if abs(r - x) < 1e-6 else round(float(x), 3)


class _Answer:
    def __init__(self, problem: RoutingProblem) -> None:
        self.p = problem
        self.picks = {int(a) for a, _ in problem.shipments}
        self.drops = {int(b) for _, b in problem.shipments}
        self.delivered = np.zeros(problem.n_dims, dtype=np.int64)
        self.picked = np.zeros(problem.n_dims, dtype=np.int64)

    def where(self, loc: int) -> dict[str, Any]:
        """A location as VROOM writes it: the input's matrix index, or [lon, lat]."""
        p = self.p
        if p.location_index is not None:
            return {"location_index": int(p.location_index[loc])}
        if p.coords is not None and p.metric in ("haversine", "matrix"):  # (lat, lon) points
            lat, lon = p.coords[loc]
            return {"location": [float(lon), float(lat)]}
        return {"location_index": loc}

    def kind(self, s: int) -> str:
        return "pickup" if s in self.picks else "delivery" if s in self.drops else "job"

    def unload(self, s: int, load: np.ndarray) -> np.ndarray:
        """The load after stop s, counting what the solution delivers and picks up."""
        p = self.p
        if s in self.picks:
            self.picked += p.demand[s]
            return load + p.demand[s]
        self.delivered += p.demand[s]
        if s in self.drops:
            return load - p.demand[s]
        self.picked += p.pickup[s]
        return load - p.demand[s] + p.pickup[s]

    def route(self, rc: RouteSchedule, index: int) -> dict[str, Any]:
        p, vt = self.p, rc.vehicle_type
        name = p.vehicle_type_names[vt]
        start, end = int(p.vt_start_depot[vt]), int(p.vt_end_depot[vt])
        places = [start, *(p.n_depots + int(s) for s in rc.stops)]
        legs_d, legs_t = p.legs(np.array(places + ([end] if end >= 0 else []))[:-1],
                                np.array(places[1:] + ([end] if end >= 0 else [])))
        legs_t = legs_t / float(p.vt_speed_factor[vt])
        at = {"travel": 0.0, "distance": 0.0, "service": 0.0, "waiting": 0.0}
        load = rc.load.copy()
        steps = [{"type": "start", **self.where(start), "arrival": _num(rc.departure),
                  "duration": 0, "distance": 0, "service": 0, "waiting_time": 0,
                  "load": load.tolist()}]
        for k, s in enumerate(rc.stops.tolist()):
            steps += self.breaks(rc, k, places[k], at, load)
            at["travel"] += legs_t[k]
            at["distance"] += legs_d[k]
            load = self.unload(s, load)
            wait = rc.service_start[k] - rc.arrival[k]
            at["waiting"] += wait
            at["service"] += float(p.service[s])
            steps.append({"type": self.kind(s), "id": int(p.stop_ids[s]),
                          "job": int(p.stop_ids[s]), **self.where(places[k + 1]),
                          "arrival": _num(rc.arrival[k]), "duration": _num(at["travel"]),
                          "service": _num(p.service[s]), "waiting_time": _num(wait),
                          "distance": _num(at["distance"]), "load": load.tolist()})
        steps += self.breaks(rc, len(rc.stops), places[-1], at, load)
        if end >= 0:
            at["travel"] += legs_t[-1]
            at["distance"] += legs_d[-1]
            steps.append({"type": "end", **self.where(end), "arrival": _num(rc.end),
                          "duration": _num(at["travel"]), "distance": _num(at["distance"]),
                          "service": 0, "waiting_time": 0, "load": load.tolist()})
        cost = (float(p.vt_fixed_cost[vt]) + float(p.vt_cost_per_distance[vt]) * at["distance"]
                + float(p.vt_cost_per_time[vt]) * at["travel"])
        return {"vehicle": int(name) if name.isdigit() else index, "cost": cost,
                "duration": at["travel"], "service": at["service"],
                "waiting_time": at["waiting"], "distance": at["distance"],
                "priority": int(p.priority[rc.stops].sum()), "delivery": rc.load.tolist(),
                "steps": steps}

    def breaks(self, rc: RouteSchedule, pos: int, loc: int, at: dict[str, float],
               load: np.ndarray) -> list[dict[str, Any]]:
        out = []
        for b, k, t in rc.break_start:
            if k != pos:
                continue
            bd = self.p.vt_breaks[rc.vehicle_type][b]
            at["service"] += bd.service
            out.append({"type": "break", "id": bd.id, **self.where(loc), "arrival": _num(t),
                        "duration": _num(at["travel"]), "service": _num(bd.service),
                        "waiting_time": 0, "distance": _num(at["distance"]),
                        "load": load.tolist()})
        return out


def write_vroom_json(problem: RoutingProblem, solution: RoutingSolution) -> dict[str, Any]:
    """``solution`` in VROOM's output format (``code``, ``summary``, ``unassigned``,
    ``routes`` with ``steps``), plus the top-level ``engine`` key.

    Every step carries its own place (the input's ``location_index``, or ``location``
    for coordinates). Times, durations and distances follow lastleg's schedule
    (``routing.schedule``), printed as integers when they are; ``cost`` is VROOM's
    definition (fixed + cost per distance * distance + cost per time * *travel* time),
    which equals lastleg's cost when ``cost_per_time`` is 0. Stop ids are
    ``problem.stop_ids``; vehicle ids are the vehicle type names when they are integers
    (VROOM JSON input), else the route's index."""
    answer = _Answer(problem)
    routes = [answer.route(schedule_route(problem, r.vehicle_type, r.stops, r.breaks), i)
              for i, r in enumerate(x for x in solution.routes if len(x.stops))]
    totals = {key: sum(r[key] for r in routes) for key in _TOTALS}
    for r in routes:
        for key in _TOTALS:
            r[key] = _num(r[key])
    reasons = solution.unassigned_reasons
    unassigned = [{"id": int(problem.stop_ids[s]), "type": answer.kind(int(s)),
                   **answer.where(problem.n_depots + int(s)),
                   **({"reason": reasons[i]} if i < len(reasons) else {})}
                  for i, s in enumerate(solution.unassigned)]
    summary: dict[str, Any] = {k: _num(v) for k, v in totals.items()}
    summary.update(routes=len(routes), unassigned=len(unassigned),
                   delivery=answer.delivered.tolist(), pickup=answer.picked.tolist(),
                   violations=[])
    return {"code": 0, "summary": summary, "unassigned": unassigned, "routes": routes,
            "engine": solution.engine}
