"""Every engine's answer passes the independent checker (native: once it is merged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lastleg.io.vrplib import read_vrplib
from lastleg.routing.check import check_routes
from tests.shared_instances import instances_dir

SHARED = instances_dir() or Path("shared-instances-not-found")
INSTANCES = ["cvrp/X-n101-k25.vrp", "vrptw/solomon/C101.txt", "vrptw/solomon/R201.txt"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared instances not available")
@pytest.mark.parametrize("name", INSTANCES)
def test_native_solutions_pass_check(name: str) -> None:
    solve = pytest.importorskip("lastleg.routing.solve")
    p = read_vrplib(SHARED / name)
    sol = solve.solve_routes(p, max_iterations=200, seed=0, threads=1, engine="native")
    res = check_routes(p, sol)
    assert res.ok, res.violations[:5]
    assert res.cost == pytest.approx(sol.cost, rel=1e-9)
    assert len(sol.unassigned) == 0
