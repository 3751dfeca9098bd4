#pragma once
/// Or-opt: move the segment of 2 or 3 stops starting at u (kept or reversed)
/// next to v in another route.
#include <vector>

#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/operator.h"

namespace lastleg::route {

class OrOpt {
 public:
  explicit OrOpt(const Evaluator& ev) : ev_(ev) {}

  /// Segments of 2, then 3 stops; each kept, then reversed; after or before v,
  /// whichever is cheaper. The first that improves.
  ///
  /// The distance pre-check leaves out the segment's own edges, so it may pass
  /// over a move that saves on them: from a route dearer per distance to a
  /// cheaper one, or a reversal with asymmetric distances. Emptying u's route
  /// saves its fixed cost in the pre-check, not the start-to-end depot distance.
  double evaluate(const Solution& sol, Index u, Index v);
  void apply(const Solution& sol, RouteRewrite& out) const;

 private:
  const Evaluator& ev_;
  Index ra_ = -1, rb_ = -1;
  Index pu_ = -1, len_ = 0;  ///< the segment: positions pu_ .. pu_ + len_ - 1 of ra_
  bool reversed_ = false;
  Index at_ = -1;  ///< the segment goes before this position of rb_
  std::vector<Index> mid_;
};

}  // namespace lastleg::route
