"""Table writers: CSV always, plus a Parquet copy (carrying the run id in its metadata)
when pyarrow is installed; files are staged in an OutputFolder (written atomically)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from lastleg.io.outputs import OutputFolder

Columns = dict[str, list[Any]]


def _write_csv(path: Path, columns: Columns) -> None:
    names = list(columns)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows(zip(*(columns[n] for n in names)))


def stage_table(out: OutputFolder, stem: str, columns: Columns, *, parquet: bool = True) -> None:
    """Stage ``stem.csv`` (and ``stem.parquet`` when pyarrow is importable)."""
    out.stage(f"{stem}.csv", lambda tmp: _write_csv(tmp, columns))
    if not parquet:
        return
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return
    table = pa.table(columns).replace_schema_metadata({"lastleg_run_id": out.run_id})
    out.stage(f"{stem}.parquet", lambda tmp: pq.write_table(table, tmp))


def stage_json(out: OutputFolder, name: str, value: Any) -> None:
    out.stage_text(name, json.dumps(value))
