#pragma once
/// The cost of a road path: duration first, length to break ties, both exact integers
/// (milliseconds, millimetres), so sums never depend on the order they are added in.
#include <cstdint>
#include <limits>

namespace lastleg::roads {

struct Cost {
  std::int64_t dur = 0;  ///< milliseconds
  std::int64_t len = 0;  ///< millimetres

  friend bool operator<(const Cost& a, const Cost& b) {
    return a.dur < b.dur || (a.dur == b.dur && a.len < b.len);
  }
  friend bool operator<=(const Cost& a, const Cost& b) { return !(b < a); }
  friend bool operator==(const Cost& a, const Cost& b) = default;
  friend Cost operator+(const Cost& a, const Cost& b) { return {a.dur + b.dur, a.len + b.len}; }
};

/// No path: larger than any sum of two real costs.
inline constexpr Cost kNoPath{std::numeric_limits<std::int64_t>::max() / 4,
                              std::numeric_limits<std::int64_t>::max() / 4};

[[nodiscard]] inline bool reachable(const Cost& c) { return c.dur < kNoPath.dur; }

}  // namespace lastleg::roads
