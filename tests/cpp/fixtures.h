#pragma once
// Random problems shared by the engine's C++ tests (fixtures, not reference answers).
#include <cstdint>
#include <vector>

#include "lastleg/assign/assign_solver.h"
#include "lastleg/common/rng.h"
#include "lastleg/geo/metric.h"
#include "lastleg/route/solver.h"
#include "route_reference.h"

namespace lastleg::testing {

using namespace lastleg::assign;
using namespace lastleg::route;

inline Model random_model(Rng& rng, Index n, bool open_end, bool multi) {
  ModelData d;
  d.n_depots = 2;
  d.n_stops = n;
  d.n_dims = 2;
  std::vector<double> x, y;
  for (Index i = 0; i < n + 2; ++i) {
    x.push_back(rng.uniform() * 100);
    y.push_back(rng.uniform() * 100);
  }
  for (Index i = 0; i < n; ++i) add_random_stop(rng, d, multi ? 1 + static_cast<int>(rng.below(3)) : 1);
  d.tw_offsets.push_back(static_cast<Count>(d.time_windows.size() / 2));
  for (int ti = 0; ti < 2; ++ti) {
    VehicleType t;
    t.count = 4;
    t.capacity = {40, 25, 0};
    t.start_depot = ti;
    t.end_depot = open_end && ti == 1 ? -1 : ti;
    t.shift_start = 0;
    t.shift_end = 900;
    t.max_stops = 14;
    t.max_distance = 600;
    t.max_duration = 800;
    t.cost_per_time = 0.3 * ti + 0.1;
    t.fixed_cost = 10;
    t.speed_factor = ti == 0 ? 1.0 : 1.25;
    d.types.push_back(t);
  }
  return Model(std::move(d), geo::Metric(geo::MetricKind::euclidean, x, y));
}

// A small random batch (test fixture): nodes around a city, two service levels.
inline AssignInput random_batch(std::uint64_t seed, int n_orders, int n_nodes, int n_skus,
                                bool partial) {
  Rng rng(seed);
  AssignInput in;
  for (int n = 0; n < n_nodes; ++n) {
    in.node_lat.push_back(52.5 + (rng.uniform() - 0.5) * 0.6);
    in.node_lon.push_back(13.4 + (rng.uniform() - 0.5) * 0.9);
    in.node_capacity_orders.push_back(rng.below(3) == 0 ? -1 : 2 + static_cast<std::int64_t>(rng.below(n_orders / 2 + 1)));
    in.node_capacity_units.push_back(rng.below(2) == 0 ? -1 : 3 + static_cast<std::int64_t>(rng.below(n_orders + 1)));
    in.node_cost_per_order.push_back(1.0 + rng.uniform());
    in.node_cost_per_unit.push_back(0.2 * rng.uniform());
  }
  in.n_levels = 2;
  for (int n = 0; n < n_nodes; ++n) {
    in.svc_node.push_back(n);
    in.svc_level.push_back(0);
    in.svc_max_km.push_back(8.0 + 10.0 * rng.uniform());
    in.svc_fixed_cost.push_back(3.0 + 2.0 * rng.uniform());
    in.svc_cost_per_km.push_back(0.3 + 0.3 * rng.uniform());
    if (rng.below(3) != 0) {
      in.svc_node.push_back(n);
      in.svc_level.push_back(1);
      in.svc_max_km.push_back(100.0);
      in.svc_fixed_cost.push_back(5.0 + rng.uniform());
      in.svc_cost_per_km.push_back(0.05);
    }
  }
  in.n_skus = n_skus;
  for (int n = 0; n < n_nodes; ++n)
    for (int s = 0; s < n_skus; ++s)
      if (rng.below(3) != 0) {
        in.inv_node.push_back(n);
        in.inv_sku.push_back(s);
        in.inv_on_hand.push_back(static_cast<std::int64_t>(rng.below(6)));
        in.inv_safety_stock.push_back(static_cast<std::int64_t>(rng.below(2)));
      }
  for (int o = 0; o < n_orders; ++o) {
    in.order_lat.push_back(52.5 + (rng.uniform() - 0.5) * 0.5);
    in.order_lon.push_back(13.4 + (rng.uniform() - 0.5) * 0.8);
    in.order_level.push_back(static_cast<std::int32_t>(rng.below(2)));
    in.order_priority.push_back(static_cast<std::int64_t>(rng.below(3)));
    const int lines = 1 + static_cast<int>(rng.below(3));
    for (int l = 0; l < lines; ++l) {
      in.line_order.push_back(o);
      in.line_sku.push_back(static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(n_skus))));
      in.line_qty.push_back(1 + static_cast<std::int64_t>(rng.below(3)));
    }
  }
  in.allowed_offsets.assign(static_cast<std::size_t>(n_orders) + 1, 0);
  in.policy.split_penalty = 4.0;
  in.policy.max_parcels = 2;
  in.policy.unserved_penalty = 60.0;
  in.policy.allow_partial = partial;
  in.policy.detour_factor = 1.3;
  return in;
}

}  // namespace lastleg::testing
