"""Routing quality, side by side in one run: lastleg native, lastleg through VROOM,
pyvroom directly and PyVRP, every solution re-checked by ``check_routes``.

    python bench/routing_quality.py                                   # X subset, n/50 s
    python bench/routing_quality.py --instances 'vrptw/solomon/C1*.txt' --budget 10
    python bench/routing_quality.py --instances 'cvrp/X-n101*' 'cvrp/X-n157*' \\
        'vrptw/solomon/R101.txt' --out bench/results/routing_quality.md

Per instance every solver gets the same wall-time budget (``--budget`` seconds, else
n/50 s for CVRP and 10 s for VRPTW, n = customers), except pyvroom called directly,
which runs VROOM's own stopping rule (exploration 5, ``--threads`` threads, no time
limit) and reports the time it took. Costs are recomputed by ``check_routes`` under
each instance's convention (``../shared/instances/README.md``) and compared with
``bks.csv``; a solution with a violation or an unserved customer is "infeasible".

Integer inputs: both VROOM and PyVRP need integer matrices. The conversions use a
power of ten that makes the instance exact (CVRPLIB: 1, DIMACS: 10), else 1000 for
PyVRP and 100 for VROOM, with travel and service times rounded *up* and due times
down so that an integer-feasible schedule is feasible in real numbers; distances
are rounded to nearest. The reported cost is always the real-number recomputation.

The direct pyvroom and PyVRP builders cover what the shared benchmark files use (one
depot, one vehicle type, one window per customer); lastleg's own engines take any
``RoutingProblem``. ``lastleg native`` needs ``lastleg.routing.solve.solve_routes`` (the native engine's
branch); without it the column says "n/a". Timings on a shared machine are noisy:
compare solvers within one run, not across runs.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.io.vrplib import read_vrplib
from lastleg.routing.check import check_routes
from lastleg.routing.engines.vroom import solve_vroom
from lastleg.routing.problem import RoutingProblem

try:  # the native engine lands on another branch: keep the script usable without it
    from lastleg.routing.solve import solve_routes as _solve_native
except ImportError:  # pragma: no cover - depends on the branch
    _solve_native = None

SHARED = Path(__file__).resolve().parents[2] / "shared" / "instances"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/instances")
DEFAULT_INSTANCES = ("cvrp/X-n*.vrp",)
SOLVERS = ("native", "lastleg-vroom", "pyvroom", "pyvrp")
Routes = list[tuple[int, list[int]]]


# ---------------------------------------------------------------------------
# integer conversion shared by the direct pyvroom and PyVRP runs


def _exact_scale(p: RoutingProblem) -> int | None:
    return {"euclidean_rounded": 1, "euclidean_truncated": 10}.get(p.metric)


def _int_data(p: RoutingProblem, inexact: int) -> dict[str, Any]:
    """Integer distance/duration matrices, service, windows and shift at one scale."""
    s = _exact_scale(p) or inexact
    exact = _exact_scale(p) is not None
    dist, dur = p.travel.matrix(p.points)
    big = np.iinfo(np.int64).max // 4

    def up(x: Any) -> np.ndarray:
        a = np.asarray(x, dtype=np.float64) * s
        a = np.round(a) if exact else np.ceil(a - 1e-9)
        return np.where(np.isfinite(a), a, big).astype(np.int64)

    def down(x: Any) -> np.ndarray:
        a = np.asarray(x, dtype=np.float64) * s
        a = np.round(a) if exact else np.floor(a + 1e-9)
        return np.where(np.isfinite(a), a, big).astype(np.int64)

    tw = p.time_windows[p.tw_offsets[:-1]]  # benchmark stops have one window each
    return {"scale": s, "dist": np.round(dist * s).astype(np.int64), "dur": up(dur),
            "service": up(p.service), "tw_open": up(tw[:, 0]), "tw_close": down(tw[:, 1]),
            "shift": (int(up(p.vt_shift[0, 0])), int(down(p.vt_shift[0, 1])))}


# ---------------------------------------------------------------------------
# solvers: each returns (routes as (vehicle type, stops), wall seconds, note)


def run_native(p: RoutingProblem, budget: float, threads: int) -> tuple[Any, float, str]:
    if _solve_native is None:
        return None, math.nan, "n/a (no lastleg.routing.solve on this branch)"
    t = time.perf_counter()
    sol = _solve_native(p, time_limit=budget, seed=0, threads=threads, engine="native")
    return sol, time.perf_counter() - t, ""


def run_lastleg_vroom(p: RoutingProblem, budget: float, threads: int) -> tuple[Any, float, str]:
    t = time.perf_counter()
    sol = solve_vroom(p, time_limit=budget, seed=0, threads=threads, exploration_level=5)
    return sol, time.perf_counter() - t, ""


def run_pyvroom(p: RoutingProblem, budget: float, threads: int) -> tuple[Any, float, str]:
    """pyvroom called directly (not through lastleg), exploration 5, no time limit."""
    import vroom

    del budget
    t = time.perf_counter()
    d = _int_data(p, inexact=100)
    inp = vroom.Input()
    inp.set_durations_matrix("car", d["dur"])
    inp.set_distances_matrix("car", d["dist"])
    inp.set_costs_matrix("car", d["dist"])
    q = [int(x) for x in p.vt_capacity[0]]
    tw = vroom.TimeWindow(*d["shift"]) if math.isfinite(p.vt_shift[0, 1]) else None
    inp.add_vehicle([vroom.Vehicle(v, start=0, end=0, capacity=q, time_window=tw)
                     for v in range(int(p.vt_count[0]))])
    jobs = []
    for i in range(p.n_stops):
        extra: dict[str, Any] = {}
        if math.isfinite(p.time_windows[p.tw_offsets[i], 1]):
            extra["time_windows"] = [vroom.TimeWindow(int(d["tw_open"][i]),
                                                      int(d["tw_close"][i]))]
        jobs.append(vroom.Job(i, location=1 + i, delivery=[int(x) for x in p.demand[i]],
                              default_service=int(d["service"][i]), **extra))
    inp.add_job(jobs)
    ans = inp.solve(exploration_level=5, nb_threads=threads).to_dict()
    routes = [(0, [int(s["id"]) for s in r["steps"] if s["type"] == "job"])
              for r in ans["routes"]]
    return routes, time.perf_counter() - t, ""


def run_pyvrp(p: RoutingProblem, budget: float, threads: int) -> tuple[Any, float, str]:
    """PyVRP 0.14 ``solve`` with ``MaxRuntime(budget)``, seed 0 (single-threaded)."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    del threads
    t = time.perf_counter()
    d = _int_data(p, inexact=1000)
    assert p.coords is not None
    locs = [pyvrp.Location(float(x), float(y)) for x, y in p.coords]
    clients = [
        pyvrp.Client(1 + i, delivery=[int(x) for x in p.demand[i]],
                     service_duration=int(d["service"][i]), tw_early=int(d["tw_open"][i]),
                     tw_late=int(d["tw_close"][i]))
        for i in range(p.n_stops)
    ]
    shift = d["shift"]
    depot = pyvrp.Depot(0, tw_early=shift[0], tw_late=shift[1])
    vt = pyvrp.VehicleType(int(p.vt_count[0]), capacity=[int(x) for x in p.vt_capacity[0]],
                           tw_early=shift[0], tw_late=shift[1])
    data = pyvrp.ProblemData(locations=locs, clients=clients, depots=[depot],
                             vehicle_types=[vt], distance_matrices=[d["dist"]],
                             duration_matrices=[d["dur"]])
    res = pyvrp.solve(data, MaxRuntime(budget), seed=0, display=False)
    routes = [(0, [int(a.idx) for a in r if a.is_client()]) for r in res.best.routes()]
    note = "" if res.is_feasible() else "pyvrp: best solution infeasible"
    return routes, time.perf_counter() - t, note


