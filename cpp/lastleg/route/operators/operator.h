#pragma once
/// The interface of the local-search operators. An operator first *evaluates*:
/// it looks for the first improving feasible move of its neighbourhood and
/// returns that move's cost change (negative), or kNoMove; it keeps what it
/// needs to apply the move. Then, if the driver takes the move, it *applies*
/// it: it writes the new stop sequences of the routes the move changes into a
/// RouteRewrite, which the driver commits (journal, caches, queue). Evaluating
/// never changes the solution, so a move can be priced and dropped for free.
///
/// Node operators look at a stop u and one of its nearest neighbours v; route
/// operators at one route and the routes near it. The driver holds its
/// operators by value and calls them through these concepts: no virtual call
/// in the innermost loop.
#include <concepts>
#include <vector>

#include "lastleg/route/search_context.h"
#include "lastleg/route/solution.h"

namespace lastleg::route {

/// What evaluate() returns when it found no improving feasible move.
inline constexpr double kNoMove = kInfinity;

/// New stop sequences written by a move: route `ra`, and route `rb` when the
/// move changes two routes (-1 otherwise). The buffers keep their storage.
struct RouteRewrite {
  Index ra = -1, rb = -1;
  std::vector<Index> a, b;
};

/// Where the stops u and v of a node move stand.
struct StopPair {
  Index ra, rb;  ///< routes of u and v
  Index pu, pv;  ///< positions of u in ra and v in rb
  const Route& a;
  const Route& b;
};

inline StopPair stop_pair(const Solution& sol, Index u, Index v) {
  const Index ra = sol.route_of[static_cast<std::size_t>(u)], rb = sol.route_of[static_cast<std::size_t>(v)];
  return {ra, rb, sol.pos_of[static_cast<std::size_t>(u)], sol.pos_of[static_cast<std::size_t>(v)],
          sol.routes[static_cast<std::size_t>(ra)], sol.routes[static_cast<std::size_t>(rb)]};
}

/// Moves that make stop u adjacent to (or exchange it with) its neighbour v.
template <class Op>
concept NodeOperator = requires(Op& op, const Op& cop, const Solution& sol, Index u, Index v, RouteRewrite& out) {
  { op.evaluate(sol, u, v) } -> std::same_as<double>;
  { cop.apply(sol, out) } -> std::same_as<void>;
};

/// Moves between one route and the routes near it.
template <class Op>
concept RouteOperator =
    requires(Op& op, const Op& cop, SearchContext& ctx, const Solution& sol, Index r, RouteRewrite& out) {
      { op.evaluate(ctx, sol, r) } -> std::same_as<double>;
      { cop.apply(sol, out) } -> std::same_as<void>;
    };

}  // namespace lastleg::route
