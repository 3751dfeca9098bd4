"""VROOM's JSON input format read as a RoutingProblem (``read_vroom_json``); the answer
is written by ``io.vroom_answer``. Mapping and conventions: ``docs/formats.md``."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.errors import InputError
from lastleg.routing.problem import Break, RoutingProblem, VehicleType


def is_vroom_json(path: str | Path) -> bool:
    """True for a ``.json`` file (the CLI's test for VROOM JSON input)."""
    return Path(path).suffix.lower() == ".json"


def _load(obj_or_path: dict[str, Any] | str | Path) -> dict[str, Any]:
    if isinstance(obj_or_path, dict):
        return obj_or_path
    text, name = str(obj_or_path), "vroom json"
    if not text.lstrip().startswith("{"):
        path = Path(obj_or_path)
        name = path.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(str(path), "file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"not valid JSON: {exc.msg} (column {exc.colno})",
                         line=exc.lineno) from None
    if not isinstance(data, dict):
        raise InputError(name, "the top level must be an object")
    return data


def _loc_key(item: dict[str, Any], index_key: str, coord_key: str, where: str,
             size: int | None) -> tuple[str, Any] | None:
    """("index", i) or ("coord", (lon, lat)) of a location; an index must be an integer
    in [0, size) of the matrices (as VROOM itself requires)."""
    if index_key in item:
        value = item[index_key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 \
                or (size is not None and value >= size):
            within = "" if size is None else f" (the matrices have {size} locations)"
            raise InputError(f"{where}.{index_key}", f"invalid location index {value!r}{within}")
        return ("index", value)
    if coord_key in item:
        coord = item[coord_key]
        if not isinstance(coord, (list, tuple)) or len(coord) != 2:
            raise InputError(f"{where}.{coord_key}", f"expected [lon, lat], got {coord!r}")
        lon, lat = coord
        return ("coord", (float(lon), float(lat)))
    return None


def _matrix_size(mat: dict[str, Any] | None) -> int | None:
    if mat is None:
        return None
    sizes = set()
    for key in ("durations", "distances", "costs"):
        if key in mat:
            rows = mat[key]
            if not isinstance(rows, list) or any(not isinstance(r, list) or len(r) != len(rows)
                                                 for r in rows):
                raise InputError(f"matrices.{key}", "must be a square list of lists")
            sizes.add(len(rows))
    if len(sizes) > 1:
        raise InputError("matrices", f"matrices of different sizes {sorted(sizes)}")
    return sizes.pop() if sizes else None


def read_vroom_json(
    obj_or_path: dict[str, Any] | str | Path,
    *,
    speed: float = 50 / 3.6,
    detour_factor: float = 1.3,
    travel: Any = None,
) -> RoutingProblem:
    """VROOM's JSON input (a dict, a JSON string or a path) as a RoutingProblem; see
    ``_read`` for the mapping. With ``travel`` (e.g. a RoadNetwork) a problem with
    coordinates travels by it (VROOM + OSRM in one call, no server). Anything malformed is
    an InputError naming where."""
    try:
        return _read(_load(obj_or_path), speed, detour_factor, travel)
    except InputError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        # values of the wrong JSON type deep in the document
        raise InputError("vroom json", f"malformed input: {type(exc).__name__}: {exc}"
                         ) from exc


def _read(data: dict[str, Any], speed: float, detour_factor: float, travel: Any
          ) -> RoutingProblem:
    """A RoutingProblem from VROOM's documented input format (a dict, a JSON string or
    a path): ``vehicles``, ``jobs``, ``shipments`` and ``matrices`` (or the legacy
    ``matrix``) with ``location_index``/``start_index``/``end_index``.

    Without matrices, ``location``/``start``/``end`` coordinates ([lon, lat]) are used
    with **lastleg's own metric**, not a road router: haversine metres times
    ``detour_factor``, durations at ``speed`` m/s (VROOM itself would ask OSRM).

    Mapping: every vehicle becomes its own ``VehicleType`` (count 1, name = its id);
    distinct start/end locations become depots; jobs and shipment steps become stops
    (``stop_ids`` keep the JSON ids; a shipment's pickup and delivery are two stops).
    Costs: VROOM charges ``per_hour`` on travel time and ``per_km`` on distance;
    with a durations matrix only, the durations are the distances and
    ``cost_per_distance = per_hour / 3600`` (so lastleg's cost equals VROOM's);
    with a distances matrix, ``cost_per_distance = per_km / 1000`` and
    ``cost_per_time = per_hour / 3600`` (lastleg then also charges service and
    waiting time). A ``costs`` matrix replaces the distances. Jobs are mandatory
    (VROOM assigns whatever it can; priorities are kept). Not supported (an
    InputError names them): vehicles without a start, several profiles with
    different matrices, ``setup`` times, ``steps`` (fixed routes).
    """
    vehicles = data.get("vehicles") or []
    if not vehicles:
        raise InputError("vehicles", "at least one vehicle is required")
    mat = _matrices(data, vehicles)
    size = _matrix_size(mat)
    depot_keys: list[Any] = []
    starts, ends = _vehicle_places(vehicles, size, depot_keys)
    stops = _Stops(data.get("jobs") or [], data.get("shipments") or [], size,
                   dims=max([len(v.get("capacity", [])) for v in vehicles] + [1]))
    types = [_vehicle_type(v, starts[i], ends[i], mat, stops.amount)
             for i, v in enumerate(vehicles)]
    common = {**stops.arrays(), "name": str(data.get("description", ""))}
    keys = depot_keys + stops.keys
    if mat is not None:
        if travel is not None:
            raise InputError("matrices", "the problem has its own matrices: no --roads")
        if any(k[0] != "index" for k in keys):
            raise InputError("locations", "with matrices every location needs an index")
        idx = np.array([k[1] for k in keys], dtype=np.int64)
        sub = np.ix_(idx, idx)
        durations = np.asarray(mat.get("durations", mat.get("costs")), dtype=np.float64)
        distance = np.asarray(mat.get("costs", mat.get("distances", durations)),
                              dtype=np.float64)
        return RoutingProblem(None, None, types, metric="matrix", distance_matrix=distance[sub],
                              duration_matrix=durations[sub], n_depots=len(depot_keys),
                              location_index=idx, **common)
    if any(k[0] != "coord" for k in keys):
        raise InputError("matrices", "location indices need a matrix")
    coords = np.array([[k[1][1], k[1][0]] for k in keys], dtype=np.float64)  # (lat, lon)
    nd = len(depot_keys)
    if travel is not None:
        return RoutingProblem(coords[:nd], coords[nd:], types, travel=travel, **common)
    return RoutingProblem(coords[:nd], coords[nd:], types, metric="haversine", speed=speed,
                          detour_factor=detour_factor, **common)


def _matrices(data: dict[str, Any], vehicles: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one set of matrices every vehicle profile uses (None: coordinates)."""
    mats = data.get("matrices")
    if mats is None and "matrix" in data:
        mats = {"car": {"durations": data["matrix"]}}
    if not mats:
        return None
    profiles = {v.get("profile", "car") for v in vehicles}
    chosen = [mats[p] for p in profiles if p in mats]
    if len(chosen) != len(profiles) or any(json.dumps(c, sort_keys=True) !=
                                           json.dumps(chosen[0], sort_keys=True)
                                           for c in chosen):
        raise InputError("matrices", "every vehicle profile needs the same matrices")
    return chosen[0]


def _vehicle_places(vehicles: list[dict[str, Any]], size: int | None, depot_keys: list[Any]
                    ) -> tuple[list[int], list[int | None]]:
    """Depot index of each vehicle's start and end; distinct places become depots."""

    def depot(key: Any) -> int:
        if key not in depot_keys:
            depot_keys.append(key)
        return depot_keys.index(key)

    starts, ends = [], []
    for i, v in enumerate(vehicles):
        s = _loc_key(v, "start_index", "start", f"vehicles[{i}]", size)
        e = _loc_key(v, "end_index", "end", f"vehicles[{i}]", size)
        if s is None:
            raise InputError(f"vehicles[{i}]", "vehicles without a start are not supported")
        if v.get("steps"):
            raise InputError(f"vehicles[{i}].steps", "fixed vehicle steps are not supported")
        starts.append(depot(s))
        ends.append(None if e is None else depot(e))
    return starts, ends


class _Stops:
    """Jobs, then shipment pickups and deliveries, as stops."""

    def __init__(self, jobs: list[dict[str, Any]], ships: list[dict[str, Any]],
                 size: int | None, dims: int) -> None:
        self.dims = dims
        self.keys: list[Any] = []
        self.rows: list[dict[str, Any]] = []
        for i, j in enumerate(jobs):
            self.add(j, f"jobs[{i}]", size)
        self.pairs: list[list[int]] = []
        self.ship_amount: list[Any] = []
        for i, sh in enumerate(ships):
            pair = []
            for role in ("pickup", "delivery"):
                pair.append(len(self.keys))
                self.add({**sh[role], "skills": sh.get("skills", []),
                          "priority": sh.get("priority", 0)}, f"shipments[{i}].{role}", size)
            self.pairs.append(pair)
            self.ship_amount.append(sh.get("amount", []))
        self.n_jobs = len(jobs)

    def add(self, row: dict[str, Any], where: str, size: int | None) -> None:
        key = _loc_key(row, "location_index", "location", where, size)
        if key is None:
            raise InputError(where, "needs location or location_index")
        if row.get("setup"):
            raise InputError(f"{where}.setup", "setup times are not supported")
        self.keys.append(key)
        self.rows.append(row)

    def amount(self, x: Sequence[int] | None) -> list[int]:
        x = list(x or [])
        return x + [0] * (self.dims - len(x))

    def arrays(self) -> dict[str, Any]:
        n, rows = len(self.rows), self.rows
        demand = np.zeros((n, self.dims), dtype=np.int64)
        pickup = np.zeros((n, self.dims), dtype=np.int64)
        for i, row in enumerate(rows[: self.n_jobs]):
            demand[i] = self.amount(row.get("delivery", row.get("amount")))
            pickup[i] = self.amount(row.get("pickup"))
        for (p, d), amt in zip(self.pairs, self.ship_amount, strict=True):
            demand[p] = demand[d] = self.amount(amt)
        return {
            "demand": demand, "pickup": pickup,
            "time_windows": [[(float(a), float(b)) for a, b in
                              row.get("time_windows") or [(0, math.inf)]] for row in rows],
            "service": [float(row.get("service", 0)) for row in rows],
            "skills": [list(row.get("skills") or []) for row in rows],
            "priority": [int(row.get("priority", 0)) for row in rows],
            "stop_ids": [int(row["id"]) for row in rows],
            "shipments": np.asarray(self.pairs, dtype=np.int64).reshape(-1, 2),
        }


def _vehicle_type(v: dict[str, Any], start: int, end: int | None, mat: dict[str, Any] | None,
                  amount: Any) -> VehicleType:
    """One VROOM vehicle as a VehicleType of count 1 (costs: see ``_read``)."""
    c = v.get("costs", {})
    per_hour, per_km = float(c.get("per_hour", 3600)), float(c.get("per_km", 0))
    if mat is not None and "costs" in mat:
        cpd, cpt = 1.0, 0.0
    elif mat is None or "distances" in mat:
        cpd, cpt = per_km / 1000, per_hour / 3600
    else:
        cpd, cpt = per_hour / 3600, 0.0
    tw = v.get("time_window", [0, math.inf])
    brks = tuple(
        Break(time_windows=tuple((float(a), float(b)) for a, b in
                                 (br.get("time_windows") or [(0, math.inf)])),
              service=float(br.get("service", 0)),
              max_load=None if br.get("max_load") is None else amount(br["max_load"]),
              id=int(br.get("id", j)), description=str(br.get("description", "")))
        for j, br in enumerate(v.get("breaks") or [])
    )
    return VehicleType(
        count=1, capacity=amount(v.get("capacity")), start_depot=start, end_depot=end,
        shift=(float(tw[0]), float(tw[1])), max_stops=v.get("max_tasks"),
        max_duration=float(v.get("max_travel_time", math.inf)),
        max_distance=float(v.get("max_distance", math.inf)),
        fixed_cost=float(c.get("fixed", 0)), cost_per_distance=cpd, cost_per_time=cpt,
        speed_factor=float(v.get("speed_factor", 1.0)), name=str(v["id"]),
        skills=tuple(v.get("skills") or ()), breaks=brks,
    )
