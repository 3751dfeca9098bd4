"""Shared fixtures: the benchmark instance folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_instances import instances_dir


@pytest.fixture(scope="session")
def instances() -> Path:
    path = instances_dir()
    if path is None:
        pytest.skip("shared benchmark instances not found (set LASTLEG_INSTANCES)")
    return path
