#include "lastleg/route/route.h"

#include <algorithm>

namespace lastleg::route {

double Route::departure_for(const Model& m, const VehicleType& t, Index first_stop) {
  // Leave so as to arrive at the opening of the window that a departure at
  // shift start reaches (max(shift_start, open - travel)); never earlier.
  const double tt = m.travel(t, t.start_depot, m.loc(first_stop));
  const double s = m.service_start(first_stop, t.shift_start + tt);
  return s < kInfinity ? std::max(t.shift_start, s - tt) : t.shift_start;
}

void Route::update(const Model& m) {
  const VehicleType& t = m.type(type);
  const auto n = stops.size();
  const int nd = m.n_dims();
  start.resize(n);
  latest.resize(n);
  cdist.resize(n);
  suf_d.resize(n);
  suf_m.resize(n);
  cload.resize(n * static_cast<std::size_t>(nd));
  load.fill(0);
  multi = false;
  feasible = true;
  if (n == 0) {
    distance = duration = cost = departure = end = 0.0;
    return;
  }
  const bool closed = t.end_depot >= 0;
  Index prev = t.start_depot;
  double time = t.shift_start, d = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const Index u = stops[k], lu = m.loc(u);
    double dd, tt;
    m.arc(t, prev, lu, dd, tt);
    d += dd;
    cdist[k] = d;
    const double s = m.service_start(u, time + tt);
    if (!(s < kInfinity)) feasible = false;
    start[k] = s;
    time = s + m.service(u);
    for (int q = 0; q < nd; ++q) {
      load[static_cast<std::size_t>(q)] += m.demand(u, q);
      cload[k * static_cast<std::size_t>(nd) + static_cast<std::size_t>(q)] = load[static_cast<std::size_t>(q)];
    }
    multi = multi || m.multi_window(u);
    prev = lu;
  }
  departure = departure_for(m, t, stops[0]);
  if (closed) {
    double dd, tt;
    m.arc(t, prev, t.end_depot, dd, tt);
    d += dd;
    end = time + tt;
    if (end > t.shift_end) feasible = false;
  } else {
    end = time;
  }
  distance = d;
  duration = end - departure;

  // Backward pass: latest arrivals and the end-time function.
  double la_next = closed ? t.shift_end : kInfinity;
  double dn = 0.0, mn = -kInfinity;
  for (std::size_t k = n; k-- > 0;) {
    const Index u = stops[k], lu = m.loc(u);
    double c = m.service(u);
    if (k + 1 < n) c += m.travel(t, lu, m.loc(stops[k + 1]));
    else if (closed) c += m.travel(t, lu, t.end_depot);
    latest[k] = m.latest_arrival(u, la_next - c);
    la_next = latest[k];
    suf_d[k] = c + dn;
    suf_m[k] = std::max(m.first_open(u) + c + dn, mn);
    dn = suf_d[k];
    mn = suf_m[k];
  }

  for (int q = 0; q < nd; ++q)
    if (load[static_cast<std::size_t>(q)] > t.capacity[static_cast<std::size_t>(q)]) feasible = false;
  if (t.max_stops >= 0 && static_cast<Count>(n) > t.max_stops) feasible = false;
  if (distance > t.max_distance || duration > t.max_duration) feasible = false;
  cost = t.fixed_cost + t.cost_per_distance * distance + t.cost_per_time * duration;
}

double Route::end_from(const Model& m, Index pos, double arrival) const {
  if (!multi) return std::max(arrival + suf_d[static_cast<std::size_t>(pos)], suf_m[static_cast<std::size_t>(pos)]);
  const VehicleType& t = m.type(type);
  const auto n = stops.size();
  double time = arrival;
  for (auto k = static_cast<std::size_t>(pos); k < n; ++k) {
    const Index u = stops[k];
    time = m.service_start(u, time) + m.service(u);
    if (k + 1 < n) time += m.travel(t, m.loc(u), m.loc(stops[k + 1]));
    else if (t.end_depot >= 0) time += m.travel(t, m.loc(u), t.end_depot);
  }
  return time;
}

double Route::insert_cost(const Model& m, Index stop, Index pos) const {
  const VehicleType& t = m.type(type);
  const Index n = size();
  const int nd = m.n_dims();
  for (int q = 0; q < nd; ++q)
    if (load[static_cast<std::size_t>(q)] + m.demand(stop, q) > t.capacity[static_cast<std::size_t>(q)])
      return kInfinity;
  if (t.max_stops >= 0 && static_cast<Count>(n) + 1 > t.max_stops) return kInfinity;

  const bool closed = t.end_depot >= 0;
  const Index lu = m.loc(stop);
  const Index prev = pos == 0 ? t.start_depot : m.loc(stops[static_cast<std::size_t>(pos) - 1]);
  const bool has_next = pos < n || closed;
  const Index next = pos < n ? m.loc(stops[static_cast<std::size_t>(pos)]) : t.end_depot;

  double dd = m.dist(prev, lu);
  if (has_next) {
    dd += m.dist(lu, next);
    if (n > 0) dd -= m.dist(prev, next);
  }
  if (distance + dd > t.max_distance) return kInfinity;

  if (m.time_free()) return t.cost_per_distance * dd + (n == 0 ? t.fixed_cost : 0.0);
  const double leave_prev =
      pos == 0 ? t.shift_start
               : start[static_cast<std::size_t>(pos) - 1] + m.service(stops[static_cast<std::size_t>(pos) - 1]);
  const double s_u = m.service_start(stop, leave_prev + m.travel(t, prev, lu));
  if (!(s_u < kInfinity)) return kInfinity;
  const double leave_u = s_u + m.service(stop);
  double new_end;
  if (pos < n) {
    const double a = leave_u + m.travel(t, lu, next);
    if (a > latest[static_cast<std::size_t>(pos)]) return kInfinity;
    new_end = t.needs_duration ? end_from(m, pos, a) : 0.0;
  } else if (closed) {
    new_end = leave_u + m.travel(t, lu, next);
    if (new_end > t.shift_end) return kInfinity;
  } else {
    new_end = leave_u;
  }
  double delta = t.cost_per_distance * dd + (n == 0 ? t.fixed_cost : 0.0);
  if (t.needs_duration) {
    const double dep = pos == 0 ? departure_for(m, t, stop) : departure;
    const double dur = new_end - dep;
    if (dur > t.max_duration) return kInfinity;
    delta += t.cost_per_time * (dur - (n == 0 ? 0.0 : duration));
  }
  return delta;
}

}  // namespace lastleg::route
