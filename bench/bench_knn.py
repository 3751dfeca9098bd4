"""kNN build time for random points (100k points, k=16).

Run: python bench/bench_knn.py [--n 100000] [--k 16] [--threads 2] [--repeat 5]
Prints the median of several runs, for planar and haversine points.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from lastleg.travel import nearest_neighbours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    cases = {
        "euclidean": rng.random((args.n, 2)) * 1000,
        "haversine": np.column_stack(
            [rng.uniform(50.5, 51.5, args.n), rng.uniform(3.5, 5.5, args.n)]
        ),
    }
    print("| metric | n | k | threads | median s | min s |\n|---|---:|---:|---:|---:|---:|")
    for metric, pts in cases.items():
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            nearest_neighbours(pts, args.k, metric=metric, threads=args.threads)
            times.append(time.perf_counter() - t0)
        print(
            f"| {metric} | {args.n} | {args.k} | {args.threads} | "
            f"{statistics.median(times):.3f} | {min(times):.3f} |"
        )


if __name__ == "__main__":
    main()
