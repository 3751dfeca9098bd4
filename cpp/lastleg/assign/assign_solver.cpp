#include "lastleg/assign/assign_solver.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/assign_state.h"
#include "lastleg/assign/construction.h"
#include "lastleg/assign/lagrangian.h"
#include "lastleg/assign/local_search.h"
#include "lastleg/assign/order_oracle.h"
#include "lastleg/common/rng.h"
#include "lastleg/common/stop_criteria.h"
#include "lastleg/common/thread_pool.h"

namespace lastleg::assign {
namespace {

constexpr int kMaxRounds = 8;  // local-search rounds per portfolio task (5k tight: still gaining at 4)
/// Batches above this size get the large schedule (solve_large): a function of
/// the size only, so answers stay thread-free.
constexpr Index kLargeBatch = 5000;
constexpr std::int64_t kUpperEvery = 10;
/// Time kept after the search under a limit: writing the results, freeing the
/// search state and the handover to Python took 1.3 us per order at 100k orders
/// and 12-26 ms at 5k.
constexpr double kResultReserve = 0.04;
constexpr double kResultPerOrder = 2e-6;
/// Polishing the best states under a time limit: rounds until no move improves
/// (or the deadline), on random streams apart from the portfolio's.
constexpr int kPolishRounds = 256;
constexpr std::uint64_t kPolishStream = 1000;
/// Market-clearing rounds on large batches, stopped early when the bound gains
/// less than kClearProgress (relative) in a round.
constexpr int kClearRounds = 2;
/// On smaller batches: until progress stalls (each round is cheap there).
constexpr int kSmallClearRounds = 8;
constexpr double kClearProgress = 1e-3;
/// Subgradient steps in a row without a better bound before they stop.
constexpr int kDualStall = 10;
/// Local search on large batches: one round over the half of the orders furthest
/// above their floor (measured at 100k orders: 97% of a full round's gain in 40% of its time).
constexpr double kLargeFocus = 0.5;
/// With a time limit, the dual + portfolio schedule runs only when at least this
/// many times the time to reach the greedy is left; otherwise local search
/// improves the greedy itself (what pays on large batches under a short limit).
constexpr double kPortfolioRoom = 4.0;
/// Price multipliers of the portfolio's constructions: higher ones leave more
/// room on scarce stock and capacity for local search to fill. (Cleared prices are close to right, so the multipliers stay near 1; 5k
/// medium batch: {1, 0.8, 1.25, 1.6} +0.83% above the optimum, {1, 3, 2, 6} +1.40%.)
constexpr double kScales[AssignSolver::kPortfolio] = {1.0, 0.8, 1.25, 1.6};

/// Dual iterations when none are given: fewer on large batches (a deterministic
/// function of the size, never of the thread count).
std::int64_t default_iterations(Index n_orders) {
  const std::int64_t n = std::max<std::int64_t>(1, n_orders);
  return std::clamp<std::int64_t>(400000 / n, 10, AssignSolver::kDefaultIterations);
}

Prices scaled(const Prices& p, double f) {
  Prices q = p;
  for (auto* v : {&q.slot, &q.orders, &q.units})
    for (double& x : *v) x *= f;
  return q;
}

/// Why order o is not (fully) served. `stock_only` is the batch's initial stock with
/// node capacities unlimited, `full` the same with them, `left_uncapped` what this
/// solution leaves with capacities unlimited: stock that no node holds is no_stock,
/// stock held only behind a node capacity of the batch is capacity.
Reason explain(const AssignModel& m, OrderOracle& oracle, const Residual& stock_only,
               const Residual& full, const Residual& left_uncapped, Index o, const Plan& plan) {
  if (m.reach_count(o) == 0) return Reason::out_of_reach;
  const Reason short_of = m.capped_out(o) ? Reason::capacity : Reason::no_stock;
  if (m.n_cands(o) == 0) return short_of;
  Plan p;
  oracle.forced(o, full, p);
  if (p.parts.empty() || p.shipped < m.units(o)) {
    Plan q;
    oracle.forced(o, stock_only, q);
    return !q.parts.empty() && q.shipped > p.shipped ? Reason::capacity : short_of;
  }
  if (plan.parts.empty() && p.cost >= m.unserved_cost(o)) return Reason::not_worth;
  oracle.forced(o, left_uncapped, p);
  if (!p.parts.empty() && p.shipped > plan.shipped) return Reason::capacity;
  if (plan.parts.empty() || p.cost >= m.unserved_cost(o)) return short_of;
  return Reason::not_worth;
}

void fill_result(const AssignModel& m, const AssignState& state, AssignResult& r) {
  const auto no = static_cast<std::size_t>(m.n_orders());
  const AssignInput& in = m.input();
  const double sp = m.policy().split_penalty;
  r.order_status.resize(no);
  r.order_reason.assign(no, static_cast<std::int8_t>(Reason::none));
  r.order_parcels.resize(no);
  r.order_cost.resize(no);
  r.node_orders.assign(static_cast<std::size_t>(m.n_nodes()), 0);
  r.node_units.assign(static_cast<std::size_t>(m.n_nodes()), 0);
  std::vector<std::pair<std::pair<Index, Index>, std::int64_t>> rows;
  OrderOracle oracle(m);
  const Residual full = AssignState(m).residual();
  const auto uncapped = [](Residual res) {
    std::fill(res.orders.begin(), res.orders.end(), kUnlimited);
    std::fill(res.units.begin(), res.units.end(), kUnlimited);
    return res;
  };
  const Residual stock_only = uncapped(full);
  const Residual left = uncapped(state.residual());
  for (Index o = 0; o < m.n_orders(); ++o) {
    const Plan& p = state.plan(o);
    const Index cb = m.cand_begin(o);
    const auto ls = m.lines(o);
    Index last_k = -1;
    std::int32_t parcels = 0;
    double ship = 0, proc = 0;
    for (const Part& part : p.parts) {
      const Index node = m.cand_node(cb + part.k);
      if (part.k != last_k) {
        last_k = part.k;
        ++parcels;
        ship += m.ship_cost(cb + part.k);
        proc += in.node_cost_per_order[node];
        ++r.node_orders[static_cast<std::size_t>(node)];
      }
      proc += static_cast<double>(part.qty) * in.node_cost_per_unit[node];
      r.node_units[static_cast<std::size_t>(node)] += part.qty;
      rows.push_back({{ls[part.li], node}, part.qty});
    }
    const double split = sp * std::max(0, parcels - 1);
    const double unserved = m.unserved_cost(o) * static_cast<double>(m.units(o) - p.shipped) /
                            static_cast<double>(m.units(o));
    r.shipping += ship;
    r.processing += proc;
    r.split += split;
    r.unserved += unserved;
    r.order_cost[static_cast<std::size_t>(o)] = ship + proc + split + unserved;
    r.order_parcels[static_cast<std::size_t>(o)] = parcels;
    OrderStatus st = OrderStatus::unserved;
    if (parcels > 0) st = p.shipped < m.units(o) ? OrderStatus::partial
                          : parcels == 1         ? OrderStatus::single
                                                 : OrderStatus::split;
    r.order_status[static_cast<std::size_t>(o)] = static_cast<std::int8_t>(st);
    if (st == OrderStatus::unserved || st == OrderStatus::partial)
      r.order_reason[static_cast<std::size_t>(o)] =
          static_cast<std::int8_t>(explain(m, oracle, stock_only, full, left, o, p));
  }
  r.cost = r.shipping + r.processing + r.split + r.unserved;
  std::sort(rows.begin(), rows.end());
  r.part_line.reserve(rows.size());
  r.part_node.reserve(rows.size());
  r.part_qty.reserve(rows.size());
  for (const auto& row : rows) {
    r.part_line.push_back(row.first.first);
    r.part_node.push_back(row.first.second);
    r.part_qty.push_back(row.second);
  }
}

/// Large batches: subgradient ascent needs dozens of full evaluations there, so
/// the prices come from a few market-clearing rounds; then one priced greedy (in
/// the zero-price regret order: at 100k orders that beat the priced regret order
/// by 0.6% and saves a pass) that takes the dual's relaxed plans while they fit,
/// improved by a focused local-search round (with a time limit: further rounds until it).
/// A price-free greedy ran beside it until it lost on all of 19 batches of 10k to
/// 100k orders (by 0.9-1.8%). Every phase is a function of the size and the
/// seed only, so without a time limit the answer does not depend on the thread count.
std::unique_ptr<AssignState> solve_large(const AssignModel& model, Lagrangian& dual,
                                         const Construction& construction,
                                         const std::vector<Index>& plain_order,
                                         const Deadline& deadline, std::uint64_t seed, bool timed,
                                         std::int64_t& moves) {
  const Deadline clearing = deadline.share(0.25);
  dual.clear_rounds(kClearRounds, kClearProgress, timed ? &clearing : nullptr);
  // the last prices (not the best bound's): the dual's relaxed plans are theirs
  auto state = std::make_unique<AssignState>(model);
  construction.build(plain_order, &dual.prices(), *state, timed ? &deadline : nullptr, &dual.plans());
  Rng rng = Rng::for_task(seed, 1);
  LocalSearch ls(model, dual.order_floor());
  ls.set_focus(kLargeFocus);
  moves = ls.run(*state, rng, deadline, 1);
  if (timed) {  // time left: full rounds until the deadline
    ls.set_focus(1.0);
    moves += ls.run(*state, rng, deadline, 64);
  }
  return state;
}

/// Batches up to kLargeBatch orders: market clearing, a price-free greedy, then
/// rounds of subgradient steps and a portfolio of priced constructions improved
/// by local search (with a time limit: polishing and further rounds until it).
class PortfolioSchedule {
 public:
  PortfolioSchedule(const AssignModel& model, ThreadPool& pool, Lagrangian& dual, const Construction& construction,
                    const Deadline& deadline, const AssignOptions& options, std::vector<Index> sequence)
      : model_(model),
        pool_(pool),
        dual_(dual),
        construction_(construction),
        deadline_(deadline),
        options_(options),
        timed_(options.time_limit < kInfinity),
        sequence_(std::move(sequence)),
        plain_(model) {}

