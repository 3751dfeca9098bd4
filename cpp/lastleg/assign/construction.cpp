#include "lastleg/assign/construction.h"

#include <algorithm>
#include <numeric>

#include "lastleg/assign/order_oracle.h"

namespace lastleg::assign {
namespace {
constexpr std::size_t kChunk = 512;
}

std::vector<Index> Construction::regret_order(const Prices* prices, ThreadPool& pool,
                                              const Deadline* until) const {
  const auto no = static_cast<std::size_t>(m_.n_orders());
  std::vector<double> key(no, 0.0);
  pool.for_each((no + kChunk - 1) / kChunk, [&](std::size_t c) {
    if (until && until->expired()) return;
    OrderOracle oracle(m_);
    oracle.set_track_second(true);
    Plan plan;
    for (std::size_t o = c * kChunk; o < std::min(no, (c + 1) * kChunk); ++o) {
      const double best = oracle.relaxed(static_cast<Index>(o), prices, plan);
      const double second = std::min(oracle.second(), 1e300);
      const double weight = 1.0 + static_cast<double>(m_.input().order_priority[o]);
      key[o] = plan.parts.empty() ? -1.0 : (second - best) * weight;
    }
  });
  std::vector<Index> seq(no);
  std::iota(seq.begin(), seq.end(), 0);
  std::stable_sort(seq.begin(), seq.end(), [&](Index a, Index b) {
    return key[static_cast<std::size_t>(a)] > key[static_cast<std::size_t>(b)];
  });
  return seq;
}

bool Construction::build(const std::vector<Index>& sequence, const Prices* prices,
                         AssignState& state, const Deadline* until,
                         const std::vector<Plan>* relaxed) const {
  OrderOracle oracle(m_);
  Plan plan;
  bool hurried = false;
  std::size_t i = 0;
  for (Index o : sequence) {
    if (until && !hurried && (i++ & 63) == 0 && until->expired()) {
      hurried = true;
      oracle.set_hurried(true);
    }
    const Plan* chosen = &plan;
    if (relaxed && state.fits(o, (*relaxed)[static_cast<std::size_t>(o)]))
      chosen = &(*relaxed)[static_cast<std::size_t>(o)];
    else
      oracle.feasible(o, prices, state.residual(), plan);
    // shadow prices chose the plan; keep it only if serving beats leaving it unserved
    if (prices && !chosen->parts.empty() && chosen->cost > m_.unserved_cost(o)) continue;
    state.apply(o, *chosen);
  }
  return !hurried;
}

}  // namespace lastleg::assign
