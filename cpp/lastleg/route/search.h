#pragma once
/// One ruin-and-recreate search with simulated-annealing acceptance (SISR),
/// optionally followed by a granular local search on the stops near each change.
#include <atomic>
#include <chrono>

#include "lastleg/common/stop_criteria.h"
#include "lastleg/route/search_context.h"

namespace lastleg::route {

/// What one leg of a search may spend, and where it sits in the annealing schedule.
struct Leg {
  Count iterations = -1;        ///< < 0: unbounded (then the deadline stops it)
  Deadline::Clock::time_point until{};  ///< wall-clock end of the leg (time-limited runs)
  bool timed = false;
  const Deadline* deadline = nullptr;   ///< interrupts and the global limit
  double progress_from = 0.0, progress_to = 1.0;  ///< slice of the temperature schedule
  double temp_scale = 1.0;      ///< mean edge cost of the first solution
};

struct LegResult {
  Solution best;
  Count iterations = 0;
};

/// Runs one leg from `start`; returns the best solution met.
LegResult run_leg(const Model& m, const geo::NeighbourLists& nb, const SearchParams& p, Rng rng,
                  const Solution& start, const Leg& leg);

/// Greedy construction from an empty solution (deterministic for a seed).
/// Stops early (with stops left unassigned) when `deadline` expires.
Solution construct(const Model& m, const geo::NeighbourLists& nb, const SearchParams& p, Rng rng,
                   const Deadline* deadline);

}  // namespace lastleg::route
