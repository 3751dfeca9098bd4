#pragma once
/// A (partial) solution under construction or improvement: one plan per order,
/// the resources left, and who uses each node and stock slot.
#include <cstdint>
#include <vector>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/plan.h"

namespace lastleg::assign {

class AssignState {
 public:
  /// Every order unserved, every resource at its full availability.
  explicit AssignState(const AssignModel& model);

  [[nodiscard]] const Plan& plan(Index o) const { return plans_[static_cast<std::size_t>(o)]; }
  [[nodiscard]] const Residual& residual() const { return res_; }
  [[nodiscard]] double total() const { return total_; }

  /// Releases the order's resources; it becomes unserved.
  void remove(Index o);
  /// Whether `plan` (of order o) fits in the residual.
  [[nodiscard]] bool fits(Index o, const Plan& plan) const;
  /// Gives the (unserved) order `plan`, which must fit in the residual.
  /// (Copied into the order's own plan, whose storage is reused.)
  void apply(Index o, const Plan& plan);

  /// Orders that held resource r (slot s, or n_slots + node) when last applied;
  /// entries may be stale, so check `uses` (compacts the list in place).
  std::vector<Index>& holders(Index r) { return holders_[static_cast<std::size_t>(r)]; }
  [[nodiscard]] bool uses(Index o, Index r) const;

  /// Exact total recomputed from the plans (no drift).
  [[nodiscard]] double recompute_total() const;

 private:
  const AssignModel& m_;
  std::vector<Plan> plans_;
  Residual res_;
  std::vector<std::vector<Index>> holders_;
  double total_ = 0.0;
};

}  // namespace lastleg::assign
