#include "lastleg/route/operators/swap_star.h"

#include <algorithm>

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

void SwapStar::collect_links(SearchContext& ctx, const Solution& sol, Index ra) {
  const Model& m = ev_.model();
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  links_.clear();
  const int k = std::min(ctx.k(), ctx.p.swap_star_neighbours);
  rem_a_.resize(static_cast<std::size_t>(a.size()));
  for (Index pu = 0; pu < a.size(); ++pu) {
    const Index u = a.stops[static_cast<std::size_t>(pu)], l = m.loc(u);
    const Index p = ev_.loc_before(a, pu), nx = ev_.loc_after(a, pu);
    rem_a_[static_cast<std::size_t>(pu)] = ev_.d(p, l) + ev_.d(l, nx) - ev_.d(p, nx);
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

void SwapStar::add_near(const Route& into, Index stop_loc, Index at, Top3& t) const {
  // The edges either side of position `at` of `into`.
  const Index lw = ev_.model().loc(into.stops[static_cast<std::size_t>(at)]);
  for (Index q = at; q <= at + 1; ++q) {
    if (t.has(q)) continue;
    const Index prev = q == at ? ev_.loc_before(into, at) : lw;
    const Index next = q == at ? lw : ev_.loc_after(into, at);
    t.add(ev_.d(prev, stop_loc) + ev_.d(stop_loc, next) - ev_.d(prev, next), q);
  }
}

double SwapStar::best_without(const Route& r, const Top3& top, Index stop_loc, Index gone, Index& q) const {
  // The hole left by the removed stop: its neighbours become adjacent.
  const Index p = ev_.loc_before(r, gone), nx = ev_.loc_after(r, gone);
  double best = ev_.d(p, stop_loc) + ev_.d(stop_loc, nx) - ev_.d(p, nx);
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

double SwapStar::replaced_cost(const Route& r, Index out, Index stop, Index q) {
  mid_.clear();
  if (q == out || q == out + 1) {
    mid_.push_back(stop);
    return ev_.eval(r, out - 1, mid_.data(), 1, &r, out + 1);
  }
  if (q < out) {
    mid_.push_back(stop);
    mid_.insert(mid_.end(), r.stops.begin() + q, r.stops.begin() + out);
    return ev_.eval(r, q - 1, mid_.data(), static_cast<int>(mid_.size()), &r, out + 1);
  }
  mid_.assign(r.stops.begin() + out + 1, r.stops.begin() + q);
  mid_.push_back(stop);
  return ev_.eval(r, out - 1, mid_.data(), static_cast<int>(mid_.size()), &r, q);
}

double SwapStar::evaluate(SearchContext& ctx, const Solution& sol, Index ra) {
  if (sol.routes[static_cast<std::size_t>(ra)].empty()) return kNoMove;
  collect_links(ctx, sol, ra);
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  top_a_.resize(static_cast<std::size_t>(a.size()));
  for (std::size_t g = 0; g < links_.size();) {
    std::size_t e = g;
    while (e < links_.size() && links_[e].rb == links_[g].rb) ++e;
    const double delta = evaluate_pair(sol, ra, links_[g].rb, g, e);
    if (delta < kNoMove) return delta;
    g = e;
  }
  return kNoMove;
}

void SwapStar::collect_places(const Route& a, const Route& b, std::size_t from, std::size_t to) {
  const Model& m = ev_.model();
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
    add_near(b, m.loc(a.stops[static_cast<std::size_t>(l.pu)]), l.pw, top_a_[static_cast<std::size_t>(l.pu)]);
    add_near(a, m.loc(b.stops[static_cast<std::size_t>(l.pw)]), l.pu, tb);
  }
  for (Index pv : border_b_) {
    const Index lv = m.loc(b.stops[static_cast<std::size_t>(pv)]);
    const Index p = ev_.loc_before(b, pv), nx = ev_.loc_after(b, pv);
    rem_b_[static_cast<std::size_t>(pv)] = ev_.d(p, lv) + ev_.d(lv, nx) - ev_.d(p, nx);
  }
}

void SwapStar::collect_candidates(const Route& a, const Route& b) {
  const Model& m = ev_.model();
  const int nd = m.n_dims();
  const VehicleType& ta = m.type(a.type);
  const VehicleType& tb = m.type(b.type);
  const double ca = ev_.cpd(a), cb = ev_.cpd(b);
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
      const double ins_v = best_without(a, top_b_[static_cast<std::size_t>(pv)], m.loc(v), pu, qa);
      const double ins_u = best_without(b, top_a_[static_cast<std::size_t>(pu)], lu, pv, qb);
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
  // Ties broken by position: the order does not depend on how the candidate list evolved.
  std::sort(cands_.begin(), cands_.end(), [](const Candidate& x, const Candidate& y) {
    if (x.delta != y.delta) return x.delta < y.delta;
    return x.pu != y.pu ? x.pu < y.pu : x.pv < y.pv;
  });
}

double SwapStar::evaluate_pair(const Solution& sol, Index ra, Index rb, std::size_t from, std::size_t to) {
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  const Route& b = sol.routes[static_cast<std::size_t>(rb)];
  collect_places(a, b, from, to);
  collect_candidates(a, b);
  const double old = a.cost + b.cost;
  for (const Candidate& c : cands_) {
    const Index u = a.stops[static_cast<std::size_t>(c.pu)], v = b.stops[static_cast<std::size_t>(c.pv)];
    const double new_a = replaced_cost(a, c.pu, v, c.qa);
    if (!(new_a < kInfinity)) continue;
    const double new_b = replaced_cost(b, c.pv, u, c.qb);
    if (!(new_a + new_b < old - kImprove)) continue;
    ra_ = ra;
    rb_ = rb;
    move_ = c;
    return new_a + new_b - old;
  }
  return kNoMove;
}

void SwapStar::apply(const Solution& sol, RouteRewrite& out) const {
  const std::vector<Index>& a = sol.routes[static_cast<std::size_t>(ra_)].stops;
  const std::vector<Index>& b = sol.routes[static_cast<std::size_t>(rb_)].stops;
  const Index u = a[static_cast<std::size_t>(move_.pu)], v = b[static_cast<std::size_t>(move_.pv)];
  const Candidate& c = move_;
  out.ra = ra_;
  out.rb = rb_;
  out.a = a;
  out.a.erase(out.a.begin() + c.pu);
  out.a.insert(out.a.begin() + (c.qa > c.pu ? c.qa - 1 : c.qa), v);
  out.b = b;
  out.b.erase(out.b.begin() + c.pv);
  out.b.insert(out.b.begin() + (c.qb > c.pv ? c.qb - 1 : c.qb), u);
}

}  // namespace lastleg::route