  void run();
  /// The best state found (never worse than the price-free greedy) and its
  /// portfolio task (the task count: the greedy).
  const AssignState& best(std::int32_t& task);
  /// Improving local-search moves over every state.
  [[nodiscard]] std::int64_t moves() const;

 private:
  /// Market clearing, then the price-free greedy: the first upper bound.
  void clear_and_greedy();
  /// Up to `count` subgradient steps (fewer when the bound stalls or meets the upper bound).
  void run_dual(std::int64_t count, const Deadline& until);
  /// Constructions under scaled shadow prices, each improved by local search.
  void run_portfolio(const Deadline& until, std::uint64_t round);
  /// With a time limit the best states go on improving first: on batches of
  /// thousands local search still gains after kMaxRounds (5k orders, tight: 23
  /// moves in round 8), which beats a new dual + portfolio round from scratch.
  void polish(const Deadline& until);
  /// Whether a phase fits: with a wall-clock limit, a phase starts only when
  /// `factor` greedies' worth of time is left.
  [[nodiscard]] bool room(double factor) const {
    return !timed_ || deadline_.remaining() > factor * greedy_time_;
  }

  const AssignModel& model_;
  ThreadPool& pool_;
  Lagrangian& dual_;
  const Construction& construction_;
  const Deadline& deadline_;
  const AssignOptions& options_;
  const bool timed_;
  const std::vector<Index> sequence_;  ///< the zero-price regret order
  AssignState plain_;                  ///< the price-free greedy
  std::int64_t plain_moves_ = 0;
  double upper_ = kInfinity;           ///< best cost found: the target of the Polyak steps
  double greedy_time_ = 0.0;
  std::vector<std::unique_ptr<AssignState>> states_;  ///< one per portfolio task (empty: skipped)
  std::vector<std::int64_t> moves_;
};

void PortfolioSchedule::clear_and_greedy() {
  // market-clearing rounds first: they reach most of the bound in a few evaluations
  const Deadline clearing = deadline_.share(0.2);
  dual_.clear_rounds(kSmallClearRounds, kClearProgress, timed_ ? &clearing : nullptr);
  dual_.restart_steps();
  // the greedy always completes; past the deadline it finishes with hurried searches
  construction_.build(sequence_, nullptr, plain_, timed_ ? &deadline_ : nullptr);
  upper_ = plain_.total();
}

void PortfolioSchedule::run_dual(std::int64_t count, const Deadline& until) {
  double reached = dual_.best_bound();
  int stalled = 0;
  for (std::int64_t it = 0; it < count; ++it) {
    if (until.expired()) break;
    if (upper_ - dual_.best_bound() <= 1e-9 * std::max(1.0, std::abs(upper_))) break;
    if (!dual_.step(upper_)) break;
    dual_.evaluate();
    // steps that stopped lifting the bound give way to local search (after
    // market clearing on 5k-order batches no step of 80 lifted it)
    if (dual_.best_bound() > reached + 1e-9 * std::max(1.0, std::abs(reached))) {
      reached = dual_.best_bound();
      stalled = 0;
    } else if (++stalled >= kDualStall) {
      break;
    }
    if ((it + 1) % kUpperEvery == 0 && !until.expired()) {
      // a price-guided greedy tightens the target of the Polyak steps
      AssignState probe(model_);
      construction_.build(sequence_, &dual_.prices(), probe, timed_ ? &until : nullptr);
      upper_ = std::min(upper_, probe.total());
    }
  }
}

void PortfolioSchedule::run_portfolio(const Deadline& until, std::uint64_t round) {
  // out of time (or interrupted): the constructions alone take long on big batches
  if (until.expired()) return;
  const std::size_t tasks = AssignSolver::kPortfolio;
  std::vector<Prices> prices(tasks);
  for (std::size_t t = 0; t < prices.size(); ++t) prices[t] = scaled(dual_.best_prices(), kScales[t]);
  std::vector<std::vector<Index>> orders(tasks);
  for (std::size_t t = 0; t < prices.size(); ++t)
    orders[t] = construction_.regret_order(&prices[t], pool_, timed_ ? &until : nullptr);
  const std::size_t base = states_.size();
  states_.resize(base + tasks);
  moves_.resize(base + tasks, 0);
  pool_.for_each(tasks, [&](std::size_t t) {
    if (until.expired()) return;  // leaves states_[base + t] empty
    auto state = std::make_unique<AssignState>(model_);
    construction_.build(orders[t], &prices[t], *state, timed_ ? &until : nullptr);
    Rng rng = Rng::for_task(options_.seed, round * AssignSolver::kPortfolio + t);
    LocalSearch ls(model_, dual_.order_floor());
    moves_[base + t] = ls.run(*state, rng, until, kMaxRounds);
    states_[base + t] = std::move(state);
  });
  for (std::size_t t = base; t < states_.size(); ++t)
    if (states_[t]) upper_ = std::min(upper_, states_[t]->recompute_total());
}

void PortfolioSchedule::polish(const Deadline& until) {
  std::vector<std::size_t> best_states;
  for (std::size_t t = 0; t < states_.size(); ++t)
    if (states_[t]) best_states.push_back(t);
  std::stable_sort(best_states.begin(), best_states.end(), [&](std::size_t a, std::size_t b) {
    return states_[a]->total() < states_[b]->total();
  });
  best_states.resize(std::min(best_states.size(), static_cast<std::size_t>(std::max(1, pool_.size()))));
  pool_.for_each(best_states.size(), [&](std::size_t i) {  // each task its own state
    const std::size_t t = best_states[i];
    Rng rng = Rng::for_task(options_.seed, kPolishStream + t);
    LocalSearch ls(model_, dual_.order_floor());
    moves_[t] += ls.run(*states_[t], rng, until, kPolishRounds);
  });
  for (std::size_t t : best_states) upper_ = std::min(upper_, states_[t]->recompute_total());
}

void PortfolioSchedule::run() {
  clear_and_greedy();
  const std::int64_t iterations =
      options_.max_iterations >= 0 ? options_.max_iterations : default_iterations(model_.n_orders());
  dual_.set_patience(static_cast<int>(std::clamp<std::int64_t>(iterations / 10, 2, 20)));
  const std::int64_t first = std::min<std::int64_t>(iterations, std::max<std::int64_t>(10, iterations / 4));
  const double round_start = deadline_.elapsed();
  greedy_time_ = std::max(1e-3, deadline_.elapsed());
  if (timed_ && !room(kPortfolioRoom)) {
    // no time for a portfolio round: local search improves the greedy until the deadline
    Rng rng = Rng::for_task(options_.seed, 0);
    LocalSearch ls(model_, dual_.order_floor());
    plain_moves_ = ls.run(plain_, rng, deadline_, kMaxRounds);
    return;
  }
  if (room(1.0)) run_dual(first, deadline_.share(0.15));
  if (room(1.5)) run_portfolio(deadline_.share(0.5), 0);
  if (timed_) polish(deadline_);
  if (iterations > first && room(1.0)) {
    // the portfolio's cost is a far better target for the Polyak steps than the greedy's
    dual_.restart_steps();
    run_dual(iterations - first, deadline_.share(0.3));
    if (room(1.5)) run_portfolio(deadline_, 1);
  }
  if (!timed_) return;
  // with a wall-clock limit, spend what is left on further dual + portfolio rounds
  double round_time = 0.5 * (deadline_.elapsed() - round_start);  // one round
  for (std::uint64_t round = 2; round < 64; ++round) {
    const double started = deadline_.elapsed();
    if (deadline_.remaining() < 1.2 * std::max(round_time, 1e-3) || !room(1.5)) break;
    dual_.restart_steps();
    run_dual(std::max<std::int64_t>(10, iterations / 4), deadline_);
    run_portfolio(deadline_, round);
    round_time = deadline_.elapsed() - started;
  }
}

const AssignState& PortfolioSchedule::best(std::int32_t& task) {
  // tasks skipped for lack of time have no state; with none at all the greedy stands
  std::size_t best = states_.size();
  std::vector<double> totals;
  for (const auto& st : states_) totals.push_back(st ? st->recompute_total() : kInfinity);
  for (std::size_t t = 0; t < states_.size(); ++t)
    if (states_[t] && (best == states_.size() || totals[t] < totals[best] - 1e-9)) best = t;
  const AssignState* chosen = best < states_.size() ? states_[best].get() : &plain_;
  if (best == states_.size() || plain_.recompute_total() < totals[best] - 1e-9) {
    chosen = &plain_;  // never worse than the price-free greedy
    best = states_.size();
  }
  task = static_cast<std::int32_t>(best);
  return *chosen;
}

std::int64_t PortfolioSchedule::moves() const {
  std::int64_t total = plain_moves_;
  for (auto m : moves_) total += m;
  return total;
}

/// The statistics every schedule reports.
void finish(AssignResult& result, const Lagrangian& dual, const Deadline& deadline, std::int64_t moves,
            std::int32_t best_task) {
  result.moves = moves;
  result.best_task = best_task;
  result.lower_bound = std::min(dual.best_bound(), result.cost);
  result.dual_iterations = dual.iterations();
  result.runtime = deadline.elapsed();
  result.interrupted = deadline.interrupted();
}

}  // namespace

AssignResult AssignSolver::solve(AssignInput input, const AssignOptions& options) {
  const Deadline clock(options.time_limit, options.interrupt);
  ThreadPool pool(options.threads);
  AssignModel model(std::move(input), pool);
  // small batches list every resource's users (subgradient steps mark them); large
  // ones find waiting orders through their own chains
  if (model.n_orders() <= kLargeBatch) model.build_users(pool);
  // the search stops early enough for the results to be written within the limit
  const Deadline deadline =
      clock.reserve(std::min(kResultReserve + kResultPerOrder * model.n_orders(), 0.25 * options.time_limit));
  const bool timed = options.time_limit < kInfinity;
  Lagrangian dual(model, pool);
  const Deadline first_bound = deadline.share(0.4);
  dual.evaluate(timed ? &first_bound : nullptr);  // at zero prices: the first bound and the greedy's regret keys
  const Construction construction(model);
  AssignResult result;
  if (model.n_orders() > kLargeBatch) {
    std::int64_t moves = 0;
    const auto state =
        solve_large(model, dual, construction, dual.first_regret_order(), deadline, options.seed, timed, moves);
    fill_result(model, *state, result);
    finish(result, dual, deadline, moves, 1);  // the priced task: the only one on large batches
    return result;
  }
  PortfolioSchedule schedule(model, pool, dual, construction, deadline, options, dual.first_regret_order());
  schedule.run();
  std::int32_t best_task = 0;
  const AssignState& chosen = schedule.best(best_task);
  fill_result(model, chosen, result);
  finish(result, dual, deadline, schedule.moves(), best_task);
  return result;
}

}  // namespace lastleg::assign
