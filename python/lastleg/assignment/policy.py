"""Policy: the business rules of one planning batch (policy.json, docs/formats.md)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from lastleg.errors import InputError


@dataclass(frozen=True)
class Policy:
    """Costs and rules shared by the whole batch.

    split_penalty: cost of each parcel beyond the first of an order.
    max_parcels: most parcels (shipping nodes) one order may be split into.
    unserved_penalty: cost of an unserved order, times (1 + priority), pro rata of its units.
    allow_partial: ship part of an order when the rest cannot be shipped.
    detour_factor: road km = haversine km x detour_factor.
    stop_service_s: seconds a van spends at each delivery stop (plans only).
    roads: an OpenStreetMap extract (.osm.pbf; relative to the scenario folder) to plan
    on real roads instead of great-circle km x detour_factor (plans only).
    max_snap_m: on roads, a point farther than this from every road is unreachable.
    """

    split_penalty: float = 5.0
    max_parcels: int = 3
    unserved_penalty: float = 200.0
    allow_partial: bool = False
    detour_factor: float = 1.3
    stop_service_s: float = 180.0
    roads: str | None = None
    max_snap_m: float = 1000.0

    def __post_init__(self) -> None:
        for name in ("split_penalty", "unserved_penalty", "detour_factor", "stop_service_s",
                     "max_snap_m"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
                or value < 0
            ):
                raise InputError(f"policy.{name}", f"must be a finite number >= 0, got {value!r}")
        if self.detour_factor < 1.0:
            raise InputError("policy.detour_factor", f"must be >= 1, got {self.detour_factor}")
        if (
            isinstance(self.max_parcels, bool)
            or not isinstance(self.max_parcels, int)
            or not 1 <= self.max_parcels <= 2**31 - 1  # >= 2**63 failed the binding cast
        ):
            raise InputError(
                "policy.max_parcels",
                f"must be an integer in [1, 2**31 - 1], got {self.max_parcels!r}",
            )
        if self.roads is not None and not (isinstance(self.roads, str) and self.roads.strip()):
            raise InputError("policy.roads", f"must be a file name, got {self.roads!r}")
        if not isinstance(self.allow_partial, bool):
            raise InputError(
                "policy.allow_partial", f"must be true or false, got {self.allow_partial!r}"
            )

    @classmethod
    def from_mapping(cls, values: dict[str, Any], source: str = "policy") -> Policy:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputError(source, f"unknown keys {unknown}; expected some of {sorted(known)}")
        return cls(**values)

    @classmethod
    def read(cls, path: Path) -> Policy:
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(path.name, f"invalid JSON: {exc}") from None
        if not isinstance(values, dict):
            raise InputError(path.name, "expected a JSON object")
        return cls.from_mapping(values, path.name)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
