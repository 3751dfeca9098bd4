#include "lastleg/common/stop_criteria.h"

#include <algorithm>

namespace lastleg {

Deadline::Deadline(double seconds, const std::atomic<bool>* interrupt)
    : start_(Clock::now()), seconds_(seconds), interrupt_(interrupt) {}

double Deadline::elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

double Deadline::remaining() const {
  if (!(seconds_ < kInfinity)) return kInfinity;
  return std::max(0.0, seconds_ - elapsed());
}

bool Deadline::interrupted() const {
  return interrupt_ != nullptr && interrupt_->load(std::memory_order_relaxed);
}

bool Deadline::expired() const {
  if (interrupted()) return true;
  return seconds_ < kInfinity && elapsed() >= seconds_;
}

Deadline Deadline::share(double fraction) const {
  Deadline sub(*this);
  if (seconds_ < kInfinity) {
    sub.seconds_ = elapsed() + remaining() * std::clamp(fraction, 0.0, 1.0);
  }
  return sub;
}

Deadline Deadline::reserve(double seconds) const {
  Deadline sub(*this);
  if (seconds_ < kInfinity) sub.seconds_ = std::max(0.0, seconds_ - std::max(0.0, seconds));
  return sub;
}

bool StopMonitor::should_stop() const {
  if (criteria_.max_iterations >= 0 && iterations_ >= criteria_.max_iterations) return true;
  if (criteria_.max_no_improvement >= 0 && since_improvement_ >= criteria_.max_no_improvement)
    return true;
  return deadline_.expired();
}

}  // namespace lastleg
