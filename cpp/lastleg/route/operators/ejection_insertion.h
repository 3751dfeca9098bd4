#pragma once
/// Insertion with one ejection, for a stop that fits no used route (it would
/// open a new vehicle or stay out): in a used route near the stop, the stop
/// takes the place of one stop e (at its best position in the route without
/// e), and e goes to its cheapest place in another used route. On instances
/// whose capacity is nearly all used, plain greedy insertion opens an extra
/// route whenever the ruined stops do not fit back exactly; one ejection is
/// often enough room, and the extra route costs two depot trips.
///
/// Plain CVRP-like models only (no time term): the route change is priced by
/// distance, exactly, with capacity, max stops and max distance checked.
#include "lastleg/route/search_context.h"

namespace lastleg::route {

/// Inserts `stop` by ejecting one stop when the whole change costs less than
/// `alternative` (what inserting it otherwise costs; +inf when it cannot be);
/// true when it did. Changed routes are journaled.
bool ejection_insertion(SearchContext& ctx, Solution& sol, Index stop, double alternative);

}  // namespace lastleg::route
