"""Road travel from OpenStreetMap, in process (``pip install "lastleg[roads]"``), and a
client for an OSRM server."""

from pathlib import Path

from lastleg.travel.roads.network import SNAP_SPEED_KMH, RoadNetwork

#: the bundled extract: Andorra's roads (© OpenStreetMap contributors, ODbL 1.0; see
#: data/README.md beside it), used by ``lastleg demo --roads`` and the tests
ANDORRA = Path(__file__).resolve().parent / "data" / "andorra.osm.pbf"

__all__ = ["ANDORRA", "SNAP_SPEED_KMH", "RoadNetwork"]
