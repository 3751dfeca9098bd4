"""lastleg: last-mile fulfillment optimisation (batch order-to-node assignment and
vehicle routing) with a multicore C++ core."""

from __future__ import annotations

from typing import Any

from lastleg import _core
from lastleg.assignment import Assignment, AssignmentProblem, Policy, assign
from lastleg.assignment.check import check_assignment
from lastleg.errors import DataWarning, InputError, InputTypeError
from lastleg.generate import generate_scenario
from lastleg.plan import Fleet, Plan, load_scenario, plan
from lastleg.routing import Break, Route, RoutingProblem, RoutingSolution, VehicleType, solve_routes
from lastleg.routing.check import check_routes

__version__: str = _core.build_info()["version"]

__all__ = [
    "Assignment",
    "AssignmentProblem",
    "Break",
    "DataWarning",
    "Fleet",
    "InputError",
    "InputTypeError",
    "Plan",
    "Policy",
    "Route",
    "RoutingProblem",
    "RoutingSolution",
    "VehicleType",
    "__version__",
    "assign",
    "build_info",
    "check_assignment",
    "check_routes",
    "generate_scenario",
    "load_scenario",
    "plan",
    "solve_routes",
]


def build_info() -> dict[str, Any]:
    """Version, build type, compiler and flags of the engine, and hardware threads."""
    return dict(_core.build_info())
