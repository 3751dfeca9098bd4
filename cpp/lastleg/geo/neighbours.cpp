#include "lastleg/geo/neighbours.h"

#include <algorithm>
#include <span>

#include "lastleg/geo/kd_tree.h"

namespace lastleg::geo {

NeighbourLists nearest_neighbours(const Metric& metric, int k, ThreadPool& pool, Index first) {
  NeighbourLists lists;
  lists.n = metric.size();
  lists.k = std::max(k, 0);
  const auto n = static_cast<std::size_t>(lists.n);
  const auto kk = static_cast<std::size_t>(lists.k);
  lists.table.assign(n * kk, -1);
  if (n == 0 || kk == 0) return lists;

  int dim = 0;
  const std::vector<double> points = metric.embedding(dim);
  const std::size_t chunk = 1024;
  const std::size_t n_chunks = (n + chunk - 1) / chunk;

  if (dim > 0) {
    std::span<const double> pts(points);
    KdTree tree(pts.subspan(static_cast<std::size_t>(first) * dim), dim);
    pool.for_each(n_chunks, [&](std::size_t c) {
      std::vector<std::pair<double, Index>> found;
      for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
        const Index self = static_cast<Index>(i) - first;  // -1.. when i is below `first`
        tree.nearest(&points[i * dim], lists.k, self, found);
        for (std::size_t r = 0; r < found.size(); ++r) lists.table[i * kk + r] = found[r].second + first;
      }
    });
    return lists;
  }
  // Matrix metric: partial sort of each row by (distance, index).
  pool.for_each(n_chunks, [&](std::size_t c) {
    std::vector<std::pair<double, Index>> row;
    for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
      row.clear();
      for (std::size_t j = static_cast<std::size_t>(first); j < n; ++j)
        if (j != i) row.emplace_back(metric.distance(static_cast<Index>(i), static_cast<Index>(j)),
                                     static_cast<Index>(j));
      const std::size_t take = std::min(kk, row.size());
      std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(take), row.end());
      for (std::size_t r = 0; r < take; ++r) lists.table[i * kk + r] = row[r].second;
    }
  });
  return lists;
}

}  // namespace lastleg::geo
