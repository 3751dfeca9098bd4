"""Batch order-to-node assignment: problem, policy, engine and result."""

from lastleg.assignment.policy import Policy
from lastleg.assignment.problem import AssignmentProblem
from lastleg.assignment.result import Assignment
from lastleg.assignment.solve import assign

__all__ = ["Assignment", "AssignmentProblem", "Policy", "assign"]
