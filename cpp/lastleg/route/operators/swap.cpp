#include "lastleg/route/operators/swap.h"

#include <algorithm>
#include <utility>

namespace lastleg::route {

double Swap::evaluate(const Solution& sol, Index u, Index v) {
  const StopPair p = stop_pair(sol, u, v);
  return p.ra != p.rb ? evaluate_between(p, u, v) : evaluate_within(p, u, v);
}

double Swap::evaluate_between(const StopPair& p, Index u, Index v) {
  const Model& m = ev_.model();
  const auto& [ra, rb, pu, pv, a, b] = p;
  if (ev_.distance_priced(a, b)) {
    const Index lu = m.loc(u), pa = ev_.loc_before(a, pu), na = ev_.loc_after(a, pu);
    const Index lv = m.loc(v), pb = ev_.loc_before(b, pv), nb = ev_.loc_after(b, pv);
    const double da = ev_.d(pa, lv) + ev_.d(lv, na) - ev_.d(pa, lu) - ev_.d(lu, na);
    const double db = ev_.d(pb, lu) + ev_.d(lu, nb) - ev_.d(pb, lv) - ev_.d(lv, nb);
    if (!(ev_.cpd(a) * da + ev_.cpd(b) * db < -kImprove)) return kNoMove;
  }
  const double ca = ev_.eval(a, pu - 1, &v, 1, &a, pu + 1);
  if (!(ca < kInfinity)) return kNoMove;
  const double cb = ev_.eval(b, pv - 1, &u, 1, &b, pv + 1);
  const double delta = ca + cb - a.cost - b.cost;
  if (!(delta < -kImprove)) return kNoMove;
  ra_ = ra;
  rb_ = rb;
  pu_ = pu;
  pv_ = pv;
  return delta;
}

double Swap::evaluate_within(const StopPair& p, Index u, Index v) {
  const Model& m = ev_.model();
  const Index ra = p.ra, pu = p.pu, pv = p.pv;
  const Route& a = p.a;
  // Adjacent stops share an edge: the distance formula below would not hold.
  if ((pu - pv > 1 || pv - pu > 1) && m.type(a.type).cost_per_time == 0.0) {
    const Index lu = m.loc(u), pa = ev_.loc_before(a, pu), na = ev_.loc_after(a, pu);
    const Index lv = m.loc(v), pb = ev_.loc_before(a, pv), nb = ev_.loc_after(a, pv);
    const double delta = ev_.d(pa, lv) + ev_.d(lv, na) - ev_.d(pa, lu) - ev_.d(lu, na) + ev_.d(pb, lu) +
                         ev_.d(lu, nb) - ev_.d(pb, lv) - ev_.d(lv, nb);
    if (!(delta < -kImprove)) return kNoMove;
  }
  const Index lo = std::min(pu, pv), hi = std::max(pu, pv);
  mid_.assign(a.stops.begin() + lo, a.stops.begin() + hi + 1);
  std::swap(mid_.front(), mid_.back());
  const double c = ev_.eval(a, lo - 1, mid_.data(), static_cast<int>(hi - lo + 1), &a, hi + 1);
  if (!(c < a.cost - kImprove)) return kNoMove;
  ra_ = rb_ = ra;
  pu_ = pu;
  pv_ = pv;
  return c - a.cost;
}

void Swap::apply(const Solution& sol, RouteRewrite& out) const {
  out.ra = ra_;
  out.a = sol.routes[static_cast<std::size_t>(ra_)].stops;
  if (rb_ == ra_) {
    out.rb = -1;
    std::swap(out.a[static_cast<std::size_t>(pu_)], out.a[static_cast<std::size_t>(pv_)]);
    return;
  }
  out.rb = rb_;
  out.b = sol.routes[static_cast<std::size_t>(rb_)].stops;
  std::swap(out.a[static_cast<std::size_t>(pu_)], out.b[static_cast<std::size_t>(pv_)]);
}

}  // namespace lastleg::route
