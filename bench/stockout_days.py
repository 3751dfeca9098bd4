"""Days with long-tail stockouts, end to end through the command line.

For each day: ``lastleg generate`` (stockouts at the generator's default rate), then
``lastleg assign`` and ``lastleg plan`` as a user runs them. From the files they write:
every ordered unit is in assignments.csv or unserved.csv exactly once, the stockout lines
are unserved ``no_stock``, the folder verifies as one complete run; the assignment read
back from assignments.csv passes ``check_assignment``. Prints a markdown table.

    python bench/stockout_days.py                      # 3k x 20 nodes (3 levels), 100k x 50
    python bench/stockout_days.py --days 3000/20/2500/loose
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from lastleg import AssignmentProblem, check_assignment
from lastleg.io.outputs import verify_outputs

DAYS = ["3000/20/2500/loose", "3000/20/2500/medium", "3000/20/2500/tight",
        "100000/50/20000/medium"]


def cli(*args: str) -> tuple[int, float, int, str]:
    """Exit status, wall seconds, peak RSS (KB) and stderr of one lastleg command."""
    t0 = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "lastleg.cli",
                          *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    rss = int(res.stderr.strip().splitlines()[-1])
    return res.returncode, wall, rss, res.stderr


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def audit(problem: AssignmentProblem, out: Path) -> dict[str, object]:
    """Accounting, stockout reasons and the checker, from the files alone."""
    ordered: Counter[tuple[str, str]] = Counter()
    for o, s, q in zip(problem.line_order, problem.line_sku, problem.line_qty):
        ordered[(problem.order_ids[o], problem.skus[s])] += int(q)
    done: Counter[tuple[str, str]] = Counter()
    shipped = rows(out / "assignments.csv")
    for r in shipped:
        done[(r["order_id"], r["sku"])] += int(r["qty"])
    unserved = rows(out / "unserved.csv")
    for r in unserved:
        done[(r["order_id"], r["sku"])] += int(r["qty"])
    stockout = {problem.skus[s] for s in np.flatnonzero(problem.sku_no_stock)}
    stock_reasons = {r["reason"] for r in unserved if r["sku"] in stockout}
    line_of = {(problem.order_ids[o], problem.skus[s]): i
               for i, (o, s) in enumerate(zip(problem.line_order, problem.line_sku))}
    node_of = {n: i for i, n in enumerate(problem.node_ids)}
    check = check_assignment(
        problem, part_line=[line_of[(r["order_id"], r["sku"])] for r in shipped],
        part_node=[node_of[r["node_id"]] for r in shipped],
        part_qty=[int(r["qty"]) for r in shipped])
    return {"accounted": done == ordered, "stockout_reasons": sorted(stock_reasons),
            "verified": verify_outputs(out) == [], "violations": len(check.violations),
            "unserved": Counter(r["reason"].split(":")[0] for r in unserved)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--days", nargs="+", default=DAYS, help="orders/nodes/skus/scarcity")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--plan-time-limit", type=float, default=60.0)
    args = ap.parse_args(argv)
    table = [("| day | command | exit | wall s | peak MB | stockout lines | their reasons "
             "| units accounted | complete run | checker violations |"),
             "|---|---|---:|---:|---:|---:|---|---|---|---:|"]
    ok = True
    for day in args.days:
        n, m, s, level = day.split("/")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "day"
            code, *_ = cli("generate", "--orders", n, "--nodes", m, "--skus", s, "--seed",
                           str(args.seed), "--scarcity", level, "--out", str(folder))
            assert code == 0
            problem = AssignmentProblem.from_dir(folder)
            n_out = int(problem.line_no_stock.sum())
            for command, limit in (("assign", "2"), ("plan", str(args.plan_time_limit))):
                out = Path(tmp) / command
                code, wall, rss, err = cli(command, str(folder), "--out", str(out), "--quiet",
                                           "--threads", str(args.threads), "--time-limit",
                                           limit)
                a = audit(problem, out) if code == 0 else {}
                good = code == 0 and a["accounted"] and a["verified"] \
                    and a["stockout_reasons"] == ["no_stock"] and a["violations"] == 0
                ok &= bool(good)
                table.append(
                    f"| {int(n):,} orders, {m} nodes, {level} | {command} | {code} | {wall:.1f} "
                    f"| {rss / 1024:.0f} | {n_out:,} | {', '.join(a.get('stockout_reasons', []))} "
                    f"| {a.get('accounted')} | {a.get('verified')} | {a.get('violations')} |")
                print(table[-1], flush=True)
                if code != 0:
                    print(err, file=sys.stderr)
                else:
                    print(f"    unserved line parts by reason: {json.dumps(a['unserved'])}",
                          flush=True)
    print("\n".join(table))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
