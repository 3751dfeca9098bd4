"""A plan on real roads (Andorra): every unit accounted, route km along the roads equal to
the road matrix along routes.csv, routes drawn along the streets, both checkers clean with
road travel; VROOM JSON with coordinates routed on roads by both engines."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("osmium")

import lastleg
from lastleg.cli import main
from lastleg.travel.roads import ANDORRA, RoadNetwork

EXTRACT = ANDORRA


@pytest.fixture(scope="module")
def road_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, lastleg.Plan]:
    base = tmp_path_factory.mktemp("roads")
    lastleg.generate_scenario(600, 6, 200, seed=5, out=base / "day", roads=EXTRACT)
    out = base / "plan"
    assert main(["plan", str(base / "day"), "--out", str(out), "--quiet", "--threads", "1",
                 "--time-limit", "4"]) == 0
    plan = lastleg.plan(base / "day", time_limit=None, max_iterations=300, seed=0, threads=1)
    return base / "day", out, plan


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_every_unit_accounted_and_run_complete(road_plan) -> None:
    day, out, _ = road_plan
    assert lastleg.verify_outputs(out) == []
    ordered: Counter[tuple[str, str]] = Counter()
    for r in rows(day / "lines.csv"):
        ordered[(r["order_id"], r["sku"])] += int(r["qty"])
    done: Counter[tuple[str, str]] = Counter()
    for name in ("assignments.csv", "unserved.csv"):
        for r in rows(out / name):
            done[(r["order_id"], r["sku"])] += int(r["qty"])
    assert done == ordered


@pytest.mark.slow
def test_route_km_is_the_road_matrix_along_the_stops(road_plan) -> None:
    day, out, _ = road_plan
    nodes = {r["node_id"]: (float(r["lat"]), float(r["lon"])) for r in rows(day / "nodes.csv")}
    fleet = {r["node_id"]: float(r["speed_kmh"]) for r in rows(day / "fleet.csv")}
    policy = json.loads((day / "policy.json").read_text())
    net = RoadNetwork.from_osm(policy["roads"])
    stops: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for r in rows(out / "routes.csv"):
        stops.setdefault((r["node_id"], r["route"]), []).append((float(r["lat"]),
                                                                 float(r["lon"])))
    features = [f for f in json.loads((out / "routes.geojson").read_text())["features"]
                if f["geometry"]["type"] == "LineString"]
    assert len(features) == len(stops) > 0
    for f in features:
        key = (f["properties"]["node_id"], str(f["properties"]["route"]))
        depot = nodes[key[0]]
        pts = np.array([depot, *stops[key], depot])
        dist, _ = net.with_speed_cap(fleet[key[0]]).pairs(pts[:-1], pts[1:])
        assert f["properties"]["km"] == pytest.approx(dist.sum() / 1000, rel=5e-3)
        # drawn along the roads: more vertices than stops
        assert len(f["geometry"]["coordinates"]) > len(pts)


@pytest.mark.slow
def test_checkers_clean_with_road_travel(road_plan) -> None:
    _, _, plan = road_plan
    assert plan.problem.custom_travel is not None
    assert lastleg.check_assignment(plan.problem, plan.assignment).ok
    for n in plan.nodes:
        if n.solution is not None:
            assert n.problem.metric == "matrix"
            result = lastleg.check_routes(n.problem, n.solution)
            assert result.ok, result.violations[:3]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["native", "vroom"])
def test_vroom_json_routes_on_roads(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    engine: str) -> None:
    problem = {
        "vehicles": [{"id": 1, "start": [1.5218, 42.5075], "end": [1.5218, 42.5075],
                      "capacity": [10]}],
        "jobs": [{"id": 1, "location": [1.5340, 42.5100], "delivery": [1]},
                 {"id": 2, "location": [1.5580, 42.5400], "delivery": [1]},
                 {"id": 3, "location": [1.6000, 42.6500], "delivery": [1]}],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem))
    assert main(["route", str(path), "--roads", str(EXTRACT), "--engine", engine]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["unassigned"] == [{"id": 3, "type": "job", "location": [1.6, 42.65],
                                     "reason": "unreachable"}]
    net = RoadNetwork.from_osm(EXTRACT)
    steps = [s["location"][::-1] for s in answer["routes"][0]["steps"]]
    _, dur = net.pairs(steps[:-1], steps[1:])
    assert answer["summary"]["duration"] == pytest.approx(dur.sum(), abs=1.0)


@pytest.mark.slow
def test_demo_on_the_bundled_extract(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--roads", "--orders", "300", "--nodes", "4", "--skus", "100",
                 "--time-limit", "3", "--threads", "1", "--quiet", "--out", str(out)]) == 0
    assert lastleg.verify_outputs(out) == []
    policy = json.loads((out / "scenario" / "policy.json").read_text())
    assert Path(policy["roads"]) == EXTRACT.resolve()
    net = RoadNetwork.from_osm(EXTRACT)
    placed = np.array([[float(r["lat"]), float(r["lon"])]
                       for r in rows(out / "scenario" / "orders.csv")])
    assert net.snap(placed).max() < 1.0  # every order sits on Andorra's roads
    lines = [f for f in json.loads((out / "routes.geojson").read_text())["features"]
             if f["geometry"]["type"] == "LineString"]
    assert lines and all(len(f["geometry"]["coordinates"]) > 2 for f in lines)


def test_road_matrices_are_stored_as_float32() -> None:
    net = RoadNetwork.from_osm(EXTRACT)
    depot, *stops = net.on_roads([[42.507, 1.521], [42.51, 1.534], [42.54, 1.558]])
    prob = lastleg.RoutingProblem(depots=[depot], stops=stops, travel=net,
                                  vehicle_types=lastleg.VehicleType(count=1, capacity=5))
    assert prob.distance_matrix.dtype == prob.duration_matrix.dtype == np.float32
    dist, dur = net.matrix([depot, *stops])
    assert np.allclose(prob.distance_matrix, dist, rtol=1e-6)
    assert np.allclose(prob.duration_matrix, dur, rtol=1e-6)
    sol = lastleg.solve_routes(prob, max_iterations=50, seed=0, threads=1)
    assert lastleg.check_routes(prob, sol).ok and len(sol.unassigned) == 0


def test_a_missing_extract_is_an_input_error(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    lastleg.generate_scenario(50, 2, 20, seed=1, out=tmp_path / "day")
    missing = tmp_path / "nowhere.osm.pbf"
    assert main(["plan", str(tmp_path / "day"), "--roads", str(missing), "--quiet"]) == 2
    assert f"{missing}: file not found" in capsys.readouterr().err
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps({"vehicles": [{"id": 1, "start": [1.52, 42.5]}],
                                   "jobs": [{"id": 1, "location": [1.53, 42.51]}]}))
    assert main(["route", str(problem), "--roads", str(missing)]) == 2
    assert f"{missing}: file not found" in capsys.readouterr().err
    with pytest.raises(lastleg.InputError, match=r"nowhere\.osm\.pbf"):
        lastleg.plan(tmp_path / "day", roads=missing)
