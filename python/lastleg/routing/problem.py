"""RoutingProblem: a vehicle-routing problem as validated, read-only numpy arrays."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lastleg._validate import as_float, as_int, check_lat_lon, frozen
from lastleg.errors import InputError
from lastleg.routing.stop_arrays import check_magnitude, extensions, ndim
from lastleg.routing.stop_arrays import time_windows as time_windows_of
from lastleg.routing.vehicles import Break, VehicleType, vehicle_arrays
from lastleg.travel import METRICS as COORDINATE_METRICS
from lastleg.travel import Coordinates, Matrices, Travel

#: a problem's travel: a coordinate metric, or the user's matrices ("matrix")
METRICS = (*COORDINATE_METRICS, "matrix")


class RoutingProblem:
    """A vehicle-routing problem (CVRP / VRPTW, multi-depot, heterogeneous fleet).

    Locations are the depots first, then the stops: location ``d < n_depots`` is
    depot ``d``; location ``n_depots + i`` is stop ``i``. The constructor
    validates everything and names the field and row of any problem; arrays are
    stored as read-only numpy copies. Read files with ``lastleg.read_vrplib`` and
    ``lastleg.read_vroom_json``.

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
    matrices (VROOM JSON), written back in VROOM output. ``travel`` (a ``lastleg.Travel``,
    e.g. a ``RoadNetwork``) turns the coordinates into dense distance and duration
    matrices (``metric`` becomes "matrix"; up to 5,000 locations; stored as float32;
    ``inf`` where no road leads: such stops come back unassigned ``unreachable``).
    float32 matrices given directly also stay float32.
    Driver breaks are given per vehicle type (``VehicleType.breaks``).
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
    # features only the VROOM engine models; empty when unused
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
        travel: Travel | None = None,
    ) -> None:
        """Validate inputs and build a problem (the arguments: see the class)."""
        if metric not in METRICS:
            raise InputError("metric", f"unknown metric {metric!r}; expected one of {METRICS}")
        if not (isinstance(speed, (int, float)) and speed > 0 and math.isfinite(speed)):
            raise InputError("speed", f"must be a positive finite number, got {speed!r}")
        if not (isinstance(detour_factor, (int, float)) and detour_factor > 0):
            raise InputError("detour_factor", f"must be a positive number, got {detour_factor!r}")
        if travel is not None:
            metric, distance_matrix, duration_matrix = "matrix", *_travel_matrices(
                travel, depots, stops, distance_matrix, duration_matrix)
        coords, dist, dur, n_dep, n = _locations(depots, stops, metric, distance_matrix,
                                                 duration_matrix, n_depots)
        dem = _demand(demand, n)
        dims = dem.shape[1]
        svc = (as_float("service", [service], (1,), minimum=0.0).repeat(n) if ndim(service) == 0
               else as_float("service", service, (n,), minimum=0.0))
        tw_offsets, windows = time_windows_of(time_windows, n)
        pen = (np.full(n, math.inf) if penalty is None
               else as_float("penalty", penalty, (n,), allow_inf=True, minimum=0.0))
        types = [vehicle_types] if isinstance(vehicle_types, VehicleType) else list(vehicle_types)
        if not types:
            raise InputError("vehicle_types", "at least one vehicle type is required")
        arrays = vehicle_arrays(types, dims, n_dep)
        ext = extensions(types, n, dims, dem, skills, pickup, shipments, priority, stop_ids)
        loc_index = None if location_index is None else as_int(
            "location_index", location_index, (n_dep + n,), minimum=0)
        for field_, values in (("stops", coords), ("distance_matrix", dist),
                               ("duration_matrix", dur), ("service", svc),
                               ("time_windows", windows), ("penalty", pen),
                               *((f"vehicle_types ({k[3:]})", v) for k, v in arrays.items()
                                 if v.dtype.kind == "f")):
            check_magnitude(field_, values)
        frozen(coords, dist, dur, dem, svc, tw_offsets, windows, pen, *arrays.values())
        frozen(ext["pickup"], ext["shipments"], ext["priority"], ext["stop_ids"], loc_index)
        self.__dict__.update(
            name=name, n_depots=n_dep, n_stops=n, n_dims=dims, metric=metric,
            detour_factor=float(detour_factor), speed=float(speed), coords=coords,
            distance_matrix=dist, duration_matrix=dur, demand=dem, service=svc,
            tw_offsets=tw_offsets, time_windows=windows, penalty=pen,
            vehicle_type_names=tuple(t.name for t in types), location_index=loc_index,
            **arrays, **ext,
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


#: dense matrices from a travel source are built up to this many locations
MAX_TRAVEL_LOCATIONS = 5000


def _travel_matrices(travel: Travel, depots: ArrayLike | None, stops: ArrayLike | None,
                     distance_matrix: Any, duration_matrix: Any) -> tuple[Any, Any]:
    """Dense (distance, duration) over depots-then-stops from a travel source."""
    if not isinstance(travel, Travel):
        raise InputError("travel", f"expected a Travel (matrix and pairs), got "
                         f"{type(travel).__name__}")
    if distance_matrix is not None or duration_matrix is not None:
        raise InputError("travel", "give either a travel source or matrices, not both")
    if depots is None or stops is None:
        raise InputError("travel", "needs the depots' and stops' coordinates")
    points = np.concatenate([as_float("depots", depots, (None, 2)),
                             as_float("stops", stops, (None, 2))])
    if len(points) > MAX_TRAVEL_LOCATIONS:
        raise InputError("travel", f"{len(points)} locations: dense road matrices serve up to "
                         f"{MAX_TRAVEL_LOCATIONS}; split the problem (a plan routes each "
                         "node on its own) or use coordinates")
    dist, dur = travel.matrix(points)
    # stored compactly: float32 keeps metres and seconds to well under a metre and a second
    return np.asarray(dist, np.float32), np.asarray(dur, np.float32)


def _locations(depots: ArrayLike | None, stops: ArrayLike | None, metric: str,
               distance_matrix: ArrayLike | None, duration_matrix: ArrayLike | None,
               n_depots: int | None) -> tuple[Any, Any, Any, int, int]:
    """(coords, distance matrix, duration matrix, depots, stops), checked."""
    coords = None
    n_dep = n = 0
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
        compact = getattr(distance_matrix, "dtype", None) == np.float32
        dist = as_float("distance_matrix", distance_matrix, (None, None), minimum=0.0,
                        allow_inf=True)
        size = len(dist)
        if dist.shape != (size, size):
            raise InputError("distance_matrix", f"must be square, got shape {dist.shape}")
        if duration_matrix is not None:
            dur = as_float("duration_matrix", duration_matrix, (size, size), minimum=0.0,
                           allow_inf=True)
        if compact:  # float32 matrices (road travel) stay float32: half the memory
            dist = dist.astype(np.float32)
            dur = None if dur is None else dur.astype(np.float32)
        if coords is None:
            if n_depots is None:
                raise InputError("n_depots", "required with a matrix and no coordinates")
            n_dep = int(as_int("n_depots", [n_depots], (1,), minimum=0)[0])
            n = size - n_dep
        elif len(coords) != size:
            raise InputError("distance_matrix",
                             f"has {size} rows but there are {len(coords)} depots + stops")
    elif distance_matrix is not None or duration_matrix is not None:
        raise InputError("distance_matrix", "matrices need metric='matrix'")
    if n_dep < 1:
        raise InputError("depots", "at least one depot is required")
    if n < 0:
        raise InputError("n_depots", "larger than the number of locations")
    return coords, dist, dur, n_dep, n


def _demand(demand: ArrayLike | None, n: int) -> np.ndarray:
    if demand is None:
        return np.zeros((n, 1), dtype=np.int64)
    dem = as_int("demand", demand, minimum=0)
    if dem.ndim == 1:
        dem = dem.reshape(-1, 1)
    if dem.ndim != 2 or len(dem) != n:
        raise InputError("demand", f"expected {n} rows (one per stop), got shape {dem.shape}")
    if not 1 <= dem.shape[1] <= 3:
        raise InputError("demand", f"1 to 3 capacity dimensions are supported, got "
                         f"{dem.shape[1]}")
    return dem
