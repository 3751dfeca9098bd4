"""Solves called from several Python threads at once are safe and give the same
answers as when run one at a time: the GIL is released during a solve,
so these really run concurrently in the engine."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

import lastleg


def _routing(seed: int) -> lastleg.RoutingProblem:
    rng = np.random.default_rng(seed)
    n = 40
    return lastleg.RoutingProblem(
        rng.uniform(0, 100, (1, 2)), rng.uniform(0, 100, (n, 2)),
        [lastleg.VehicleType(count=8, capacity=15)], demand=rng.integers(1, 5, n),
        time_windows=None)


def _key(sol: lastleg.RoutingSolution) -> tuple:
    return sol.cost, tuple(tuple(r.stops.tolist()) for r in sol.routes)


def test_routing_from_many_python_threads() -> None:
    problems = [_routing(s) for s in range(6)]
    serial = [_key(lastleg.solve_routes(p, max_iterations=200, seed=s, threads=2,
                                        engine="native")) for s, p in enumerate(problems)]
    # the same problem object shared by several threads, and different ones
    jobs = [(i % 6, problems[i % 6]) for i in range(12)]
    with ThreadPoolExecutor(6) as pool:
        got = list(pool.map(lambda j: _key(lastleg.solve_routes(
            j[1], max_iterations=200, seed=j[0], threads=2, engine="native")), jobs))
    assert got == [serial[s] for s, _ in jobs]


def _assignment(seed: int) -> lastleg.AssignmentProblem:
    return lastleg.generate_scenario(300, 6, 40, seed=seed).to_problem()


def _akey(a: lastleg.Assignment) -> tuple:
    return a.cost, a.part_line.tolist(), a.part_node.tolist(), a.part_qty.tolist()


def test_assignment_from_many_python_threads() -> None:
    problems = [_assignment(s) for s in range(4)]
    serial = [_akey(lastleg.assign(p, max_iterations=40, seed=1, threads=2)) for p in problems]
    jobs = [problems[i % 4] for i in range(10)]
    with ThreadPoolExecutor(5) as pool:
        got = list(pool.map(lambda p: _akey(lastleg.assign(p, max_iterations=40, seed=1,
                                                           threads=2)), jobs))
    assert got == [serial[i % 4] for i in range(10)]
    for p in problems:
        res = lastleg.check_assignment(p, lastleg.assign(p, max_iterations=40, seed=1))
        assert res.ok, res.violations


def test_mixed_routing_and_assignment_threads() -> None:
    r = _routing(7)
    a = _assignment(7)
    want_r = _key(lastleg.solve_routes(r, max_iterations=100, seed=3, engine="native"))
    want_a = _akey(lastleg.assign(a, max_iterations=20, seed=3))
    with ThreadPoolExecutor(4) as pool:
        fr = [pool.submit(lastleg.solve_routes, r, max_iterations=100, seed=3, engine="native")
              for _ in range(3)]
        fa = [pool.submit(lastleg.assign, a, max_iterations=20, seed=3) for _ in range(3)]
        assert all(_key(f.result()) == want_r for f in fr)
        assert all(_akey(f.result()) == want_a for f in fa)
