"""Tile a real OpenStreetMap extract into a larger one (a metro-sized road network for
benchmarks: no metro extract is reachable from the benchmark machines).

    python bench/tile_extract.py ../shared/osm/andorra.osm.pbf --rows 3 --cols 3 --out metro.osm.pbf

Tile (i, j) is the extract shifted by i times its height and j times its width, with fresh
node and way ids; neighbouring tiles are stitched by short primary roads between their
closest drivable nodes (a few per border), so the tiles form one network.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import osmium

from lastleg.travel.roads.profile import way_speeds

ID_STRIDE = 10**10


def read(path: Path) -> tuple[dict[int, tuple[float, float, dict]], list[tuple[list[int], dict]]]:
    nodes: dict[int, tuple[float, float, dict]] = {}
    ways: list[tuple[list[int], dict]] = []
    for obj in osmium.FileProcessor(str(path)).with_locations():
        if obj.is_node() and obj.location.valid():
            nodes[obj.id] = (obj.location.lat, obj.location.lon, dict(obj.tags))
        elif obj.is_way() and "highway" in obj.tags:
            ways.append(([n.ref for n in obj.nodes], dict(obj.tags)))
    return nodes, ways


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("extract", type=Path)
    ap.add_argument("--rows", type=int, default=3)
    ap.add_argument("--cols", type=int, default=3)
    ap.add_argument("--stitches", type=int, default=4, help="roads per shared border")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    nodes, ways = read(args.extract)
    used = sorted({r for refs, tags in ways if way_speeds(tags) for r in refs if r in nodes})
    lat = np.array([nodes[r][0] for r in used])
    lon = np.array([nodes[r][1] for r in used])
    height, width = float(np.ptp(lat)) * 1.02, float(np.ptp(lon)) * 1.02
    args.out.unlink(missing_ok=True)
    writer = osmium.SimpleWriter(str(args.out))
    tiles = [(i, j) for i in range(args.rows) for j in range(args.cols)]
    for t, (i, j) in enumerate(tiles):
        for nid, (la, lo, tags) in sorted(nodes.items()):
            writer.add_node(osmium.osm.mutable.Node(id=t * ID_STRIDE + nid,
                                                    location=(lo + j * width, la + i * height),
                                                    tags=tags))
    # stitches: the drivable nodes nearest each shared border, joined across it
    stitches = []
    order_lon, order_lat = np.argsort(lon), np.argsort(lat)
    k = args.stitches
    for t, (i, j) in enumerate(tiles):
        for di, dj, a_side, b_side in ((0, 1, order_lon[-k:], order_lon[:k]),
                                       (1, 0, order_lat[-k:], order_lat[:k])):
            if i + di < args.rows and j + dj < args.cols:
                u = tiles.index((i + di, j + dj))
                for a, b in zip(a_side, b_side, strict=True):
                    stitches.append([t * ID_STRIDE + used[a], u * ID_STRIDE + used[b]])
    wid = 0
    for t in range(len(tiles)):
        for refs, tags in ways:
            wid += 1
            writer.add_way(osmium.osm.mutable.Way(id=wid, nodes=[t * ID_STRIDE + r for r in refs
                                                                   if r in nodes], tags=tags))
    for refs in stitches:
        wid += 1
        writer.add_way(osmium.osm.mutable.Way(id=wid, nodes=refs, tags={"highway": "primary"}))
    writer.close()
    print(f"wrote {args.out}: {len(tiles)} tiles of {len(used)} drivable nodes, "
          f"{len(stitches)} stitches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
