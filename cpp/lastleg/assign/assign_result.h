#pragma once
/// What a batch assignment returns: line parts shipped, per-order status and
/// reason, node utilisation, the §5 cost broken down, and the lower bound.
#include <cstdint>
#include <vector>

#include "lastleg/common/types.h"

namespace lastleg::assign {

enum class OrderStatus : std::int8_t { single = 0, split = 1, partial = 2, unserved = 3 };
enum class Reason : std::int8_t { none = -1, no_stock = 0, out_of_reach = 1, capacity = 2, not_worth = 3 };

struct AssignResult {
  // one row per line part shipped, sorted by (line, node)
  std::vector<std::int32_t> part_line, part_node;
  std::vector<std::int64_t> part_qty;
  // per order
  std::vector<std::int8_t> order_status, order_reason;
  std::vector<std::int32_t> order_parcels;
  std::vector<double> order_cost;
  // per node: parcels and units shipped
  std::vector<std::int64_t> node_orders, node_units;
  // cost
  double cost = 0.0, shipping = 0.0, processing = 0.0, split = 0.0, unserved = 0.0;
  double lower_bound = 0.0;
  // statistics
  std::int64_t dual_iterations = 0, moves = 0;
  std::int32_t best_task = 0;
  double runtime = 0.0;
  bool interrupted = false;
};

}  // namespace lastleg::assign
