"""RoutingProblem validation: good input is stored as read-only arrays, bad input
raises InputError naming the field and the row."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

from lastleg import InputError, InputTypeError, RoutingProblem, VehicleType

DEPOT = [[0.0, 0.0]]
STOPS = [[1.0, 0.0], [0.0, 2.0], [3.0, 3.0]]


def make(**kwargs) -> RoutingProblem:
    args = {
        "depots": DEPOT,
        "stops": STOPS,
        "vehicle_types": VehicleType(count=2, capacity=10),
        "demand": [1, 2, 3],
    }
    args.update(kwargs)
    return RoutingProblem(**args)


def test_valid_problem_is_normalised() -> None:
    p = make(time_windows=[[0, 10], [5, 20], [0, math.inf]], service=2.5)
    assert (p.n_depots, p.n_stops, p.n_dims, p.n_locations) == (1, 3, 1, 4)
    assert p.demand.shape == (3, 1) and p.demand.dtype == np.int64
    assert p.service.tolist() == [2.5, 2.5, 2.5]
    assert p.tw_offsets.tolist() == [0, 1, 2, 3]
    assert p.stop_windows(1).tolist() == [[5.0, 20.0]]
    assert np.isinf(p.penalty).all()
    assert p.vt_capacity.tolist() == [[10]] and p.vt_end_depot.tolist() == [0]
    assert p.vt_max_stops.tolist() == [-1]
    with pytest.raises(ValueError, match="read-only"):
        p.demand[0, 0] = 5


def test_multiple_windows_per_stop_and_open_routes() -> None:
    p = make(
        time_windows=[[[20, 30], [0, 10]], [[0, 5]], [[1, 2], [3, 4], [5, 6]]],
        vehicle_types=[VehicleType(capacity=5, end_depot=None, max_stops=4)],
    )
    assert p.tw_offsets.tolist() == [0, 2, 3, 6]
    assert p.stop_windows(0).tolist() == [[0, 10], [20, 30]]  # sorted
    assert p.vt_end_depot.tolist() == [-1] and p.vt_max_stops.tolist() == [4]


def test_problem_pickles() -> None:
    p = make()
    q = pickle.loads(pickle.dumps(p))
    assert np.array_equal(q.coords, p.coords) and q.n_stops == p.n_stops


def test_matrix_problem() -> None:
    m = np.array([[0, 1, 2], [1, 0, 3], [2, 3, 0]], dtype=float)
    p = RoutingProblem(
        None,
        None,
        VehicleType(capacity=3),
        demand=[1, 1],
        metric="matrix",
        distance_matrix=m,
        n_depots=1,
    )
    assert (p.n_depots, p.n_stops, p.coords) == (1, 2, None)


@pytest.mark.parametrize(
    ("kwargs", "field", "row", "message"),
    [
        ({"stops": [[1.0, 0.0], [np.nan, 1.0], [2.0, 2.0]]}, "stops", 1, "not finite"),
        ({"stops": [[1.0, 0.0], [0.0, np.inf], [2.0, 2.0]]}, "stops", 1, "not finite"),
        (
            {"metric": "haversine", "stops": [[10.0, 0.0], [95.0, 1.0], [0, 0]]},
            "stops",
            1,
            "latitude",
        ),
        ({"demand": [1, -2, 3]}, "demand", 1, "below the minimum"),
        ({"demand": [1, 2]}, "demand", None, "expected 3 rows"),
        ({"demand": [1.5, 2, 3]}, "demand", 0, "not an integer"),
        ({"demand": np.ones((3, 4), int)}, "demand", None, "1 to 3 capacity dimensions"),
        ({"time_windows": [[0, 10], [20, 5], [0, 1]]}, "time_windows", 1, "before its start"),
        ({"time_windows": [[[0, 10], [5, 20]], [[0, 1]], [[0, 1]]]}, "time_windows", 0, "overlap"),
        ({"service": [1.0, -1.0, 0.0]}, "service", 1, "below the minimum"),
        ({"penalty": [1.0, np.nan, 2.0]}, "penalty", 1, "not finite"),
        (
            {"vehicle_types": VehicleType(capacity=[1, 2])},
            "vehicle_types[0].capacity",
            None,
            "2 dimensions",
        ),
        (
            {"vehicle_types": VehicleType(capacity=1, end_depot=3)},
            "vehicle_types[0].end_depot",
            None,
            "does not exist",
        ),
        (
            {"vehicle_types": VehicleType(capacity=1, shift=(10.0, 5.0))},
            "vehicle_types[0].shift",
            None,
            "before start",
        ),
        ({"vehicle_types": []}, "vehicle_types", None, "at least one"),
        ({"depots": np.zeros((0, 2))}, "depots", None, "at least one depot"),
        ({"speed": 0.0}, "speed", None, "positive"),
        ({"metric": "taxicab"}, "metric", None, "unknown metric"),
    ],
)
def test_bad_input_names_field_and_row(kwargs, field, row, message) -> None:
    with pytest.raises(InputError, match=message) as info:
        make(**kwargs)
    assert info.value.field == field
    assert info.value.row == row


def test_wrong_dtype_is_a_type_error() -> None:
    with pytest.raises(InputTypeError, match="expected numbers"):
        make(demand=["one", "two", "three"])
    with pytest.raises(TypeError):
        make(demand=["one", "two", "three"])


def test_matrix_must_match_locations() -> None:
    with pytest.raises(InputError, match="square"):
        RoutingProblem(
            None, None, VehicleType(), metric="matrix", distance_matrix=np.zeros((3, 2)), n_depots=1
        )
    with pytest.raises(InputError, match="3 rows but there are 4"):
        make(metric="matrix", distance_matrix=np.zeros((3, 3)))
