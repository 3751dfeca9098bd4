// Relocate: move stop u next to its neighbour v (after or before it), between
// routes or inside one route.
#include <algorithm>
#include <utility>

#include "lastleg/route/local_search.h"

namespace lastleg::route {

bool LocalSearch::relocate(SearchContext& ctx, Solution& sol, Index u, Index v) {
  const Index ra = sol.route_of[static_cast<std::size_t>(u)], rb = sol.route_of[static_cast<std::size_t>(v)];
  const Index pu = sol.pos_of[static_cast<std::size_t>(u)], pv = sol.pos_of[static_cast<std::size_t>(v)];
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  const Route& b = sol.routes[static_cast<std::size_t>(rb)];
  if (ra != rb) {
    const Index lu = m_.loc(u), pa = loc_before(a, pu), na = loc_after(a, pu);
    const Index lv = m_.loc(v), nb = loc_after(b, pv), pb = loc_before(b, pv);
    if (distance_priced(a, b)) {
      const double gain = cpd(a) * (d(pa, lu) + d(lu, na) - d(pa, na)) + (a.size() == 1 ? fixed(a) : 0.0);
      const double ins_after = d(lv, lu) + d(lu, nb) - d(lv, nb);
      const double ins_before = d(pb, lu) + d(lu, lv) - d(pb, lv);
      if (!(cpd(b) * std::min(ins_after, ins_before) - gain < -kImprove)) return false;
    }
    const double ca = eval(a, pu - 1, nullptr, 0, &a, pu + 1);
    if (!(ca < kInfinity)) return false;
    const double gain_a = ca - a.cost;
    const double after = eval(b, pv, &u, 1, &b, pv + 1);
    const double before = eval(b, pv - 1, &u, 1, &b, pv);
    const bool use_after = after <= before;
    const double cb = use_after ? after : before;
    if (!(gain_a + cb - b.cost < -kImprove)) return false;
    buf_a = a.stops;
    buf_a.erase(buf_a.begin() + pu);
    buf_b = b.stops;
    buf_b.insert(buf_b.begin() + (use_after ? pv + 1 : pv), u);
    apply(ctx, sol, ra, buf_a);
    apply(ctx, sol, rb, buf_b);
    return true;
  }
  // Intra-route: u right after v, then u right before v.
  for (int side = 0; side < 2; ++side) {
    const Index target = side == 0 ? pv + 1 : pv;  // insertion index in the original sequence
    if (target == pu || target == pu + 1) continue;
    if (a.type >= 0 && m_.type(a.type).cost_per_time == 0.0) {
      const Index lu = m_.loc(u);
      const Index x = loc_before(a, target), y = target < a.size() ? m_.loc(a.stops[static_cast<std::size_t>(target)]) : loc_after(a, a.size() - 1);
      const Index pa = loc_before(a, pu), na = loc_after(a, pu);
      if (!(d(x, lu) + d(lu, y) - d(x, y) - (d(pa, lu) + d(lu, na) - d(pa, na)) < -kImprove)) continue;
    }
    buf_a = a.stops;
    buf_a.erase(buf_a.begin() + pu);
    const Index at = target > pu ? target - 1 : target;
    buf_a.insert(buf_a.begin() + at, u);
    const Index lo = std::min(pu, at), hi = std::max(pu, at);
    if (try_intra(ctx, sol, ra, buf_a, lo, hi)) return true;
  }
  return false;
}

}  // namespace lastleg::route
