"""Road travel benchmarks: preprocessing, matrices against Dijkstra, agreement with an
independent graph on an unseen extract, and plans on roads against straight-line plans.

    python bench/roads.py matrix --extract metro.osm.pbf          # 2000 x 2000 vs scipy
    python bench/roads.py unseen --extract test.osm.pbf           # 300 points vs own graph
    python bench/roads.py plan --extract metro.osm.pbf --orders 100000
    python bench/roads.py plan10k --extract metro.osm.pbf         # the 10k CLI acceptance run

A metro-sized extract comes from ``bench/tile_extract.py`` (a real extract tiled).
Prints markdown tables; every figure is measured in this run.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import osmium
import psutil
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

import lastleg
from lastleg.travel import Coordinates
from lastleg.travel.roads import RoadNetwork

R = 6371008.8


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cmd_matrix(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as cache:
        before = rss_mb()
        t0 = time.perf_counter()
        net = RoadNetwork.from_osm(args.extract, cache_dir=cache)
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        RoadNetwork.from_osm(args.extract, cache_dir=cache)
        cached = time.perf_counter() - t0
    g = net._graph
    print(f"| extract | road nodes kept | arcs | dropped nodes | read + preprocess | from cache "
          f"| RSS growth |\n|---|---:|---:|---:|---:|---:|---:|\n| {net.source} | {net.n_nodes:,} "
          f"| {len(g.tail):,} | {net.report['nodes_dropped']:,} | {build:.2f} s | {cached:.2f} s "
          f"| {rss_mb() - before:.0f} MB |\n")
    rng = np.random.default_rng(args.seed)
    nodes = rng.choice(net.n_nodes, args.size, replace=False)
    pts = np.column_stack([g.lat[nodes], g.lon[nodes]])
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        _, dur = net.matrix(pts)
        times.append(time.perf_counter() - t0)
    ours = float(np.median(times))
    dur_ms, _ = net.arc_costs()
    best: dict[tuple[int, int], int] = {}
    for t, h, d in zip(g.tail.tolist(), g.head.tolist(), dur_ms.tolist(), strict=True):
        best[(t, h)] = min(d, best.get((t, h), d))
    rows, cols = zip(*best, strict=True)
    graph = sp.csr_matrix((np.array(list(best.values()), float), (rows, cols)),
                          shape=(net.n_nodes, net.n_nodes))
    t0 = time.perf_counter()
    ref = dijkstra(graph, indices=nodes)[:, nodes] / 1000.0
    scipy_s = time.perf_counter() - t0
    checked = np.arange(0, args.size, 50)
    equal = bool(np.array_equal(dur[checked], ref[checked]))
    t0 = time.perf_counter()
    Coordinates("haversine", detour_factor=1.3).matrix(pts)
    hav_s = time.perf_counter() - t0
    cells = args.size**2 / 1e6
    print(f"| matrix | lastleg (median of {args.repeat}) | per M entries | scipy Dijkstra, same "
          f"{args.size} sources | speed-up | haversine | every 50th row = Dijkstra |\n"
          f"|---|---:|---:|---:|---:|---:|---|\n| {args.size} x {args.size} distance + duration "
          f"| {ours:.2f} s | {ours / cells:.3f} s | {scipy_s:.1f} s | {scipy_s / ours:.0f}x | "
          f"{hav_s:.2f} s | {equal} ({len(checked)} rows) |")
    routingkit(net, nodes, dur, args.repeat)


def routingkit(net: RoadNetwork, nodes: np.ndarray, dur: np.ndarray, repeat: int) -> None:
    """The same matrix through RoutingKit's CCH (pyroutingkit), when installed: durations
    only (one uint32 metric); the fastest route's length needs a path per cell."""
    try:
        import pyroutingkit
    except ImportError:
        print("\n(pyroutingkit not installed: no RoutingKit comparison)")
        return
    g = net._graph
    dur_ms, len_mm = net.arc_costs()
    t0 = time.perf_counter()
    topo = pyroutingkit.CCHTopology()
    topo.build(g.tail.astype(np.uint32), g.head.astype(np.uint32), g.lat.astype(np.float32),
               g.lon.astype(np.float32), net.n_nodes)
    metric = pyroutingkit.CCHMetric(topo)
    metric.customize(dur_ms.astype(np.uint32), 1)
    build = time.perf_counter() - t0
    ids = nodes.astype(np.uint32)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        got = metric.distances_many_to_many(ids, ids)
        times.append(time.perf_counter() - t0)
    same = bool(np.array_equal(got / 1000.0, dur))
    rng = np.random.default_rng(0)
    pairs = rng.choice(len(nodes), (1000, 2))
    t0 = time.perf_counter()
    for a, b in pairs:
        _, _, arcs = metric.query(int(nodes[a]), int(nodes[b]))
        int(len_mm[np.asarray(arcs, dtype=np.int64)].sum())
    per_pair = (time.perf_counter() - t0) / len(pairs)
    print(f"\n| RoutingKit CCH (pyroutingkit) | build + customise | {len(nodes)} x {len(nodes)} "
          f"durations (median of {repeat}) | equal to lastleg's durations | lengths of the "
          f"fastest routes by path unpacking |\n|---|---:|---:|---|---:|\n| 1 thread | "
          f"{build:.2f} s | {float(np.median(times)):.2f} s | {same} | {per_pair * 1e6:.0f} µs "
          f"per pair: ~{per_pair * len(nodes) ** 2:.0f} s for the matrix |")


