"""The lastleg command line (docs/formats.md: the commands, their files and exit codes)."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lastleg import _core
from lastleg.errors import DataWarning, InputError
from lastleg.io.outputs import OutputFolder
from lastleg.io.writers import stage_table


class _Progress:
    """Stage, count and best cost on stderr; one updating line on a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.start = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int, cost: float) -> None:
        if self.quiet:
            return
        shown = "" if math.isnan(cost) else f", cost {cost:,.2f}"
        line = f"[{time.perf_counter() - self.start:6.1f}s] {stage}: {done}/{total}{shown}"
        if self.tty:
            end = "\n" if done == total else ""
            print(f"\r{line}\033[K", end=end, file=sys.stderr, flush=True)
        elif done == total or done == 0 or done % max(1, total // 10) == 0:
            print(line, file=sys.stderr, flush=True)


def _finish_plan(result: Any, out: OutputFolder, args: argparse.Namespace, plot: bool) -> int:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        if plot:
            print("lastleg: no map: matplotlib is not installed (pip install 'lastleg[plot]')",
                  file=sys.stderr)
        plot = False
    result.to_dir(out, plot=plot)
    if args.json:
        print(json.dumps(result.kpis()))
    elif not args.quiet:
        print(result.summary())
        print(f"\noutputs in {out.path}/" + (" (map: map.png)" if plot else ""))
    return 0


def _plan(args: argparse.Namespace) -> int:
    from lastleg.plan import plan

    out = OutputFolder(args.out if args.out else Path(args.dir) / "plan", inputs=[args.dir])
    result = plan(args.dir, time_limit=args.time_limit, seed=args.seed, threads=args.threads,
                  feedback=not args.no_feedback, progress=_Progress(args.quiet or args.json),
                  roads=args.roads)
    return _finish_plan(result, out, args, plot=args.plot)


def _demo(args: argparse.Namespace) -> int:
    """Generate the built-in seeded scenario and plan it."""
    from lastleg.generate import generate_scenario
    from lastleg.plan import plan

    out = OutputFolder(args.out)
    scenario_dir = out.path / "scenario"
    if not (args.quiet or args.json):
        print(f"lastleg demo: {args.orders:,} orders, {args.nodes} nodes, seed {args.seed}, "
              f"time limit {args.time_limit:g} s -> {out.path}/", file=sys.stderr)
    roads = args.roads
    if roads == "andorra":
        from lastleg.travel.roads import ANDORRA

        roads = ANDORRA
    generate_scenario(orders=args.orders, nodes=args.nodes, skus=args.skus, seed=args.seed,
                      out=scenario_dir, roads=roads)
    result = plan(scenario_dir, time_limit=args.time_limit, seed=args.seed, threads=args.threads,
                  progress=_Progress(args.quiet or args.json))
    return _finish_plan(result, out, args, plot=True)


def _generate(args: argparse.Namespace) -> int:
    from lastleg.generate import generate_scenario

    scenario = generate_scenario(orders=args.orders, nodes=args.nodes, skus=args.skus,
                                 seed=args.seed, scarcity=args.scarcity, out=args.out,
                                 stockouts=args.stockouts, roads=args.roads)
    print(f"wrote {args.out}/: {scenario.summary()}")
    return 0


def _assign(args: argparse.Namespace) -> int:
    from lastleg.assignment.problem import AssignmentProblem
    from lastleg.assignment.solve import assign

    out = OutputFolder(args.out if args.out else Path(args.dir) / "assignment",
                       inputs=[args.dir])
    problem = AssignmentProblem.from_dir(args.dir)
    result = assign(problem, time_limit=args.time_limit, seed=args.seed, threads=args.threads)
    summary = result.summary()

    def stage(out: OutputFolder) -> None:
        stage_table(out, "assignments", result.shipped_table())
        stage_table(out, "unserved", result.unserved_table())

    out.write(stage, summary)
    if args.json:
        print(json.dumps(summary))
    elif not args.quiet:
        for key, value in summary.items():
            print(f"{key:<16} {value}")
        print(f"\noutputs in {out.path}/")
    return 0


def _roads_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--roads", default=None, metavar="FILE.osm.pbf",
                        help=f"{what} on the roads of an OpenStreetMap extract (no server)")


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object (the KPIs)")
    parser.add_argument("--quiet", action="store_true", help="no progress or tables")


def _solve_options(parser: argparse.ArgumentParser, time_limit: float | None) -> None:
    parser.add_argument("--time-limit", type=float, default=time_limit, metavar="S",
                        help=f"wall-clock seconds for solving (default {time_limit})")
    parser.add_argument("--threads", type=int, default=None, metavar="T",
                        help="worker threads (default: all hardware threads)")
    parser.add_argument("--seed", type=int, default=0, metavar="K", help="random seed (default 0)")


