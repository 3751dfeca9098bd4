#pragma once
/// Portable pseudo-random generator (xoshiro256**, seeded by splitmix64).
///
/// Every draw is defined here bit for bit, including integer ranges and
/// shuffles, so a seed gives the same sequence on every compiler and platform
/// (std::uniform_int_distribution and std::shuffle do not guarantee that).
#include <cstdint>
#include <span>
#include <utility>

namespace lastleg {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);

  /// Independent stream for task `task_id` of a solve seeded with `seed`.
  static Rng for_task(std::uint64_t seed, std::uint64_t task_id);

  std::uint64_t next();
  /// Uniform integer in [0, bound); bound must be > 0. Unbiased (rejection).
  std::uint64_t below(std::uint64_t bound);
  /// Uniform integer in [lo, hi] (inclusive).
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform();

  template <class T>
  void shuffle(std::span<T> items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t state_[4];
};

}  // namespace lastleg
