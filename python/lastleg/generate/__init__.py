"""Realistic, seeded synthetic fulfillment days (scenario folders, docs/formats.md).

A metro area with a dense centre, sparse suburbs and demand clusters; warehouses outside
town carry most of the range with days of cover and ship by parcel carrier (next-day,
two-day); micro-fulfillment centres (MFCs) and stores in town carry the popular SKUs only,
have a limited picking capacity and deliver same-day with their own vans within a short
radius, in two-hour windows. SKU popularity is Zipf-like (exponent 0.9), orders have 1-5
lines (mean about 1.7), quantities are mostly 1. ``scarcity`` sets the share of demanded
SKUs that are short network-wide (loose 0%, medium ~3%, tight ~10%) and how tight store
capacity is. ``stockouts`` (default 0.7%) is the share of lines whose SKU no node holds at
all, drawn from the long tail as in a real day: half of those SKUs have no inventory row,
half have rows with nothing above safety stock.

Everything is vectorised numpy: 100k orders / 50 nodes / 20k SKUs take a few seconds,
most of it writing CSV. The same seed gives the same demand at every scarcity level
(scarcity and stockouts only change stock and capacity), so levels can be compared batch
for batch.
"""

from lastleg.generate.day import DEFAULT_POLICY, LEVELS, SCARCITY, generate_scenario
from lastleg.generate.scenario import Scenario

__all__ = ["DEFAULT_POLICY", "LEVELS", "SCARCITY", "Scenario", "generate_scenario"]
