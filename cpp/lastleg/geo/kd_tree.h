#pragma once
/// Static k-d tree over points in 2 or 3 dimensions (built in O(n log n)).
///
/// Answers k-nearest and radius queries with squared euclidean distances.
/// Ties are broken by point index so answers never depend on build order.
#include <span>
#include <utility>
#include <vector>

#include "lastleg/common/types.h"

namespace lastleg::geo {

class KdTree {
 public:
  /// `coords` is row-major n x dim (dim in 1..3); copied.
  KdTree(std::span<const double> coords, int dim);

  [[nodiscard]] Index size() const { return static_cast<Index>(perm_.size()); }
  [[nodiscard]] int dim() const { return dim_; }

  /// The k points nearest to `query` as (squared distance, index), nearest first,
  /// skipping index `exclude` (use -1 for none).
  void nearest(const double* query, int k, Index exclude,
               std::vector<std::pair<double, Index>>& out) const;

  /// Indices of the points within `radius` (euclidean) of `query`, ascending.
  void within(const double* query, double radius, std::vector<Index>& out) const;

 private:
  struct Node {
    Index begin = 0, end = 0;  // range of perm_
    Index left = -1, right = -1;
    int axis = 0;
    double split = 0.0;
    double lo[3], hi[3];  // bounding box
  };
  Index build(Index begin, Index end);
  [[nodiscard]] double box_distance2(const Node& node, const double* q) const;
  [[nodiscard]] double point_distance2(Index point, const double* q) const;

  int dim_;
  std::vector<double> coords_;
  std::vector<Index> perm_;
  std::vector<Node> nodes_;
};

}  // namespace lastleg::geo
