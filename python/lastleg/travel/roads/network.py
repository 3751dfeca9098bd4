"""RoadNetwork: travel on real roads from an OpenStreetMap extract, in process.

The drivable graph of the car profile (``roads.profile``) is read with pyosmium, its
largest strongly connected component kept, and a contraction hierarchy built by the
engine (``cpp/lastleg/roads``). Costs are (duration, length) pairs compared duration
first, so a matrix gives the duration of the fastest route and **the length of that same
route** (as OSRM reports it), not the shortest length. Durations are whole milliseconds
and lengths whole millimetres per road segment, so sums are exact and a matrix equals
Dijkstra on the same graph cell for cell.

A point snaps to the nearest road node of the kept component; the stretch between the
point and that node is added to both distance and duration at ``SNAP_SPEED_KMH``. A
point farther than ``max_snap_m`` from every road, or a pair with no path, gets ``inf``.

Preprocessing is cached on disk (``cache_dir``, else ``$LASTLEG_CACHE``, else
``~/.cache/lastleg``) keyed by the extract's content, the profile, the bbox and the speed
cap, so a second plan on the same extract skips it.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lastleg import _core
from lastleg._validate import as_float, check_lat_lon
from lastleg.errors import InputError
from lastleg.travel.roads.osm import RawGraph, read_osm

#: speed of the stretch between a point and its road (a driveway, a yard)
SNAP_SPEED_KMH = 10.0
#: bump when the cached arrays change meaning
CACHE_FORMAT = 1
PROFILES = ("car",)

BBox = tuple[float, float, float, float]


def _cache_root(cache_dir: str | Path | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get("LASTLEG_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "lastleg"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:24]


def _keep_component(raw: RawGraph) -> tuple[RawGraph, dict[str, int]]:
    keep = _core.roads_largest_component(len(raw.lat), raw.tail, raw.head).astype(bool)
    new_id = np.cumsum(keep) - 1
    arcs = keep[raw.tail] & keep[raw.head]
    graph = RawGraph(raw.lat[keep], raw.lon[keep], new_id[raw.tail[arcs]].astype(np.int32),
                   new_id[raw.head[arcs]].astype(np.int32), raw.length_m[arcs],
                   raw.speed_kmh[arcs])
    report = {**raw.report, "nodes_read": len(raw.lat), "nodes_kept": int(keep.sum()),
              "nodes_dropped": int((~keep).sum()), "arcs_kept": int(arcs.sum()),
              "arcs_dropped": int((~arcs).sum())}
    return graph, report


class RoadNetwork:
    """Travel on the roads of an OpenStreetMap extract (a ``lastleg.Travel``): points
    are (lat, lon); ``matrix`` and ``pairs`` return (metres, seconds)."""

    def __init__(self, graph: RawGraph, hierarchy: Any, report: dict[str, int], *,
                 max_snap_m: float, speed_cap_kmh: float | None, source: str,
                 key: str, cache: Path) -> None:
        self._graph = graph
        self._hierarchy = hierarchy
        self._snapper = _core.RoadSnapper(graph.lat, graph.lon)
        self.report = report
        self.max_snap_m = max_snap_m
        self.speed_cap_kmh = speed_cap_kmh
        self.source = source
        self._key = key
        self._cache = cache
        #: seconds spent in matrix queries and cells computed, shared by the networks
        #: derived with a speed cap (a plan reports its travel work from it)
        self.stats: dict[str, float] = {"matrix_seconds": 0.0, "matrix_cells": 0.0}
        self._capped: dict[float | None, RoadNetwork] = {speed_cap_kmh: self}

    # ------------------------------------------------------------------ building

    @classmethod
    def from_osm(cls, path: str | Path, profile: str = "car", *, bbox: BBox | None = None,
                 speed_cap_kmh: float | None = None, max_snap_m: float = 1000.0,
                 cache_dir: str | Path | None = None) -> RoadNetwork:
        """Read an extract (clipped to ``bbox`` = (min_lat, min_lon, max_lat, max_lon)
        while reading) and prepare it for queries; ``speed_cap_kmh`` caps every road's
        speed (a van is never faster than its own limit)."""
        if profile not in PROFILES:
            raise InputError("profile", f"unknown profile {profile!r}; expected one of "
                             f"{PROFILES}")
        file = Path(path)
        if not file.is_file():
            raise InputError(str(file), "file not found")
        if bbox is not None:
            bbox = _check_bbox(bbox)
        cap = _check_cap(speed_cap_kmh)
        if not (isinstance(max_snap_m, (int, float)) and max_snap_m >= 0):
            raise InputError("max_snap_m", f"must be a number >= 0, got {max_snap_m!r}")
        key = f"v{CACHE_FORMAT}-{_digest(file)}-{profile}-{bbox}"
        cache = _cache_root(cache_dir) / "roads"
        graph_file = cache / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.graph.npz"
        if graph_file.is_file():
            graph, report = _load_graph(graph_file)
        else:
            graph, report = _keep_component(read_osm(file, bbox))
            _save(graph_file, {**vars(graph), **{f"report_{k}": v for k, v in report.items()}})
        net = cls(graph, None, report, max_snap_m=float(max_snap_m), speed_cap_kmh=cap,
                  source=file.name, key=key, cache=cache)
        net._hierarchy = net._load_or_build_hierarchy()
        return net

    def with_speed_cap(self, speed_cap_kmh: float | None) -> RoadNetwork:
        """The same roads driven at most at ``speed_cap_kmh`` (its own hierarchy, cached)."""
        cap = _check_cap(speed_cap_kmh)
        if cap == self.speed_cap_kmh:
            return self
        cached = self._capped.get(cap)
        if cached is not None:
            return cached
        net = RoadNetwork(self._graph, None, self.report, max_snap_m=self.max_snap_m,
                          speed_cap_kmh=cap, source=self.source, key=self._key,
                          cache=self._cache)
        net._hierarchy = net._load_or_build_hierarchy()
        net.stats = self.stats
        net._capped = self._capped
        self._capped[cap] = net
        return net

    def with_max_snap(self, max_snap_m: float) -> RoadNetwork:
        net = RoadNetwork(self._graph, self._hierarchy, self.report, max_snap_m=max_snap_m,
                          speed_cap_kmh=self.speed_cap_kmh, source=self.source,
                          key=self._key, cache=self._cache)
        net.stats = self.stats
        return net

    def arc_costs(self) -> tuple[np.ndarray, np.ndarray]:
        """Per arc of the kept graph: (duration ms, length mm), as the hierarchy uses them."""
        g = self._graph
        speed = g.speed_kmh if self.speed_cap_kmh is None else np.minimum(g.speed_kmh,
                                                                           self.speed_cap_kmh)
        length_mm = np.round(g.length_m * 1000.0).astype(np.int64)
        dur_ms = np.round(g.length_m / (speed / 3.6) * 1000.0).astype(np.int64)
        return dur_ms, length_mm

    def _load_or_build_hierarchy(self) -> Any:
        name = hashlib.sha256(f"{self._key}-cap{self.speed_cap_kmh}".encode()).hexdigest()[:32]
        file = self._cache / f"{name}.ch.npz"
        if file.is_file():
            with np.load(file) as data:
                return _core.RoadHierarchy.from_arrays({k: data[k] for k in data.files})
        dur_ms, len_mm = self.arc_costs()
        g = self._graph
        hierarchy = _core.RoadHierarchy.build(len(g.lat), g.tail, g.head, dur_ms, len_mm)
        _save(file, hierarchy.arrays())
        return hierarchy

    # ------------------------------------------------------------------ the Travel interface

    @property
    def bbox(self) -> BBox:
        """(min_lat, min_lon, max_lat, max_lon) of the kept network."""
        g = self._graph
        return (float(g.lat.min()), float(g.lon.min()), float(g.lat.max()), float(g.lon.max()))

    @property
    def n_nodes(self) -> int:
        return len(self._graph.lat)

    def _points(self, field: str, points: ArrayLike) -> np.ndarray:
        pts = as_float(field, points, (None, 2))
        check_lat_lon(field, pts[:, 0], pts[:, 1])
        return pts

    def _snapped(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(node, snap metres, snap seconds) per point; node -1 beyond max_snap_m."""
        if len(pts) == 0:
            return np.zeros(0, np.int32), np.zeros(0), np.zeros(0)
        node, metres = self._snapper.nearest(np.ascontiguousarray(pts[:, 0]),
                                             np.ascontiguousarray(pts[:, 1]))
        node = np.where(metres <= self.max_snap_m, node, -1).astype(np.int32)
        return node, metres, metres / (SNAP_SPEED_KMH / 3.6)

    def snap(self, points: ArrayLike) -> np.ndarray:
        """Metres from each (lat, lon) point to its road node (inf beyond max_snap_m)."""
        node, metres, _ = self._snapped(self._points("points", points))
        return np.where(node >= 0, metres, math.inf)

    def matrix(self, origins: ArrayLike, destinations: ArrayLike | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(metres, seconds) from every origin to every destination; inf where a point is
        off the roads or no road leads."""
        started = time.perf_counter()
        src = self._points("origins", origins)
        dst = src if destinations is None else self._points("destinations", destinations)
        s_node, s_m, s_s = self._snapped(src)
        t_node, t_m, t_s = (s_node, s_m, s_s) if destinations is None else self._snapped(dst)
        dist = np.full((len(src), len(dst)), math.inf)
        dur = np.full((len(src), len(dst)), math.inf)
        rows, cols = np.flatnonzero(s_node >= 0), np.flatnonzero(t_node >= 0)
        if len(rows) and len(cols):
            su, s_inv = np.unique(s_node[rows], return_inverse=True)
            tu, t_inv = np.unique(t_node[cols], return_inverse=True)
            d, t = self._hierarchy.matrix(su, tu)
            block = np.ix_(rows, cols)
            dist[block] = s_m[rows, None] + d[np.ix_(s_inv, t_inv)] + t_m[None, cols]
            dur[block] = s_s[rows, None] + t[np.ix_(s_inv, t_inv)] + t_s[None, cols]
        same = (src[:, None, 0] == dst[None, :, 0]) & (src[:, None, 1] == dst[None, :, 1])
        dist[same] = 0.0
        dur[same] = 0.0
        self.stats["matrix_seconds"] += time.perf_counter() - started
        self.stats["matrix_cells"] += dist.size
        return dist, dur

    def pairs(self, origins: ArrayLike, destinations: ArrayLike
              ) -> tuple[np.ndarray, np.ndarray]:
        """(metres, seconds) from ``origins[i]`` to ``destinations[i]``."""
        src = self._points("origins", origins)
        dst = self._points("destinations", destinations)
        if len(src) != len(dst):
            raise InputError("destinations", f"has {len(dst)} rows, origins has {len(src)}")
        dist, dur = np.full(len(src), math.inf), np.full(len(src), math.inf)
        if len(src) == 0:
            return dist, dur
        # one matrix over the distinct origins and destinations, read at the pairs
        su, s_inv = np.unique(src, axis=0, return_inverse=True)
        tu, t_inv = np.unique(dst, axis=0, return_inverse=True)
        d, t = self.matrix(su, tu)
        return d[s_inv.ravel(), t_inv.ravel()], t[s_inv.ravel(), t_inv.ravel()]

    def path(self, a: ArrayLike, b: ArrayLike) -> np.ndarray:
        """The (lat, lon) geometry of the fastest road path from point a to point b (the
        points themselves first and last); empty when there is none."""
        pts = self._points("points", [a, b])
        node, _, _ = self._snapped(pts)
        if (node < 0).any():
            return np.zeros((0, 2))
        nodes = self._hierarchy.path(int(node[0]), int(node[1]))
        if len(nodes) == 0:
            return np.zeros((0, 2))
        g = self._graph
        return np.vstack([pts[:1], np.column_stack([g.lat[nodes], g.lon[nodes]]), pts[1:]])

    def on_roads(self, points: ArrayLike) -> np.ndarray:
        """Each (lat, lon) point moved to its nearest road node."""
        pts = self._points("points", points)
        node, _, _ = self._snapped(self.with_max_snap(math.inf)._points("points", pts))
        return np.column_stack([self._graph.lat[node], self._graph.lon[node]])

    def edges(self) -> np.ndarray:
        """(m, 4) segments (lat1, lon1, lat2, lon2) of the kept roads, each once (for maps)."""
        g = self._graph
        a, b = np.minimum(g.tail, g.head), np.maximum(g.tail, g.head)
        key = np.unique(a.astype(np.int64) * len(g.lat) + b)
        a, b = key // len(g.lat), key % len(g.lat)
        return np.column_stack([g.lat[a], g.lon[a], g.lat[b], g.lon[b]])

    def __repr__(self) -> str:
        cap = "" if self.speed_cap_kmh is None else f", cap {self.speed_cap_kmh:g} km/h"
        return (f"RoadNetwork({self.source}: {self.n_nodes} nodes, "
                f"{len(self._graph.tail)} arcs{cap})")


def _check_bbox(bbox: Any) -> BBox:
    try:
        b = tuple(float(x) for x in bbox)
    except (TypeError, ValueError):
        raise InputError("bbox", f"expected (min_lat, min_lon, max_lat, max_lon), got "
                         f"{bbox!r}") from None
    if len(b) != 4 or not (b[0] < b[2] and b[1] < b[3]) or not all(map(math.isfinite, b)):
        raise InputError("bbox", f"expected (min_lat, min_lon, max_lat, max_lon), got {bbox!r}")
    return b  # type: ignore[return-value]


def _check_cap(cap: float | None) -> float | None:
    if cap is None:
        return None
    if isinstance(cap, bool) or not isinstance(cap, (int, float)) or not cap > 0 \
            or not math.isfinite(cap):
        raise InputError("speed_cap_kmh", f"must be a number > 0, got {cap!r}")
    return float(cap)


def _save(file: Path, arrays: dict[str, Any]) -> None:
    """Write a cache file atomically (a crash never leaves half a file behind)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        np.savez(handle, **{k: np.asarray(v) for k, v in arrays.items()})
    os.replace(tmp, file)


def _load_graph(file: Path) -> tuple[RawGraph, dict[str, int]]:
    with np.load(file) as data:
        graph = RawGraph(*(data[f] for f in ("lat", "lon", "tail", "head", "length_m",
                                          "speed_kmh")))
        report = {k[len("report_"):]: int(data[k]) for k in data.files
                  if k.startswith("report_")}
    return graph, report


__all__ = ["SNAP_SPEED_KMH", "RoadNetwork"]
