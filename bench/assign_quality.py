"""Assignment quality: lastleg vs the proven optimum, the LP bound and the rules baseline.

For each batch size and scarcity level: generate a realistic batch (lastleg.generate), solve
the exact §5 MIP with HiGHS to proven optimality (lastleg.assignment.mip), its LP relaxation,
the rules baseline (what an OMS does), and lastleg.assign when the engine is built on this
branch. Every solution is checked by the independent checker. Prints a markdown table
(gaps are relative to the proven optimum; "LP gap" is how far the optimum sits above the
LP bound; speed-up is HiGHS time / lastleg time).

    python bench/assign_quality.py --orders 1000 5000 --levels loose medium tight --out r.md

With ``--mip-cache F`` the HiGHS results are kept in F, so lastleg can be re-measured
against the same proven optima without re-solving the MIPs.
"""

from __future__ import annotations

import argparse
import inspect
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lastleg
from lastleg.assignment import mip
from lastleg.assignment.baseline import LineParts, rules_baseline
from lastleg.assignment.check import check_assignment
from lastleg.generate import generate_scenario

DEFAULT_NODES = {1000: 16, 5000: 24}


def engine() -> Callable[..., Any] | None:
    """lastleg.assign when the engine is on this branch, else None."""
    fn = getattr(lastleg, "assign", None)
    if fn is None:
        try:
            from lastleg.assignment.solve import assign as fn  # type: ignore[import-not-found]
        except ImportError:
            return None
    return fn  # type: ignore[no-any-return]


def run_engine(fn: Callable[..., Any], problem: Any, time_limit: float, threads: int) -> Any:
    params = inspect.signature(fn).parameters
    kwargs: dict[str, Any] = {"seed": 0}
    if "time_limit" in params and time_limit > 0:
        kwargs["time_limit"] = time_limit
    if "threads" in params:
        kwargs["threads"] = threads
    return fn(problem, **kwargs)


def _load_cache(path: Path | None) -> dict[str, Any]:
    return json.loads(path.read_text()) if path and path.exists() else {}


def solve_exact(problem: Any, args: argparse.Namespace) -> dict[str, Any]:
    """HiGHS's optimum (or best incumbent) and LP bound, as plain JSON-able values."""
    exact = mip.solve_mip(
        problem,
        time_limit=args.time_limit,
        threads=args.highs_threads,
        mip_rel_gap=args.mip_gap,
        start=rules_baseline(problem),  # an incumbent from the start
    )
    lp = mip.solve_mip(
        problem,
        integer=False,
        time_limit=args.time_limit,
        threads=args.highs_threads,
        lp_solver=args.lp_solver,
    )
    parts = None
    if exact.parts is not None:
        parts = [exact.parts.part_line.tolist(), exact.parts.part_node.tolist(),
                 exact.parts.part_qty.tolist()]  # fmt: skip
    return {
        "opt": exact.objective,
        "proven": exact.optimal,
        "mip_bound": exact.bound,
        "mip_s": exact.seconds,
        "lp": lp.objective,
        "lp_s": lp.seconds,
        "parts": parts,
    }


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100.0 * value:+.2f}%"


