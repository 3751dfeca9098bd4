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

bool ejection_insertion(SearchContext& ctx, Solution& sol, Index stop, double alternative) {
  const Model& m = ctx.m;
  if (!m.time_free()) return false;
  const Index ls = m.loc(stop);
  const int nd = m.n_dims();
  double best = alternative;
  Index best_r = -1, best_e = -1, best_pos = -1, best_re = -1, best_pe = -1;
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
      double ins = kInfinity;
      Index at = -1;  // insertion index in the route without e
      for (Index p = 0; p < route.size(); ++p) {
        // Edge before position p of the route without e (p == size - 1: to the end depot).
        const Index orig = p < j ? p : p + 1;  // original position that follows the edge
        const Index a = loc_at(m, route, (orig == j + 1 ? j - 1 : orig - 1));
        const Index b = loc_at(m, route, orig);
        const double c = dd(m, a, ls) + dd(m, ls, b) - dd(m, a, b);
        if (c < ins) {
          ins = c;
          at = p;
        }
      }
      const double delta_d = ins - removed;
      if (route.distance + delta_d > t.max_distance) continue;
      const double delta = t.cost_per_distance * delta_d;
      if (!(delta < best)) continue;  // the reinsertion only adds
      double c_e;
      Index re, p_e;
      reinsertion(ctx, sol, e, r, c_e, re, p_e);
      if (re < 0 || !(delta + c_e < best)) continue;
      best = delta + c_e;
      best_r = r;
      best_e = e;
      best_pos = at;
      best_re = re;
      best_pe = p_e;
    }
  }
  if (best_r < 0) return false;
  ctx.journal.touch(sol, best_r);
  ctx.journal.touch(sol, best_re);
  sol.remove(m, best_r, {best_e});
  sol.insert(m, best_e, best_re, best_pe);  // another route: its positions still hold
  sol.insert(m, stop, best_r, best_pos);
  return true;
}

}  // namespace lastleg::route
