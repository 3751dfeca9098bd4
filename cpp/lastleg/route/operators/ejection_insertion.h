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
#include "lastleg/route/operators/operator.h"

namespace lastleg::route {

class EjectionInsertion {
 public:
  /// Cost change of the cheapest ejection insertion of the unassigned `stop`
  /// that costs less than `alternative` (what inserting it otherwise costs;
  /// +inf when it cannot be), or kNoMove when there is none.
  double evaluate(SearchContext& ctx, const Solution& sol, Index stop, double alternative);
  /// Applies the move the last evaluate() found; the changed routes are journaled.
  void apply(SearchContext& ctx, Solution& sol) const;

 private:
  Index stop_ = -1;
  Index route_ = -1, pos_ = -1;        ///< the stop goes before pos_ of route_ without the ejected stop
  Index ejected_ = -1;                 ///< the stop of route_ it takes the place of
  Index to_route_ = -1, to_pos_ = -1;  ///< where the ejected stop goes
};

}  // namespace lastleg::route
