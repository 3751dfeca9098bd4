#pragma once
/// Swap: exchange stop u with its neighbour v (between routes or inside one).
#include <vector>

#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/operator.h"

namespace lastleg::route {

class Swap {
 public:
  explicit Swap(const Evaluator& ev) : ev_(ev) {}

  double evaluate(const Solution& sol, Index u, Index v);
  void apply(const Solution& sol, RouteRewrite& out) const;

 private:
  double evaluate_between(const StopPair& p, Index u, Index v);
  double evaluate_within(const StopPair& p, Index u, Index v);

  const Evaluator& ev_;
  Index ra_ = -1, rb_ = -1;  ///< rb_ == ra_: inside one route
  Index pu_ = -1, pv_ = -1;  ///< positions of u in ra_ and v in rb_
  std::vector<Index> mid_;
};

}  // namespace lastleg::route
