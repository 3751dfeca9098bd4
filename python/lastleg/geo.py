"""Travel matrices and nearest-neighbour lists, computed by the engine's metric.

The formulas live once, in the C++ engine (cpp/lastleg/geo/metric.h); these
functions only validate arrays and call the Cython kernels.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lastleg import _kernels
from lastleg._validate import as_float, check_lat_lon
from lastleg.errors import InputError

METRICS = ("euclidean", "euclidean_rounded", "euclidean_truncated", "haversine")


def _points(field: str, coords: ArrayLike, metric: str) -> np.ndarray:
    if metric not in METRICS:
        raise InputError("metric", f"unknown metric {metric!r}; expected one of {METRICS}")
    pts = as_float(field, coords, (None, 2))
    if metric == "haversine":
        check_lat_lon(field, pts[:, 0], pts[:, 1])
    return pts


def _positive(field: str, value: Any) -> None:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) \
            or not float(value) > 0 or not math.isfinite(float(value)):
        raise InputError(field, f"must be a finite number > 0, got {value!r}")


def _run_kernel(
    kernel: Callable[..., None], metric: str, src: np.ndarray, dst: np.ndarray,
    detour_factor: float, speed: float, durations: bool, out: np.ndarray,
) -> None:
    """Validate the scalars and run a travel kernel over origins-then-destinations."""
    _positive("speed", speed)
    _positive("detour_factor", detour_factor)
    both = np.concatenate([src, dst])
    kernel(metric, np.ascontiguousarray(both[:, 0]), np.ascontiguousarray(both[:, 1]), len(src),
           float(detour_factor), float(speed), bool(durations), out)


def travel_matrix(
    origins: ArrayLike,
    destinations: ArrayLike | None = None,
    *,
    metric: str = "euclidean",
    detour_factor: float = 1.0,
    speed: float = 1.0,
    durations: bool = False,
) -> np.ndarray:
    """Distances (or durations = distance / speed) from every origin to every destination.

    Coordinates are (x, y), or (lat, lon) in degrees for ``metric="haversine"``
    (distances in metres times ``detour_factor``; ``speed`` in m/s).
    """
    src = _points("origins", origins, metric)
    dst = src if destinations is None else _points("destinations", destinations, metric)
    out = np.empty((len(src), len(dst)), dtype=np.float64)
    _run_kernel(_kernels.travel_matrix, metric, src, dst, detour_factor, speed, durations, out)
    return out


def travel_pairs(
    origins: ArrayLike,
    destinations: ArrayLike,
    *,
    metric: str = "euclidean",
    detour_factor: float = 1.0,
    speed: float = 1.0,
    durations: bool = False,
) -> np.ndarray:
    """Distance (or duration) from ``origins[i]`` to ``destinations[i]`` for every i."""
    src = _points("origins", origins, metric)
    dst = _points("destinations", destinations, metric)
    if len(src) != len(dst):
        raise InputError("destinations", f"has {len(dst)} rows, origins has {len(src)}")
    out = np.empty(len(src), dtype=np.float64)
    _run_kernel(_kernels.travel_pairs, metric, src, dst, detour_factor, speed, durations, out)
    return out


def nearest_neighbours(
    coords: ArrayLike, k: int, *, metric: str = "euclidean", threads: int | None = None
) -> np.ndarray:
    """(n, k) int32 table: row i lists the k points nearest to i (itself excluded),
    nearest first, ties by index; padded with -1 when n <= k.

    Built with a k-d tree in about O(n k log n); never an n^2 scan.
    """
    pts = _points("coords", coords, metric)
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, numbers.Integral) or k < 0:
        raise InputError("k", f"must be a non-negative integer, got {k!r}")
    if int(k) >= 2**31 or len(pts) * int(k) > 2**31:
        raise InputError("k", f"{k} neighbours of {len(pts)} points is too large a table")
    if threads is not None and (isinstance(threads, (bool, np.bool_))
                                or not isinstance(threads, numbers.Integral) or threads < 1):
        raise InputError("threads", f"must be None or an integer >= 1, got {threads!r}")
    out = np.full((len(pts), int(k)), -1, dtype=np.int32)
    _kernels.knn(
        metric,
        np.ascontiguousarray(pts[:, 0]),
        np.ascontiguousarray(pts[:, 1]),
        int(k),
        0 if threads is None else int(threads),
        0,
        out,
    )
    return out
