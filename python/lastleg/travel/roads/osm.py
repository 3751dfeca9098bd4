"""Reading a road graph from an OpenStreetMap extract (``.osm.pbf``, ``.osm``) with
pyosmium: the drivable ways of the car profile as directed arcs between OSM nodes."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.errors import InputError
from lastleg.travel.roads import profile

EARTH_RADIUS_M = 6371008.8


@dataclass
class RawGraph:
    """Nodes (lat, lon) and arcs tail -> head with length (m) and speed (km/h)."""

    lat: np.ndarray
    lon: np.ndarray
    tail: np.ndarray
    head: np.ndarray
    length_m: np.ndarray
    speed_kmh: np.ndarray
    report: dict[str, int] = field(default_factory=dict)


def _haversine(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
               ) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


class _Collector:
    """Ways and barrier nodes as the file is read."""

    def __init__(self, bbox: tuple[float, float, float, float] | None) -> None:
        self.bbox = bbox
        self.node_of: dict[int, int] = {}
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.barriers: set[int] = set()
        self.tail: list[int] = []
        self.head: list[int] = []
        self.speed: list[float] = []
        self.report = {"ways_read": 0, "ways_driven": 0, "ways_not_for_cars": 0,
                       "barriers": 0, "segments_outside_bbox": 0, "segments_at_barriers": 0}

    def inside(self, lat: float, lon: float) -> bool:
        b = self.bbox
        return b is None or (b[0] <= lat <= b[2] and b[1] <= lon <= b[3])

    def node(self, ref: int, lat: float, lon: float) -> int:
        index = self.node_of.get(ref)
        if index is None:
            index = self.node_of[ref] = len(self.lat)
            self.lat.append(lat)
            self.lon.append(lon)
        return index

    def way(self, tags: Any, nodes: Any) -> None:
        self.report["ways_read"] += 1
        speeds = profile.way_speeds(tags)
        if speeds is None:
            self.report["ways_not_for_cars"] += 1
            return
        self.report["ways_driven"] += 1
        points = []
        for nd in nodes:
            loc = nd.location
            inside = loc.valid() and self.inside(loc.lat, loc.lon)
            points.append((nd.ref, loc.lat, loc.lon) if inside else None)
        for prev, here in itertools.pairwise(points):
            if prev is None or here is None:
                self.report["segments_outside_bbox"] += 1
            elif prev[0] in self.barriers or here[0] in self.barriers:
                self.report["segments_at_barriers"] += 1
            else:
                a, b = self.node(*prev), self.node(*here)
                for (u, w), speed in (((a, b), speeds[0]), ((b, a), speeds[1])):
                    if speed > 0:
                        self.tail.append(u)
                        self.head.append(w)
                        self.speed.append(speed)


def read_osm(path: str | Path, bbox: tuple[float, float, float, float] | None = None
             ) -> RawGraph:
    """The drivable road graph of an extract, clipped to ``bbox`` (min_lat, min_lon,
    max_lat, max_lon) while reading."""
    try:
        import osmium
    except ImportError:
        raise InputError("roads", "reading OpenStreetMap needs pyosmium "
                         "(pip install 'lastleg[roads]')") from None
    file = Path(path)
    if not file.is_file():
        raise InputError(str(file), "file not found")
    collect = _Collector(bbox)
    try:
        processor = osmium.FileProcessor(str(file)).with_locations().with_filter(
            osmium.filter.KeyFilter("highway", "barrier"))
        for obj in processor:
            if obj.is_node():
                if profile.blocks_cars(obj.tags):
                    collect.barriers.add(obj.id)
                    collect.report["barriers"] += 1
            elif obj.is_way() and "highway" in obj.tags:
                collect.way(obj.tags, obj.nodes)
    except RuntimeError as exc:  # libosmium: not an OSM file, truncated, ...
        raise InputError(file.name, f"not a readable OpenStreetMap extract: {exc}") from None
    if not collect.tail:
        raise InputError(file.name, "no drivable road (car profile) in the extract"
                         + (" within the bbox" if bbox else ""))
    lat, lon = np.array(collect.lat), np.array(collect.lon)
    tail, head = np.array(collect.tail, dtype=np.int32), np.array(collect.head, dtype=np.int32)
    return RawGraph(lat, lon, tail, head, _haversine(lat[tail], lon[tail], lat[head], lon[head]),
                    np.array(collect.speed), collect.report)
