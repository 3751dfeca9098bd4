"""RoutingSolution and Route: what a routing engine returns (native or VROOM)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

UNASSIGNED_REASONS = (
    "capacity",
    "time_window",
    "shift",
    "max_stops",
    "max_duration",
    "max_distance",
    "unreachable",
    "not_worth",
    "no_vehicle",
)


@dataclass(frozen=True, eq=False)
class Route:
    """One vehicle's route: stop indices (0..n_stops-1) in visit order."""

    vehicle_type: int
    depot: int
    stops: np.ndarray
    arrival: np.ndarray
    load: np.ndarray
    distance: float
    duration: float
    cost: float
    end_depot: int = -1
    #: driver breaks taken: (break index in the vehicle type's breaks, position =
    #: number of stops served before it, start time); empty without breaks
    breaks: tuple[tuple[int, int, float], ...] = ()

    def __len__(self) -> int:
        return len(self.stops)


@dataclass(frozen=True, eq=False)
class RoutingSolution:
    """A routing answer. ``unassigned`` lists stop indices with one reason each."""

    cost: float
    routes: tuple[Route, ...]
    unassigned: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unassigned_reasons: tuple[str, ...] = ()
    runtime: float = 0.0
    iterations: int = 0
    engine: str = "native"
    feasible: bool = True
    engine_reason: str = ""
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def n_routes(self) -> int:
        return sum(1 for r in self.routes if len(r.stops) > 0)

    @property
    def distance(self) -> float:
        return float(sum(r.distance for r in self.routes))

    def to_vrplib_routes(self) -> list[list[int]]:
        """Routes as customer numbers in the CVRPLIB .sol convention (stop i -> i + 1)."""
        return [[int(s) + 1 for s in r.stops] for r in self.routes if len(r.stops) > 0]

    def to_dict(self) -> dict[str, Any]:
        """The shape ``lastleg route --json`` prints (docs/formats.md)."""
        return {
            "cost": self.cost,
            "routes": self.to_vrplib_routes(),
            "unassigned": [int(s) + 1 for s in self.unassigned],
            "unassigned_reasons": list(self.unassigned_reasons),
            "runtime": self.runtime,
            "iterations": self.iterations,
            "engine": self.engine,
            "feasible": self.feasible,
        }
