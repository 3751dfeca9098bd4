"""Road travel from OpenStreetMap: matrices equal Dijkstra on the same graph cell for cell
(real extracts and synthetic edge cases), the length is that of the fastest route, the car
profile's rules (one-way, access, barriers, maxspeed in mph and zones) hold, snapping and
unreachable points, paths, the disk cache, and bad extracts."""

from __future__ import annotations

import heapq
import math
from pathlib import Path

import numpy as np
import pytest

osmium = pytest.importorskip("osmium")
sp = pytest.importorskip("scipy.sparse")
csgraph = pytest.importorskip("scipy.sparse.csgraph")

from lastleg import InputError, Travel
from lastleg.travel.roads import ANDORRA, SNAP_SPEED_KMH, RoadNetwork
from lastleg.travel.roads.profile import parse_maxspeed, way_speeds

DATA = Path(__file__).resolve().parents[1] / "data" / "osm"
R = 6371008.8


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("roads-cache")


@pytest.fixture(scope="module")
def andorra(cache: Path) -> RoadNetwork:
    return RoadNetwork.from_osm(ANDORRA, cache_dir=cache)


def great_circle(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la1, lo1, la2, lo2 = map(np.radians, (a[:, None, 0], a[:, None, 1], b[None, :, 0],
                                          b[None, :, 1]))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * R * np.arcsin(np.sqrt(h))


def reference(net: RoadNetwork, sources: np.ndarray) -> list[dict[int, tuple[int, int]]]:
    """Plain Dijkstra on the kept graph with (duration, length) compared duration first:
    per source, node -> (ms, mm). Written here, sharing nothing with the engine."""
    g = net._graph
    dur, length = net.arc_costs()
    adj: list[list[tuple[int, int, int]]] = [[] for _ in range(len(g.lat))]
    for t, h, d, ln in zip(g.tail.tolist(), g.head.tolist(), dur.tolist(), length.tolist(),
                           strict=True):
        adj[t].append((h, d, ln))
    out = []
    for s in sources.tolist():
        best = {s: (0, 0)}
        heap = [(0, 0, s)]
        done = set()
        while heap:
            d, ln, v = heapq.heappop(heap)
            if v in done:
                continue
            done.add(v)
            for w, dd, ll in adj[v]:
                c = (d + dd, ln + ll)
                if w not in best or c < best[w]:
                    best[w] = c
                    heapq.heappush(heap, (c[0], c[1], w))
        out.append(best)
    return out


def node_points(net: RoadNetwork, nodes: np.ndarray) -> np.ndarray:
    return np.column_stack([net._graph.lat[nodes], net._graph.lon[nodes]])


@pytest.mark.parametrize("extract", ["andorra", "helsinki"])
def test_matrix_equals_dijkstra_on_real_extracts(cache: Path, extract: str) -> None:
    path = ANDORRA if extract == "andorra" else DATA / f"{extract}.osm.pbf"
    net = RoadNetwork.from_osm(path, cache_dir=cache)
    rng = np.random.default_rng(7)
    sources = rng.choice(net.n_nodes, 8, replace=False)
    targets = rng.choice(net.n_nodes, 300, replace=False)
    dist, dur = net.matrix(node_points(net, sources), node_points(net, targets))
    for i, best in enumerate(reference(net, sources)):
        ms = np.array([best[int(t)][0] for t in targets]) / 1000.0
        mm = np.array([best[int(t)][1] for t in targets]) / 1000.0
        assert np.array_equal(dur[i], ms)
        assert np.array_equal(dist[i], mm)


def test_durations_equal_scipy_dijkstra(andorra: RoadNetwork) -> None:
    """The same durations from scipy's Dijkstra (another implementation) on the graph."""
    g = andorra._graph
    dur, _ = andorra.arc_costs()
    n = len(g.lat)
    best: dict[tuple[int, int], int] = {}
    for t, h, d in zip(g.tail.tolist(), g.head.tolist(), dur.tolist(), strict=True):
        best[(t, h)] = min(d, best.get((t, h), d))
    rows, cols = zip(*best, strict=True)
    graph = sp.csr_matrix((np.array(list(best.values()), dtype=float), (rows, cols)),
                          shape=(n, n))
    rng = np.random.default_rng(3)
    sources = rng.choice(n, 20, replace=False)
    expected = csgraph.dijkstra(graph, indices=sources) / 1000.0
    _, got = andorra.matrix(node_points(andorra, sources), node_points(andorra, np.arange(n)))
    assert np.array_equal(got, expected)


def test_length_is_the_fastest_routes(tmp_path: Path) -> None:
    """A short slow street and a long fast road between the same two points: the matrix
    gives the fast road's duration *and its length* (not the short street's)."""
    path = write_extract(tmp_path / "two.osm.pbf", {
        1: (0.0, 0.0), 2: (0.0, 0.01), 3: (0.005, 0.0), 4: (0.005, 0.01)},
        [([1, 2], {"highway": "living_street"}),                      # 1.1 km at 10 km/h
         ([1, 3, 4, 2], {"highway": "primary"})])                     # 2.2 km at 65 km/h
    net = RoadNetwork.from_osm(path, cache_dir=tmp_path)
    dist, dur = net.matrix([[0.0, 0.0]], [[0.0, 0.01]])
    short = great_circle(np.array([[0.0, 0.0]]), np.array([[0.0, 0.01]]))[0, 0]
    assert dist[0, 0] > 1.9 * short  # the long way round
    assert dur[0, 0] < short / (10 / 3.6)  # faster than the living street


def write_extract(path: Path, nodes: dict[int, tuple[float, float]],
                  ways: list[tuple[list[int], dict[str, str]]],
                  node_tags: dict[int, dict[str, str]] | None = None) -> Path:
    """A tiny .osm.pbf: nodes (lat, lon) and ways, written with pyosmium."""
    writer = osmium.SimpleWriter(str(path))
    for nid, (lat, lon) in sorted(nodes.items()):
        writer.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat),
                                                tags=(node_tags or {}).get(nid, {})))
    for wid, (refs, tags) in enumerate(ways, start=1):
        writer.add_way(osmium.osm.mutable.Way(id=wid, nodes=refs, tags=tags))
    writer.close()
    return path


