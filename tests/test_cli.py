"""The command line runs end to end in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import lastleg


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lastleg.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == lastleg.__version__


def test_unknown_command_fails() -> None:
    assert run("frobnicate").returncode != 0


DATA = Path(__file__).parent / "data"


@pytest.mark.slow
def test_route_json_matches_checker() -> None:
    out = run("route", str(DATA / "X-n101-k25.vrp"), "--time-limit", "2", "--threads", "2",
              "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert set(answer) >= {"cost", "routes", "unassigned", "runtime", "engine"}
    assert answer["engine"] == "native" and answer["unassigned"] == []
    problem = lastleg.read_vrplib(DATA / "X-n101-k25.vrp")
    routes = [(0, [c - 1 for c in r]) for r in answer["routes"]]
    check = lastleg.check_routes(problem, routes)
    assert check.ok, check.violations[:3]
    assert check.cost == pytest.approx(answer["cost"])
    served = sorted(c for r in answer["routes"] for c in r)
    assert served == list(range(1, 101))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "engine"), [("time_windows.json", "native"),
                                              ("skills.json", "vroom"),
                                              ("shipments.json", "vroom")])
def test_route_vroom_json_auto_engine(name: str, engine: str) -> None:
    out = run("route", str(DATA / "vroom" / name), "--time-limit", "2")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["code"] == 0 and answer["engine"] == engine
    assert "summary" in answer and "routes" in answer


def test_bad_instance_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.vrp"
    bad.write_text("NAME : x\nTYPE : CVRP\nDIMENSION : abc\n")
    out = run("route", str(bad))
    assert out.returncode == 2 and "broken.vrp" in out.stderr
