"""Assignment scaling: lastleg.assign time, peak memory and certificate gap as a batch grows.

Each size runs in its own process (so peak RSS is that size's own). Reading and building the
problem are excluded from the time; with --repeat N each size is solved N times in its process
and the table shows the median (every run is in the JSON line). Prints a markdown table and
the growth exponent of the solve time (least squares on log time vs log orders).

    python bench/assign_scale.py --orders 10000 100000 --nodes 50 --skus 20000 --threads 2
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

CHILD = r"""
import json, resource, sys, time
import lastleg
n, m, s, seed, scarcity, threads, tl, iters, repeat = json.loads(sys.argv[1])
t = time.perf_counter()
p = lastleg.generate_scenario(n, m, s, seed=seed, scarcity=scarcity).to_problem()
build = time.perf_counter() - t
walls = []
for _ in range(repeat):
    t = time.perf_counter()
    a = lastleg.assign(p, seed=0, threads=threads, time_limit=tl, max_iterations=iters)
    walls.append(time.perf_counter() - t)
check = lastleg.check_assignment(p, a)
print(json.dumps({
    "orders": n, "lines": p.n_lines, "nodes": m, "skus": s, "build_s": build,
    "assign_s": sorted(walls)[len(walls) // 2], "runs_s": walls,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "cost": a.cost,
    "bound": a.lower_bound, "gap": a.gap, "violations": len(check.violations),
    "iterations": a.iterations, "counts": a.counts(),
}))
"""


def run(size: int, args: argparse.Namespace) -> dict[str, Any]:
    params = [
        size,
        args.nodes,
        args.skus,
        args.seed,
        args.scarcity,
        args.threads,
        args.time_limit,
        args.max_iterations,
        args.repeat,
    ]
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(params)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def exponent(rows: list[dict[str, Any]]) -> float | None:
    pts = [(math.log(r["orders"]), math.log(r["assign_s"])) for r in rows if r["assign_s"] > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--orders", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--nodes", type=int, default=50)
    ap.add_argument("--skus", type=int, default=20000)
    ap.add_argument("--scarcity", default="medium", choices=["loose", "medium", "tight"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=None, help="lastleg.assign time limit (s)")
    ap.add_argument("--max-iterations", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1,
                    help="solves per size in one process; the table shows their median")
    ap.add_argument("--out", type=Path, help="also write the markdown table here")
    args = ap.parse_args(argv)
    rows = []
    for size in args.orders:
        row = run(size, args)
        rows.append(row)
        print(json.dumps(row), flush=True)
    lines = [
        (
            f"nodes {args.nodes}, SKUs {args.skus}, scarcity {args.scarcity}, "
            f"{args.threads} threads, time limit {args.time_limit}, "
            f"median of {args.repeat} solve(s) per size"
        ),
        "",
        "| orders | lines | assign (s) | peak RSS (MB) | cost | bound | certificate gap | violations |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['orders']} | {r['lines']} | {r['assign_s']:.2f} | {r['rss_mb']:.0f} | "
            f"{r['cost']:.0f} | {r['bound']:.0f} | {100 * r['gap']:.2f}% | {r['violations']} |"
        )
    k = exponent(rows)
    lines.append("")
    lines.append(f"time growth exponent: {k:.2f}" if k is not None else "time growth exponent: –")
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
