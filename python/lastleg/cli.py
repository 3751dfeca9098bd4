"""The lastleg command line (DESIGN.md §5)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from importlib import resources

import numpy as np

import lastleg
from lastleg.errors import InputError


def _demo(args: argparse.Namespace) -> int:
    """Load the embedded instance and show what the engine computes on it."""
    from lastleg.geo import nearest_neighbours

    path = resources.files("lastleg") / "data" / "X-n101-k25.vrp"
    with resources.as_file(path) as file:
        problem = lastleg.RoutingProblem.from_vrplib(file)
    start = time.perf_counter()
    neighbours = nearest_neighbours(problem.coords, 8, metric="euclidean")
    elapsed = time.perf_counter() - start
    info = lastleg.build_info()
    print(f"lastleg {info['version']} ({info['build_type']}, {info['hardware_threads']} threads)")
    print(f"instance   {problem!r}")
    print(
        f"demand     {int(problem.demand.sum())} units, capacity {int(problem.vt_capacity[0, 0])}"
        f" -> at least {int(np.ceil(problem.demand.sum() / problem.vt_capacity[0, 0]))} routes"
    )
    print(f"kNN (k=8)  {neighbours.shape[0]} lists in {elapsed * 1e3:.2f} ms")
    return 0


def _solve_options(parser: argparse.ArgumentParser, time_limit: float | None) -> None:
    parser.add_argument("--time-limit", type=float, default=time_limit, metavar="S",
                        help=f"wall-clock seconds for solving (default {time_limit})")
    parser.add_argument("--threads", type=int, default=None, metavar="T",
                        help="worker threads (default: all hardware threads)")
    parser.add_argument("--seed", type=int, default=0, metavar="K", help="random seed (default 0)")


def _route(args: argparse.Namespace) -> int:
    from lastleg.routing.solve import solve_routes

    problem = lastleg.RoutingProblem.from_vrplib(args.file)
    time_limit = args.time_limit if args.time_limit is not None else max(1.0, problem.n_stops / 50)
    solution = solve_routes(problem, time_limit=time_limit, seed=args.seed, threads=args.threads,
                            engine=args.engine)
    if args.json:
        print(json.dumps(solution.to_dict()))
        return 0
    print(f"{problem.name}: {problem.n_stops} stops, engine {solution.engine}")
    for i, route in enumerate(solution.to_vrplib_routes(), start=1):
        print(f"Route #{i}: {' '.join(map(str, route))}")
    for stop, reason in zip(solution.unassigned, solution.unassigned_reasons):
        print(f"Unassigned: {int(stop) + 1} ({reason})")
    print(f"Cost {solution.cost:g}")
    print(f"Runtime {solution.runtime:.2f} s, {solution.iterations} iterations")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lastleg", description=lastleg.__doc__)
    parser.add_argument("--version", action="version", version=lastleg.__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the main job on the embedded default scenario")
    demo.set_defaults(run=_demo)

    route = sub.add_parser("route", help="solve a routing instance (VRPLIB .vrp or Solomon .txt)")
    route.add_argument("file", help="instance file")
    route.add_argument("--engine", choices=("native", "vroom", "auto"), default="native")
    route.add_argument("--json", action="store_true", help="print one JSON object")
    _solve_options(route, None)
    route.set_defaults(run=_route)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as exc:
        print(f"lastleg: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lastleg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["build_parser", "main"]
