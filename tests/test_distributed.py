"""lastleg.distributed: solve_many and plan(client=...) on a Dask LocalCluster give
exactly the local answers; problems and solutions pickle as arrays."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lastleg import RoutingProblem, VehicleType, plan, solve_routes
from lastleg.distributed import solve_many
from lastleg.errors import InputError
from lastleg.generate import generate_scenario


def make(n: int, seed: int) -> RoutingProblem:
    rng = np.random.default_rng(seed)
    return RoutingProblem([[50.0, 50.0]], rng.uniform(0, 100, size=(n, 2)),
                          VehicleType(count=n // 5 + 2, capacity=50),
                          demand=rng.integers(1, 10, size=n), name=f"p{seed}")


def routes_of(sol: Any) -> list[list[int]]:
    return [r.stops.tolist() for r in sol.routes]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_solve_many_local_matches_solve_routes() -> None:
    problems = [make(40, s) for s in range(3)]
    got = solve_many(problems, seed=[5, 6, 7], max_iterations=200, threads=1)
    for p, s, sol in zip(problems, [5, 6, 7], got):
        ref = solve_routes(p, max_iterations=200, seed=s, threads=1)
        assert sol.cost == ref.cost
        assert routes_of(sol) == routes_of(ref)


def test_solve_many_rejects_bad_input() -> None:
    with pytest.raises(InputError):
        solve_many([make(10, 0)], seed=[1, 2])
    with pytest.raises(InputError):
        solve_many(["not a problem"])  # type: ignore[list-item]


def test_solve_many_on_local_cluster_matches_local(client: Any) -> None:
    problems = [make(60, s) for s in range(6)]
    local = solve_many(problems, seed=3, max_iterations=300, threads=1)
    remote = solve_many(problems, client=client, seed=3, max_iterations=300, threads=1)
    assert len(remote) == len(problems)
    for a, b in zip(local, remote):
        assert a.cost == b.cost
        assert routes_of(a) == routes_of(b)
        assert a.unassigned.tolist() == b.unassigned.tolist()
    assert len(client.scheduler_info()["workers"]) == 2


def test_plan_with_client_matches_local(client: Any, tmp_path: Path) -> None:
    generate_scenario(orders=150, nodes=4, skus=60, seed=2, out=tmp_path / "sc")
    local = plan(tmp_path / "sc", time_limit=None, max_iterations=200, seed=1, threads=2)
    remote = plan(tmp_path / "sc", time_limit=None, max_iterations=200, seed=1, threads=2,
                  client=client)
    assert remote.kpis()["total_cost"] == local.kpis()["total_cost"]
    for a, b in zip(local.nodes, remote.nodes):
        if a.solution is None:
            assert b.solution is None
            continue
        assert b.solution is not None
        assert routes_of(a.solution) == routes_of(b.solution)


@pytest.mark.parametrize("n", [1000, 4000])
def test_pickle_size_is_arrays(n: int) -> None:
    p = make(n, 1)
    sol = solve_routes(p, max_iterations=50, seed=0, threads=1)
    blob = pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL)
    array_bytes = sum(v.nbytes for v in p.__dict__.values() if isinstance(v, np.ndarray))
    assert len(blob) < array_bytes + 4000
    back = pickle.loads(blob)
    assert back.n_stops == n and np.array_equal(back.coords, p.coords)
    # a solution: per route a few arrays, per stop ~ 8 + 8 + load bytes
    sblob = pickle.dumps(sol, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(sblob) < 40 * n + 1200 * len(sol.routes) + 4000
    assert pickle.loads(sblob).cost == sol.cost


def test_pickle_keeps_skills_and_read_only_arrays() -> None:
    p = RoutingProblem([[0.0, 0.0]], [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
                       VehicleType(count=2, capacity=5, skills=[1, 2]), demand=[1, 1, 1],
                       skills=[[1], [], [2, 1]])
    back = pickle.loads(pickle.dumps(p))
    assert back.stop_skills == p.stop_skills
    assert not back.demand.flags.writeable
    assert back.vt_skills == p.vt_skills
