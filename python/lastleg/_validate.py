"""Validation of array inputs: safe casts and checks that name the field and row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lastleg.errors import InputError, InputTypeError

_INT64_MAX = np.iinfo(np.int64).max


def _first(mask: np.ndarray) -> int:
    mask = np.atleast_1d(np.asarray(mask))  # a scalar input has one row
    return int(np.flatnonzero(mask.reshape(len(mask), -1).any(axis=1))[0])


def _raw(field: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged lists and the like
        raise InputTypeError(field, f"cannot be read as an array ({exc})") from None
    if arr.dtype.kind in "OUSV":
        try:
            arr = arr.astype(np.float64)
        except (ValueError, TypeError):
            raise InputTypeError(
                field, f"expected numbers, got values of type {arr.dtype}"
            ) from None
    if arr.dtype.kind not in "biuf":
        raise InputTypeError(field, f"expected numbers, got dtype {arr.dtype}")
    return arr


def _shape(field: str, arr: np.ndarray, shape: Sequence[int | None] | None) -> np.ndarray:
    if shape is None:
        return arr
    if arr.ndim != len(shape):
        raise InputError(field, f"expected a {len(shape)}-D array, got shape {arr.shape}")
    for axis, (got, want) in enumerate(zip(arr.shape, shape)):
        if want is not None and got != want:
            what = "rows" if axis == 0 else "columns"
            raise InputError(field, f"expected {want} {what}, got {got}")
    return arr


def reject_first(field: str, arr: np.ndarray, bad: np.ndarray, problem: str) -> None:
    """Raise InputError for the first row flagged in ``bad``; ``problem`` formats its value."""
    if not bad.any():
        return
    row = _first(bad)
    val = arr.reshape(len(arr), -1)[row].tolist() if arr.ndim > 1 else arr.reshape(-1)[row]
    raise InputError(field, problem.format(val), row)


def as_float(
    field: str,
    value: Any,
    shape: Sequence[int | None] | None = None,
    *,
    finite: bool = True,
    allow_inf: bool = False,
    minimum: float | None = None,
) -> np.ndarray:
    """A float64 copy of `value`, checked for NaN/inf and a lower bound."""
    arr = _shape(field, _raw(field, value).astype(np.float64, copy=True), shape)
    if finite and arr.size:
        bad = np.isnan(arr) if allow_inf else ~np.isfinite(arr)
        reject_first(field, arr, bad, "value {} is not finite")
    if minimum is not None and arr.size:
        reject_first(field, arr, arr < minimum, f"value {{}} is below the minimum {minimum}")
    return arr


def as_int(
    field: str,
    value: Any,
    shape: Sequence[int | None] | None = None,
    *,
    minimum: int | None = None,
) -> np.ndarray:
    """An int64 copy of `value`; floats must be integral, nothing may overflow."""
    arr = _shape(field, _raw(field, value), shape)
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr) | (np.floor(arr) != arr) | (np.abs(arr) > 2.0**62)
        reject_first(field, arr, bad, "value {} is not an integer")
    elif arr.dtype.kind == "u" and arr.size and int(arr.max()) > _INT64_MAX:
        row = _first(arr > _INT64_MAX)
        raise InputError(field, "value does not fit in a 64-bit integer", row)
    out = arr.astype(np.int64, copy=True)
    if minimum is not None and out.size:
        reject_first(field, out, out < minimum, f"value {{}} is below the minimum {minimum}")
    return out


def check_lat_lon(field: str, lat: np.ndarray, lon: np.ndarray) -> None:
    bad = (lat < -90) | (lat > 90)
    if bad.any():
        row = _first(bad)
        raise InputError(field, f"latitude {lat[row]} is outside [-90, 90]", row)
    bad = (lon < -180) | (lon > 360)
    if bad.any():
        row = _first(bad)
        raise InputError(field, f"longitude {lon[row]} is outside [-180, 360]", row)


def check_unique(field: str, ids: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for row, key in enumerate(ids):
        if key in seen:
            raise InputError(field, f"duplicate id {key!r} (first seen at row {seen[key]})", row)
        seen[key] = row


def frozen(*arrays: np.ndarray) -> None:
    """Mark arrays read-only: problems are immutable once validated."""
    for arr in arrays:
        if arr is not None:
            arr.setflags(write=False)


def solve_options(
    time_limit: Any, max_iterations: Any, seed: Any, threads: Any
) -> tuple[float | None, int | None, int, int | None]:
    """Check the common solve arguments; returns them as plain Python numbers.

    time_limit: None or a number > 0 (inf allowed); max_iterations: None or an integer
    in [0, 2**62]; seed: an integer in [0, 2**64); threads: None or an integer in
    [1, 4096]. Anything else raises an InputError naming the argument.
    """
    import numbers

    def integer(name: str, value: Any, low: int, high: int) -> int:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            raise InputTypeError(name, f"must be an integer, got {value!r}")
        if not low <= int(value) <= high:
            raise InputError(name, f"must be in [{low}, {high}], got {value!r}")
        return int(value)

    if time_limit is not None:
        if isinstance(time_limit, (bool, np.bool_)) or not isinstance(time_limit, numbers.Real):
            raise InputTypeError("time_limit", f"must be a number of seconds, got {time_limit!r}")
        if not float(time_limit) > 0:  # also NaN
            raise InputError("time_limit", f"must be > 0 seconds, got {time_limit!r}")
        time_limit = float(time_limit)
    if max_iterations is not None:
        max_iterations = integer("max_iterations", max_iterations, 0, 2**62)
    seed = integer("seed", seed, 0, 2**64 - 1)
    if threads is not None:
        threads = integer("threads", threads, 1, 4096)
    return time_limit, max_iterations, seed, threads
