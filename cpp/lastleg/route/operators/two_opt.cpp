// Intra-route 2-opt: reverse the stretch between u and v so they become adjacent.
#include <algorithm>

#include "lastleg/route/local_search.h"

namespace lastleg::route {

bool LocalSearch::two_opt(SearchContext& ctx, Solution& sol, Index u, Index v) {
  const Index ra = sol.route_of[static_cast<std::size_t>(u)], rb = sol.route_of[static_cast<std::size_t>(v)];
  if (ra != rb) return false;
  const Index pu = sol.pos_of[static_cast<std::size_t>(u)], pv = sol.pos_of[static_cast<std::size_t>(v)];
  const Index lo = pu < pv ? pu + 1 : pv + 1, hi = pu < pv ? pv : pu;
  if (hi - lo < 1) return false;
  const Route& r = sol.routes[static_cast<std::size_t>(ra)];
  if (m_.metric().has_coordinates() && m_.type(r.type).cost_per_time == 0.0) {
    // Symmetric distances: reversing [lo, hi] only changes its two boundary edges.
    const Index before = loc_before(r, lo), after = loc_after(r, hi);
    const Index first = m_.loc(r.stops[static_cast<std::size_t>(lo)]);
    const Index last = m_.loc(r.stops[static_cast<std::size_t>(hi)]);
    if (!(d(before, last) + d(first, after) - d(before, first) - d(last, after) < -kImprove)) return false;
  }
  buf_a = sol.routes[static_cast<std::size_t>(ra)].stops;
  std::reverse(buf_a.begin() + lo, buf_a.begin() + hi + 1);
  return try_intra(ctx, sol, ra, buf_a, lo, hi);
}

}  // namespace lastleg::route