def line(n: int, lat: float = 0.0, step: float = 0.001, first: int = 1
         ) -> dict[int, tuple[float, float]]:
    return {first + k: (lat, k * step) for k in range(n)}


def test_one_way_trap_and_island_are_dropped(tmp_path: Path) -> None:
    """A one-way spur (you can enter, never leave) and a separate island are not in the
    largest strongly connected component; the report counts them."""
    nodes = {**line(4), 10: (0.001, 0.001), 20: (0.05, 0.05), 21: (0.05, 0.051)}
    path = write_extract(tmp_path / "trap.osm.pbf", nodes, [
        ([1, 2, 3, 4], {"highway": "residential"}),
        ([2, 10], {"highway": "residential", "oneway": "yes"}),
        ([20, 21], {"highway": "residential"}),
    ])
    net = RoadNetwork.from_osm(path, cache_dir=tmp_path)
    assert net.n_nodes == 4
    assert net.report["nodes_dropped"] == 3
    assert math.isfinite(net.snap([[0.0, 0.002]])[0])


def test_one_way_street_costs_a_detour(tmp_path: Path) -> None:
    """A ring with one one-way edge: against its direction the van goes round."""
    nodes = {1: (0.0, 0.0), 2: (0.0, 0.001), 3: (0.001, 0.001), 4: (0.001, 0.0)}
    path = write_extract(tmp_path / "ring.osm.pbf", nodes, [
        ([1, 2], {"highway": "residential", "oneway": "yes"}),
        ([2, 3, 4, 1], {"highway": "residential"}),
    ])
    net = RoadNetwork.from_osm(path, cache_dir=tmp_path)
    dist, _ = net.matrix([[0.0, 0.0], [0.0, 0.001]])
    assert dist[1, 0] > 2.5 * dist[0, 1]


