"""Fuzz the public boundary with malformed inputs, in child processes.

Every case must end in an InputError or a valid (checked) answer; any other
exception, a segfault or an abort fails the test and names the case, which
``python tests/hardening/fuzz_cases.py SEED 1`` replays. A long run:
``LASTLEG_FUZZ_CASES=50000 python -m pytest tests/hardening/test_fuzz.py``.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from _runner import FuzzReport, run_batch

CASES = int(os.environ.get("LASTLEG_FUZZ_CASES", "400"))
BATCHES = 2


@pytest.mark.slow
def test_fuzz_boundary() -> None:
    per = CASES // BATCHES
    report = FuzzReport()
    with ThreadPoolExecutor(BATCHES) as pool:
        for part in pool.map(lambda b: run_batch(100_000 + b * per, per), range(BATCHES)):
            report.merge(part)
    assert not report.crashes, report.crashes
    assert not report.bad, report.bad[:20]
    assert report.cases == per * BATCHES
    # the generator must reach both outcomes, or it tests nothing
    assert any(k.endswith(" ok") for k in report.outcomes)
    assert any(k.endswith(" InputError") for k in report.outcomes)
