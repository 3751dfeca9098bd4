"""AssignmentProblem: one batch of orders, lines, nodes, services and inventory.

Inputs are tables (pandas DataFrames, mappings of column -> values, or the
files of a scenario folder) with the columns of DESIGN.md §5. Ids become dense
indices; every array is a validated, read-only numpy copy.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np

from lastleg._validate import check_lat_lon, check_unique, frozen
from lastleg.assignment.policy import Policy
from lastleg.errors import InputError
from lastleg.io.tables import Table

NODE_KINDS = ("warehouse", "store", "mfc", "hub")
SERVICE_MODES = ("fleet", "carrier")


def _codes(table: Table, column: str, index: dict[str, int], what: str) -> np.ndarray:
    keys = np.array(table.strings(column), dtype=str)
    uniq, inverse = np.unique(keys, return_inverse=True)
    codes = np.array([index.get(k, -1) for k in uniq.tolist()], dtype=np.int32)[inverse]
    if (codes < 0).any():
        row = int(np.flatnonzero(codes < 0)[0])
        raise InputError(f"{table.source} column {column!r}", f"unknown {what} {keys[row]!r}", row)
    return codes.reshape(-1)


def _enum(table: Table, column: str, names: tuple[str, ...]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    out = np.empty(len(table), dtype=np.int8)
    for row, key in enumerate(table.strings(column)):
        if key.lower() not in index:
            raise InputError(
                f"{table.source} column {column!r}", f"{key!r} is not one of {list(names)}", row
            )
        out[row] = index[key.lower()]
    return out


class AssignmentProblem:
    """A batch to source: which node ships which order lines.

    Tables (columns in brackets are optional):
    nodes: node_id, kind, lat, lon, [capacity_orders], [capacity_units], cost_per_order, cost_per_unit
    services: node_id, service_level, mode, max_km, fixed_cost, cost_per_km
    inventory: node_id, sku, on_hand, [safety_stock]
    orders: order_id, lat, lon, service_level, [priority], [tw_start], [tw_end], [allowed_nodes]
    lines: order_id, sku, qty
    """

    def __init__(
        self,
        nodes: Any,
        services: Any,
        inventory: Any,
        orders: Any,
        lines: Any,
        policy: Policy | dict[str, Any] | None = None,
    ) -> None:
        nodes_t = Table.of(nodes, "nodes")
        services_t = Table.of(services, "services")
        inventory_t = Table.of(inventory, "inventory")
        orders_t = Table.of(orders, "orders")
        lines_t = Table.of(lines, "lines")
        if policy is None:
            policy = Policy()
        elif isinstance(policy, dict):
            policy = Policy.from_mapping(policy)
        elif not isinstance(policy, Policy):
            raise InputError("policy", f"expected a Policy or a dict, got {type(policy).__name__}")
        self.policy: Policy = policy

        # nodes
        self.node_ids = tuple(nodes_t.strings("node_id"))
        check_unique(f"{nodes_t.source} column 'node_id'", self.node_ids)
        if not self.node_ids:
            raise InputError(nodes_t.source, "at least one node is required")
        node_index = {key: i for i, key in enumerate(self.node_ids)}
        self.node_kind = _enum(nodes_t, "kind", NODE_KINDS)
        self.node_lat = nodes_t.floats("lat")
        self.node_lon = nodes_t.floats("lon")
        check_lat_lon(f"{nodes_t.source} lat/lon", self.node_lat, self.node_lon)
        self.node_capacity_orders = nodes_t.ints("capacity_orders", -1, minimum=-1, required=False)
        self.node_capacity_units = nodes_t.ints("capacity_units", -1, minimum=-1, required=False)
        self.node_cost_per_order = nodes_t.floats("cost_per_order", minimum=0.0)
        self.node_cost_per_unit = nodes_t.floats("cost_per_unit", minimum=0.0)

        # service levels: those offered by nodes, then any only orders ask for
        offered = services_t.strings("service_level")
        asked = orders_t.strings("service_level")
        self.levels = tuple(dict.fromkeys(offered + asked))
        level_index = {name: i for i, name in enumerate(self.levels)}
        self.svc_node = _codes(services_t, "node_id", node_index, "node")
        self.svc_level = np.array([level_index[s] for s in offered], dtype=np.int32)
        self.svc_mode = _enum(services_t, "mode", SERVICE_MODES)
        self.svc_max_km = services_t.floats("max_km", minimum=0.0, allow_inf=True)
        self.svc_fixed_cost = services_t.floats("fixed_cost", minimum=0.0)
        self.svc_cost_per_km = services_t.floats("cost_per_km", minimum=0.0)
        pairs: dict[tuple[int, int], int] = {}
        for row, pair in enumerate(zip(self.svc_node.tolist(), self.svc_level.tolist())):
            if pair in pairs:
                raise InputError(
                    f"{services_t.source}",
                    f"node {self.node_ids[pair[0]]!r} lists level {self.levels[pair[1]]!r} twice "
                    f"(first at row {pairs[pair]})",
                    row,
                )
            pairs[pair] = row

        # inventory
        inv_skus = inventory_t.strings("sku")
        self.skus = tuple(dict.fromkeys(inv_skus))
        sku_index = {name: i for i, name in enumerate(self.skus)}
        self.inv_node = _codes(inventory_t, "node_id", node_index, "node")
        self.inv_sku = np.array([sku_index[s] for s in inv_skus], dtype=np.int32)
        self.inv_on_hand = inventory_t.ints("on_hand", minimum=0)
        self.inv_safety_stock = inventory_t.ints("safety_stock", 0, minimum=0, required=False)
        seen: dict[tuple[int, int], int] = {}
        for row, pair in enumerate(zip(self.inv_node.tolist(), self.inv_sku.tolist())):
            if pair in seen:
                raise InputError(
                    inventory_t.source,
                    f"node {self.node_ids[pair[0]]!r} sku {self.skus[pair[1]]!r} appears twice "
                    f"(first at row {seen[pair]})",
                    row,
                )
            seen[pair] = row

        # orders
        self.order_ids = tuple(orders_t.strings("order_id"))
        check_unique(f"{orders_t.source} column 'order_id'", self.order_ids)
        order_index = {key: i for i, key in enumerate(self.order_ids)}
        self.order_lat = orders_t.floats("lat")
        self.order_lon = orders_t.floats("lon")
        check_lat_lon(f"{orders_t.source} lat/lon", self.order_lat, self.order_lon)
        self.order_level = np.array([level_index[s] for s in asked], dtype=np.int32)
        self.order_priority = orders_t.ints("priority", 0, minimum=0, required=False)
        tw_start = orders_t.floats("tw_start", np.nan, required=False, allow_inf=True)
        tw_end = orders_t.floats("tw_end", np.nan, required=False, allow_inf=True)
        has_start, has_end = ~np.isnan(tw_start), ~np.isnan(tw_end)
        if (has_start != has_end).any():
            row = int((has_start != has_end).argmax())
            raise InputError(
                f"{orders_t.source} tw_start/tw_end", "only one end of the window is given", row
            )
        bad = has_start & (tw_end < tw_start)
        if bad.any():
            row = int(bad.argmax())
            raise InputError(
                f"{orders_t.source} column 'tw_end'",
                f"window end {tw_end[row]} is before its start {tw_start[row]}",
                row,
            )
        self.order_tw = np.column_stack([tw_start, tw_end])
        allowed = orders_t.strings("allowed_nodes", "", required=False)
        offsets = np.zeros(len(allowed) + 1, dtype=np.int64)
        allowed_codes: list[int] = []
        for row, cell in enumerate(allowed):
            for key in filter(None, (part.strip() for part in cell.split(";"))):
                if key not in node_index:
                    raise InputError(
                        f"{orders_t.source} column 'allowed_nodes'", f"unknown node {key!r}", row
                    )
                allowed_codes.append(node_index[key])
            offsets[row + 1] = len(allowed_codes)
        self.allowed_offsets = offsets
        self.allowed_nodes = np.array(allowed_codes, dtype=np.int32)

        # lines
        self.line_order = _codes(lines_t, "order_id", order_index, "order")
        line_skus = lines_t.strings("sku")
        self.line_sku = np.empty(len(line_skus), dtype=np.int32)
        for row, sku in enumerate(line_skus):
            code = sku_index.get(sku)
            if code is None:
                raise InputError(
                    f"{lines_t.source} column 'sku'",
                    f"unknown SKU {sku!r} (it has no inventory row at any node)",
                    row,
                )
            self.line_sku[row] = code
        self.line_qty = lines_t.ints("qty", minimum=1)
        counts = np.bincount(self.line_order, minlength=len(self.order_ids))
        if len(counts) and (counts == 0).any():
            row = int((counts == 0).argmax())
            raise InputError(
                f"{orders_t.source}", f"order {self.order_ids[row]!r} has no lines", row
            )

        frozen(
            self.node_kind,
            self.node_lat,
            self.node_lon,
            self.node_capacity_orders,
            self.node_capacity_units,
            self.node_cost_per_order,
            self.node_cost_per_unit,
            self.svc_node,
            self.svc_level,
            self.svc_mode,
            self.svc_max_km,
            self.svc_fixed_cost,
            self.svc_cost_per_km,
            self.inv_node,
            self.inv_sku,
            self.inv_on_hand,
            self.inv_safety_stock,
            self.order_lat,
            self.order_lon,
            self.order_level,
            self.order_priority,
            self.order_tw,
            self.allowed_offsets,
            self.allowed_nodes,
            self.line_order,
            self.line_sku,
            self.line_qty,
        )

    @classmethod
    def from_dir(cls, path: str | Path) -> AssignmentProblem:
        """Read a scenario folder (CSV, or Parquet with the same stem; policy.json optional)."""
        folder = Path(path)
        if not folder.is_dir():
            raise InputError(str(folder), "not a directory")
        tables = {
            stem: Table.read(folder, stem)
            for stem in ("nodes", "services", "inventory", "orders", "lines")
        }
        policy_path = folder / "policy.json"
        policy = Policy.read(policy_path) if policy_path.is_file() else Policy()
        return cls(policy=policy, **tables)

    def with_service_costs(self, fixed_cost: np.ndarray, cost_per_km: np.ndarray) -> AssignmentProblem:
        """A copy whose services.csv rows have new shipping costs (e.g. measured route costs)."""
        fixed = np.array(fixed_cost, dtype=np.float64)
        per_km = np.array(cost_per_km, dtype=np.float64)
        for name, arr in (("fixed_cost", fixed), ("cost_per_km", per_km)):
            if arr.shape != self.svc_fixed_cost.shape or not np.isfinite(arr).all() or (arr < 0).any():
                raise InputError(f"services.{name}", "must be finite, >= 0, one per services row")
        frozen(fixed, per_km)
        out = copy.copy(self)
        out.svc_fixed_cost = fixed
        out.svc_cost_per_km = per_km
        return out

    def with_capacity_orders(self, capacity_orders: np.ndarray) -> AssignmentProblem:
        """A copy with new per-node parcel capacities (-1 = unlimited)."""
        cap = np.array(capacity_orders, dtype=np.int64)
        if cap.shape != self.node_capacity_orders.shape or (cap < -1).any():
            raise InputError("nodes.capacity_orders", "must be >= -1, one per node")
        frozen(cap)
        out = copy.copy(self)
        out.node_capacity_orders = cap
        return out

    @property
    def n_orders(self) -> int:
        return len(self.order_ids)

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def n_lines(self) -> int:
        return len(self.line_qty)

    def order_allowed(self, order: int) -> np.ndarray:
        """Allowed node indices of one order (empty = unrestricted)."""
        return self.allowed_nodes[self.allowed_offsets[order] : self.allowed_offsets[order + 1]]

    def __repr__(self) -> str:
        return (
            f"AssignmentProblem(orders={self.n_orders}, lines={self.n_lines}, nodes={self.n_nodes}, "
            f"skus={len(self.skus)}, levels={list(self.levels)})"
        )
