"""The lastleg command line (DESIGN.md §5)."""

from __future__ import annotations

import argparse
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
    print(f"demand     {int(problem.demand.sum())} units, capacity {int(problem.vt_capacity[0, 0])}"
          f" -> at least {int(np.ceil(problem.demand.sum() / problem.vt_capacity[0, 0]))} routes")
    print(f"kNN (k=8)  {neighbours.shape[0]} lists in {elapsed * 1e3:.2f} ms")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lastleg", description=lastleg.__doc__)
    parser.add_argument("--version", action="version", version=lastleg.__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the main job on the embedded default scenario")
    demo.set_defaults(run=_demo)
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
