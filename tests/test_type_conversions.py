"""Arrays of any layout and safe dtype cross the boundary; unsafe ones are refused clearly."""

from __future__ import annotations

import numpy as np
import pytest

from lastleg import InputError, RoutingProblem, VehicleType
from lastleg.travel import Coordinates, nearest_neighbours

travel_matrix = Coordinates("euclidean").distance_matrix


def test_non_contiguous_and_read_only_inputs() -> None:
    rng = np.random.default_rng(0)
    wide = rng.random((50, 4))
    strided = wide[:, ::2]  # non-contiguous view
    assert not strided.flags.c_contiguous
    frozen = np.ascontiguousarray(strided)
    frozen.setflags(write=False)
    assert np.array_equal(nearest_neighbours(strided, 5), nearest_neighbours(frozen, 5))
    fortran = np.asfortranarray(strided)
    assert np.allclose(travel_matrix(fortran), travel_matrix(frozen))


def test_integer_and_float32_coordinates_are_cast() -> None:
    pts = np.array([[0, 0], [3, 4]], dtype=np.int16)
    assert travel_matrix(pts)[0, 1] == 5.0
    assert travel_matrix(pts.astype(np.float32))[0, 1] == 5.0


def test_problem_copies_input() -> None:
    stops = np.array([[1.0, 1.0], [2.0, 2.0]])
    demand = np.array([1, 2])
    p = RoutingProblem([[0.0, 0.0]], stops, VehicleType(capacity=5), demand=demand)
    stops[0, 0] = 99.0
    demand[0] = 50
    assert p.coords[1, 0] == 1.0 and p.demand[0, 0] == 1


def test_integral_floats_accepted_as_ints() -> None:
    p = RoutingProblem([[0.0, 0.0]], [[1.0, 1.0]], VehicleType(capacity=5.0), demand=[2.0])
    assert p.demand.dtype == np.int64 and p.demand[0, 0] == 2


def test_overflowing_integers_are_refused() -> None:
    with pytest.raises(InputError, match="64-bit"):
        RoutingProblem(
            [[0.0, 0.0]],
            [[1.0, 1.0]],
            VehicleType(capacity=5),
            demand=np.array([2**64 - 1], dtype=np.uint64),
        )
    with pytest.raises(InputError, match="not an integer"):
        RoutingProblem([[0.0, 0.0]], [[1.0, 1.0]], VehicleType(capacity=5), demand=[1e30])


def test_empty_inputs() -> None:
    p = RoutingProblem(
        [[0.0, 0.0]], np.zeros((0, 2)), VehicleType(capacity=1), demand=np.zeros(0, dtype=int)
    )
    assert p.n_stops == 0 and p.demand.shape == (0, 1) and p.tw_offsets.tolist() == [0]
    assert travel_matrix(np.zeros((0, 2))).shape == (0, 0)


def test_ragged_input_is_refused() -> None:
    with pytest.raises(InputError):
        RoutingProblem([[0.0, 0.0]], [[1.0, 1.0], [2.0]], VehicleType(capacity=1))
