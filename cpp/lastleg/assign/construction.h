#pragma once
/// Regret-ordered greedy construction: orders whose second-best option costs
/// most more than their best (times 1 + priority) choose first; each takes its
/// cheapest plan under shadow prices that fits the stock and capacity left.
#include <vector>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/assign_state.h"
#include "lastleg/assign/plan.h"
#include "lastleg/common/thread_pool.h"

namespace lastleg::assign {

class Construction {
 public:
  explicit Construction(const AssignModel& model) : m_(model) {}

  /// The regret order under `prices` (null: true costs), computed on the pool.
  [[nodiscard]] std::vector<Index> regret_order(const Prices* prices, ThreadPool& pool) const;

  /// Serves the orders in `sequence` one by one into `state` (all unserved).
  void build(const std::vector<Index>& sequence, const Prices* prices, AssignState& state) const;

 private:
  const AssignModel& m_;
};

}  // namespace lastleg::assign
