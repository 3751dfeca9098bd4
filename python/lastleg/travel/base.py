"""The travel interface."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike


@runtime_checkable
class Travel(Protocol):
    """Distances and durations between points (what a point is depends on the source:
    coordinates for formulas and road networks, indices for user matrices)."""

    def matrix(self, origins: ArrayLike, destinations: ArrayLike | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(distance, duration) from every origin to every destination (``destinations``
        None: the origins themselves), each of shape (origins, destinations)."""
        ...

    def pairs(self, origins: ArrayLike, destinations: ArrayLike
              ) -> tuple[np.ndarray, np.ndarray]:
        """(distance, duration) from ``origins[i]`` to ``destinations[i]`` for every i."""
        ...
