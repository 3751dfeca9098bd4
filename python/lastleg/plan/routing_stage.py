"""The routing stage of a plan: one routing problem per node over its fleet parcels,
solved in parallel (each solve releases the GIL), plus the measured marginal cost of
each delivery for the routing-aware feedback round."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from lastleg.assignment.problem import AssignmentProblem
from lastleg.plan.fleet import Fleet
from lastleg.plan.parcels import FLEET, Parcels
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import RoutingSolution

Progress = Callable[[str, int, int, float], None]


@dataclass
class NodeRouting:
    """One node's delivery problem: stop i is parcel ``parcel[i]``."""

    node: int
    parcel: np.ndarray
    problem: RoutingProblem | None
    solution: RoutingSolution | None = None
    #: where the node's travel comes from when it is not the problem's formula (roads)
    travel: Any = None

    @property
    def routed(self) -> np.ndarray:
        """Per stop: routed or not."""
        ok = np.ones(len(self.parcel), dtype=bool)
        if self.solution is None:
            ok[:] = False
        else:
            ok[self.solution.unassigned] = False
        return ok

    def unrouted_reasons(self) -> dict[int, str]:
        """Parcel index -> reason for every parcel this node could not route."""
        if self.problem is None or self.solution is None:
            return {int(p): "no_vehicle" for p in self.parcel}
        return {int(self.parcel[s]): r for s, r in
                zip(self.solution.unassigned, self.solution.unassigned_reasons)}


def _node_travel(roads: Any, top_kmh: float | None) -> tuple[Any, float | None]:
    """A node's travel from a custom source (roads): capped at its fastest van when the
    source can cap speeds (a van is never faster than its limit); slower vans take
    longer in proportion to their speed."""
    if roads is None or top_kmh is None:
        return None, None
    if hasattr(roads, "with_speed_cap"):
        return roads.with_speed_cap(top_kmh), top_kmh
    return roads, top_kmh


def build_node_problems(
    problem: AssignmentProblem, parcels: Parcels, fleet: Fleet
) -> list[NodeRouting]:
    policy = problem.policy
    roads = problem.custom_travel
    out = []
    for node in np.unique(parcels.node[parcels.mode == FLEET]):
        idx = np.flatnonzero((parcels.node == node) & (parcels.mode == FLEET))
        top = fleet.top_speed_kmh(int(node))
        travel, road_speed = _node_travel(roads, top)
        types = fleet.vehicle_types(int(node), road_speed)
        if not types:
            out.append(NodeRouting(int(node), idx, None))
            continue
        orders = parcels.order[idx]
        tw = problem.order_tw[orders]
        windows = np.where(np.isnan(tw), np.array([0.0, math.inf]), tw)
        where: dict[str, Any] = ({"travel": travel} if travel is not None else
                                 {"metric": "haversine", "detour_factor": policy.detour_factor,
                                  "speed": 1.0})
        routing = RoutingProblem(
            depots=[[problem.node_lat[node], problem.node_lon[node]]],
            stops=np.column_stack([problem.order_lat[orders], problem.order_lon[orders]]),
            vehicle_types=types,
            demand=parcels.units[idx],
            service=policy.stop_service_s,
            time_windows=windows,
            name=problem.node_ids[node],
            **where,
        )
        out.append(NodeRouting(int(node), idx, routing, travel=travel))
    return out


def route_nodes(
    nodes: list[NodeRouting],
    *,
    time_limit: float | None,
    max_iterations: int | None,
    deadline: float | None = None,
    seed: int,
    threads: int,
    progress: Progress | None = None,
    client: Any = None,
) -> None:
    """Solve every node's problem in place; the biggest first, each on one thread
    (or each as a task on ``client``, a ``distributed.Client``: same answers). Each
    node gets its share of ``time_limit`` (times the threads), never past ``deadline``
    (a ``time.perf_counter()`` time)."""
    from lastleg.routing.solve import solve_routes

    work = [n for n in nodes if n.problem is not None and n.problem.n_stops > 0]
    work.sort(key=lambda n: -n.problem.n_stops)  # type: ignore[union-attr]
    total_stops = sum(n.problem.n_stops for n in work)  # type: ignore[union-attr]

    def budget(n: NodeRouting) -> float | None:
        if time_limit is None:
            return None
        share = time_limit * threads * n.problem.n_stops / max(total_stops, 1)  # type: ignore[union-attr]
        seconds = max(0.2, min(time_limit, share))
        if deadline is not None:
            seconds = min(seconds, deadline - time.perf_counter())
        return max(0.05, seconds)

    def solve(n: NodeRouting) -> NodeRouting:
        n.solution = solve_routes(
            n.problem, time_limit=budget(n), max_iterations=max_iterations,  # type: ignore[arg-type]
            seed=seed + n.node, threads=1,
        )
        return n

    if client is not None:
        from lastleg.distributed import map_solve

        sols = map_solve(client, [n.problem for n in work if n.problem is not None],
                         [seed + n.node for n in work],
                         [{"time_limit": budget(n), "max_iterations": max_iterations,
                           "threads": 1} for n in work])
        cost = 0.0
        for i, (n, sol) in enumerate(zip(work, sols)):
            n.solution = sol
            cost += sol.cost
            if progress is not None:
                progress("routing", i + 1, len(work), cost)
        return
    done, cost = 0, 0.0
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for n in pool.map(solve, work):
            done += 1
            cost += n.solution.cost  # type: ignore[union-attr]
            if progress is not None:
                progress("routing", done, len(work), cost)


def marginal_costs(n: NodeRouting) -> np.ndarray:
    """Per routed stop: what it adds to its route (detour at the vehicle's rates plus a
    share of the vehicle's fixed cost); NaN for unrouted stops."""
    out = np.full(len(n.parcel), np.nan)
    if n.problem is None or n.solution is None:
        return out
    p = n.problem
    for route in n.solution.routes:
        k = len(route.stops)
        if k == 0:
            continue
        vt = route.vehicle_type
        locs = np.concatenate([[0], p.n_depots + route.stops, [0]])  # 0: the depot
        leg = p.legs(locs[:-1], locs[1:])[0]
        skip = p.legs(locs[:-2], locs[2:])[0]
        detour = leg[:-1] + leg[1:] - skip
        per_m = p.vt_cost_per_distance[vt] + p.vt_cost_per_time[vt] / p.vt_speed_factor[vt]
        out[route.stops] = (detour * per_m + p.vt_cost_per_time[vt] * p.service[route.stops]
                            + p.vt_fixed_cost[vt] / k)
    return out
