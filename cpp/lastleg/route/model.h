#pragma once
/// The routing model: stops, depots, vehicle types and travel, built once from
/// the problem arrays and read-only afterwards (shared by every search thread).
///
/// Locations: depots first (0..n_depots-1), then stops (n_depots + i).
/// Schedule semantics (the same as lastleg.check_routes): a route departs its
/// start depot at max(shift_start, open(first window of first stop) - travel);
/// service at a stop starts at max(arrival, open of the first window whose
/// close >= arrival) (infeasible if none); the vehicle leaves after the service
/// time; a closed route must be back at its end depot by shift_end; an open
/// route ends when the last service ends. duration = end - departure.
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "lastleg/common/types.h"
#include "lastleg/geo/metric.h"

namespace lastleg::route {

inline constexpr int kMaxDims = 3;
using Load = std::array<Count, kMaxDims>;

struct VehicleType {
  Count count = 0;
  Load capacity{};
  Index start_depot = 0;
  Index end_depot = -1;  ///< -1: open route
  double shift_start = 0.0, shift_end = kInfinity;
  Count max_stops = -1;  ///< < 0: unlimited
  double max_duration = kInfinity, max_distance = kInfinity;
  double fixed_cost = 0.0, cost_per_distance = 1.0, cost_per_time = 0.0;
  double speed_factor = 1.0;
  double inv_speed = 1.0;       ///< 1 / speed_factor
  bool needs_duration = false;  ///< cost_per_time > 0 or a finite max_duration
};

/// Raw problem data, as copied from the Python arrays.
struct ModelData {
  Index n_depots = 1;
  Index n_stops = 0;
  int n_dims = 1;
  std::vector<Count> demand;        ///< n_stops x n_dims
  std::vector<double> service;      ///< n_stops
  std::vector<Count> tw_offsets;    ///< n_stops + 1
  std::vector<double> time_windows; ///< T x 2
  std::vector<double> penalty;      ///< n_stops; inf = mandatory
  std::vector<VehicleType> types;
};

class Model {
 public:
  Model(ModelData data, geo::Metric metric);
  Model(const Model&) = delete;  // holds pointers into its own metric
  Model& operator=(const Model&) = delete;
  Model(Model&&) = default;

  [[nodiscard]] Index n_depots() const { return d_.n_depots; }
  [[nodiscard]] Index n_stops() const { return d_.n_stops; }
  [[nodiscard]] int n_dims() const { return d_.n_dims; }
  [[nodiscard]] const geo::Metric& metric() const { return metric_; }
  [[nodiscard]] const std::vector<VehicleType>& types() const { return d_.types; }
  [[nodiscard]] const VehicleType& type(Index t) const { return d_.types[static_cast<std::size_t>(t)]; }
  [[nodiscard]] Index n_vehicles() const { return n_vehicles_; }
  /// Vehicle type of expanded vehicle v (types are expanded in order by count).
  [[nodiscard]] Index vehicle_type(Index v) const { return vehicle_type_[static_cast<std::size_t>(v)]; }

  [[nodiscard]] Index loc(Index stop) const { return d_.n_depots + stop; }
  [[nodiscard]] Count demand(Index stop, int dim) const {
    return d_.demand[static_cast<std::size_t>(stop) * static_cast<std::size_t>(d_.n_dims) +
                     static_cast<std::size_t>(dim)];
  }
  [[nodiscard]] double service(Index stop) const { return d_.service[static_cast<std::size_t>(stop)]; }
  [[nodiscard]] double penalty(Index stop) const { return d_.penalty[static_cast<std::size_t>(stop)]; }
  [[nodiscard]] bool mandatory(Index stop) const { return !(penalty(stop) < kInfinity); }
  [[nodiscard]] bool multi_window(Index stop) const { return multi_[static_cast<std::size_t>(stop)] != 0; }
  [[nodiscard]] double first_open(Index stop) const {
    return d_.time_windows[2 * static_cast<std::size_t>(d_.tw_offsets[static_cast<std::size_t>(stop)])];
  }
  [[nodiscard]] double last_close(Index stop) const {
    return d_.time_windows[2 * static_cast<std::size_t>(d_.tw_offsets[static_cast<std::size_t>(stop) + 1]) - 1];
  }

