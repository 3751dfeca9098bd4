#pragma once
/// Lagrangian dual of the batch problem: stock and node capacities are priced
/// instead of enforced, leaving one small problem per order that OrderOracle
/// solves exactly. Subgradient ascent (Polyak steps) on the prices; every dual
/// value is a lower bound on the optimum of the §5 objective.
#include <cstdint>
#include <vector>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/plan.h"
#include "lastleg/common/stop_criteria.h"
#include "lastleg/common/thread_pool.h"

namespace lastleg::assign {

class Lagrangian {
 public:
  Lagrangian(const AssignModel& model, ThreadPool& pool);

  /// Dual value at the current prices (re-solving only the orders whose prices moved).
  /// Past `until` (if given), the orders left are searched hurried: a weaker
  /// but still valid bound.
  double evaluate(const Deadline* until = nullptr);
  /// One subgradient step towards `upper` (a known feasible cost); false when the
  /// relaxed plans already respect every limit (nothing left to price).
  bool step(double upper);
  /// Market-clearing update (an auction step): on each over-used resource the
  /// price rises to the switch margin, per unit, of the first user that no longer
  /// fits, users taken in order of margin per unit (Gauss-Seidel: a user priced out
  /// of one resource stops counting on the others). Prices only rise (an
  /// ascending auction); node capacities, then each sku network-wide, then single
  /// slots. False when no price moved. On large batches a few rounds gain more
  /// than dozens of subgradient steps (10k orders: 3 rounds +6%, 300 steps +0.8%).
  /// Past `until` (if given) the remaining margins are not searched (no rise there).
  bool clear(const Deadline* until = nullptr);
  /// Clearing rounds, each followed by an evaluation, until `max_rounds`, a round
  /// that lifts the best bound by less than `min_progress` (relative), or `until`.
  void clear_rounds(int max_rounds, double min_progress, const Deadline* until);
  /// Non-improving steps before the step factor halves (short runs need less).
  void set_patience(int steps) { patience_ = steps < 1 ? 1 : steps; }
  /// Back to full-length steps (after a better upper bound was found).
  void restart_steps(double theta = kTheta0) {
    theta_ = theta;
    stall_ = 0;
  }

  [[nodiscard]] const Prices& prices() const { return prices_; }
  /// Each order's relaxed plan under prices() (valid after an evaluation).
  [[nodiscard]] const std::vector<Plan>& plans() const { return plans_; }
  [[nodiscard]] const Prices& best_prices() const { return best_prices_; }
  [[nodiscard]] double best_bound() const { return best_; }
  /// Regret keys of the first evaluation (zero prices): what
  /// Construction::regret_order(nullptr) computes, without a second pass.
  [[nodiscard]] std::vector<Index> first_regret_order() const;
  [[nodiscard]] double value() const { return value_; }
  /// Each order's relaxed optimum at zero prices: a lower bound on its own cost.
  [[nodiscard]] const std::vector<double>& order_floor() const { return floor_; }
  [[nodiscard]] std::int64_t iterations() const { return iterations_; }

 private:
  /// clear()'s resource keys, in processing order: node order capacities
  /// [0, nn), node unit capacities [nn, sku_base), skus network-wide
  /// [sku_base, slot_base), single stock slots from slot_base.
  struct ClearKeys {
    Index nn, sku_base, slot_base;
  };
  /// An order's use of an over-used resource (by key) under the current plans.
  struct Use {
    Index key;
    Index order;
    std::int64_t amount;
    double margin = 0.0;  ///< per unit, net of this pass's charges
  };

  void usage_add(Index o, const Plan& plan, std::int64_t sign);
  [[nodiscard]] ClearKeys clear_keys() const;
  /// Which keys the relaxed plans over-use; writes each sku's network-wide availability.
  std::vector<char> over_used(std::vector<std::int64_t>& sku_avail) const;
  /// The uses of over-used keys, one per (key, order), by key then order.
  [[nodiscard]] std::vector<Use> uses_of(const std::vector<char>& over) const;
  /// Per use: the user's priced cost without the resource, less with it (0 past `until`).
  [[nodiscard]] std::vector<double> switch_margins(const std::vector<Use>& uses, const Deadline* until) const;
  /// Raises each over-used key's price to the margin of its first user that no longer fits.
  bool raise_prices(const std::vector<Use>& uses, const std::vector<double>& margin,
                    const std::vector<std::int64_t>& sku_avail);
  [[nodiscard]] std::int64_t key_capacity(Index key, const std::vector<std::int64_t>& sku_avail) const;
  void raise_price(Index key, double rise);

  const AssignModel& m_;
  ThreadPool& pool_;
  Prices prices_, best_prices_;
  std::vector<Plan> plans_;
  std::vector<double> sub_, floor_;
  std::vector<char> dirty_;
  std::vector<std::int64_t> use_slot_, use_orders_, use_units_;
  double value_ = 0.0, best_ = -kInfinity;
  std::vector<double> first_key_;
  static constexpr double kAlpha = 1.0;  ///< weight of the newest subgradient (1: plain)
  std::vector<double> dir_;
  bool first_step_ = true;
  static constexpr double kTheta0 = 2.0;  ///< Polyak step factor at the start
  static constexpr int kStall = 20;       ///< default patience: halve after this many non-improving steps
  int patience_ = kStall;
  double theta_ = kTheta0;
  int stall_ = 0;
  std::int64_t iterations_ = 0;
  bool first_ = true;
};

}  // namespace lastleg::assign
