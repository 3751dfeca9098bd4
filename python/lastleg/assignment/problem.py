"""AssignmentProblem: one batch of orders, lines, nodes, services and inventory.

Inputs are tables (pandas DataFrames, mappings of column -> values, or the files of a
scenario folder) with the columns of ``docs/formats.md``. Ids become dense indices;
every array is a validated, read-only numpy copy. Reading is split into one function per
table (``lastleg.assignment.readers``); this module holds the result.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from lastleg._validate import frozen
from lastleg.assignment import readers
from lastleg.assignment.policy import Policy
from lastleg.errors import DataWarning, InputError
from lastleg.io.tables import Table, scenario_file
from lastleg.travel import Coordinates, Travel

#: the tables of a scenario that AssignmentProblem reads (skus is optional)
TABLE_STEMS = ("nodes", "services", "inventory", "orders", "lines")


class AssignmentProblem:
    """A batch to source: which node ships which order lines.

    Tables (columns in brackets are optional; every column in ``docs/formats.md``):
    nodes: node_id, kind, lat, lon, [capacity_orders], [capacity_units], cost_per_order, cost_per_unit
    services: node_id, service_level, mode, max_km, fixed_cost, cost_per_km
    inventory: node_id, sku, on_hand, [safety_stock]
    orders: order_id, lat, lon, service_level, [priority], [tw_start], [tw_end], [allowed_nodes]
    lines: order_id, sku, qty
    skus (optional catalogue): sku, [weight_kg], [volume_l], [price]

    A SKU that no node holds above its safety stock is a stockout, not bad input: its
    lines come back unserved ``no_stock`` (``line_no_stock``). With a ``skus`` catalogue a
    SKU missing from it is an InputError. Service levels match case-insensitively; an
    order whose level no node offers comes back ``unknown_service_level``. What the data
    makes unservable is listed once in ``warnings`` (and raised as a DataWarning).
    """

    policy: Policy
    warnings: tuple[str, ...]
    node_ids: tuple[str, ...]
    node_kind: np.ndarray
    node_lat: np.ndarray
    node_lon: np.ndarray
    node_capacity_orders: np.ndarray
    node_capacity_units: np.ndarray
    node_cost_per_order: np.ndarray
    node_cost_per_unit: np.ndarray
    levels: tuple[str, ...]  # offered by some node first, then those only orders ask for
    n_levels_offered: int
    svc_node: np.ndarray
    svc_level: np.ndarray
    svc_mode: np.ndarray
    svc_max_km: np.ndarray
    svc_fixed_cost: np.ndarray
    svc_cost_per_km: np.ndarray
    skus: tuple[str, ...]  # held at some node first, then those only lines ask for
    sku_weight_kg: np.ndarray  # NaN when unknown (no catalogue or an empty cell)
    sku_volume_l: np.ndarray
    sku_price: np.ndarray
    sku_no_stock: np.ndarray  # no node holds any above its safety stock
    inv_node: np.ndarray
    inv_sku: np.ndarray
    inv_on_hand: np.ndarray
    inv_safety_stock: np.ndarray
    order_ids: tuple[str, ...]
    order_lat: np.ndarray
    order_lon: np.ndarray
    order_level: np.ndarray
    order_priority: np.ndarray
    order_tw: np.ndarray  # (n, 2), NaN when no window
    allowed_offsets: np.ndarray
    allowed_nodes: np.ndarray
    line_order: np.ndarray
    line_sku: np.ndarray
    line_qty: np.ndarray

    def __init__(
        self,
        nodes: Any,
        services: Any,
        inventory: Any,
        orders: Any,
        lines: Any,
        policy: Policy | dict[str, Any] | None = None,
        skus: Any = None,
    ) -> None:
        t = {
            "nodes": Table.of(nodes, "nodes"),
            "services": Table.of(services, "services"),
            "inventory": Table.of(inventory, "inventory"),
            "orders": Table.of(orders, "orders"),
            "lines": Table.of(lines, "lines"),
        }
        catalogue = None if skus is None else Table.of(skus, "skus")
        self.policy = readers.policy_of(policy)
        notes = [note for stem, table in (*t.items(), ("skus", catalogue)) if table is not None
                 for note in table.unknown_columns(readers.COLUMNS[stem])]

        nodes_, node_index = readers.read_nodes(t["nodes"])
        levels_, level_index, level_notes = readers.read_levels(t["services"], t["orders"])
        skus_, sku_index = readers.read_skus(catalogue, t["inventory"], t["lines"])
        orders_, order_index = readers.read_orders(t["orders"], node_index, level_index)
        self.__dict__.update(
            **nodes_, **levels_, **skus_, **orders_,
            **readers.read_services(t["services"], node_index, level_index),
            **readers.read_inventory(t["inventory"], node_index, sku_index, nodes_["node_ids"]),
            **readers.read_lines(t["lines"], t["orders"], order_index, sku_index),
        )
        notes += level_notes + readers.stockout_notes(self)
        self.warnings = tuple(notes)
        for note in notes:
            warnings.warn(note, DataWarning, stacklevel=2)
        frozen(*(v for v in vars(self).values() if isinstance(v, np.ndarray)))

    @classmethod
    def from_dir(cls, path: str | Path) -> AssignmentProblem:
        """Read a scenario folder (CSV, or Parquet with the same stem; skus and
        policy.json optional)."""
        folder = Path(path)
        if not folder.is_dir():
            raise InputError(str(folder), "not a directory")
        tables = {stem: Table.read(folder, stem) for stem in TABLE_STEMS}
        skus = Table.read(folder, "skus") if scenario_file(folder, "skus") else None
        policy_path = folder / "policy.json"
        policy = Policy.read(policy_path) if policy_path.is_file() else Policy()
        return cls(policy=policy, skus=skus, **tables)

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

    _travel: Travel | None = None
    _km: np.ndarray | None = None

    @property
    def travel(self) -> Travel:
        """Where the batch's distances come from: by default great-circle metres x the
        policy's detour_factor (``with_travel`` sets another source, e.g. roads)."""
        if self._travel is None:
            return Coordinates("haversine", detour_factor=self.policy.detour_factor)
        return self._travel

    @property
    def custom_travel(self) -> Travel | None:
        """The travel source given with ``with_travel`` (None: the built-in formula)."""
        return self._travel

    def with_travel(self, travel: Travel) -> AssignmentProblem:
        """A copy whose distances come from ``travel`` (points: (lat, lon)); the
        engine, the checker and the plan all measure through it."""
        if not isinstance(travel, Travel):
            raise InputError("travel", f"expected a Travel (matrix and pairs), got "
                             f"{type(travel).__name__}")
        out = copy.copy(self)
        out._travel = travel
        out._km = None
        return out

    def engine_km_matrix(self) -> np.ndarray | None:
        """What the engine needs of the travel: None when it is the engine's own formula
        (great-circle x detour, computed inside without an n x m matrix), else the
        (n_orders, n_nodes) km matrix from ``travel``."""
        return None if self._travel is None else self.km_matrix()

    @property
    def order_points(self) -> np.ndarray:
        """(n_orders, 2) points of ``travel``: (lat, lon)."""
        return np.column_stack([self.order_lat, self.order_lon])

    @property
    def node_points(self) -> np.ndarray:
        """(n_nodes, 2) points of ``travel``: (lat, lon)."""
        return np.column_stack([self.node_lat, self.node_lon])

    def km(self, orders: np.ndarray, nodes: np.ndarray) -> np.ndarray:
        """Shipping km from ``nodes[i]`` to ``orders[i]`` (the objective's km(o, n))."""
        return self.travel.pairs(self.node_points[nodes], self.order_points[orders])[0] / 1000.0

    def km_matrix(self) -> np.ndarray:
        """(n_orders, n_nodes) shipping km from every node to every order (inf: no road
        leads there); computed once per problem."""
        if self._km is None:
            km = self.travel.matrix(self.node_points, self.order_points)[0].T / 1000.0
            km.setflags(write=False)
            self._km = km
        return self._km

    @property
    def order_unreachable(self) -> np.ndarray:
        """Per order: no road leads there from any node (only with a road travel source)."""
        if self._travel is None:
            return np.zeros(self.n_orders, dtype=bool)
        return ~np.isfinite(self.km_matrix()).any(axis=1)

    @property
    def line_no_stock(self) -> np.ndarray:
        """Per line: its SKU is held above safety stock at no node (a stockout)."""
        return self.sku_no_stock[self.line_sku]

    @property
    def level_offered(self) -> np.ndarray:
        """Per service level: whether some node offers it."""
        return np.arange(len(self.levels)) < self.n_levels_offered

    def order_allowed(self, order: int) -> np.ndarray:
        """Allowed node indices of one order (empty = unrestricted)."""
        return self.allowed_nodes[self.allowed_offsets[order] : self.allowed_offsets[order + 1]]

    def __repr__(self) -> str:
        return (
            f"AssignmentProblem(orders={self.n_orders}, lines={self.n_lines}, nodes={self.n_nodes}, "
            f"skus={len(self.skus)}, levels={list(self.levels)})"
        )
