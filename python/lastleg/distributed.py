"""Many independent routing problems on a Dask cluster.

``solve_many(problems, client=client, seed=0, max_iterations=...)`` sends each
problem to the cluster with ``client.map`` (``distributed.Client``: Dask's own
scheduler and transport; no sockets of ours) and gathers the solutions in input
order. Without a client it is a plain local loop. Problems and solutions pickle
as a few numpy arrays, so shipping them is cheap.

Each problem is solved with the same keyword arguments as a local
``solve_routes`` call, so under an iteration limit (or with neither limit) the
results are identical to a local run with the same seeds. ``seed`` may be one
int for all problems or one per problem.

Pointing at a running scheduler::

    from distributed import Client
    import lastleg
    from lastleg.distributed import solve_many

    client = Client("tcp://scheduler.example.com:8786")
    solutions = solve_many(problems, client=client, max_iterations=20_000, seed=0)
    plan = lastleg.plan("scenario/", time_limit=None, max_iterations=5_000, client=client)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lastleg.errors import InputError
from lastleg.routing.problem import RoutingProblem
from lastleg.routing.solution import RoutingSolution


def _solve(problem: RoutingProblem, seed: int, kwargs: dict[str, Any]) -> RoutingSolution:
    from lastleg.routing.solve import solve_routes

    return solve_routes(problem, seed=seed, **kwargs)


def _seeds(n: int, seed: int | Sequence[int]) -> list[int]:
    if isinstance(seed, int):
        return [seed] * n
    seeds = [int(s) for s in seed]
    if len(seeds) != n:
        raise InputError("seed", f"expected one seed per problem ({n}), got {len(seeds)}")
    return seeds


def solve_many(
    problems: Sequence[RoutingProblem],
    client: Any = None,
    *,
    seed: int | Sequence[int] = 0,
    **solve_kwargs: Any,
) -> list[RoutingSolution]:
    """Solve independent problems, on ``client`` (a ``distributed.Client``) when
    given, else locally one after the other; solutions come back in input order.
    ``solve_kwargs`` go to :func:`lastleg.solve_routes` (``time_limit``,
    ``max_iterations``, ``threads``, ``engine``, ``params``)."""
    problems = list(problems)
    for i, p in enumerate(problems):
        if not isinstance(p, RoutingProblem):
            raise InputError(f"problems[{i}]", f"expected a RoutingProblem, got {type(p).__name__}")
    seeds = _seeds(len(problems), seed)
    if client is None:
        return [_solve(p, s, solve_kwargs) for p, s in zip(problems, seeds)]
    futures = client.map(_solve, problems, seeds, [solve_kwargs] * len(problems), pure=False)
    return list(client.gather(futures))


def map_solve(client: Any, problems: Sequence[RoutingProblem], seeds: Sequence[int],
              solve_kwargs: Sequence[dict[str, Any]]) -> list[RoutingSolution]:
    """One ``solve_routes`` per problem with its own seed and keyword arguments, on
    ``client`` (used by ``lastleg.plan(..., client=...)``)."""
    futures = client.map(_solve, list(problems), list(seeds), list(solve_kwargs), pure=False)
    return list(client.gather(futures))


__all__ = ["map_solve", "solve_many"]
