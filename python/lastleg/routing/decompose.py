"""Decomposition for large routing problems (10k-100k stops).

The whole problem is solved once by the native engine (construction plus a short
search, on-the-fly distances and k-nearest lists: memory ~ n·k). Then, round after
round, the routes of the current solution are grouped by the polar angle of their
barycentre around the depot (the sweep starts at a different angle each round, so
the partitions differ), each group of a few hundred to a few thousand stops becomes
a sub-problem with exactly the vehicles its routes use, the sub-problems are solved
in parallel (each solve releases the GIL) and each answer replaces its group's
routes only when it is cheaper and serves every stop the group served.

Determinism: under an iteration limit every sub-problem's seed is derived from
``(seed, round, group)`` and the answers are merged in group order, so the result
depends on the seed and never on ``threads``.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from lastleg import _core
from lastleg.errors import InputError
from lastleg.routing.params import SearchParams
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import Route, RoutingSolution
from lastleg.routing.solve import solve_routes, uses_vroom_only_features

#: below this many stops ``solve_routes`` alone is used
DEFAULT_MIN_STOPS = 50_000
#: stops per sub-problem (a group closes once it holds at least this many)
DEFAULT_GROUP_STOPS = 1000


def can_decompose(problem: RoutingProblem) -> bool:
    """Coordinates, no VROOM-only features, and a single depot every route uses."""
    return (problem.coords is not None and problem.metric != "matrix"
            and not uses_vroom_only_features(problem))


def subproblem(problem: RoutingProblem, stops: np.ndarray, vt_count: np.ndarray,
               name: str = "") -> RoutingProblem:
    """The problem restricted to ``stops`` (stop i of the result is ``stops[i]``),
    the same depots, and ``vt_count`` vehicles of each type. Arrays are sliced, not
    revalidated (the parent was validated)."""
    stops = np.asarray(stops, dtype=np.int64)
    assert problem.coords is not None
    nd = problem.n_depots
    off = problem.tw_offsets
    lens = off[stops + 1] - off[stops]
    new_off = np.zeros(len(stops) + 1, dtype=off.dtype)
    np.cumsum(lens, out=new_off[1:])
    rows = (np.concatenate([np.arange(off[s], off[s + 1]) for s in stops])
            if len(stops) and int(lens.sum()) != len(stops) else off[stops])
    sub = object.__new__(RoutingProblem)
    state = dict(problem.__dict__)
    state.update(
        name=name or problem.name,
        n_stops=len(stops),
        coords=np.concatenate([problem.coords[:nd], problem.coords[nd + stops]]),
        demand=problem.demand[stops],
        service=problem.service[stops],
        tw_offsets=new_off,
        time_windows=problem.time_windows[rows],
        penalty=problem.penalty[stops],
        vt_count=np.asarray(vt_count, dtype=np.int64),
        stop_skills=tuple(problem.stop_skills[s] for s in stops) if problem.stop_skills else (),
        pickup=problem.pickup[stops],
        priority=problem.priority[stops],
        stop_ids=problem.stop_ids[stops],
    )
    for v in state.values():
        if isinstance(v, np.ndarray):
            v.flags.writeable = False
    sub.__dict__.update(state)
    return sub


def _groups(problem: RoutingProblem, routes: list[Route], angle0: float,
            group_stops: int) -> list[list[int]]:
    """Route indices grouped by the polar angle of their barycentre around their
    depot, sweeping from ``angle0``; each group closes at ``group_stops`` stops."""
    assert problem.coords is not None
    nd = problem.n_depots
    idx = [i for i, r in enumerate(routes) if len(r.stops) > 0]
    if not idx:
        return []
    ang = np.empty(len(idx))
    for j, i in enumerate(idx):
        r = routes[i]
        c = problem.coords[nd + r.stops].mean(axis=0)
        d = problem.coords[r.depot]
        ang[j] = (math.atan2(c[1] - d[1], c[0] - d[0]) - angle0) % (2 * math.pi)
    order = np.lexsort((np.array(idx), ang))
    groups: list[list[int]] = [[]]
    size = 0
    for j in order:
        i = idx[int(j)]
        groups[-1].append(i)
        size += len(routes[i].stops)
        if size >= group_stops:
            groups.append([])
            size = 0
    if not groups[-1]:
        groups.pop()
    # a small last group joins the first (the sweep is circular)
    if len(groups) > 1 and sum(len(routes[i].stops) for i in groups[-1]) < group_stops // 2:
        groups[0] = groups.pop() + groups[0]
    return groups


def _remap(route: Route, stops: np.ndarray) -> Route:
    return replace(route, stops=stops[route.stops])


def _split(problem: RoutingProblem, routes: list[Route], rnd: int, group_stops: int
           ) -> list[tuple[list[int], np.ndarray, RoutingProblem]]:
    """This round's sub-problems: (route indices, their stops, the sub-problem)."""
    angle0 = (rnd * 0.61803398875 % 1.0) * 2 * math.pi
    out = []
    for members in _groups(problem, routes, angle0, group_stops):
        stops = np.concatenate([routes[i].stops for i in members]).astype(np.int64)
        counts = np.bincount([routes[i].vehicle_type for i in members],
                             minlength=problem.n_vehicle_types)
        out.append((members, stops, subproblem(problem, stops, counts)))
    return out


