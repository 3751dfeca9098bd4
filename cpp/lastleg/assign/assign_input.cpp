#include "lastleg/assign/assign_input.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace lastleg::assign {
namespace {

[[noreturn]] void fail(const std::string& field, std::size_t row, const std::string& what) {
  throw std::invalid_argument(field + "[" + std::to_string(row) + "]: " + what);
}

template <class V>
void check_size(const V& v, std::size_t n, const char* field) {
  if (v.size() != n)
    throw std::invalid_argument(std::string(field) + ": expected " + std::to_string(n) +
                                " rows, got " + std::to_string(v.size()));
}

void check_index(const std::vector<std::int32_t>& v, Index n, const char* field) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] < 0 || v[i] >= n) fail(field, i, "index " + std::to_string(v[i]) + " out of range");
}

void check_finite(const std::vector<double>& v, const char* field, bool nonnegative) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) fail(field, i, "not a finite number");
    if (nonnegative && v[i] < 0) fail(field, i, "negative");
  }
}

}  // namespace

void AssignInput::validate() const {
  const auto nn = static_cast<std::size_t>(n_nodes());
  check_size(node_lon, nn, "node_lon");
  check_size(node_capacity_orders, nn, "node_capacity_orders");
  check_size(node_capacity_units, nn, "node_capacity_units");
  check_size(node_cost_per_order, nn, "node_cost_per_order");
  check_size(node_cost_per_unit, nn, "node_cost_per_unit");
  check_finite(node_lat, "node_lat", false);
  check_finite(node_lon, "node_lon", false);
  check_finite(node_cost_per_order, "node_cost_per_order", true);
  check_finite(node_cost_per_unit, "node_cost_per_unit", true);
  for (std::size_t i = 0; i < nn; ++i) {
    if (node_capacity_orders[i] < -1) fail("node_capacity_orders", i, "must be >= 0 or -1");
    if (node_capacity_units[i] < -1) fail("node_capacity_units", i, "must be >= 0 or -1");
  }
  const std::size_t ns = svc_node.size();
  check_size(svc_level, ns, "svc_level");
  check_size(svc_max_km, ns, "svc_max_km");
  check_size(svc_fixed_cost, ns, "svc_fixed_cost");
  check_size(svc_cost_per_km, ns, "svc_cost_per_km");
  check_index(svc_node, n_nodes(), "svc_node");
  check_index(svc_level, n_levels, "svc_level");
  for (std::size_t i = 0; i < ns; ++i)
    if (std::isnan(svc_max_km[i]) || svc_max_km[i] < 0) fail("svc_max_km", i, "must be >= 0");
  check_finite(svc_fixed_cost, "svc_fixed_cost", true);
  check_finite(svc_cost_per_km, "svc_cost_per_km", true);
  const std::size_t ni = inv_node.size();
  check_size(inv_sku, ni, "inv_sku");
  check_size(inv_on_hand, ni, "inv_on_hand");
  check_size(inv_safety_stock, ni, "inv_safety_stock");
  check_index(inv_node, n_nodes(), "inv_node");
  check_index(inv_sku, n_skus, "inv_sku");
  for (std::size_t i = 0; i < ni; ++i) {
    if (inv_on_hand[i] < 0) fail("inv_on_hand", i, "negative");
    if (inv_safety_stock[i] < 0) fail("inv_safety_stock", i, "negative");
  }
  const auto no = static_cast<std::size_t>(n_orders());
  check_size(order_lon, no, "order_lon");
  check_size(order_level, no, "order_level");
  check_size(order_priority, no, "order_priority");
  check_finite(order_lat, "order_lat", false);
  check_finite(order_lon, "order_lon", false);
  check_index(order_level, n_levels, "order_level");
  for (std::size_t i = 0; i < no; ++i)
    if (order_priority[i] < 0) fail("order_priority", i, "negative");
  check_size(allowed_offsets, no + 1, "allowed_offsets");
  if (allowed_offsets[0] != 0) fail("allowed_offsets", 0, "must start at 0");
  for (std::size_t i = 0; i < no; ++i)
    if (allowed_offsets[i + 1] < allowed_offsets[i]) fail("allowed_offsets", i + 1, "decreasing");
  if (static_cast<std::size_t>(allowed_offsets[no]) != allowed_nodes.size())
    fail("allowed_offsets", no, "does not match len(allowed_nodes)");
  check_index(allowed_nodes, n_nodes(), "allowed_nodes");
  const std::size_t nl = line_order.size();
  check_size(line_sku, nl, "line_sku");
  check_size(line_qty, nl, "line_qty");
  check_index(line_order, n_orders(), "line_order");
  check_index(line_sku, n_skus, "line_sku");
  std::vector<char> has_line(no, 0);
  for (std::size_t i = 0; i < nl; ++i) {
    if (line_qty[i] <= 0) fail("line_qty", i, "must be > 0");
    has_line[static_cast<std::size_t>(line_order[i])] = 1;
  }
  for (std::size_t i = 0; i < no; ++i)
    if (!has_line[i]) fail("order", i, "has no lines");
  if (!order_node_km.empty()) {
    check_size(order_node_km, no * nn, "order_node_km");
    for (std::size_t i = 0; i < order_node_km.size(); ++i)
      if (!(order_node_km[i] >= 0)) fail("order_node_km", i / std::max<std::size_t>(nn, 1), "km must be >= 0 (inf: unreachable)");
  }
  if (!(policy.split_penalty >= 0) || !std::isfinite(policy.split_penalty))
    throw std::invalid_argument("policy.split_penalty: must be a finite number >= 0");
  if (!(policy.unserved_penalty >= 0) || !std::isfinite(policy.unserved_penalty))
    throw std::invalid_argument("policy.unserved_penalty: must be a finite number >= 0");
  if (policy.max_parcels < 1) throw std::invalid_argument("policy.max_parcels: must be >= 1");
  if (!(policy.detour_factor > 0) || !std::isfinite(policy.detour_factor))
    throw std::invalid_argument("policy.detour_factor: must be > 0");
}

}  // namespace lastleg::assign
