"""The engine bindings (src/): typed options in, typed results out."""

from typing import Any

import numpy as np

def build_info() -> dict[str, Any]: ...
def rng_sequence(
    seed: int, task: int = 0, count: int = 8, bound: int = 0
) -> np.ndarray[Any, np.dtype[np.uint64]]: ...

class SearchParams:
    neighbours: int
    ls_neighbours: int
    ls_margin: float
    avg_removed: float
    max_string: int
    split_rate: float
    split_depth: float
    blink_rate: float
    t_start: float
    t_end: float
    portfolio: int
    epochs: int
    local_search: bool
    ejection: bool
    swap_star: bool
    swap_star_neighbours: int
    def __init__(self) -> None: ...

class RouteResult:
    cost: float
    missing: int
    iterations: int
    runtime: float
    construction_time: float
    construction_cost: float
    construction_missing: int
    vehicle_type: np.ndarray
    depot: np.ndarray
    end_depot: np.ndarray
    offsets: np.ndarray
    stops: np.ndarray
    arrival: np.ndarray
    load: np.ndarray
    distance: np.ndarray
    duration: np.ndarray
    route_cost: np.ndarray
    unassigned: np.ndarray
    reasons: list[str]

def solve_routes(
    problem: Any,
    time_limit: float,
    max_iterations: int,
    seed: int,
    threads: int,
    params: SearchParams,
) -> RouteResult: ...

class AssignResult:
    part_line: np.ndarray
    part_node: np.ndarray
    part_qty: np.ndarray
    order_status: np.ndarray
    order_reason: np.ndarray
    order_parcels: np.ndarray
    order_cost: np.ndarray
    node_orders: np.ndarray
    node_units: np.ndarray
    cost: float
    shipping: float
    processing: float
    split: float
    unserved: float
    lower_bound: float
    dual_iterations: int
    moves: int
    best_task: int
    runtime: float

def assign_solve(
    problem: Any,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    threads: int | None = None,
) -> AssignResult: ...
