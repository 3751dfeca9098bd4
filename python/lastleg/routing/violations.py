"""Violations as records: what rule broke, where, by how much. Messages are made from the
record, never parsed back; unassigned reasons come from ``kind``."""

from __future__ import annotations

from dataclasses import dataclass

#: kinds of route violations, and the unassigned reason each one stands for when a stop
#: cannot be served even alone on a vehicle (None: not a property of the stop)
KINDS: dict[str, str | None] = {
    "capacity": "capacity",
    "time_window": "time_window",
    "shift": "shift",
    "max_stops": "max_stops",
    "max_duration": "max_duration",
    "max_distance": "max_distance",
    "unreachable": "unreachable",
    "skills": "no_vehicle",
    "break_window": "shift",
    "break_load": "shift",
    "break_missing": None,
    "break_twice": None,
    "break_unknown": None,
    "break_position": None,
    "vehicle_type": None,
    "fleet_size": None,
    "stop_index": None,
    "stop_twice": None,
    "shipment": None,
    "unassigned": None,
    "reason": None,
    "cost": None,
}


@dataclass(frozen=True)
class Violation:
    """One broken rule. ``route`` and ``stop`` locate it (None when not about one);
    ``amount`` is the measured value and ``limit`` the bound it broke (when numeric);
    ``detail`` adds what the numbers cannot say."""

    kind: str
    route: int | None = None
    stop: int | None = None
    vehicle_type: int | None = None
    amount: float | None = None
    limit: float | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown violation kind {self.kind!r}")

    @property
    def message(self) -> str:
        where = []
        if self.route is not None:
            where.append(f"route {self.route}")
        if self.vehicle_type is not None:
            where.append(f"vehicle type {self.vehicle_type}")
        if self.stop is not None:
            where.append(f"stop {self.stop}")
        numbers = ""
        if self.amount is not None and self.limit is not None:
            numbers = f": {self.amount:g} > {self.limit:g}"
        elif self.amount is not None:
            numbers = f": {self.amount:g}"
        text = f"{self.kind}{numbers}"
        if self.detail:
            text += f" ({self.detail})"
        return f"{', '.join(where)}: {text}" if where else text

    def __str__(self) -> str:
        return self.message