def independent_graph(path: Path) -> tuple[np.ndarray, np.ndarray, sp.csr_matrix, np.ndarray]:
    """A graph built here from the same extract, sharing no code with lastleg's reader:
    ways with a car highway tag not closed to cars, one-way where tagged (or a roundabout
    or motorway), haversine lengths; the largest strongly connected part's nodes come back
    as candidate points."""
    car = {"motorway", "trunk", "primary", "secondary", "tertiary", "unclassified",
           "residential", "living_street", "service", "motorway_link", "trunk_link",
           "primary_link", "secondary_link", "tertiary_link", "road"}
    index: dict[int, int] = {}
    lat: list[float] = []
    lon: list[float] = []
    tail: list[int] = []
    head: list[int] = []
    for obj in osmium.FileProcessor(str(path)).with_locations():
        if not obj.is_way() or obj.tags.get("highway") not in car:
            continue
        if obj.tags.get("access") in ("no", "private") or obj.tags.get("motor_vehicle") == "no":
            continue
        oneway = obj.tags.get("oneway", "")
        forward = oneway in ("yes", "1", "true") or (
            oneway == "" and (obj.tags.get("junction") == "roundabout"
                              or obj.tags.get("highway") == "motorway"))
        backward = oneway == "-1"
        ids = []
        for nd in obj.nodes:
            if not nd.location.valid():
                ids.append(None)
                continue
            if nd.ref not in index:
                index[nd.ref] = len(lat)
                lat.append(nd.location.lat)
                lon.append(nd.location.lon)
            ids.append(index[nd.ref])
        for a, b in itertools.pairwise(ids):
            if a is None or b is None:
                continue
            if not backward:
                tail.append(a)
                head.append(b)
            if not forward:
                tail.append(b)
                head.append(a)
    la, lo = np.array(lat), np.array(lon)
    t, h = np.array(tail), np.array(head)
    p1, p2 = np.radians(la[t]), np.radians(la[h])
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lo[h] - lo[t]) / 2) ** 2
    w = 2 * R * np.arcsin(np.sqrt(a)) + 1e-9
    graph = sp.csr_matrix((w, (t, h)), shape=(len(la), len(la)))
    _, label = connected_components(graph, directed=True, connection="strong")
    largest = np.flatnonzero(label == np.bincount(label).argmax())
    return la, lo, graph, largest


