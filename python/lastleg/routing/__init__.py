"""Vehicle routing: problem, solution, solve."""

from lastleg.routing.problem import RoutingProblem, VehicleType
from lastleg.routing.solution import Route, RoutingSolution
from lastleg.routing.solve import solve_routes

__all__ = ["Route", "RoutingProblem", "RoutingSolution", "VehicleType", "solve_routes"]
