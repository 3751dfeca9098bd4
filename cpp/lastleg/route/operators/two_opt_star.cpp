// 2-opt*: exchange the tails of two routes so that u is followed by v (or v by u).
#include "lastleg/route/local_search.h"

namespace lastleg::route {

bool LocalSearch::two_opt_star(SearchContext& ctx, Solution& sol, Index u, Index v) {
  const Index ra = sol.route_of[static_cast<std::size_t>(u)], rb = sol.route_of[static_cast<std::size_t>(v)];
  if (ra == rb) return false;
  const Index pu = sol.pos_of[static_cast<std::size_t>(u)], pv = sol.pos_of[static_cast<std::size_t>(v)];
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  const Route& b = sol.routes[static_cast<std::size_t>(rb)];
  const double old = a.cost + b.cost;
  // Distance pre-check, exact when both routes end at the same depot at the same rate.
  const bool pre = distance_priced(a, b) && cpd(a) == cpd(b) &&
                   m_.type(a.type).end_depot == m_.type(b.type).end_depot;
  const Index lu = m_.loc(u), lv = m_.loc(v);
  // u -> v: A[..pu] + B[pv..] and B[..pv-1] + A[pu+1..].
  if (!pre || d(lu, lv) + d(loc_before(b, pv), loc_after(a, pu)) - d(lu, loc_after(a, pu)) -
                       d(loc_before(b, pv), lv) < -kImprove) {
    const double ca = eval(a, pu, nullptr, 0, &b, pv);
    if (ca < kInfinity) {
      const double cb = eval(b, pv - 1, nullptr, 0, &a, pu + 1);
      if (ca + cb - old < -kImprove) {
        buf_a.assign(a.stops.begin(), a.stops.begin() + pu + 1);
        buf_a.insert(buf_a.end(), b.stops.begin() + pv, b.stops.end());
        buf_b.assign(b.stops.begin(), b.stops.begin() + pv);
        buf_b.insert(buf_b.end(), a.stops.begin() + pu + 1, a.stops.end());
        apply(ctx, sol, ra, buf_a);
        apply(ctx, sol, rb, buf_b);
        return true;
      }
    }
  }
  // v -> u: B[..pv] + A[pu..] and A[..pu-1] + B[pv+1..].
  if (!pre || d(lv, lu) + d(loc_before(a, pu), loc_after(b, pv)) - d(lv, loc_after(b, pv)) -
                       d(loc_before(a, pu), lu) < -kImprove) {
    const double cb = eval(b, pv, nullptr, 0, &a, pu);
    if (cb < kInfinity) {
      const double ca = eval(a, pu - 1, nullptr, 0, &b, pv + 1);
      if (ca + cb - old < -kImprove) {
        buf_a.assign(a.stops.begin(), a.stops.begin() + pu);
        buf_a.insert(buf_a.end(), b.stops.begin() + pv + 1, b.stops.end());
        buf_b.assign(b.stops.begin(), b.stops.begin() + pv + 1);
        buf_b.insert(buf_b.end(), a.stops.begin() + pu, a.stops.end());
        apply(ctx, sol, ra, buf_a);
        apply(ctx, sol, rb, buf_b);
        return true;
      }
    }
  }
  return false;
}

}  // namespace lastleg::route
