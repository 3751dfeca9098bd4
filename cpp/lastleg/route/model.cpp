#include "lastleg/route/model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lastleg::route {

Model::Model(ModelData data, geo::Metric metric)
    : d_(std::move(data)), metric_(std::move(metric)), kind_(metric_.kind()) {
  if (metric_.has_coordinates()) {
    xs_ = metric_.coord_a().data();
    ys_ = metric_.coord_b().data();
    time_is_distance_ = true;
    inv_metric_speed_ = 1.0 / metric_.speed();
  }
  const auto n = static_cast<std::size_t>(d_.n_stops);
  if (d_.n_dims < 1 || d_.n_dims > kMaxDims) throw std::invalid_argument("n_dims must be 1..3");
  if (d_.service.size() != n || d_.penalty.size() != n || d_.tw_offsets.size() != n + 1 ||
      d_.demand.size() != n * static_cast<std::size_t>(d_.n_dims))
    throw std::invalid_argument("routing model: array sizes do not match n_stops");
  if (metric_.size() != d_.n_depots + d_.n_stops)
    throw std::invalid_argument("routing model: metric size != n_depots + n_stops");
  multi_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (d_.tw_offsets[i + 1] <= d_.tw_offsets[i])
      throw std::invalid_argument("routing model: every stop needs a time window");
    multi_[i] = d_.tw_offsets[i + 1] - d_.tw_offsets[i] > 1 ? 1 : 0;
  }
  for (auto& t : d_.types) {
    if (!(t.speed_factor > 0.0)) throw std::invalid_argument("speed_factor must be > 0");
    t.inv_speed = 1.0 / t.speed_factor;
    t.needs_duration = t.cost_per_time != 0.0 || t.max_duration < kInfinity;
    if (t.count < 0) throw std::invalid_argument("vt_count must be >= 0");
    for (Count c = 0; c < t.count; ++c) vehicle_type_.push_back(static_cast<Index>(&t - d_.types.data()));
  }
  n_vehicles_ = static_cast<Index>(vehicle_type_.size());
  time_free_ = true;
  for (const auto& t : d_.types)
    if (t.needs_duration || t.shift_end < kInfinity) time_free_ = false;
  for (std::size_t w = 0; w < d_.time_windows.size() / 2; ++w)
    if (d_.time_windows[2 * w + 1] < kInfinity) time_free_ = false;
  servable_.assign(n, 0);
  for (Index s = 0; s < d_.n_stops; ++s)
    for (Index t = 0; t < static_cast<Index>(d_.types.size()); ++t)
      if (d_.types[static_cast<std::size_t>(t)].count > 0 && alone_violation(s, t) < 0) {
        servable_[static_cast<std::size_t>(s)] = 1;
        break;
      }

}

int Model::alone_violation(Index stop, Index ti) const {
  const VehicleType& t = type(ti);
  const Index l = loc(stop);
  const double d_out = dist(t.start_depot, l);
  const double d_back = t.end_depot >= 0 ? dist(l, t.end_depot) : 0.0;
  const double tt_out = travel(t, t.start_depot, l);
  const double tt_back = t.end_depot >= 0 ? travel(t, l, t.end_depot) : 0.0;
  if (!std::isfinite(d_out) || !std::isfinite(d_back) || !std::isfinite(tt_out) || !std::isfinite(tt_back))
    return 0;
  for (int q = 0; q < n_dims(); ++q)
    if (demand(stop, q) > t.capacity[static_cast<std::size_t>(q)]) return 1;
  if (t.max_stops == 0) return 2;
  const double s = service_start(stop, t.shift_start + tt_out);
  if (!(s < kInfinity)) return 3;
  const double end = s + service(stop) + tt_back;
  if (t.end_depot >= 0 && end > t.shift_end) return 4;
  if (d_out + d_back > t.max_distance) return 5;
  if (end - std::max(t.shift_start, s - tt_out) > t.max_duration) return 6;
  return -1;
}

double Model::service_start_multi(Index stop, double arrival) const {
  const auto lo = static_cast<std::size_t>(d_.tw_offsets[static_cast<std::size_t>(stop)]);
  const auto hi = static_cast<std::size_t>(d_.tw_offsets[static_cast<std::size_t>(stop) + 1]);
  for (std::size_t w = lo; w < hi; ++w) {
    const double open = d_.time_windows[2 * w], close = d_.time_windows[2 * w + 1];
    if (close >= arrival) return std::max(arrival, open);
  }
  return kInfinity;
}

double Model::latest_arrival_multi(Index stop, double latest_start) const {
  const auto lo = static_cast<std::size_t>(d_.tw_offsets[static_cast<std::size_t>(stop)]);
  const auto hi = static_cast<std::size_t>(d_.tw_offsets[static_cast<std::size_t>(stop) + 1]);
  for (std::size_t w = hi; w-- > lo;) {
    const double open = d_.time_windows[2 * w], close = d_.time_windows[2 * w + 1];
    if (open <= latest_start) return std::min(close, latest_start);
  }
  return -kInfinity;
}

}  // namespace lastleg::route
