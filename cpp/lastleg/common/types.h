#pragma once
/// Basic scalar types shared by every engine area.
#include <cstdint>
#include <limits>

namespace lastleg {

using Index = std::int32_t;   ///< index of a stop, node, order, vehicle...
using Count = std::int64_t;   ///< counters: iterations, units
using Cost = double;          ///< costs; integral conventions are kept by the metric itself

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace lastleg
