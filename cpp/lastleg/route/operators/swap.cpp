// Swap: exchange stop u with its neighbour v (between routes or inside one).
#include <algorithm>
#include <utility>

#include "lastleg/route/local_search.h"

namespace lastleg::route {

bool LocalSearch::swap(SearchContext& ctx, Solution& sol, Index u, Index v) {
  const Index ra = sol.route_of[static_cast<std::size_t>(u)], rb = sol.route_of[static_cast<std::size_t>(v)];
  const Index pu = sol.pos_of[static_cast<std::size_t>(u)], pv = sol.pos_of[static_cast<std::size_t>(v)];
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  const Route& b = sol.routes[static_cast<std::size_t>(rb)];
  if (ra != rb) {
    if (distance_priced(a, b)) {
      const Index lu = m_.loc(u), pa = loc_before(a, pu), na = loc_after(a, pu);
      const Index lv = m_.loc(v), pb = loc_before(b, pv), nb = loc_after(b, pv);
      const double da = d(pa, lv) + d(lv, na) - d(pa, lu) - d(lu, na);
      const double db = d(pb, lu) + d(lu, nb) - d(pb, lv) - d(lv, nb);
      if (!(cpd(a) * da + cpd(b) * db < -kImprove)) return false;
    }
    const double ca = eval(a, pu - 1, &v, 1, &a, pu + 1);
    if (!(ca < kInfinity)) return false;
    const double cb = eval(b, pv - 1, &u, 1, &b, pv + 1);
    if (!(ca + cb - a.cost - b.cost < -kImprove)) return false;
    buf_a = a.stops;
    buf_a[static_cast<std::size_t>(pu)] = v;
    buf_b = b.stops;
    buf_b[static_cast<std::size_t>(pv)] = u;
    apply(ctx, sol, ra, buf_a);
    apply(ctx, sol, rb, buf_b);
    return true;
  }
  if (pu - pv > 1 || pv - pu > 1) {
    if (m_.type(a.type).cost_per_time == 0.0) {
      const Index lu = m_.loc(u), pa = loc_before(a, pu), na = loc_after(a, pu);
      const Index lv = m_.loc(v), pb = loc_before(a, pv), nb = loc_after(a, pv);
      const double delta = d(pa, lv) + d(lv, na) - d(pa, lu) - d(lu, na) + d(pb, lu) + d(lu, nb) - d(pb, lv) - d(lv, nb);
      if (!(delta < -kImprove)) return false;
    }
  }
  buf_a = a.stops;
  std::swap(buf_a[static_cast<std::size_t>(pu)], buf_a[static_cast<std::size_t>(pv)]);
  return try_intra(ctx, sol, ra, buf_a, std::min(pu, pv), std::max(pu, pv));
}

}  // namespace lastleg::route
