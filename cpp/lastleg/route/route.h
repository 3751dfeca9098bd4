#pragma once
/// One vehicle's route with the cached data that lets a stop insertion be
/// evaluated in O(1): per position the earliest service start, the latest
/// arrival that keeps the rest of the route feasible (exact with several time
/// windows: feasible arrival sets are down-sets), the distance so far, the
/// load so far, and the end time as a function of the arrival at a position
/// (end(a) = max(a + D, M), exact when the suffix has single windows; routes
/// with multi-window stops re-simulate the suffix instead).
#include <vector>

#include "lastleg/common/types.h"
#include "lastleg/route/model.h"

namespace lastleg::route {

class Route {
 public:
  Index vehicle = -1;
  Index type = -1;
  std::vector<Index> stops;

  // Caches, valid after update().
  std::vector<double> start;    ///< service start at position k
  std::vector<double> latest;   ///< latest arrival at position k keeping the suffix feasible
  std::vector<double> cdist;    ///< distance from the start depot to position k
  std::vector<double> suf_d;    ///< end(a) = max(a + suf_d[k], suf_m[k]) for an arrival a at k
  std::vector<double> suf_m;
  std::vector<Count> cload;     ///< load of positions 0..k, n_dims per position
  Load load{};
  double distance = 0.0, duration = 0.0, cost = 0.0;
  double departure = 0.0, end = 0.0;
  bool multi = false;     ///< some stop has several time windows
  bool feasible = true;

  [[nodiscard]] Index size() const { return static_cast<Index>(stops.size()); }
  [[nodiscard]] bool empty() const { return stops.empty(); }

  /// Recomputes every cache and the feasibility flag from `stops`.
  void update(const Model& m);

  /// Cost change of inserting `stop` before position `pos` (pos == size(): at the
  /// end); +inf when the result would break a hard constraint.
  [[nodiscard]] double insert_cost(const Model& m, Index stop, Index pos) const;

  /// End time of the route when position `pos` is reached at `arrival`.
  [[nodiscard]] double end_from(const Model& m, Index pos, double arrival) const;

  /// Departure time from the start depot when `first_stop` is visited first:
  /// max(shift_start, open of the window reached from shift_start - travel).
  [[nodiscard]] static double departure_for(const Model& m, const VehicleType& t, Index first_stop);

  /// Cumulative load of dimension `dim` over positions 0..pos (pos < 0: zero).
  [[nodiscard]] Count load_upto(int n_dims, Index pos, int dim) const {
    return pos < 0 ? 0 : cload[static_cast<std::size_t>(pos) * static_cast<std::size_t>(n_dims) +
                               static_cast<std::size_t>(dim)];
  }
};

}  // namespace lastleg::route
