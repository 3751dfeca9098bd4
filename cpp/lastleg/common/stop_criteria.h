#pragma once
/// Stop criteria for any search: wall time, iterations, iterations without
/// improvement, and an external interrupt flag (Ctrl-C from the bindings).
#include <atomic>
#include <chrono>
#include <cstdint>

#include "lastleg/common/types.h"

namespace lastleg {

struct StopCriteria {
  double time_limit_s = kInfinity;       ///< wall seconds from the start of the solve
  Count max_iterations = -1;             ///< < 0: unlimited
  Count max_no_improvement = -1;         ///< < 0: unlimited

  /// True when only iteration counts can stop the search, so results are reproducible.
  [[nodiscard]] bool deterministic() const { return !(time_limit_s < kInfinity); }
};

/// Wall clock started when a solve begins; shared by every task of the solve.
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Deadline(double seconds, const std::atomic<bool>* interrupt = nullptr);

  [[nodiscard]] double elapsed() const;
  [[nodiscard]] double remaining() const;  ///< may be infinite
  [[nodiscard]] bool expired() const;      ///< time is up or an interrupt was raised
  [[nodiscard]] bool interrupted() const;
  /// A sub-deadline that ends after `fraction` of what is left (never later than this one).
  [[nodiscard]] Deadline share(double fraction) const;
  /// A sub-deadline that ends `seconds` before this one (time kept for work after it).
  [[nodiscard]] Deadline reserve(double seconds) const;

 private:
  Clock::time_point start_;
  double seconds_;
  const std::atomic<bool>* interrupt_;
};

/// Tracks one search's progress against StopCriteria and a Deadline.
class StopMonitor {
 public:
  StopMonitor(const StopCriteria& criteria, const Deadline& deadline)
      : criteria_(criteria), deadline_(deadline) {}

  /// Call once per iteration; `improved` says whether the best solution got better.
  void record(bool improved) {
    ++iterations_;
    since_improvement_ = improved ? 0 : since_improvement_ + 1;
  }
  [[nodiscard]] bool should_stop() const;
  [[nodiscard]] Count iterations() const { return iterations_; }
  [[nodiscard]] Count since_improvement() const { return since_improvement_; }
  [[nodiscard]] const Deadline& deadline() const { return deadline_; }

 private:
  StopCriteria criteria_;
  Deadline deadline_;
  Count iterations_ = 0;
  Count since_improvement_ = 0;
};

}  // namespace lastleg