def test_private_road_and_barrier_are_not_driven(tmp_path: Path) -> None:
    """A private shortcut and a bollard on a second one are avoided."""
    nodes = {1: (0.0, 0.0), 2: (0.0, 0.002), 3: (0.002, 0.0), 4: (0.002, 0.002),
             5: (0.0, 0.001), 6: (-0.001, 0.0), 7: (-0.001, 0.001), 8: (-0.001, 0.002)}
    path = write_extract(tmp_path / "closed.osm.pbf", nodes, [
        ([1, 3, 4, 2], {"highway": "residential"}),             # the long way
        ([1, 5, 2], {"highway": "residential", "access": "private"}),
        ([1, 6, 7, 8, 2], {"highway": "residential"}),
    ], node_tags={7: {"barrier": "bollard"}})
    net = RoadNetwork.from_osm(path, cache_dir=tmp_path)
    dist, _ = net.matrix([[0.0, 0.0]], [[0.0, 0.002]])
    assert dist[0, 0] == pytest.approx(great_circle(np.array([[0.0, 0.0]]),
                                                    np.array([[0.002, 0.0]]))[0, 0] * 2
                                       + great_circle(np.array([[0.0, 0.0]]),
                                                      np.array([[0.0, 0.002]]))[0, 0],
                                       rel=1e-3)
    assert net.report["segments_at_barriers"] == 2


@pytest.mark.parametrize(("maxspeed", "kmh"), [("30 mph", 30 * 1.609344), ("DE:urban", 50.0),
                                                ("RU:living_street", 20.0), ("20", 20.0),
                                                ("walk", 5.0)])
def test_maxspeed_units_and_zones(tmp_path: Path, maxspeed: str, kmh: float) -> None:
    path = write_extract(tmp_path / "speed.osm.pbf", line(3),
                         [([1, 2, 3], {"highway": "primary", "maxspeed": maxspeed})])
    net = RoadNetwork.from_osm(path, cache_dir=tmp_path)
    dist, dur = net.matrix([[0.0, 0.0]], [[0.0, 0.002]])
    # per road segment: whole milliseconds and millimetres
    assert dur[0, 0] == pytest.approx(dist[0, 0] / (0.8 * kmh / 3.6), rel=1e-4)
    assert parse_maxspeed(maxspeed) == pytest.approx(kmh)


def test_profile_rules() -> None:
    assert way_speeds({"highway": "footway"}) is None
    assert way_speeds({"highway": "service", "service": "parking_aisle"}) is None
    assert way_speeds({"highway": "residential", "motor_vehicle": "no"}) is None
    assert way_speeds({"highway": "residential", "access": "no", "motor_vehicle": "yes"})
    assert way_speeds({"highway": "residential", "access": "delivery"}) == (25, 25)
    assert way_speeds({"highway": "primary", "junction": "roundabout"}) == (65, 0)
    assert way_speeds({"highway": "motorway"}) == (90, 0)
    assert way_speeds({"highway": "motorway", "oneway": "no"}) == (90, 90)
    assert way_speeds({"highway": "secondary", "oneway": "-1"}) == (0, 55)
    assert way_speeds({"highway": "primary", "maxspeed": "none"}) == (65, 65)


def test_snapping_speed_and_unreachable_points(andorra: RoadNetwork) -> None:
    """The stretch to the road counts at the snapping speed; beyond max_snap_m a point is
    unreachable (inf), never an error."""
    far = [42.60, 1.70]  # a mountainside far from any road
    near = andorra.on_roads([[42.507, 1.521]])[0] + [0.001, 0.0]  # ~111 m off a node
    snap = andorra.snap([near, far])
    assert 0 < snap[0] <= 111.2 and snap[1] == math.inf
    dist, dur = andorra.matrix([near, far], [[42.535, 1.58]])
    assert math.isfinite(dist[0, 0]) and dist[1, 0] == math.inf and dur[1, 0] == math.inf
    on = andorra.on_roads([near])
    d_on, t_on = andorra.matrix(on, [[42.535, 1.58]])
    assert dist[0, 0] - d_on[0, 0] == pytest.approx(snap[0], abs=1e-3)
    assert dur[0, 0] - t_on[0, 0] == pytest.approx(snap[0] / (SNAP_SPEED_KMH / 3.6), abs=1e-3)


