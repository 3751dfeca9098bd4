#include "lastleg/route/operators/greedy_insertion.h"

#include <algorithm>

#include "lastleg/route/operators/ejection_insertion.h"

namespace lastleg::route {

namespace {

inline void consider(const Model& m, const Solution& sol, Index stop, Index r, Index pos, Insertion& best) {
  const double c = sol.routes[static_cast<std::size_t>(r)].insert_cost(m, stop, pos);
  if (c < best.cost) best = {c, r, pos};
}

double depot_distance(const Model& m, Index stop) {
  return m.dist(m.types().front().start_depot, m.loc(stop));
}

Count total_demand(const Model& m, Index stop) {
  Count d = 0;
  for (int q = 0; q < m.n_dims(); ++q) d += m.demand(stop, q);
  return d;
}

}  // namespace

Insertion best_insertion(SearchContext& ctx, const Solution& sol, Index stop, double blink) {
  const Model& m = ctx.m;
  Insertion best;
  for (int r = 0; r < ctx.k(); ++r) {
    const Index v = ctx.neighbour(stop, r);
    if (v < 0) break;
    const Index rv = sol.route_of[static_cast<std::size_t>(v)];
    if (rv < 0) continue;
    const Index q = sol.pos_of[static_cast<std::size_t>(v)];
    if (blink <= 0.0 || ctx.rng.uniform() >= blink) consider(m, sol, stop, rv, q, best);
    if (blink <= 0.0 || ctx.rng.uniform() >= blink) consider(m, sol, stop, rv, q + 1, best);
  }
  for (const auto& e : sol.empties)
    if (!e.empty()) consider(m, sol, stop, e.back(), 0, best);
  // Full scan when nothing near fits (bounded to moderate sizes: it is O(n)).
  if (best.route < 0 && m.n_stops() <= 2000) {
    for (Index r = 0; r < static_cast<Index>(sol.routes.size()); ++r) {
      const Route& route = sol.routes[static_cast<std::size_t>(r)];
      if (route.empty()) continue;
      for (Index pos = 0; pos <= route.size(); ++pos) consider(m, sol, stop, r, pos, best);
    }
  }
  return best;
}

void greedy_insertion(SearchContext& ctx, Solution& sol, std::vector<Index>& order) {
  const Model& m = ctx.m;
  order = sol.unassigned;
  std::sort(order.begin(), order.end());  // canonical start: the unassigned vector's order is history
  ctx.rng.shuffle(std::span<Index>(order));
  // SISR's orders (random 4, demand 4, far 2, close 1) plus, with time windows,
  // earliest due time first (2).
  const auto pick = ctx.rng.below(m.time_free() ? 11 : 13);
  if (pick >= 11) {
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return m.last_close(a) < m.last_close(b); });
  } else if (pick < 4) {
    // random order
  } else if (pick < 8) {
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return total_demand(m, a) > total_demand(m, b); });
  } else if (pick < 10) {
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return depot_distance(m, a) > depot_distance(m, b); });
  } else {
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return depot_distance(m, a) < depot_distance(m, b); });
  }
  EjectionInsertion ejection;
  for (Index s : order) {
    if (!m.servable(s)) continue;
    const Insertion ins = best_insertion(ctx, sol, s, ctx.p.blink_rate);
    // Opening a vehicle (or leaving the stop out): first try to make room in a used route.
    if (ctx.p.ejection && (ins.route < 0 || sol.routes[static_cast<std::size_t>(ins.route)].empty())) {
      const double otherwise = std::min(ins.cost, m.penalty(s));
      if (ejection.evaluate(ctx, sol, s, otherwise) < kNoMove) {
        ejection.apply(ctx, sol);
        continue;
      }
    }
    if (ins.route < 0) continue;
    if (!m.mandatory(s) && !(ins.cost < m.penalty(s))) continue;
    ctx.journal.touch(sol, ins.route);
    sol.insert(m, s, ins.route, ins.pos);
  }
}

}  // namespace lastleg::route
