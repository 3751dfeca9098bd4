#include "lastleg/assign/lagrangian.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

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
    oracle.set_track_second(keyed);
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

void Lagrangian::clear_rounds(int max_rounds, double min_progress, const Deadline* until) {
  for (int round = 0; round < max_rounds; ++round) {
    if (until && until->expired()) return;
    const double before = best_;
    if (!clear(until)) return;
    evaluate(until);
    if (best_ < before + min_progress * std::abs(before)) return;
  }
}

Lagrangian::ClearKeys Lagrangian::clear_keys() const {
  const Index nn = m_.n_nodes();
  return {nn, 2 * nn, 2 * nn + m_.n_skus()};
}

std::vector<char> Lagrangian::over_used(std::vector<std::int64_t>& sku_avail) const {
  const Index ns = m_.n_slots();
  const Index nk = m_.n_skus();
  const ClearKeys keys = clear_keys();
  const Index nn = keys.nn;
  std::vector<std::int64_t> sku_use(static_cast<std::size_t>(nk), 0);
  sku_avail.assign(static_cast<std::size_t>(nk), 0);
  for (Index s = 0; s < ns; ++s) {
    sku_use[static_cast<std::size_t>(m_.slot_sku(s))] += use_slot_[static_cast<std::size_t>(s)];
    sku_avail[static_cast<std::size_t>(m_.slot_sku(s))] += m_.slot_avail(s);
  }
  std::vector<char> over(static_cast<std::size_t>(keys.slot_base + ns), 0);
  for (Index n = 0; n < nn; ++n) {
    const auto i = static_cast<std::size_t>(n);
    over[i] = use_orders_[i] > m_.cap_orders(n);
    over[static_cast<std::size_t>(nn + n)] = use_units_[i] > m_.cap_units(n);
  }
  for (Index k = 0; k < nk; ++k)
    over[static_cast<std::size_t>(keys.sku_base + k)] =
        sku_use[static_cast<std::size_t>(k)] > sku_avail[static_cast<std::size_t>(k)];
  for (Index s = 0; s < ns; ++s)
    over[static_cast<std::size_t>(keys.slot_base + s)] = use_slot_[static_cast<std::size_t>(s)] > m_.slot_avail(s);
  return over;
}

std::vector<Lagrangian::Use> Lagrangian::uses_of(const std::vector<char>& over) const {
  const ClearKeys keys = clear_keys();
  std::vector<Use> uses;
  for (Index o = 0; o < m_.n_orders(); ++o) {
    const Plan& plan = plans_[static_cast<std::size_t>(o)];
    const Index cb = m_.cand_begin(o);
    Index last_k = -1;
    for (const Part& p : plan.parts) {
      const Index node = m_.cand_node(cb + p.k);
      auto add = [&](Index key, std::int64_t amount) {
        if (over[static_cast<std::size_t>(key)]) uses.push_back({key, o, amount});
      };
      if (p.k != last_k) {
        last_k = p.k;
        add(node, 1);
      }
      add(keys.nn + node, p.qty);
      const Index slot = m_.line_slot(o, p.li, p.k);
      add(keys.sku_base + m_.slot_sku(slot), p.qty);
      add(keys.slot_base + slot, p.qty);
    }
  }
  // one entry per (resource, order): an order may use a slot on two lines
  std::sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) {
    return a.key < b.key || (a.key == b.key && a.order < b.order);
  });
  std::size_t w = 0;
  for (std::size_t i = 0; i < uses.size(); ++i) {
    if (w > 0 && uses[w - 1].key == uses[i].key && uses[w - 1].order == uses[i].order) {
      uses[w - 1].amount += uses[i].amount;
    } else {
      uses[w++] = uses[i];
    }
  }
  uses.resize(w);
  return uses;
}

std::vector<double> Lagrangian::switch_margins(const std::vector<Use>& uses, const Deadline* until) const {
  const ClearKeys keys = clear_keys();
  std::vector<double> margin(uses.size(), 0.0);
  const std::size_t n_chunks = (uses.size() + kChunk - 1) / kChunk;
  pool_.for_each(n_chunks, [&](std::size_t c) {
    OrderOracle oracle(m_);
    Plan alt;
    for (std::size_t i = c * kChunk; i < std::min(uses.size(), (c + 1) * kChunk); ++i) {
      if (until && (i & 63) == 0 && until->expired()) return;  // margins left at 0: no rise
      const Use& u = uses[i];
      const Index ban_node = u.key < keys.sku_base ? u.key % keys.nn : -1;
      const Index ban_sku = u.key >= keys.sku_base && u.key < keys.slot_base ? u.key - keys.sku_base : -1;
      const Index ban_slot = u.key >= keys.slot_base ? u.key - keys.slot_base : -1;
      const double without = oracle.relaxed_without(u.order, &prices_, ban_node, ban_slot, ban_sku, alt);
      margin[i] = std::max(0.0, without - sub_[static_cast<std::size_t>(u.order)]);
    }
  });
  return margin;
}

