#pragma once
/// SISR recreate: insert the unassigned stops one by one (in a random one of
/// a few orders) at their cheapest feasible position, skipping each candidate
/// position with a small "blink" probability. Candidate positions are next to
/// the stop's granular neighbours plus one empty vehicle of each type; a full
/// scan of every route runs only when none of those is feasible.
/// Optional stops are inserted only when that costs less than their penalty.
#include <vector>

#include "lastleg/route/search_context.h"

namespace lastleg::route {

struct Insertion {
  double cost = kInfinity;
  Index route = -1;
  Index pos = -1;
};

/// Cheapest feasible insertion of `stop` (blinks when `blink` > 0).
Insertion best_insertion(SearchContext& ctx, const Solution& sol, Index stop, double blink);

/// Inserts every unassigned stop it can; returns the routes it changed via the journal.
void greedy_insertion(SearchContext& ctx, Solution& sol, std::vector<Index>& order);

}  // namespace lastleg::route
