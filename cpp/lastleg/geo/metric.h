#pragma once
/// Travel metrics. The free inline functions are the single definition of each
/// formula: the engine, the Cython kernels and the checkers all call these.
#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lastleg/common/types.h"

namespace lastleg::geo {

inline constexpr double kEarthRadiusM = 6371008.8;  // mean radius (IUGG)
inline constexpr double kDegToRad = 0.017453292519943295;

/// Great-circle distance in metres between two (lat, lon) points in degrees.
inline double haversine_m(double lat1, double lon1, double lat2, double lon2) {
  const double p1 = lat1 * kDegToRad, p2 = lat2 * kDegToRad;
  const double dp = p2 - p1, dl = (lon2 - lon1) * kDegToRad;
  const double s1 = std::sin(0.5 * dp), s2 = std::sin(0.5 * dl);
  const double a = s1 * s1 + std::cos(p1) * std::cos(p2) * s2 * s2;
  return 2.0 * kEarthRadiusM * std::asin(std::sqrt(std::fmin(1.0, a)));
}

inline double euclidean(double x1, double y1, double x2, double y2) {
  return std::hypot(x2 - x1, y2 - y1);
}

/// TSPLIB `nint`: CVRPLIB X rounds every edge to the nearest integer.
inline double round_nearest(double d) { return std::floor(d + 0.5); }

/// DIMACS VRPTW convention: truncate to one decimal.
inline double truncate_one_decimal(double d) { return std::floor(10.0 * d) / 10.0; }

enum class MetricKind {
  euclidean,            ///< planar, double precision
  euclidean_rounded,    ///< planar, each edge rounded to the nearest integer
  euclidean_truncated,  ///< planar, each edge truncated to one decimal
  haversine,            ///< (lat, lon) degrees -> metres x detour factor
  matrix,               ///< user-supplied dense distance and duration matrices
};

MetricKind metric_kind_from_name(std::string_view name);  // throws std::invalid_argument
std::string_view metric_kind_name(MetricKind kind);

/// Distances and durations between `size()` locations.
///
/// With coordinates nothing n^2 is stored: values are computed on demand.
/// Duration = distance / speed (speed in distance units per time unit).
class Metric {
 public:
  /// Coordinate metric; for haversine `a` is latitude and `b` longitude in degrees.
  Metric(MetricKind kind, std::vector<double> a, std::vector<double> b, double detour_factor = 1.0,
         double speed = 1.0);
  /// Dense row-major n x n matrices; `durations` may be empty (then = distances / speed).
  Metric(std::size_t n, std::vector<double> distances, std::vector<double> durations,
         double speed = 1.0);

  [[nodiscard]] MetricKind kind() const { return kind_; }
  [[nodiscard]] Index size() const { return static_cast<Index>(n_); }
  [[nodiscard]] bool has_coordinates() const { return kind_ != MetricKind::matrix; }
  [[nodiscard]] double detour_factor() const { return detour_; }
  [[nodiscard]] double speed() const { return speed_; }
  [[nodiscard]] const std::vector<double>& coord_a() const { return a_; }
  [[nodiscard]] const std::vector<double>& coord_b() const { return b_; }

  [[nodiscard]] double distance(Index i, Index j) const {
    switch (kind_) {
      case MetricKind::euclidean:
        return euclidean(a_[i], b_[i], a_[j], b_[j]);
      case MetricKind::euclidean_rounded:
        return round_nearest(euclidean(a_[i], b_[i], a_[j], b_[j]));
      case MetricKind::euclidean_truncated:
        return truncate_one_decimal(euclidean(a_[i], b_[i], a_[j], b_[j]));
      case MetricKind::haversine:
        return detour_ * haversine_m(a_[i], b_[i], a_[j], b_[j]);
      case MetricKind::matrix:
        return dist_[static_cast<std::size_t>(i) * n_ + static_cast<std::size_t>(j)];
    }
    return 0.0;
  }

  [[nodiscard]] double duration(Index i, Index j) const {
    if (!dur_.empty()) return dur_[static_cast<std::size_t>(i) * n_ + static_cast<std::size_t>(j)];
    return distance(i, j) / speed_;
  }

  /// Points in which euclidean nearness equals travel nearness (planar: x, y;
  /// haversine: unit-sphere x, y, z). Empty for a matrix metric.
  [[nodiscard]] std::vector<double> embedding(int& dim) const;

 private:
  MetricKind kind_;
  std::size_t n_;
  std::vector<double> a_, b_;
  std::vector<double> dist_, dur_;
  double detour_ = 1.0;
  double speed_ = 1.0;
};

/// Coordinate metric by kind name (for the bindings and kernels).
std::unique_ptr<Metric> make_coordinate_metric(const std::string& kind, std::vector<double> a,
                                               std::vector<double> b, double detour_factor,
                                               double speed);

}  // namespace lastleg::geo
