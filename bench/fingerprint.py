"""Fingerprints of the native engines, to prove that a refactoring changed nothing.

    python bench/fingerprint.py route --out before.json            # costs and routes
    python bench/fingerprint.py route --repeat 3 --out before.json # ... and iterations/s
    python bench/fingerprint.py assign --out assign_before.json
    python bench/fingerprint.py compare before.json after.json

``route``: ``lastleg.solve_routes(p, max_iterations=2000, seed=s, threads=1)`` on CVRPLIB X
and Solomon instances and on three generated problems that use what the benchmark files do
not (several vehicle types and depots, open routes, speed factors, time costs, duration and
distance limits, up to three windows per stop, optional stops). Each solution is written
bit for bit (``float.hex`` costs) with its routes. With ``--repeat N`` every solve runs N
times (passes over all instances, so that noise spreads over them) and the median search
speed is reported: iterations per second of the time after construction.

``assign``: ``lastleg.assign(generate_scenario(N, M, S, seed=k).to_problem(), seed=0)`` for
each size and scarcity: cost, lower bound and a digest of the part arrays.

``compare``: exits 1 unless the two files hold the same fingerprints (timings are ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import lastleg
from lastleg import RoutingProblem, VehicleType

try:  # the benchmark reader lives in lastleg.io.vrplib on newer trees
    from lastleg.io.vrplib import read_vrplib as read_instance
except ImportError:
    from lastleg.io.instances import read_instance

SHARED = Path(__file__).resolve().parents[2] / "shared" / "instances"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/instances")
X_INSTANCES = ("X-n101-k25", "X-n106-k14", "X-n125-k30", "X-n157-k13", "X-n200-k36",
               "X-n256-k16", "X-n303-k21")
SOLOMON = ("C101", "C201", "R101", "R201", "RC101", "RC201")
GENERATED_SEEDS = (1, 2, 3)


def generated(seed: int, n: int = 120) -> RoutingProblem:
    """A random problem with the features the benchmark files leave out."""
    rng = np.random.default_rng(seed)
    depots = rng.uniform(0, 100, (2, 2))
    stops = rng.uniform(0, 100, (n, 2))
    windows = []
    for _ in range(n):
        t, ws = rng.uniform(0, 200), []
        for _ in range(int(rng.integers(1, 4))):
            length = rng.uniform(60, 250)
            ws.append((t, t + length))
            t += length + rng.uniform(10, 150)
        windows.append(ws)
    penalty = np.where(rng.uniform(size=n) < 0.15, rng.uniform(20, 200, n), np.inf)
    types = [
        VehicleType(count=8, capacity=[60, 30], start_depot=0, end_depot=0, shift=(0, 1200),
                    max_stops=18, max_distance=900, fixed_cost=25, cost_per_time=0.2),
        VehicleType(count=8, capacity=[45, 40], start_depot=1, end_depot=None, shift=(50, 1300),
                    max_duration=700, fixed_cost=10, cost_per_distance=1.3, speed_factor=1.25),
    ]
    return RoutingProblem(depots, stops, types, demand=rng.integers(0, 6, (n, 2)),
                          service=rng.uniform(0, 10, n), time_windows=windows, penalty=penalty,
                          name=f"generated-{seed}")


def route_problems() -> list[RoutingProblem]:
    out = [read_instance(SHARED / "cvrp" / f"{name}.vrp") for name in X_INSTANCES]
    out += [read_instance(SHARED / "vrptw" / "solomon" / f"{name}.txt") for name in SOLOMON]
    out += [generated(seed) for seed in GENERATED_SEEDS]
    return out


def route_fingerprints(args: argparse.Namespace) -> dict[str, Any]:
    problems = route_problems()
    runs: dict[str, dict[str, Any]] = {}
    speeds: dict[str, list[float]] = {}
    passes: list[float] = []
    for _ in range(args.repeat):
        iterations, seconds = 0, 0.0
        for p in problems:
            for seed in args.seeds:
                key = f"{p.name}/seed{seed}"
                sol = lastleg.solve_routes(p, max_iterations=args.iterations, seed=seed, threads=1)
                search = sol.runtime - float(sol.stats["construction_time"])
                iterations += sol.iterations
                seconds += search
                speeds.setdefault(key, []).append(sol.iterations / search)
                runs[key] = {
                    "cost": float(sol.cost).hex(),
                    "iterations": sol.iterations,
                    "unassigned": [int(s) for s in sol.unassigned],
                    "routes": [[r.vehicle_type, [int(s) for s in r.stops]] for r in sol.routes],
                }
        passes.append(iterations / seconds)
        print(f"pass {len(passes)}: {passes[-1]:.1f} iterations/s", file=sys.stderr, flush=True)
    return {
        "fingerprints": runs,
        "timing": {
            "iterations_per_s_median": statistics.median(passes),
            "passes": passes,
            "per_run_median": {k: statistics.median(v) for k, v in speeds.items()},
        },
    }


def digest(*arrays: np.ndarray) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def assign_fingerprints(args: argparse.Namespace) -> dict[str, Any]:
    runs: dict[str, dict[str, Any]] = {}
    for n in args.orders:
        for scarcity in ("loose", "medium", "tight"):
            p = lastleg.generate_scenario(n, args.nodes, args.skus, seed=args.scenario_seed,
                                          scarcity=scarcity).to_problem()
            t = time.perf_counter()
            a = lastleg.assign(p, seed=0)
            wall = time.perf_counter() - t
            runs[f"{n}/{scarcity}"] = {
                "cost": float(a.cost).hex(),
                "lower_bound": float(a.lower_bound).hex(),
                "parts": digest(a.part_line, a.part_node, a.part_qty),
                "orders": digest(a.status_code, a.reason_code, a.parcels, a.order_cost),
            }
            print(f"{n} {scarcity}: cost {a.cost:.3f} bound {a.lower_bound:.3f} {wall:.2f} s",
                  file=sys.stderr, flush=True)
    return {"fingerprints": runs}


def compare(a: Path, b: Path) -> int:
    fa = json.loads(a.read_text())["fingerprints"]
    fb = json.loads(b.read_text())["fingerprints"]
    differ = sorted(k for k in fa.keys() | fb.keys() if fa.get(k) != fb.get(k))
    for k in differ:
        print(f"differs: {k}")
    print(f"{len(fa.keys() & fb.keys()) - len(differ)} of {len(fa.keys() | fb.keys())} identical")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("route")
    r.add_argument("--iterations", type=int, default=2000)
    r.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    r.add_argument("--repeat", type=int, default=1)
    r.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("assign")
    s.add_argument("--orders", type=int, nargs="+", default=[1000, 5000, 20000])
    s.add_argument("--nodes", type=int, default=50)
    s.add_argument("--skus", type=int, default=2000)
    s.add_argument("--scenario-seed", type=int, default=1)
    s.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.what == "compare":
        return compare(args.a, args.b)
    result = route_fingerprints(args) if args.what == "route" else assign_fingerprints(args)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
