"""``lastleg route problem.json``: VROOM's output format, same answer as pyvroom."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vroom

DATA = Path(__file__).parent.parent / "data" / "vroom"


def _steps(answer: dict) -> dict[int, list[tuple[str, int]]]:
    return {r["vehicle"]: [(s["type"], s["id"]) for s in r["steps"]
                           if s["type"] not in ("start", "end")] for r in answer["routes"]}


@pytest.mark.parametrize("name", ["time_windows", "skills", "shipments", "unassignable"])
def test_cli_engine_vroom_matches_pyvroom(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    from lastleg.cli import main

    path = DATA / f"{name}.json"
    for _ in range(6):  # see test_vroom.py: VROOM sometimes returns another equal-cost answer
        assert main(["route", str(path), "--engine", "vroom", "--threads", "1"]) == 0
        out = json.loads(capsys.readouterr().out)
        direct = vroom.Input.from_json(path).solve(exploration_level=5, nb_threads=1).to_dict()
        if _steps(out) == _steps(direct):
            break
    assert out["engine"] == "vroom" and out["code"] == 0
    assert _steps(out) == _steps(direct)
    assert out["summary"]["cost"] == direct["summary"]["cost"]
    assert sorted(u["id"] for u in out["unassigned"]) == sorted(
        u["id"] for u in direct["unassigned"])


@pytest.mark.slow
def test_cli_auto_picks_engine(capsys: pytest.CaptureFixture[str]) -> None:
    from lastleg.cli import main

    assert main(["route", str(DATA / "breaks.json"), "--threads", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["engine"] == "vroom"
    assert main(["route", str(DATA / "time_windows.json"), "--engine", "auto",
                 "--time-limit", "1", "--threads", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["engine"] == "native"
