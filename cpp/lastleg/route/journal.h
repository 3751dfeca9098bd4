#pragma once
/// Undo log for one search iteration: the routes it touched (saved on first
/// touch) and the unassigned set before it. Reverting costs O(touched routes).
#include <vector>

#include "lastleg/route/solution.h"

namespace lastleg::route {

class Journal {
 public:
  void begin(const Solution& sol) {
    for (Index r : touched_) stamp_[static_cast<std::size_t>(r)] = 0;
    touched_.clear();
    n_saved_ = 0;
    unassigned_ = sol.unassigned;
    route_cost_ = sol.route_cost;
    penalty_cost_ = sol.penalty_cost;
    missing_ = sol.missing;
    if (stamp_.size() != sol.routes.size()) stamp_.assign(sol.routes.size(), 0);
  }
  /// Call before changing route r.
  void touch(const Solution& sol, Index r) {
    auto& s = stamp_[static_cast<std::size_t>(r)];
    if (s) return;
    s = 1;
    touched_.push_back(r);
    if (saved_.size() <= n_saved_) saved_.emplace_back();
    saved_[n_saved_++] = sol.routes[static_cast<std::size_t>(r)];
  }
  [[nodiscard]] const std::vector<Index>& touched() const { return touched_; }

  /// Puts `sol` back into the state it had at begin().
  void revert(Solution& sol) {
    for (Index s : sol.unassigned) sol.unassigned_slot[static_cast<std::size_t>(s)] = -1;
    for (std::size_t i = 0; i < touched_.size(); ++i) {
      const Index r = touched_[i];
      sol.routes[static_cast<std::size_t>(r)] = saved_[i];
      sol.reindex(r);
    }
    sol.unassigned = unassigned_;
    for (std::size_t i = 0; i < sol.unassigned.size(); ++i) {
      const Index s = sol.unassigned[i];
      sol.unassigned_slot[static_cast<std::size_t>(s)] = static_cast<Index>(i);
      sol.route_of[static_cast<std::size_t>(s)] = -1;
      sol.pos_of[static_cast<std::size_t>(s)] = -1;
    }
    sol.route_cost = route_cost_;
    sol.penalty_cost = penalty_cost_;
    sol.missing = missing_;
  }

 private:
  std::vector<Index> touched_;
  std::vector<char> stamp_;
  std::vector<Route> saved_;
  std::size_t n_saved_ = 0;
  std::vector<Index> unassigned_;
  double route_cost_ = 0.0, penalty_cost_ = 0.0;
  Count missing_ = 0;
};

}  // namespace lastleg::route
