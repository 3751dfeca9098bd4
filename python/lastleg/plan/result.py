"""Plan: the outcome of lastleg.plan, its KPIs and its outputs."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.assignment.problem import AssignmentProblem
from lastleg.assignment.result import Assignment
from lastleg.io.outputs import OutputFolder
from lastleg.plan.fleet import Fleet
from lastleg.plan.outputs import write_plan
from lastleg.plan.parcels import CARRIER, FLEET
from lastleg.plan.plot import plot_plan
from lastleg.plan.round import PlanRound
from lastleg.plan.routing_stage import NodeRouting


class Plan:
    """Assignment + per-node routes + KPIs. ``chosen`` is the round kept (the feedback
    round only when it lowered the total)."""

    def __init__(self, problem: AssignmentProblem, fleet: Fleet, first: PlanRound,
                 second: PlanRound | None, runtime: float) -> None:
        self.problem = problem
        self.fleet = fleet
        self.first = first
        self.second = second
        self.runtime = runtime
        better = second is not None and second.costs["total_cost"] < first.costs["total_cost"]
        self.chosen: PlanRound = second if better and second is not None else first
        self.feedback_kept = better

    @property
    def assignment(self) -> Assignment:
        return self.chosen.assignment

    @property
    def nodes(self) -> list[NodeRouting]:
        return self.chosen.nodes

    def kpis(self) -> dict[str, Any]:
        """Every figure of summary.json."""
        c = self.chosen.costs
        status = self.chosen.order_status
        routes = [r for n in self.nodes if n.solution is not None for r in n.solution.routes
                  if len(r.stops)]
        load, cap, on_time, windows = 0.0, 0.0, 0, 0
        for n in self.nodes:
            if n.solution is None or n.problem is None:
                continue
            for r in n.solution.routes:
                if len(r.stops) == 0:
                    continue
                load += float(r.load.sum())
                cap += float(n.problem.vt_capacity[r.vehicle_type].sum())
                for stop, arrival in zip(r.stops, r.arrival):
                    w = n.problem.stop_windows(int(stop))
                    if np.isfinite(w[:, 1]).any():
                        windows += 1
                        on_time += bool(((w[:, 0] <= arrival + 1e-6) & (arrival <= w[:, 1] + 1e-6)).any())
        parcels = self.chosen.parcels
        util = self.assignment.node_utilisation
        return {
            "orders_total": int(self.problem.n_orders),
            "orders_served": int(np.isin(status, ["served", "split"]).sum()),
            "orders_split": int((status == "split").sum()),
            "orders_partial": int((status == "partial").sum()),
            "orders_unserved": int((status == "unserved").sum()),
            "orders_unrouted": len({int(parcels.order[i]) for i in self.chosen.unrouted}),
            **{k: round(v, 2) for k, v in c.items()},
            "total_cost_without_feedback": round(self.first.costs["total_cost"], 2),
            "total_cost_with_feedback": (None if self.second is None
                                         else round(self.second.costs["total_cost"], 2)),
            "feedback_kept": self.feedback_kept,
            "assignment_lower_bound": round(self.assignment.lower_bound, 2),
            "assignment_gap": round(self.assignment.gap, 5),
            "parcels": len(parcels),
            "parcels_fleet": int((parcels.mode == FLEET).sum()),
            "parcels_carrier": int((parcels.mode == CARRIER).sum()),
            "vehicles_used": len(routes),
            "vehicle_utilisation": round(load / cap, 4) if cap else None,
            "km": round(sum(r.distance for r in routes) / 1000.0, 2),
            "on_time_rate": round(on_time / windows, 4) if windows else None,
            "node_utilisation": {self.problem.node_ids[i]: (None if math.isnan(u) else round(float(u), 4))
                                 for i, u in enumerate(util)},
            "unserved_lines": self.assignment.unserved_lines(),
            "warnings": [*self.problem.warnings, *self.fleet.notes],
            "runtime_s": round(self.runtime, 2),
        }

    def summary(self) -> str:
        """The KPI table people read."""
        k = self.kpis()
        rows = [
            ("orders", f"{k['orders_total']:,}"),
            ("  served (single parcel)", f"{k['orders_served'] - k['orders_split']:,}"),
            ("  served split", f"{k['orders_split']:,}"),
            ("  partial", f"{k['orders_partial']:,}"),
            ("  unserved", f"{k['orders_unserved']:,}"),
            ("parcels (fleet / carrier)", f"{k['parcels']:,} ({k['parcels_fleet']:,} / {k['parcels_carrier']:,})"),
            ("vehicles used", f"{k['vehicles_used']:,}"),
            ("route km", f"{k['km']:,.1f}"),
            ("vehicle utilisation", "-" if k["vehicle_utilisation"] is None else f"{k['vehicle_utilisation']:.1%}"),
            ("on-time rate", "-" if k["on_time_rate"] is None else f"{k['on_time_rate']:.1%}"),
            ("total cost", f"{k['total_cost']:,.2f}"),
            ("  processing", f"{k['processing']:,.2f}"),
            ("  carrier shipping", f"{k['carrier_shipping']:,.2f}"),
            ("  fleet routing", f"{k['fleet_routing']:,.2f} (assignment estimate {k['fleet_estimate']:,.2f})"),
            ("  split penalty", f"{k['split_penalty']:,.2f}"),
            ("  unserved penalty", f"{k['unserved_penalty']:,.2f}"),
            ("without / with feedback", f"{k['total_cost_without_feedback']:,.2f} / "
             + ("-" if k["total_cost_with_feedback"] is None else f"{k['total_cost_with_feedback']:,.2f}")
             + (" (kept)" if k["feedback_kept"] else "")),
            ("assignment bound gap", f"{k['assignment_gap']:.3%}"),
            ("runtime", f"{k['runtime_s']:.1f} s"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)

    @property
    def delivered_units(self) -> np.ndarray:
        """Per line part of the chosen assignment: units actually delivered."""
        return self.chosen.delivered_units

    @property
    def order_status(self) -> np.ndarray:
        """Per order: 'served', 'split', 'partial' or 'unserved' after routing."""
        return self.chosen.order_status

    def to_dir(self, path: str | Path | OutputFolder, *, plot: bool = False) -> Path:
        """Write assignments, unserved, routes (CSV + GeoJSON, + Parquet), map.png when
        ``plot``, and summary.json last (the run's manifest; see lastleg.io.outputs)."""
        out = path if isinstance(path, OutputFolder) else OutputFolder(path)
        return write_plan(self.problem, self.chosen, self.kpis(), out, map_png=plot)

    def plot(self, path: str | Path) -> Path:
        """A PNG map: nodes by kind, stops, one colour per route, unserved orders marked."""
        return plot_plan(self.problem, self.chosen, self.kpis(), Path(path))
