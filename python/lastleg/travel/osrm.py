"""OSRM: travel from an OSRM server's ``table`` service, for users who already run one
(``lastleg.RoadNetwork`` needs no server).

``matrix`` asks ``/table/v1/{profile}/{lon,lat;...}?sources=..&destinations=..&
annotations=duration,distance`` in tiles of at most ``max_table_size`` sources by
``max_table_size`` destinations (the server's ``--max-table-size``, 100 by default),
``concurrency`` requests at a time; a refused connection, a timeout, HTTP 429 or a 5xx
answer is retried ``retries`` times with exponential back-off. Every failure is an
``InputError`` naming the server and the request. Durations are seconds, distances
metres of the fastest route, ``inf`` where OSRM finds no route (``null``).
"""

from __future__ import annotations

import json
import math
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lastleg._validate import as_float, check_lat_lon
from lastleg.errors import InputError

_RETRY_STATUS = {429, 500, 502, 503, 504}


class OSRM:
    """A ``lastleg.Travel`` over an OSRM server: points are (lat, lon)."""

    def __init__(self, url: str, profile: str = "driving", *, max_table_size: int = 100,
                 concurrency: int = 4, timeout: float = 10.0, retries: int = 3,
                 backoff: float = 0.5) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise InputError("url", f"expected an http(s) URL, got {url!r}")
        for name, value in (("max_table_size", max_table_size), ("concurrency", concurrency)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(name, f"must be an integer >= 1, got {value!r}")
        if not (isinstance(timeout, (int, float)) and timeout > 0):
            raise InputError("timeout", f"must be > 0 seconds, got {timeout!r}")
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise InputError("retries", f"must be an integer >= 0, got {retries!r}")
        self.url = url.rstrip("/")
        self.profile = profile
        self.max_table_size = max_table_size
        self.concurrency = concurrency
        self.timeout = float(timeout)
        self.retries = retries
        self.backoff = float(backoff)

    def _request(self, url: str) -> dict[str, Any]:
        shown = url if len(url) < 160 else url[:157] + "..."
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(url, timeout=self.timeout) as reply:
                    body = reply.read()
                break
            except urllib.error.HTTPError as exc:
                if exc.code not in _RETRY_STATUS or attempt == self.retries:
                    detail = exc.read()[:200].decode("utf-8", "replace")
                    raise InputError(f"OSRM {self.url}", f"HTTP {exc.code} for {shown}: "
                                     f"{detail}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                if attempt == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise InputError(f"OSRM {self.url}", f"no answer to {shown} after "
                                     f"{self.retries + 1} tries: {reason}") from None
            time.sleep(self.backoff * 2**attempt)
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise InputError(f"OSRM {self.url}", f"not JSON from {shown}") from None
        if not isinstance(data, dict) or data.get("code") != "Ok":
            code = data.get("code") if isinstance(data, dict) else data
            raise InputError(f"OSRM {self.url}", f"answer {code!r} to {shown}")
        return data

    def _tile(self, pts: np.ndarray, rows: np.ndarray, cols: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        """(metres, seconds) between the points ``rows`` and ``cols`` in one request."""
        coords = np.concatenate([pts[rows], pts[cols]])
        path = ";".join(f"{lon:.7f},{lat:.7f}" for lat, lon in coords)
        k = len(rows)
        query = (f"sources={';'.join(map(str, range(k)))}&destinations="
                 f"{';'.join(map(str, range(k, k + len(cols))))}&annotations=duration,distance")
        url = f"{self.url}/table/v1/{self.profile}/{path}?{query}"
        data = self._request(url)
        out = []
        for key in ("distances", "durations"):
            table = data.get(key)
            try:
                arr = np.array([[math.inf if v is None else float(v) for v in row]
                                for row in table], dtype=np.float64)
            except (TypeError, ValueError):
                raise InputError(f"OSRM {self.url}", f"malformed {key} in the answer to "
                                 f"{url[:157]}") from None
            if arr.shape != (len(rows), len(cols)):
                raise InputError(f"OSRM {self.url}", f"{key} of shape {arr.shape}, asked "
                                 f"{(len(rows), len(cols))}")
            out.append(arr)
        return out[0], out[1]

    def _points(self, field: str, points: ArrayLike) -> np.ndarray:
        pts = as_float(field, points, (None, 2))
        check_lat_lon(field, pts[:, 0], pts[:, 1])
        return pts

    def matrix(self, origins: ArrayLike, destinations: ArrayLike | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(metres, seconds) from every origin to every destination."""
        src = self._points("origins", origins)
        dst = src if destinations is None else self._points("destinations", destinations)
        pts = np.concatenate([src, dst])
        rows, cols = np.arange(len(src)), len(src) + np.arange(len(dst))
        step = self.max_table_size
        tiles = [(i, j) for i in range(0, len(src), step) for j in range(0, len(dst), step)]
        dist, dur = np.empty((len(src), len(dst))), np.empty((len(src), len(dst)))
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            answers = pool.map(lambda t: self._tile(pts, rows[t[0]:t[0] + step],
                                                    cols[t[1]:t[1] + step]), tiles)
            for (i, j), (d, t) in zip(tiles, answers, strict=True):
                dist[i:i + step, j:j + step] = d
                dur[i:i + step, j:j + step] = t
        return dist, dur

    def pairs(self, origins: ArrayLike, destinations: ArrayLike
              ) -> tuple[np.ndarray, np.ndarray]:
        """(metres, seconds) from ``origins[i]`` to ``destinations[i]``."""
        src = self._points("origins", origins)
        dst = self._points("destinations", destinations)
        if len(src) != len(dst):
            raise InputError("destinations", f"has {len(dst)} rows, origins has {len(src)}")
        if len(src) == 0:
            return np.zeros(0), np.zeros(0)
        su, s_inv = np.unique(src, axis=0, return_inverse=True)
        tu, t_inv = np.unique(dst, axis=0, return_inverse=True)
        d, t = self.matrix(su, tu)
        return d[s_inv.ravel(), t_inv.ravel()], t[s_inv.ravel(), t_inv.ravel()]
