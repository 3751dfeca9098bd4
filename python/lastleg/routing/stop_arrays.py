"""Validation of the per-stop arrays of a RoutingProblem: windows, the VROOM-only
extensions (skills, pickups, shipments, priorities, breaks), magnitudes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lastleg._validate import as_float, as_int
from lastleg.errors import InputError
from lastleg.routing.vehicles import Break, VehicleType


def _per_stop_lists(value: Any) -> bool:
    """Whether ``value`` looks like one list of (start, end) pairs per stop."""
    try:
        return len(value) > 0 and isinstance(value[0][0], (Sequence, np.ndarray))
    except (TypeError, IndexError, KeyError):  # a scalar, or a flat list
        return False


def time_windows(value: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Normalise windows to CSR (offsets, windows); accepts (n, 2) or per-stop lists."""
    if value is None:
        return np.arange(n + 1, dtype=np.int64), np.tile([[0.0, math.inf]], (n, 1))
    if isinstance(value, np.ndarray) or not _per_stop_lists(value):
        tw = as_float("time_windows", value, (n, 2), allow_inf=True)
        per_stop: list[np.ndarray] = [tw[i : i + 1] for i in range(n)]
    else:
        if len(value) != n:
            raise InputError("time_windows", f"expected {n} rows (one per stop), got {len(value)}")
        per_stop = []
        for i, windows in enumerate(value):
            arr = as_float(f"time_windows[{i}]", windows, (None, 2), allow_inf=True)
            if len(arr) == 0:
                raise InputError("time_windows", "a stop needs at least one window", i)
            per_stop.append(arr[np.argsort(arr[:, 0], kind="stable")])
    offsets = np.zeros(n + 1, dtype=np.int64)
    for i, arr in enumerate(per_stop):
        if (arr[:, 1] < arr[:, 0]).any():
            a, b = arr[(arr[:, 1] < arr[:, 0]).argmax()]
            raise InputError("time_windows", f"window end {b} is before its start {a}", i)
        if len(arr) > 1 and (arr[1:, 0] <= arr[:-1, 1]).any():
            raise InputError("time_windows", "windows of one stop overlap", i)
        offsets[i + 1] = offsets[i] + len(arr)
    windows = np.concatenate(per_stop) if per_stop else np.zeros((0, 2))
    return offsets, windows


def extensions(
    types: list[VehicleType],
    n: int,
    dims: int,
    demand: np.ndarray,
    skills: Sequence[Sequence[int]] | None,
    pickup: ArrayLike | None,
    shipments: ArrayLike | None,
    priority: ArrayLike | None,
    stop_ids: ArrayLike | None,
) -> dict[str, Any]:
    """Validate the VROOM-only extensions (skills, breaks, pickups, shipments)."""
    pick = _amounts("pickup", pickup, n, dims)
    prio = (np.zeros(n, dtype=np.int64) if priority is None
            else as_int("priority", priority, (n,), minimum=0))
    if prio.size and prio.max() > 100:
        raise InputError("priority", "must be in 0..100", _row_of(prio > 100))
    return {
        **_skills(types, n, skills),
        "vt_breaks": tuple(_breaks(i, t, dims) for i, t in enumerate(types)),
        "pickup": pick,
        "shipments": _shipments(shipments, n, demand, pick),
        "priority": prio,
        "stop_ids": (np.arange(1, n + 1, dtype=np.int64) if stop_ids is None
                     else as_int("stop_ids", stop_ids, (n,), minimum=0)),
    }


def _skill_set(field: str, values: Any) -> frozenset[int]:
    return frozenset(int(k) for k in as_int(field, _listed(field, values), minimum=0).ravel())


def _skills(types: list[VehicleType], n: int, skills: Sequence[Sequence[int]] | None
            ) -> dict[str, Any]:
    if skills is None:
        stop_skills: tuple[frozenset[int], ...] = tuple(frozenset() for _ in range(n))
    else:
        if len(skills) != n:
            raise InputError("skills", f"expected {n} rows (one per stop), got {len(skills)}")
        stop_skills = tuple(_skill_set(f"skills[{i}]", s) for i, s in enumerate(skills))
    vt_skills = tuple(_skill_set(f"vehicle_types[{i}].skills", t.skills)
                      for i, t in enumerate(types))
    return {"stop_skills": stop_skills, "vt_skills": vt_skills}


def _breaks(i: int, t: VehicleType, dims: int) -> tuple[Break, ...]:
    for j, b in enumerate(_listed(f"vehicle_types[{i}].breaks", t.breaks)):
        where = f"vehicle_types[{i}].breaks[{j}]"
        if not isinstance(b, Break):
            raise InputError(where, f"expected a Break, got {type(b).__name__}")
        tw = as_float(f"{where}.time_windows", list(b.time_windows), (None, 2), allow_inf=True)
        if len(tw) == 0 or (tw[:, 1] < tw[:, 0]).any():
            raise InputError(f"{where}.time_windows", "needs windows with start <= end")
        as_float(f"{where}.service", [b.service], minimum=0.0)
        if b.max_load is not None:
            as_int(f"{where}.max_load", list(b.max_load), (dims,), minimum=0)
    return tuple(t.breaks)


def _amounts(field: str, value: ArrayLike | None, n: int, dims: int) -> np.ndarray:
    if value is None:
        return np.zeros((n, dims), dtype=np.int64)
    out = as_int(field, value, minimum=0)
    if out.ndim == 1:
        out = out.reshape(-1, 1)
    if out.shape != (n, dims):
        raise InputError(field, f"expected shape {(n, dims)}, got {out.shape}")
    return out


def _shipments(shipments: ArrayLike | None, n: int, demand: np.ndarray, pick: np.ndarray
               ) -> np.ndarray:
    if shipments is None:
        return np.zeros((0, 2), dtype=np.int64)
    ship = as_int("shipments", shipments, (None, 2), minimum=0)
    if ship.size and ship.max() >= n:
        raise InputError("shipments", f"stop index {int(ship.max())} >= {n} stops",
                         _row_of(ship >= n))
    flat = ship.ravel()
    if len(np.unique(flat)) != len(flat):
        raise InputError("shipments", "a stop appears in more than one shipment role")
    for row, (p, d) in enumerate(ship):
        if (demand[d] != demand[p]).any():
            raise InputError("shipments", f"delivery stop {d} demand differs from pickup "
                             f"stop {p} demand", row)
        if pick[p].any() or pick[d].any():
            raise InputError("shipments", "shipment stops cannot also have a pickup", row)
    return ship


# Larger finite values make route sums overflow to inf (and inf * 0 to NaN costs).
MAX_MAGNITUDE = 1e15


def check_magnitude(field: str, values: np.ndarray | None) -> None:
    if values is None or values.size == 0:
        return
    big = np.isfinite(values) & (np.abs(values) > MAX_MAGNITUDE)
    if big.any():
        row = int(np.flatnonzero(big.reshape(len(values), -1).any(axis=1))[0])
        raise InputError(field, f"values above {MAX_MAGNITUDE:g} are not supported (sums would "
                         "overflow)", row)


def ndim(value: Any) -> int:
    try:
        return int(np.ndim(value))
    except (ValueError, TypeError):  # ragged: let the array check name the problem
        return 1


def _listed(field: str, value: Any) -> list[Any]:
    """``value`` as a list, or an InputError when it is not a collection."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InputError(field, f"expected a list, got {type(value).__name__}")
    return list(value)


def _row_of(mask: np.ndarray) -> int:
    return int(np.flatnonzero(np.asarray(mask).reshape(len(mask), -1).any(axis=1))[0])
