#include "lastleg/route/operators/swap_star.h"

#include <algorithm>

#include "lastleg/route/local_search.h"

namespace lastleg::route {

namespace {

// Only the best few distance-improving candidates are checked exactly: with
// time windows the best by distance may be infeasible, a handful of fallbacks
// catches most of the feasible ones at little cost.
constexpr std::size_t kExactChecks = 4;

struct ByDelta {
  template <class C>
  bool operator()(const C& x, const C& y) const { return x.delta < y.delta; }
};
constexpr ByDelta by_delta{};

}  // namespace

void SwapStar::Top3::reset() {
  cost.fill(kInfinity);
  pos.fill(-1);
}

bool SwapStar::Top3::has(Index p) const { return pos[0] == p || pos[1] == p || pos[2] == p; }

void SwapStar::Top3::add(double c, Index p) {
  if (!(c < cost[2])) return;
  if (c < cost[1]) {
    cost[2] = cost[1];
    pos[2] = pos[1];
    if (c < cost[0]) {
      cost[1] = cost[0];
      pos[1] = pos[0];
      cost[0] = c;
      pos[0] = p;
    } else {
      cost[1] = c;
      pos[1] = p;
    }
  } else {
    cost[2] = c;
    pos[2] = p;
  }
}

void SwapStar::collect_links(const LocalSearch& ls, SearchContext& ctx, const Solution& sol, Index ra) {
  const Model& m = ctx.m;
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  links_.clear();
  const int k = std::min(ctx.k(), ctx.p.swap_star_neighbours);
  rem_a_.resize(static_cast<std::size_t>(a.size()));
  for (Index pu = 0; pu < a.size(); ++pu) {
    const Index u = a.stops[static_cast<std::size_t>(pu)], l = m.loc(u);
    const Index p = ls.loc_before(a, pu), nx = ls.loc_after(a, pu);
    rem_a_[static_cast<std::size_t>(pu)] = ls.d(p, l) + ls.d(l, nx) - ls.d(p, nx);
    for (int r = 0; r < k; ++r) {
      const Index w = ctx.neighbour(u, r);
      if (w < 0) break;
      const Index rw = sol.route_of[static_cast<std::size_t>(w)];
      if (rw < 0 || rw == ra) continue;
      links_.push_back({rw, pu, sol.pos_of[static_cast<std::size_t>(w)]});
    }
  }
  std::sort(links_.begin(), links_.end(), [](const Link& x, const Link& y) {
    if (x.rb != y.rb) return x.rb < y.rb;
    return x.pu != y.pu ? x.pu < y.pu : x.pw < y.pw;
  });
}

void SwapStar::add_near(const LocalSearch& ls, const Model& m, const Route& into, Index stop_loc, Index at,
                        Top3& t) {
  // The edges either side of position `at` of `into`.
  const Index lw = m.loc(into.stops[static_cast<std::size_t>(at)]);
  for (Index q = at; q <= at + 1; ++q) {
    if (t.has(q)) continue;
    const Index prev = q == at ? ls.loc_before(into, at) : lw;
    const Index next = q == at ? lw : ls.loc_after(into, at);
    t.add(ls.d(prev, stop_loc) + ls.d(stop_loc, next) - ls.d(prev, next), q);
  }
}

double SwapStar::best_without(const LocalSearch& ls, const Route& r, const Top3& top, Index stop_loc, Index gone,
                              Index& q) {
  // The hole left by the removed stop: its neighbours become adjacent.
  const Index p = ls.loc_before(r, gone), nx = ls.loc_after(r, gone);
  double best = ls.d(p, stop_loc) + ls.d(stop_loc, nx) - ls.d(p, nx);
  q = gone;
  // Cached positions next to the removed stop are no longer edges of the route.
  for (int i = 0; i < 3; ++i) {
    const Index pos = top.pos[static_cast<std::size_t>(i)];
    if (pos < 0) break;
    if (pos == gone || pos == gone + 1) continue;
    if (top.cost[static_cast<std::size_t>(i)] < best) {
      best = top.cost[static_cast<std::size_t>(i)];
      q = pos;
    }
    break;  // sorted: the first valid one is the best valid one
  }
  return best;
}

double SwapStar::replaced_cost(const LocalSearch& ls, const Route& r, Index out, Index stop, Index q) {
  mid_.clear();
  if (q == out || q == out + 1) {
    mid_.push_back(stop);
    return ls.eval(r, out - 1, mid_.data(), 1, &r, out + 1);
  }
  if (q < out) {
    mid_.push_back(stop);
    mid_.insert(mid_.end(), r.stops.begin() + q, r.stops.begin() + out);
    return ls.eval(r, q - 1, mid_.data(), static_cast<int>(mid_.size()), &r, out + 1);
  }
  mid_.assign(r.stops.begin() + out + 1, r.stops.begin() + q);
  mid_.push_back(stop);
  return ls.eval(r, out - 1, mid_.data(), static_cast<int>(mid_.size()), &r, q);
}

bool SwapStar::run(LocalSearch& ls, SearchContext& ctx, Solution& sol, Index ra) {
  if (sol.routes[static_cast<std::size_t>(ra)].empty()) return false;
  collect_links(ls, ctx, sol, ra);
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  top_a_.resize(static_cast<std::size_t>(a.size()));
  for (std::size_t g = 0; g < links_.size();) {
    std::size_t e = g;
    while (e < links_.size() && links_[e].rb == links_[g].rb) ++e;
    if (try_pair(ls, ctx, sol, ra, links_[g].rb, g, e)) return true;
    g = e;
  }
  return false;
}

bool SwapStar::try_pair(LocalSearch& ls, SearchContext& ctx, Solution& sol, Index ra, Index rb, std::size_t from,
                        std::size_t to) {
  const Model& m = ctx.m;
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  const Route& b = sol.routes[static_cast<std::size_t>(rb)];
  // Each link (u in A, w in B, w among u's nearest) offers u a place next to w
  // and w a place next to u: the stops on either side of the routes' border.
  border_a_.clear();
  border_b_.clear();
  top_b_.resize(static_cast<std::size_t>(b.size()));
  rem_b_.resize(static_cast<std::size_t>(b.size()));
  for (std::size_t i = from; i < to; ++i) {
    const Link& l = links_[i];
    if (border_a_.empty() || border_a_.back() != l.pu) {  // links are sorted by pu
      border_a_.push_back(l.pu);
      top_a_[static_cast<std::size_t>(l.pu)].reset();
    }
    Top3& tb = top_b_[static_cast<std::size_t>(l.pw)];
    if (std::find(border_b_.begin(), border_b_.end(), l.pw) == border_b_.end()) {
      border_b_.push_back(l.pw);
      tb.reset();
    }
    add_near(ls, m, b, m.loc(a.stops[static_cast<std::size_t>(l.pu)]), l.pw, top_a_[static_cast<std::size_t>(l.pu)]);
    add_near(ls, m, a, m.loc(b.stops[static_cast<std::size_t>(l.pw)]), l.pu, tb);
  }
  for (Index pv : border_b_) {
    const Index lv = m.loc(b.stops[static_cast<std::size_t>(pv)]);
    const Index p = ls.loc_before(b, pv), nx = ls.loc_after(b, pv);
    rem_b_[static_cast<std::size_t>(pv)] = ls.d(p, lv) + ls.d(lv, nx) - ls.d(p, nx);
  }
  const int nd = m.n_dims();
  const VehicleType& ta = m.type(a.type);
  const VehicleType& tb = m.type(b.type);
  const double ca = ls.cpd(a), cb = ls.cpd(b);
  cands_.clear();
  double worst_kept = -kImprove;  // admission bar once kExactChecks candidates are held
  for (Index pu : border_a_) {
    const Index u = a.stops[static_cast<std::size_t>(pu)], lu = m.loc(u);
    for (Index pv : border_b_) {
      const Index v = b.stops[static_cast<std::size_t>(pv)];
      bool fits = true;
      for (int q = 0; q < nd && fits; ++q) {
        const Count du = m.demand(u, q), dv = m.demand(v, q);
        fits = a.load[static_cast<std::size_t>(q)] - du + dv <= ta.capacity[static_cast<std::size_t>(q)] &&
               b.load[static_cast<std::size_t>(q)] - dv + du <= tb.capacity[static_cast<std::size_t>(q)];
      }
      if (!fits) continue;
      Index qa, qb;
      const double ins_v = best_without(ls, a, top_b_[static_cast<std::size_t>(pv)], m.loc(v), pu, qa);
      const double ins_u = best_without(ls, b, top_a_[static_cast<std::size_t>(pu)], lu, pv, qb);
      const double removed = ca * rem_a_[static_cast<std::size_t>(pu)] + cb * rem_b_[static_cast<std::size_t>(pv)];
      const double delta = ca * ins_v + cb * ins_u - removed;
      if (!(delta < worst_kept)) continue;
      const Candidate c{delta, pu, pv, qa, qb};
      if (cands_.size() < kExactChecks) {
        cands_.push_back(c);
      } else {
        *std::max_element(cands_.begin(), cands_.end(), by_delta) = c;
      }
      if (cands_.size() == kExactChecks) worst_kept = std::max_element(cands_.begin(), cands_.end(), by_delta)->delta;
    }
  }
  if (cands_.empty()) return false;
  // Ties broken by position: the order does not depend on how the candidate list evolved.
  std::sort(cands_.begin(), cands_.end(), [](const Candidate& x, const Candidate& y) {
    if (x.delta != y.delta) return x.delta < y.delta;
    return x.pu != y.pu ? x.pu < y.pu : x.pv < y.pv;
  });
  const double old = a.cost + b.cost;
  for (const Candidate& c : cands_) {
    const Index u = a.stops[static_cast<std::size_t>(c.pu)], v = b.stops[static_cast<std::size_t>(c.pv)];
    const double new_a = replaced_cost(ls, a, c.pu, v, c.qa);
    if (!(new_a < kInfinity)) continue;
    const double new_b = replaced_cost(ls, b, c.pv, u, c.qb);
    if (!(new_a + new_b < old - kImprove)) continue;
    ls.buf_a = a.stops;
    ls.buf_a.erase(ls.buf_a.begin() + c.pu);
    ls.buf_a.insert(ls.buf_a.begin() + (c.qa > c.pu ? c.qa - 1 : c.qa), v);
    ls.buf_b = b.stops;
    ls.buf_b.erase(ls.buf_b.begin() + c.pv);
    ls.buf_b.insert(ls.buf_b.begin() + (c.qb > c.pv ? c.qb - 1 : c.qb), u);
    ls.apply(ctx, sol, ra, ls.buf_a);
    ls.apply(ctx, sol, rb, ls.buf_b);
    return true;
  }
  return false;
}

}  // namespace lastleg::route
