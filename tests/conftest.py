"""Shared fixtures: the benchmark instance folder and tiny problems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def instances_dir() -> Path | None:
    """The shared benchmark instances (``LASTLEG_INSTANCES`` or ``../shared/instances``)."""
    env = os.environ.get("LASTLEG_INSTANCES")
    path = Path(env) if env else REPO.parent / "shared" / "instances"
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def instances() -> Path:
    path = instances_dir()
    if path is None:
        pytest.skip("shared benchmark instances not found (set LASTLEG_INSTANCES)")
    return path
