"""plan(): assign a batch to nodes, route each node's fleet deliveries, and (optionally)
re-assign once with the delivery costs that routing measured."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from lastleg import _core
from lastleg.assignment.problem import TABLE_STEMS, AssignmentProblem
from lastleg.errors import InputError
from lastleg.io.tables import Table, scenario_file
from lastleg.plan.fleet import Fleet
from lastleg.plan.parcels import CARRIER, FLEET, parcels_of
from lastleg.plan.result import Plan
from lastleg.plan.roads import with_roads
from lastleg.plan.round import PlanRound
from lastleg.plan.routing_stage import (
    NodeRouting,
    Progress,
    build_node_problems,
    marginal_costs,
    route_nodes,
)

#: share of each round's time kept for building node problems and pricing the round
OVERHEAD_SHARE = 0.1
#: the feedback round runs only when at least this share of the time limit is left
MIN_FEEDBACK_SHARE = 0.3


def load_scenario(path: str | Path) -> tuple[AssignmentProblem, Fleet]:
    """Read a scenario folder (docs/formats.md): the assignment tables plus fleet.csv."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(str(folder), "not a directory")
    for stem in (*TABLE_STEMS, "fleet"):
        if scenario_file(folder, stem) is None:
            raise InputError(str(folder), f"missing file {stem}.csv (or {stem}.parquet)")
    problem = AssignmentProblem.from_dir(folder)
    return problem, Fleet(Table.read(folder, "fleet"), problem.node_ids)


def _round(
    problem: AssignmentProblem,
    priced: AssignmentProblem,
    fleet: Fleet,
    *,
    assign_time: float | None,
    route_time: float | None,
    deadline: float | None,
    max_iterations: int | None,
    seed: int,
    threads: int,
    progress: Progress | None,
    client: Any = None,
) -> PlanRound:
    from lastleg.assignment.solve import assign

    if progress is not None:
        progress("assignment", 0, 1, float("nan"))
    assignment = assign(priced, time_limit=assign_time, seed=seed, threads=threads)
    if progress is not None:
        progress("assignment", 1, 1, assignment.cost)
    # price parcels with the real service costs, whatever the assignment assumed
    parcels = parcels_of(problem, assignment.part_line, assignment.part_node, assignment.part_qty)
    nodes = build_node_problems(problem, parcels, fleet)
    route_nodes(nodes, time_limit=route_time, deadline=deadline, max_iterations=max_iterations,
                seed=seed, threads=threads, progress=progress, client=client)
    return PlanRound(problem, assignment, parcels, nodes)


def _measured_prices(problem: AssignmentProblem, first: PlanRound) -> AssignmentProblem:
    """What routing taught: fleet services repriced as fixed + per_km·km fitted to the
    routed deliveries' marginal costs at each node where that is dearer than the rate
    assumed (nodes without routed deliveries keep their rates), and nodes whose vans
    could not take every parcel capped at the parcels they did deliver, so the
    re-assignment sources the rest elsewhere."""
    fixed = problem.svc_fixed_cost.copy()
    per_km = problem.svc_cost_per_km.copy()
    capacity = problem.node_capacity_orders.copy()
    parcels_at = np.bincount(first.parcels.node, minlength=problem.n_nodes)
    for n in first.nodes:
        marg = marginal_costs(n)
        ok = ~np.isnan(marg)
        lost = int((~ok).sum())
        if lost:
            cap = int(parcels_at[n.node]) - lost
            capacity[n.node] = cap if capacity[n.node] < 0 else min(cap, int(capacity[n.node]))
        if ok.sum() < 3:
            continue
        km, cost = first.parcels.km[n.parcel][ok], marg[ok]
        slope, intercept = (np.polyfit(km, cost, 1) if np.ptp(km) > 1e-6
                            else (0.0, float(cost.mean())))
        if slope < 0 or intercept < 0:
            slope, intercept = 0.0, float(cost.mean())
        # only dearer, never cheaper (over the vans' own parcels): the fit holds at this
        # load, and a cheaper rate draws more parcels to the vans than they can take
        # (demo: an MFC's van parcels went 332 -> 613 and 113 were left unrouted)
        mean_km = float(first.parcels.km[n.parcel].mean())
        rows = ((problem.svc_node == n.node) & (problem.svc_mode == FLEET)
                & (fixed + per_km * mean_km <= intercept + slope * mean_km))
        fixed[rows], per_km[rows] = intercept, slope
    return problem.with_service_costs(fixed, per_km).with_capacity_orders(capacity)


