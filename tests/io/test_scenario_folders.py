"""Probes of scenario folders as people really write them: every case either plans with
every ordered unit accounted for (assignments + unserved = ordered, read back from the
output files) or exits 2 with a message naming the file, the column and the line as an
editor shows it (header = line 1). Never a traceback, never a silent change.

Each probe edits a copy of one small generated folder as text, the way a person would.
"""

from __future__ import annotations

import codecs
import csv
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from lastleg.cli import main
from lastleg.generate import generate_scenario
from lastleg.io.outputs import verify_outputs


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("base")
    generate_scenario(200, 5, 150, seed=3, out=folder)
    return folder


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write_lines(path: Path, rows: list[str]) -> None:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def set_cell(folder: Path, stem: str, line: int, column: str, value: str) -> None:
    """Set ``column`` on editor line ``line`` (header = 1) of ``stem.csv``."""
    rows = lines_of(folder / f"{stem}.csv")
    header = rows[0].split(",")
    cells = rows[line - 1].split(",")
    cells[header.index(column)] = value
    rows[line - 1] = ",".join(cells)
    write_lines(folder / f"{stem}.csv", rows)


def rename_column(folder: Path, stem: str, old: str, new: str) -> None:
    rows = lines_of(folder / f"{stem}.csv")
    rows[0] = ",".join(new if c == old else c for c in rows[0].split(","))
    write_lines(folder / f"{stem}.csv", rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def ordered_units(folder: Path) -> Counter[tuple[str, str]]:
    """(order_id, sku) -> units, read independently of lastleg (any encoding it accepts)."""
    raw = (folder / "lines.csv").read_bytes()
    text = raw.decode("utf-16" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
                      else "utf-8-sig")
    out: Counter[tuple[str, str]] = Counter()
    for raw_row in csv.DictReader(text.splitlines()):
        row = {k.strip(): v for k, v in raw_row.items()}
        if any(v.strip() for v in row.values()):
            out[(row["order_id"].strip(), row["sku"].strip())] += int(float(row["qty"])) \
                if "e" in row["qty"] else int(row["qty"])
    return out


def run(command: str, folder: Path, out: Path, capsys: pytest.CaptureFixture[str],
        *extra: str) -> tuple[int, str]:
    args = [command, str(folder), "--out", str(out), "--quiet", "--threads", "1",
            "--time-limit", "1", *extra]
    code = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def accounted(folder: Path, out: Path) -> list[dict[str, str]]:
    """Assert every ordered unit is assigned or unserved exactly; returns unserved rows."""
    assert verify_outputs(out) == []
    done: Counter[tuple[str, str]] = Counter()
    for row in read_csv(out / "assignments.csv"):
        done[(row["order_id"], row["sku"])] += int(row["qty"])
    unserved = read_csv(out / "unserved.csv")
    for row in unserved:
        done[(row["order_id"], row["sku"])] += int(row["qty"])
        assert row["reason"]
    assert done == ordered_units(folder)
    return unserved


Edit = Callable[[Path], None]


def probe(base: Path, tmp_path: Path, edit: Edit) -> Path:
    folder = tmp_path / "scenario"
    shutil.copytree(base, folder)
    edit(folder)
    return folder


# ----------------------------------------------------------------------------- errors

def drop_column(stem: str, column: str) -> Edit:
    def edit(folder: Path) -> None:
        rows = [r.split(",") for r in lines_of(folder / f"{stem}.csv")]
        k = rows[0].index(column)
        write_lines(folder / f"{stem}.csv", [",".join(r[:k] + r[k + 1:]) for r in rows])
    return edit


def cell(stem: str, line: int, column: str, value: str) -> Edit:
    return lambda folder: set_cell(folder, stem, line, column, value)


def duplicate_line(stem: str, line: int) -> Edit:
    def edit(folder: Path) -> None:
        rows = lines_of(folder / f"{stem}.csv")
        write_lines(folder / f"{stem}.csv", [*rows, rows[line - 1]])
    return edit


def blank_lines_then(stem: str, line: int, column: str, value: str) -> Edit:
    """Two blank lines after the header, then a bad cell on what becomes ``line``."""
    def edit(folder: Path) -> None:
        rows = lines_of(folder / f"{stem}.csv")
        rows[1:1] = ["", ""]
        write_lines(folder / f"{stem}.csv", rows)
        set_cell(folder, stem, line, column, value)
    return edit


def quoted_newline_then(folder: Path) -> None:
    """A quoted order id with a line break on line 2, a bad qty on the next record."""
    rows = lines_of(folder / "lines.csv")
    oid = rows[1].split(",")[0]
    set_cell(folder, "orders", 2, "order_id", f'"{oid[:2]}\n{oid[2:]}"')
    rows[1] = f'"{oid[:2]}\n{oid[2:]}",' + ",".join(rows[1].split(",")[1:])
    cells = rows[2].split(",")
    cells[2] = "many"
    rows[2] = ",".join(cells)
    write_lines(folder / "lines.csv", rows)


def semicolons(folder: Path) -> None:
    rows = lines_of(folder / "orders.csv")
    write_lines(folder / "orders.csv", [r.replace(",", ";") for r in rows])


def latin1(folder: Path) -> None:
    rows = lines_of(folder / "orders.csv")
    rows[3] = rows[3].replace(rows[3].split(",")[0], "Straße-1", 1)
    (folder / "orders.csv").write_bytes(("\n".join(rows) + "\n").encode("latin-1"))


def too_many_fields(folder: Path) -> None:
    rows = lines_of(folder / "inventory.csv")
    rows[4] += ",7"
    write_lines(folder / "inventory.csv", rows)


def policy_text(text: str) -> Edit:
    return lambda folder: (folder / "policy.json").write_text(text, encoding="utf-8")


def empty_file(stem: str) -> Edit:
    return lambda folder: (folder / f"{stem}.csv").write_text("", encoding="utf-8")


def catalogue_without(folder: Path) -> None:
    skus = sorted({r["sku"] for r in read_csv(folder / "inventory.csv")}
                  | {r["sku"] for r in read_csv(folder / "lines.csv")})
    missing = read_csv(folder / "lines.csv")[4]["sku"]
    rows = lines_of(folder / "inventory.csv")  # only lines.csv names it now
    write_lines(folder / "inventory.csv", [r for r in rows if r.split(",")[1] != missing])
    write_lines(folder / "skus.csv", ["sku,weight_kg"] + [f"{s},1.5" for s in skus
                                                            if s != missing])


def parquet_beside_csv(folder: Path) -> None:
    pytest.importorskip("pyarrow")
    shutil.copy(folder / "orders.csv", folder / "orders.parquet")


def corrupt_parquet(folder: Path) -> None:
    pytest.importorskip("pyarrow")
    (folder / "lines.csv").unlink()
    (folder / "lines.parquet").write_bytes(b"PAR1 this is not parquet PAR1")


ERRORS: list[tuple[str, Edit, list[str]]] = [
    ("missing column", drop_column("orders", "lat"), ["orders.csv", "missing column 'lat'"]),
    ("empty file", empty_file("nodes"), ["nodes.csv", "line 1", "empty file"]),
    ("duplicate order id", duplicate_line("orders", 5),
     ["orders.csv column 'order_id', line 202", "duplicate id", "first at line 5"]),
    ("duplicate inventory row", duplicate_line("inventory", 3),
     ["inventory.csv column 'sku'", "lists this SKU twice"]),
    ("NaN latitude", cell("orders", 7, "lat", "nan"),
     ["orders.csv column 'lat', line 7", "not finite"]),
    ("infinite longitude", cell("nodes", 3, "lon", "inf"),
     ["nodes.csv column 'lon', line 3", "not finite"]),
    ("latitude out of range", cell("orders", 9, "lat", "95.2"),
     ["orders.csv column 'lat', line 9", "latitude 95.2"]),
    ("reversed window", cell("orders", 2, "tw_end", "100"),
     ["orders.csv column 'tw_end', line 2", "before its start"]),
    ("one end of a window", cell("orders", 2, "tw_end", ""),
     ["orders.csv column 'tw_end', line 2", "only one end"]),
    ("negative quantity", cell("lines", 6, "qty", "-2"),
     ["lines.csv column 'qty', line 6", "below 1"]),
    ("fractional quantity", cell("lines", 6, "qty", "1.5"),
     ["lines.csv column 'qty', line 6", "not an integer"]),
    ("quantity beyond 64 bits", cell("lines", 8, "qty", "1e19"),
     ["lines.csv column 'qty', line 8", "does not fit in a 64-bit integer"]),
    ("decimal comma", cell("nodes", 2, "cost_per_unit", '"0,25"'),
     ["nodes.csv column 'cost_per_unit', line 2", "'0,25' is not a number"]),
    ("unknown order in lines", cell("lines", 4, "order_id", "O999"),
     ["lines.csv column 'order_id', line 4", "unknown order 'O999'"]),
    ("unknown node in inventory", cell("inventory", 10, "node_id", "WH99"),
     ["inventory.csv column 'node_id', line 10", "unknown node 'WH99'"]),
    ("unknown node kind", cell("nodes", 2, "kind", "depot"),
     ["nodes.csv column 'kind', line 2", "'depot' is not one of"]),
    ("blank cell in a required column", cell("orders", 11, "order_id", "  "),
     ["orders.csv column 'order_id', line 11", "missing value"]),
    ("blank lines counted", blank_lines_then("lines", 6, "qty", "x"),
     ["lines.csv column 'qty', line 6", "'x' is not a number"]),
    ("quoted line break counted", quoted_newline_then,
     ["lines.csv column 'qty', line 4", "'many' is not a number"]),
    ("too many fields", too_many_fields, ["inventory.csv, line 5", "has 5 fields"]),
    ("semicolon-separated", semicolons, ["orders.csv, line 1", "semicolon-separated"]),
    ("not UTF-8", latin1, ["orders.csv, line 4", "not UTF-8"]),
    ("policy: broken JSON", policy_text('{"split_penalty": 5,'), ["policy.json", "invalid JSON"]),
    ("policy: unknown key", policy_text('{"split_penalti": 5}'),
     ["policy.json", "unknown keys ['split_penalti']"]),
    ("policy: wrong type", policy_text('{"max_parcels": "three"}'), ["policy.max_parcels"]),
    ("policy: not an object", policy_text("[1, 2]"), ["policy.json", "expected a JSON object"]),
    ("catalogue lacks a SKU", catalogue_without,
     ["lines.csv column 'sku', line 6", "is not in skus.csv"]),
    ("CSV beside Parquet", parquet_beside_csv,
     ["orders.csv and orders.parquet", "remove the one that is not current"]),
    ("corrupt Parquet", corrupt_parquet, ["lines.parquet", "not a readable Parquet file"]),
]


@pytest.mark.parametrize(("name", "edit", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_folder_is_a_clear_error(base: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str], name: str, edit: Edit,
                                     expected: list[str]) -> None:
    folder = probe(base, tmp_path, edit)
    code, err = run("assign", folder, tmp_path / "out", capsys)
    assert code == 2, name
    assert err.startswith("lastleg: error: ")
    for part in expected:
        assert part in err, (part, err)
    assert not (tmp_path / "out" / "summary.json").exists()


FLEET_ERRORS: list[tuple[str, Edit, list[str]]] = [
    ("reversed shift", cell("fleet", 2, "shift_end", "3600"),
     ["fleet.csv column 'shift_end', line 2", "before it starts"]),
    ("unknown fleet node", cell("fleet", 3, "node_id", "XX"),
     ["fleet.csv column 'node_id', line 3", "unknown node 'XX'"]),
    ("zero speed", cell("fleet", 2, "speed_kmh", "0"),
     ["fleet.csv column 'speed_kmh', line 2", "must be > 0"]),
    ("negative count", cell("fleet", 2, "count", "-1"), ["fleet.csv column 'count', line 2"]),
]


@pytest.mark.parametrize(("name", "edit", "expected"), FLEET_ERRORS,
                         ids=[e[0] for e in FLEET_ERRORS])
def test_bad_fleet_is_a_clear_error(base: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str], name: str, edit: Edit,
                                    expected: list[str]) -> None:
    folder = probe(base, tmp_path, edit)
    code, err = run("plan", folder, tmp_path / "out", capsys)
    assert code == 2, name
    for part in expected:
        assert part in err, (part, err)


# ------------------------------------------------------------------- plans that go on

def stockout_without_rows(folder: Path) -> None:
    """A SKU that lines ask for loses every inventory row (a long-tail stockout)."""
    sku = read_csv(folder / "lines.csv")[0]["sku"]
    rows = lines_of(folder / "inventory.csv")
    write_lines(folder / "inventory.csv", [r for r in rows if r.split(",")[1] != sku])


def huge_quantity(folder: Path) -> None:
    set_cell(folder, "lines", 2, "qty", str(2**53 + 1))


def exponent_quantity(folder: Path) -> None:
    set_cell(folder, "lines", 2, "qty", "1e3")


def every_node_closed(folder: Path) -> None:
    rows = lines_of(folder / "nodes.csv")
    k = rows[0].split(",").index("capacity_orders")
    out = [rows[0]]
    for row in rows[1:]:
        cells = row.split(",")
        cells[k] = "0"
        out.append(",".join(cells))
    write_lines(folder / "nodes.csv", out)


def unknown_level(folder: Path) -> None:
    set_cell(folder, "orders", 2, "service_level", "express")
    set_cell(folder, "orders", 3, "service_level", "express")


def mixed_case_level(folder: Path) -> None:
    for line in (2, 3, 4):
        level = lines_of(folder / "orders.csv")[line - 1].split(",")[3]
        set_cell(folder, "orders", line, "service_level", level.upper())


def bom_crlf(folder: Path) -> None:
    for stem in ("orders", "lines"):
        text = (folder / f"{stem}.csv").read_text(encoding="utf-8")
        (folder / f"{stem}.csv").write_bytes(codecs.BOM_UTF8
                                             + text.replace("\n", "\r\n").encode("utf-8"))


def utf16(folder: Path) -> None:
    text = (folder / "lines.csv").read_text(encoding="utf-8")
    (folder / "lines.csv").write_bytes(text.encode("utf-16"))


def non_ascii_ids(folder: Path) -> None:
    for stem in ("orders", "lines"):
        text = (folder / f"{stem}.csv").read_text(encoding="utf-8")
        (folder / f"{stem}.csv").write_text(text.replace("O0", "Ördre-№"), encoding="utf-8")
    for stem in ("inventory", "lines"):
        text = (folder / f"{stem}.csv").read_text(encoding="utf-8")
        (folder / f"{stem}.csv").write_text(text.replace("SKU", "Käse-"), encoding="utf-8")


def padded_header(folder: Path) -> None:
    rows = lines_of(folder / "lines.csv")
    rows[0] = " order_id , sku ,qty "
    write_lines(folder / "lines.csv", rows)


def far_away_order(folder: Path) -> None:
    set_cell(folder, "orders", 5, "lat", "-33.9")
    set_cell(folder, "orders", 5, "lon", "151.2")


def extra_column(folder: Path) -> None:
    rows = lines_of(folder / "inventory.csv")
    rows[0] += ",safety_stok"
    rows[1:] = [r + ",3" for r in rows[1:]]
    write_lines(folder / "inventory.csv", rows)


def empty_day(folder: Path) -> None:
    for stem in ("orders", "lines"):
        write_lines(folder / f"{stem}.csv", lines_of(folder / f"{stem}.csv")[:1])


def the_order(folder: Path, line: int) -> str:
    return lines_of(folder / "orders.csv")[line - 1].split(",")[0]


GOES_ON: list[tuple[str, Edit]] = [
    ("stockout without rows", stockout_without_rows),
    ("quantity 2**53 + 1", huge_quantity),
    ("quantity written 1e3", exponent_quantity),
    ("every node capacity 0", every_node_closed),
    ("unknown service level", unknown_level),
    ("service level in capitals", mixed_case_level),
    ("BOM and CRLF", bom_crlf),
    ("UTF-16", utf16),
    ("non-ASCII ids", non_ascii_ids),
    ("padded header", padded_header),
    ("order far away", far_away_order),
    ("misspelt optional column", extra_column),
    ("empty day", empty_day),
]


@pytest.mark.parametrize(("name", "edit"), GOES_ON, ids=[g[0] for g in GOES_ON])
def test_day_goes_on_with_every_unit_accounted(base: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str], name: str,
                                                edit: Edit) -> None:
    folder = probe(base, tmp_path, edit)
    out = tmp_path / "out"
    code, err = run("assign", folder, out, capsys)
    assert code == 0, err
    unserved = accounted(folder, out)
    reasons = Counter(r["reason"] for r in unserved)
    by_order = {r["order_id"]: r["reason"] for r in unserved}
    if name == "stockout without rows":
        sku = read_csv(folder / "lines.csv")[0]["sku"]
        assert {r["reason"] for r in unserved if r["sku"] == sku} == {"no_stock"}
        assert "lastleg: warning:" in err and "no_stock" in err
    elif name == "quantity 2**53 + 1":
        row = read_csv(folder / "lines.csv")[0]
        (hit,) = [r for r in unserved if (r["order_id"], r["sku"]) == (row["order_id"],
                                                                       row["sku"])]
        assert hit["qty"] == str(2**53 + 1)
    elif name == "every node capacity 0":
        assert set(reasons) == {"capacity"} or set(reasons) <= {"capacity", "no_stock",
                                                                "order_incomplete"}
        assert reasons["capacity"] > 0.8 * sum(reasons.values())
    elif name == "unknown service level":
        assert by_order[the_order(folder, 2)] == "unknown_service_level"
        assert "'express' (2 orders)" in err
    elif name == "service level in capitals":
        assert "unknown_service_level" not in reasons
    elif name == "order far away":
        assert by_order[the_order(folder, 5)] == "out_of_reach"
    elif name == "misspelt optional column":
        assert "'safety_stok' not used" in err
    elif name == "non-ASCII ids":
        assert any(r["order_id"].startswith("Ördre-№") for r in
                   read_csv(out / "assignments.csv"))


def test_stockout_plans_end_to_end(base: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The whole plan (assignment, routing, outputs) goes on through a stockout."""
    folder = probe(base, tmp_path, stockout_without_rows)
    out = tmp_path / "plan"
    code, err = run("plan", folder, out, capsys)
    assert code == 0, err
    unserved = accounted(folder, out)
    assert "no_stock" in {r["reason"] for r in unserved}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["orders_total"] == 200
    assert any("no_stock" in w for w in summary["warnings"])


# ------------------------------------------------------------------------ outputs

@pytest.mark.parametrize("where", ["a file", "/dev/null", "under a file", "the input folder"])
def test_unwritable_out_fails_before_solving(base: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             where: str) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("mine")
    out = {"a file": blocker, "/dev/null": Path("/dev/null"),
           "under a file": blocker / "out", "the input folder": base}[where]
    code, err = run("plan", base, out, capsys)
    assert code == 2
    assert f"--out {out}" in err
    assert blocker.read_text() == "mine"
