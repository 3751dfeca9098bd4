"""Travel from the user's own dense matrices (e.g. exported from OSRM or Valhalla)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lastleg._validate import as_int
from lastleg.errors import InputError


@dataclass(frozen=True, eq=False)
class Matrices:
    """Square ``distance`` and ``duration`` matrices over n locations; the points of
    ``matrix`` and ``pairs`` are location indices. Without ``duration``, durations are
    distance / ``speed``."""

    distance: np.ndarray
    duration: np.ndarray | None = None
    speed: float = 1.0

    @property
    def size(self) -> int:
        return len(self.distance)

    def _index(self, field: str, value: ArrayLike) -> np.ndarray:
        idx = as_int(field, np.asarray(value).reshape(-1), minimum=0)
        if idx.size and idx.max() >= self.size:
            row = int(np.flatnonzero(idx >= self.size)[0])
            raise InputError(field, f"location {int(idx[row])} is beyond the {self.size} "
                             "locations of the matrices", row)
        return idx

    def _durations(self, dist: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                   pairs: bool) -> np.ndarray:
        if self.duration is None:
            return dist / self.speed
        return self.duration[rows, cols] if pairs else self.duration[np.ix_(rows, cols)]

    def matrix(self, origins: ArrayLike, destinations: ArrayLike | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        rows = self._index("origins", origins)
        cols = rows if destinations is None else self._index("destinations", destinations)
        dist = self.distance[np.ix_(rows, cols)].astype(np.float64)
        return dist, np.asarray(self._durations(dist, rows, cols, False), dtype=np.float64)

    def pairs(self, origins: ArrayLike, destinations: ArrayLike
              ) -> tuple[np.ndarray, np.ndarray]:
        rows = self._index("origins", origins)
        cols = self._index("destinations", destinations)
        if len(rows) != len(cols):
            raise InputError("destinations", f"has {len(cols)} rows, origins has {len(rows)}")
        dist = self.distance[rows, cols].astype(np.float64)
        return dist, np.asarray(self._durations(dist, rows, cols, True), dtype=np.float64)
