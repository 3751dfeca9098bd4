"""The thread pool returns results in task order whatever the thread count."""

from __future__ import annotations

import pytest

from lastleg import _core

from rng_reference import Reference


def expected(n_tasks: int) -> list[int]:
    out = []
    for task in range(n_tasks):
        ref = Reference.for_task(7, task)
        out.append(sum(ref.below(1000) for _ in range(1000)))
    return out


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_results_in_task_order(threads: int) -> None:
    assert _core.parallel_task_order(threads, 13).tolist() == expected(13)


def test_no_tasks() -> None:
    assert _core.parallel_task_order(4, 0).tolist() == []
