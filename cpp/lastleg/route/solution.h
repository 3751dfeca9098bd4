#pragma once
/// A complete assignment of stops to vehicle routes (empty routes included),
/// with the reverse index (route and position of each stop), the unassigned
/// stops, the empty vehicles of each type, and the objective kept up to date.
#include <vector>

#include "lastleg/common/types.h"
#include "lastleg/route/model.h"
#include "lastleg/route/route.h"

namespace lastleg::route {

/// Lexicographic objective: mandatory stops left out first, then cost
/// (route costs + penalties of skipped optional stops).
struct Objective {
  Count missing = 0;
  double cost = 0.0;
  [[nodiscard]] bool better_than(const Objective& o, double eps = 1e-9) const {
    if (missing != o.missing) return missing < o.missing;
    return cost < o.cost - eps * (1.0 + (o.cost < 0 ? -o.cost : o.cost));
  }
};

class Solution {
 public:
  Solution() = default;
  explicit Solution(const Model& m);

  std::vector<Route> routes;             ///< one per vehicle
  std::vector<Index> route_of, pos_of;   ///< per stop; -1 when unassigned
  std::vector<Index> unassigned;         ///< unassigned stops (any order)
  std::vector<Index> unassigned_slot;    ///< per stop: index in `unassigned` or -1
  std::vector<std::vector<Index>> empties;  ///< per type: empty routes
  std::vector<Index> empty_slot;         ///< per route: index in empties[type] or -1
  double route_cost = 0.0;               ///< sum of route costs
  double penalty_cost = 0.0;             ///< sum of penalties of unassigned optional stops
  Count missing = 0;                     ///< unassigned mandatory stops

  [[nodiscard]] Objective objective() const { return {missing, route_cost + penalty_cost}; }

  /// Inserts an unassigned stop into route r before position pos.
  void insert(const Model& m, Index stop, Index r, Index pos);
  /// Removes the listed stops of route r (marks them unassigned) and refreshes it.
  void remove(const Model& m, Index r, const std::vector<Index>& stops_to_remove);
  /// Replaces route r's stop sequence and refreshes caches and indices.
  void set_stops(const Model& m, Index r, const std::vector<Index>& seq);
  /// After route r's `stops` changed in place: caches, indices, costs, empties.
  void refresh(const Model& m, Index r, double old_cost);
  /// Brings the index/empties/cost of route r in line after it was overwritten.
  void reindex(Index r);

  void add_unassigned(const Model& m, Index stop);
  void drop_unassigned(const Model& m, Index stop);

  /// Recomputes the totals from scratch (removes floating drift).
  void recompute_totals(const Model& m);
};

}  // namespace lastleg::route
