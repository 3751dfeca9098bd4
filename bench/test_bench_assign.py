"""pytest-benchmark suite of the assignment engine (fixed seeds, iteration limits).

python -m pytest bench/test_bench_assign.py --benchmark-only
"""

from __future__ import annotations

from typing import Any

import pytest

import lastleg

pytest.importorskip("pytest_benchmark")


@pytest.fixture(
    scope="module", params=[("loose", 1000), ("medium", 1000), ("tight", 1000), ("medium", 5000)]
)
def problem(request: pytest.FixtureRequest) -> Any:
    scarcity, orders = request.param
    nodes = 16 if orders <= 1000 else 24
    return lastleg.generate_scenario(orders, nodes, orders, seed=1, scarcity=scarcity).to_problem()


@pytest.mark.parametrize("threads", [1, 2])
def test_assign(benchmark: Any, problem: Any, threads: int) -> None:
    """Whole solve at a fixed iteration budget; the answer is checked once."""
    result = benchmark(lastleg.assign, problem, max_iterations=60, seed=0, threads=threads)
    assert lastleg.check_assignment(problem, result).ok
