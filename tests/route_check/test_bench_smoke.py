"""bench/routing_quality.py runs end to end and writes its table (no timing asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from shared_instances import instances_dir

BENCH = Path(__file__).resolve().parents[2] / "bench" / "routing_quality.py"
SHARED = instances_dir() or Path("shared-instances-not-found")


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared instances not available")
def test_bench_writes_table(tmp_path: Path) -> None:
    pytest.importorskip("pyvrp")
    spec = importlib.util.spec_from_file_location("routing_quality", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "rq.md"
    rc = mod.main(["--instances", "vrptw/solomon/C101.txt", "--budget", "0.5",
                   "--solvers", "lastleg-vroom,pyvrp", "--threads", "1", "--out", str(out)])
    assert rc == 0
    text = out.read_text()
    assert "| C101 | 100 | 828.94 |" in text
    assert "| lastleg-vroom | 1/1 |" in text
    assert out.with_suffix(".json").is_file()
