#include "lastleg/route/operators/ejection_insertion.h"

#include <algorithm>

namespace lastleg::route {

namespace {

// Routes near the stop that are tried (those of its nearest neighbours).
constexpr int kNearStops = 15;

Index loc_at(const Model& m, const Route& r, Index pos) {
  // Location of position pos; the start depot before 0, the end depot (or -1) past the end.
  if (pos < 0) return m.type(r.type).start_depot;
  if (pos >= r.size()) return m.type(r.type).end_depot;
  return m.loc(r.stops[static_cast<std::size_t>(pos)]);
}

double dd(const Model& m, Index a, Index b) { return a < 0 || b < 0 ? 0.0 : m.dist(a, b); }

/// Cheapest place, by added distance, for the stop at location `ls` in `route`
/// without its stop at position j; writes the insertion index (in the route
/// without that stop) to `at`.
double cheapest_without(const Model& m, const Route& route, Index j, Index ls, Index& at) {
  double ins = kInfinity;
  at = -1;
  for (Index p = 0; p < route.size(); ++p) {
    // Edge before position p of the route without j (p == size - 1: to the end depot).
    const Index orig = p < j ? p : p + 1;  // original position that follows the edge
    const Index a = loc_at(m, route, (orig == j + 1 ? j - 1 : orig - 1));
    const Index b = loc_at(m, route, orig);
    const double c = dd(m, a, ls) + dd(m, ls, b) - dd(m, a, b);
    if (c < ins) {
      ins = c;
      at = p;
    }
  }
  return ins;
}

/// Cheapest place for `stop` in a used route other than `skip`, next to its neighbours.
void reinsertion(SearchContext& ctx, const Solution& sol, Index stop, Index skip, double& cost, Index& route,
                 Index& pos) {
  cost = kInfinity;
  route = pos = -1;
  for (int r = 0; r < ctx.k(); ++r) {
    const Index v = ctx.neighbour(stop, r);
    if (v < 0) break;
    const Index rv = sol.route_of[static_cast<std::size_t>(v)];
    if (rv < 0 || rv == skip) continue;
    const Route& route_v = sol.routes[static_cast<std::size_t>(rv)];
    const Index q = sol.pos_of[static_cast<std::size_t>(v)];
    for (Index p = q; p <= q + 1; ++p) {
      const double c = route_v.insert_cost(ctx.m, stop, p);
      if (c < cost) {
        cost = c;
        route = rv;
        pos = p;
      }
    }
  }
}

}  // namespace

double EjectionInsertion::evaluate(SearchContext& ctx, const Solution& sol, Index stop, double alternative) {
  const Model& m = ctx.m;
  if (!m.time_free()) return kNoMove;
  const Index ls = m.loc(stop);
  const int nd = m.n_dims();
  double best = alternative;
  route_ = -1;
  Index tried[kNearStops];
  int n_tried = 0;
  for (int i = 0; i < std::min(ctx.k(), kNearStops); ++i) {
    const Index v = ctx.neighbour(stop, i);
    if (v < 0) break;
    const Index r = sol.route_of[static_cast<std::size_t>(v)];
    if (r < 0 || std::find(tried, tried + n_tried, r) != tried + n_tried) continue;
    tried[n_tried++] = r;
    const Route& route = sol.routes[static_cast<std::size_t>(r)];
    const VehicleType& t = m.type(route.type);
    for (Index j = 0; j < route.size(); ++j) {
      const Index e = route.stops[static_cast<std::size_t>(j)];
      bool fits = true;
      for (int q = 0; q < nd && fits; ++q)
        fits = route.load[static_cast<std::size_t>(q)] - m.demand(e, q) + m.demand(stop, q) <=
               t.capacity[static_cast<std::size_t>(q)];
      if (!fits) continue;
      // The route without e: its edges are those of the route, with (j-1, j+1) for the two at e.
      const Index pe = loc_at(m, route, j - 1), ne = loc_at(m, route, j + 1), le = m.loc(e);
      const double removed = dd(m, pe, le) + dd(m, le, ne) - dd(m, pe, ne);
      Index at;  // insertion index in the route without e
      const double ins = cheapest_without(m, route, j, ls, at);
      const double delta_d = ins - removed;
      if (route.distance + delta_d > t.max_distance) continue;
      const double delta = t.cost_per_distance * delta_d;
      if (!(delta < best)) continue;  // the reinsertion only adds
      double c_e;
      Index re, p_e;
      reinsertion(ctx, sol, e, r, c_e, re, p_e);
      if (re < 0 || !(delta + c_e < best)) continue;
      best = delta + c_e;
      stop_ = stop;
      route_ = r;
      ejected_ = e;
      pos_ = at;
      to_route_ = re;
      to_pos_ = p_e;
    }
  }
  return route_ >= 0 ? best : kNoMove;
}

void EjectionInsertion::apply(SearchContext& ctx, Solution& sol) const {
  const Model& m = ctx.m;
  ctx.journal.touch(sol, route_);
  ctx.journal.touch(sol, to_route_);
  sol.remove(m, route_, {ejected_});
  sol.insert(m, ejected_, to_route_, to_pos_);  // another route: its positions still hold
  sol.insert(m, stop_, route_, pos_);
}

}  // namespace lastleg::route
