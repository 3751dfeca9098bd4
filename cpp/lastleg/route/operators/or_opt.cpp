#include "lastleg/route/operators/or_opt.h"

#include <algorithm>
#include <iterator>

namespace lastleg::route {

double OrOpt::evaluate(const Solution& sol, Index u, Index v) {
  const Model& m = ev_.model();
  const auto [ra, rb, pu, pv, a, b] = stop_pair(sol, u, v);
  if (ra == rb) return kNoMove;
  for (Index len = 2; len <= 3; ++len) {
    if (pu + len > a.size()) break;
    if (ev_.distance_priced(a, b)) {
      const Index first = m.loc(u), last = m.loc(a.stops[static_cast<std::size_t>(pu + len - 1)]);
      const Index pa = ev_.loc_before(a, pu), na = ev_.loc_after(a, pu + len - 1);
      const Index lv = m.loc(v), pb = ev_.loc_before(b, pv), nb = ev_.loc_after(b, pv);
      const double gain =
          ev_.cpd(a) * (ev_.d(pa, first) + ev_.d(last, na) - ev_.d(pa, na)) + (a.size() == len ? ev_.fixed(a) : 0.0);
      // Best of: after/before v, kept/reversed.
      const double ins =
          std::min({ev_.d(lv, first) + ev_.d(last, nb), ev_.d(lv, last) + ev_.d(first, nb)}) - ev_.d(lv, nb);
      const double ins2 =
          std::min({ev_.d(pb, first) + ev_.d(last, lv), ev_.d(pb, last) + ev_.d(first, lv)}) - ev_.d(pb, lv);
      if (!(ev_.cpd(b) * std::min(ins, ins2) - gain < -kImprove)) continue;
    }
    const double ca = ev_.eval(a, pu - 1, nullptr, 0, &a, pu + len);
    if (!(ca < kInfinity)) continue;
    const double budget = a.cost + b.cost - ca;
    mid_.assign(a.stops.begin() + pu, a.stops.begin() + pu + len);
    for (int rev = 0; rev < 2; ++rev) {
      if (rev) std::reverse(mid_.begin(), mid_.end());
      const double after = ev_.eval(b, pv, mid_.data(), static_cast<int>(len), &b, pv + 1);
      const double before = ev_.eval(b, pv - 1, mid_.data(), static_cast<int>(len), &b, pv);
      const bool use_after = after <= before;
      const double delta = (use_after ? after : before) - budget;
      if (delta < -kImprove) {
        ra_ = ra;
        rb_ = rb;
        pu_ = pu;
        len_ = len;
        reversed_ = rev != 0;
        at_ = use_after ? pv + 1 : pv;
        return delta;
      }
    }
  }
  return kNoMove;
}

void OrOpt::apply(const Solution& sol, RouteRewrite& out) const {
  const std::vector<Index>& a = sol.routes[static_cast<std::size_t>(ra_)].stops;
  out.ra = ra_;
  out.rb = rb_;
  out.b = sol.routes[static_cast<std::size_t>(rb_)].stops;
  const auto seg = a.begin() + pu_;
  if (reversed_) {
    out.b.insert(out.b.begin() + at_, std::make_reverse_iterator(seg + len_), std::make_reverse_iterator(seg));
  } else {
    out.b.insert(out.b.begin() + at_, seg, seg + len_);
  }
  out.a = a;
  out.a.erase(out.a.begin() + pu_, out.a.begin() + pu_ + len_);
}

}  // namespace lastleg::route
