"""Metrics against numpy references; kNN against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from lastleg import InputError
from lastleg.geo import nearest_neighbours, travel_matrix, travel_pairs

R = 6371008.8


def haversine_ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la1, lo1 = np.radians(a[:, None, 0]), np.radians(a[:, None, 1])
    la2, lo2 = np.radians(b[None, :, 0]), np.radians(b[None, :, 1])
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * R * np.arcsin(np.sqrt(h))


def test_haversine_matches_reference() -> None:
    rng = np.random.default_rng(3)
    pts = np.column_stack([rng.uniform(-80, 80, 60), rng.uniform(-179, 179, 60)])
    got = travel_matrix(pts, metric="haversine")
    ref = haversine_ref(pts, pts)
    mask = ref > 1.0
    assert np.allclose(got[mask], ref[mask], rtol=1e-6)
    assert np.allclose(np.diag(got), 0.0)


def test_haversine_known_distance() -> None:
    # Paris (48.8566, 2.3522) to London (51.5074, -0.1278): about 343.5 km.
    d = travel_matrix([[48.8566, 2.3522]], [[51.5074, -0.1278]], metric="haversine")[0, 0]
    assert 343_000 < d < 344_500


def test_detour_and_speed_scale_durations() -> None:
    pts = np.array([[52.0, 4.0], [52.1, 4.2], [52.3, 4.1]])
    base = travel_matrix(pts, metric="haversine")
    detour = travel_matrix(pts, metric="haversine", detour_factor=1.3)
    dur = travel_matrix(pts, metric="haversine", detour_factor=1.3, speed=10.0, durations=True)
    assert np.allclose(detour, 1.3 * base)
    assert np.allclose(dur, detour / 10.0)


def test_planar_conventions() -> None:
    a = np.array([[0.0, 0.0]])
    b = np.array([[1.0, 1.0], [3.0, 4.0], [0.25, 0.0]])
    exact = np.hypot(b[:, 0], b[:, 1])
    assert np.allclose(travel_matrix(a, b, metric="euclidean")[0], exact)
    assert travel_matrix(a, b, metric="euclidean_rounded")[0].tolist() == [1.0, 5.0, 0.0]
    assert np.allclose(travel_matrix(a, b, metric="euclidean_truncated")[0], [1.4, 5.0, 0.2])


def brute_knn(pts: np.ndarray, k: int, dist: np.ndarray) -> np.ndarray:
    np.fill_diagonal(dist, np.inf)
    order = np.lexsort((np.broadcast_to(np.arange(len(pts)), dist.shape), dist), axis=1)
    return order[:, :k]


@pytest.mark.parametrize("threads", [1, 2])
def test_knn_matches_brute_force_planar(threads: int) -> None:
    rng = np.random.default_rng(11)
    pts = rng.random((700, 2)) * 1000
    dist = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    got = nearest_neighbours(pts, 10, threads=threads)
    assert np.array_equal(got, brute_knn(pts, 10, dist))


def test_knn_matches_brute_force_haversine() -> None:
    rng = np.random.default_rng(12)
    pts = np.column_stack([rng.uniform(50, 53, 400), rng.uniform(3, 7, 400)])
    got = nearest_neighbours(pts, 6, metric="haversine")
    ref = brute_knn(pts, 6, haversine_ref(pts, pts))
    # identical up to exact distance ties, which random points do not have
    assert np.array_equal(got, ref)


def test_knn_small_inputs_are_padded() -> None:
    got = nearest_neighbours([[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]], 4)
    assert got.tolist() == [[1, 2, -1, -1], [0, 2, -1, -1], [1, 0, -1, -1]]
    assert nearest_neighbours(np.zeros((0, 2)), 3).shape == (0, 3)


def test_knn_duplicate_points_tie_by_index() -> None:
    got = nearest_neighbours(np.zeros((4, 2)), 3)
    assert got.tolist() == [[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]]


@pytest.mark.parametrize(
    ("coords", "metric", "message"),
    [
        ([[0.0, np.nan]], "euclidean", "not finite"),
        ([[91.0, 0.0]], "haversine", "latitude"),
        ([[0.0, 0.0, 0.0]], "euclidean", "columns"),
        ([["a", "b"]], "euclidean", "expected numbers"),
        ([[0.0, 0.0]], "manhattan", "unknown metric"),
    ],
)
def test_bad_coordinates_raise_input_error(coords: list, metric: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        nearest_neighbours(coords, 2, metric=metric)


def test_travel_pairs_is_the_matrix_diagonal() -> None:
    rng = np.random.default_rng(5)
    a = np.column_stack([rng.uniform(51, 53, 30), rng.uniform(3, 6, 30)])
    b = np.column_stack([rng.uniform(51, 53, 30), rng.uniform(3, 6, 30)])
    full = travel_matrix(a, b, metric="haversine", detour_factor=1.2)
    assert np.allclose(travel_pairs(a, b, metric="haversine", detour_factor=1.2), np.diag(full))
    assert np.allclose(travel_pairs(a, b, metric="haversine"), np.diag(haversine_ref(a, b)))
    with pytest.raises(InputError, match="origins has 30"):
        travel_pairs(a, b[:5])
