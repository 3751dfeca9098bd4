"""lastleg: last-mile fulfillment optimisation (batch order-to-node assignment and
vehicle routing) with a multicore C++ core.

This module is the package's face: it only re-exports; nothing inside the package
imports it (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from lastleg import _core
from lastleg.assignment import Assignment, AssignmentProblem, Policy, assign
from lastleg.assignment.check import check_assignment
from lastleg.errors import DataWarning, InputError, InputTypeError
from lastleg.generate import generate_scenario
from lastleg.io.outputs import verify_outputs
from lastleg.io.vroom_answer import write_vroom_json
from lastleg.io.vroom_json import read_vroom_json
from lastleg.io.vrplib import read_vrplib
from lastleg.plan import Fleet, Plan, load_scenario, plan
from lastleg.routing import Break, Route, RoutingProblem, RoutingSolution, VehicleType, solve_routes
from lastleg.routing.check import check_routes
from lastleg.routing.params import SearchParams
from lastleg.routing.violations import Violation
from lastleg.travel import OSRM, Coordinates, Matrices, RoadNetwork, Travel

__version__: str = _core.build_info()["version"]

__all__ = [
    "OSRM",
    "Assignment",
    "AssignmentProblem",
    "Break",
    "Coordinates",
    "DataWarning",
    "Fleet",
    "InputError",
    "InputTypeError",
    "Matrices",
    "Plan",
    "Policy",
    "RoadNetwork",
    "Route",
    "RoutingProblem",
    "RoutingSolution",
    "SearchParams",
    "Travel",
    "VehicleType",
    "Violation",
    "__version__",
    "assign",
    "build_info",
    "check_assignment",
    "check_routes",
    "generate_scenario",
    "load_scenario",
    "plan",
    "read_vroom_json",
    "read_vrplib",
    "solve_routes",
    "verify_outputs",
    "write_vroom_json",
]


def build_info() -> dict[str, Any]:
    """Version, build type, compiler and flags of the engine, and hardware threads."""
    return dict(_core.build_info())
