"""Travel by formula over coordinates, computed by the engine's metric.

The formulas live once, in the C++ engine (``cpp/lastleg/geo/metric.h``); this module
only validates arrays and calls the Cython kernels.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lastleg import _kernels
from lastleg._validate import as_float, check_lat_lon
from lastleg.errors import InputError

#: coordinate metrics: planar double precision, CVRPLIB (each edge rounded to the nearest
#: integer), DIMACS (truncated to one decimal), and great-circle on (lat, lon) degrees
METRICS = ("euclidean", "euclidean_rounded", "euclidean_truncated", "haversine")


def points(field: str, coords: ArrayLike, metric: str) -> np.ndarray:
    """(n, 2) float coordinates, checked (latitudes and longitudes for haversine)."""
    if metric not in METRICS:
        raise InputError("metric", f"unknown metric {metric!r}; expected one of {METRICS}")
    pts = as_float(field, coords, (None, 2))
    if metric == "haversine":
        check_lat_lon(field, pts[:, 0], pts[:, 1])
    return pts


def _positive(field: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) \
            or not float(value) > 0 or not math.isfinite(float(value)):
        raise InputError(field, f"must be a finite number > 0, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Coordinates:
    """Travel by formula. ``metric`` is one of METRICS; distances are the formula times
    ``detour_factor`` (metres for haversine), durations are distance / ``speed``
    (seconds with ``speed`` in m/s)."""

    metric: str = "haversine"
    detour_factor: float = 1.0
    speed: float = 1.0

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise InputError("metric", f"unknown metric {self.metric!r}; expected one of "
                             f"{METRICS}")
        _positive("detour_factor", self.detour_factor)
        _positive("speed", self.speed)

    def _run(self, kernel: Any, src: np.ndarray, dst: np.ndarray, out: np.ndarray) -> None:
        both = np.concatenate([src, dst])
        kernel(self.metric, np.ascontiguousarray(both[:, 0]), np.ascontiguousarray(both[:, 1]),
               len(src), float(self.detour_factor), float(self.speed), False, out)

    def distance_matrix(self, origins: ArrayLike, destinations: ArrayLike | None = None
                        ) -> np.ndarray:
        src = points("origins", origins, self.metric)
        dst = src if destinations is None else points("destinations", destinations,
                                                      self.metric)
        out = np.empty((len(src), len(dst)), dtype=np.float64)
        self._run(_kernels.travel_matrix, src, dst, out)
        return out

    def distance_pairs(self, origins: ArrayLike, destinations: ArrayLike) -> np.ndarray:
        src = points("origins", origins, self.metric)
        dst = points("destinations", destinations, self.metric)
        if len(src) != len(dst):
            raise InputError("destinations", f"has {len(dst)} rows, origins has {len(src)}")
        out = np.empty(len(src), dtype=np.float64)
        self._run(_kernels.travel_pairs, src, dst, out)
        return out

    def matrix(self, origins: ArrayLike, destinations: ArrayLike | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        dist = self.distance_matrix(origins, destinations)
        return dist, dist / self.speed

    def pairs(self, origins: ArrayLike, destinations: ArrayLike
              ) -> tuple[np.ndarray, np.ndarray]:
        dist = self.distance_pairs(origins, destinations)
        return dist, dist / self.speed


def nearest_neighbours(
    coords: ArrayLike, k: int, *, metric: str = "euclidean", threads: int | None = None
) -> np.ndarray:
    """(n, k) int32 table: row i lists the k points nearest to i (itself excluded),
    nearest first, ties by index; padded with -1 when n <= k.

    Built with a k-d tree in about O(n k log n); never an n^2 scan.
    """
    pts = points("coords", coords, metric)
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, numbers.Integral) or k < 0:
        raise InputError("k", f"must be a non-negative integer, got {k!r}")
    if int(k) >= 2**31 or len(pts) * int(k) > 2**31:
        raise InputError("k", f"{k} neighbours of {len(pts)} points is too large a table")
    if threads is not None and (isinstance(threads, (bool, np.bool_))
                                or not isinstance(threads, numbers.Integral) or threads < 1):
        raise InputError("threads", f"must be None or an integer >= 1, got {threads!r}")
    out = np.full((len(pts), int(k)), -1, dtype=np.int32)
    _kernels.knn(metric, np.ascontiguousarray(pts[:, 0]), np.ascontiguousarray(pts[:, 1]),
                 int(k), 0 if threads is None else int(threads), 0, out)
    return out
