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
