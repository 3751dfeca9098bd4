#pragma once
/// Granular local search: for each queued stop u and each of its nearest
/// neighbours v, the operators (relocate, swap, or-opt, 2-opt*, intra 2-opt)
/// try moves that make u and v adjacent; the first improving feasible move is
/// applied and the stops of the changed routes are queued again. When the
/// queue runs dry, SWAP* is tried between each route changed since the last
/// such sweep and the routes holding its stops' neighbours; any move it
/// applies queues its stops and the descent goes on.
///
/// Every move is evaluated by concatenation: the kept prefix of a route (its
/// cached schedule), a short explicit middle, and a kept suffix of some route
/// (its cached latest arrival, distance, load and end-time function), so the
/// cost is O(middle), never a re-simulation of whole routes.
#include <vector>

#include "lastleg/geo/neighbours.h"
#include "lastleg/route/operators/swap_star.h"
#include "lastleg/route/search_context.h"

namespace lastleg::route {

class LocalSearch {
 public:
  LocalSearch(const Model& m, const geo::NeighbourLists& nb);

  /// Improves `sol` starting from the stops in `seeds`; routes it changes are journaled.
  /// With `with_swap_star`, SWAP* sweeps run whenever the node moves stall.
  void run(SearchContext& ctx, Solution& sol, const std::vector<Index>& seeds, bool with_swap_star);
  /// SWAP* from the given routes (and their neighbouring routes), then the
  /// node moves on what it changed, until neither improves.
  void polish(SearchContext& ctx, Solution& sol, const std::vector<Index>& routes);

  /// Cost of the route of vehicle `base` made of its positions 0..prefix_end,
  /// then `mid`, then positions tail_from.. of `tail` (nullptr: no tail).
  /// +inf when a hard constraint breaks.
  [[nodiscard]] double eval(const Route& base, Index prefix_end, const Index* mid, int n_mid,
                            const Route* tail, Index tail_from) const;

  // Operators (one per file in operators/); each returns true when it applied a move.
  bool relocate(SearchContext& ctx, Solution& sol, Index u, Index v);
  bool swap(SearchContext& ctx, Solution& sol, Index u, Index v);
  bool or_opt(SearchContext& ctx, Solution& sol, Index u, Index v);
  bool two_opt_star(SearchContext& ctx, Solution& sol, Index u, Index v);
  bool two_opt(SearchContext& ctx, Solution& sol, Index u, Index v);
  // Route-pair operator (operators/swap_star).
  SwapStar swap_star;

  /// Replaces routes (journaled) and queues their stops.
  void apply(SearchContext& ctx, Solution& sol, Index r, const std::vector<Index>& seq);
  /// Intra-route move: evaluates `seq` (a permutation of route r differing only in [lo, hi]).
  bool try_intra(SearchContext& ctx, Solution& sol, Index r, std::vector<Index>& seq, Index lo, Index hi);

  std::vector<Index> buf_a, buf_b, mid;  ///< scratch

  /// Location before position pos of r (its start depot for pos 0).
  [[nodiscard]] Index loc_before(const Route& r, Index pos) const {
    return pos == 0 ? m_.type(r.type).start_depot : m_.loc(r.stops[static_cast<std::size_t>(pos) - 1]);
  }
  /// Location after position pos of r (its end depot past the end; -1 for an open end).
  [[nodiscard]] Index loc_after(const Route& r, Index pos) const {
    return pos + 1 < r.size() ? m_.loc(r.stops[static_cast<std::size_t>(pos) + 1]) : m_.type(r.type).end_depot;
  }
  [[nodiscard]] double d(Index a, Index b) const { return a < 0 || b < 0 ? 0.0 : m_.dist(a, b); }
  /// True when the cost of routes a and b is fixed + per-distance only, so a
  /// move's distance change prices it exactly (feasibility is checked after).
  [[nodiscard]] bool distance_priced(const Route& a, const Route& b) const {
    return m_.type(a.type).cost_per_time == 0.0 && m_.type(b.type).cost_per_time == 0.0;
  }
  [[nodiscard]] double cpd(const Route& r) const { return m_.type(r.type).cost_per_distance; }
  [[nodiscard]] double fixed(const Route& r) const { return m_.type(r.type).fixed_cost; }

 private:
  void push(Index s);
  void descend(SearchContext& ctx, Solution& sol, bool with_swap_star);
  void mark(Index r);
  /// SWAP* from each route changed since the last sweep; true when a move was
  /// applied. Counts applied moves into `moves`.
  bool swap_star_sweep(SearchContext& ctx, Solution& sol, Count& moves, Count max_moves);
  [[nodiscard]] bool tail_compatible(const Route& base, const Route& tail) const;

  const Model& m_;
  const geo::NeighbourLists& nb_;
  std::vector<Index> queue_;
  std::size_t head_ = 0;
  std::vector<char> queued_;
  std::vector<Index> dirty_, sweep_;  ///< routes changed since the last SWAP* sweep
  std::vector<char> dirty_flag_;
};

inline constexpr double kImprove = 1e-7;

}  // namespace lastleg::route
