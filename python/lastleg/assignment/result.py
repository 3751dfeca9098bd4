"""Assignment: what `lastleg.assign` returns for one batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from lastleg.assignment.problem import AssignmentProblem

ORDER_STATUSES = ("single", "split", "partial", "unserved")
#: assignments.csv and unserved.csv (later versions append columns, never reorder)
ASSIGNMENT_COLUMNS = ("order_id", "sku", "node_id", "qty")
UNSERVED_COLUMNS = ("order_id", "sku", "qty", "reason")
#: why a line (part) is not shipped; the engine's per-order codes are the first four
UNSERVED_REASONS = ("no_stock", "out_of_reach", "capacity", "not_worth", "unknown_service_level",
                    "order_incomplete", "unreachable")
(NO_STOCK, OUT_OF_REACH, CAPACITY, NOT_WORTH, UNKNOWN_LEVEL, ORDER_INCOMPLETE,
 UNREACHABLE) = range(7)


@dataclass(frozen=True, eq=False)
class Assignment:
    """A batch assignment and its certificate.

    Line parts (one row per line part shipped, sorted by line then node):
    ``part_line`` (line index), ``part_node`` (node index), ``part_qty`` (units).
    Per order: ``status_code`` (index into ORDER_STATUSES), ``reason_code`` (index
    into UNSERVED_REASONS, -1 when fully served), ``parcels`` and ``order_cost``.
    Per node: ``node_orders`` (parcels) and ``node_units`` shipped.
    ``cost`` is the objective of docs/formats.md, ``lower_bound`` the engine's Lagrangian
    bound on the optimum of the same objective, ``gap`` = (cost - bound) / cost.
    """

    problem: AssignmentProblem = field(repr=False)
    part_line: np.ndarray
    part_node: np.ndarray
    part_qty: np.ndarray
    status_code: np.ndarray
    reason_code: np.ndarray
    parcels: np.ndarray
    order_cost: np.ndarray
    node_orders: np.ndarray
    node_units: np.ndarray
    cost: float
    lower_bound: float
    cost_breakdown: dict[str, float]
    runtime: float = 0.0
    iterations: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative distance to the bound: the answer is at most this far from optimal."""
        if self.cost <= 0:
            return 0.0
        return max(0.0, (self.cost - self.lower_bound) / self.cost)

    @property
    def status(self) -> tuple[str, ...]:
        """Per order: ``single``, ``split``, ``partial`` or ``unserved``."""
        return tuple(ORDER_STATUSES[int(c)] for c in self.status_code)

    @property
    def reason(self) -> tuple[str, ...]:
        """Per order: why it is not fully served (``""`` when it is)."""
        return tuple("" if c < 0 else UNSERVED_REASONS[int(c)] for c in self.reason_code)

    @property
    def line_reason_code(self) -> np.ndarray:
        """Per line: why it is not (fully) shipped, as an index into UNSERVED_REASONS
        (-1 when it is). A line is *short* when no node holds its SKU (``no_stock`` in the
        data) or when its order is unserved for stock and no stock of its SKU is left
        anywhere; short lines are ``no_stock``. Without allow_partial, the other lines of
        an order with a short line are ``order_incomplete``. Otherwise a line has its
        order's reason (``out_of_reach`` and ``unknown_service_level`` always do)."""
        p = self.problem
        order_reason = self.reason_code.astype(np.int64)[p.line_order]
        held = np.maximum(p.inv_on_hand - p.inv_safety_stock, 0)
        left = np.bincount(p.inv_sku, weights=held, minlength=len(p.skus)) - np.bincount(
            p.line_sku[self.part_line], weights=self.part_qty, minlength=len(p.skus))
        short = p.line_no_stock | ((order_reason == NO_STOCK) & (left[p.line_sku] <= 0))
        short &= ~np.isin(order_reason, (OUT_OF_REACH, UNKNOWN_LEVEL, UNREACHABLE))
        order_short = np.bincount(p.line_order, weights=short, minlength=p.n_orders) > 0
        incomplete = ~p.policy.allow_partial & order_short[p.line_order] \
            & ~np.isin(order_reason, (OUT_OF_REACH, UNKNOWN_LEVEL, UNREACHABLE))
        out = np.where(short, NO_STOCK, np.where(incomplete, ORDER_INCOMPLETE, order_reason))
        return np.where(self.shipped_per_line < p.line_qty, out, -1).astype(np.int8)

    @property
    def line_reason(self) -> tuple[str, ...]:
        """Per line: the name of ``line_reason_code`` (``""`` when fully shipped)."""
        return tuple("" if c < 0 else UNSERVED_REASONS[int(c)] for c in self.line_reason_code)

    def unserved_lines(self) -> dict[str, int]:
        """Lines not fully shipped, by reason."""
        codes = self.line_reason_code
        counts = np.bincount(codes[codes >= 0].astype(np.int64), minlength=len(UNSERVED_REASONS))
        return {name: int(counts[i]) for i, name in enumerate(UNSERVED_REASONS) if counts[i]}

    @property
    def unserved(self) -> np.ndarray:
        """Indices of the orders left wholly unserved."""
        return np.flatnonzero(self.status_code == ORDER_STATUSES.index("unserved"))

    @property
    def shipped_per_line(self) -> np.ndarray:
        """Units shipped of each line."""
        return np.bincount(
            self.part_line, weights=self.part_qty, minlength=self.problem.n_lines
        ).astype(np.int64)

    @property
    def node_of_line(self) -> np.ndarray:
        """Per line: the node that ships it; -1 if not shipped, -2 if split over nodes."""
        out = np.full(self.problem.n_lines, -1, dtype=np.int32)
        counts = np.bincount(self.part_line, minlength=self.problem.n_lines)
        out[self.part_line] = self.part_node
        out[counts > 1] = -2
        return out

    @property
    def node_utilisation(self) -> np.ndarray:
        """Per node: the larger of parcels / capacity_orders and units / capacity_units
        (NaN where both capacities are unlimited)."""
        p = self.problem
        util = np.full(p.n_nodes, np.nan)
        for used, cap in (
            (self.node_orders, p.node_capacity_orders),
            (self.node_units, p.node_capacity_units),
        ):
            limited = cap >= 0
            ratio = np.where(limited, used / np.maximum(cap, 1), np.nan)
            ratio = np.where(limited & (cap == 0), 0.0, ratio)
            util = np.where(np.isnan(util), ratio, np.fmax(util, ratio))
        return util

    def counts(self) -> dict[str, int]:
        """Orders by status."""
        codes = np.bincount(self.status_code.astype(np.int64), minlength=len(ORDER_STATUSES))
        return {name: int(codes[i]) for i, name in enumerate(ORDER_STATUSES)}

    def summary(self) -> dict[str, Any]:
        """Total cost and its parts, bound, gap and order counts (summary.json)."""
        return {
            "total_cost": self.cost,
            **self.cost_breakdown,
            "lower_bound": self.lower_bound,
            "gap": self.gap,
            "orders": self.counts(),
            "unserved_lines": self.unserved_lines(),
            "warnings": list(self.problem.warnings),
            "runtime": self.runtime,
        }

    def shipped_table(self, qty: np.ndarray | None = None) -> dict[str, list[Any]]:
        """assignments.csv columns: order_id, sku, node_id, qty — one row per line part
        shipped (``qty`` overrides the part quantities; parts with qty 0 are left out)."""
        p = self.problem
        qty = self.part_qty if qty is None else qty
        keep = qty > 0
        lines = self.part_line[keep]
        return {
            "order_id": [p.order_ids[o] for o in p.line_order[lines]],
            "sku": [p.skus[s] for s in p.line_sku[lines]],
            "node_id": [p.node_ids[n] for n in self.part_node[keep]],
            "qty": qty[keep].tolist(),
        }

    def unserved_table(self) -> dict[str, list[Any]]:
        """unserved.csv columns: order_id, sku, qty, reason — one row per line part not
        shipped."""
        p = self.problem
        shipped = self.shipped_per_line
        rows = np.flatnonzero(p.line_qty > shipped)
        return {
            "order_id": [p.order_ids[o] for o in p.line_order[rows]],
            "sku": [p.skus[s] for s in p.line_sku[rows]],
            "qty": (p.line_qty[rows] - shipped[rows]).tolist(),
            "reason": [UNSERVED_REASONS[c] for c in self.line_reason_code[rows].tolist()],
        }

    def to_frame(self) -> Any:
        """Line parts shipped as a pandas DataFrame (order_id, sku, node_id, qty); needs pandas."""
        return _frame(self.shipped_table())

    def unserved_frame(self) -> Any:
        """Line parts not shipped (order_id, sku, qty, reason) as a DataFrame; needs pandas."""
        return _frame(self.unserved_table())

    def __repr__(self) -> str:
        return (
            f"Assignment(cost={self.cost:.2f}, lower_bound={self.lower_bound:.2f}, "
            f"gap={100 * self.gap:.3f}%, orders={self.counts()}, runtime={self.runtime:.3f}s)"
        )


def _frame(columns: dict[str, list[Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise ImportError("DataFrames need pandas (pip install 'lastleg[frames]')") from exc
    return pd.DataFrame(columns)
