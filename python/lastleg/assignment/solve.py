"""`assign`: the batch order-to-node assignment engine."""

from __future__ import annotations

import numpy as np

from lastleg import _core
from lastleg._validate import solve_options
from lastleg.assignment.problem import AssignmentProblem
from lastleg.assignment.result import UNKNOWN_LEVEL, UNREACHABLE, Assignment
from lastleg.errors import InputError


def assign(
    problem: AssignmentProblem,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
    threads: int | None = None,
) -> Assignment:
    """Decide which node ships each order line of a batch, jointly (the objective:
    docs/formats.md).

    time_limit: wall seconds from the call, reading the arrays included (None: the
    default schedule only, a function of the batch size: batches above 5,000 orders get
    a short one, 100k orders in about 1.5 s on 2 cores). Under a limit the search
    stops early enough for the results to be returned within it.
    max_iterations: subgradient iterations of the Lagrangian dual (batches of up to
    5,000 orders; larger ones price by market clearing). With no time limit the
    answer depends only on the input, this and ``seed`` — not on ``threads``.
    threads: worker threads (None: all hardware threads).
    Returns an `Assignment` with its lower bound (the certificate).
    """
    if not isinstance(problem, AssignmentProblem):
        raise InputError("problem", f"expected an AssignmentProblem, got {type(problem).__name__}")
    time_limit, max_iterations, seed, threads = solve_options(
        time_limit, max_iterations, seed, threads)
    raw = _core.assign_solve(
        problem, time_limit=time_limit, max_iterations=max_iterations, seed=seed, threads=threads
    )
    return Assignment(
        problem=problem,
        part_line=raw.part_line,
        part_node=raw.part_node,
        part_qty=raw.part_qty,
        status_code=raw.order_status,
        reason_code=_order_reasons(problem, raw.order_reason),
        parcels=raw.order_parcels,
        order_cost=raw.order_cost,
        node_orders=raw.node_orders,
        node_units=raw.node_units,
        cost=raw.cost,
        lower_bound=raw.lower_bound,
        cost_breakdown={"shipping": raw.shipping, "processing": raw.processing,
                        "split": raw.split, "unserved": raw.unserved},
        runtime=raw.runtime,
        iterations=raw.dual_iterations,
        stats={"moves": raw.moves, "best_task": raw.best_task, "seed": seed,
               "threads": threads},
    )


def _order_reasons(problem: AssignmentProblem, codes: np.ndarray) -> np.ndarray:
    """The engine's per-order reasons, with ``unknown_service_level`` for the orders whose
    level no node offers and ``unreachable`` for those no road leads to (the engine only
    sees that no node reaches them)."""
    out = np.array(codes, dtype=np.int8)
    unknown = ~problem.level_offered[problem.order_level] & (out >= 0)
    out[unknown] = UNKNOWN_LEVEL
    out[problem.order_unreachable & (out >= 0)] = UNREACHABLE
    out.setflags(write=False)
    return out
