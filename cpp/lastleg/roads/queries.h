#pragma once
/// Queries on a Hierarchy: many-to-many matrices and node paths.
///
/// Matrices use buckets (Knopp et al. 2007): a backward upward search from every target
/// leaves (target, cost) in a bucket at each node it settles; a forward upward search
/// from every source meets them. With few sources (or targets) and many of the other,
/// a PHAST sweep (Delling et al. 2011) per source (target) over all nodes is used
/// instead. Both are exact; each source's row is computed by one task, so threads change
/// the time, never the matrix.
#include <cstdint>
#include <span>
#include <vector>

#include "lastleg/common/thread_pool.h"
#include "lastleg/roads/hierarchy.h"

namespace lastleg::roads {

class Queries {
 public:
  explicit Queries(const Hierarchy& h) : h_(h) {}

  /// Row-major |sources| x |targets| costs between internal node ids (kNoPath where
  /// there is none).
  [[nodiscard]] std::vector<Cost> matrix(std::span<const std::int32_t> sources,
                                         std::span<const std::int32_t> targets,
                                         ThreadPool& pool) const;

  /// Internal node ids of the cheapest path from s to t, s and t included; empty when
  /// there is none.
  [[nodiscard]] std::vector<std::int32_t> path(std::int32_t s, std::int32_t t) const;

 private:
  [[nodiscard]] std::vector<Cost> buckets(std::span<const std::int32_t> sources,
                                          std::span<const std::int32_t> targets,
                                          ThreadPool& pool) const;
  [[nodiscard]] std::vector<Cost> sweeps(std::span<const std::int32_t> sources,
                                         std::span<const std::int32_t> targets, bool forward,
                                         ThreadPool& pool) const;
  void unpack(std::int32_t u, std::int32_t w, std::vector<std::int32_t>& out) const;

  const Hierarchy& h_;
};

}  // namespace lastleg::roads
