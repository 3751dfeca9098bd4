#pragma once
/// Derived, read-only view of an AssignInput that every search task shares:
/// lines grouped by order, stock slots (node, sku) net of safety stock, and each
/// order's candidate nodes found by service reach (a k-d tree when a level has
/// many service rows).
#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "lastleg/assign/assign_input.h"
#include "lastleg/common/thread_pool.h"
#include "lastleg/common/types.h"

namespace lastleg::assign {

inline constexpr std::int64_t kUnlimited = std::int64_t{1} << 60;

class AssignModel {
 public:
  AssignModel(AssignInput input, ThreadPool& pool);

  [[nodiscard]] const AssignInput& input() const { return in_; }
  [[nodiscard]] Index n_orders() const { return in_.n_orders(); }
  [[nodiscard]] Index n_nodes() const { return in_.n_nodes(); }
  [[nodiscard]] Index n_slots() const { return static_cast<Index>(slot_node_.size()); }
  [[nodiscard]] const AssignPolicy& policy() const { return in_.policy; }

  // --- lines of an order (global line indices, ascending)
  [[nodiscard]] std::span<const Index> lines(Index o) const {
    return {order_lines_.data() + line_off_[o], order_lines_.data() + line_off_[o + 1]};
  }
  [[nodiscard]] Index n_lines(Index o) const { return line_off_[o + 1] - line_off_[o]; }
  [[nodiscard]] std::int64_t units(Index o) const { return order_units_[o]; }
  [[nodiscard]] std::int64_t qty(Index line) const { return in_.line_qty[line]; }
  /// Penalty of leaving the whole order unshipped: unserved_penalty * (1 + priority).
  [[nodiscard]] double unserved_cost(Index o) const { return penalty_[o]; }

  // --- candidates of an order (by parcel cost, then node index)
  [[nodiscard]] Index n_cands(Index o) const { return cand_off_[o + 1] - cand_off_[o]; }
  [[nodiscard]] Index cand_begin(Index o) const { return cand_off_[o]; }
  [[nodiscard]] Index cand_node(Index c) const { return cand_node_[c]; }  ///< c: global cand id
  /// fixed + per_km * km + node cost_per_order: the cost of one parcel.
  [[nodiscard]] double parcel_cost(Index c) const { return cand_parcel_[c]; }
  /// The parcel's shipping part (its cost less the node's cost per order).
  [[nodiscard]] double ship_cost(Index c) const {
    return cand_parcel_[c] - in_.node_cost_per_order[cand_node_[c]];
  }
  /// Stock slot of local line `li` of order `o` at local candidate `k`; -1 if none.
  [[nodiscard]] Index line_slot(Index o, Index li, Index k) const {
    return lc_slot_[static_cast<std::size_t>(lc_off_[o]) +
                    static_cast<std::size_t>(li) * static_cast<std::size_t>(n_cands(o)) +
                    static_cast<std::size_t>(k)];
  }
  /// Cheapest unit cost over the order's candidates (a floor of any plan's unit costs).
  [[nodiscard]] double min_unit_cost(Index o) const { return min_unit_[o]; }
  /// Nodes that offer the order's level within reach (before stock filtering).
  [[nodiscard]] Index reach_count(Index o) const { return reach_count_[o]; }
  /// Whether a reachable node holding stock of one of o's lines has capacity 0 for the batch.
  [[nodiscard]] bool capped_out(Index o) const { return capped_out_[static_cast<std::size_t>(o)] != 0; }

  // --- resources
  [[nodiscard]] Index slot_node(Index s) const { return slot_node_[s]; }
  [[nodiscard]] Index slot_sku(Index s) const { return slot_sku_[s]; }
  [[nodiscard]] std::int64_t slot_avail(Index s) const { return slot_avail_[s]; }
  [[nodiscard]] Index n_skus() const { return in_.n_skus; }
  /// Stock slots of one sku (by node).
  [[nodiscard]] std::span<const Index> sku_slots(Index sku) const {
    return {sku_slots_.data() + sku_off_[sku], sku_slots_.data() + sku_off_[sku + 1]};
  }
  [[nodiscard]] std::int64_t cap_orders(Index n) const { return cap_orders_[n]; }
  [[nodiscard]] std::int64_t cap_units(Index n) const { return cap_units_[n]; }
  [[nodiscard]] double unit_cost(Index n) const { return in_.node_cost_per_unit[n]; }

