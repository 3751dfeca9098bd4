#pragma once
/// The routing solve: neighbour lists, construction, then a portfolio of
/// ruin-and-recreate searches run in epochs on the thread pool. After each
/// epoch every search restarts from the best solution so far (reduced in task
/// order, ties to the lowest task), so under an iteration limit the answer
/// depends on the seed and never on the thread count.
#include <atomic>
#include <cstdint>

#include "lastleg/common/stop_criteria.h"
#include "lastleg/route/search_context.h"
#include "lastleg/route/solution.h"

namespace lastleg::route {

struct SolveOptions {
  double time_limit = kInfinity;  ///< seconds, construction included
  Count max_iterations = -1;      ///< per search of the portfolio; < 0: none
  std::uint64_t seed = 0;
  int threads = 0;                ///< <= 0: hardware threads
  SearchParams params;
};

struct SolveResult {
  Solution solution;
  Count iterations = 0;
  double runtime = 0.0;
  double construction_time = 0.0;  ///< seconds until the first solution (neighbour lists included)
  double construction_cost = 0.0;
  Count construction_missing = 0;
};

SolveResult solve(const Model& m, const SolveOptions& options, const std::atomic<bool>* interrupt = nullptr);

/// Why an unassigned stop could not be served (first hard limit it breaks when
/// it is the only stop of a route, over every vehicle type); "not_worth" for an
/// optional stop that fits alone; "no_vehicle" (fleet exhausted) otherwise.
const char* unassigned_reason(const Model& m, Index stop);

}  // namespace lastleg::route
