"""Column tables from CSV/Parquet files, DataFrames or dicts of arrays, with
typed column access whose errors name the source, the column and the row."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from lastleg._validate import reject_first
from lastleg.errors import InputError


class Table:
    """Named columns of equal length. ``source`` names it in errors (e.g. ``orders.csv``)."""

    def __init__(self, columns: Mapping[str, Any], source: str) -> None:
        self.source = source
        self.columns: dict[str, np.ndarray] = {}
        length = None
        for name, values in columns.items():
            try:
                arr = np.asarray(values)
            except (ValueError, TypeError) as exc:  # ragged nested lists and the like
                raise InputError(f"{source} column {name!r}", f"not a column of values: {exc}"
                                 ) from None
            if arr.ndim != 1:
                raise InputError(
                    f"{source} column {name!r}", f"expected 1-D, got shape {arr.shape}"
                )
            if length is not None and len(arr) != length:
                raise InputError(
                    f"{source} column {name!r}", f"has {len(arr)} rows, other columns {length}"
                )
            length = len(arr)
            self.columns[str(name).strip()] = arr
        self.length = length or 0

    @classmethod
    def of(cls, value: Any, source: str) -> Table:
        """A Table from a Table, a pandas DataFrame or a mapping of column -> values."""
        if isinstance(value, Table):
            return value
        if hasattr(value, "to_dict") and hasattr(value, "columns"):  # pandas, without importing it
            return cls({str(c): value[c].to_numpy() for c in value.columns}, source)
        if isinstance(value, Mapping):
            return cls(value, source)
        raise InputError(source, f"expected a DataFrame or a mapping of columns, got {type(value)}")

    @classmethod
    def read(cls, folder: Path, stem: str, *, required: bool = True) -> Table | None:
        """Read ``stem.csv`` or ``stem.parquet`` from a scenario folder."""
        csv_path, pq_path = folder / f"{stem}.csv", folder / f"{stem}.parquet"
        if pq_path.is_file():
            try:
                import pyarrow.parquet as pq
            except ImportError:
                raise InputError(
                    pq_path.name, "reading Parquet needs pyarrow (pip install 'lastleg[frames]')"
                ) from None
            return cls(pq.read_table(pq_path).to_pydict(), pq_path.name)
        if csv_path.is_file():
            return cls.read_csv(csv_path)
        if required:
            raise InputError(str(folder), f"missing file {stem}.csv (or {stem}.parquet)")
        return None

    @classmethod
    def read_csv(cls, path: Path) -> Table:
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle)
                try:
                    header = next(reader)
                except StopIteration:
                    raise InputError(path.name, "empty file (no header row)") from None
                rows = list(reader)
        except UnicodeDecodeError as exc:
            raise InputError(path.name, f"not UTF-8 text: {exc}") from None
        except csv.Error as exc:  # e.g. a NUL byte
            raise InputError(path.name, f"not a readable CSV file: {exc}") from None
        width = len(header)
        for i, row in enumerate(rows):
            if len(row) != width and any(cell.strip() for cell in row):
                raise InputError(path.name, f"has {len(row)} fields, the header has {width}", i)
        rows = [r for r in rows if len(r) == width]
        cols = list(zip(*rows)) if rows else [()] * width
        return cls({h: np.array(c, dtype=str) for h, c in zip(header, cols)}, path.name)

    def __len__(self) -> int:
        return self.length

    def has(self, name: str) -> bool:
        return name in self.columns

    def _field(self, name: str) -> str:
        return f"{self.source} column {name!r}"

    def _column(self, name: str, required: bool) -> np.ndarray | None:
        if name not in self.columns:
            if required:
                raise InputError(self.source, f"missing column {name!r}")
            return None
        return self.columns[name]

    @staticmethod
    def _missing(arr: np.ndarray) -> np.ndarray:
        if arr.dtype.kind == "f":
            return np.isnan(arr)
        if arr.dtype.kind not in "OUS":
            return np.zeros(len(arr), dtype=bool)
        if arr.dtype.kind == "O":
            nulls = np.fromiter((v is None or (isinstance(v, float) and math.isnan(v))
                                 for v in arr.tolist()), dtype=bool,
                                count=len(arr))
            text = np.where(nulls, "", arr).astype(str)
        else:
            nulls, text = np.zeros(len(arr), dtype=bool), arr.astype(str)
        return nulls | (np.char.str_len(np.char.strip(text)) == 0)

    def strings(self, name: str, default: str | None = None, *, required: bool = True) -> list[str]:
        arr = self._column(name, required and default is None)
        if arr is None:
            return [default or ""] * self.length
        missing = self._missing(arr)
        if missing.any() and default is None:
            raise InputError(self._field(name), "missing value", int(missing.argmax()))
        if arr.dtype.kind == "U":
            text = np.char.strip(arr)
            if missing.any():
                text = np.where(missing, default, text)
            return text.tolist()
        return [default if m else str(v).strip() for v, m in zip(arr.tolist(), missing)]

    def floats(
        self,
        name: str,
        default: float | None = None,
        *,
        minimum: float | None = None,
        allow_inf: bool = False,
        required: bool = True,
    ) -> np.ndarray:
        arr = self._column(name, required and default is None)
        if arr is None:
            return np.full(self.length, np.nan if default is None else default, dtype=np.float64)
        missing = self._missing(arr)
        if missing.any() and default is None:
            raise InputError(self._field(name), "missing value", int(missing.argmax()))
        out = self._to_float(name, arr, missing)
        if missing.any():
            out[missing] = default
        bad = (np.isnan(out) if allow_inf else ~np.isfinite(out)) & ~missing
        reject_first(self._field(name), out, bad, "value {} is not finite")
        if minimum is not None:
            reject_first(self._field(name), out, out < minimum, f"value {{}} is below {minimum}")
        return out

    def _to_float(self, name: str, arr: np.ndarray, missing: np.ndarray) -> np.ndarray:
        if arr.dtype.kind in "biuf":
            return arr.astype(np.float64)
        filled = np.where(missing, "nan", arr)
        try:
            return filled.astype(np.float64)
        except (TypeError, ValueError):
            pass
        for i, value in enumerate(filled.tolist()):  # find the offending row
            try:
                float(value)
            except (TypeError, ValueError):
                raise InputError(self._field(name), f"{value!r} is not a number", i) from None
        raise InputError(self._field(name), "cannot be read as numbers")

    def ints(
        self,
        name: str,
        default: int | None = None,
        *,
        minimum: int | None = None,
        required: bool = True,
    ) -> np.ndarray:
        values = self.floats(name, None if default is None else float(default), required=required)
        field = self._field(name)
        reject_first(field, values, np.floor(values) != values, "value {} is not an integer")
        out = values.astype(np.int64)
        if minimum is not None:
            reject_first(field, out, out < minimum, f"value {{}} is below {minimum}")
        return out
