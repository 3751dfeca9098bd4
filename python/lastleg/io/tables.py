"""Column tables from CSV/Parquet files, DataFrames or dicts of arrays, with typed column
access whose errors name the source, the column and where: ``line N`` in a text file (as
an editor shows it: the header is line 1), ``row N`` (0-based) in an in-memory table or a
Parquet file."""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from lastleg.errors import InputError

_INT64 = np.iinfo(np.int64)
_EXACT_FLOAT_INT = 2.0**53  # every integer up to this is exact in a float64
_SEPARATORS = {";": "semicolon", "\t": "tab", "|": "pipe"}


def scenario_file(folder: Path, stem: str) -> Path | None:
    """``stem.csv`` or ``stem.parquet`` of a folder; both at once is an error (which one
    is current cannot be told), neither is None."""
    csv_path, pq_path = folder / f"{stem}.csv", folder / f"{stem}.parquet"
    if csv_path.is_file() and pq_path.is_file():
        raise InputError(
            f"{csv_path.name} and {pq_path.name}",
            f"both exist in {folder}; remove the one that is not current",
        )
    if pq_path.is_file():
        return pq_path
    return csv_path if csv_path.is_file() else None


def _decode(path: Path, raw: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path.name,
            f"not {encoding.rstrip('-sig').upper()} text (byte 0x{raw[exc.start]:02x}); "
            "save it as UTF-8",
            line=line,
        ) from None


