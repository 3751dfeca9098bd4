#include "lastleg/assign/local_search.h"

#include <algorithm>

namespace lastleg::assign {
namespace {
constexpr double kEps = 1e-7;
}

std::int64_t LocalSearch::run(AssignState& state, Rng& rng, const Deadline& deadline,
                              int max_rounds) {
  std::int64_t moves = 0;
  std::vector<Index> todo;
  for (int round = 0; round < max_rounds; ++round) {
    todo.clear();
    for (Index o = 0; o < m_.n_orders(); ++o)
      if (state.plan(o).cost > floor_[static_cast<std::size_t>(o)] + kEps) todo.push_back(o);
    rng.shuffle(std::span<Index>(todo));
    std::int64_t improved = 0;
    for (std::size_t i = 0; i < todo.size(); ++i) {
      if ((i & 255) == 0 && deadline.expired()) return moves + improved;
      if (reinsert(state, todo[i])) ++improved;
    }
    for (std::size_t i = 0; i < todo.size(); ++i) {
      if ((i & 15) == 0 && deadline.expired()) return moves + improved;
      const Index o = todo[i];
      if (state.plan(o).cost <= floor_[static_cast<std::size_t>(o)] + kEps) continue;
      const double before = state.total();
      journal_.clear();
      set_plan(state, o, unserved_);
      if (chain(state, o, kChainDepth, before - kEps, rng)) {
        ++improved;
      } else {
        rollback(state, 0);
      }
    }
    tight(state, tight_);
    rng.shuffle(std::span<Index>(tight_));
    for (std::size_t i = 0; i < tight_.size(); ++i) {
      if ((i & 15) == 0 && deadline.expired()) return moves + improved;
      if (repack(state, tight_[i], rng)) ++improved;
    }
    moves += improved;
    if (improved == 0) break;
  }
  return moves;
}

bool LocalSearch::reinsert(AssignState& state, Index o) {
  const Plan old = state.plan(o);
  state.remove(o);
  oracle_.feasible(o, nullptr, state.residual(), plan_);
  if (plan_.cost < old.cost - kEps) {
    state.apply(o, plan_);
    return true;
  }
  state.apply(o, old);
  return false;
}

void LocalSearch::set_plan(AssignState& state, Index o, const Plan& plan) {
  journal_.push_back({o, state.plan(o)});
  state.remove(o);
  state.apply(o, plan);
}

void LocalSearch::rollback(AssignState& state, std::size_t mark) {
  while (journal_.size() > mark) {
    Undo& u = journal_.back();
    state.remove(u.order);
    state.apply(u.order, std::move(u.old));
    journal_.pop_back();
  }
}

void LocalSearch::blocking(const AssignState& state, Index o, std::vector<Index>& out) {
  out.clear();
  oracle_.relaxed(o, nullptr, plan_);
  const Residual& res = state.residual();
  const Index cb = m_.cand_begin(o);
  const Index ns = m_.n_slots();
  Index last_k = -1;
  for (const Part& p : plan_.parts) {
    const Index node = m_.cand_node(cb + p.k);
    const Index slot = m_.line_slot(o, p.li, p.k);
    if (p.k != last_k) {
      last_k = p.k;
      if (res.orders[static_cast<std::size_t>(node)] < 1) out.push_back(ns + node);
    }
    if (res.units[static_cast<std::size_t>(node)] < p.qty) out.push_back(ns + node);
    if (res.stock[static_cast<std::size_t>(slot)] < p.qty) out.push_back(slot);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

bool LocalSearch::chain(AssignState& state, Index o, int depth, double target, Rng& rng) {
  // plain re-insertion first
  const std::size_t mark = journal_.size();
  oracle_.feasible(o, nullptr, state.residual(), plan_);
  set_plan(state, o, plan_);
  if (state.total() < target) return true;
  rollback(state, mark);
  if (depth <= 0) return false;

  std::vector<Index> blocked, victims;
  blocking(state, o, blocked);
  for (Index r : blocked) {
    auto& holders = state.holders(r);
    std::sort(holders.begin(), holders.end());
    holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
    std::erase_if(holders, [&](Index h) { return !state.uses(h, r); });
    victims.clear();
    for (Index h : holders)
      if (h != o) victims.push_back(h);
    if (victims.size() > kVictims) {
      for (std::size_t i = 0; i < kVictims; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng.below(victims.size() - i));
        std::swap(victims[i], victims[j]);
      }
      victims.resize(kVictims);
    }
    for (Index v : victims) {
      const std::size_t vmark = journal_.size();
      set_plan(state, v, unserved_);
      oracle_.feasible(o, nullptr, state.residual(), plan_);
      if (!plan_.parts.empty()) {
        set_plan(state, o, plan_);
        // the victim finds a new place, possibly displacing another order
        if (chain(state, v, depth - 1, target, rng)) return true;
      }
      rollback(state, vmark);
    }
  }
  return false;
}

}  // namespace lastleg::assign

namespace lastleg::assign {

void LocalSearch::tight(const AssignState& state, std::vector<Index>& out) const {
  out.clear();
  const Residual& res = state.residual();
  for (Index s = 0; s < m_.n_slots(); ++s)
    if (res.stock[static_cast<std::size_t>(s)] <= 1 && m_.users(s).size() > 1)
      out.push_back(s);
  const Index ns = m_.n_slots();
  for (Index n = 0; n < m_.n_nodes(); ++n)
    if (res.orders[static_cast<std::size_t>(n)] <= 1 || res.units[static_cast<std::size_t>(n)] <= 2)
      out.push_back(ns + n);
}

bool LocalSearch::repack(AssignState& state, Index r, Rng& rng) {
  auto& holders = state.holders(r);
  std::sort(holders.begin(), holders.end());
  holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
  std::erase_if(holders, [&](Index h) { return !state.uses(h, r); });
  if (holders.empty()) return false;
  // waiting users: unserved or above their floor
  waiting_.clear();
  for (Index u : m_.users(r))
    if (state.plan(u).cost > floor_[static_cast<std::size_t>(u)] + kEps && !state.uses(u, r))
      waiting_.push_back(u);
  if (waiting_.empty()) return false;
  if (waiting_.size() > kWaiting) {
    for (std::size_t i = 0; i < kWaiting; ++i)
      std::swap(waiting_[i], waiting_[i + static_cast<std::size_t>(rng.below(waiting_.size() - i))]);
    waiting_.resize(kWaiting);
  }
  victims_ = holders;
  if (victims_.size() > kDestroy) {
    for (std::size_t i = 0; i < kDestroy; ++i)
      std::swap(victims_[i], victims_[i + static_cast<std::size_t>(rng.below(victims_.size() - i))]);
    victims_.resize(kDestroy);
  }
  const double before = state.total();
  journal_.clear();
  pool_.clear();
  for (Index v : victims_) {
    set_plan(state, v, unserved_);
    pool_.push_back(v);
  }
  for (Index w : waiting_) {
    if (!state.plan(w).parts.empty()) set_plan(state, w, unserved_);
    pool_.push_back(w);
  }
  // value per use of r: what serving saves over leaving unserved, per unit of r
  key_.resize(pool_.size());
  const Index ns = m_.n_slots();
  for (std::size_t i = 0; i < pool_.size(); ++i) {
    const Index o = pool_[i];
    oracle_.relaxed(o, nullptr, plan_);
    double use = 0.0;
    const Index cb = m_.cand_begin(o);
    Index last_k = -1;
    for (const Part& p : plan_.parts) {
      const Index node = m_.cand_node(cb + p.k);
      if (r < ns && m_.line_slot(o, p.li, p.k) == r) use += static_cast<double>(p.qty);
      if (r >= ns && node == r - ns) {
        use += p.k != last_k ? 1.0 : 0.0;
        last_k = p.k;
      }
    }
    const double value = m_.unserved_cost(o) - plan_.cost;
    key_[i] = value / std::max(use, 0.5) + 1e-9 * rng.uniform();
  }
  order_.resize(pool_.size());
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<Index>(i);
  std::sort(order_.begin(), order_.end(), [&](Index a, Index b) {
    return key_[static_cast<std::size_t>(a)] > key_[static_cast<std::size_t>(b)] ||
           (key_[static_cast<std::size_t>(a)] == key_[static_cast<std::size_t>(b)] && a < b);
  });
  for (Index i : order_) {
    const Index o = pool_[static_cast<std::size_t>(i)];
    oracle_.feasible(o, nullptr, state.residual(), plan_);
    if (!plan_.parts.empty()) set_plan(state, o, plan_);
  }
  if (state.total() < before - kEps) return true;
  rollback(state, 0);
  return false;
}

}  // namespace lastleg::assign
