#pragma once
/// Intra-route 2-opt: reverse the stretch between u and v so they become adjacent.
#include <vector>

#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/operator.h"

namespace lastleg::route {

class TwoOpt {
 public:
  explicit TwoOpt(const Evaluator& ev) : ev_(ev) {}

  double evaluate(const Solution& sol, Index u, Index v);
  void apply(const Solution& sol, RouteRewrite& out) const;

 private:
  const Evaluator& ev_;
  Index r_ = -1;
  Index lo_ = -1, hi_ = -1;  ///< positions lo_..hi_ of r_ are reversed
  std::vector<Index> mid_;
};

}  // namespace lastleg::route
