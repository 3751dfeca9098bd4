"""Outputs are atomic: a run that fails while writing into a folder holding an earlier
run leaves either the earlier run, whole, or a folder that reads as incomplete; never a
mix that reads as complete. Files lastleg did not write are never touched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import lastleg
from lastleg.cli import main
from lastleg.generate import generate_scenario
from lastleg.io import outputs, writers
from lastleg.io.outputs import OutputFolder, verify_outputs


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[lastleg.Plan, lastleg.Plan]:
    """Two different plans of two days (different seeds), small and quick."""
    out = []
    for seed in (1, 2):
        folder = tmp_path_factory.mktemp(f"day{seed}")
        generate_scenario(150, 4, 120, seed=seed, out=folder)
        out.append(lastleg.plan(folder, time_limit=None, max_iterations=200, seed=0,
                                threads=1))
    return out[0], out[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_complete_run_verifies_and_names_its_files(plans, tmp_path: Path) -> None:
    first, _ = plans
    first.to_dir(tmp_path)
    assert verify_outputs(tmp_path) == []
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert set(summary["files"]) >= {"assignments.csv", "unserved.csv", "routes.csv",
                                     "routes.geojson"}
    assert summary["schema_version"] == outputs.SCHEMA_VERSION
    assert len(summary["run_id"]) == 32
    # a table from another run is detected
    (tmp_path / "unserved.csv").write_text("order_id,sku,qty,reason\n")
    assert verify_outputs(tmp_path) == [f"unserved.csv: not the file of run {summary['run_id']}"]


@pytest.mark.parametrize("fail_at", ["staging routes.csv", "moving into place"])
def test_failed_run_never_reads_as_complete(plans, tmp_path: Path, monkeypatch,
                                            fail_at: str) -> None:
    first, second = plans
    first.to_dir(tmp_path)
    before = snapshot(tmp_path)
    (tmp_path / "notes.txt").write_text("the user's own file")
    if fail_at == "staging routes.csv":
        real = writers._write_csv

        def write_csv(path: Path, columns: dict) -> None:
            if "routes.csv" in path.name:
                raise OSError(28, "No space left on device")
            real(path, columns)
        monkeypatch.setattr(writers, "_write_csv", write_csv)
    else:
        real_replace = os.replace
        calls = []

        def replace(src: str | Path, dst: str | Path) -> None:
            calls.append(dst)
            if len(calls) == 3:
                raise OSError(5, "Input/output error")
            real_replace(src, dst)
        monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(OSError):
        second.to_dir(tmp_path)
    problems = verify_outputs(tmp_path)
    if problems == []:  # the earlier run, whole and unchanged
        assert {k: v for k, v in snapshot(tmp_path).items() if k != "notes.txt"} == before
    else:
        assert not (tmp_path / "summary.json").exists()
    assert (tmp_path / "notes.txt").read_text() == "the user's own file"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_rerun_replaces_the_earlier_run_and_only_its_files(plans, tmp_path: Path) -> None:
    first, second = plans
    first.to_dir(tmp_path, plot=True)
    assert (tmp_path / "map.png").exists()
    (tmp_path / "notes.txt").write_text("keep me")
    second.to_dir(tmp_path)  # no map this time: the earlier run's map goes with it
    assert verify_outputs(tmp_path) == []
    assert not (tmp_path / "map.png").exists()
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_a_summary_lastleg_did_not_write_is_refused(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text('{"quarter": "Q3"}')
    with pytest.raises(lastleg.InputError, match=r"summary\.json that lastleg did not write"):
        OutputFolder(tmp_path)


def test_cli_write_failure_is_an_error_line(tmp_path: Path, monkeypatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "day"
    generate_scenario(80, 3, 60, seed=4, out=folder)

    def full(path: Path, columns: dict) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(writers, "_write_csv", full)
    code = main(["assign", str(folder), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "lastleg: error: cannot write the outputs" in err and "No space left" in err
    assert "Traceback" not in err


#: the output columns, in place: later versions may append, never insert or rename
OUTPUT_COLUMNS = {
    "assignments.csv": ["order_id", "sku", "node_id", "qty"],
    "unserved.csv": ["order_id", "sku", "qty", "reason"],
    "routes.csv": ["node_id", "route", "vehicle_type", "seq", "order_id", "lat", "lon",
                   "arrival_s", "units"],
}


def test_output_columns_stay_in_place(plans, tmp_path: Path) -> None:
    first, _ = plans
    first.to_dir(tmp_path)
    for name, columns in OUTPUT_COLUMNS.items():
        header = (tmp_path / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header[: len(columns)] == columns, name
