#pragma once
/// Small value types shared by the assignment search: shadow prices, the
/// resources left, and one order's plan (its parcels and line parts).
#include <cstdint>
#include <vector>

#include "lastleg/common/types.h"

namespace lastleg::assign {

/// Lagrange multipliers (>= 0) on stock slots and on node order/unit capacity.
struct Prices {
  std::vector<double> slot, orders, units;
};

/// What is left of each resource while a solution is being built.
struct Residual {
  std::vector<std::int64_t> stock, orders, units;
};

/// `qty` units of the order's local line `li` shipped from its local candidate `k`.
struct Part {
  Index li = 0;
  Index k = 0;
  std::int64_t qty = 0;
};

/// One order's decision. No parts = unserved.
struct Plan {
  std::vector<Part> parts;  ///< sorted by (k, li)
  double cost = 0.0;        ///< the order's exact §5 cost
  double priced = 0.0;      ///< cost plus shadow-price charges
  std::int32_t parcels = 0;
  std::int64_t shipped = 0;  ///< units shipped
};

}  // namespace lastleg::assign
