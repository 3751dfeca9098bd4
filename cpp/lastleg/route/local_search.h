#pragma once
/// Granular local search: for each queued stop u and each of its nearest
/// neighbours v, the node operators (relocate, swap, 2-opt*, or-opt, intra
/// 2-opt, in that order) look for a move that makes u and v adjacent; the
/// first improving feasible one is applied and the stops of the changed
/// routes are queued again. When the queue runs dry, SWAP* is tried between
/// each route changed since the last such sweep and the routes holding its
/// stops' neighbours; any move it applies queues its stops and the descent
/// goes on. Operators price their moves with the concatenation Evaluator and
/// follow the evaluate / apply interface of operators/operator.h.
#include <tuple>
#include <vector>

#include "lastleg/geo/neighbours.h"
#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/operator.h"
#include "lastleg/route/operators/or_opt.h"
#include "lastleg/route/operators/relocate.h"
#include "lastleg/route/operators/swap.h"
#include "lastleg/route/operators/swap_star.h"
#include "lastleg/route/operators/two_opt.h"
#include "lastleg/route/operators/two_opt_star.h"
#include "lastleg/route/search_context.h"

namespace lastleg::route {

class LocalSearch {
 public:
  LocalSearch(const Model& m, const geo::NeighbourLists& nb);
  LocalSearch(const LocalSearch&) = delete;  // the operators hold references to evaluator_
  LocalSearch& operator=(const LocalSearch&) = delete;

  /// Improves `sol` starting from the stops in `seeds`; routes it changes are journaled.
  /// With `with_swap_star`, SWAP* sweeps run whenever the node moves stall.
  void run(SearchContext& ctx, Solution& sol, const std::vector<Index>& seeds, bool with_swap_star);
  /// SWAP* from the given routes (and their neighbouring routes), then the
  /// node moves on what it changed, until neither improves.
  void polish(SearchContext& ctx, Solution& sol, const std::vector<Index>& routes);

 private:
  /// Applies the first improving move of the node operators for (u, v); true if one was.
  bool improve(SearchContext& ctx, Solution& sol, Index u, Index v);
  /// SWAP* from each route changed since the last sweep; true when a move was
  /// applied. Counts applied moves into `moves`.
  bool swap_star_sweep(SearchContext& ctx, Solution& sol, Count& moves, Count max_moves);
  void descend(SearchContext& ctx, Solution& sol, bool with_swap_star);
  /// Writes the move an operator evaluated last into `sol`.
  template <class Op>
  void commit(const Op& op, SearchContext& ctx, Solution& sol);
  /// Replaces route r's stops (journaled) and queues the stops around the change.
  void replace(SearchContext& ctx, Solution& sol, Index r, const std::vector<Index>& seq);
  void push(Index s);
  void mark(Index r);

  const Model& m_;
  const geo::NeighbourLists& nb_;
  Evaluator evaluator_;
  /// The node operators, tried in this order for each (u, v).
  std::tuple<Relocate, Swap, TwoOptStar, OrOpt, TwoOpt> node_ops_;
  SwapStar swap_star_;
  RouteRewrite rewrite_;
  std::vector<Index> queue_;
  std::size_t head_ = 0;
  std::vector<char> queued_;
  std::vector<Index> dirty_, sweep_;  ///< routes changed since the last SWAP* sweep
  std::vector<char> dirty_flag_;
};

}  // namespace lastleg::route
