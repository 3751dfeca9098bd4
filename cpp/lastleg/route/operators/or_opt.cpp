// Or-opt: move the segment of 2 or 3 stops starting at u (kept or reversed)
// next to v in another route.
#include <algorithm>

#include "lastleg/route/local_search.h"

namespace lastleg::route {

bool LocalSearch::or_opt(SearchContext& ctx, Solution& sol, Index u, Index v) {
  const Index ra = sol.route_of[static_cast<std::size_t>(u)], rb = sol.route_of[static_cast<std::size_t>(v)];
  if (ra == rb) return false;
  const Index pu = sol.pos_of[static_cast<std::size_t>(u)], pv = sol.pos_of[static_cast<std::size_t>(v)];
  const Route& a = sol.routes[static_cast<std::size_t>(ra)];
  const Route& b = sol.routes[static_cast<std::size_t>(rb)];
  for (Index len = 2; len <= 3; ++len) {
    if (pu + len > a.size()) break;
    const bool pre = distance_priced(a, b);
    const Index first = m_.loc(u), last = m_.loc(a.stops[static_cast<std::size_t>(pu + len - 1)]);
    const Index pa = loc_before(a, pu), na = loc_after(a, pu + len - 1);
    const Index lv = m_.loc(v), pb = loc_before(b, pv), nb = loc_after(b, pv);
    double gain = 0.0;
    if (pre) {
      gain = cpd(a) * (d(pa, first) + d(last, na) - d(pa, na)) + (a.size() == len ? fixed(a) : 0.0);
      // Best of: after/before v, kept/reversed.
      const double ins = std::min({d(lv, first) + d(last, nb), d(lv, last) + d(first, nb)}) - d(lv, nb);
      const double ins2 = std::min({d(pb, first) + d(last, lv), d(pb, last) + d(first, lv)}) - d(pb, lv);
      if (!(cpd(b) * std::min(ins, ins2) - gain < -kImprove)) continue;
    }
    const double ca = eval(a, pu - 1, nullptr, 0, &a, pu + len);
    if (!(ca < kInfinity)) continue;
    const double budget = a.cost + b.cost - ca;
    mid.assign(a.stops.begin() + pu, a.stops.begin() + pu + len);
    for (int rev = 0; rev < 2; ++rev) {
      if (rev) std::reverse(mid.begin(), mid.end());
      const double after = eval(b, pv, mid.data(), static_cast<int>(len), &b, pv + 1);
      const double before = eval(b, pv - 1, mid.data(), static_cast<int>(len), &b, pv);
      const bool use_after = after <= before;
      const double cb = use_after ? after : before;
      if (cb - budget < -kImprove) {
        buf_a = a.stops;
        buf_a.erase(buf_a.begin() + pu, buf_a.begin() + pu + len);
        buf_b = b.stops;
        buf_b.insert(buf_b.begin() + (use_after ? pv + 1 : pv), mid.begin(), mid.end());
        apply(ctx, sol, ra, buf_a);
        apply(ctx, sol, rb, buf_b);
        return true;
      }
    }
  }
  return false;
}

}  // namespace lastleg::route