def _merge(routes: list[Route], members: list[int], stops: np.ndarray,
           answer: RoutingSolution) -> bool:
    """Take a sub-problem's answer when it is cheaper and serves every stop; the group's
    vehicles are reused slot by slot and spare slots become empty."""
    old = sum(routes[i].cost for i in members)
    if len(answer.unassigned) or not answer.cost < old - 1e-9 * max(1.0, abs(old)):
        return False
    new = [_remap(r, stops) for r in answer.routes if len(r.stops) > 0]
    for slot, i in enumerate(members):
        routes[i] = new[slot] if slot < len(new) else replace(
            routes[i], stops=np.zeros(0, np.int64), arrival=np.zeros(0),
            load=np.zeros_like(routes[i].load), distance=0.0, duration=0.0, cost=0.0)
    return True


def solve_decomposed(
    problem: RoutingProblem,
    *,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    threads: int | None = None,
    rounds: int | None = None,
    group_stops: int = DEFAULT_GROUP_STOPS,
    initial: RoutingSolution | None = None,
    initial_iterations: int = 0,
    params: SearchParams | None = None,
) -> RoutingSolution:
    """Solve a very large problem (50k+ stops) by route-based decomposition (see the
    module doc).

    The first solution is the engine's construction and local search on the whole
    problem (``initial_iterations`` more search steps, or ``initial`` given). With
    ``time_limit`` the rounds then run until it is spent (``rounds`` caps them). Without
    it every sub-problem runs ``max_iterations`` iterations (default: 100 per stop) and
    ``rounds`` (default 4) rounds run; the answer then depends on ``seed`` only, never
    on ``threads``.
    """
    if not can_decompose(problem):
        raise InputError("problem", "decomposition needs coordinates and no VROOM-only features")
    if group_stops < 2:
        raise InputError("group_stops", f"must be >= 2, got {group_stops}")
    threads = threads or int(_core.build_info()["hardware_threads"])
    start = time.perf_counter()
    deadline = None if time_limit is None else start + time_limit
    rounds = rounds if rounds is not None else (1_000_000 if time_limit is not None else 4)
    if initial is None:  # construction + local search on the whole problem (no matrix)
        initial = solve_routes(problem, max_iterations=initial_iterations, seed=seed,
                               threads=threads, engine="native", params=params)
    first_time = time.perf_counter() - start
    routes = list(initial.routes)
    stats = {"iterations": initial.iterations, "subproblems": 0, "improved": 0, "rounds": 0}
    for rnd in range(rounds):
        if deadline is not None and time.perf_counter() >= deadline - 0.05:
            break
        subs = _split(problem, routes, rnd, group_stops)
        if not subs:
            break
        budget = None
        if deadline is not None:  # every group the same slice; groups run threads at a time
            waves = max(1, math.ceil(len(subs) / threads))
            budget = min(max(0.05, (deadline - time.perf_counter()) / waves),
                         max(1.0, 0.25 * (time_limit or 0.0) / waves))

        def solve_one(g: int, budget: float | None = budget, rnd: int = rnd,
                      subs: list = subs) -> RoutingSolution:
            sub = subs[g][2]
            iters = max_iterations if max_iterations is not None else (
                None if budget is not None else 100 * sub.n_stops)
            return solve_routes(sub, time_limit=budget, max_iterations=iters,
                                seed=seed * 1_000_003 + rnd * 10_007 + g, threads=1,
                                engine="native", params=params)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            answers = list(pool.map(solve_one, range(len(subs))))
        for (members, stops, _), ans in zip(subs, answers):
            stats["subproblems"] += 1
            stats["iterations"] += ans.iterations
            stats["improved"] += _merge(routes, members, stops, ans)
        stats["rounds"] += 1
    penalty = float(problem.penalty[initial.unassigned].sum()) if len(initial.unassigned) else 0.0
    kept = tuple(r for r in routes if len(r.stops) > 0)
    return replace(initial, cost=float(sum(r.cost for r in kept))
                   + (penalty if math.isfinite(penalty) else 0.0), routes=kept,
                   runtime=time.perf_counter() - start, iterations=stats["iterations"],
                   stats={**initial.stats, "first_solution_time": first_time,
                          "decomposition_rounds": stats["rounds"],
                          "subproblems": stats["subproblems"],
                          "subproblems_improved": stats["improved"],
                          "initial_cost": initial.cost})


__all__ = ["can_decompose", "solve_decomposed", "subproblem"]
