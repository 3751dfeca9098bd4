#pragma once
/// Prices a changed route by concatenation: the kept prefix of a route (its
/// cached schedule), a short explicit middle, and a kept suffix of some route
/// (its cached latest arrival, distance, load and end-time function), so the
/// cost is O(middle), never a re-simulation of whole routes. Every local-search
/// operator prices its moves with it.
#include "lastleg/route/model.h"
#include "lastleg/route/route.h"

namespace lastleg::route {

/// A move counts as an improvement only when it saves more than this.
inline constexpr double kImprove = 1e-7;

class Evaluator {
 public:
  explicit Evaluator(const Model& m) : m_(m) {}

  [[nodiscard]] const Model& model() const { return m_; }

  /// Cost of the route of vehicle `base` made of its positions 0..prefix_end,
  /// then `mid`, then positions tail_from.. of `tail` (nullptr: no tail).
  /// +inf when a hard constraint breaks.
  [[nodiscard]] double eval(const Route& base, Index prefix_end, const Index* mid, int n_mid,
                            const Route* tail, Index tail_from) const;

  /// Location before position pos of r (its start depot for pos 0).
  [[nodiscard]] Index loc_before(const Route& r, Index pos) const {
    return pos == 0 ? m_.type(r.type).start_depot : m_.loc(r.stops[static_cast<std::size_t>(pos) - 1]);
  }
  /// Location after position pos of r (its end depot past the end; -1 for an open end).
  [[nodiscard]] Index loc_after(const Route& r, Index pos) const {
    return pos + 1 < r.size() ? m_.loc(r.stops[static_cast<std::size_t>(pos) + 1]) : m_.type(r.type).end_depot;
  }
  /// Distance between locations; 0 next to an open end (-1).
  [[nodiscard]] double d(Index a, Index b) const { return a < 0 || b < 0 ? 0.0 : m_.dist(a, b); }
  /// True when the cost of routes a and b is fixed + per-distance only, so a
  /// move's distance change prices it exactly (feasibility is checked after).
  [[nodiscard]] bool distance_priced(const Route& a, const Route& b) const {
    return m_.type(a.type).cost_per_time == 0.0 && m_.type(b.type).cost_per_time == 0.0;
  }
  [[nodiscard]] double cpd(const Route& r) const { return m_.type(r.type).cost_per_distance; }
  [[nodiscard]] double fixed(const Route& r) const { return m_.type(r.type).fixed_cost; }

 private:
  /// True when a suffix of `tail` keeps its cached schedule behind a prefix of `base`.
  [[nodiscard]] bool tail_compatible(const Route& base, const Route& tail) const;

  const Model& m_;
};

}  // namespace lastleg::route
