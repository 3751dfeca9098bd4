"""Fleet: the vans of each node (fleet.csv), as routing vehicle types."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from lastleg.assignment.readers import codes
from lastleg.errors import DataWarning
from lastleg.io.tables import Table
from lastleg.routing.problem import VehicleType

#: every column of fleet.csv
COLUMNS = ("node_id", "vehicle_type", "count", "capacity", "shift_start", "shift_end",
           "fixed_cost", "cost_per_km", "cost_per_hour", "speed_kmh", "max_stops")


class Fleet:
    """fleet.csv: node_id, vehicle_type, count, capacity (units), shift_start, shift_end
    (seconds from the batch start), fixed_cost, cost_per_km, cost_per_hour, speed_kmh,
    [max_stops]. One row per vehicle type of a node."""

    def __init__(self, table: Any, node_ids: tuple[str, ...]) -> None:
        t = Table.of(table, "fleet")
        self.notes = t.unknown_columns(COLUMNS)
        index = {key: i for i, key in enumerate(node_ids)}
        self.node = codes(t, "node_id", index, "node")
        self.name = t.strings("vehicle_type")
        self.count = t.ints("count", minimum=0)
        self.capacity = t.ints("capacity", minimum=0)
        self.shift_start = t.floats("shift_start", minimum=0.0)
        self.shift_end = t.floats("shift_end", minimum=0.0)
        t.reject("shift_end", self.shift_end < self.shift_start,
                 "shift ends at {} before it starts", self.shift_end)
        self.fixed_cost = t.floats("fixed_cost", minimum=0.0)
        self.cost_per_km = t.floats("cost_per_km", minimum=0.0)
        self.cost_per_hour = t.floats("cost_per_hour", minimum=0.0)
        self.speed_kmh = t.floats("speed_kmh", minimum=0.0)
        t.reject("speed_kmh", self.speed_kmh <= 0, "must be > 0, got {}", self.speed_kmh)
        self.max_stops = t.ints("max_stops", -1, minimum=-1, required=False)
        seen: dict[tuple[int, str], int] = {}
        for row, pair in enumerate(zip(self.node.tolist(), self.name)):
            if pair in seen:
                raise t.error("vehicle_type", f"vehicle type {pair[1]!r} listed twice for node "
                              f"{node_ids[pair[0]]!r}", row)
            seen[pair] = row
        for note in self.notes:
            warnings.warn(note, DataWarning, stacklevel=2)

    def __len__(self) -> int:
        return len(self.node)

    def rows_of(self, node: int) -> np.ndarray:
        return np.flatnonzero(self.node == node)

    def top_speed_kmh(self, node: int) -> float | None:
        """The fastest van of a node (None: it has none)."""
        rows = [r for r in self.rows_of(node) if self.count[r] > 0]
        return float(self.speed_kmh[rows].max()) if rows else None

    def _speed_factor(self, r: int, road_speed_kmh: float | None) -> float:
        if road_speed_kmh is None:
            return float(self.speed_kmh[r]) / 3.6
        return float(self.speed_kmh[r]) / road_speed_kmh

    def vehicle_types(self, node: int, road_speed_kmh: float | None = None) -> list[VehicleType]:
        """The node's vans as VehicleTypes for a haversine problem in metres and seconds
        (base speed 1 m/s, so speed_factor = speed in m/s); on roads whose durations are
        driven at ``road_speed_kmh`` at most, the speed factor is the van's share of it."""
        return [
            VehicleType(
                count=int(self.count[r]),
                capacity=int(self.capacity[r]),
                start_depot=0,
                end_depot=0,
                shift=(float(self.shift_start[r]), float(self.shift_end[r])),
                max_stops=None if self.max_stops[r] < 0 else int(self.max_stops[r]),
                fixed_cost=float(self.fixed_cost[r]),
                cost_per_distance=float(self.cost_per_km[r]) / 1000.0,
                cost_per_time=float(self.cost_per_hour[r]) / 3600.0,
                speed_factor=self._speed_factor(r, road_speed_kmh),
                name=self.name[r],
            )
            for r in self.rows_of(node)
            if self.count[r] > 0
        ]
