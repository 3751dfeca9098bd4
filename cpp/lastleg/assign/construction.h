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
  /// Returns false when the deadline cut the build short.
  bool build(const std::vector<Index>& sequence, const Prices* prices, AssignState& state,
             const Deadline* until = nullptr) const;

  /// As build(), with the searches done ahead on the pool: every order's plan
  /// against the full stock first (in parallel), then in sequence each order
  /// takes that plan if it still fits, else searches again. Under prices that
  /// nearly clear the market few plans need the second search. The answer does
  /// not depend on the thread count (it may differ from build()'s).
  /// `relaxed`, if given: each order's relaxed plan under `prices` (the
  /// Lagrangian's), which serves as the plan found ahead (no search needed).
  bool build_ahead(const std::vector<Index>& sequence, const Prices* prices, AssignState& state,
                   ThreadPool& pool, const Deadline* until = nullptr,
                   const std::vector<Plan>* relaxed = nullptr) const;

 private:
  const AssignModel& m_;
};

}  // namespace lastleg::assign
