#include "lastleg/roads/snapper.h"

#include <cmath>
#include <stdexcept>

#include "lastleg/geo/metric.h"

namespace lastleg::roads {

namespace {

std::vector<double> unit_sphere(std::span<const double> lat, std::span<const double> lon) {
  if (lat.size() != lon.size()) throw std::invalid_argument("snapper: lat and lon differ in length");
  std::vector<double> xyz(3 * lat.size());
  for (std::size_t i = 0; i < lat.size(); ++i) {
    const double p = lat[i] * geo::kDegToRad, l = lon[i] * geo::kDegToRad;
    xyz[3 * i] = std::cos(p) * std::cos(l);
    xyz[3 * i + 1] = std::cos(p) * std::sin(l);
    xyz[3 * i + 2] = std::sin(p);
  }
  return xyz;
}

}  // namespace

Snapper::Snapper(std::span<const double> lat, std::span<const double> lon)
    : lat_(lat.begin(), lat.end()), lon_(lon.begin(), lon.end()), tree_(unit_sphere(lat, lon), 3) {
  if (lat_.empty()) throw std::invalid_argument("snapper: no road nodes");
}

std::pair<std::int32_t, double> Snapper::nearest(double lat, double lon) const {
  const std::vector<double> q = unit_sphere(std::span<const double>(&lat, 1), std::span<const double>(&lon, 1));
  std::vector<std::pair<double, Index>> hit;
  tree_.nearest(q.data(), 1, -1, hit);
  const auto node = static_cast<std::size_t>(hit.front().second);
  return {static_cast<std::int32_t>(node), geo::haversine_m(lat, lon, lat_[node], lon_[node])};
}

}  // namespace lastleg::roads
