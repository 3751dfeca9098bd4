#include "lastleg/route/local_search.h"

#include <algorithm>

namespace lastleg::route {

LocalSearch::LocalSearch(const Model& m, const geo::NeighbourLists& nb)
    : m_(m), nb_(nb), queued_(static_cast<std::size_t>(m.n_stops()), 0) {}

void LocalSearch::push(Index s) {
  auto& q = queued_[static_cast<std::size_t>(s)];
  if (q) return;
  q = 1;
  queue_.push_back(s);
}

void LocalSearch::mark(Index r) {
  if (r < 0) return;
  if (dirty_flag_.size() <= static_cast<std::size_t>(r)) dirty_flag_.resize(static_cast<std::size_t>(r) + 1, 0);
  auto& f = dirty_flag_[static_cast<std::size_t>(r)];
  if (f) return;
  f = 1;
  dirty_.push_back(r);
}

bool LocalSearch::swap_star_sweep(SearchContext& ctx, Solution& sol, Count& moves, Count max_moves) {
  sweep_.swap(dirty_);
  dirty_.clear();
  for (Index r : sweep_) dirty_flag_[static_cast<std::size_t>(r)] = 0;
  bool any = false;
  for (Index r : sweep_) {
    if (moves >= max_moves || ctx.out_of_time()) break;
    if (swap_star.run(*this, ctx, sol, r)) {
      any = true;  // r is dirty again: the next sweep revisits it
      ++moves;
    }
  }
  return any;
}

bool LocalSearch::tail_compatible(const Route& base, const Route& tail) const {
  if (&base == &tail || base.type == tail.type) return true;
  const VehicleType& a = m_.type(base.type);
  const VehicleType& b = m_.type(tail.type);
  return a.end_depot == b.end_depot && a.shift_end == b.shift_end && a.inv_speed == b.inv_speed;
}

double LocalSearch::eval(const Route& base, Index prefix_end, const Index* mid_stops, int n_mid,
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

void LocalSearch::apply(SearchContext& ctx, Solution& sol, Index r, const std::vector<Index>& seq) {
  ctx.journal.touch(sol, r);
  mark(r);
  // Queue the stops whose surroundings changed: the differing stretch and one stop either side.
  const std::vector<Index>& old = sol.routes[static_cast<std::size_t>(r)].stops;
  std::size_t lo = 0;
  while (lo < old.size() && lo < seq.size() && old[lo] == seq[lo]) ++lo;
  std::size_t hi_old = old.size(), hi_new = seq.size();
  while (hi_old > lo && hi_new > lo && old[hi_old - 1] == seq[hi_new - 1]) {
    --hi_old;
    --hi_new;
  }
  const std::size_t from = lo > 0 ? lo - 1 : 0, to = std::min(seq.size(), hi_new + 1);
  for (std::size_t i = from; i < to; ++i) push(seq[i]);
  sol.set_stops(m_, r, seq);
}

bool LocalSearch::try_intra(SearchContext& ctx, Solution& sol, Index r, std::vector<Index>& seq,
                            Index lo, Index hi) {
  const Route& route = sol.routes[static_cast<std::size_t>(r)];
  const double c = eval(route, lo - 1, seq.data() + lo, static_cast<int>(hi - lo + 1), &route, hi + 1);
  if (c < route.cost - kImprove) {
    apply(ctx, sol, r, seq);
    return true;
  }
  return false;
}

void LocalSearch::run(SearchContext& ctx, Solution& sol, const std::vector<Index>& seeds, bool with_swap_star) {
  for (Index s : seeds) {
    push(s);
    mark(sol.route_of[static_cast<std::size_t>(s)]);
  }
  descend(ctx, sol, with_swap_star);
}

void LocalSearch::polish(SearchContext& ctx, Solution& sol, const std::vector<Index>& routes) {
  for (Index r : routes) mark(r);
  descend(ctx, sol, true);
}

void LocalSearch::descend(SearchContext& ctx, Solution& sol, bool with_swap_star) {
  const int k = std::min(nb_.k, ctx.p.ls_neighbours);
  Count moves = 0;
  const Count max_moves = 50LL * m_.n_stops() + 1000;
  for (;;) {
    while (head_ < queue_.size() && moves < max_moves) {
      if ((head_ & 255) == 255 && ctx.out_of_time()) break;
      const Index u = queue_[head_++];
      queued_[static_cast<std::size_t>(u)] = 0;
      if (sol.route_of[static_cast<std::size_t>(u)] < 0) continue;
      for (int r = 0; r < k; ++r) {
        const Index v = ctx.neighbour(u, r);
        if (v < 0) break;
        if (sol.route_of[static_cast<std::size_t>(v)] < 0) continue;
        if (relocate(ctx, sol, u, v) || swap(ctx, sol, u, v) || two_opt_star(ctx, sol, u, v) ||
            or_opt(ctx, sol, u, v) || two_opt(ctx, sol, u, v)) {
          ++moves;
          push(u);
          break;
        }
      }
    }
    if (head_ < queue_.size() || !with_swap_star || ctx.out_of_time()) break;
    if (!swap_star_sweep(ctx, sol, moves, max_moves)) break;
  }
  for (std::size_t i = head_; i < queue_.size(); ++i) queued_[static_cast<std::size_t>(queue_[i])] = 0;
  queue_.clear();
  head_ = 0;
  for (Index r : dirty_) dirty_flag_[static_cast<std::size_t>(r)] = 0;
  dirty_.clear();
}

}  // namespace lastleg::route
