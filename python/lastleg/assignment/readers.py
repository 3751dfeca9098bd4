"""Readers of the assignment tables: one function per table, each returning the
validated arrays it owns. Errors name the file, the column and the line (or row)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lastleg._validate import check_lat_lon
from lastleg.assignment.policy import Policy
from lastleg.errors import InputError
from lastleg.io.tables import Table

NODE_KINDS = ("warehouse", "store", "mfc", "hub")
SERVICE_MODES = ("fleet", "carrier")

#: every column each table may have (the readers below say which are required)
COLUMNS: dict[str, tuple[str, ...]] = {
    "nodes": ("node_id", "kind", "lat", "lon", "capacity_orders", "capacity_units",
              "cost_per_order", "cost_per_unit"),
    "services": ("node_id", "service_level", "mode", "max_km", "fixed_cost", "cost_per_km"),
    "inventory": ("node_id", "sku", "on_hand", "safety_stock"),
    "orders": ("order_id", "lat", "lon", "service_level", "priority", "tw_start", "tw_end",
               "allowed_nodes"),
    "lines": ("order_id", "sku", "qty"),
    "skus": ("sku", "weight_kg", "volume_l", "price"),
}

Arrays = dict[str, Any]


def policy_of(policy: Policy | dict[str, Any] | None) -> Policy:
    if policy is None:
        return Policy()
    if isinstance(policy, dict):
        return Policy.from_mapping(policy)
    if not isinstance(policy, Policy):
        raise InputError("policy", f"expected a Policy or a dict, got {type(policy).__name__}")
    return policy


def unique_ids(table: Table, column: str) -> tuple[tuple[str, ...], dict[str, int]]:
    """The column's ids (each once) and id -> row."""
    ids = tuple(table.strings(column))
    index: dict[str, int] = {}
    for row, key in enumerate(ids):
        if key in index:
            first = table.error(None, "", index[key])
            where = f"line {first.line}" if first.line is not None else f"row {first.row}"
            raise table.error(column, f"duplicate id {key!r} (first at {where})", row)
        index[key] = row
    return ids, index


def codes(table: Table, column: str, index: dict[str, int], what: str) -> np.ndarray:
    """Dense int32 codes of an id column; an id missing from ``index`` is an error."""
    keys = table.strings(column)
    out = np.empty(len(keys), dtype=np.int32)
    for row, key in enumerate(keys):
        code = index.get(key)
        if code is None:
            raise table.error(column, f"unknown {what} {key!r}", row)
        out[row] = code
    return out


