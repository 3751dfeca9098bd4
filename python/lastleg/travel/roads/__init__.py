"""Road travel from OpenStreetMap, in process (``pip install "lastleg[roads]"``), and a
client for an OSRM server."""

from lastleg.travel.roads.network import SNAP_SPEED_KMH, RoadNetwork

__all__ = ["SNAP_SPEED_KMH", "RoadNetwork"]
