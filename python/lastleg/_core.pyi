from typing import Any

import numpy as np

def build_info() -> dict[str, Any]: ...
def rng_sequence(
    seed: int, task: int = 0, count: int = 8, bound: int = 0
) -> np.ndarray[Any, np.dtype[np.uint64]]: ...
def parallel_task_order(threads: int, n_tasks: int) -> np.ndarray[Any, np.dtype[np.int64]]: ...
def solve_routes(
    problem: Any,
    time_limit: float,
    max_iterations: int,
    seed: int,
    threads: int,
    params: dict[str, Any] = ...,
) -> dict[str, Any]: ...
def assign_solve(
    problem: Any,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    threads: int | None = None,
) -> dict[str, Any]: ...
