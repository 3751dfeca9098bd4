#include "lastleg/route/evaluator.h"

#include <vector>

namespace lastleg::route {

bool Evaluator::tail_compatible(const Route& base, const Route& tail) const {
  if (&base == &tail || base.type == tail.type) return true;
  const VehicleType& a = m_.type(base.type);
  const VehicleType& b = m_.type(tail.type);
  return a.end_depot == b.end_depot && a.shift_end == b.shift_end && a.inv_speed == b.inv_speed;
}

double Evaluator::eval(const Route& base, Index prefix_end, const Index* mid_stops, int n_mid,
                       const Route* tail, Index tail_from) const {
  const VehicleType& t = m_.type(base.type);
  const int nd = m_.n_dims();
  if (tail != nullptr && tail_from >= tail->size()) tail = nullptr;
  // A tail priced for another vehicle type is walked explicitly instead.
  thread_local std::vector<Index> walk;
  if (tail != nullptr && !tail_compatible(base, *tail)) {
    walk.assign(mid_stops, mid_stops + n_mid);
    walk.insert(walk.end(), tail->stops.begin() + tail_from, tail->stops.end());
    mid_stops = walk.data();
    n_mid = static_cast<int>(walk.size());
    tail = nullptr;
  }
  const Count n_tail = tail != nullptr ? tail->size() - tail_from : 0;
  const Count n = prefix_end + 1 + n_mid + n_tail;
  if (n == 0) return 0.0;
  if (t.max_stops >= 0 && n > t.max_stops) return kInfinity;
  for (int q = 0; q < nd; ++q) {
    Count l = base.load_upto(nd, prefix_end, q);
    for (int i = 0; i < n_mid; ++i) l += m_.demand(mid_stops[i], q);
    if (tail != nullptr) l += tail->load[static_cast<std::size_t>(q)] - tail->load_upto(nd, tail_from - 1, q);
    if (l > t.capacity[static_cast<std::size_t>(q)]) return kInfinity;
  }
  Index prev, first;
  double time, d;
  if (prefix_end >= 0) {
    const auto pe = static_cast<std::size_t>(prefix_end);
    prev = m_.loc(base.stops[pe]);
    time = base.start[pe] + m_.service(base.stops[pe]);
    d = base.cdist[pe];
    first = base.stops[0];
  } else {
    prev = t.start_depot;
    time = t.shift_start;
    d = 0.0;
    first = n_mid > 0 ? mid_stops[0] : tail->stops[static_cast<std::size_t>(tail_from)];
  }
  const bool tf = m_.time_free();
  double dd, tt;
  for (int i = 0; i < n_mid; ++i) {
    const Index u = mid_stops[i], lu = m_.loc(u);
    if (tf) {
      d += m_.dist(prev, lu);
    } else {
      m_.arc(t, prev, lu, dd, tt);
      d += dd;
      const double s = m_.service_start(u, time + tt);
      if (!(s < kInfinity)) return kInfinity;
      time = s + m_.service(u);
    }
    prev = lu;
  }
  double end = 0.0;
  if (tail != nullptr) {
    const auto tf_pos = static_cast<std::size_t>(tail_from);
    const Index nl = m_.loc(tail->stops[tf_pos]);
    if (tf) {
      d += m_.dist(prev, nl) + (tail->distance - tail->cdist[tf_pos]);
    } else {
      m_.arc(t, prev, nl, dd, tt);
      d += dd + (tail->distance - tail->cdist[tf_pos]);
      const double a = time + tt;
      if (a > tail->latest[tf_pos]) return kInfinity;
      end = t.needs_duration ? tail->end_from(m_, tail_from, a) : 0.0;
    }
  } else if (t.end_depot >= 0) {
    if (tf) {
      d += m_.dist(prev, t.end_depot);
    } else {
      m_.arc(t, prev, t.end_depot, dd, tt);
      d += dd;
      end = time + tt;
      if (end > t.shift_end) return kInfinity;
    }
  } else {
    end = time;
  }
  if (d > t.max_distance) return kInfinity;
  double cost = t.fixed_cost + t.cost_per_distance * d;
  if (t.needs_duration) {
    const double dur = end - Route::departure_for(m_, t, first);
    if (dur > t.max_duration) return kInfinity;
    cost += t.cost_per_time * dur;
  }
  return cost;
}

}  // namespace lastleg::route
