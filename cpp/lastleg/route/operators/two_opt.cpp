#include "lastleg/route/operators/two_opt.h"

#include <algorithm>

namespace lastleg::route {

double TwoOpt::evaluate(const Solution& sol, Index u, Index v) {
  const Model& m = ev_.model();
  const StopPair p = stop_pair(sol, u, v);
  if (p.ra != p.rb) return kNoMove;
  const Index lo = p.pu < p.pv ? p.pu + 1 : p.pv + 1, hi = p.pu < p.pv ? p.pv : p.pu;
  if (hi - lo < 1) return kNoMove;
  const Route& r = p.a;
  if (m.metric().has_coordinates() && m.type(r.type).cost_per_time == 0.0) {
    // Symmetric distances: reversing [lo, hi] only changes its two boundary edges.
    const Index before = ev_.loc_before(r, lo), after = ev_.loc_after(r, hi);
    const Index first = m.loc(r.stops[static_cast<std::size_t>(lo)]);
    const Index last = m.loc(r.stops[static_cast<std::size_t>(hi)]);
    if (!(ev_.d(before, last) + ev_.d(first, after) - ev_.d(before, first) - ev_.d(last, after) < -kImprove))
      return kNoMove;
  }
  mid_.assign(r.stops.rbegin() + (r.size() - 1 - hi), r.stops.rend() - lo);
  const double c = ev_.eval(r, lo - 1, mid_.data(), static_cast<int>(hi - lo + 1), &r, hi + 1);
  if (!(c < r.cost - kImprove)) return kNoMove;
  r_ = p.ra;
  lo_ = lo;
  hi_ = hi;
  return c - r.cost;
}

void TwoOpt::apply(const Solution& sol, RouteRewrite& out) const {
  out.ra = r_;
  out.rb = -1;
  out.a = sol.routes[static_cast<std::size_t>(r_)].stops;
  std::reverse(out.a.begin() + lo_, out.a.begin() + hi_ + 1);
}

}  // namespace lastleg::route
