"""One assign -> route round of a plan, priced with the batch's real service costs, and
what it delivers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from lastleg.assignment.problem import AssignmentProblem
from lastleg.assignment.result import Assignment
from lastleg.plan.parcels import CARRIER, FLEET, Parcels
from lastleg.plan.routing_stage import NodeRouting


@dataclass
class PlanRound:
    """One assign -> route round, priced with the batch's real service costs."""

    problem: AssignmentProblem
    assignment: Assignment
    parcels: Parcels
    nodes: list[NodeRouting]

    @cached_property
    def unrouted(self) -> dict[int, str]:
        """Parcel index -> reason, for fleet parcels that no route delivers."""
        out: dict[int, str] = {}
        for n in self.nodes:
            out.update(n.unrouted_reasons())
        return out

    @cached_property
    def costs(self) -> dict[str, float]:
        p, a, parcels = self.problem, self.assignment, self.parcels
        order_units = np.bincount(p.line_order, weights=p.line_qty, minlength=p.n_orders)
        unrouted_penalty = sum(
            p.policy.unserved_penalty * (1 + p.order_priority[o]) * parcels.units[i] / order_units[o]
            for i in self.unrouted for o in [int(parcels.order[i])]
        )
        routing = sum(r.cost for n in self.nodes if n.solution is not None
                      for r in n.solution.routes)
        parts = {
            "processing": a.cost_breakdown["processing"],
            "carrier_shipping": float(parcels.shipping[parcels.mode == CARRIER].sum()),
            "fleet_routing": float(routing),
            "split_penalty": a.cost_breakdown["split"],
            "unserved_penalty": a.cost_breakdown["unserved"] + float(unrouted_penalty),
        }
        parts["total_cost"] = float(sum(parts.values()))
        parts["fleet_estimate"] = float(parcels.shipping[parcels.mode == FLEET].sum())
        return parts

    @cached_property
    def delivered_units(self) -> np.ndarray:
        """Per line part of the chosen assignment: units actually delivered."""
        a, parcels, p = self.assignment, self.parcels, self.problem
        key = a.part_node.astype(np.int64) * max(p.n_orders, 1) + p.line_order[a.part_line]
        parcel_key = parcels.node * max(p.n_orders, 1) + parcels.order
        idx = np.searchsorted(parcel_key, key)
        lost = np.zeros(len(parcels), dtype=bool)
        lost[list(self.unrouted)] = True
        return np.where(lost[idx], 0, a.part_qty)

    @cached_property
    def order_status(self) -> np.ndarray:
        """Per order: 'served' (one parcel), 'split', 'partial' or 'unserved' after routing."""
        p, a = self.problem, self.assignment
        units = np.bincount(p.line_order, weights=p.line_qty, minlength=p.n_orders)
        order_of_part = p.line_order[a.part_line]
        done = np.bincount(order_of_part, weights=self.delivered_units, minlength=p.n_orders)
        parcels = np.zeros(p.n_orders, dtype=np.int64)
        delivered_parts = self.delivered_units > 0
        uniq = np.unique(a.part_node[delivered_parts].astype(np.int64) * max(p.n_orders, 1)
                         + order_of_part[delivered_parts])
        np.add.at(parcels, uniq % max(p.n_orders, 1), 1)
        status = np.where(done <= 0, "unserved",
                          np.where(done < units, "partial",
                                   np.where(parcels > 1, "split", "served")))
        return status.astype(object)