def run_one(
    orders: int, nodes: int, skus: int, level: str, args: argparse.Namespace
) -> dict[str, Any]:
    t0 = time.perf_counter()
    problem = generate_scenario(orders, nodes, skus, seed=args.seed, scarcity=level,
                                stockouts=args.stockouts).to_problem()
    row: dict[str, Any] = {
        "batch": f"{orders // 1000}k orders, {nodes} nodes",
        "level": level,
        "gen_s": time.perf_counter() - t0,
        "issues": [],
    }
    key = f"{orders}/{nodes}/{skus}/{level}/{args.seed}/{args.mip_gap:g}"
    if args.stockouts:  # batches generated before stockouts existed keep their keys
        key += f"/stockouts={args.stockouts:g}"
    cached = _load_cache(args.mip_cache).get(key)
    if cached is None or (cached["time_limit"] < args.time_limit and not cached["proven"]):
        cached = solve_exact(problem, args)
        cached["time_limit"] = args.time_limit
        if args.mip_cache:
            store = _load_cache(args.mip_cache)
            store[key] = cached
            args.mip_cache.write_text(json.dumps(store))
    row.update({k: cached[k] for k in ("opt", "proven", "mip_bound", "mip_s", "lp", "lp_s")})
    if cached["parts"] is not None:
        check = check_assignment(problem, LineParts.from_lists(*cached["parts"]))
        # an unproven incumbent may carry idle parcel/split variables: cost <= objective
        opt = cached["opt"]
        off = check.cost - opt
        if (
            not check.ok
            or off > 1e-6 * max(1.0, abs(opt))
            or (cached["proven"] and abs(off) > 1e-6 * max(1.0, abs(opt)))
        ):
            row["issues"].append(f"MIP: checker cost {check.cost:.4f}, {check.violations[:3]}")
        row["opt_orders"] = check.orders
    t1 = time.perf_counter()
    rules = check_assignment(problem, rules_baseline(problem))  # timed here
    row["rules_s"] = time.perf_counter() - t1
    row["rules"] = rules.cost
    if not rules.ok:
        row["issues"].append(f"rules: {rules.violations[:3]}")
    fn = engine()
    if fn is not None:
        t2 = time.perf_counter()
        asg = run_engine(fn, problem, args.assign_time_limit, args.threads)
        row["ll_s"] = time.perf_counter() - t2
        check = check_assignment(problem, asg)
        row["ll"] = check.cost
        bound = getattr(asg, "lower_bound", None)
        row["ll_bound"] = None if bound is None else float(bound)
        if not check.ok:
            row["issues"].append(
                f"lastleg: {len(check.violations)} violations {check.violations[:3]}"
            )
        own = getattr(asg, "cost", None)
        if own is not None and abs(float(own) - check.cost) > 1e-6 * max(1.0, check.cost):
            row["issues"].append(f"lastleg reports cost {float(own):.4f}, checker {check.cost:.4f}")
    return row


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| batch | scarcity | optimum | HiGHS MIP s | LP bound | optimum above LP | LP s "
        "| rules above opt | lastleg above opt | lastleg saving vs rules | lastleg s "
        "| lastleg bound gap | speed-up | checks |"
    )
    out = [head, "|" + "---|" * 14]
    for r in rows:
        opt = r["opt"]
        residual = (opt - r["mip_bound"]) / opt
        opt_s = f"{opt:,.2f}" if r["proven"] else f"≤ {opt:,.2f} (bound {r['mip_bound']:,.2f})"
        opt_s += f" ({100 * residual:.3f}% gap)" if residual > 1e-9 else ""
        ll = r.get("ll")
        ll_gap = None if ll is None else ll / opt - 1.0
        ll_bound = r.get("ll_bound")
        bound_gap = None if ll is None or ll_bound is None else (ll - ll_bound) / ll
        speed = f"{r['mip_s'] / r['ll_s']:.0f}×" if ll is not None and r["ll_s"] > 0 else "–"
        saving = None if ll is None else 1.0 - ll / r["rules"]
        ll_s = f"{r['ll_s']:.2f}" if ll is not None else "–"
        checks = "ok" if not r["issues"] else "; ".join(r["issues"])
        out.append(
            f"| {r['batch']} | {r['level']} | {opt_s} | {r['mip_s']:.1f} | {r['lp']:,.2f} "
            f"| {pct(opt / r['lp'] - 1.0) if r['lp'] > 0 else 'no LP in the limit'} | {r['lp_s']:.1f} | {pct(r['rules'] / opt - 1.0)} "
            f"| {pct(ll_gap)} | {pct(saving)} | {ll_s} | {pct(bound_gap)} | {speed} | {checks} |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--orders", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--nodes", type=int, nargs="+", help="one per --orders (default 16 / 24)")
    ap.add_argument("--skus", type=int, nargs="+", help="one per --orders (default = orders)")
    ap.add_argument("--levels", nargs="+", default=["loose", "medium", "tight"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stockouts", type=float, default=0.007,
                    help="share of lines out of stock everywhere (generator default; 0: none)")
    ap.add_argument("--time-limit", type=float, default=600.0, help="HiGHS limit per solve (s)")
    ap.add_argument(
        "--assign-time-limit",
        type=float,
        default=2.0,
        help="lastleg.assign time limit (s); 0: its default budget",
    )
    ap.add_argument(
        "--mip-gap", type=float, default=1e-4, help="HiGHS mip_rel_gap: optimal within this"
    )
    ap.add_argument("--lp-solver", default="ipm", help="HiGHS solver for the LP relaxation")
    ap.add_argument("--threads", type=int, default=2, help="lastleg threads")
    ap.add_argument(
        "--highs-threads", type=int, default=1, help="HiGHS threads (1: best on a busy machine)"
    )
    ap.add_argument("--out", type=Path, help="also write the markdown table here")
    ap.add_argument(
        "--mip-cache",
        type=Path,
        help="JSON file of HiGHS results reused across runs (re-solved if absent or unproven "
        "under a shorter limit)",
    )
    args = ap.parse_args(argv)
    nodes = args.nodes or [DEFAULT_NODES.get(n, 24) for n in args.orders]
    skus = args.skus or list(args.orders)
    if len(nodes) != len(args.orders) or len(skus) != len(args.orders):
        ap.error("--nodes and --skus need one value per --orders")
    print(f"lastleg.assign: {'available' if engine() else 'not on this branch'}", flush=True)
    rows = []
    for n, m, s in zip(args.orders, nodes, skus):
        for level in args.levels:
            row = run_one(n, m, s, level, args)
            rows.append(row)
            print(
                f"{row['batch']} {level}: opt {row['opt']:.2f} ({'proven' if row['proven'] else 'not proven'}"
                f", {row['mip_s']:.1f} s) LP {row['lp']:.2f} ({row['lp_s']:.1f} s) rules "
                f"{row['rules']:.2f} lastleg {row.get('ll', '–')} {row['issues'] or ''}",
                flush=True,
            )
    text = table(rows)
    print()
    print(text)
    if args.out:
        args.out.write_text(
            f"HiGHS {mip.highs_version()}, {args.highs_threads} thread(s), mip_rel_gap "
            f"{args.mip_gap:g}, LP by {args.lp_solver}, seed {args.seed}\n\n" + text + "\n"
        )
    return 0 if all(not r["issues"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
