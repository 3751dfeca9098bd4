"""Where the shared benchmark instances are (``LASTLEG_INSTANCES`` or ``../shared/instances``)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def instances_dir() -> Path | None:
    env = os.environ.get("LASTLEG_INSTANCES")
    path = Path(env) if env else REPO.parent / "shared" / "instances"
    return path if path.is_dir() else None
