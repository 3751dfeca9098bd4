#include "lastleg/route/operators/two_opt_star.h"

namespace lastleg::route {

double TwoOptStar::evaluate(const Solution& sol, Index u, Index v) {
  const Model& m = ev_.model();
  const auto [ra, rb, pu, pv, a, b] = stop_pair(sol, u, v);
  if (ra == rb) return kNoMove;
  const double old = a.cost + b.cost;
  // Distance pre-check, exact when both routes end at the same depot at the same rate.
  const bool pre = ev_.distance_priced(a, b) && ev_.cpd(a) == ev_.cpd(b) &&
                   m.type(a.type).end_depot == m.type(b.type).end_depot;
  const Index lu = m.loc(u), lv = m.loc(v);
  // u -> v: A[..pu] + B[pv..] and B[..pv-1] + A[pu+1..].
  if (!pre || ev_.d(lu, lv) + ev_.d(ev_.loc_before(b, pv), ev_.loc_after(a, pu)) - ev_.d(lu, ev_.loc_after(a, pu)) -
                      ev_.d(ev_.loc_before(b, pv), lv) < -kImprove) {
    const double ca = ev_.eval(a, pu, nullptr, 0, &b, pv);
    if (ca < kInfinity) {
      const double cb = ev_.eval(b, pv - 1, nullptr, 0, &a, pu + 1);
      const double delta = ca + cb - old;
      if (delta < -kImprove) {
        ra_ = ra;
        rb_ = rb;
        cut_a_ = pu;
        cut_b_ = pv;
        return delta;
      }
    }
  }
  // v -> u: B[..pv] + A[pu..] and A[..pu-1] + B[pv+1..].
  if (!pre || ev_.d(lv, lu) + ev_.d(ev_.loc_before(a, pu), ev_.loc_after(b, pv)) - ev_.d(lv, ev_.loc_after(b, pv)) -
                      ev_.d(ev_.loc_before(a, pu), lu) < -kImprove) {
    const double cb = ev_.eval(b, pv, nullptr, 0, &a, pu);
    if (cb < kInfinity) {
      const double ca = ev_.eval(a, pu - 1, nullptr, 0, &b, pv + 1);
      const double delta = ca + cb - old;
      if (delta < -kImprove) {
        ra_ = ra;
        rb_ = rb;
        cut_a_ = pu - 1;
        cut_b_ = pv + 1;
        return delta;
      }
    }
  }
  return kNoMove;
}

void TwoOptStar::apply(const Solution& sol, RouteRewrite& out) const {
  const std::vector<Index>& a = sol.routes[static_cast<std::size_t>(ra_)].stops;
  const std::vector<Index>& b = sol.routes[static_cast<std::size_t>(rb_)].stops;
  out.ra = ra_;
  out.rb = rb_;
  out.a.assign(a.begin(), a.begin() + cut_a_ + 1);
  out.a.insert(out.a.end(), b.begin() + cut_b_, b.end());
  out.b.assign(b.begin(), b.begin() + cut_b_);
  out.b.insert(out.b.end(), a.begin() + cut_a_ + 1, a.end());
}

}  // namespace lastleg::route
