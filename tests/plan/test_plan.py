"""End-to-end plans: every unit of every order accounted for exactly once, the assignment
and the routes verified by the independent checkers, the CLI contract."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from lastleg.assignment.check import check_assignment
from lastleg.generate import generate_scenario
from lastleg.plan import load_scenario, plan
from lastleg.plan.parcels import FLEET


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scenario")
    generate_scenario(orders=400, nodes=6, skus=150, seed=3, scarcity="tight", out=out)
    return out


@pytest.fixture(scope="module")
def small_plan(scenario: Path):
    return plan(scenario, time_limit=None, max_iterations=300, seed=1, threads=2)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_unit_accounted_once(small_plan, tmp_path: Path) -> None:
    out = small_plan.to_dir(tmp_path)
    problem = small_plan.problem
    ordered: dict[tuple[str, str], int] = defaultdict(int)
    for o, s, q in zip(problem.line_order, problem.line_sku, problem.line_qty):
        ordered[problem.order_ids[o], problem.skus[s]] += int(q)
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for row in read_csv(out / "assignments.csv") + read_csv(out / "unserved.csv"):
        seen[row["order_id"], row["sku"]] += int(row["qty"])
    assert seen == ordered
    unserved_reasons = {row["reason"] for row in read_csv(out / "unserved.csv")}
    assert all(r for r in unserved_reasons)
    k = json.loads((out / "summary.json").read_text())
    assert k["orders_total"] == problem.n_orders == 400
    assert k["orders_served"] + k["orders_partial"] + k["orders_unserved"] == 400
    assert k["orders_split"] <= k["orders_served"]
    for key in ("total_cost", "vehicles_used", "km", "total_cost_without_feedback"):
        assert key in k


def test_assignment_passes_independent_checker(small_plan) -> None:
    for rnd in filter(None, (small_plan.first, small_plan.second)):
        # the second round solves a repriced problem: check against the one it solved
        check = check_assignment(rnd.assignment.problem, rnd.assignment)
        assert check.ok, check.violations[:5]
        assert check.cost == pytest.approx(rnd.assignment.cost, rel=1e-9, abs=1e-6)
        # and every shipment is feasible in the real batch too
        real = check_assignment(small_plan.problem, rnd.assignment)
        assert real.ok, real.violations[:5]


def test_routes_deliver_fleet_parcels_feasibly(small_plan) -> None:
    rnd = small_plan.chosen
    fleet_parcels = set(np.flatnonzero(rnd.parcels.mode == FLEET).tolist())
    routed: list[int] = []
    for n in rnd.nodes:
        if n.solution is None:
            continue
        p = n.problem
        for route in n.solution.routes:
            stops = [int(s) for s in route.stops]
            routed += [int(n.parcel[s]) for s in stops]
            # capacity and time windows, recomputed here from the problem
            assert p.demand[stops].sum(axis=0).tolist() <= p.vt_capacity[route.vehicle_type].tolist()
            for stop, start in zip(stops, route.arrival):
                w = p.stop_windows(stop)
                assert ((w[:, 0] - 1e-6 <= start) & (start <= w[:, 1] + 1e-6)).any()
    assert len(routed) == len(set(routed))
    assert set(routed) | set(rnd.unrouted) == fleet_parcels
    assert not set(routed) & set(rnd.unrouted)


def test_same_seed_same_plan(scenario: Path, small_plan) -> None:
    again = plan(scenario, time_limit=None, max_iterations=300, seed=1, threads=1)
    assert again.kpis()["total_cost"] == small_plan.kpis()["total_cost"]
    assert np.array_equal(again.assignment.part_node, small_plan.assignment.part_node)


def test_feedback_never_worse(small_plan) -> None:
    k = small_plan.kpis()
    if k["total_cost_with_feedback"] is not None:
        assert k["total_cost"] == min(k["total_cost_with_feedback"], k["total_cost_without_feedback"])


def test_feedback_rates_never_cheaper(small_plan) -> None:
    """Repriced van rates never undercut the assumed ones over the vans' own parcels
    (a cheaper fit draws more parcels to the vans than they can take)."""
    from lastleg.plan.run import _measured_prices

    p, first = small_plan.problem, small_plan.first
    repriced = _measured_prices(p, first)
    fleet_rows = np.flatnonzero(np.asarray(p.svc_mode) == FLEET)
    assert len(fleet_rows) > 0
    for row in fleet_rows:
        node = p.svc_node[row]
        km = first.parcels.km[(first.parcels.node == node) & (first.parcels.mode == FLEET)]
        if len(km) == 0:
            assert repriced.svc_fixed_cost[row] == p.svc_fixed_cost[row]
            continue
        old = p.svc_fixed_cost[row] * len(km) + p.svc_cost_per_km[row] * km.sum()
        new = repriced.svc_fixed_cost[row] * len(km) + repriced.svc_cost_per_km[row] * km.sum()
        assert new >= old - 1e-6 * max(1.0, abs(old))


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lastleg.cli", *args], capture_output=True,
                          text=True, timeout=600, check=False, cwd=cwd)


@pytest.mark.slow
def test_cli_plan_json(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run_cli("plan", str(scenario), "--time-limit", "4", "--threads", "2", "--json",
                  "--out", str(out), "--plot")
    assert res.returncode == 0, res.stderr
    k = json.loads(res.stdout)
    assert k["orders_total"] == 400
    for name in ("assignments.csv", "unserved.csv", "routes.csv", "routes.geojson",
                 "summary.json", "map.png"):
        assert (out / name).is_file(), name
    geo = json.loads((out / "routes.geojson").read_text())
    lines = [f for f in geo["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == k["vehicles_used"]
    routes = read_csv(out / "routes.csv")
    assert len(routes) == sum(f["properties"]["stops"] for f in lines)


@pytest.mark.slow
def test_cli_assign(scenario: Path, tmp_path: Path) -> None:
    res = run_cli("assign", str(scenario), "--time-limit", "2", "--out", str(tmp_path), "--json")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["total_cost"] >= summary["lower_bound"] - 1e-6
    rows = read_csv(tmp_path / "assignments.csv") + read_csv(tmp_path / "unserved.csv")
    problem, _ = load_scenario(scenario)
    assert sum(int(r["qty"]) for r in rows) == int(problem.line_qty.sum())


def test_cli_bad_folder_names_file_column_row(scenario: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in scenario.iterdir():
        if f.is_file():
            (bad / f.name).write_text(f.read_text())
    text = (bad / "lines.csv").read_text().splitlines()
    fields = text[3].split(",")
    fields[2] = "two"
    text[3] = ",".join(fields)
    (bad / "lines.csv").write_text("\n".join(text) + "\n")
    res = run_cli("plan", str(bad), "--quiet")
    assert res.returncode == 2
    assert "lines.csv column 'qty', line 4" in res.stderr  # text[3]: the header is line 1
    (bad / "fleet.csv").unlink()
    res = run_cli("plan", str(bad), "--quiet")
    assert res.returncode == 2 and "fleet.csv" in res.stderr


def test_cli_generate(tmp_path: Path) -> None:
    res = run_cli("generate", "--orders", "50", "--nodes", "4", "--skus", "30", "--seed", "2",
                  "--out", str(tmp_path / "g"))
    assert res.returncode == 0, res.stderr
    problem, fleet = load_scenario(tmp_path / "g")
    assert problem.n_orders == 50 and problem.n_nodes == 4 and len(fleet) > 0


@pytest.mark.slow
def test_cli_demo_small(tmp_path: Path) -> None:
    res = run_cli("demo", "--orders", "300", "--nodes", "5", "--skus", "100", "--time-limit",
                  "4", "--out", "demo", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "total cost" in res.stdout
    for name in ("assignments.csv", "routes.geojson", "summary.json", "map.png"):
        assert (tmp_path / "demo" / name).is_file()
