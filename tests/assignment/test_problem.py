"""AssignmentProblem: tables (dicts, DataFrames, scenario folders) in, validated
arrays out; bad input raises InputError naming the table, column and row."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lastleg import AssignmentProblem, InputError, Policy


def tables() -> dict[str, dict[str, list]]:
    return {
        "nodes": {
            "node_id": ["W1", "S1"],
            "kind": ["warehouse", "store"],
            "lat": [52.0, 52.1],
            "lon": [4.0, 4.1],
            "capacity_orders": ["", "50"],
            "capacity_units": ["", ""],
            "cost_per_order": [1.0, 2.0],
            "cost_per_unit": [0.1, 0.2],
        },
        "services": {
            "node_id": ["W1", "S1", "W1"],
            "service_level": ["next_day", "same_day", "two_day"],
            "mode": ["carrier", "fleet", "carrier"],
            "max_km": [500, 15, "inf"],
            "fixed_cost": [4.0, 2.0, 3.0],
            "cost_per_km": [0.01, 0.5, 0.005],
        },
        "inventory": {
            "node_id": ["W1", "W1", "S1"],
            "sku": ["A", "B", "A"],
            "on_hand": [10, 5, 2],
            "safety_stock": [0, 1, ""],
        },
        "orders": {
            "order_id": ["o1", "o2", "o3"],
            "lat": [52.05, 52.2, 51.9],
            "lon": [4.05, 4.2, 4.0],
            "service_level": ["same_day", "next_day", "express"],
            "priority": [0, 2, ""],
            "tw_start": [3600, "", ""],
            "tw_end": [7200, "", ""],
            "allowed_nodes": ["", "W1;S1", ""],
        },
        "lines": {
            "order_id": ["o1", "o1", "o2", "o3"],
            "sku": ["A", "B", "A", "B"],
            "qty": [1, 2, 1, 1],
        },
    }


def test_valid_batch() -> None:
    p = AssignmentProblem(**tables())
    assert (p.n_orders, p.n_lines, p.n_nodes) == (3, 4, 2)
    assert p.node_capacity_orders.tolist() == [-1, 50]
    assert p.levels == ("next_day", "same_day", "two_day", "express")
    assert p.order_level.tolist() == [1, 0, 3]  # "express": offered by nobody, not an error
    assert np.isinf(p.svc_max_km[2])
    assert p.inv_safety_stock.tolist() == [0, 1, 0]
    assert p.order_priority.tolist() == [0, 2, 0]
    assert p.order_tw[0].tolist() == [3600, 7200] and np.isnan(p.order_tw[1]).all()
    assert p.order_allowed(1).tolist() == [0, 1] and p.order_allowed(0).size == 0
    assert p.line_sku.tolist() == [0, 1, 0, 1]
    assert p.policy == Policy()


def test_from_dataframes() -> None:
    pd = pytest.importorskip("pandas")
    frames = {k: pd.DataFrame(v) for k, v in tables().items()}
    p = AssignmentProblem(**frames, policy={"split_penalty": 9.0})
    assert p.n_orders == 3 and p.policy.split_penalty == 9.0


def write_folder(folder: Path, data: dict[str, dict[str, list]]) -> None:
    for stem, cols in data.items():
        names = list(cols)
        lines = [",".join(names)] + [
            ",".join(str(v) for v in row) for row in zip(*(cols[n] for n in names))
        ]
        (folder / f"{stem}.csv").write_text("\n".join(lines) + "\n")


def test_from_dir_csv_and_policy(tmp_path: Path) -> None:
    data = tables()
    data["orders"]["allowed_nodes"] = ["", "W1", ""]
    write_folder(tmp_path, data)
    (tmp_path / "policy.json").write_text(json.dumps({"max_parcels": 2, "allow_partial": True}))
    p = AssignmentProblem.from_dir(tmp_path)
    assert p.n_lines == 4 and p.policy.max_parcels == 2 and p.policy.allow_partial


def test_from_dir_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    data = tables()
    write_folder(tmp_path, data)
    (tmp_path / "orders.csv").unlink()
    orders = {k: [str(v) for v in vals] for k, vals in data["orders"].items()}
    pq.write_table(pa.table(orders), tmp_path / "orders.parquet")
    assert AssignmentProblem.from_dir(tmp_path).n_orders == 3


def test_missing_file_and_column(tmp_path: Path) -> None:
    data = tables()
    write_folder(tmp_path, data)
    (tmp_path / "lines.csv").unlink()
    with pytest.raises(InputError, match=r"missing file lines.csv"):
        AssignmentProblem.from_dir(tmp_path)
    del data["orders"]["lat"]
    write_folder(tmp_path, data)
    with pytest.raises(InputError, match=r"orders.csv: missing column 'lat'"):
        AssignmentProblem.from_dir(tmp_path)


def broken(table: str, column: str, row: int, value: object) -> dict:
    data = tables()
    data[table][column][row] = value
    return data


@pytest.mark.parametrize(
    ("data", "field", "row", "message"),
    [
        (broken("inventory", "node_id", 1, "X9"), "inventory column 'node_id'", 1, "unknown node"),
        (broken("services", "node_id", 0, "X9"), "services column 'node_id'", 0, "unknown node"),
        (
            broken("orders", "allowed_nodes", 1, "W1;Q"),
            "orders column 'allowed_nodes'",
            1,
            "unknown node 'Q'",
        ),
        (broken("inventory", "on_hand", 0, -3), "inventory column 'on_hand'", 0, "below 0"),
        (broken("lines", "qty", 1, 1.5), "lines column 'qty'", 1, "not an integer"),
        (broken("lines", "qty", 1, 0), "lines column 'qty'", 1, "below 1"),
        (broken("lines", "order_id", 3, "o9"), "lines column 'order_id'", 3, "unknown order"),
        (broken("orders", "order_id", 2, "o1"), "orders column 'order_id'", 2, "duplicate id"),
        (broken("nodes", "node_id", 1, "W1"), "nodes column 'node_id'", 1, "duplicate id"),
        (broken("orders", "lat", 0, "nan"), "orders column 'lat'", 0, "not finite"),
        (broken("orders", "lat", 0, "north"), "orders column 'lat'", 0, "not a number"),
        (broken("orders", "lat", 1, 95.0), "orders column 'lat'", 1, "latitude"),
        (broken("orders", "tw_end", 0, 100), "orders column 'tw_end'", 0, "before its start"),
        (broken("nodes", "kind", 0, "depot"), "nodes column 'kind'", 0, "not one of"),
        (broken("services", "mode", 1, "drone"), "services column 'mode'", 1, "not one of"),
        (broken("orders", "order_id", 2, ""), "orders column 'order_id'", 2, "missing value"),
    ],
)
def test_bad_tables(data, field, row, message) -> None:
    with pytest.raises(InputError, match=message) as info:
        AssignmentProblem(**data)
    assert info.value.field == field
    assert info.value.row == row


def test_order_without_lines() -> None:
    data = tables()
    data["lines"] = {k: v[:3] for k, v in data["lines"].items()}  # o3 loses its only line
    with pytest.raises(InputError, match="'o3' has no lines") as info:
        AssignmentProblem(**data)
    assert info.value.row == 2


def test_duplicate_inventory_row() -> None:
    data = tables()
    data["inventory"]["sku"][1] = "A"
    with pytest.raises(InputError, match="lists this SKU twice"):
        AssignmentProblem(**data)


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"max_parcels": 0}, "max_parcels"),
        ({"split_penalty": -1.0}, "split_penalty"),
        ({"detour_factor": 0.5}, "detour_factor"),
        ({"allow_partial": "yes"}, "allow_partial"),
        ({"bogus": 1}, "unknown keys"),
    ],
)
def test_bad_policy(policy: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        AssignmentProblem(**tables(), policy=policy)
