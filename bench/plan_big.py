"""The issue-6 scale check: generate a big scenario, plan it through the CLI, report wall
time and peak RSS, and verify that every ordered unit is in assignments.csv or unserved.csv.

    python bench/plan_big.py [--orders 100000] [--nodes 50] [--threads 2] [--dir /tmp/big]
                             [--stockouts SHARE]   # default: the generator's
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a child process."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, rss


def units(path: Path) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            out[row["order_id"], row["sku"]] += int(row["qty"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--nodes", type=int, default=50)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dir", default="/tmp/big")
    ap.add_argument("--stockouts", type=float, default=None,
                    help="share of long-tail SKUs held nowhere (0: a day without stockouts)")
    args = ap.parse_args()
    folder = Path(args.dir)
    lastleg = [sys.executable, "-m", "lastleg.cli"]
    gen_wall, _ = run([*lastleg, "generate", "--orders", str(args.orders), "--nodes",
                       str(args.nodes), "--out", str(folder),
                       *([] if args.stockouts is None else ["--stockouts", str(args.stockouts)])])
    plan_wall, plan_rss = run([*lastleg, "plan", str(folder), "--threads", str(args.threads),
                               "--quiet"])
    out = folder / "plan"
    ordered = units(folder / "lines.csv")
    with open(folder / "orders.csv", newline="") as handle:
        orders = {row["order_id"] for row in csv.DictReader(handle)}
    placed = units(out / "assignments.csv") + units(out / "unserved.csv")
    seen = {o for o, _ in placed}
    k = json.loads((out / "summary.json").read_text())
    print("| orders | nodes | threads | generate s | plan wall s | plan peak RSS MiB | units accounted | orders accounted | total cost without / with feedback |")
    print("|---:|---:|---:|---:|---:|---:|---|---|---|")
    print(f"| {args.orders} | {args.nodes} | {args.threads} | {gen_wall:.1f} | {plan_wall:.1f} | "
          f"{plan_rss:.0f} | {placed == ordered} | {seen == orders} | "
          f"{k['total_cost_without_feedback']:,.0f} / {k['total_cost_with_feedback']:,.0f} |")


if __name__ == "__main__":
    main()
