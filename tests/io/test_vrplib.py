"""Every shared benchmark instance loads with the size and capacity its file states."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from lastleg.io.vrplib import read_vrplib
from tests.shared_instances import instances_dir

ROOT = instances_dir()
FILES = sorted(ROOT.rglob("*.vrp")) + sorted(ROOT.rglob("*.txt")) if ROOT else []


def header_facts(path: Path) -> tuple[int, int, int]:
    """(customers, capacity, vehicles) read straight from the text, not via the reader."""
    text = path.read_text()
    if path.suffix == ".txt":
        vehicles, capacity = map(
            int, re.search(r"NUMBER\s+CAPACITY\s+(\d+)\s+(\d+)", text).groups()
        )
        rows = [ln for ln in text.split("CUST NO.")[1].splitlines()[1:] if ln.strip()]
        return len(rows) - 1, capacity, vehicles
    dim = int(re.search(r"DIMENSION\s*:\s*(\d+)", text).group(1))
    capacity = int(re.search(r"CAPACITY\s*:\s*(\d+)", text).group(1))
    veh = re.search(r"VEHICLES\s*:\s*(\d+)", text)
    return dim - 1, capacity, int(veh.group(1)) if veh else dim - 1


@pytest.mark.skipif(ROOT is None, reason="shared instances not found")
def test_instance_set_is_complete() -> None:
    assert len([f for f in FILES if f.suffix == ".vrp"]) == 28
    assert len([f for f in FILES if f.suffix == ".txt"]) == 56


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_instance_loads(path: Path) -> None:
    p = read_vrplib(path)
    customers, capacity, vehicles = header_facts(path)
    assert p.n_depots == 1
    assert p.n_stops == customers
    assert p.vt_capacity.tolist() == [[capacity]]
    assert int(p.vt_count.sum()) == vehicles
    assert p.demand.sum() > 0 and (p.demand >= 0).all()
    if path.suffix == ".txt":
        assert p.metric == "euclidean"
    elif "TIME_WINDOW_SECTION" in path.read_text():
        assert p.metric == "euclidean_truncated"
        assert np.isfinite(p.vt_shift).all()
    else:
        assert p.metric == "euclidean_rounded"
