"""End-to-end fulfillment plans: assign, route each node, KPIs and outputs."""

from lastleg.plan.fleet import Fleet
from lastleg.plan.result import Plan
from lastleg.plan.run import load_scenario, plan

__all__ = ["Fleet", "Plan", "load_scenario", "plan"]
