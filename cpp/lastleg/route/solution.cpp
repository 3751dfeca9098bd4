#include "lastleg/route/solution.h"

#include <algorithm>

namespace lastleg::route {

Solution::Solution(const Model& m) {
  const Index nv = m.n_vehicles();
  routes.resize(static_cast<std::size_t>(nv));
  empties.resize(m.types().size());
  empty_slot.assign(static_cast<std::size_t>(nv), -1);
  for (Index v = 0; v < nv; ++v) {
    Route& r = routes[static_cast<std::size_t>(v)];
    r.vehicle = v;
    r.type = m.vehicle_type(v);
  }
  // Empty routes are handed out from the back: keep the lowest ids last.
  for (Index v = nv; v-- > 0;) {
    auto& e = empties[static_cast<std::size_t>(m.vehicle_type(v))];
    empty_slot[static_cast<std::size_t>(v)] = static_cast<Index>(e.size());
    e.push_back(v);
  }
  const auto n = static_cast<std::size_t>(m.n_stops());
  route_of.assign(n, -1);
  pos_of.assign(n, -1);
  unassigned_slot.assign(n, -1);
  for (Index s = 0; s < m.n_stops(); ++s) add_unassigned(m, s);
}

void Solution::add_unassigned(const Model& m, Index stop) {
  auto& slot = unassigned_slot[static_cast<std::size_t>(stop)];
  if (slot >= 0) return;
  slot = static_cast<Index>(unassigned.size());
  unassigned.push_back(stop);
  route_of[static_cast<std::size_t>(stop)] = -1;
  pos_of[static_cast<std::size_t>(stop)] = -1;
  if (m.mandatory(stop)) ++missing;
  else penalty_cost += m.penalty(stop);
}

void Solution::drop_unassigned(const Model& m, Index stop) {
  auto& slot = unassigned_slot[static_cast<std::size_t>(stop)];
  if (slot < 0) return;
  const Index last = unassigned.back();
  unassigned[static_cast<std::size_t>(slot)] = last;
  unassigned_slot[static_cast<std::size_t>(last)] = slot;
  unassigned.pop_back();
  slot = -1;
  if (m.mandatory(stop)) --missing;
  else penalty_cost -= m.penalty(stop);
}

void Solution::reindex(Index r) {
  Route& route = routes[static_cast<std::size_t>(r)];
  for (Index k = 0; k < route.size(); ++k) {
    const auto s = static_cast<std::size_t>(route.stops[static_cast<std::size_t>(k)]);
    route_of[s] = r;
    pos_of[s] = k;
  }
  auto& e = empties[static_cast<std::size_t>(route.type)];
  auto& slot = empty_slot[static_cast<std::size_t>(r)];
  if (route.empty() && slot < 0) {
    slot = static_cast<Index>(e.size());
    e.push_back(r);
  } else if (!route.empty() && slot >= 0) {
    const Index last = e.back();
    e[static_cast<std::size_t>(slot)] = last;
    empty_slot[static_cast<std::size_t>(last)] = slot;
    e.pop_back();
    slot = -1;
  }
}

void Solution::refresh(const Model& m, Index r, double old_cost) {
  Route& route = routes[static_cast<std::size_t>(r)];
  route.update(m);
  route_cost += route.cost - old_cost;
  reindex(r);
}

void Solution::insert(const Model& m, Index stop, Index r, Index pos) {
  drop_unassigned(m, stop);
  Route& route = routes[static_cast<std::size_t>(r)];
  const double old = route.cost;
  route.stops.insert(route.stops.begin() + pos, stop);
  refresh(m, r, old);
}

void Solution::remove(const Model& m, Index r, const std::vector<Index>& stops_to_remove) {
  Route& route = routes[static_cast<std::size_t>(r)];
  const double old = route.cost;
  for (Index s : stops_to_remove) route_of[static_cast<std::size_t>(s)] = -2;  // mark
  std::erase_if(route.stops, [&](Index s) { return route_of[static_cast<std::size_t>(s)] == -2; });
  for (Index s : stops_to_remove) {
    route_of[static_cast<std::size_t>(s)] = -1;
    add_unassigned(m, s);
  }
  refresh(m, r, old);
}

void Solution::set_stops(const Model& m, Index r, const std::vector<Index>& seq) {
  Route& route = routes[static_cast<std::size_t>(r)];
  const double old = route.cost;
  route.stops = seq;
  refresh(m, r, old);
}

void Solution::recompute_totals(const Model& m) {
  route_cost = 0.0;
  for (const Route& r : routes) route_cost += r.cost;
  penalty_cost = 0.0;
  missing = 0;
  for (Index s : unassigned) {
    if (m.mandatory(s)) ++missing;
    else penalty_cost += m.penalty(s);
  }
}

}  // namespace lastleg::route
