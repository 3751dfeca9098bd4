"""Travel: where every distance and duration lastleg uses comes from.

One interface (``Travel``): ``matrix(origins, destinations=None)`` and
``pairs(origins, destinations)`` return ``(distance, duration)`` float arrays, ``inf``
where a pair is unreachable. A new source of travel (a road network, a routing server)
is one new class with these two methods.

* ``Coordinates``: formulas over coordinates (haversine on (lat, lon) in metres and
  seconds, or the planar euclidean conventions of the benchmark sets), computed by the
  engine's own metric (``cpp/lastleg/geo/metric.h``).
* ``Matrices``: the user's own dense matrices; the points are location indices.
* ``RoadNetwork``: real roads from an OpenStreetMap extract, in process (no server).
* ``OSRM``: an OSRM server's ``table`` service.
"""

from lastleg.travel.base import Travel
from lastleg.travel.coordinates import METRICS, Coordinates, nearest_neighbours
from lastleg.travel.matrices import Matrices
from lastleg.travel.osrm import OSRM
from lastleg.travel.roads import RoadNetwork

__all__ = ["METRICS", "OSRM", "Coordinates", "Matrices", "RoadNetwork", "Travel",
           "nearest_neighbours"]
