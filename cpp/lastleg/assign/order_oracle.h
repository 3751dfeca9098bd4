#pragma once
/// Exact enumeration of one order's options: every set of at most max_parcels
/// candidate nodes (branch and bound on parcel cost), lines allocated to the
/// cheapest nodes of the set, or the order left unserved.
#include <cstdint>
#include <vector>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/plan.h"

namespace lastleg::assign {

class OrderOracle {
 public:
  explicit OrderOracle(const AssignModel& model) : m_(model) {}

  /// The Lagrangian subproblem: stock and capacity are priced, not enforced;
  /// each line may take up to its slot's static availability. Returns a value
  /// that is a valid lower bound of the subproblem (exact unless enumeration was
  /// cut short); `out` is the best plan found (its usage feeds the subgradient).
  double relaxed(Index o, const Prices* prices, Plan& out);

  /// As relaxed(), with one resource left out: node `ban_node`, stock slot
  /// `ban_slot` or every slot of `ban_sku` (none: -1). The price a user would
  /// pay to avoid it.
  double relaxed_without(Index o, const Prices* prices, Index ban_node, Index ban_slot,
                         Index ban_sku, Plan& out);

  /// The cheapest plan (by priced cost, prices may be null) that fits in `res`.
  void feasible(Index o, const Prices* prices, const Residual& res, Plan& out);

  /// The cheapest plan that ships something, however costly (unserved only if
  /// nothing fits): used to explain why an order was left unserved.
  void forced(Index o, const Residual& res, Plan& out);

  /// Priced cost of the runner-up option of the last search (an over-estimate:
  /// sets pruned against the best are not revisited). Used for regret.
  [[nodiscard]] double second() const { return second_; }
  [[nodiscard]] std::int64_t evaluations() const { return evaluations_; }
  /// Hurried mode (out of time): heuristic searches look at fewer candidates
  /// and parcels and stop after a small number of evaluated sets.
  void set_hurried(bool on) { hurried_ = on; }
  /// Scan every candidate, so that second() is as exact as best (regret keys).
  void set_track_second(bool on) { track_second_ = on; }

 private:
  double search(Index o, const Prices* prices, const Residual* res, Plan& out);
  /// Prices, capacities and the line mask of local candidate k; false if it can ship nothing.
  bool prepare(Index o, Index k, const Prices* prices, const Residual* res);
  /// Branch and bound over the prepared candidates in order_.
  double branch(Index o, const Residual* res, Plan& out, bool& truncated);
  /// Heuristic searches: order_ cut to the cheapest candidates and those that
  /// cover a line no cheaper one stocks.
  void keep_cheapest(const Residual* res);
  /// Cost of every unit at its cheapest usable candidate of order_ (or unshipped
  /// when partial shipping is allowed); false when some line cannot be shipped whole.
  bool unit_floor(Index o, double& base) const;
  bool evaluate(Index o, const Residual* res, std::int32_t size, double parcel_sum, Plan& plan);

  const AssignModel& m_;
  // scratch, per order
  std::vector<Index> order_;    // usable candidates sorted by priced parcel cost
  std::vector<double> p_;       // priced parcel cost per local candidate
  std::vector<double> u_;       // priced unit cost per (line, cand)
  std::vector<double> ut_;      // true unit cost per (line, cand)
  std::vector<std::int64_t> cap_;  // available units per (line, cand)
  std::vector<Index> chosen_;
  std::vector<std::pair<Index, std::int64_t>> taken_;  // residual mode: (slot, units)
  std::vector<std::int64_t> node_taken_;
  std::vector<Index> rank_;
  std::vector<std::uint64_t> mask_;  // lines each candidate can ship
  Plan trial_;
  double second_ = 0.0;
  double pu_ = 0.0;  // penalty per unshipped unit
  Index k_ = 0, l_ = 0;
  std::int64_t evaluations_ = 0;
  std::int64_t budget_ = 0;
  bool partial_ = false;
  bool force_ = false;
  bool hurried_ = false;
  bool track_second_ = false;
  Index ban_node_ = -1, ban_slot_ = -1, ban_sku_ = -1;
};

}  // namespace lastleg::assign
