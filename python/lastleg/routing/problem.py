"""RoutingProblem: a vehicle-routing problem as validated, read-only numpy arrays."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lastleg._validate import as_float, as_int, check_lat_lon, frozen
from lastleg.errors import InputError
from lastleg.travel import METRICS as COORDINATE_METRICS
from lastleg.travel import Coordinates, Matrices, Travel

#: a problem's travel: a coordinate metric, or the user's matrices ("matrix")
METRICS = (*COORDINATE_METRICS, "matrix")


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


def _per_stop_lists(value: Any) -> bool:
    """Whether ``value`` looks like one list of (start, end) pairs per stop."""
    try:
        return len(value) > 0 and isinstance(value[0][0], (Sequence, np.ndarray))
    except (TypeError, IndexError, KeyError):  # a scalar, or a flat list
        return False


def _time_windows(value: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
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


class RoutingProblem:
    """A vehicle-routing problem (CVRP / VRPTW, multi-depot, heterogeneous fleet).

    Locations are the depots first, then the stops: location ``d < n_depots`` is
    depot ``d``; location ``n_depots + i`` is stop ``i``. The constructor
    validates everything and names the field and row of any problem; arrays are
    stored as read-only numpy copies. Read files with ``lastleg.read_vrplib`` and
    ``lastleg.read_vroom_json``.
    """

    name: str
    n_depots: int
    n_stops: int
    n_dims: int
    metric: str
    detour_factor: float
    speed: float
    coords: np.ndarray | None
    distance_matrix: np.ndarray | None
    duration_matrix: np.ndarray | None
    demand: np.ndarray
    service: np.ndarray
    tw_offsets: np.ndarray
    time_windows: np.ndarray
    penalty: np.ndarray
    vt_count: np.ndarray
    vt_capacity: np.ndarray
    vt_start_depot: np.ndarray
    vt_end_depot: np.ndarray
    vt_shift: np.ndarray
    vt_max_stops: np.ndarray
    vt_max_duration: np.ndarray
    vt_max_distance: np.ndarray
    vt_fixed_cost: np.ndarray
    vt_cost_per_distance: np.ndarray
    vt_cost_per_time: np.ndarray
    vt_speed_factor: np.ndarray
    vehicle_type_names: tuple[str, ...]
    # VROOM-only model extensions (issue 4); empty when unused
    stop_skills: tuple[frozenset[int], ...]
    vt_skills: tuple[frozenset[int], ...]
    vt_breaks: tuple[tuple[Break, ...], ...]
    pickup: np.ndarray
    shipments: np.ndarray
    priority: np.ndarray
    stop_ids: np.ndarray
    location_index: np.ndarray | None

    def __init__(
        self,
        depots: ArrayLike | None,
        stops: ArrayLike | None,
        vehicle_types: VehicleType | Sequence[VehicleType],
        *,
        demand: ArrayLike | None = None,
        service: ArrayLike | float = 0.0,
        time_windows: Any = None,
        penalty: ArrayLike | None = None,
        metric: str = "euclidean",
        detour_factor: float = 1.0,
        speed: float = 1.0,
        distance_matrix: ArrayLike | None = None,
        duration_matrix: ArrayLike | None = None,
        n_depots: int | None = None,
        name: str = "",
        skills: Sequence[Sequence[int]] | None = None,
        pickup: ArrayLike | None = None,
        shipments: ArrayLike | None = None,
        priority: ArrayLike | None = None,
        stop_ids: ArrayLike | None = None,
        location_index: ArrayLike | None = None,
    ) -> None:
        """Validate inputs and build a problem.

        ``depots`` (D, 2) and ``stops`` (n, 2) are coordinates: (x, y), or
        (lat, lon) in degrees with ``metric="haversine"`` (metres, seconds,
        ``speed`` in m/s). With ``metric="matrix"`` give ``distance_matrix``
        (and optionally ``duration_matrix``) over depots-then-stops, and either
        coordinates or ``n_depots``. ``demand`` is (n,) or (n, dims);
        ``time_windows`` is (n, 2) or one list of (start, end) pairs per stop;
        ``penalty`` (n,) makes a stop optional at that cost (inf = mandatory).

        VROOM-only extensions (``lastleg.routing.solve.uses_vroom_only_features``):
        ``skills`` is one collection of required skill ids per stop (a vehicle
        serves a stop only if its ``VehicleType.skills`` holds them all);
        ``pickup`` (n,) or (n, dims) is an amount collected at a stop and carried
        back to the end depot (``demand`` stays the amount delivered from the
        start depot); ``shipments`` (m, 2) pairs ``(pickup_stop, delivery_stop)``:
        the pickup stop's ``demand`` row is the amount loaded there and unloaded at
        the delivery stop (the delivery stop's ``demand`` row must be equal), both
        on the same route, pickup first. ``priority`` (n,) ints in 0..100 are
        VROOM priorities (higher is kept first when not everything fits);
        ``stop_ids`` (n,) are external ids (default 1..n) used in VROOM JSON;
        ``location_index`` (depots + stops,) are the locations' indices in the source's
        matrices (VROOM JSON), written back in VROOM output.
        Driver breaks are given per vehicle type (``VehicleType.breaks``).
        """
        if metric not in METRICS:
            raise InputError("metric", f"unknown metric {metric!r}; expected one of {METRICS}")
        if not (isinstance(speed, (int, float)) and speed > 0 and math.isfinite(speed)):
            raise InputError("speed", f"must be a positive finite number, got {speed!r}")
        if not (isinstance(detour_factor, (int, float)) and detour_factor > 0):
            raise InputError("detour_factor", f"must be a positive number, got {detour_factor!r}")

        coords = None
        if depots is not None or stops is not None:
            dep = as_float("depots", depots if depots is not None else np.zeros((0, 2)), (None, 2))
            stp = as_float("stops", stops if stops is not None else np.zeros((0, 2)), (None, 2))
            if metric == "haversine":
                check_lat_lon("depots", dep[:, 0], dep[:, 1])
                check_lat_lon("stops", stp[:, 0], stp[:, 1])
            coords = np.concatenate([dep, stp])
            n_dep, n = len(dep), len(stp)
        elif metric != "matrix":
            raise InputError("stops", f"coordinates are required with metric {metric!r}")

        dist = dur = None
        if metric == "matrix":
            if distance_matrix is None:
                raise InputError("distance_matrix", "required with metric 'matrix'")
            dist = as_float("distance_matrix", distance_matrix, (None, None), minimum=0.0)
            size = len(dist)
            if dist.shape != (size, size):
                raise InputError("distance_matrix", f"must be square, got shape {dist.shape}")
            if duration_matrix is not None:
                dur = as_float("duration_matrix", duration_matrix, (size, size), minimum=0.0)
            if coords is None:
                if n_depots is None:
                    raise InputError("n_depots", "required with a matrix and no coordinates")
                nd_ = as_int("n_depots", [n_depots], (1,), minimum=0)[0]
                n_dep, n = int(nd_), size - int(nd_)
            elif len(coords) != size:
                raise InputError(
                    "distance_matrix",
                    f"has {size} rows but there are {len(coords)} depots + stops",
                )
        elif distance_matrix is not None or duration_matrix is not None:
            raise InputError("distance_matrix", "matrices need metric='matrix'")
        if n_dep < 1:
            raise InputError("depots", "at least one depot is required")
        if n < 0:
            raise InputError("n_depots", "larger than the number of locations")

        if demand is None:
            dem = np.zeros((n, 1), dtype=np.int64)
        else:
            dem = as_int("demand", demand, minimum=0)
            if dem.ndim == 1:
                dem = dem.reshape(-1, 1)
            if dem.ndim != 2 or len(dem) != n:
                raise InputError(
                    "demand", f"expected {n} rows (one per stop), got shape {dem.shape}"
                )
        dims = dem.shape[1]
        if not 1 <= dims <= 3:
            raise InputError("demand", f"1 to 3 capacity dimensions are supported, got {dims}")

        if _ndim(service) == 0:
            svc = as_float("service", [service], (1,), minimum=0.0).repeat(n)
        else:
            svc = as_float("service", service, (n,), minimum=0.0)
        tw_offsets, windows = _time_windows(time_windows, n)
        pen = (
            np.full(n, math.inf)
            if penalty is None
            else as_float("penalty", penalty, (n,), allow_inf=True, minimum=0.0)
        )

        types = [vehicle_types] if isinstance(vehicle_types, VehicleType) else list(vehicle_types)
        if not types:
            raise InputError("vehicle_types", "at least one vehicle type is required")
        arrays = _vehicle_arrays(types, dims, n_dep)

        ext = _extensions(types, n, dims, dem, skills, pickup, shipments, priority, stop_ids)
        loc_index = None if location_index is None else as_int(
            "location_index", location_index, (n_dep + n,), minimum=0)

        for field_, values in (("stops", coords), ("distance_matrix", dist),
                               ("duration_matrix", dur), ("service", svc),
                               ("time_windows", windows), ("penalty", pen),
                               *((f"vehicle_types ({k[3:]})", v) for k, v in arrays.items()
                                 if v.dtype.kind == "f")):
            _check_magnitude(field_, values)
        frozen(coords, dist, dur, dem, svc, tw_offsets, windows, pen, *arrays.values())
        frozen(ext["pickup"], ext["shipments"], ext["priority"], ext["stop_ids"], loc_index)
        self.__dict__.update(
            name=name,
            n_depots=n_dep,
            n_stops=n,
            n_dims=dims,
            metric=metric,
            detour_factor=float(detour_factor),
            speed=float(speed),
            coords=coords,
            distance_matrix=dist,
            duration_matrix=dur,
            demand=dem,
            service=svc,
            tw_offsets=tw_offsets,
            time_windows=windows,
            penalty=pen,
            vehicle_type_names=tuple(t.name for t in types),
            location_index=loc_index,
            **arrays,
            **ext,
        )

    @property
    def n_locations(self) -> int:
        return self.n_depots + self.n_stops

    @property
    def n_vehicle_types(self) -> int:
        return len(self.vt_count)

    @property
    def travel(self) -> Travel:
        """Where this problem's distances and durations come from (the one travel seam:
        checkers, the VROOM adapter, outputs and plans all measure through it)."""
        if self.metric == "matrix":
            assert self.distance_matrix is not None
            return Matrices(self.distance_matrix, self.duration_matrix, self.speed)
        return Coordinates(self.metric, self.detour_factor, self.speed)

    @property
    def points(self) -> np.ndarray:
        """Each location (depots, then stops) as a point of ``travel``: its coordinates,
        or its index in the matrices."""
        if self.metric == "matrix":
            return np.arange(self.n_locations)
        assert self.coords is not None
        return self.coords

    def legs(self, origins: np.ndarray, destinations: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
        """(distance, duration before any vehicle's speed factor) from location
        ``origins[i]`` to location ``destinations[i]``."""
        pts = self.points
        return self.travel.pairs(pts[np.asarray(origins)], pts[np.asarray(destinations)])

    def stop_windows(self, stop: int) -> np.ndarray:
        """The (k, 2) time windows of one stop."""
        return self.time_windows[self.tw_offsets[stop] : self.tw_offsets[stop + 1]]

    def __getstate__(self) -> dict[str, Any]:
        # pickle as arrays: the per-stop skill sets travel as CSR (offsets, ids)
        state = dict(self.__dict__)
        skills = state.pop("stop_skills")
        sizes = np.array([len(s) for s in skills], dtype=np.int64)
        offsets = np.zeros(len(skills) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        ids = np.array([k for s in skills for k in sorted(s)], dtype=np.int64)
        state["_stop_skills_csr"] = (offsets, ids) if int(sizes.sum()) else len(skills)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        csr = state.pop("_stop_skills_csr")
        if isinstance(csr, int):
            skills: tuple[frozenset[int], ...] = (frozenset(),) * csr
        else:
            off, ids = csr
            skills = tuple(frozenset(int(k) for k in ids[off[i]:off[i + 1]])
                           for i in range(len(off) - 1))
        state["stop_skills"] = skills
        for v in state.values():
            if isinstance(v, np.ndarray):
                v.flags.writeable = False
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return (
            f"RoutingProblem(name={self.name!r}, depots={self.n_depots}, stops={self.n_stops}, "
            f"dims={self.n_dims}, vehicle_types={self.n_vehicle_types}, "
            f"vehicles={int(self.vt_count.sum())}, metric={self.metric!r})"
        )


def _vehicle_arrays(types: list[VehicleType], dims: int, n_depots: int) -> dict[str, np.ndarray]:
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


def _extensions(
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
    if skills is None:
        stop_skills: tuple[frozenset[int], ...] = tuple(frozenset() for _ in range(n))
    else:
        if len(skills) != n:
            raise InputError("skills", f"expected {n} rows (one per stop), got {len(skills)}")
        stop_skills = tuple(
            frozenset(int(k) for k in as_int(f"skills[{i}]", _listed(f"skills[{i}]", s),
                                             minimum=0).ravel())
            for i, s in enumerate(skills)
        )
    vt_skills = tuple(
        frozenset(int(k) for k in as_int(f"vehicle_types[{i}].skills",
                                          _listed(f"vehicle_types[{i}].skills", t.skills),
                                          minimum=0).ravel())
        for i, t in enumerate(types)
    )
    vt_breaks: list[tuple[Break, ...]] = []
    for i, t in enumerate(types):
        for j, b in enumerate(_listed(f"vehicle_types[{i}].breaks", t.breaks)):
            where = f"vehicle_types[{i}].breaks[{j}]"
            if not isinstance(b, Break):
                raise InputError(where, f"expected a Break, got {type(b).__name__}")
            tw = as_float(f"{where}.time_windows", list(b.time_windows), (None, 2),
                          allow_inf=True)
            if len(tw) == 0 or (tw[:, 1] < tw[:, 0]).any():
                raise InputError(f"{where}.time_windows", "needs windows with start <= end")
            as_float(f"{where}.service", [b.service], minimum=0.0)
            if b.max_load is not None:
                as_int(f"{where}.max_load", list(b.max_load), (dims,), minimum=0)
        vt_breaks.append(tuple(t.breaks))

    if pickup is None:
        pick = np.zeros((n, dims), dtype=np.int64)
    else:
        pick = as_int("pickup", pickup, minimum=0)
        if pick.ndim == 1:
            pick = pick.reshape(-1, 1)
        if pick.shape != (n, dims):
            raise InputError("pickup", f"expected shape {(n, dims)}, got {pick.shape}")
    if shipments is None:
        ship = np.zeros((0, 2), dtype=np.int64)
    else:
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
    if priority is None:
        prio = np.zeros(n, dtype=np.int64)
    else:
        prio = as_int("priority", priority, (n,), minimum=0)
        if prio.size and prio.max() > 100:
            raise InputError("priority", "must be in 0..100", _row_of(prio > 100))
    ids = (np.arange(1, n + 1, dtype=np.int64) if stop_ids is None
           else as_int("stop_ids", stop_ids, (n,), minimum=0))
    return {
        "stop_skills": stop_skills,
        "vt_skills": vt_skills,
        "vt_breaks": tuple(vt_breaks),
        "pickup": pick,
        "shipments": ship,
        "priority": prio,
        "stop_ids": ids,
    }


# Larger finite values make route sums overflow to inf (and inf * 0 to NaN costs).
MAX_MAGNITUDE = 1e15


def _check_magnitude(field: str, values: np.ndarray | None) -> None:
    if values is None or values.size == 0:
        return
    big = np.isfinite(values) & (np.abs(values) > MAX_MAGNITUDE)
    if big.any():
        row = int(np.flatnonzero(big.reshape(len(values), -1).any(axis=1))[0])
        raise InputError(field, f"values above {MAX_MAGNITUDE:g} are not supported (sums would "
                         "overflow)", row)


def _ndim(value: Any) -> int:
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
