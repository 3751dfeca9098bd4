"""Travel by formula (the engine's metrics) against numpy references; kNN against brute
force; user matrices by index."""

from __future__ import annotations

import numpy as np
import pytest

from lastleg import InputError
from lastleg.travel import Coordinates, Matrices, Travel, nearest_neighbours

R = 6371008.8


def haversine_ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la1, lo1 = np.radians(a[:, None, 0]), np.radians(a[:, None, 1])
    la2, lo2 = np.radians(b[None, :, 0]), np.radians(b[None, :, 1])
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * R * np.arcsin(np.sqrt(h))


def test_haversine_matches_reference() -> None:
    rng = np.random.default_rng(3)
    pts = np.column_stack([rng.uniform(-80, 80, 60), rng.uniform(-179, 179, 60)])
    got = Coordinates("haversine").distance_matrix(pts)
    ref = haversine_ref(pts, pts)
    mask = ref > 1.0
    assert np.allclose(got[mask], ref[mask], rtol=1e-6)
    assert np.allclose(np.diag(got), 0.0)


def test_haversine_known_distance() -> None:
    # Paris (48.8566, 2.3522) to London (51.5074, -0.1278): about 343.5 km.
    d = Coordinates("haversine").distance_matrix([[48.8566, 2.3522]], [[51.5074, -0.1278]])[0, 0]
    assert 343_000 < d < 344_500


def test_detour_and_speed_scale_durations() -> None:
    pts = np.array([[52.0, 4.0], [52.1, 4.2], [52.3, 4.1]])
    base, base_dur = Coordinates("haversine").matrix(pts)
    detour, dur = Coordinates("haversine", detour_factor=1.3, speed=10.0).matrix(pts)
    assert np.allclose(detour, 1.3 * base)
    assert np.array_equal(base_dur, base)  # speed 1
    assert np.allclose(dur, detour / 10.0)


def test_planar_conventions() -> None:
    a = np.array([[0.0, 0.0]])
    b = np.array([[1.0, 1.0], [3.0, 4.0], [0.25, 0.0]])
    exact = np.hypot(b[:, 0], b[:, 1])
    assert np.allclose(Coordinates("euclidean").distance_matrix(a, b)[0], exact)
    assert Coordinates("euclidean_rounded").distance_matrix(a, b)[0].tolist() == [1.0, 5.0, 0.0]
    assert np.allclose(Coordinates("euclidean_truncated").distance_matrix(a, b)[0],
                       [1.4, 5.0, 0.2])


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
    travel = Coordinates("haversine", detour_factor=1.2, speed=8.0)
    full, full_dur = travel.matrix(a, b)
    dist, dur = travel.pairs(a, b)
    assert np.array_equal(dist, np.diag(full)) and np.array_equal(dur, np.diag(full_dur))
    plain = Coordinates("haversine").pairs(a, b)[0]
    assert np.allclose(plain, np.diag(haversine_ref(a, b)))
    with pytest.raises(InputError, match="origins has 30"):
        travel.pairs(a, b[:5])


def test_user_matrices_by_index() -> None:
    """Matrices travel: points are indices; without durations, distance / speed."""
    dist = np.arange(16.0).reshape(4, 4)
    dur = dist * 3
    both = Matrices(dist, dur)
    d, t = both.matrix([2, 0], [1, 3])
    assert d.tolist() == [[9.0, 11.0], [1.0, 3.0]] and t.tolist() == [[27.0, 33.0], [3.0, 9.0]]
    d, t = Matrices(dist, None, speed=2.0).pairs([3, 1], [0, 2])
    assert d.tolist() == [12.0, 6.0] and t.tolist() == [6.0, 3.0]
    with pytest.raises(InputError, match="location 4 is beyond the 4 locations"):
        both.pairs([0, 4], [1, 1])


def test_both_sources_are_travel() -> None:
    assert isinstance(Coordinates(), Travel) and isinstance(Matrices(np.zeros((1, 1))), Travel)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"metric": "manhattan"}, "unknown metric"),
    ({"detour_factor": 0.0}, "detour_factor"),
    ({"speed": float("inf")}, "speed"),
])
def test_bad_coordinate_travel(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Coordinates(**kwargs)