def plan(
    scenario: str | Path | AssignmentProblem,
    fleet: Fleet | Any = None,
    *,
    time_limit: float | None = 60.0,
    max_iterations: int | None = None,
    seed: int = 0,
    threads: int | None = None,
    feedback: bool = True,
    progress: Progress | None = None,
    client: Any = None,
    roads: Any = None,
) -> Plan:
    """Plan a batch end to end: assignment, per-node routing, KPIs.

    ``scenario`` is a scenario folder or an AssignmentProblem (then ``fleet`` is a Fleet
    or a fleet table). ``time_limit`` bounds the whole plan after reading (both rounds;
    the feedback round runs only when 30 % of it is left); with
    ``time_limit=None`` the engines run their iteration budgets (``max_iterations`` caps
    routing) and the plan depends only on the input and ``seed``. With ``feedback`` a
    second round re-assigns with the per-node delivery costs measured by routing and is
    kept only when it lowers the total; both totals are reported. With ``client`` (a
    ``distributed.Client``) each node's routing runs as a task on that Dask cluster;
    the answers are those of a local run. ``roads`` (an OpenStreetMap extract's path or a
    RoadNetwork; default: the policy's ``roads`` key) plans on real roads: shipping km,
    service reach and every van's matrices come from the road network.
    """
    folder = None
    if isinstance(scenario, AssignmentProblem):
        problem = scenario
        if fleet is None:
            raise InputError("fleet", "required when the scenario is an AssignmentProblem")
        fleet = fleet if isinstance(fleet, Fleet) else Fleet(fleet, problem.node_ids)
    else:
        problem, fleet = load_scenario(scenario)
        folder = Path(scenario)
    problem = with_roads(problem, roads, folder)
    start = time.perf_counter()  # the time limit counts from here: reading is excluded
    if threads is None:
        threads = int(_core.build_info()["hardware_threads"])
    if threads < 1:
        raise InputError("threads", f"must be >= 1, got {threads}")
    if time_limit is not None and not time_limit > 0:
        raise InputError("time_limit", f"must be > 0 seconds, got {time_limit}")
    deadline = None if time_limit is None else start + time_limit

    def budgets(share: float) -> dict[str, float | None]:
        """This round's assignment and routing seconds: ``share`` of what is left, less
        what building and pricing the round takes besides the engines."""
        if deadline is None:
            return {"assign_time": None, "route_time": None}
        budget = share * (deadline - time.perf_counter()) * (1.0 - OVERHEAD_SHARE)
        assign_time = max(0.05, min(0.15 * budget, 10.0))
        return {"assign_time": assign_time, "route_time": max(0.05, budget - assign_time)}

    kwargs: dict[str, Any] = {"deadline": deadline, "max_iterations": max_iterations,
                              "seed": seed, "threads": threads, "progress": progress,
                              "client": client}
    first = _round(problem, problem, fleet, **budgets(0.5 if feedback else 1.0), **kwargs)
    second = None
    room = deadline is None or deadline - time.perf_counter() >= MIN_FEEDBACK_SHARE * time_limit
    if feedback and room and any(n.solution is not None for n in first.nodes):
        second = _round(problem, _measured_prices(problem, first), fleet, **budgets(1.0),
                        **kwargs)
    return Plan(problem, fleet, first, second, runtime=time.perf_counter() - start)


__all__ = ["CARRIER", "FLEET", "NodeRouting", "load_scenario", "plan"]
