#pragma once
// Random routing instances that keep their raw data, and the reference the
// engine's cached evaluations are checked against: a plain simulation of one
// route from that data, written from the schedule semantics (model.h), with
// none of the engine's caches, concatenation or pre-checks.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "lastleg/common/rng.h"
#include "lastleg/geo/metric.h"
#include "lastleg/route/model.h"

namespace lastleg::testing {

using route::Model;
using route::ModelData;
using route::VehicleType;

/// What a random instance uses; random_features() draws a mix.
struct RouteFeatures {
  bool time_free = false;  ///< no windows, shift end, duration limit or time cost (plain CVRP)
  int max_windows = 3;     ///< windows per stop: 1 to this many
  bool open_routes = false;  ///< vehicle type 1 ends at its last stop
  bool time_cost = true;   ///< cost per time unit (otherwise distance-priced pre-checks run)
  bool limits = true;      ///< max stops, max distance, max duration
  bool matrix = false;     ///< asymmetric distance and duration matrices instead of coordinates
};

inline RouteFeatures random_features(Rng& rng) {
  RouteFeatures f;
  f.time_free = rng.below(4) == 0;
  f.max_windows = 1 + static_cast<int>(rng.below(3));
  f.open_routes = rng.below(2) == 0;
  f.time_cost = rng.below(2) == 0;
  f.limits = rng.below(3) != 0;
  f.matrix = rng.below(4) == 0;
  return f;
}

/// Appends a random mandatory stop to `d` (two demand dimensions): a service
/// time and `windows` time windows, or no time term at all (windows == 0).
/// Close d.tw_offsets after the last stop.
inline void add_random_stop(Rng& rng, ModelData& d, int windows) {
  d.demand.push_back(static_cast<Count>(rng.below(6)));
  d.demand.push_back(static_cast<Count>(rng.below(4)));
  d.service.push_back(windows == 0 ? 0.0 : rng.uniform() * 10);
  d.tw_offsets.push_back(static_cast<Count>(d.time_windows.size() / 2));
  if (windows == 0) {
    d.time_windows.push_back(0.0);
    d.time_windows.push_back(kInfinity);
  }
  double t = rng.uniform() * 150;
  for (int w = 0; w < windows; ++w) {
    const double len = 40 + rng.uniform() * 160;
    d.time_windows.push_back(t);
    d.time_windows.push_back(t + len);
    t += len + 10 + rng.uniform() * 90;
  }
  d.penalty.push_back(kInfinity);
}

/// A model and the data it was built from.
struct RouteInstance {
  ModelData data;
  Index n_loc = 0;
  std::vector<double> dist, dur;  ///< n_loc x n_loc; durations before the speed factor
  bool symmetric = true;
  std::unique_ptr<Model> model;

  [[nodiscard]] const Model& m() const { return *model; }
  [[nodiscard]] double distance(Index a, Index b) const {
    return dist[static_cast<std::size_t>(a) * static_cast<std::size_t>(n_loc) + static_cast<std::size_t>(b)];
  }
  [[nodiscard]] double travel(const VehicleType& t, Index a, Index b) const {
    return dur[static_cast<std::size_t>(a) * static_cast<std::size_t>(n_loc) + static_cast<std::size_t>(b)] *
           (1.0 / t.speed_factor);
  }
};

inline RouteInstance random_instance(Rng& rng, Index n_stops, const RouteFeatures& f) {
  RouteInstance in;
  ModelData& d = in.data;
  d.n_depots = 2;
  d.n_stops = n_stops;
  d.n_dims = 2;
  in.n_loc = n_stops + 2;
  const auto nl = static_cast<std::size_t>(in.n_loc);
  std::vector<double> x, y;
  for (std::size_t i = 0; i < nl; ++i) {
    x.push_back(rng.uniform() * 100);
    y.push_back(rng.uniform() * 100);
  }
  const double speed = rng.below(2) == 0 ? 1.0 : 1.5;
  in.dist.assign(nl * nl, 0.0);
  in.dur.assign(nl * nl, 0.0);
  for (std::size_t i = 0; i < nl; ++i)
    for (std::size_t j = 0; j < nl; ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      const double e = std::sqrt(dx * dx + dy * dy);
      // matrices: up to 30% longer one way than the other, travel times on their own
      in.dist[i * nl + j] = f.matrix && i != j ? e * (1.0 + 0.3 * rng.uniform()) : e;
      in.dur[i * nl + j] = f.matrix && i != j ? e * (0.7 + 0.6 * rng.uniform()) : e * (1.0 / speed);
    }
  in.symmetric = !f.matrix;
  for (Index i = 0; i < n_stops; ++i)
    add_random_stop(rng, d, f.time_free ? 0 : 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(f.max_windows))));
  d.tw_offsets.push_back(static_cast<Count>(d.time_windows.size() / 2));
  for (Index ti = 0; ti < 2; ++ti) {
    VehicleType t;
    t.count = 3;
    t.capacity = {20 + static_cast<Count>(rng.below(11)), 12 + static_cast<Count>(rng.below(9)), 0};
    t.start_depot = ti;
    t.end_depot = f.open_routes && ti == 1 ? -1 : ti;
    if (!f.time_free) {
      t.shift_start = ti == 0 ? 0.0 : 20.0;
      t.shift_end = ti == 0 ? 600.0 : 700.0;
    }
    if (f.limits) {
      t.max_stops = 6 + static_cast<Count>(rng.below(3));
      t.max_distance = 250 + rng.uniform() * 150;
      if (!f.time_free) t.max_duration = 300 + rng.uniform() * 200;
    }
    t.fixed_cost = rng.below(2) == 0 ? 0.0 : 10 + rng.uniform() * 20;
    t.cost_per_distance = ti == 0 || rng.below(2) == 0 ? 1.0 : 1.3;
    t.cost_per_time = f.time_cost && !f.time_free ? 0.1 + 0.3 * rng.uniform() : 0.0;
    t.speed_factor = ti == 0 || rng.below(2) == 0 ? 1.0 : 1.25;
    d.types.push_back(t);
  }
  geo::Metric metric = f.matrix ? geo::Metric(nl, in.dist, in.dur)
                                : geo::Metric(geo::MetricKind::euclidean, x, y, 1.0, speed);
  in.model = std::make_unique<Model>(ModelData(d), std::move(metric));
  return in;
}

