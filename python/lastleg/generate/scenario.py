"""Scenario: the tables of one scenario folder as columns of numpy arrays, and writing
them as CSV files plus policy.json."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.assignment.problem import AssignmentProblem

#: the policy written to policy.json (the Policy defaults, spelled out)
DEFAULT_POLICY: dict[str, Any] = {
    "split_penalty": 5.0,
    "max_parcels": 3,
    "unserved_penalty": 200.0,
    "allow_partial": False,
    "detour_factor": 1.3,
}

Columns = dict[str, np.ndarray]


@dataclass
class Scenario:
    """The tables of one scenario folder, as columns of numpy arrays.

    Optional numeric cells that are empty in the CSV (unlimited capacity, no time window)
    are NaN here; ``allowed_nodes`` is not generated.
    """

    nodes: Columns
    services: Columns
    inventory: Columns
    orders: Columns
    lines: Columns
    fleet: Columns
    policy: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_POLICY))

    TABLES = ("nodes", "services", "inventory", "orders", "lines", "fleet")

    def summary(self) -> str:
        """One line: counts of orders, lines, nodes by kind, SKUs, vans."""
        kinds, counts = np.unique(self.nodes["kind"], return_counts=True)
        levels, per_level = np.unique(self.orders["service_level"], return_counts=True)
        return (
            f"{len(self.orders['order_id'])} orders "
            f"({', '.join(f'{c} {k}' for k, c in zip(levels.tolist(), per_level.tolist()))}), "
            f"{len(self.lines['order_id'])} lines, {len(self.nodes['node_id'])} nodes "
            f"({', '.join(f'{c} {k}' for k, c in zip(kinds.tolist(), counts.tolist()))}), "
            f"{len(np.unique(self.inventory['sku']))} SKUs, "
            f"{int(np.sum(self.fleet['count']))} vans"
        )

    def tables(self) -> dict[str, Columns]:
        return {name: getattr(self, name) for name in self.TABLES}

    def to_problem(self) -> Any:
        """The AssignmentProblem of this scenario (no files written)."""
        return AssignmentProblem(
            self.nodes, self.services, self.inventory, self.orders, self.lines, dict(self.policy)
        )

    def write(self, out: str | Path) -> Path:
        """Write the scenario folder: six CSV files and policy.json."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, columns in self.tables().items():
            _write_csv(folder / f"{name}.csv", columns)
        (folder / "policy.json").write_text(json.dumps(self.policy, indent=2) + "\n")
        return folder


def _cell_strings(values: np.ndarray, decimals: int) -> list[str]:
    if values.dtype.kind in "iub":
        return values.astype(np.int64).astype(str).tolist()
    if values.dtype.kind == "f":
        finite = values[np.isfinite(values)]
        integral = bool(np.all(finite == np.round(finite)))
        text = np.char.mod("%.0f" if integral else f"%.{decimals}f", values).astype(object)
        text[np.isnan(values)] = ""
        text[np.isposinf(values)] = "inf"
        return text.tolist()
    return [str(v) for v in values.tolist()]


def _write_csv(path: Path, columns: Columns) -> None:
    decimals = {"lat": 6, "lon": 6}
    cells = [_cell_strings(np.asarray(v), decimals.get(k, 4)) for k, v in columns.items()]
    body = "\n".join(map(",".join, zip(*cells)))
    path.write_text(",".join(columns) + "\n" + body + ("\n" if body else ""), encoding="utf-8")
