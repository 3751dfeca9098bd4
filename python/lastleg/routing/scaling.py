"""Integer scaling for engines that take integers only (VROOM: ``uint32`` matrices,
times, amounts and costs).

Each family of numbers gets the smallest power-of-ten scale in 1, 10, 100, 1000 that
makes every value of the family an integer (CVRPLIB rounded: 1; DIMACS truncated to one
decimal: 10). When none is exact (double-precision euclidean, haversine) 100 is used and
values are rounded in the safe direction given by the caller: travel and service times
up, window opens up, window closes and shift ends down, so a schedule found feasible in
integers is feasible in real numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

UINT32_MAX = 2**32 - 1
_SCALES = (1, 10, 100, 1000)
_DEFAULT_SCALE = 100


@dataclass(frozen=True)
class Scale:
    """A family's factor and whether it makes every value exact."""

    factor: int
    exact: bool

    @classmethod
    def of(cls, values: Sequence[np.ndarray | float]) -> Scale:
        """The smallest power of ten that makes every finite value an integer (and fits
        uint32), or the default (not exact)."""
        parts = [np.asarray(v, dtype=np.float64).ravel() for v in values]
        x = np.concatenate(parts) if parts else np.zeros(0)
        x = x[np.isfinite(x)]
        top = float(np.abs(x).max()) if x.size else 0.0
        for s in _SCALES:
            y = x * s
            if top * s < UINT32_MAX and np.all(np.abs(y - np.round(y)) <= 1e-6):
                return cls(s, True)
        s = _DEFAULT_SCALE
        while s > 1 and top * s >= UINT32_MAX:
            s //= 10
        return cls(s, False)

    def array(self, x: Any, mode: str = "near") -> np.ndarray:
        """Scaled to integers; ``mode`` 'up' / 'down' / 'near' rounds when the scale is
        not exact. Infinite values become UINT32_MAX."""
        a = np.asarray(x, dtype=np.float64) * self.factor
        if self.exact or mode == "near":
            r = np.round(a)
        elif mode == "up":
            r = np.ceil(a - 1e-9)
        else:
            r = np.floor(a + 1e-9)
        r = np.where(np.isfinite(r), r, UINT32_MAX)
        return np.clip(r, 0, UINT32_MAX).astype(np.int64)

    def one(self, x: float, mode: str = "near") -> int:
        return int(self.array([x], mode)[0])
