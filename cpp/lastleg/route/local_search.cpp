#include "lastleg/route/local_search.h"

#include <algorithm>

namespace lastleg::route {

static_assert(NodeOperator<Relocate> && NodeOperator<Swap> && NodeOperator<TwoOptStar> && NodeOperator<OrOpt> &&
              NodeOperator<TwoOpt>);
static_assert(RouteOperator<SwapStar>);

LocalSearch::LocalSearch(const Model& m, const geo::NeighbourLists& nb)
    : m_(m),
      nb_(nb),
      evaluator_(m),
      node_ops_(evaluator_, evaluator_, evaluator_, evaluator_, evaluator_),
      swap_star_(evaluator_),
      queued_(static_cast<std::size_t>(m.n_stops()), 0) {}

void LocalSearch::push(Index s) {
  auto& q = queued_[static_cast<std::size_t>(s)];
  if (q) return;
  q = 1;
  queue_.push_back(s);
}

void LocalSearch::mark(Index r) {
  if (r < 0) return;
  if (dirty_flag_.size() <= static_cast<std::size_t>(r)) dirty_flag_.resize(static_cast<std::size_t>(r) + 1, 0);
  auto& f = dirty_flag_[static_cast<std::size_t>(r)];
  if (f) return;
  f = 1;
  dirty_.push_back(r);
}

template <class Op>
void LocalSearch::commit(const Op& op, SearchContext& ctx, Solution& sol) {
  op.apply(sol, rewrite_);
  replace(ctx, sol, rewrite_.ra, rewrite_.a);
  if (rewrite_.rb >= 0) replace(ctx, sol, rewrite_.rb, rewrite_.b);
}

bool LocalSearch::improve(SearchContext& ctx, Solution& sol, Index u, Index v) {
  // Left to right, up to the first operator that finds a move.
  return std::apply(
      [&](auto&... op) {
        return ((op.evaluate(sol, u, v) < 0.0 ? (commit(op, ctx, sol), true) : false) || ...);
      },
      node_ops_);
}

void LocalSearch::replace(SearchContext& ctx, Solution& sol, Index r, const std::vector<Index>& seq) {
  ctx.journal.touch(sol, r);
  mark(r);
  // Queue the stops whose surroundings changed: the differing stretch and one stop either side.
  const std::vector<Index>& old = sol.routes[static_cast<std::size_t>(r)].stops;
  std::size_t lo = 0;
  while (lo < old.size() && lo < seq.size() && old[lo] == seq[lo]) ++lo;
  std::size_t hi_old = old.size(), hi_new = seq.size();
  while (hi_old > lo && hi_new > lo && old[hi_old - 1] == seq[hi_new - 1]) {
    --hi_old;
    --hi_new;
  }
  const std::size_t from = lo > 0 ? lo - 1 : 0, to = std::min(seq.size(), hi_new + 1);
  for (std::size_t i = from; i < to; ++i) push(seq[i]);
  sol.set_stops(m_, r, seq);
}

bool LocalSearch::swap_star_sweep(SearchContext& ctx, Solution& sol, Count& moves, Count max_moves) {
  sweep_.swap(dirty_);
  dirty_.clear();
  for (Index r : sweep_) dirty_flag_[static_cast<std::size_t>(r)] = 0;
  bool any = false;
  for (Index r : sweep_) {
    if (moves >= max_moves || ctx.out_of_time()) break;
    if (swap_star_.evaluate(ctx, sol, r) < 0.0) {
      commit(swap_star_, ctx, sol);
      any = true;  // r is dirty again: the next sweep revisits it
      ++moves;
    }
  }
  return any;
}

void LocalSearch::run(SearchContext& ctx, Solution& sol, const std::vector<Index>& seeds, bool with_swap_star) {
  for (Index s : seeds) {
    push(s);
    mark(sol.route_of[static_cast<std::size_t>(s)]);
  }
  descend(ctx, sol, with_swap_star);
}

void LocalSearch::polish(SearchContext& ctx, Solution& sol, const std::vector<Index>& routes) {
  for (Index r : routes) mark(r);
  descend(ctx, sol, true);
}

void LocalSearch::descend(SearchContext& ctx, Solution& sol, bool with_swap_star) {
  const int k = std::min(nb_.k, ctx.p.ls_neighbours);
  Count moves = 0;
  const Count max_moves = 50LL * m_.n_stops() + 1000;
  for (;;) {
    while (head_ < queue_.size() && moves < max_moves) {
      if ((head_ & 255) == 255 && ctx.out_of_time()) break;
      const Index u = queue_[head_++];
      queued_[static_cast<std::size_t>(u)] = 0;
      if (sol.route_of[static_cast<std::size_t>(u)] < 0) continue;
      for (int r = 0; r < k; ++r) {
        const Index v = ctx.neighbour(u, r);
        if (v < 0) break;
        if (sol.route_of[static_cast<std::size_t>(v)] < 0) continue;
        if (improve(ctx, sol, u, v)) {
          ++moves;
          push(u);
          break;
        }
      }
    }
    if (head_ < queue_.size() || !with_swap_star || ctx.out_of_time()) break;
    if (!swap_star_sweep(ctx, sol, moves, max_moves)) break;
  }
  for (std::size_t i = head_; i < queue_.size(); ++i) queued_[static_cast<std::size_t>(queue_[i])] = 0;
  queue_.clear();
  head_ = 0;
  for (Index r : dirty_) dirty_flag_[static_cast<std::size_t>(r)] = 0;
  dirty_.clear();
}

}  // namespace lastleg::route
