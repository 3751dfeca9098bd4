"""The exact assignment MIP on a scenario folder (lastleg.assignment.mip, HiGHS).

    python bench/assign_mip.py DIR [--lp] [--time-limit S] [--threads T]
"""

from __future__ import annotations

import argparse

from lastleg.assignment.check import check_assignment
from lastleg.assignment.mip import solve_mip
from lastleg.assignment.problem import AssignmentProblem


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", help="scenario folder")
    ap.add_argument("--lp", action="store_true", help="solve the LP relaxation only")
    ap.add_argument("--time-limit", type=float, default=600.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    problem = AssignmentProblem.from_dir(args.scenario)
    res = solve_mip(problem, integer=not args.lp, time_limit=args.time_limit,
                    threads=args.threads, verbose=args.verbose)
    print(f"{'LP' if args.lp else 'MIP'} {res.status}: objective {res.objective:.4f} "
          f"bound {res.bound:.4f} in {res.seconds:.2f} s (build {res.build_seconds:.2f} s) "
          f"{res.info}")
    if res.parts is not None and not args.lp:
        check = check_assignment(problem, res.parts)
        print(f"checker: cost {check.cost:.4f} {check.breakdown} {check.orders} ok={check.ok}")
        for v in check.violations[:20]:
            print("  ", v)


if __name__ == "__main__":
    main()
