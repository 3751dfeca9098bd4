#pragma once
/// Dijkstra over the upward arcs of a Hierarchy from one node: forward (along `up`) or
/// backward (against `down`, i.e. toward the start). Its search space is small; the
/// labels are reset by the next run.
#include <cstdint>
#include <queue>
#include <utility>
#include <vector>

#include "lastleg/roads/hierarchy.h"

namespace lastleg::roads {

class UpSearch {
 public:
  explicit UpSearch(std::int32_t n) : dist_(static_cast<std::size_t>(n), kNoPath), parent_(static_cast<std::size_t>(n), -1) {}

  /// Settles every node reachable upward from `start`; `settled()` lists them with
  /// their costs in settling order.
  void run(const Hierarchy& h, std::int32_t start, bool forward) {
    for (auto v : settled_) reset(v.first);
    for (auto v : touched_) reset(v);
    settled_.clear();
    touched_.clear();
    dist_[static_cast<std::size_t>(start)] = {};
    touched_.push_back(start);
    heap_.push({{}, start});
    while (!heap_.empty()) {
      const auto [d, v] = heap_.top();
      heap_.pop();
      if (dist_[static_cast<std::size_t>(v)] < d) continue;
      settled_.emplace_back(v, d);
      for (const HierarchyArc& a : forward ? h.up(v) : h.down(v)) {
        const Cost nd = d + a.cost;
        Cost& cur = dist_[static_cast<std::size_t>(a.to)];
        if (nd < cur) {
          if (!reachable(cur)) touched_.push_back(a.to);
          cur = nd;
          parent_[static_cast<std::size_t>(a.to)] = v;
          heap_.push({nd, a.to});
        }
      }
    }
  }

  [[nodiscard]] const std::vector<std::pair<std::int32_t, Cost>>& settled() const { return settled_; }
  [[nodiscard]] Cost dist(std::int32_t v) const { return dist_[static_cast<std::size_t>(v)]; }
  [[nodiscard]] std::int32_t parent(std::int32_t v) const { return parent_[static_cast<std::size_t>(v)]; }

 private:
  void reset(std::int32_t v) {
    dist_[static_cast<std::size_t>(v)] = kNoPath;
    parent_[static_cast<std::size_t>(v)] = -1;
  }
  struct Later {
    bool operator()(const std::pair<Cost, std::int32_t>& a, const std::pair<Cost, std::int32_t>& b) const {
      return b.first < a.first || (a.first == b.first && a.second > b.second);
    }
  };
  std::vector<Cost> dist_;
  std::vector<std::int32_t> parent_, touched_;
  std::vector<std::pair<std::int32_t, Cost>> settled_;
  std::priority_queue<std::pair<Cost, std::int32_t>, std::vector<std::pair<Cost, std::int32_t>>, Later> heap_;
};

}  // namespace lastleg::roads
