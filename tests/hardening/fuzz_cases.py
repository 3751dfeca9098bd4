"""Malformed-input fuzz cases for every public constructor and solve function.

``run_case(seed)`` builds one random (usually broken) input from ``seed`` alone and
feeds it through the public API. The outcome is ``"ok"`` (a valid answer, checked
by the independent checkers where there is one), ``"InputError"`` (a clear refusal)
or ``"BAD <type>: <message>"`` for anything else. A segfault or an abort kills the
process: run cases in a child process (``python fuzz_cases.py START COUNT``) that
prints ``BEGIN seed`` before and ``END seed outcome`` after each case, so that the
parent names the case that crashed. Used by tests/hardening/test_fuzz.py (a bounded
count) and bench/fuzz.py (a long run).
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import lastleg
from lastleg import InputError, VehicleType
from lastleg.travel import Coordinates, nearest_neighbours

# ---------------------------------------------------------------- bad values

SCALARS: list[Any] = [
    math.nan, math.inf, -math.inf, -1, -1.5, 0, 0.0, 1e308, -1e308, 2**31, 2**63,
    2**64 + 5, -(2**63), "", "x", "ünï©ødé", b"\x00", None, True, [], [1, 2], {}, 1 + 2j,
    np.float32(np.nan), np.int64(-1), np.uint64(2**64 - 1), object(),
]


def _bad_array(rng: np.random.Generator, good: Any) -> Any:
    """A corrupted version of the array-like ``good``."""
    try:
        arr = np.asarray(good)
    except ValueError:  # already ragged from an earlier mutation
        arr = np.array([1.0, 2.0])
    kind = int(rng.integers(0, 17))
    if kind == 0:  # poison one element
        if arr.size == 0 or arr.dtype.kind not in "fiu":
            return np.array([math.nan])
        out = arr.astype(np.float64, copy=True)
        out.flat[int(rng.integers(0, out.size))] = rng.choice(
            [math.nan, math.inf, -math.inf, -1.0, 1e308, -1e308, 2.0**63, 0.5])
        return out
    if kind == 1:  # empty
        return np.zeros((0, *arr.shape[1:]), dtype=arr.dtype if arr.dtype != object else float)
    if kind == 2:  # wrong dtype: strings
        return arr.astype(str)
    if kind == 3:  # object dtype with a mix
        out = arr.astype(object)
        if out.size:
            out.flat[0] = rng.choice(np.array(["a", None, 1.5, math.nan], dtype=object))
        return out
    if kind == 4:  # complex
        return arr.astype(np.complex128) if arr.dtype.kind in "fiub" else arr
    if kind == 5:  # non-contiguous view
        if arr.ndim == 0 or arr.dtype.kind not in "fiub":
            return arr
        big = np.repeat(arr, 2, axis=0)
        return big[::2]
    if kind == 6:  # read-only
        out = np.array(arr, copy=True)
        out.flags.writeable = False
        return out
    if kind == 7:  # Fortran order / transposed
        return np.asfortranarray(arr) if arr.ndim == 2 else arr.reshape(-1, 1)
    if kind == 8:  # one row too many / few
        if arr.ndim == 0 or arr.shape[0] == 0:
            return arr
        return arr[:-1] if rng.random() < 0.5 else np.concatenate([arr, arr[:1]])
    if kind == 9:  # negative
        return -np.abs(arr.astype(np.float64)) - 1 if arr.dtype.kind in "fiu" else arr
    if kind == 10:  # huge
        return np.full(arr.shape, rng.choice([1e18, 2.0**62, 1e300]))
    if kind == 11:  # int overflow types
        return np.full(arr.shape, np.iinfo(np.int64).max, dtype=np.int64)
    if kind == 12:  # bool / uint8
        return arr.astype(bool) if arr.dtype.kind in "fiu" else arr
    if kind == 13:  # a scalar instead of an array
        return rng.choice(np.array(SCALARS[:12], dtype=object))
    if kind == 14:  # ragged nested list
        return [[1.0], [1.0, 2.0, 3.0]]
    if kind == 15:  # 3-D
        return arr.reshape((1, *arr.shape)) if arr.size else np.zeros((1, 1, 1))
    return arr.astype(np.float32) if arr.dtype.kind in "fiu" else arr


def _pick(rng: np.random.Generator, values: list[Any]) -> Any:
    return values[int(rng.integers(0, len(values)))]


# ---------------------------------------------------------------- routing

def _routing_kwargs(rng: np.random.Generator) -> dict[str, Any]:
    n = int(rng.integers(1, 9))
    dims = int(rng.integers(1, 3))
    depots = rng.uniform(0, 100, (int(rng.integers(1, 3)), 2))
    stops = rng.uniform(0, 100, (n, 2))
    demand = rng.integers(0, 4, (n, dims)) if dims > 1 else rng.integers(0, 4, n)
    cap: Any = [10] * dims if dims > 1 else 10
    kw: dict[str, Any] = {
        "depots": depots, "stops": stops,
        "vehicle_types": [VehicleType(count=2, capacity=cap)],
        "demand": demand,
    }
    if rng.random() < 0.5:
        start = rng.uniform(0, 200, n)
        kw["time_windows"] = np.c_[start, start + rng.uniform(10, 500, n)]
        kw["service"] = rng.uniform(0, 5, n)
    if rng.random() < 0.3:
        kw["penalty"] = rng.uniform(0, 500, n)
    if rng.random() < 0.25:
        pts = np.vstack([depots, stops])
        d = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))
        kw["metric"] = "matrix"
        kw["distance_matrix"] = d
        if rng.random() < 0.5:
            kw["duration_matrix"] = d * 1.5
    return kw


def _bad_vehicle_type(rng: np.random.Generator, dims: int) -> Any:
    fieldname = _pick(rng, ["count", "capacity", "start_depot", "end_depot", "shift",
                            "max_stops", "max_duration", "max_distance", "fixed_cost",
                            "cost_per_distance", "cost_per_time", "speed_factor", "name",
                            "skills", "breaks"])
    value = _pick(rng, [*SCALARS, (5.0, 1.0), (math.nan, 1.0), [1] * (dims + 1), (0, 0)])
    kw: dict[str, Any] = {"count": 2, "capacity": [10] * dims if dims > 1 else 10}
    kw[fieldname] = value
    try:
        return VehicleType(**kw)
    except InputError:
        raise
    except Exception:  # noqa: BLE001  the dataclass itself does no checking; a TypeError here is ours
        return VehicleType(count=2, capacity=kw["capacity"])


def case_routing(rng: np.random.Generator) -> str:
    kw = _routing_kwargs(rng)
    dims = 1 if np.ndim(kw["demand"]) == 1 else kw["demand"].shape[1]
    n = len(kw["stops"])
    for _ in range(int(rng.integers(1, 3))):
        target = _pick(rng, ["depots", "stops", "demand", "service", "time_windows", "penalty",
                             "distance_matrix", "duration_matrix", "vehicle_types", "metric",
                             "detour_factor", "speed", "n_depots", "name", "zero_fleet",
                             "zero_capacity", "stop_ids", "skills", "priority"])
        if target == "vehicle_types":
            kw["vehicle_types"] = [_bad_vehicle_type(rng, dims)]
        elif target == "zero_fleet":
            kw["vehicle_types"] = _pick(rng, [[], [VehicleType(count=0, capacity=10)]])
        elif target == "zero_capacity":
            kw["vehicle_types"] = [VehicleType(count=2, capacity=[0] * dims if dims > 1 else 0)]
        elif target in ("metric", "detour_factor", "speed", "n_depots", "name"):
            kw[target] = _pick(rng, [*SCALARS, "haversine", "matrix", "manhattan", "bogus"])
        elif target == "stop_ids":
            kw["stop_ids"] = _pick(rng, [["dup"] * n, ["ü"] * n, list(range(n + 1)),
                                         [math.nan] * n, np.arange(n)])
        elif target == "skills":
            kw["skills"] = _pick(rng, [[[1]] * n, [[-1]] * n, [["a"]] * n, [[1]] * (n + 1)])
        elif target == "priority":
            kw["priority"] = _bad_array(rng, np.zeros(n, dtype=np.int64))
        else:
            good = kw.get(target)
            if good is None:
                good = np.ones(n)
            kw[target] = _bad_array(rng, good)
    problem = lastleg.RoutingProblem(**kw)
    sol = lastleg.solve_routes(problem, **_solve_kwargs(rng, engines=True))
    return _check_routing(problem, sol)


def _solve_kwargs(rng: np.random.Generator, engines: bool = False) -> dict[str, Any]:
    kw: dict[str, Any] = {"max_iterations": int(rng.integers(0, 60)), "seed": int(rng.integers(0, 5)),
                          "threads": int(rng.integers(1, 3)), "time_limit": 5.0}
    if engines:
        kw["engine"] = _pick(rng, ["auto", "native", "native", "vroom"])
    if rng.random() < 0.3:
        which = _pick(rng, ["max_iterations", "seed", "threads", "time_limit"]
                      + (["engine"] if engines else []))
        kw[which] = _pick(rng, [*SCALARS, 10**30, 64])
        if which == "time_limit" and not (isinstance(kw[which], (int, float))
                                          and 0 < kw[which] < 10):
            kw["max_iterations"] = 20  # keep the case bounded whatever the limit
        if which == "max_iterations" and not (isinstance(kw[which], int) and 0 <= kw[which] < 10**4):
            kw["time_limit"] = 2.0
    return kw


def _check_routing(problem: Any, sol: Any) -> str:
    res = lastleg.check_routes(problem, sol)
    seen = [int(s) for r in sol.routes for s in r.stops] + [int(s) for s in sol.unassigned]
    if sorted(seen) != list(range(problem.n_stops)):
        return f"BAD accounting: stops {sorted(seen)} of {problem.n_stops}"
    if sol.feasible and not res.ok:
        return f"BAD check_routes: {res.violations[:3]}"
    return "ok"


def case_vroom_json(rng: np.random.Generator) -> str:
    base = Path(__file__).resolve().parents[1] / "data" / "vroom"
    files = sorted(base.glob("*.json"))
    obj = json.loads(_pick(rng, files).read_text())
    text = json.dumps(obj)
    mode = int(rng.integers(0, 4))
    if mode == 0:  # truncate the text
        text = text[: int(rng.integers(0, len(text)))]
    elif mode == 1:  # flip bytes
        chars = list(text)
        for _ in range(int(rng.integers(1, 6))):
            chars[int(rng.integers(0, len(chars)))] = _pick(rng, list('{}[],:"0-9.eü\x00'))
        text = "".join(chars)
    else:  # replace a value deep in the structure
        _mutate_json(rng, obj)
        text = json.dumps(obj, allow_nan=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.json"
        path.write_text(text, encoding="utf-8")
        src: Any = path if rng.random() < 0.5 or mode < 2 else obj
        problem = lastleg.read_vroom_json(src)
    sol = lastleg.solve_routes(problem, max_iterations=30, time_limit=5.0,
                               engine=_pick(rng, ["auto", "vroom"]))
    return _check_routing(problem, sol)


def _mutate_json(rng: np.random.Generator, obj: Any) -> None:
    for _ in range(int(rng.integers(1, 4))):
        node = obj
        for _depth in range(6):
            if isinstance(node, dict) and node:
                key = _pick(rng, sorted(node))
                if rng.random() < 0.35 or not isinstance(node[key], (dict, list)) or not node[key]:
                    node[key] = _pick(rng, [*SCALARS[:17], [], {}, [[1, 2, 3]], -5, 10**20])
                    if isinstance(node[key], (bytes, complex)):
                        node[key] = "x"
                    break
                node = node[key]
            elif isinstance(node, list) and node:
                i = int(rng.integers(0, len(node)))
                if rng.random() < 0.35 or not isinstance(node[i], (dict, list)) or not node[i]:
                    node[i] = _pick(rng, [math.nan, -1, "x", None, 10**20, []])
                    break
                node = node[i]
            else:
                break


VRPLIB = """NAME : tiny
TYPE : CVRP
DIMENSION : 5
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 10 0
3 0 10
4 10 10
5 5 5
DEMAND_SECTION
1 0
2 3
3 4
4 2
5 5
DEPOT_SECTION
1
-1
EOF
"""


def case_vrplib(rng: np.random.Generator) -> str:
    lines = VRPLIB.splitlines()
    for _ in range(int(rng.integers(1, 4))):
        i = int(rng.integers(0, len(lines)))
        lines[i] = _pick(rng, ["", "nan nan", "1 inf 0", "DIMENSION : -3", "DIMENSION : 1000000",
                               "CAPACITY : 0", "CAPACITY : x", "2 -3", "9 1 1", "ü ü ü",
                               "EDGE_WEIGHT_TYPE : GEO", "1 1e309 1", lines[i][: len(lines[i]) // 2],
                               "DEPOT_SECTION", "2 99999999999999999999"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.vrp"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        problem = lastleg.read_vrplib(path)
    sol = lastleg.solve_routes(problem, max_iterations=30, time_limit=5.0)
    return _check_routing(problem, sol)


# ---------------------------------------------------------------- assignment

def _tables(rng: np.random.Generator) -> dict[str, Any]:
    m = int(rng.integers(1, 4))
    n_orders = int(rng.integers(1, 5))
    nodes = [f"N{i}" for i in range(m)]
    skus = ["A", "B", "C"]
    inv = [(nd, k) for nd in nodes for k in skus if rng.random() < 0.7] or [(nodes[0], "A")]
    lines_o, lines_s = [], []
    for o in range(n_orders):
        for k in rng.choice(skus, int(rng.integers(1, 3)), replace=False):
            lines_o.append(f"O{o}")
            lines_s.append(str(k))
    return {
        "nodes": {
            "node_id": nodes, "kind": ["warehouse"] + ["store"] * (m - 1),
            "lat": 52 + rng.uniform(0, 0.2, m), "lon": 4 + rng.uniform(0, 0.2, m),
            "capacity_orders": rng.choice([1, 2, -1], m), "capacity_units": rng.choice([2, 5, -1], m),
            "cost_per_order": rng.uniform(0, 3, m), "cost_per_unit": rng.uniform(0, 1, m),
        },
        "services": {
            "node_id": nodes * 2, "service_level": ["next_day"] * m + ["same_day"] * m,
            "mode": ["carrier"] * m + ["fleet"] * m,
            "max_km": np.r_[np.full(m, 100.0), rng.uniform(5, 25, m)],
            "fixed_cost": rng.uniform(2, 6, 2 * m), "cost_per_km": rng.uniform(0, 0.3, 2 * m),
        },
        "inventory": {
            "node_id": [a for a, _ in inv], "sku": [b for _, b in inv],
            "on_hand": rng.integers(0, 4, len(inv)),
        },
        "orders": {
            "order_id": [f"O{o}" for o in range(n_orders)],
            "lat": 52 + rng.uniform(0, 0.2, n_orders), "lon": 4 + rng.uniform(0, 0.2, n_orders),
            "service_level": list(rng.choice(["next_day", "same_day"], n_orders)),
            "priority": rng.integers(0, 3, n_orders),
        },
        "lines": {"order_id": lines_o, "sku": lines_s, "qty": rng.integers(1, 3, len(lines_o))},
        "policy": {"split_penalty": float(rng.uniform(0, 5)), "max_parcels": int(rng.integers(1, 3)),
                   "unserved_penalty": 100.0, "allow_partial": bool(rng.random() < 0.5)},
    }


POLICY_KEYS = ["split_penalty", "max_parcels", "unserved_penalty", "allow_partial",
               "detour_factor", "bogus_key"]


def _mutate_tables(rng: np.random.Generator, t: dict[str, Any]) -> None:
    for _ in range(int(rng.integers(1, 3))):
        table = _pick(rng, ["nodes", "services", "inventory", "orders", "lines", "policy"])
        if table == "policy":
            mode = int(rng.integers(0, 3))
            if mode == 0 and isinstance(t["policy"], dict):
                t["policy"][_pick(rng, POLICY_KEYS)] = _pick(rng, SCALARS)
            elif mode == 1:
                t["policy"] = _pick(rng, SCALARS)
            else:
                t["policy"] = {}
            continue
        if not isinstance(t[table], dict):
            continue
        cols = t[table]
        mode = int(rng.integers(0, 6))
        col = _pick(rng, sorted(cols))
        if mode == 0:  # drop a column
            del cols[col]
        elif mode == 1:  # empty table
            t[table] = {k: [] for k in cols}
        elif mode == 2:  # duplicate / unicode / empty ids
            vals = list(np.asarray(cols[col]).tolist())
            if vals:
                vals[-1] = _pick(rng, [vals[0], "ü-id 💥", "", " ", "O0", "N0", None, math.nan])
            cols[col] = vals
        elif mode == 3:  # a whole table that is not a table
            t[table] = _pick(rng, [None, 5, "nodes.csv", [], [[1, 2]], {"": []}])
        else:
            cols[col] = _bad_array(rng, cols[col])


def case_assignment(rng: np.random.Generator) -> str:
    t = _tables(rng)
    _mutate_tables(rng, t)
    problem = lastleg.AssignmentProblem(**t)
    result = lastleg.assign(problem, **_solve_kwargs(rng))
    return _check_assignment(problem, result)


def _check_assignment(problem: Any, result: Any) -> str:
    res = lastleg.check_assignment(problem, result)
    if not res.ok:
        return f"BAD check_assignment: {res.violations[:3]}"
    qty = np.zeros(problem.n_lines, dtype=np.int64)
    np.add.at(qty, np.asarray(result.part_line, dtype=np.int64), np.asarray(result.part_qty))
    if (qty > np.asarray(problem.line_qty)).any():
        return "BAD a line shipped more than ordered"
    return "ok"


def case_assignment_dir(rng: np.random.Generator) -> str:
    t = _tables(rng)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for stem in ("nodes", "services", "inventory", "orders", "lines"):
            cols = t[stem]
            names = list(cols)
            rows = list(zip(*[np.asarray(cols[c]).tolist() for c in names]))
            text = ",".join(names) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
            folder.joinpath(f"{stem}.csv").write_text(text, encoding="utf-8")
        folder.joinpath("policy.json").write_text(json.dumps(t["policy"]), encoding="utf-8")
        for _ in range(int(rng.integers(1, 3))):
            victim = folder / f"{_pick(rng, ['nodes', 'services', 'inventory', 'orders', 'lines', 'policy'])}"
            victim = victim.with_suffix(".json" if victim.name == "policy" else ".csv")
            if not victim.is_file():
                continue
            data = victim.read_bytes()
            mode = int(rng.integers(0, 7))
            if mode == 0:
                data = data[: int(rng.integers(0, len(data) + 1))]
            elif mode == 1:
                data = b"\xff\xfe\x00garbage\x00" + data
            elif mode == 2:
                data = data.replace(b",", b";", 1)
            elif mode == 3:
                data = data + b"extra,row,with,too,many,cols,here,and,more\n"
            elif mode == 4:
                data = b"\xef\xbb\xbf" + data  # BOM
            elif mode == 5:
                victim.unlink()
                continue
            else:
                data = data.replace(b"1", _pick(rng, [b"nan", b"-1", b"inf", b"1e999", b"\"", b""]), 2)
            victim.write_bytes(data)
        problem = lastleg.AssignmentProblem.from_dir(folder)
    result = lastleg.assign(problem, max_iterations=20, time_limit=5.0)
    return _check_assignment(problem, result)


# ---------------------------------------------------------------- geo, generate

def case_geo(rng: np.random.Generator) -> str:
    n = int(rng.integers(0, 6))
    pts: Any = rng.uniform(-50, 50, (n, 2))
    if rng.random() < 0.7:
        pts = _bad_array(rng, pts)
    metric = _pick(rng, ["euclidean", "haversine", "euclidean", "bogus", 3])
    fn = int(rng.integers(0, 3))
    extra = {}
    if rng.random() < 0.3:
        extra = {_pick(rng, ["detour_factor", "speed"]): _pick(rng, SCALARS)}
    if fn == 0:
        Coordinates(metric, **extra).matrix(pts)
    elif fn == 1:
        other = pts if rng.random() < 0.5 else rng.uniform(-50, 50, (n + 1, 2))
        Coordinates(metric, **extra).pairs(pts, other)
    else:
        k = _pick(rng, [0, 1, 3, -1, 10**12, 2.5, "3", None, n, n + 5])
        nearest_neighbours(pts, k, metric=metric, threads=_pick(rng, [None, 1, 2, 0, -3]))
    return "ok"


def case_generate(rng: np.random.Generator) -> str:
    small = [-1, 0, 1, 2, 5, 1.5, math.nan, "3", None, True]
    sc = lastleg.generate_scenario(
        _pick(rng, small), _pick(rng, small), _pick(rng, small), seed=_pick(rng, [0, 1, -1, 2**70]),
        scarcity=_pick(rng, ["low", "medium", "high", "bogus", None]),
    )
    del sc
    return "ok"


CASES: list[tuple[str, Callable[[np.random.Generator], str], int]] = [
    ("routing", case_routing, 6),
    ("vroom_json", case_vroom_json, 2),
    ("vrplib", case_vrplib, 1),
    ("assignment", case_assignment, 6),
    ("assignment_dir", case_assignment_dir, 2),
    ("geo", case_geo, 2),
    ("generate", case_generate, 1),
]
_WEIGHTS = np.array([w for _, _, w in CASES], dtype=float)
_WEIGHTS /= _WEIGHTS.sum()


def run_case(seed: int) -> tuple[str, str]:
    """(case kind, outcome) of case ``seed``."""
    rng = np.random.default_rng([8, seed])
    name, fn, _ = CASES[int(rng.choice(len(CASES), p=_WEIGHTS))]
    try:
        return name, fn(rng)
    except InputError:
        return name, "InputError"
    except Exception as exc:  # noqa: BLE001  any other type is a finding
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(tb.filename).name}:{tb.lineno}"
        return name, f"BAD {type(exc).__name__} at {where}: {str(exc)[:200]}"


def main(argv: list[str]) -> int:
    start, count = int(argv[0]), int(argv[1])
    out = sys.stdout
    for seed in range(start, start + count):
        out.write(f"BEGIN {seed}\n")
        out.flush()
        name, outcome = run_case(seed)
        out.write(f"END {seed} {name} {outcome}\n".replace("\r", " "))
        out.flush()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main(sys.argv[1:]))