def cmd_unseen(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as cache:
        net = RoadNetwork.from_osm(args.extract, cache_dir=cache)
    la, lo, graph, largest = independent_graph(args.extract)
    rng = np.random.default_rng(args.seed)
    pick = rng.choice(largest, args.points, replace=False)
    jitter = rng.normal(0, 0.0002, (args.points, 2))  # ~20 m off the road
    pts = np.column_stack([la[pick], lo[pick]]) + jitter
    dist, dur = net.matrix(pts)
    snap = net.snap(pts)
    shortest = dijkstra(graph, indices=pick)[:, pick]
    off = ~np.eye(args.points, dtype=bool)
    connected = np.isfinite(shortest) & off
    ratio = dist[connected] / shortest[connected]
    finite = np.isfinite(ratio)
    straight = 2 * R * np.arcsin(np.sqrt(
        np.sin(np.radians(pts[None, :, 0] - pts[:, None, 0]) / 2) ** 2
        + np.cos(np.radians(pts[:, None, 0])) * np.cos(np.radians(pts[None, :, 0]))
        * np.sin(np.radians(pts[None, :, 1] - pts[:, None, 1]) / 2) ** 2))
    lower = (dist + snap[:, None] + snap[None, :] >= straight - 1e-3)[off & np.isfinite(dist)]
    long = off & np.isfinite(dist) & (dist > 500)
    speed = dist[long] / dur[long] * 3.6
    print(f"| extract | points | median lastleg / shortest | within 25 % | connected pairs "
          f"lastleg finds unreachable | road + snaps >= straight | median km/h |\n"
          f"|---|---:|---:|---:|---:|---|---:|\n| {Path(args.extract).name} | {args.points} | "
          f"{np.median(ratio[finite]):.3f} | {np.mean(np.abs(ratio[finite] - 1) <= 0.25):.1%} | "
          f"{np.mean(~finite):.2%} | {lower.all()} | {np.median(speed):.1f} |")


def retimed_on_roads(plan: lastleg.Plan, net: RoadNetwork) -> tuple[int, int, float]:
    """(stops on time, stops with a window, km) of a plan's routes driven on the roads."""
    on_time = windows = 0
    km = 0.0
    p = plan.problem
    speeds = {i: plan.fleet.top_speed_kmh(i) for i in range(p.n_nodes)}
    for n in plan.nodes:
        if n.solution is None or n.problem is None:
            continue
        road = n.problem.__class__(
            n.problem.coords[:1], n.problem.coords[1:],
            list(_types_on_roads(plan, n.node, speeds[n.node])), demand=n.problem.demand,
            service=n.problem.service, time_windows=[n.problem.stop_windows(s) for s in
                                                     range(n.problem.n_stops)],
            travel=net.with_speed_cap(speeds[n.node]))
        result = lastleg.check_routes(road, [(r.vehicle_type, r.stops) for r in n.solution.routes
                                             if len(r.stops)])
        for rc in result.routes:
            km += rc.distance / 1000
            for k, s in enumerate(rc.stops):
                w = road.stop_windows(int(s))
                if np.isfinite(w[:, 1]).any():
                    windows += 1
                    on_time += bool(((w[:, 0] <= rc.arrival[k] + 1e-6)
                                     & (rc.arrival[k] <= w[:, 1] + 1e-6)).any())
    return on_time, windows, km


def _types_on_roads(plan: lastleg.Plan, node: int, top: float | None) -> list:
    return plan.fleet.vehicle_types(node, top)


def cmd_plan(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        day = Path(tmp) / "day"
        net = RoadNetwork.from_osm(args.extract)
        lastleg.generate_scenario(args.orders, args.nodes, args.skus, seed=args.seed, out=day,
                                  roads=net)
        pol = json.loads((day / "policy.json").read_text())
        before = rss_mb()
        t0 = time.perf_counter()
        road = lastleg.plan(day, time_limit=args.time_limit, threads=args.threads, seed=0,
                            roads=net)
        wall = time.perf_counter() - t0
        k = road.kpis()
        share = net.stats["matrix_seconds"] / wall
        print(f"| plan on roads | orders | wall | matrix work | share | matrix cells | RSS "
              f"growth | peak RSS | on-time | km |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
              f"---:|\n| {net.source} | {args.orders:,} | {wall:.1f} s | "
              f"{net.stats['matrix_seconds']:.1f} s | {share:.1%} | "
              f"{net.stats['matrix_cells'] / 1e6:.1f} M | {rss_mb() - before:.0f} MB | "
              f"{peak_mb():.0f} MB | {k['on_time_rate']} | {k['km']:,.0f} |")
        pol.pop("roads", None)
        (day / "policy.json").write_text(json.dumps(pol))
        straight = lastleg.plan(day, time_limit=args.time_limit, threads=args.threads, seed=0)
        sk = straight.kpis()
        on, windows, km = retimed_on_roads(straight, net)
        print(f"\n| straight-line plan of the same day | on-time as planned | km as planned | "
              f"on-time re-timed on roads | km on roads |\n|---|---:|---:|---:|---:|\n| "
              f"haversine x 1.3 | {sk['on_time_rate']} | {sk['km']:,.0f} | "
              f"{on / max(windows, 1):.1%} ({windows - on:,} late of {windows:,}) | {km:,.0f} |")


def cmd_plan10k(args: argparse.Namespace) -> None:
    """The CLI acceptance run: generate on roads, plan with --roads, audit the files."""
    with tempfile.TemporaryDirectory() as tmp:
        day, out = Path(tmp) / "day", Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "lastleg.cli", "generate", "--orders",
                        str(args.orders), "--nodes", str(args.nodes), "--skus", str(args.skus),
                        "--seed", str(args.seed), "--out", str(day), "--roads",
                        str(args.extract)], check=True, capture_output=True)
        t0 = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "lastleg.cli", "plan", str(day), "--out",
                              str(out), "--roads", str(args.extract), "--quiet", "--threads",
                              str(args.threads), "--time-limit", str(args.time_limit)],
                             capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0

        def read(name: str, folder: Path = out) -> list[dict[str, str]]:
            with open(folder / name, newline="", encoding="utf-8") as fh:
                return list(csv.DictReader(fh))

        ordered, done = Counter(), Counter()
        for r in read("lines.csv", day):
            ordered[(r["order_id"], r["sku"])] += int(r["qty"])
        for name in ("assignments.csv", "unserved.csv"):
            for r in read(name):
                done[(r["order_id"], r["sku"])] += int(r["qty"])
        net = RoadNetwork.from_osm(args.extract)
        nodes = {r["node_id"]: (float(r["lat"]), float(r["lon"])) for r in read("nodes.csv", day)}
        speed = {r["node_id"]: float(r["speed_kmh"]) for r in read("fleet.csv", day)}
        stops: dict[tuple[str, str], list] = {}
        for r in read("routes.csv"):
            stops.setdefault((r["node_id"], r["route"]), []).append((float(r["lat"]),
                                                                     float(r["lon"])))
        worst = 0.0
        for f in json.loads((out / "routes.geojson").read_text())["features"]:
            if f["geometry"]["type"] != "LineString":
                continue
            key = (f["properties"]["node_id"], str(f["properties"]["route"]))
            pts = np.array([nodes[key[0]], *stops[key], nodes[key[0]]])
            d, _ = net.with_speed_cap(speed[key[0]]).pairs(pts[:-1], pts[1:])
            worst = max(worst, abs(f["properties"]["km"] - d.sum() / 1000) / max(d.sum() / 1000, 1e-9))
        plan = lastleg.plan(day, time_limit=args.time_limit, threads=args.threads, roads=net)
        violations = len(lastleg.check_assignment(plan.problem, plan.assignment).violations)
        violations += sum(len(lastleg.check_routes(n.problem, n.solution).violations)
                          for n in plan.nodes if n.solution is not None)
        print(f"| lastleg plan --roads | exit | wall | every line accounted | routes | worst km "
              f"difference | checker violations (API re-run) |\n|---|---:|---:|---|---:|---:|---:|\n"
              f"| {args.orders:,} orders | {run.returncode} | {wall:.1f} s | {done == ordered} | "
              f"{len(stops)} | {worst:.3%} | {violations} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["matrix", "unseen", "plan", "plan10k"])
    ap.add_argument("--extract", type=Path, required=True)
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--points", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--orders", type=int, default=10000)
    ap.add_argument("--nodes", type=int, default=50)
    ap.add_argument("--skus", type=int, default=20000)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    {"matrix": cmd_matrix, "unseen": cmd_unseen, "plan": cmd_plan,
     "plan10k": cmd_plan10k}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
