#pragma once
/// Regret-ordered greedy construction: orders whose second-best option costs
/// most more than their best (times 1 + priority) choose first; each takes its
/// cheapest plan under shadow prices that fits the stock and capacity left.
#include <vector>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/assign_state.h"
#include "lastleg/assign/plan.h"
#include "lastleg/common/stop_criteria.h"
#include "lastleg/common/thread_pool.h"

namespace lastleg::assign {

class Construction {
 public:
  explicit Construction(const AssignModel& model) : m_(model) {}

  /// The regret order under `prices` (null: true costs), computed on the pool.
  /// With a deadline that expires, the orders not yet keyed keep their index order.
  [[nodiscard]] std::vector<Index> regret_order(const Prices* prices, ThreadPool& pool,
                                                const Deadline* until = nullptr) const;

  /// Serves the orders in `sequence` one by one into `state` (all unserved).
  /// With a deadline that expires, every order left is still served, by a
  /// hurried (cheaper, shallower) search: the state is always complete.
  /// `relaxed`, if given, holds each order's relaxed plan under `prices` (the
  /// Lagrangian's): an order takes it while it still fits and searches only
  /// otherwise (100k orders under cleared prices: 12 % search).
  /// Returns false when the deadline cut the build short.
  bool build(const std::vector<Index>& sequence, const Prices* prices, AssignState& state,
             const Deadline* until = nullptr, const std::vector<Plan>* relaxed = nullptr) const;

 private:
  const AssignModel& m_;
};

}  // namespace lastleg::assign