def test_road_distance_is_never_shorter_than_straight(andorra: RoadNetwork) -> None:
    rng = np.random.default_rng(11)
    pts = andorra.on_roads(np.column_stack([rng.uniform(42.45, 42.6, 200),
                                            rng.uniform(1.45, 1.7, 200)]))
    dist, dur = andorra.matrix(pts)
    straight = great_circle(pts, pts)
    assert (dist >= straight - 1e-3).all()  # lengths are whole millimetres per segment
    assert np.array_equal(np.diag(dist), np.zeros(200)) and (dur >= 0).all()
    pd, pt = andorra.pairs(pts[:50], pts[50:100])
    assert np.array_equal(pd, dist[np.arange(50), np.arange(50, 100)])
    assert np.array_equal(pt, dur[np.arange(50), np.arange(50, 100)])


def test_path_follows_roads_and_sums_to_the_matrix(andorra: RoadNetwork) -> None:
    a, b = andorra.on_roads([[42.507, 1.521], [42.556, 1.575]])
    geometry = andorra.path(a, b)
    assert np.array_equal(geometry[0], a) and np.array_equal(geometry[-1], b)
    steps = great_circle(geometry[:-1], geometry[1:]).diagonal()
    dist, _ = andorra.matrix([a], [b])
    assert steps.sum() == pytest.approx(dist[0, 0], rel=1e-6)


def test_speed_cap_slows_fast_roads_only(andorra: RoadNetwork) -> None:
    capped = andorra.with_speed_cap(20)
    pts = andorra.on_roads([[42.507, 1.521], [42.556, 1.575]])
    _, free = andorra.matrix(pts)
    dist, slow = capped.matrix(pts)
    assert slow[0, 1] > free[0, 1]
    assert slow[0, 1] >= dist[0, 1] / (20 / 3.6) - 1e-6


def test_cache_is_reused(tmp_path: Path) -> None:
    first = RoadNetwork.from_osm(DATA / "helsinki.osm.pbf", cache_dir=tmp_path)
    files = sorted(p.name for p in (tmp_path / "roads").iterdir())
    assert len(files) == 2  # the graph and its hierarchy
    again = RoadNetwork.from_osm(DATA / "helsinki.osm.pbf", cache_dir=tmp_path)
    pts = first.on_roads([[60.17, 24.94], [60.175, 24.95]])
    assert np.array_equal(first.matrix(pts)[1], again.matrix(pts)[1])
    assert sorted(p.name for p in (tmp_path / "roads").iterdir()) == files


def test_bbox_clips_while_reading(cache: Path, andorra: RoadNetwork) -> None:
    box = (42.50, 1.50, 42.55, 1.60)
    clipped = RoadNetwork.from_osm(ANDORRA, bbox=box, cache_dir=cache)
    b = clipped.bbox
    assert box[0] <= b[0] and box[1] <= b[1] and b[2] <= box[2] and b[3] <= box[3]
    assert clipped.n_nodes < andorra.n_nodes / 2
    assert isinstance(clipped, Travel)


def test_bad_extracts(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.osm.pbf"
    bogus.write_bytes(b"this is not a protobuf extract")
    with pytest.raises(InputError, match=r"bogus\.osm\.pbf: not a readable OpenStreetMap"):
        RoadNetwork.from_osm(bogus, cache_dir=tmp_path)
    paths = write_extract(tmp_path / "paths.osm.pbf", line(3),
                          [([1, 2, 3], {"highway": "footway"})])
    with pytest.raises(InputError, match="no drivable road"):
        RoadNetwork.from_osm(paths, cache_dir=tmp_path)
    with pytest.raises(InputError, match="file not found"):
        RoadNetwork.from_osm(tmp_path / "missing.osm.pbf", cache_dir=tmp_path)
    with pytest.raises(InputError, match="bbox"):
        RoadNetwork.from_osm(DATA / "helsinki.osm.pbf", bbox=(1, 2, 0, 3), cache_dir=tmp_path)
