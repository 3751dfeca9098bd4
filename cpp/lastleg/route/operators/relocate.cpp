#include "lastleg/route/operators/relocate.h"

#include <algorithm>

namespace lastleg::route {

double Relocate::evaluate(const Solution& sol, Index u, Index v) {
  const StopPair p = stop_pair(sol, u, v);
  return p.ra != p.rb ? evaluate_between(p, u, v) : evaluate_within(p, u);
}

double Relocate::evaluate_between(const StopPair& p, Index u, Index v) {
  const Model& m = ev_.model();
  const auto& [ra, rb, pu, pv, a, b] = p;
  const Index lu = m.loc(u), pa = ev_.loc_before(a, pu), na = ev_.loc_after(a, pu);
  const Index lv = m.loc(v), nb = ev_.loc_after(b, pv), pb = ev_.loc_before(b, pv);
  if (ev_.distance_priced(a, b)) {
    const double gain =
        ev_.cpd(a) * (ev_.d(pa, lu) + ev_.d(lu, na) - ev_.d(pa, na)) + (a.size() == 1 ? ev_.fixed(a) : 0.0);
    const double ins_after = ev_.d(lv, lu) + ev_.d(lu, nb) - ev_.d(lv, nb);
    const double ins_before = ev_.d(pb, lu) + ev_.d(lu, lv) - ev_.d(pb, lv);
    if (!(ev_.cpd(b) * std::min(ins_after, ins_before) - gain < -kImprove)) return kNoMove;
  }
  const double ca = ev_.eval(a, pu - 1, nullptr, 0, &a, pu + 1);
  if (!(ca < kInfinity)) return kNoMove;
  const double gain_a = ca - a.cost;
  const double after = ev_.eval(b, pv, &u, 1, &b, pv + 1);
  const double before = ev_.eval(b, pv - 1, &u, 1, &b, pv);
  const bool use_after = after <= before;
  const double cb = use_after ? after : before;
  const double delta = gain_a + cb - b.cost;
  if (!(delta < -kImprove)) return kNoMove;
  ra_ = ra;
  rb_ = rb;
  pu_ = pu;
  at_ = use_after ? pv + 1 : pv;
  return delta;
}

double Relocate::evaluate_within(const StopPair& p, Index u) {
  const Model& m = ev_.model();
  const Index ra = p.ra, pu = p.pu, pv = p.pv;
  const Route& a = p.a;
  for (int side = 0; side < 2; ++side) {
    const Index target = side == 0 ? pv + 1 : pv;  // insertion index in the original sequence
    if (target == pu || target == pu + 1) continue;
    if (a.type >= 0 && m.type(a.type).cost_per_time == 0.0) {
      const Index lu = m.loc(u);
      const Index x = ev_.loc_before(a, target);
      const Index y = target < a.size() ? m.loc(a.stops[static_cast<std::size_t>(target)])
                                        : ev_.loc_after(a, a.size() - 1);
      const Index pa = ev_.loc_before(a, pu), na = ev_.loc_after(a, pu);
      if (!(ev_.d(x, lu) + ev_.d(lu, y) - ev_.d(x, y) - (ev_.d(pa, lu) + ev_.d(lu, na) - ev_.d(pa, na)) <
            -kImprove))
        continue;
    }
    const Index at = target > pu ? target - 1 : target;
    const Index lo = std::min(pu, at), hi = std::max(pu, at);
    // Positions lo..hi of the new sequence: u moved back, or forward.
    const auto first = a.stops.begin();
    if (at > pu) {
      mid_.assign(first + pu + 1, first + at + 1);
      mid_.push_back(u);
    } else {
      mid_.assign(1, u);
      mid_.insert(mid_.end(), first + at, first + pu);
    }
    const double c = ev_.eval(a, lo - 1, mid_.data(), static_cast<int>(hi - lo + 1), &a, hi + 1);
    if (c < a.cost - kImprove) {
      ra_ = rb_ = ra;
      pu_ = pu;
      at_ = at;
      return c - a.cost;
    }
  }
  return kNoMove;
}

void Relocate::apply(const Solution& sol, RouteRewrite& out) const {
  const std::vector<Index>& a = sol.routes[static_cast<std::size_t>(ra_)].stops;
  const Index u = a[static_cast<std::size_t>(pu_)];
  out.ra = ra_;
  out.a = a;
  out.a.erase(out.a.begin() + pu_);
  if (rb_ == ra_) {
    out.rb = -1;
    out.a.insert(out.a.begin() + at_, u);
    return;
  }
  out.rb = rb_;
  out.b = sol.routes[static_cast<std::size_t>(rb_)].stops;
  out.b.insert(out.b.begin() + at_, u);
}

}  // namespace lastleg::route
