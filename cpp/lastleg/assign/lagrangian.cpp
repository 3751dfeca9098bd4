#include "lastleg/assign/lagrangian.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "lastleg/assign/order_oracle.h"

namespace lastleg::assign {
namespace {
constexpr std::size_t kChunk = 512;
}

Lagrangian::Lagrangian(const AssignModel& model, ThreadPool& pool) : m_(model), pool_(pool) {
  const auto ns = static_cast<std::size_t>(m_.n_slots());
  const auto nn = static_cast<std::size_t>(m_.n_nodes());
  const auto no = static_cast<std::size_t>(m_.n_orders());
  prices_.slot.assign(ns, 0.0);
  prices_.orders.assign(nn, 0.0);
  prices_.units.assign(nn, 0.0);
  best_prices_ = prices_;
  plans_.resize(no);
  sub_.assign(no, 0.0);
  floor_.assign(no, 0.0);
  dirty_.assign(no, 1);
  use_slot_.assign(ns, 0);
  use_orders_.assign(nn, 0);
  use_units_.assign(nn, 0);
}

void Lagrangian::usage_add(Index o, const Plan& plan, std::int64_t sign) {
  const Index cb = m_.cand_begin(o);
  Index last_k = -1;
  for (const Part& p : plan.parts) {
    const auto node = static_cast<std::size_t>(m_.cand_node(cb + p.k));
    if (p.k != last_k) {
      use_orders_[node] += sign;
      last_k = p.k;
    }
    use_units_[node] += sign * p.qty;
    use_slot_[static_cast<std::size_t>(m_.line_slot(o, p.li, p.k))] += sign * p.qty;
  }
}

std::vector<Index> Lagrangian::first_regret_order() const {
  std::vector<Index> seq(first_key_.size());
  std::iota(seq.begin(), seq.end(), 0);
  std::stable_sort(seq.begin(), seq.end(), [&](Index a, Index b) {
    return first_key_[static_cast<std::size_t>(a)] > first_key_[static_cast<std::size_t>(b)];
  });
  return seq;
}

double Lagrangian::evaluate(const Deadline* until) {
  std::vector<Index> todo;
  for (Index o = 0; o < m_.n_orders(); ++o)
    if (dirty_[static_cast<std::size_t>(o)]) todo.push_back(o);
  const std::size_t n_chunks = (todo.size() + kChunk - 1) / kChunk;
  std::vector<Plan> fresh(todo.size());
  const bool keyed = first_;
  if (keyed) first_key_.assign(static_cast<std::size_t>(m_.n_orders()), 0.0);
  pool_.for_each(n_chunks, [&](std::size_t c) {
    OrderOracle oracle(m_);
    for (std::size_t i = c * kChunk; i < std::min(todo.size(), (c + 1) * kChunk); ++i) {
      if (until && (i & 63) == 0 && until->expired()) oracle.set_hurried(true);
      const Index o = todo[i];
      const double best = oracle.relaxed(o, &prices_, fresh[i]);
      sub_[static_cast<std::size_t>(o)] = best;
      if (keyed) {
        const double second = std::min(oracle.second(), 1e300);
        const double weight = 1.0 + static_cast<double>(m_.input().order_priority[o]);
        first_key_[static_cast<std::size_t>(o)] = fresh[i].parts.empty() ? -1.0 : (second - best) * weight;
      }
    }
  });
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const Index o = todo[i];
    usage_add(o, plans_[static_cast<std::size_t>(o)], -1);
    usage_add(o, fresh[i], +1);
    plans_[static_cast<std::size_t>(o)] = std::move(fresh[i]);
    dirty_[static_cast<std::size_t>(o)] = 0;
  }
  if (first_) {
    floor_ = sub_;
    first_ = false;
  }
  double v = 0.0;
  for (double s : sub_) v += s;
  for (Index s = 0; s < m_.n_slots(); ++s)
    v -= prices_.slot[static_cast<std::size_t>(s)] * static_cast<double>(m_.slot_avail(s));
  for (Index n = 0; n < m_.n_nodes(); ++n) {
    const auto i = static_cast<std::size_t>(n);
    if (prices_.orders[i] > 0) v -= prices_.orders[i] * static_cast<double>(m_.cap_orders(n));
    if (prices_.units[i] > 0) v -= prices_.units[i] * static_cast<double>(m_.cap_units(n));
  }
  value_ = v;
  ++iterations_;
  if (iterations_ == 1 || v > best_ + 1e-9 * std::max(1.0, std::abs(best_))) {
    best_ = v;
    best_prices_ = prices_;
    stall_ = 0;
    
  } else if (++stall_ >= patience_) {
    theta_ *= 0.5;
    stall_ = 0;
  }
  return v;
}

bool Lagrangian::step(double upper) {
  // subgradient g = usage - capacity, optionally deflected: d = a g + (1 - a) d_prev (kAlpha)
  const Index ns = m_.n_slots();
  const Index nn = m_.n_nodes();
  if (dir_.empty()) dir_.assign(static_cast<std::size_t>(ns + 2 * nn), 0.0);
  double norm2 = 0.0;
  auto direction = [&](std::size_t i, double g, double price) {
    double& d = dir_[i];
    d = first_step_ ? g : kAlpha * g + (1.0 - kAlpha) * d;
    if (price <= 0 && d <= 0) return 0.0;  // pinned at zero
    norm2 += d * d;
    return d;
  };
  for (Index s = 0; s < ns; ++s)
    direction(static_cast<std::size_t>(s),
              static_cast<double>(use_slot_[static_cast<std::size_t>(s)] - m_.slot_avail(s)),
              prices_.slot[static_cast<std::size_t>(s)]);
  for (Index n = 0; n < nn; ++n) {
    const auto i = static_cast<std::size_t>(n);
    if (m_.cap_orders(n) < kUnlimited)
      direction(static_cast<std::size_t>(ns + n), static_cast<double>(use_orders_[i] - m_.cap_orders(n)),
                prices_.orders[i]);
    if (m_.cap_units(n) < kUnlimited)
      direction(static_cast<std::size_t>(ns + nn + n), static_cast<double>(use_units_[i] - m_.cap_units(n)),
                prices_.units[i]);
  }
  first_step_ = false;
  if (norm2 <= 0.0) return false;
  const double gap = std::max(upper - value_, 1e-6 * std::max(1.0, std::abs(upper)));
  const double t = theta_ * gap / norm2;
  auto update = [&](double& price, std::size_t i, Index r) {
    const double np = std::max(0.0, price + t * dir_[i]);
    if (np != price) {
      price = np;
      for (Index o : m_.users(r)) dirty_[static_cast<std::size_t>(o)] = 1;
    }
  };
  for (Index s = 0; s < ns; ++s) update(prices_.slot[static_cast<std::size_t>(s)], static_cast<std::size_t>(s), s);
  for (Index n = 0; n < nn; ++n) {
    const auto i = static_cast<std::size_t>(n);
    if (m_.cap_orders(n) < kUnlimited) update(prices_.orders[i], static_cast<std::size_t>(ns + n), ns + n);
    if (m_.cap_units(n) < kUnlimited) update(prices_.units[i], static_cast<std::size_t>(ns + nn + n), ns + n);
  }
  return true;
}

}  // namespace lastleg::assign
