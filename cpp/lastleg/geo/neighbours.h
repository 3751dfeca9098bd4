#pragma once
/// k-nearest-neighbour lists for a Metric, built in about O(n k log n) with a
/// k-d tree on the metric's embedding (no n^2 work when coordinates are given;
/// a user matrix is scanned row by row, which is what the user already paid for).
#include <vector>

#include "lastleg/common/thread_pool.h"
#include "lastleg/common/types.h"
#include "lastleg/geo/metric.h"

namespace lastleg::geo {

/// Flat n x k table (row i = the k locations nearest to i, nearest first, i
/// itself excluded); rows shorter than k (n <= k) are padded with -1.
/// Only locations in [first, size) are considered (e.g. skip depots with first=1).
struct NeighbourLists {
  Index n = 0;
  int k = 0;
  std::vector<Index> table;
  [[nodiscard]] const Index* row(Index i) const {
    return table.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(k);
  }
};

NeighbourLists nearest_neighbours(const Metric& metric, int k, ThreadPool& pool, Index first = 0);

}  // namespace lastleg::geo