/// A route as the reference simulation sees it.
struct Simulated {
  bool feasible = true;
  double cost = 0.0;
};

/// Service start for an arrival: the first window that has not closed.
inline double reference_service_start(const ModelData& d, Index stop, double arrival) {
  const auto s = static_cast<std::size_t>(stop);
  for (auto w = static_cast<std::size_t>(d.tw_offsets[s]); w < static_cast<std::size_t>(d.tw_offsets[s + 1]); ++w)
    if (d.time_windows[2 * w + 1] >= arrival) return std::max(arrival, d.time_windows[2 * w]);
  return kInfinity;
}

/// Simulates `stops` on a vehicle of type `type` from scratch.
inline Simulated simulate(const RouteInstance& in, Index type, const std::vector<Index>& stops) {
  Simulated out;
  if (stops.empty()) return out;
  const ModelData& d = in.data;
  const VehicleType& t = d.types[static_cast<std::size_t>(type)];
  auto loc = [&](Index s) { return d.n_depots + s; };
  for (int q = 0; q < d.n_dims; ++q) {
    Count load = 0;
    for (Index s : stops) load += d.demand[static_cast<std::size_t>(s) * static_cast<std::size_t>(d.n_dims) +
                                           static_cast<std::size_t>(q)];
    if (load > t.capacity[static_cast<std::size_t>(q)]) out.feasible = false;
  }
  if (t.max_stops >= 0 && static_cast<Count>(stops.size()) > t.max_stops) out.feasible = false;
  // leave so as to reach the first stop's window opening, never before the shift starts
  const double to_first = in.travel(t, t.start_depot, loc(stops[0]));
  const double first_start = reference_service_start(d, stops[0], t.shift_start + to_first);
  const double departure = first_start < kInfinity ? std::max(t.shift_start, first_start - to_first) : t.shift_start;
  double time = t.shift_start, distance = 0.0;
  Index at = t.start_depot;
  for (Index s : stops) {
    distance += in.distance(at, loc(s));
    const double start = reference_service_start(d, s, time + in.travel(t, at, loc(s)));
    if (!(start < kInfinity)) out.feasible = false;
    time = start + d.service[static_cast<std::size_t>(s)];
    at = loc(s);
  }
  if (t.end_depot >= 0) {
    distance += in.distance(at, t.end_depot);
    time += in.travel(t, at, t.end_depot);
    if (time > t.shift_end) out.feasible = false;
  }
  const double duration = time - departure;
  if (distance > t.max_distance || duration > t.max_duration) out.feasible = false;
  out.cost = t.fixed_cost + t.cost_per_distance * distance + t.cost_per_time * duration;
  return out;
}

/// Cost of `stops` on type `type`; +inf when a hard limit breaks.
inline double reference_cost(const RouteInstance& in, Index type, const std::vector<Index>& stops) {
  const Simulated s = simulate(in, type, stops);
  return s.feasible ? s.cost : kInfinity;
}

}  // namespace lastleg::testing
