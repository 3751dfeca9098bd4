"""Long fuzz run of the public boundary (issue 8): malformed inputs to every public
constructor and solve function, in child processes (a segfault or abort is a
finding, not a dead run). The cases are tests/hardening/fuzz_cases.py; the CI test
(tests/hardening/test_fuzz.py) runs a few hundred of them.

    python bench/fuzz.py --cases 20000 [--start 0] [--jobs 2] [--batch 500]

Prints outcome counts, every non-InputError exception ("BAD") and every crash;
exits 1 if there is any. Replay one case: python tests/hardening/fuzz_cases.py SEED 1
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hardening"))

from _runner import FuzzReport, run_batch


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=500)
    args = ap.parse_args()
    starts = range(args.start, args.start + args.cases, args.batch)
    report = FuzzReport()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_batch, s, min(args.batch, args.start + args.cases - s), 3600)
                   for s in starts]
        for f in futures:
            report.merge(f.result())
    took = time.perf_counter() - t0
    print(f"fuzz: {report.cases} cases in {took:.0f} s ({args.jobs} jobs), "
          f"seeds {args.start}..{args.start + args.cases - 1}")
    for key, count in sorted(report.outcomes.items()):
        print(f"  {count:7d}  {key}")
    print(f"crashes: {len(report.crashes)}")
    for line in report.crashes:
        print(f"  {line}")
    print(f"other exceptions (BAD): {len(report.bad)}")
    for line in report.bad[:200]:
        print(f"  {line}")
    return 1 if report.crashes or report.bad else 0


if __name__ == "__main__":
    sys.exit(main())