def _roads(path: str | None) -> Any:
    """The road network of ``--roads`` (None without it)."""
    if path is None:
        return None
    from lastleg.travel.roads import RoadNetwork

    return RoadNetwork.from_osm(path)


def _route(args: argparse.Namespace) -> int:
    from lastleg.io.vroom_answer import write_vroom_json
    from lastleg.io.vroom_json import is_vroom_json, read_vroom_json
    from lastleg.io.vrplib import read_vrplib
    from lastleg.routing.solve import solve_routes

    if is_vroom_json(args.file):  # VROOM JSON in, VROOM's output format out
        problem = read_vroom_json(args.file, travel=_roads(args.roads))
        solution = solve_routes(problem, time_limit=args.time_limit, seed=args.seed,
                                threads=args.threads, engine=args.engine)
        print(json.dumps(write_vroom_json(problem, solution)))
        return 0
    if args.roads is not None:
        raise InputError("--roads", "road travel needs (lat, lon) points: a VROOM JSON "
                         "problem with coordinates")
    problem = read_vrplib(args.file)
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
    parser = argparse.ArgumentParser(
        prog="lastleg", description="last-mile fulfillment optimisation: assign a day's orders "
        "to nodes and route each node's vans")
    parser.add_argument("--version", action="version", version=_core.build_info()["version"])
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="plan the built-in seeded scenario (~10k orders)")
    demo.add_argument("--orders", type=int, default=10_000)
    demo.add_argument("--nodes", type=int, default=16)
    demo.add_argument("--skus", type=int, default=3_000)
    demo.add_argument("--out", default="lastleg-demo", help="output folder (default ./lastleg-demo)")
    demo.add_argument("--roads", nargs="?", const="andorra", default=None,
                      metavar="FILE.osm.pbf", help="plan a day placed on the roads of an "
                      "OpenStreetMap extract (no server); alone: the bundled Andorra extract")
    _solve_options(demo, 45.0)
    _output_options(demo)
    demo.set_defaults(run=_demo, seed=7)

    generate = sub.add_parser("generate", help="write a realistic synthetic scenario folder")
    generate.add_argument("--orders", type=int, required=True, metavar="N")
    generate.add_argument("--nodes", type=int, required=True, metavar="M")
    generate.add_argument("--skus", type=int, default=5_000, metavar="S")
    generate.add_argument("--seed", type=int, default=0, metavar="K")
    generate.add_argument("--scarcity", choices=("loose", "medium", "tight"), default="medium")
    generate.add_argument("--stockouts", type=float, default=0.007, metavar="SHARE",
                          help="share of lines whose SKU no node holds (default 0.007)")
    generate.add_argument("--out", required=True, metavar="DIR")
    _roads_option(generate, "place the nodes and orders")
    generate.set_defaults(run=_generate)

    plan = sub.add_parser("plan", help="assign and route a scenario folder")
    plan.add_argument("dir", help="scenario folder (docs/formats.md)")
    plan.add_argument("--out", default=None, metavar="OUT", help="default: DIR/plan")
    plan.add_argument("--no-feedback", action="store_true",
                      help="skip the routing-aware re-assignment round")
    plan.add_argument("--plot", action="store_true", help="also write OUT/map.png")
    _roads_option(plan, "plan")
    _solve_options(plan, 60.0)
    _output_options(plan)
    plan.set_defaults(run=_plan)

    assign = sub.add_parser("assign", help="assign a scenario folder's orders to nodes")
    assign.add_argument("dir", help="scenario folder (docs/formats.md)")
    assign.add_argument("--out", default=None, metavar="OUT", help="default: DIR/assignment")
    _solve_options(assign, 5.0)
    _output_options(assign)
    assign.set_defaults(run=_assign)

    route = sub.add_parser(
        "route", help="solve a routing instance (VRPLIB .vrp, Solomon .txt or VROOM .json)")
    route.add_argument("file", help="instance file")
    route.add_argument("--engine", choices=("native", "vroom", "auto"), default="auto",
                       help="auto: native unless the problem needs VROOM (skills, breaks, "
                       "shipments)")
    route.add_argument("--json", action="store_true", help="print one JSON object")
    _roads_option(route, "route a VROOM JSON problem with coordinates")
    _solve_options(route, None)
    route.set_defaults(run=_route)
    return parser


def _show_data_warning(message: Warning | str, category: type[Warning], *_: Any, **__: Any
                       ) -> None:
    """DataWarnings as one line each on stderr; other warnings as Python shows them."""
    if issubclass(category, DataWarning):
        print(f"lastleg: warning: {message}", file=sys.stderr)
    else:
        _python_showwarning(message, category, *_, **__)


_python_showwarning = warnings.showwarning


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", DataWarning)
            warnings.showwarning = _show_data_warning
            return int(args.run(args))
    except InputError as exc:
        print(f"lastleg: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a full disk, a folder removed under us: not bad input
        print(f"lastleg: error: cannot write the outputs: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lastleg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["build_parser", "main"]