class Table:
    """Named columns of equal length. ``source`` names it in errors (e.g. ``orders.csv``);
    ``lines`` holds each row's line in its text file (None: in-memory or Parquet)."""

    def __init__(
        self, columns: Mapping[str, Any], source: str, *, lines: np.ndarray | None = None
    ) -> None:
        self.source = source
        self.columns: dict[str, np.ndarray] = {}
        self.lines = lines
        length = None
        for name, values in columns.items():
            try:
                arr = np.asarray(values)
            except (ValueError, TypeError) as exc:  # ragged nested lists and the like
                raise InputError(
                    f"{source} column {str(name)!r}", f"not a column of values: {exc}"
                ) from None
            if arr.ndim != 1:
                raise InputError(
                    f"{source} column {str(name)!r}", f"expected 1-D, got shape {arr.shape}"
                )
            if length is not None and len(arr) != length:
                raise InputError(
                    f"{source} column {str(name)!r}", f"has {len(arr)} rows, other columns {length}"
                )
            length = len(arr)
            key = str(name).strip()
            if key in self.columns:
                raise InputError(source, f"column {key!r} appears twice")
            self.columns[key] = arr
        self.length = length or 0

    # ------------------------------------------------------------------ construction

    @classmethod
    def of(cls, value: Any, source: str) -> Table:
        """A Table from a Table, a pandas DataFrame or a mapping of column -> values."""
        if isinstance(value, Table):
            return value
        if hasattr(value, "to_dict") and hasattr(value, "columns"):  # pandas, without importing it
            return cls({str(c): value[c].to_numpy() for c in value.columns}, source)
        if isinstance(value, Mapping):
            return cls(value, source)
        raise InputError(
            source, f"expected a DataFrame or a mapping of columns, got {type(value).__name__}"
        )

    @classmethod
    def read(cls, folder: Path, stem: str, *, required: bool = True) -> Table | None:
        """Read ``stem.csv`` or ``stem.parquet`` from a scenario folder."""
        path = scenario_file(folder, stem)
        if path is None:
            if required:
                raise InputError(str(folder), f"missing file {stem}.csv (or {stem}.parquet)")
            return None
        return cls.read_parquet(path) if path.suffix == ".parquet" else cls.read_csv(path)

    @classmethod
    def read_parquet(cls, path: Path) -> Table:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(
                path.name, "reading Parquet needs pyarrow (pip install 'lastleg[frames]')"
            ) from None
        try:
            data = pq.read_table(path).to_pydict()
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise InputError(path.name, f"not a readable Parquet file: {exc}") from None
        return cls(data, path.name)

    @classmethod
    def read_csv(cls, path: Path) -> Table:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(path.name, f"cannot read: {exc.strerror or exc}") from None
        reader = csv.reader(io.StringIO(_decode(path, raw), newline=""))
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(path.name, "empty file (no header row)", line=1) from None
        except csv.Error as exc:
            raise InputError(path.name, f"not a readable CSV file: {exc}", line=1) from None
        header = [h.strip() for h in header]
        if len(header) == 1:
            for sep, name in _SEPARATORS.items():
                if sep in header[0]:
                    raise InputError(
                        path.name,
                        f"the header {header[0]!r} is one column: the file looks "
                        f"{name}-separated; lastleg reads comma-separated CSV",
                        line=1,
                    )
        rows: list[list[str]] = []
        starts: list[int] = []
        width = len(header)
        last = reader.line_num
        try:
            for row in reader:
                start, last = last + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                if len(row) != width:
                    raise InputError(
                        path.name, f"has {len(row)} fields, the header has {width}", line=start
                    )
                rows.append(row)
                starts.append(start)
        except csv.Error as exc:  # e.g. a NUL byte
            raise InputError(path.name, f"not a readable CSV file: {exc}", line=last + 1) from None
        cols = list(zip(*rows)) if rows else [()] * width
        return cls(
            {h: np.array(c, dtype=str) for h, c in zip(header, cols)},
            path.name,
            lines=np.asarray(starts, dtype=np.int64),
        )

    # ------------------------------------------------------------------ errors

    def __len__(self) -> int:
        return self.length

    def has(self, name: str) -> bool:
        return name in self.columns

    def field(self, name: str | None) -> str:
        return self.source if name is None else f"{self.source} column {name!r}"

    def error(self, column: str | None, problem: str, row: int | None = None) -> InputError:
        """An InputError about ``column`` (None: the whole row) of data row ``row``."""
        if row is None:
            return InputError(self.field(column), problem)
        if self.lines is not None and 0 <= row < len(self.lines):
            return InputError(self.field(column), problem, line=int(self.lines[row]))
        return InputError(self.field(column), problem, row)

    def reject(self, column: str, bad: np.ndarray, problem: str, values: np.ndarray) -> None:
        """Raise for the first row flagged in ``bad``; ``problem`` formats its value."""
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise self.error(column, problem.format(_plain(values[row])), row)

    def unknown_columns(self, known: Iterable[str]) -> list[str]:
        """A note about columns lastleg does not read (often a misspelt optional column,
        which would otherwise be ignored without a word); empty when there are none."""
        known = set(known)
        unknown = [c for c in self.columns if c not in known]
        if not unknown:
            return []
        plural = "s" if len(unknown) > 1 else ""
        note = (f"{self.source}: column{plural} {', '.join(map(repr, unknown))} not used "
                f"(known: {', '.join(sorted(known))})")
        return [note]

    # ------------------------------------------------------------------ typed access

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
                                 for v in arr.tolist()), dtype=bool, count=len(arr))
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
            raise self.error(name, "missing value", int(missing.argmax()))
        if arr.dtype.kind == "U":
            text = np.char.strip(arr)
            if missing.any():
                text = np.where(missing, default, text)
            return [str(t) for t in text.tolist()]
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
            raise self.error(name, "missing value", int(missing.argmax()))
        out = self._to_float(name, arr, missing)
        if missing.any():
            out[missing] = default
        bad = (np.isnan(out) if allow_inf else ~np.isfinite(out)) & ~missing
        self.reject(name, bad, "value {} is not finite", out)
        if minimum is not None:
            self.reject(name, out < minimum, f"value {{}} is below {minimum:g}", out)
        return out

    def _to_float(self, name: str, arr: np.ndarray, missing: np.ndarray) -> np.ndarray:
        if arr.dtype.kind in "biuf":
            return arr.astype(np.float64)
        filled = np.where(missing, "nan", arr)
        try:
            return filled.astype(np.float64)
        except (TypeError, ValueError, OverflowError):
            pass
        for i, value in enumerate(filled.tolist()):  # find the offending row
            try:
                float(value)
            except (TypeError, ValueError, OverflowError):
                raise self.error(name, f"{str(value)!r} is not a number", i) from None
        raise self.error(name, "cannot be read as numbers")

    def ints(
        self,
        name: str,
        default: int | None = None,
        *,
        minimum: int | None = None,
        required: bool = True,
    ) -> np.ndarray:
        """Exact 64-bit integers: text is parsed as integers (never through floats), a
        float cell must be integral and exactly representable."""
        arr = self._column(name, required and default is None)
        if arr is None:
            return np.full(self.length, 0 if default is None else default, dtype=np.int64)
        missing = self._missing(arr)
        if missing.any() and default is None:
            raise self.error(name, "missing value", int(missing.argmax()))
        out = self._to_int(name, arr, missing)
        if missing.any():
            out[missing] = default
        if minimum is not None:
            self.reject(name, out < minimum, f"value {{}} is below {minimum}", out)
        return out

    def _to_int(self, name: str, arr: np.ndarray, missing: np.ndarray) -> np.ndarray:
        if arr.dtype.kind in "bi":
            return arr.astype(np.int64)
        if arr.dtype.kind == "u":
            self.reject(name, arr > _INT64.max, "value {} does not fit in a 64-bit integer", arr)
            return arr.astype(np.int64)
        if arr.dtype.kind == "f":
            bad = ~missing & (~np.isfinite(arr) | (np.floor(arr) != arr))
            self.reject(name, bad, "value {} is not an integer", arr)
            big = ~missing & (np.abs(arr) > _EXACT_FLOAT_INT)
            self.reject(name, big, "value {} is too large to be exact in a floating-point "
                        "column; store it as an integer", arr)
            return np.where(missing, 0, arr).astype(np.int64)
        if arr.dtype.kind == "U":
            try:  # fast path: plain integer text
                return np.where(missing, "0", np.char.strip(arr)).astype(np.int64)
            except (ValueError, OverflowError):
                pass
        out = np.zeros(len(arr), dtype=np.int64)
        for i, (value, skip) in enumerate(zip(arr.tolist(), missing.tolist())):
            if not skip:
                out[i] = self._one_int(name, value, i)
        return out

    def _one_int(self, name: str, value: Any, row: int) -> int:
        text = str(value).strip()
        try:
            number = int(text)
        except ValueError:
            try:
                real = float(text)
            except ValueError:
                raise self.error(name, f"{text!r} is not a number", row) from None
            if not math.isfinite(real) or real != math.floor(real):
                raise self.error(name, f"value {text} is not an integer", row) from None
            if abs(real) > _EXACT_FLOAT_INT:
                if abs(real) <= _INT64.max:
                    raise self.error(name, f"value {text} is not exact; write the integer "
                                     "out in digits", row) from None
                raise self.error(name, f"value {text} does not fit in a 64-bit integer",
                                 row) from None
            number = int(real)
        if not _INT64.min <= number <= _INT64.max:
            raise self.error(name, f"value {text} does not fit in a 64-bit integer", row)
        return number


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (so messages never show np.str_(...))."""
    return value.item() if isinstance(value, np.generic) else value
