"""Batch order-to-node assignment: problem and policy."""

from lastleg.assignment.policy import Policy
from lastleg.assignment.problem import AssignmentProblem

__all__ = ["AssignmentProblem", "Policy"]