std::int64_t Lagrangian::key_capacity(Index key, const std::vector<std::int64_t>& sku_avail) const {
  const ClearKeys keys = clear_keys();
  if (key < keys.nn) return m_.cap_orders(key);
  if (key < keys.sku_base) return m_.cap_units(key - keys.nn);
  if (key < keys.slot_base) return sku_avail[static_cast<std::size_t>(key - keys.sku_base)];
  return m_.slot_avail(key - keys.slot_base);
}

void Lagrangian::raise_price(Index key, double rise) {
  const ClearKeys keys = clear_keys();
  if (key < keys.nn) {
    prices_.orders[static_cast<std::size_t>(key)] += rise;
  } else if (key < keys.sku_base) {
    prices_.units[static_cast<std::size_t>(key - keys.nn)] += rise;
  } else if (key < keys.slot_base) {
    for (Index s : m_.sku_slots(key - keys.sku_base)) prices_.slot[static_cast<std::size_t>(s)] += rise;
  } else {
    prices_.slot[static_cast<std::size_t>(key - keys.slot_base)] += rise;
  }
}

bool Lagrangian::raise_prices(const std::vector<Use>& uses, const std::vector<double>& margin,
                              const std::vector<std::int64_t>& sku_avail) {
  // what the rises of this pass already charged each staying user
  std::vector<double> charged(static_cast<std::size_t>(m_.n_orders()), 0.0);
  std::vector<char> gone(static_cast<std::size_t>(m_.n_orders()), 0);
  std::vector<Use> users;
  bool moved = false;
  for (std::size_t i = 0; i < uses.size();) {
    std::size_t j = i;
    while (j < uses.size() && uses[j].key == uses[i].key) ++j;
    const Index key = uses[i].key;
    const std::size_t first = i;
    users.clear();
    for (std::size_t u = i; u < j; ++u) {
      const auto o = static_cast<std::size_t>(uses[u].order);
      if (gone[o]) continue;
      users.push_back(uses[u]);
      users.back().margin = std::max(0.0, margin[u] - charged[o]) / static_cast<double>(uses[u].amount);
    }
    i = j;
    // keep the users with the largest margin per unit of the resource
    std::sort(users.begin(), users.end(), [&](const Use& a, const Use& b) {
      return a.margin > b.margin || (a.margin == b.margin && a.order < b.order);
    });
    const std::int64_t cap = key_capacity(key, sku_avail);
    std::int64_t used = 0;
    std::size_t marginal = users.size();
    for (std::size_t u = 0; u < users.size(); ++u) {
      used += users[u].amount;
      if (used > cap) {
        marginal = u;
        break;
      }
    }
    if (marginal == users.size()) continue;  // earlier clearings already made room
    const double rise = users[marginal].margin;
    if (rise <= 0.0) continue;
    raise_price(key, rise);
    // prices only rise here: an order whose plan does not use the resource keeps
    // its optimum (every other plan only got dearer), so only its users are re-solved
    for (std::size_t u = first; u < j; ++u) dirty_[static_cast<std::size_t>(uses[u].order)] = 1;
    moved = true;
    for (std::size_t u = 0; u < users.size(); ++u) {
      const auto o = static_cast<std::size_t>(users[u].order);
      if (u < marginal) charged[o] += rise * static_cast<double>(users[u].amount);
      else gone[o] = 1;
    }
  }
  return moved;
}

bool Lagrangian::clear(const Deadline* until) {
  // resources keyed in processing order: node order and unit capacities, then
  // each sku network-wide (a rise lifts all its slots: short skus need prices
  // near the unserved penalty, which slot-by-slot rises reach only slowly,
  // each capped by the next slot of the same sku), then single stock slots
  std::vector<std::int64_t> sku_avail;
  const std::vector<char> over = over_used(sku_avail);
  const std::vector<Use> uses = uses_of(over);
  // each user's margin on each resource: its priced cost without it, less with it
  const std::vector<double> margin = switch_margins(uses, until);
  return raise_prices(uses, margin, sku_avail);
}

bool Lagrangian::step(double upper) {
  if (!m_.has_users()) throw std::logic_error("Lagrangian::step: the model lists no users");
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
