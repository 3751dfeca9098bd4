"""An independent recompute of routing solutions for the tests.

Shares no code with the engine: distances come from numpy formulas, schedules
are simulated stop by stop with the semantics of RoutingProblem.
"""

from __future__ import annotations

import math

import numpy as np

from lastleg import RoutingProblem, RoutingSolution

EARTH_RADIUS_M = 6371008.8


def distance(p: RoutingProblem, i: int, j: int) -> float:
    if p.metric == "matrix":
        return float(p.distance_matrix[i, j])
    a, b = p.coords[i], p.coords[j]
    if p.metric == "haversine":
        lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return p.detour_factor * 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))
    d = math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)
    if p.metric == "euclidean_rounded":
        return float(math.floor(d + 0.5))
    if p.metric == "euclidean_truncated":
        return math.floor(10 * d) / 10
    return d


def duration(p: RoutingProblem, vt: int, i: int, j: int) -> float:
    if p.metric == "matrix" and p.duration_matrix is not None:
        base = float(p.duration_matrix[i, j])
    else:
        base = distance(p, i, j) / p.speed
    return base / float(p.vt_speed_factor[vt])


def check(p: RoutingProblem, sol: RoutingSolution, tol: float = 1e-6) -> list[str]:
    """Every violation found; also checks the reported costs."""
    errors: list[str] = []
    seen = np.zeros(p.n_stops, dtype=np.int64)
    used = np.zeros(len(p.vt_count), dtype=np.int64)
    total = 0.0
    nd = p.n_depots
    for k, r in enumerate(sol.routes):
        vt = r.vehicle_type
        used[vt] += 1
        start, end = int(p.vt_start_depot[vt]), int(p.vt_end_depot[vt])
        shift_start, shift_end = p.vt_shift[vt]
        stops = [int(s) for s in r.stops]
        if not stops:
            continue
        for s in stops:
            seen[s] += 1
        load = p.demand[stops].sum(axis=0)
        if (load > p.vt_capacity[vt]).any():
            errors.append(f"route {k}: load {load} > capacity")
        if p.vt_max_stops[vt] >= 0 and len(stops) > p.vt_max_stops[vt]:
            errors.append(f"route {k}: too many stops")
        tt0 = duration(p, vt, start, nd + stops[0])
        w0 = p.time_windows[p.tw_offsets[stops[0]] : p.tw_offsets[stops[0] + 1]]
        reach = [w for w in w0 if w[1] >= shift_start + tt0 - tol]
        first_open = reach[0][0] if reach else w0[0][0]
        depart = max(shift_start, first_open - tt0)
        t = shift_start
        dist = 0.0
        prev = start
        for idx, s in enumerate(stops):
            loc = nd + s
            dist += distance(p, prev, loc)
            a = t + duration(p, vt, prev, loc)
            windows = p.time_windows[p.tw_offsets[s] : p.tw_offsets[s + 1]]
            ok = [w for w in windows if w[1] >= a - tol]
            if not ok:
                errors.append(f"route {k}: stop {s} arrives at {a} after its windows")
                ss = a
            else:
                ss = max(a, ok[0][0])
            if abs(ss - r.arrival[idx]) > 1e-6 * max(1.0, abs(ss)):
                errors.append(f"route {k}: stop {s} service start {r.arrival[idx]} != {ss}")
            t = ss + p.service[s]
            prev = loc
        if end >= 0:
            dist += distance(p, prev, end)
            t += duration(p, vt, prev, end)
            if t > shift_end + tol:
                errors.append(f"route {k}: back at {t} after shift end {shift_end}")
        dur = t - depart
        if dist > p.vt_max_distance[vt] + tol:
            errors.append(f"route {k}: distance {dist} > max")
        if dur > p.vt_max_duration[vt] + tol:
            errors.append(f"route {k}: duration {dur} > max")
        cost = (
            p.vt_fixed_cost[vt] + p.vt_cost_per_distance[vt] * dist + p.vt_cost_per_time[vt] * dur
        )
        if abs(cost - r.cost) > 1e-6 * max(1.0, cost):
            errors.append(f"route {k}: cost {r.cost} != {cost}")
        if abs(dist - r.distance) > 1e-6 * max(1.0, dist):
            errors.append(f"route {k}: distance {r.distance} != {dist}")
        total += cost
    if (used > p.vt_count).any():
        errors.append(f"vehicles used {used} > available {p.vt_count}")
    for s in sol.unassigned:
        seen[int(s)] += 1
        if math.isfinite(p.penalty[s]):
            total += float(p.penalty[s])
    if (seen != 1).any():
        errors.append(f"stops not exactly once: {np.flatnonzero(seen != 1)[:10]}")
    if len(sol.unassigned_reasons) != len(sol.unassigned):
        errors.append("one reason per unassigned stop expected")
    if abs(total - sol.cost) > 1e-6 * max(1.0, total):
        errors.append(f"solution cost {sol.cost} != recomputed {total}")
    return errors
