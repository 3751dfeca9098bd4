#include "lastleg/geo/metric.h"

#include <stdexcept>
#include <string>

namespace lastleg::geo {

MetricKind metric_kind_from_name(std::string_view name) {
  if (name == "euclidean") return MetricKind::euclidean;
  if (name == "euclidean_rounded") return MetricKind::euclidean_rounded;
  if (name == "euclidean_truncated") return MetricKind::euclidean_truncated;
  if (name == "haversine") return MetricKind::haversine;
  if (name == "matrix") return MetricKind::matrix;
  throw std::invalid_argument("unknown metric '" + std::string(name) +
                              "' (expected euclidean, euclidean_rounded, euclidean_truncated, "
                              "haversine or matrix)");
}

std::string_view metric_kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::euclidean: return "euclidean";
    case MetricKind::euclidean_rounded: return "euclidean_rounded";
    case MetricKind::euclidean_truncated: return "euclidean_truncated";
    case MetricKind::haversine: return "haversine";
    case MetricKind::matrix: return "matrix";
  }
  return "?";
}

Metric::Metric(MetricKind kind, std::vector<double> a, std::vector<double> b, double detour_factor,
               double speed)
    : kind_(kind), n_(a.size()), a_(std::move(a)), b_(std::move(b)), detour_(detour_factor),
      speed_(speed) {
  if (kind == MetricKind::matrix) throw std::invalid_argument("matrix metric needs matrices");
  if (a_.size() != b_.size()) throw std::invalid_argument("coordinate arrays differ in length");
  if (!(speed > 0.0)) throw std::invalid_argument("speed must be > 0");
  if (!(detour_factor > 0.0)) throw std::invalid_argument("detour_factor must be > 0");
}

Metric::Metric(std::size_t n, std::vector<double> distances, std::vector<double> durations,
               double speed)
    : kind_(MetricKind::matrix), n_(n), dist_(std::move(distances)), dur_(std::move(durations)),
      speed_(speed) {
  if (dist_.size() != n * n) throw std::invalid_argument("distance matrix is not n x n");
  if (!dur_.empty() && dur_.size() != n * n)
    throw std::invalid_argument("duration matrix is not n x n");
  if (!(speed > 0.0)) throw std::invalid_argument("speed must be > 0");
}

std::unique_ptr<Metric> make_coordinate_metric(const std::string& kind, std::vector<double> a,
                                               std::vector<double> b, double detour_factor,
                                               double speed) {
  return std::make_unique<Metric>(metric_kind_from_name(kind), std::move(a), std::move(b),
                                  detour_factor, speed);
}

std::vector<double> Metric::embedding(int& dim) const {
  std::vector<double> out;
  if (kind_ == MetricKind::matrix) {
    dim = 0;
    return out;
  }
  if (kind_ == MetricKind::haversine) {
    // Chord length on the unit sphere is monotone in great-circle distance.
    dim = 3;
    out.resize(3 * n_);
    for (std::size_t i = 0; i < n_; ++i) {
      const double lat = a_[i] * kDegToRad, lon = b_[i] * kDegToRad;
      out[3 * i] = std::cos(lat) * std::cos(lon);
      out[3 * i + 1] = std::cos(lat) * std::sin(lon);
      out[3 * i + 2] = std::sin(lat);
    }
    return out;
  }
  dim = 2;
  out.resize(2 * n_);
  for (std::size_t i = 0; i < n_; ++i) {
    out[2 * i] = a_[i];
    out[2 * i + 1] = b_[i];
  }
  return out;
}

}  // namespace lastleg::geo
