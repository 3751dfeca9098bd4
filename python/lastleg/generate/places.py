"""Where things are: orders around a metro centre, warehouses outside town, MFCs and
stores near demand, and which town nodes can reach which orders same-day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from lastleg.travel import Coordinates

CENTRE = (52.37, 4.90)  # lat, lon of the metro centre


def _to_latlon(x_km: np.ndarray, y_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat0, lon0 = CENTRE
    lat = lat0 + y_km / 110.574
    lon = lon0 + x_km / (111.320 * np.cos(np.radians(lat0)))
    return lat, lon


def _polar(rng: np.random.Generator, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    theta = rng.uniform(0.0, 2.0 * np.pi, len(r))
    return r * np.cos(theta), r * np.sin(theta)


def _order_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Dense centre + sparse suburbs (radial exponential) mixed with Gaussian clusters."""
    n_clusters = int(np.clip(round(np.sqrt(n) / 3), 4, 40))
    cr = np.minimum(rng.exponential(6.0, n_clusters), 22.0)
    cx, cy = _polar(rng, cr)
    c_sd = rng.uniform(0.8, 2.5, n_clusters)
    weights = rng.gamma(2.0, 1.0, n_clusters)
    in_cluster = rng.random(n) < 0.55
    which = rng.choice(n_clusters, size=n, p=weights / weights.sum())
    r_bg = np.minimum(rng.exponential(7.0, n), 35.0)
    bx, by = _polar(rng, r_bg)
    gx, gy = rng.normal(0.0, 1.0, n), rng.normal(0.0, 1.0, n)
    x = np.where(in_cluster, cx[which] + gx * c_sd[which], bx)
    y = np.where(in_cluster, cy[which] + gy * c_sd[which], by)
    return x, y


def _node_counts(m: int) -> tuple[int, int, int]:
    if m < 3:
        return 1, 0, m - 1
    n_wh = max(1, round(0.15 * m))
    n_mfc = max(1, round(0.15 * m))
    return n_wh, n_mfc, m - n_wh - n_mfc


def _pick_near_demand(
    rng: np.random.Generator, x: np.ndarray, y: np.ndarray, k: int, max_r: float, jitter: float
) -> tuple[np.ndarray, np.ndarray]:
    inside = np.flatnonzero(np.hypot(x, y) <= max_r)
    if len(inside) >= k:
        pick = rng.choice(inside, size=k, replace=False)
        px, py = x[pick], y[pick]
    else:
        px, py = _polar(rng, rng.uniform(0.5, max_r, k))
    return px + rng.normal(0, jitter, k), py + rng.normal(0, jitter, k)


@dataclass
class Places:
    """Nodes and orders on the map; per town node its same-day radius (road km), and per
    (order, town node) whether the node covers the order same-day and is within 25 km."""

    kind: np.ndarray
    node_ids: np.ndarray
    node_lat: np.ndarray
    node_lon: np.ndarray
    order_lat: np.ndarray
    order_lon: np.ndarray
    radius: np.ndarray
    covers: np.ndarray
    near: np.ndarray

    @property
    def is_wh(self) -> np.ndarray:
        return self.kind == "warehouse"

    @property
    def is_mfc(self) -> np.ndarray:
        return self.kind == "mfc"

    @property
    def is_st(self) -> np.ndarray:
        return self.kind == "store"

    @property
    def town(self) -> np.ndarray:
        return np.flatnonzero(~self.is_wh)


def place(rng: np.random.Generator, n: int, m: int, detour: float) -> Places:
    """The geography of a day (draws from ``rng`` in a fixed order)."""
    ox, oy = _order_points(rng, n)
    n_wh, n_mfc, n_st = _node_counts(m)
    wang = np.linspace(0, 2 * np.pi, n_wh, endpoint=False) + rng.uniform(0, 2 * np.pi)
    wang = wang + rng.normal(0, 0.25, n_wh)
    wr = rng.uniform(25.0, 45.0, n_wh)
    wx, wy = wr * np.cos(wang), wr * np.sin(wang)
    mx, my = _pick_near_demand(rng, ox, oy, n_mfc, 10.0, 0.5)
    sx, sy = _pick_near_demand(rng, ox, oy, n_st, 18.0, 0.3)
    kind = np.array(["warehouse"] * n_wh + ["mfc"] * n_mfc + ["store"] * n_st)
    node_ids = np.array(
        [f"WH{i + 1:02d}" for i in range(n_wh)]
        + [f"MFC{i + 1:02d}" for i in range(n_mfc)]
        + [f"ST{i + 1:03d}" for i in range(n_st)]
    )
    node_lat, node_lon = _to_latlon(np.concatenate([wx, mx, sx]), np.concatenate([wy, my, sy]))
    order_lat, order_lon = _to_latlon(ox, oy)
    node_lat, node_lon = np.round(node_lat, 6), np.round(node_lon, 6)
    order_lat, order_lon = np.round(order_lat, 6), np.round(order_lon, 6)
    radius = np.full(m, np.nan)
    radius[kind == "mfc"] = rng.uniform(10.0, 14.0, n_mfc)
    radius[kind == "store"] = rng.uniform(5.0, 8.0, n_st)
    town = np.flatnonzero(kind != "warehouse")
    km_town = (
        Coordinates("haversine").distance_matrix(
            np.column_stack([order_lat, order_lon]),
            np.column_stack([node_lat[town], node_lon[town]]),
        )
        / 1000.0
        * detour
    )
    return Places(kind, node_ids, node_lat, node_lon, order_lat, order_lon, radius,
                  covers=km_town <= radius[town][None, :], near=km_town <= 25.0)


def on_roads(pl: Places, roads: Any, detour: float) -> Places:
    """The same day moved onto a road network: the map scaled into the network's box
    (around its centre), every node and order moved to its nearest road node, the
    same-day radii scaled alike and coverage measured again."""
    b = roads.bbox
    lat0, lon0 = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    half_km = 0.45 * min((b[2] - b[0]) * 110.574,
                         (b[3] - b[1]) * 111.320 * np.cos(np.radians(lat0)))
    y = np.concatenate([pl.node_lat, pl.order_lat]) - CENTRE[0]
    x = np.concatenate([pl.node_lon, pl.order_lon]) - CENTRE[1]
    y_km, x_km = y * 110.574, x * 111.320 * np.cos(np.radians(CENTRE[0]))
    scale = half_km / max(float(np.abs(np.concatenate([x_km, y_km])).max()), 1e-9)
    lat = lat0 + y_km * scale / 110.574
    lon = lon0 + x_km * scale / (111.320 * np.cos(np.radians(lat0)))
    moved = roads.on_roads(np.column_stack([lat, lon]))
    m = len(pl.node_lat)
    radius = pl.radius * scale
    town = pl.town
    km_town = (Coordinates("haversine").distance_matrix(moved[m:], moved[town]) / 1000.0
               * detour)
    return Places(pl.kind, pl.node_ids, moved[:m, 0], moved[:m, 1], moved[m:, 0],
                  moved[m:, 1], radius, covers=km_town <= radius[town][None, :],
                  near=km_town <= 25.0 * scale)
