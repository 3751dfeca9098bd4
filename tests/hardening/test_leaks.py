"""Repeated small solves must not grow RSS (issue 8). A cheap version of
bench/leak_check.py (which runs 1,000 solves): 200 solves in a fresh child
process, generous bound."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LEAK_CHECK = Path(__file__).resolve().parents[2] / "bench" / "leak_check.py"


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc")
def test_rss_flat_over_200_solves() -> None:
    proc = subprocess.run([sys.executable, str(LEAK_CHECK), "--solves", "200", "--bound-mb", "30"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    print(out)
    assert out["growth_mb"] <= 30, out
