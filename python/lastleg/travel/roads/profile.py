"""The car profile: which OSM ways a van may drive, in which direction, how fast.

Speeds and rules follow OSRM's car profile (``profiles/car.lua``) where it has one:

* road classes and their default speeds (km/h): motorway 90, motorway_link 45, trunk 85,
  trunk_link 40, primary 65, primary_link 30, secondary 55, secondary_link 25,
  tertiary 40, tertiary_link 20, unclassified 25, residential 25, living_street 10,
  service 15, road 25. Other highway values (track, path, footway, cycleway, steps,
  pedestrian, construction, ...) are not driven.
* a tagged ``maxspeed`` (km/h, ``mph``, ``knots``, or a zone such as ``DE:urban``,
  ``FR:rural``, ``walk``) replaces the default at 80 % of the limit (traffic rarely flows
  at the limit); ``maxspeed:forward`` / ``:backward`` per direction; ``none`` and
  ``signals`` keep the class default.
* excluded: ``access`` / ``vehicle`` / ``motor_vehicle`` / ``motorcar`` = ``no`` or
  ``private`` (unless a more specific key says ``yes``), ``service`` = parking_aisle,
  driveway, drive-through or emergency_access (a point there snaps to the nearest
  public road). ``destination`` and ``delivery`` access stay open: vans deliver there.
* one-way: ``oneway`` = yes/true/1 (forward) or -1/reverse (backward); roundabouts and
  motorways are one-way unless ``oneway=no``.
* barriers: a node with a ``barrier`` that stops cars (bollard, block, gate, chain, ...;
  not lift_gate, toll_booth, cattle_grid, border_control, entrance, height_restrictor)
  cuts the ways through it (a gate with ``access=yes`` does not).
* turn restrictions are not read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SPEEDS_KMH: dict[str, float] = {
    "motorway": 90, "motorway_link": 45, "trunk": 85, "trunk_link": 40, "primary": 65,
    "primary_link": 30, "secondary": 55, "secondary_link": 25, "tertiary": 40,
    "tertiary_link": 20, "unclassified": 25, "residential": 25, "living_street": 10,
    "service": 15, "road": 25,
}
#: share of a tagged limit that traffic is assumed to drive at
MAXSPEED_FACTOR = 0.8
CLOSED = {"no", "private", "agricultural", "forestry", "emergency", "psv", "bus", "military"}
OPEN = {"yes", "designated", "permissive", "destination", "delivery", "customers"}
SKIPPED_SERVICE = {"parking_aisle", "driveway", "drive-through", "emergency_access"}
PASSABLE_BARRIERS = {"cattle_grid", "border_control", "toll_booth", "sally_port", "lift_gate",
                     "no", "entrance", "height_restrictor", "arch", "toll_gantry"}
#: zone limits (km/h) for ``maxspeed=CC:zone`` values
ZONES: dict[str, float] = {"urban": 50, "rural": 90, "motorway": 120, "trunk": 100,
                           "living_street": 20, "zone30": 30, "zone20": 20, "walk": 5,
                           "bicycle_road": 30, "school": 30}
_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(km/h|kmh|kph|mph|knots)?\s*$")
UNITS = {None: 1.0, "km/h": 1.0, "kmh": 1.0, "kph": 1.0, "mph": 1.609344, "knots": 1.852}

Tags = Mapping[str, str]


def parse_maxspeed(value: str | None) -> float | None:
    """A ``maxspeed`` value in km/h, or None when it gives no usable limit."""
    if not value:
        return None
    value = value.split(";")[0].strip().lower()
    match = _NUMBER.match(value)
    if match:
        speed = float(match.group(1)) * UNITS[match.group(2)]
        return speed if speed > 0 else None
    if value == "walk":
        return ZONES["walk"]
    zone = value.split(":")[-1].replace(" ", "_")
    return ZONES.get(zone)


def access_open(tags: Tags) -> bool:
    """Whether cars may use it: the most specific access key tagged decides."""
    for key in ("motorcar", "motor_vehicle", "vehicle", "access"):
        value = tags.get(key)
        if value is None:
            continue
        value = value.split(";")[0].strip().lower()
        if value in OPEN:
            return True
        if value in CLOSED:
            return False
    return True


def way_speeds(tags: Tags) -> tuple[float, float] | None:
    """(forward, backward) km/h of a drivable way (0: that direction is closed), or None
    when cars do not use it."""
    highway = tags.get("highway")
    if highway not in SPEEDS_KMH or not access_open(tags):
        return None
    if highway == "service" and tags.get("service") in SKIPPED_SERVICE:
        return None
    base = SPEEDS_KMH[highway]
    limit = parse_maxspeed(tags.get("maxspeed"))
    speeds = []
    for direction in ("forward", "backward"):
        own = parse_maxspeed(tags.get(f"maxspeed:{direction}")) or limit
        speeds.append(MAXSPEED_FACTOR * own if own else base)
    oneway = (tags.get("oneway") or "").lower()
    implied = highway in ("motorway", "motorway_link") or tags.get("junction") in (
        "roundabout", "circular")
    if oneway in ("yes", "true", "1") or (implied and oneway != "no"):
        speeds[1] = 0.0
    elif oneway in ("-1", "reverse"):
        speeds[0] = 0.0
    return speeds[0], speeds[1]


def blocks_cars(tags: Tags) -> bool:
    """Whether a node's ``barrier`` stops a car."""
    barrier = tags.get("barrier")
    if not barrier or barrier in PASSABLE_BARRIERS:
        return False
    return not (barrier == "gate" and (tags.get("access") or "").lower() in OPEN)
