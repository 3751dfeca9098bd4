"""Vehicle types and driver breaks, and their validation into arrays."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lastleg._validate import as_float, as_int
from lastleg.errors import InputError


@dataclass(frozen=True)
class Break:
    """A driver break (VROOM-only feature): ``service`` time units taken once per
    used vehicle, starting inside one of ``time_windows``; with ``max_load`` the
    vehicle's load (per dimension) must not exceed it when the break starts."""

    time_windows: Sequence[tuple[float, float]] = ((0.0, math.inf),)
    service: float = 0.0
    max_load: Sequence[int] | None = None
    id: int = 0
    description: str = ""


@dataclass(frozen=True)
class VehicleType:
    """A group of identical vehicles.

    ``capacity`` has one entry per demand dimension (a plain int for one).
    ``end_depot=None`` means an open route that ends at its last stop.
    Durations of this type are the metric's durations divided by ``speed_factor``.
    """

    count: int = 1
    capacity: int | Sequence[int] = 0
    start_depot: int = 0
    end_depot: int | None = 0
    shift: tuple[float, float] = (0.0, math.inf)
    max_stops: int | None = None
    max_duration: float = math.inf
    max_distance: float = math.inf
    fixed_cost: float = 0.0
    cost_per_distance: float = 1.0
    cost_per_time: float = 0.0
    speed_factor: float = 1.0
    name: str = ""
    skills: Sequence[int] = ()
    breaks: Sequence[Break] = ()


def vehicle_arrays(types: list[VehicleType], dims: int, n_depots: int) -> dict[str, np.ndarray]:
    v = len(types)
    out: dict[str, np.ndarray] = {
        "vt_count": np.zeros(v, np.int64),
        "vt_capacity": np.zeros((v, dims), np.int64),
        "vt_start_depot": np.zeros(v, np.int32),
        "vt_end_depot": np.zeros(v, np.int32),
        "vt_shift": np.zeros((v, 2)),
        "vt_max_stops": np.zeros(v, np.int64),
        "vt_max_duration": np.zeros(v),
        "vt_max_distance": np.zeros(v),
        "vt_fixed_cost": np.zeros(v),
        "vt_cost_per_distance": np.zeros(v),
        "vt_cost_per_time": np.zeros(v),
        "vt_speed_factor": np.zeros(v),
    }
    for i, t in enumerate(types):
        where = f"vehicle_types[{i}]"
        if not isinstance(t, VehicleType):
            raise InputError(where, f"expected a VehicleType, got {type(t).__name__}")
        out["vt_count"][i] = as_int(f"{where}.count", [t.count], (1,), minimum=0)[0]
        cap = as_int(f"{where}.capacity", np.atleast_1d(t.capacity), minimum=0)
        if cap.ndim != 1 or len(cap) != dims:
            raise InputError(f"{where}.capacity", f"has {cap.size} dimensions, demand has {dims}")
        out["vt_capacity"][i] = cap
        for key, value in (("start_depot", t.start_depot), ("end_depot", t.end_depot)):
            if value is None and key == "end_depot":
                out["vt_end_depot"][i] = -1
                continue
            d = as_int(f"{where}.{key}", [value], (1,))[0]
            if not 0 <= d < n_depots:
                raise InputError(f"{where}.{key}", f"depot {d} does not exist ({n_depots} depots)")
            out[f"vt_{key}"][i] = d
        shift = as_float(f"{where}.shift", t.shift, (2,), allow_inf=True)
        if shift[1] < shift[0]:
            raise InputError(f"{where}.shift", f"end {shift[1]} is before start {shift[0]}")
        out["vt_shift"][i] = shift
        out["vt_max_stops"][i] = (
            -1 if t.max_stops is None else as_int(f"{where}.max_stops", [t.max_stops], (1,),
                                                         minimum=0)[0]
        )
        for key in ("max_duration", "max_distance"):
            out[f"vt_{key}"][i] = as_float(
                f"{where}.{key}", [getattr(t, key)], (1,), allow_inf=True, minimum=0.0
            )[0]
        for key in ("fixed_cost", "cost_per_distance", "cost_per_time"):
            out[f"vt_{key}"][i] = as_float(f"{where}.{key}", [getattr(t, key)], (1,),
                                               minimum=0.0)[0]
        sf = as_float(f"{where}.speed_factor", [t.speed_factor], (1,))[0]
        if not sf > 0:
            raise InputError(f"{where}.speed_factor", f"must be > 0, got {sf}")
        out["vt_speed_factor"][i] = sf
    return out
