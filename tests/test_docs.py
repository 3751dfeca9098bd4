"""The docs match the code: every column a reader accepts, every policy key, every output
column and every reason is named in docs/formats.md; nothing cites files outside the
repository."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from lastleg.assignment.policy import Policy
from lastleg.assignment.readers import COLUMNS
from lastleg.assignment.result import ASSIGNMENT_COLUMNS, UNSERVED_COLUMNS, UNSERVED_REASONS
from lastleg.io.outputs import SCHEMA_VERSION
from lastleg.plan.fleet import COLUMNS as FLEET_COLUMNS
from lastleg.plan.outputs import ROUTE_COLUMNS
from lastleg.routing.solution import UNASSIGNED_REASONS

REPO = Path(__file__).resolve().parents[1]
FORMATS = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")


def named(name: str) -> bool:
    """``name`` appears in formats.md as code (in backticks, alone or in a list)."""
    return re.search(rf"`\[?{re.escape(name)}\]?`", FORMATS) is not None


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_every_table_column_is_documented(table: str) -> None:
    assert f"### {table}" in FORMATS
    assert [c for c in COLUMNS[table] if not named(c)] == []


def test_fleet_policy_outputs_and_reasons_are_documented() -> None:
    names = [*FLEET_COLUMNS, *(f.name for f in fields(Policy)), *ASSIGNMENT_COLUMNS,
             *UNSERVED_COLUMNS, *ROUTE_COLUMNS, *UNSERVED_REASONS, *UNASSIGNED_REASONS]
    assert [n for n in names if not named(n)] == []
    assert f"`schema_version` (now {SCHEMA_VERSION})" in FORMATS


def test_the_documented_output_columns_are_the_written_ones() -> None:
    for name, columns in (("assignments.csv", ASSIGNMENT_COLUMNS),
                          ("unserved.csv", UNSERVED_COLUMNS), ("routes.csv", ROUTE_COLUMNS)):
        row = next(line for line in FORMATS.splitlines() if line.startswith(f"| `{name}` |"))
        assert re.findall(r"`([a-z_]+)`", row.split("|")[2]) == list(columns), name


def test_nothing_cites_files_outside_the_repository() -> None:
    offenders = []
    for path in [REPO / "README.md", *REPO.glob("docs/*.md"), *REPO.glob("python/**/*.py"),
                 *REPO.glob("cpp/**/*.[hc]*"), *REPO.glob("cpp/**/*.md"), *REPO.glob("src/*")]:
        if path.is_file() and "DESIGN.md" in path.read_text(encoding="utf-8", errors="ignore"):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
