"""VROOM JSON as other tools write it: answers point at the input's own locations (every
step carries its job's location_index, and travel recomputed from the steps equals the
reported cost, for both engines); bad files are InputErrors, never tracebacks."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from lastleg import InputError
from lastleg.cli import main
from lastleg.io.vroom_json import read_vroom_json

# 8 locations on a line, travel = |i - j| * 10 s; the vehicle starts and ends at 0
MATRIX = [[abs(i - j) * 10 for j in range(8)] for i in range(8)]


def permuted_problem() -> dict:
    """Jobs listed 3, 1, 2 at locations 7, 2, 5: list order, id and location all differ."""
    return {
        "vehicles": [{"id": 4, "start_index": 0, "end_index": 0, "capacity": [10]}],
        "jobs": [
            {"id": 3, "location_index": 7, "delivery": [1], "service": 5},
            {"id": 1, "location_index": 2, "delivery": [1], "service": 5},
            {"id": 2, "location_index": 5, "delivery": [1], "service": 5},
        ],
        "matrices": {"car": {"durations": [row[:] for row in MATRIX]}},
    }


def answer(tmp_path: Path, capsys: pytest.CaptureFixture[str], problem: dict,
           *extra: str) -> tuple[int, dict | None, str]:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem))
    code = main(["route", str(path), "--json", "--time-limit", "1", *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


@pytest.mark.parametrize("engine", ["native", "vroom"])
def test_steps_carry_their_jobs_locations(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          engine: str) -> None:
    problem = permuted_problem()
    code, out, _ = answer(tmp_path, capsys, problem, "--engine", engine)
    assert code == 0 and out is not None
    location_of = {j["id"]: j["location_index"] for j in problem["jobs"]}
    (route,) = out["routes"]
    jobs = [s for s in route["steps"] if s["type"] == "job"]
    assert sorted(s["id"] for s in jobs) == [1, 2, 3]
    for step in jobs:
        assert step["location_index"] == location_of[step["id"]]
    # travel recomputed from the reported steps over the input matrix is the cost
    locs = [s["location_index"] for s in route["steps"]]
    assert locs[0] == 0 and locs[-1] == 0
    travel = sum(MATRIX[a][b] for a, b in itertools.pairwise(locs))
    assert travel == route["duration"] == route["cost"] == out["summary"]["cost"]
    # each step's arrival follows from the previous one: the schedule is of these places
    for prev, step in zip(route["steps"], route["steps"][1:]):
        assert step["arrival"] >= prev["arrival"] + prev["service"] \
            + MATRIX[prev["location_index"]][step["location_index"]]
    assert travel == 140  # out to location 7 and back: 2 * 70


def test_unassigned_job_keeps_its_location(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    problem = permuted_problem()
    problem["jobs"][0]["delivery"] = [50]  # over capacity
    code, out, _ = answer(tmp_path, capsys, problem, "--engine", "native")
    assert code == 0 and out is not None
    assert out["unassigned"] == [
        {"id": 3, "type": "job", "location_index": 7, "reason": "capacity"}]


def test_coordinates_come_back_as_coordinates(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    problem = {
        "vehicles": [{"id": 1, "start": [1.52, 42.50], "end": [1.52, 42.50]}],
        "jobs": [{"id": 9, "location": [1.55, 42.51]}, {"id": 8, "location": [1.50, 42.54]}],
    }
    code, out, _ = answer(tmp_path, capsys, problem)
    assert code == 0 and out is not None
    where = {s.get("id"): s["location"] for s in out["routes"][0]["steps"] if s["type"] == "job"}
    assert where == {9: [1.55, 42.51], 8: [1.50, 42.54]}


def broken(edit: str) -> dict:
    problem = permuted_problem()
    if edit == "job beyond the matrix":
        problem["jobs"][1]["location_index"] = 8
    elif edit == "negative location":
        problem["jobs"][2]["location_index"] = -1
    elif edit == "start beyond the matrix":
        problem["vehicles"][0]["start_index"] = 99
    elif edit == "fractional index":
        problem["jobs"][0]["location_index"] = 2.5
    elif edit == "ragged matrix":
        problem["matrices"]["car"]["durations"][3] = [0, 1]
    return problem


@pytest.mark.parametrize(("edit", "field"), [
    ("job beyond the matrix", "jobs[1].location_index"),
    ("negative location", "jobs[2].location_index"),
    ("start beyond the matrix", "vehicles[0].start_index"),
    ("fractional index", "jobs[0].location_index"),
    ("ragged matrix", "matrices.durations"),
])
def test_bad_indices_are_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      edit: str, field: str) -> None:
    code, _, err = answer(tmp_path, capsys, broken(edit))
    assert code == 2
    assert f"lastleg: error: {field}" in err
    assert "Traceback" not in err


def test_truncated_file_names_its_line(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(permuted_problem(), indent=1)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    assert main(["route", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cut.json, line" in err and "not valid JSON" in err


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_vroom_json(tmp_path / "nope.json")


def test_location_index_round_trip() -> None:
    """The problem keeps the input's matrix index of every location (depots first)."""
    prob = read_vroom_json(permuted_problem())
    assert prob.location_index is not None
    assert np.array_equal(prob.location_index, [0, 7, 2, 5])
