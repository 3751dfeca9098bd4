"""solve_mip: the assignment MIP (or its LP relaxation) solved by HiGHS (``pip install
"lastleg[mip]"``). For batches of a few thousand orders it proves the optimum; lastleg's
tests and benchmarks measure the engine against it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lastleg.assignment.baseline import LineParts
from lastleg.assignment.mip.model import MipModel, build_model, start_values


@dataclass
class MipResult:
    """Solution of the MIP (or LP): objective, bound, status, time, and the line parts."""

    objective: float
    bound: float
    status: str
    seconds: float
    build_seconds: float
    parts: LineParts | None
    integer: bool
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        return self.status == "Optimal"

    @property
    def gap(self) -> float:
        return (self.objective - self.bound) / max(abs(self.objective), 1e-9)


def highs_version() -> str:
    import highspy

    h = highspy.Highs()
    return f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"


def _highs(problem: Any, model: MipModel, options: dict[str, Any], integer: bool,
           start: Any) -> Any:
    """A HiGHS instance loaded with the model (and the start as first incumbent)."""
    import highspy

    h = highspy.Highs()
    for key, value in options.items():
        h.setOptionValue(key, value)
    empty_i = np.zeros(0, dtype=np.int32)
    h.addCols(model.n_cols, model.cost, model.lower, model.upper, 0, empty_i, empty_i, np.zeros(0))
    h.addRows(len(model.row_lower), model.row_lower, model.row_upper, len(model.index),
              model.starts[:-1].copy(), model.index, model.value)
    h.changeObjectiveOffset(model.offset)
    if integer and len(model.integer_cols):
        kinds = np.full(len(model.integer_cols), int(highspy.HighsVarType.kInteger), np.uint8)
        h.changeColsIntegrality(len(model.integer_cols), model.integer_cols, kinds)
    values = start_values(problem, model, start) if integer and start is not None else None
    if values is not None:
        sol = highspy.HighsSolution()
        sol.col_value = values.tolist()
        sol.value_valid = True
        h.setSolution(sol)
    return h


def solve_mip(
    problem: Any,
    *,
    integer: bool = True,
    time_limit: float = 600.0,
    threads: int | None = 2,
    mip_rel_gap: float = 1e-6,
    verbose: bool = False,
    strong: bool = False,
    lp_solver: str = "ipm",
    start: Any = None,
) -> MipResult:
    """Solve the MIP (``integer=True``) or its LP relaxation with HiGHS.

    mip_rel_gap: the MIP is "Optimal" when within this relative gap of its dual bound.
    lp_solver: HiGHS solver for the LP relaxation ("ipm", "simplex", "choose", "pdlp").
    start: a feasible assignment (line parts) handed to HiGHS as the first incumbent.
    strong: x <= min(qty, stock) y and y <= z (same integer points, a tighter LP).
    """
    t0 = time.perf_counter()
    model = build_model(problem, strong=strong)
    info = {"cols": model.n_cols, "rows": len(model.row_lower), "nnz": len(model.index)}
    if model.n_cols == 0:  # nothing can be shipped: every order unserved
        empty = np.zeros(0, dtype=np.int64)
        return MipResult(objective=model.offset, bound=model.offset, status="Optimal",
                         seconds=0.0, build_seconds=time.perf_counter() - t0,
                         parts=LineParts(empty, empty, empty), integer=integer, info=info)
    options: dict[str, Any] = {"output_flag": verbose, "time_limit": float(time_limit)}
    if threads is not None:  # HiGHS fixes its thread count once per process
        options["threads"] = int(threads)
    if integer:
        options["mip_rel_gap"] = float(mip_rel_gap)
    else:  # interior point is about twice as fast as simplex on these LPs
        options["solver"] = lp_solver
    h = _highs(problem, model, options, integer, start)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t1
    run_info = h.getInfo()
    objective = float(run_info.objective_function_value)
    parts = None
    sol = h.getSolution()
    if sol.value_valid:
        units = np.round(np.asarray(sol.col_value)[: len(model.x_line)]).astype(np.int64)
        keep = units > 0
        parts = LineParts(model.x_line[keep], model.x_node[keep], units[keep])
    return MipResult(objective=objective,
                     bound=float(run_info.mip_dual_bound) if integer else objective,
                     status=h.modelStatusToString(h.getModelStatus()), seconds=seconds,
                     build_seconds=build, parts=parts, integer=integer, info=info)
