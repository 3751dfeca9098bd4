"""Vehicle routing: problem, solution."""

from lastleg.routing.problem import RoutingProblem, VehicleType
from lastleg.routing.solution import Route, RoutingSolution

__all__ = ["Route", "RoutingProblem", "RoutingSolution", "VehicleType"]
