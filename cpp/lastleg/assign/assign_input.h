#pragma once
/// The batch assignment problem as dense arrays (ids already mapped to indices).
///
/// Mirrors `lastleg.AssignmentProblem`; the objective is docs/formats.md's, exactly.
#include <cstdint>
#include <vector>

#include "lastleg/common/types.h"

namespace lastleg::assign {

struct AssignPolicy {
  double split_penalty = 0.0;     ///< per parcel beyond the first
  std::int64_t max_parcels = 2;   ///< parcels per order at most
  double unserved_penalty = 0.0;  ///< per order, times (1 + priority), pro rata of units
  bool allow_partial = false;     ///< ship part of an order (else whole or nothing)
  double detour_factor = 1.0;     ///< km = haversine km x detour factor
};

struct AssignInput {
  // nodes
  std::vector<double> node_lat, node_lon;
  std::vector<std::int64_t> node_capacity_orders, node_capacity_units;  ///< -1: unlimited
  std::vector<double> node_cost_per_order, node_cost_per_unit;
  // services (one row per node and level)
  Index n_levels = 0;
  std::vector<std::int32_t> svc_node, svc_level;
  std::vector<double> svc_max_km, svc_fixed_cost, svc_cost_per_km;
  // inventory
  Index n_skus = 0;
  std::vector<std::int32_t> inv_node, inv_sku;
  std::vector<std::int64_t> inv_on_hand, inv_safety_stock;
  // orders
  std::vector<double> order_lat, order_lon;
  std::vector<std::int32_t> order_level;
  std::vector<std::int64_t> order_priority;
  std::vector<std::int64_t> allowed_offsets;  ///< CSR (n_orders + 1); empty slice = any node
  std::vector<std::int32_t> allowed_nodes;
  // lines
  std::vector<std::int32_t> line_order, line_sku;
  std::vector<std::int64_t> line_qty;
  // travel: (n_orders x n_nodes, row-major) shipping km from each node to each order, inf
  // where no road leads; empty = great-circle km x detour_factor, computed here
  std::vector<double> order_node_km;

  AssignPolicy policy;

  [[nodiscard]] Index n_nodes() const { return static_cast<Index>(node_lat.size()); }
  [[nodiscard]] Index n_orders() const { return static_cast<Index>(order_lat.size()); }
  [[nodiscard]] Index n_lines() const { return static_cast<Index>(line_order.size()); }

  /// Throws std::invalid_argument naming the field and row of the first problem.
  void validate() const;
};

}  // namespace lastleg::assign