  /// Lists every resource's users (below). Not part of the construction: large
  /// batches do without them (about a fifth of the model's memory and build time).
  void build_users(ThreadPool& pool);
  [[nodiscard]] bool has_users() const { return !user_off_.empty(); }
  /// Orders that have resource r among their candidates (r: slot, or n_slots + node);
  /// only after build_users().
  [[nodiscard]] std::span<const Index> users(Index r) const {
    return {user_list_.data() + user_off_[r], user_list_.data() + user_off_[r + 1]};
  }
  [[nodiscard]] Index n_resources() const { return n_slots() + n_nodes(); }

 private:
  struct LevelReach;
  struct CandidateScratch;
  struct CandidateBlock;

  void build_lines();
  void build_slots();
  void build_candidates(ThreadPool& pool);
  /// Per service level: its rows, their nodes on the unit sphere, a k-d tree when there are many.
  [[nodiscard]] std::vector<LevelReach> reach_by_level() const;
  /// Order o's nodes within reach of its level, each at its cheapest parcel
  /// cost (great-circle km x detour), less those the order does not allow;
  /// into s.found.
  void reachable_nodes(const LevelReach& level, std::size_t o, CandidateScratch& s) const;
  /// The same from the input's order x node km (a travel source other than the formula).
  void given_distances(const LevelReach& level, std::size_t o, CandidateScratch& s) const;
  /// Service row r offers order o's parcel at `km`, when within its reach.
  void offer(std::size_t r, double km, CandidateScratch& s) const;
  /// Appends order o's candidates (the reachable nodes that can ship one of its
  /// lines, by parcel cost) and its (line, candidate) slot table to the block.
  void add_candidates(std::size_t o, CandidateScratch& s, CandidateBlock& blk) const;
  /// The blocks' candidates into the model's flat arrays.
  void pack_candidates(std::vector<CandidateBlock>& blocks, ThreadPool& pool);
  /// Stock slot of (sku, node), -1 if the node does not stock it (inline: the
  /// candidate build calls it for every (line, reachable node) pair).
  [[nodiscard]] Index find_slot(Index sku, Index node) const {
    if (!dense_slot_.empty())
      return dense_slot_[static_cast<std::size_t>(sku) * static_cast<std::size_t>(n_nodes()) +
                         static_cast<std::size_t>(node)];
    const Index* b0 = sku_slots_.data() + sku_off_[sku];
    const Index* b1 = sku_slots_.data() + sku_off_[sku + 1];
    const Index* it = std::lower_bound(b0, b1, node, [&](Index s, Index n) { return slot_node_[s] < n; });
    return it != b1 && slot_node_[*it] == node ? *it : -1;
  }
  static constexpr std::int64_t kDenseSlotLimit = std::int64_t{1} << 23;  ///< 32 MiB of int32

  AssignInput in_;
  std::vector<Index> line_off_, order_lines_;
  std::vector<std::int64_t> order_units_;
  std::vector<double> penalty_;
  std::vector<Index> slot_node_, slot_sku_;
  std::vector<std::int64_t> slot_avail_;
  std::vector<Index> sku_off_, sku_slots_;  // per sku: slots sorted by node
  std::vector<Index> dense_slot_;           // sku * n_nodes + node -> slot (small models)
  std::vector<std::int64_t> cap_orders_, cap_units_;
  std::vector<Index> cand_off_, cand_node_;
  std::vector<double> cand_parcel_;
  std::vector<std::int64_t> lc_off_;
  std::vector<Index> lc_slot_;
  std::vector<Index> reach_count_;
  std::vector<char> capped_out_;
  std::vector<double> min_unit_;
  std::vector<Index> user_off_, user_list_;
};

}  // namespace lastleg::assign
