"""Routing quality side by side: lastleg vs PyVRP vs pyvroom on the shared instances.

Every solution (whatever solver produced it) is converted to lastleg routes and
re-checked with the same independent recompute, then compared with bks.csv:

    python bench/routing_quality.py --set cvrp --budget n/50 --threads 2 --solvers lastleg,pyvrp
    python bench/routing_quality.py --set solomon --budget 10 --out bench/results/solomon.md

``--budget n/50`` gives each instance n/50 seconds (n customers); VROOM runs at
exploration level 5 without a time limit (its own stopping rule), as in issue 3.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import lastleg
from lastleg import RoutingProblem

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "route"))
from _check import check, distance

SETS = {
    "cvrp": ("cvrp", "X-*.vrp"),
    "solomon": ("vrptw/solomon", "*.txt"),
    "homberger": ("vrptw/homberger", "*.vrp"),
}


def scale_of(p: RoutingProblem) -> float:
    return 1.0 if p.metric == "euclidean_rounded" else 1000.0


def int_matrix(p: RoutingProblem, scale: float) -> np.ndarray:
    n = p.n_depots + p.n_stops
    m = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if i != j:
                m[i, j] = round(distance(p, i, j) * scale)
    return m


def solve_pyvrp(p: RoutingProblem, seconds: float, seed: int) -> tuple[list[list[int]], float]:
    import pyvrp
    from pyvrp.stop import MaxRuntime

    s = scale_of(p)
    mat = int_matrix(p, s)
    model = pyvrp.Model()
    shift = p.vt_shift[0]
    late = int(shift[1] * s) if math.isfinite(shift[1]) else np.iinfo(np.int64).max // 4
    locs = [model.add_location(x=float(i), y=0.0) for i in range(p.n_depots + p.n_stops)]
    model.add_depot(locs[0], tw_early=int(shift[0] * s), tw_late=late)
    model.add_vehicle_type(
        num_available=int(p.vt_count[0]), capacity=int(p.vt_capacity[0, 0]), tw_late=late
    )
    for i in range(p.n_stops):
        w = p.time_windows[p.tw_offsets[i]]
        model.add_client(
            locs[p.n_depots + i],
            delivery=int(p.demand[i, 0]),
            service_duration=round(p.service[i] * s),
            tw_early=round(w[0] * s),
            tw_late=round(w[1] * s) if math.isfinite(w[1]) else late,
        )
    for i, a in enumerate(locs):
        for j, b in enumerate(locs):
            if i != j:
                model.add_edge(a, b, distance=int(mat[i, j]), duration=int(mat[i, j]))
    start = time.perf_counter()
    res = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    elapsed = time.perf_counter() - start
    routes = [[int(a.idx) for a in r.schedule() if a.is_client()] for r in res.best.routes()]
    return routes, elapsed


def solve_vroom(p: RoutingProblem, threads: int) -> tuple[list[list[int]], float]:
    import vroom

    s = 1.0 if p.metric == "euclidean_rounded" else 100.0
    mat = int_matrix(p, s)
    inp = vroom.Input()
    inp.set_durations_matrix("car", mat.astype(np.uint32))
    shift = p.vt_shift[0]
    end = int(shift[1] * s) if math.isfinite(shift[1]) else 2**31
    for v in range(int(min(p.vt_count[0], p.n_stops))):
        inp.add_vehicle(
            vroom.Vehicle(
                v + 1,
                start=0,
                end=0,
                capacity=[int(p.vt_capacity[0, 0])],
                time_window=vroom.TimeWindow(int(shift[0] * s), end),
            )
        )
    for i in range(p.n_stops):
        w = p.time_windows[p.tw_offsets[i]]
        late = math.floor(w[1] * s) if math.isfinite(w[1]) else end
        inp.add_job(
            vroom.Job(
                i + 1,
                location=i + 1,
                delivery=[int(p.demand[i, 0])],
                default_service=math.ceil(p.service[i] * s),
                time_windows=[vroom.TimeWindow(math.ceil(w[0] * s), late)],
            )
        )
    start = time.perf_counter()
    sol = inp.solve(exploration_level=5, nb_threads=threads)
    elapsed = time.perf_counter() - start
    df = sol.routes
    jobs = df[df["type"] == "job"]
    routes = [list(g["id"].astype(int) - 1) for _, g in jobs.groupby("vehicle_id", sort=True)]
    return routes, elapsed


def to_solution(p: RoutingProblem, routes: list[list[int]], runtime: float) -> Any:
    """Re-simulate external routes into a RoutingSolution so `check` can judge them."""
    out = []
    vt = 0
    for stops in routes:
        t = p.vt_shift[vt][0]
        prev = int(p.vt_start_depot[vt])
        dist = 0.0
        arr = []
        for s in stops:
            loc = p.n_depots + s
            dist += distance(p, prev, loc)
            a = t + distance(p, prev, loc) / p.speed
            w = p.time_windows[p.tw_offsets[s] : p.tw_offsets[s + 1]]
            ok = [x for x in w if x[1] >= a - 1e-6]
            ss = max(a, ok[0][0]) if ok else a
            arr.append(ss)
            t = ss + p.service[s]
            prev = loc
        dist += distance(p, prev, int(p.vt_end_depot[vt]))
        out.append(
            lastleg.Route(
                vehicle_type=vt,
                depot=0,
                stops=np.array(stops, dtype=np.int64),
                arrival=np.array(arr),
                load=p.demand[stops].sum(axis=0),
                distance=dist,
                duration=0.0,
                cost=dist,
            )
        )
    served = {s for r in routes for s in r}
    missing = np.array([s for s in range(p.n_stops) if s not in served], dtype=np.int64)
    return lastleg.RoutingSolution(
        cost=sum(r.cost for r in out),
        routes=tuple(out),
        unassigned=missing,
        unassigned_reasons=("no_vehicle",) * len(missing),
        runtime=runtime,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", default="cvrp", choices=sorted(SETS))
    ap.add_argument("--instances", default="", help="comma-separated names (default: all)")
    ap.add_argument("--budget", default="n/50", help="seconds, or n/K")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--solvers", default="lastleg,pyvrp,vroom")
    ap.add_argument("--root", default=str(REPO.parent / "shared" / "instances"))
    ap.add_argument("--out", default="")
    args = ap.parse_args()

    root = Path(args.root)
    folder, pattern = SETS[args.set]
    with open(root / "bks.csv") as fh:
        bks = {r["instance"]: float(r["bks_cost"]) for r in csv.DictReader(fh)}
    files = sorted(
        (root / folder).glob(pattern),
        key=lambda f: (
            int("".join(c for c in f.stem.split("-")[1] if c.isdigit()))
            if args.set == "cvrp"
            else 0,
            f.stem,
        ),
    )
    if args.instances:
        wanted = set(args.instances.split(","))
        files = [f for f in files if f.stem in wanted]
    solvers = args.solvers.split(",")
    rows = []
    table = [
        "| instance | n | budget s | " + " | ".join(f"{s} gap % | {s} s" for s in solvers) + " |",
        "|---|---:|---:|" + "---:|---:|" * len(solvers),
    ]
    print("\n".join(table))
    for f in files:
        p = RoutingProblem.from_vrplib(f)
        n = p.n_stops
        budget = n / float(args.budget[2:]) if args.budget.startswith("n/") else float(args.budget)
        row: dict[str, Any] = {"instance": f.stem, "n": n, "budget": budget}
        for solver in solvers:
            if solver == "lastleg":
                sol = lastleg.solve_routes(
                    p, time_limit=budget, threads=args.threads, seed=args.seed
                )
                elapsed = sol.runtime
            elif solver == "pyvrp":
                routes, elapsed = solve_pyvrp(p, budget, args.seed)
                sol = to_solution(p, routes, elapsed)
            else:
                routes, elapsed = solve_vroom(p, args.threads)
                sol = to_solution(p, routes, elapsed)
            errors = check(p, sol)
            ok = not errors and len(sol.unassigned) == 0
            gap = 100.0 * (sol.cost - bks[f.stem]) / bks[f.stem] if f.stem in bks else math.nan
            row[solver] = (gap if ok else math.nan, elapsed)
        rows.append(row)
        cells = " | ".join(f"{row[s][0]:.2f} | {row[s][1]:.1f}" for s in solvers)
        table.append(f"| {f.stem} | {n} | {budget:.1f} | {cells} |")
        print(table[-1], flush=True)
    means = " | ".join(
        f"{np.nanmean([r[s][0] for r in rows]):.2f} | {sum(r[s][1] for r in rows):.0f}"
        for s in solvers
    )
    line = f"| **mean / total** | | {sum(r['budget'] for r in rows):.0f} | {means} |"
    print(line)
    table.append(line)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text("\n".join(table) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