RUNNERS: dict[str, Callable[[RoutingProblem, float, int], tuple[Any, float, str]]] = {
    "native": run_native,
    "lastleg-vroom": run_lastleg_vroom,
    "pyvroom": run_pyvroom,
    "pyvrp": run_pyvrp,
}


# ---------------------------------------------------------------------------


def _bks() -> dict[str, float]:
    with open(SHARED / "bks.csv") as fh:
        return {r["instance"]: float(r["bks_cost"]) for r in csv.DictReader(fh)}


def _budget(p: RoutingProblem, path: Path, given: float | None) -> float:
    if given is not None:
        return given
    return max(1.0, p.n_stops / 50) if path.suffix == ".vrp" and "cvrp" in str(path) else 10.0


def _fmt(x: float, spec: str) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--instances", nargs="+", default=list(DEFAULT_INSTANCES),
                    help="globs, relative to the shared instances folder or absolute")
    ap.add_argument("--budget", type=float, default=None,
                    help="seconds per instance (default n/50 for CVRP, 10 for VRPTW)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--solvers", default=",".join(SOLVERS),
                    help=f"comma-separated subset of {','.join(SOLVERS)}")
    ap.add_argument("--out", default="bench/results/routing_quality.md")
    args = ap.parse_args(argv)
    solvers = [s for s in args.solvers.split(",") if s]
    for s in solvers:
        if s not in RUNNERS:
            ap.error(f"unknown solver {s!r}")

    paths: list[Path] = []
    for pattern in args.instances:
        base = pattern if Path(pattern).is_absolute() else str(SHARED / pattern)
        paths += [Path(x) for x in sorted(glob.glob(base)) if not x.endswith(".sol")]
    if not paths:
        ap.error("no instance matches")
    bks = _bks()
    rows: list[dict[str, Any]] = []
    for path in paths:
        p = read_vrplib(path)
        name = path.stem
        budget = _budget(p, path, args.budget)
        row: dict[str, Any] = {"instance": name, "n": p.n_stops, "bks": bks.get(name),
                               "budget": budget}
        for s in solvers:
            try:
                sol, secs, note = RUNNERS[s](p, budget, args.threads)
            except Exception as exc:  # noqa: BLE001 - one failing solver must not stop the run
                sol, secs, note = None, math.nan, f"error: {exc}"
            cost = gap = math.nan
            status = note or "n/a"
            if sol is not None:
                res = check_routes(p, sol)
                cost = res.cost
                if res.ok and res.n_unassigned_mandatory == 0:
                    status = "ok"
                    if row["bks"]:
                        gap = 100 * (cost - row["bks"]) / row["bks"]
                else:
                    status = "infeasible: " + "; ".join(res.messages[:2])
                    if res.n_unassigned_mandatory:
                        status += f" ({res.n_unassigned_mandatory} unserved)"
            row[s] = {"cost": cost, "gap": gap, "time": secs, "status": status}
            print(f"{name:>14} {s:>14}: cost {_fmt(cost, '.2f'):>10}  gap {_fmt(gap, '.2f'):>6}%"
                  f"  {_fmt(secs, '.1f'):>6}s  {status}", flush=True)
        rows.append(row)

    md = _markdown(rows, solvers, args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(md)
    out.with_suffix(".json").write_text(json.dumps(rows, indent=1, default=float))
    print()
    print(md)
    return 0


def _markdown(rows: list[dict[str, Any]], solvers: list[str], args: argparse.Namespace) -> str:
    head = "| instance | n | BKS | budget (s) | " + " | ".join(
        f"{s} gap % | {s} s" for s in solvers) + " |"
    sep = "|---|---:|---:|---:|" + "---:|---:|" * len(solvers)
    lines = [(f"Routing quality — threads {args.threads}; pyvroom: exploration 5, "
             "no time limit; others: the budget. Gap to bks.csv of the cost recomputed "
             "by check_routes."), "", head, sep]
    notes = []
    for r in rows:
        cells = [r["instance"], str(r["n"]), _fmt(r["bks"], "g"), _fmt(r["budget"], "g")]
        for s in solvers:
            c = r[s]
            g = _fmt(c["gap"], ".2f") if c["status"] == "ok" else (
                "n/a" if c["status"].startswith("n/a") else "inf.")
            cells += [g, _fmt(c["time"], ".1f")]
            if c["status"] != "ok":
                notes.append(f"- {r['instance']} / {s}: {c['status']}")
        lines.append("| " + " | ".join(cells) + " |")
    refs = [x for x in ("pyvroom", "pyvrp") if x in solvers]
    lines += ["", "| solver | feasible | mean gap % | mean time (s) |"
              + "".join(f" geo-mean cost ratio to {x} |" for x in refs),
              "|---|---:|---:|---:|" + "---:|" * len(refs)]
    for s in solvers:
        ok = [r for r in rows if r[s]["status"] == "ok"]
        gaps = [r[s]["gap"] for r in ok if not math.isnan(r[s]["gap"])]
        times = [r[s]["time"] for r in rows if not math.isnan(r[s]["time"])]
        cells = [s, f"{len(ok)}/{len(rows)}",
                 _fmt(sum(gaps) / len(gaps) if gaps else math.nan, ".2f"),
                 _fmt(sum(times) / len(times) if times else math.nan, ".1f")]
        for x in refs:
            ratios = [r[s]["cost"] / r[x]["cost"] for r in ok if r[x]["status"] == "ok"]
            cells.append(_fmt(math.exp(sum(map(math.log, ratios)) / len(ratios))
                              if ratios else math.nan, ".4f"))
        lines.append("| " + " | ".join(cells) + " |")
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
