#pragma once
/// The batch assignment engine: candidates by reach, Lagrangian prices and
/// bound, a portfolio of price-guided regret constructions improved by local
/// search on the pool (fixed task count: threads change speed, not answers).
#include <atomic>
#include <cstdint>

#include "lastleg/assign/assign_input.h"
#include "lastleg/assign/assign_result.h"
#include "lastleg/common/types.h"

namespace lastleg::assign {

struct AssignOptions {
  double time_limit = kInfinity;   ///< wall seconds; infinite: iteration budgets only
  std::int64_t max_iterations = -1;  ///< dual (subgradient) iterations; < 0: default
  std::uint64_t seed = 0;
  int threads = 0;                 ///< <= 0: all hardware threads
  const std::atomic<bool>* interrupt = nullptr;
};

class AssignSolver {
 public:
  static constexpr std::int64_t kDefaultIterations = 200;  ///< at most, by default
  static constexpr int kPortfolio = 4;  ///< independent construct + improve tasks

  /// Validates (std::invalid_argument on bad input) and solves.
  static AssignResult solve(AssignInput input, const AssignOptions& options);
};

}  // namespace lastleg::assign
