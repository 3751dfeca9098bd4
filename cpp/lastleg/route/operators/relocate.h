#pragma once
/// Relocate: move stop u next to its neighbour v (after or before it), between
/// routes or inside one route.
#include <vector>

#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/operator.h"

namespace lastleg::route {

class Relocate {
 public:
  explicit Relocate(const Evaluator& ev) : ev_(ev) {}

  /// Between routes: u after or before v, whichever is cheaper. Inside one
  /// route: u right after v, then right before v; the first that improves.
  /// (Emptying u's route saves its fixed cost in the distance pre-check, not
  /// the start-to-end depot distance: the same depot or an open end is exact.)
  double evaluate(const Solution& sol, Index u, Index v);
  void apply(const Solution& sol, RouteRewrite& out) const;

 private:
  double evaluate_between(const StopPair& p, Index u, Index v);
  double evaluate_within(const StopPair& p, Index u);

  const Evaluator& ev_;
  Index ra_ = -1, rb_ = -1;  ///< rb_ == ra_: inside one route
  Index pu_ = -1;            ///< position of u in route ra_
  Index at_ = -1;            ///< where u goes: before this position of rb_ (inside: of ra_ without u)
  std::vector<Index> mid_;
};

}  // namespace lastleg::route
