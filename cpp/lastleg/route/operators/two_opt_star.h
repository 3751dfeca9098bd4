#pragma once
/// 2-opt*: exchange the tails of two routes so that u is followed by v (or v by u).
#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/operator.h"

namespace lastleg::route {

class TwoOptStar {
 public:
  explicit TwoOptStar(const Evaluator& ev) : ev_(ev) {}

  /// u -> v first, then v -> u; the first that improves.
  ///
  /// The distance pre-check does not see the fixed cost saved when a move
  /// empties a route (one route's stops all appended to the other's): with a
  /// fixed cost it may pass over such a merge.
  double evaluate(const Solution& sol, Index u, Index v);
  void apply(const Solution& sol, RouteRewrite& out) const;

 private:
  const Evaluator& ev_;
  Index ra_ = -1, rb_ = -1;
  /// The new routes: ra_[..cut_a_] + rb_[cut_b_..] and rb_[..cut_b_ - 1] + ra_[cut_a_ + 1..].
  Index cut_a_ = -1, cut_b_ = -1;
};

}  // namespace lastleg::route