def enum(table: Table, column: str, names: Sequence[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    out = np.empty(len(table), dtype=np.int8)
    for row, key in enumerate(table.strings(column)):
        code = index.get(key.lower())
        if code is None:
            raise table.error(column, f"{key!r} is not one of {list(names)}", row)
        out[row] = code
    return out


def lat_lon(table: Table) -> tuple[np.ndarray, np.ndarray]:
    lat, lon = table.floats("lat"), table.floats("lon")
    try:
        check_lat_lon("", lat, lon)
    except InputError as exc:
        column = "lat" if "latitude" in exc.problem else "lon"
        raise table.error(column, exc.problem, exc.row) from None
    return lat, lon


def read_nodes(t: Table) -> tuple[Arrays, dict[str, int]]:
    ids, index = unique_ids(t, "node_id")
    if not ids:
        raise InputError(t.source, "at least one node is required")
    lat, lon = lat_lon(t)
    return {
        "node_ids": ids,
        "node_kind": enum(t, "kind", NODE_KINDS),
        "node_lat": lat,
        "node_lon": lon,
        "node_capacity_orders": t.ints("capacity_orders", -1, minimum=-1, required=False),
        "node_capacity_units": t.ints("capacity_units", -1, minimum=-1, required=False),
        "node_cost_per_order": t.floats("cost_per_order", minimum=0.0),
        "node_cost_per_unit": t.floats("cost_per_unit", minimum=0.0),
    }, index


def read_levels(services: Table, orders: Table) -> tuple[Arrays, dict[str, int], list[str]]:
    """Service levels, matched case-insensitively: those some node offers first (as the
    services table spells them), then those only orders ask for (unservable)."""
    offered = services.strings("service_level")
    asked = orders.strings("service_level")
    names: dict[str, str] = {}
    for name in offered:
        names.setdefault(name.casefold(), name)
    n_offered = len(names)
    offered_keys = set(names)
    unknown: dict[str, int] = {}
    for name in asked:
        key = name.casefold()
        if key not in offered_keys:
            names.setdefault(key, name)
            unknown[names[key]] = unknown.get(names[key], 0) + 1
    notes = []
    if unknown:
        listed = ", ".join(f"{k!r} ({v} order{'s' if v > 1 else ''})" for k, v in unknown.items())
        notes.append(f"{orders.source}: service level{'s' if len(unknown) > 1 else ''} "
                     f"{listed} offered by no node: unserved 'unknown_service_level'")
    index = {key: i for i, key in enumerate(names)}
    return {"levels": tuple(names.values()), "n_levels_offered": n_offered}, index, notes


def level_codes(table: Table, index: dict[str, int]) -> np.ndarray:
    return np.array([index[s.casefold()] for s in table.strings("service_level")], dtype=np.int32)


def read_services(t: Table, node_index: dict[str, int], level_index: dict[str, int]) -> Arrays:
    node = codes(t, "node_id", node_index, "node")
    level = level_codes(t, level_index)
    seen: dict[tuple[int, int], int] = {}
    names = list(node_index)
    for row, pair in enumerate(zip(node.tolist(), level.tolist())):
        if pair in seen:
            raise t.error("service_level", f"node {names[pair[0]]!r} lists this level twice",
                          row)
        seen[pair] = row
    return {
        "svc_node": node,
        "svc_level": level,
        "svc_mode": enum(t, "mode", SERVICE_MODES),
        "svc_max_km": t.floats("max_km", minimum=0.0, allow_inf=True),
        "svc_fixed_cost": t.floats("fixed_cost", minimum=0.0),
        "svc_cost_per_km": t.floats("cost_per_km", minimum=0.0),
    }


def read_skus(catalogue: Table | None, inventory: Table, lines: Table
              ) -> tuple[Arrays, dict[str, int]]:
    """The SKUs of the batch: those in inventory first, then those only lines ask for.
    With a catalogue every SKU must be in it; its attributes follow (NaN: unknown)."""
    inv_skus, line_skus = inventory.strings("sku"), lines.strings("sku")
    attrs = {name: {} for name in ("weight_kg", "volume_l", "price")}
    if catalogue is not None:
        listed, row_of = unique_ids(catalogue, "sku")
        for table, skus in ((inventory, inv_skus), (lines, line_skus)):
            for row, sku in enumerate(skus):
                if sku not in row_of:
                    raise table.error("sku", f"SKU {sku!r} is not in {catalogue.source}", row)
        for name, values in attrs.items():
            column = catalogue.floats(name, np.nan, minimum=0.0, required=False)
            values.update(zip(listed, column.tolist()))
    skus = tuple(dict.fromkeys(inv_skus + line_skus))
    index = {name: i for i, name in enumerate(skus)}
    out: Arrays = {"skus": skus}
    for name, values in attrs.items():
        out[f"sku_{name}"] = np.array([values.get(s, np.nan) for s in skus], dtype=np.float64)
    return out, index


def read_inventory(t: Table, node_index: dict[str, int], sku_index: dict[str, int],
                   node_ids: Sequence[str]) -> Arrays:
    node = codes(t, "node_id", node_index, "node")
    sku = codes(t, "sku", sku_index, "SKU")
    on_hand = t.ints("on_hand", minimum=0)
    safety = t.ints("safety_stock", 0, minimum=0, required=False)
    seen: dict[tuple[int, int], int] = {}
    for row, pair in enumerate(zip(node.tolist(), sku.tolist())):
        if pair in seen:
            raise t.error("sku", f"node {node_ids[pair[0]]!r} lists this SKU twice", row)
        seen[pair] = row
    held = np.bincount(sku, weights=np.maximum(on_hand - safety, 0), minlength=len(sku_index))
    return {"inv_node": node, "inv_sku": sku, "inv_on_hand": on_hand,
            "inv_safety_stock": safety, "sku_no_stock": held <= 0}


def time_windows(t: Table) -> np.ndarray:
    start = t.floats("tw_start", np.nan, required=False, allow_inf=True)
    end = t.floats("tw_end", np.nan, required=False, allow_inf=True)
    has_start, has_end = ~np.isnan(start), ~np.isnan(end)
    if (has_start != has_end).any():
        row = int((has_start != has_end).argmax())
        raise t.error("tw_end" if has_start[row] else "tw_start",
                      "only one end of the window is given", row)
    bad = has_start & (end < start)
    if bad.any():
        row = int(bad.argmax())
        raise t.error("tw_end", f"window end {end[row]:g} is before its start {start[row]:g}",
                      row)
    return np.column_stack([start, end])


def allowed_nodes(t: Table, node_index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """CSR (offsets, node codes) of the ``;``-separated allowed_nodes column."""
    cells = t.strings("allowed_nodes", "", required=False)
    offsets = np.zeros(len(cells) + 1, dtype=np.int64)
    found: list[int] = []
    for row, cell in enumerate(cells):
        for key in filter(None, (part.strip() for part in cell.split(";"))):
            if key not in node_index:
                raise t.error("allowed_nodes", f"unknown node {key!r}", row)
            found.append(node_index[key])
        offsets[row + 1] = len(found)
    return offsets, np.array(found, dtype=np.int32)


def read_orders(t: Table, node_index: dict[str, int], level_index: dict[str, int]
                ) -> tuple[Arrays, dict[str, int]]:
    ids, index = unique_ids(t, "order_id")
    lat, lon = lat_lon(t)
    offsets, allowed = allowed_nodes(t, node_index)
    return {
        "order_ids": ids,
        "order_lat": lat,
        "order_lon": lon,
        "order_level": level_codes(t, level_index),
        "order_priority": t.ints("priority", 0, minimum=0, required=False),
        "order_tw": time_windows(t),
        "allowed_offsets": offsets,
        "allowed_nodes": allowed,
    }, index


def read_lines(t: Table, orders: Table, order_index: dict[str, int],
               sku_index: dict[str, int]) -> Arrays:
    order = codes(t, "order_id", order_index, "order")
    counts = np.bincount(order, minlength=len(order_index))
    if len(counts) and (counts == 0).any():
        row = int((counts == 0).argmax())
        raise orders.error("order_id", f"order {list(order_index)[row]!r} has no lines in "
                           f"{t.source}", row)
    return {"line_order": order, "line_sku": codes(t, "sku", sku_index, "SKU"),
            "line_qty": t.ints("qty", minimum=1)}


def stockout_notes(problem: Any) -> list[str]:
    """One note on the lines whose SKU no node holds (they are unserved 'no_stock')."""
    out = problem.sku_no_stock[problem.line_sku]
    if not out.any():
        return []
    n_skus = len(np.unique(problem.line_sku[out]))
    note = (f"{int(out.sum())} of {len(out)} lines ({n_skus} SKU{'s' if n_skus > 1 else ''}) "
            "ask for stock that no node holds above safety stock: unserved 'no_stock'")
    return [note]
