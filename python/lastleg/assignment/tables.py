"""An assignment as the tables of DESIGN.md §5: line parts shipped, line parts not shipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from lastleg.io.writers import Columns

if TYPE_CHECKING:
    from lastleg.assignment.problem import AssignmentProblem
    from lastleg.assignment.result import Assignment


def shipped_table(problem: AssignmentProblem, assignment: Assignment,
                  qty: np.ndarray | None = None) -> Columns:
    """assignments.csv: order_id, sku, node_id, qty — one row per line part shipped
    (``qty`` overrides the part quantities; rows with qty 0 are left out)."""
    p, a = problem, assignment
    qty = a.part_qty if qty is None else qty
    keep = qty > 0
    lines = a.part_line[keep]
    return {
        "order_id": [p.order_ids[o] for o in p.line_order[lines]],
        "sku": [p.skus[s] for s in p.line_sku[lines]],
        "node_id": [p.node_ids[n] for n in a.part_node[keep]],
        "qty": qty[keep].tolist(),
    }


def unshipped_table(problem: AssignmentProblem, assignment: Assignment) -> Columns:
    """unserved.csv: order_id, sku, qty, reason — one row per line part not shipped."""
    p, a = problem, assignment
    shipped = np.bincount(a.part_line, weights=a.part_qty, minlength=p.n_lines).astype(np.int64)
    reasons = a.reason
    rows = np.flatnonzero(p.line_qty > shipped)
    return {
        "order_id": [p.order_ids[o] for o in p.line_order[rows]],
        "sku": [p.skus[s] for s in p.line_sku[rows]],
        "qty": (p.line_qty[rows] - shipped[rows]).tolist(),
        "reason": [reasons[o] or "not_worth" for o in p.line_order[rows]],
    }