  /// Service start for an arrival at `stop`; +inf when every window has closed.
  [[nodiscard]] double service_start(Index stop, double arrival) const {
    if (!multi_window(stop)) {
      const double* w = window(stop);
      return arrival <= w[1] ? (arrival > w[0] ? arrival : w[0]) : kInfinity;
    }
    return service_start_multi(stop, arrival);
  }
  /// Latest arrival at `stop` such that service starts no later than `latest_start`
  /// (-inf when impossible). Feasible arrival sets are down-sets, so this is exact
  /// with several windows too.
  [[nodiscard]] double latest_arrival(Index stop, double latest_start) const {
    if (!multi_window(stop)) {
      const double* w = window(stop);
      if (w[0] > latest_start) return -kInfinity;
      return w[1] < latest_start ? w[1] : latest_start;
    }
    return latest_arrival_multi(stop, latest_start);
  }

  /// Distance between locations. Planar metrics take a sqrt fast path (same
  /// formula as geo::Metric up to the last bit of hypot vs sqrt).
  [[nodiscard]] double dist(Index a, Index b) const {
    switch (kind_) {
      case geo::MetricKind::euclidean:
        return planar(a, b);
      case geo::MetricKind::euclidean_rounded:
        return geo::round_nearest(planar(a, b));
      case geo::MetricKind::euclidean_truncated:
        return geo::truncate_one_decimal(planar(a, b));
      default:
        return metric_.distance(a, b);
    }
  }
  /// Travel time between locations for a vehicle type.
  [[nodiscard]] double travel(const VehicleType& t, Index a, Index b) const {
    if (time_is_distance_) return dist(a, b) * inv_metric_speed_ * t.inv_speed;
    return metric_.duration(a, b) * t.inv_speed;
  }
  /// Distance and travel time together (one metric evaluation when time = distance / speed).
  void arc(const VehicleType& t, Index a, Index b, double& d, double& tt) const {
    d = dist(a, b);
    tt = time_is_distance_ ? d * inv_metric_speed_ * t.inv_speed : metric_.duration(a, b) * t.inv_speed;
  }
  /// True when no time window, shift or duration limit can bind and time costs
  /// nothing: only distances and loads matter (plain CVRP).
  [[nodiscard]] bool time_free() const { return time_free_; }
  /// False when no vehicle type could serve the stop even alone (never inserted).
  [[nodiscard]] bool servable(Index stop) const { return servable_[static_cast<std::size_t>(stop)] != 0; }
  /// Index of the first hard limit a lone visit breaks for vehicle type t (-1: none).
  /// 0 unreachable, 1 capacity, 2 max_stops, 3 time_window, 4 shift, 5 max_distance, 6 max_duration.
  [[nodiscard]] int alone_violation(Index stop, Index t) const;

 private:
  [[nodiscard]] const double* window(Index stop) const {
    return &d_.time_windows[2 * static_cast<std::size_t>(d_.tw_offsets[static_cast<std::size_t>(stop)])];
  }
  [[nodiscard]] double planar(Index a, Index b) const {
    const double dx = xs_[static_cast<std::size_t>(a)] - xs_[static_cast<std::size_t>(b)];
    const double dy = ys_[static_cast<std::size_t>(a)] - ys_[static_cast<std::size_t>(b)];
    return std::sqrt(dx * dx + dy * dy);
  }
  [[nodiscard]] double service_start_multi(Index stop, double arrival) const;
  [[nodiscard]] double latest_arrival_multi(Index stop, double latest_start) const;

  ModelData d_;
  geo::Metric metric_;
  std::vector<std::uint8_t> multi_;
  std::vector<Index> vehicle_type_;
  Index n_vehicles_ = 0;
  geo::MetricKind kind_;
  const double* xs_ = nullptr;
  const double* ys_ = nullptr;
  bool time_is_distance_ = false;
  double inv_metric_speed_ = 1.0;
  bool time_free_ = false;
  std::vector<std::uint8_t> servable_;
};

}  // namespace lastleg::route
