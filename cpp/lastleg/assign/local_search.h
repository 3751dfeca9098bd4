#pragma once
/// Improvement by exact re-insertion (move an order or its lines to other nodes,
/// merge or re-split parcels) and by ejection (free the stock or capacity an
/// order wants by re-placing the order that holds it, e.g. a lower-priority
/// one). Only orders above their own relaxed floor are visited.
#include <cstdint>
#include <vector>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/assign_state.h"
#include "lastleg/assign/order_oracle.h"
#include "lastleg/common/rng.h"
#include "lastleg/common/stop_criteria.h"

namespace lastleg::assign {

class LocalSearch {
 public:
  /// `floor[o]`: a lower bound on order o's own cost (its relaxed optimum).
  LocalSearch(const AssignModel& model, const std::vector<double>& floor)
      : m_(model), floor_(floor), oracle_(model) {}

  /// Rounds of re-insertion + ejection until no move improves, `max_rounds`,
  /// or the deadline. Returns the number of improving moves.
  std::int64_t run(AssignState& state, Rng& rng, const Deadline& deadline, int max_rounds);

 private:
  bool reinsert(AssignState& state, Index o);
  bool eject(AssignState& state, Index o, Rng& rng);
  bool try_pair(AssignState& state, Index o, Index v);

  const AssignModel& m_;
  const std::vector<double>& floor_;
  OrderOracle oracle_;
  Plan plan_, plan2_;
  std::vector<Index> blocking_, victims_;
};

}  // namespace lastleg::assign
