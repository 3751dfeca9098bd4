// Assignment engine self-tests without Python: on random batches every result
// is feasible (stock, capacity, reach, max parcels, whole-or-nothing), its cost
// recomputes from the parts, bound <= cost, and threads 1 and 2 agree exactly.
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "harness.h"
#include "lastleg/assign/assign_solver.h"
#include "lastleg/common/rng.h"
#include "lastleg/geo/metric.h"
#include "fixtures.h"

using namespace lastleg;
using namespace lastleg::testing;
using namespace lastleg::assign;

namespace {

// Independent recompute of the §5 cost and every hard constraint.
void check(const AssignInput& in, const AssignResult& r) {
  std::map<std::pair<int, int>, std::int64_t> stock;
  for (std::size_t i = 0; i < in.inv_node.size(); ++i)
    stock[{in.inv_node[i], in.inv_sku[i]}] += in.inv_on_hand[i] - in.inv_safety_stock[i];
  for (auto& [key, left] : stock) left = std::max<std::int64_t>(left, 0);
  std::vector<std::int64_t> shipped(in.line_order.size(), 0), units(in.order_lat.size(), 0),
      sent(in.order_lat.size(), 0);
  std::map<std::pair<int, int>, int> parcel;  // (order, node)
  std::vector<std::int64_t> n_orders(in.node_lat.size(), 0), n_units(in.node_lat.size(), 0);
  double cost = 0.0;
  for (std::size_t i = 0; i < r.part_line.size(); ++i) {
    const int l = r.part_line[i], n = r.part_node[i];
    const std::int64_t q = r.part_qty[i];
    CHECK(q > 0);
    const int o = in.line_order[static_cast<std::size_t>(l)];
    shipped[static_cast<std::size_t>(l)] += q;
    sent[static_cast<std::size_t>(o)] += q;
    stock[{n, in.line_sku[static_cast<std::size_t>(l)]}] -= q;
    n_units[static_cast<std::size_t>(n)] += q;
    cost += static_cast<double>(q) * in.node_cost_per_unit[static_cast<std::size_t>(n)];
    if (parcel[{o, n}]++ == 0) {
      ++n_orders[static_cast<std::size_t>(n)];
      const double km = geo::haversine_m(in.order_lat[static_cast<std::size_t>(o)], in.order_lon[static_cast<std::size_t>(o)],
                                         in.node_lat[static_cast<std::size_t>(n)], in.node_lon[static_cast<std::size_t>(n)]) /
                        1000.0 * in.policy.detour_factor;
      double best = -1;
      for (std::size_t s = 0; s < in.svc_node.size(); ++s)
        if (in.svc_node[s] == n && in.svc_level[s] == in.order_level[static_cast<std::size_t>(o)] && km <= in.svc_max_km[s]) {
          const double c = in.svc_fixed_cost[s] + in.svc_cost_per_km[s] * km;
          if (best < 0 || c < best) best = c;
        }
      CHECK(best >= 0);  // reach
      cost += best + in.node_cost_per_order[static_cast<std::size_t>(n)];
    }
  }
  for (const auto& [key, left] : stock) CHECK(left >= 0);
  for (std::size_t n = 0; n < in.node_lat.size(); ++n) {
    if (in.node_capacity_orders[n] >= 0) CHECK(n_orders[n] <= in.node_capacity_orders[n]);
    if (in.node_capacity_units[n] >= 0) CHECK(n_units[n] <= in.node_capacity_units[n]);
  }
  for (std::size_t l = 0; l < in.line_order.size(); ++l) {
    CHECK(shipped[l] <= in.line_qty[l]);
    units[static_cast<std::size_t>(in.line_order[l])] += in.line_qty[l];
  }
  std::vector<int> parcels(in.order_lat.size(), 0);
  for (const auto& [key, count] : parcel) ++parcels[static_cast<std::size_t>(key.first)];
  for (std::size_t o = 0; o < units.size(); ++o) {
    CHECK(parcels[o] <= in.policy.max_parcels);
    CHECK(parcels[o] == r.order_parcels[o]);
    if (!in.policy.allow_partial) CHECK(sent[o] == 0 || sent[o] == units[o]);
    cost += in.policy.split_penalty * std::max(0, parcels[o] - 1);
    cost += in.policy.unserved_penalty * (1.0 + static_cast<double>(in.order_priority[o])) *
            static_cast<double>(units[o] - sent[o]) / static_cast<double>(units[o]);
  }
  CHECK(std::abs(cost - r.cost) <= 1e-6 * std::max(1.0, cost));
  CHECK(r.lower_bound <= r.cost + 1e-6);
}

}  // namespace

TEST_CASE(random_batches_feasible_and_thread_free) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const bool partial = seed % 3 == 0;
    AssignInput in = random_batch(seed, 40 + static_cast<int>(seed) * 10, 8, 15, partial);
    AssignOptions opt;
    opt.max_iterations = 30;
    opt.seed = seed;
    opt.threads = 1;
    const AssignResult a = AssignSolver::solve(in, opt);
    opt.threads = 2;
    const AssignResult b = AssignSolver::solve(in, opt);
    check(in, a);
    CHECK(a.cost == b.cost);
    CHECK(a.lower_bound == b.lower_bound);
    CHECK(a.part_line == b.part_line && a.part_node == b.part_node && a.part_qty == b.part_qty);
    std::printf("seed %llu: cost %.3f bound %.3f gap %.3f%% moves %lld task %d\n",
                static_cast<unsigned long long>(seed), a.cost, a.lower_bound,
                100.0 * (a.cost - a.lower_bound) / a.cost, static_cast<long long>(a.moves), a.best_task);
  }
}
