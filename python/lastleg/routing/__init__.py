"""Vehicle routing: problem, solution, solve, checker."""

from lastleg.routing.problem import Break, RoutingProblem, VehicleType
from lastleg.routing.solution import Route, RoutingSolution
from lastleg.routing.solve import solve_routes

__all__ = ["Break", "Route", "RoutingProblem", "RoutingSolution", "VehicleType", "solve_routes"]
