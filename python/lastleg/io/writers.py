"""Table writers: CSV always, plus a Parquet copy when pyarrow is installed."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

Columns = dict[str, list[Any]]


def write_table(folder: Path, stem: str, columns: Columns, *, parquet: bool = True) -> Path:
    """Write ``stem.csv`` (and ``stem.parquet`` when pyarrow is importable)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = list(columns)
    path = folder / f"{stem}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows(zip(*(columns[n] for n in names)))
    if parquet:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            return path
        pq.write_table(pa.table(columns), folder / f"{stem}.parquet")
    return path
