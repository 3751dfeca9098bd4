#pragma once
/// The contraction that builds a Hierarchy: a dynamic graph of the nodes not yet
/// contracted, a bounded witness search, and the node order.
#include <cstdint>
#include <queue>
#include <span>
#include <utility>
#include <vector>

#include "lastleg/roads/cost.h"
#include "lastleg/roads/hierarchy.h"

namespace lastleg::roads {

class Contraction {
 public:
  Contraction(std::int32_t n, std::span<const std::int32_t> tail, std::span<const std::int32_t> head,
              std::span<const std::int64_t> dur_ms, std::span<const std::int64_t> len_mm);

  /// Contracts every node; returns per original node its order (0 = contracted first)
  /// and its arcs to more important nodes at the time it was contracted.
  void run();

  struct Frozen {
    std::vector<HierarchyArc> up, down;  ///< `to` and `mid` hold original ids here
  };
  [[nodiscard]] const std::vector<std::int32_t>& order() const { return order_; }
  [[nodiscard]] std::vector<Frozen>& frozen() { return frozen_; }

 private:
  struct Edge {
    std::int32_t to;
    std::int32_t mid;
    Cost cost;
  };
  struct Shortcut {
    std::int32_t from, to;
    Cost cost;
  };

  void add_edge(std::int32_t u, std::int32_t w, Cost c, std::int32_t mid);
  /// Shortcuts that contracting v needs (witness searches from each in-neighbour).
  void shortcuts_of(std::int32_t v, std::vector<Shortcut>& out);
  /// Cheapest path from `source` avoiding `skip`, up to `limit`; fills dist_ for the
  /// nodes it settles (reset by the next call).
  void witness_search(std::int32_t source, std::int32_t skip, Cost limit);
  [[nodiscard]] std::int64_t priority(std::int32_t v);
  void contract(std::int32_t v);

  std::int32_t n_;
  std::vector<std::vector<Edge>> out_, in_;
  std::vector<char> done_;
  std::vector<std::int32_t> contracted_neighbours_, depth_, order_;
  std::vector<Frozen> frozen_;
  // witness search state
  std::vector<Cost> dist_;
  std::vector<std::int32_t> touched_;
  std::priority_queue<std::pair<Cost, std::int32_t>, std::vector<std::pair<Cost, std::int32_t>>,
                      std::greater<>>
      heap_;
  std::vector<Shortcut> scratch_;
};

}  // namespace lastleg::roads
