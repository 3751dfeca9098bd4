#pragma once
/// Nearest road node to a point: a k-d tree over the nodes on the unit sphere (so
/// euclidean nearness is great-circle nearness), distances in metres.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "lastleg/geo/kd_tree.h"

namespace lastleg::roads {

class Snapper {
 public:
  Snapper(std::span<const double> lat, std::span<const double> lon);
  /// The nearest node to (lat, lon) and its great-circle distance in metres.
  [[nodiscard]] std::pair<std::int32_t, double> nearest(double lat, double lon) const;

 private:
  std::vector<double> lat_, lon_;
  geo::KdTree tree_;
};

}  // namespace lastleg::roads
