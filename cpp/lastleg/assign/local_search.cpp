#include "lastleg/assign/local_search.h"

#include <algorithm>

namespace lastleg::assign {
namespace {
constexpr double kEps = 1e-7;
constexpr std::size_t kVictimsPerResource = 6;
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
      if ((i & 63) == 0 && deadline.expired()) return moves + improved;
      const Index o = todo[i];
      if (state.plan(o).cost > floor_[static_cast<std::size_t>(o)] + kEps && eject(state, o, rng))
        ++improved;
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

bool LocalSearch::eject(AssignState& state, Index o, Rng& rng) {
  // the resources the order's ideal plan needs but cannot get now
  const Plan old = state.plan(o);
  state.remove(o);
  oracle_.relaxed(o, nullptr, plan_);
  const Residual& res = state.residual();
  const Index cb = m_.cand_begin(o);
  const Index ns = m_.n_slots();
  blocking_.clear();
  Index last_k = -1;
  for (const Part& p : plan_.parts) {
    const Index node = m_.cand_node(cb + p.k);
    const Index slot = m_.line_slot(o, p.li, p.k);
    if (p.k != last_k) {
      last_k = p.k;
      if (res.orders[static_cast<std::size_t>(node)] < 1) blocking_.push_back(ns + node);
    }
    if (res.units[static_cast<std::size_t>(node)] < p.qty) blocking_.push_back(ns + node);
    if (res.stock[static_cast<std::size_t>(slot)] < p.qty) blocking_.push_back(slot);
  }
  state.apply(o, old);
  std::sort(blocking_.begin(), blocking_.end());
  blocking_.erase(std::unique(blocking_.begin(), blocking_.end()), blocking_.end());
  for (Index r : blocking_) {
    auto& holders = state.holders(r);
    std::sort(holders.begin(), holders.end());
    holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
    std::erase_if(holders, [&](Index h) { return !state.uses(h, r); });
    victims_.clear();
    for (Index h : holders)
      if (h != o) victims_.push_back(h);
    if (victims_.size() > kVictimsPerResource) {
      // a deterministic sample
      for (std::size_t i = 0; i < kVictimsPerResource; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng.below(victims_.size() - i));
        std::swap(victims_[i], victims_[j]);
      }
      victims_.resize(kVictimsPerResource);
    }
    for (Index v : victims_)
      if (try_pair(state, o, v)) return true;
  }
  return false;
}

bool LocalSearch::try_pair(AssignState& state, Index o, Index v) {
  const Plan old_o = state.plan(o), old_v = state.plan(v);
  const double before = old_o.cost + old_v.cost;
  state.remove(v);
  state.remove(o);
  oracle_.feasible(o, nullptr, state.residual(), plan_);
  state.apply(o, plan_);
  oracle_.feasible(v, nullptr, state.residual(), plan2_);
  state.apply(v, plan2_);
  if (state.plan(o).cost + state.plan(v).cost < before - kEps) return true;
  state.remove(v);
  state.remove(o);
  state.apply(o, old_o);
  state.apply(v, old_v);
  return false;
}

}  // namespace lastleg::assign
