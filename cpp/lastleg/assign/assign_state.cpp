#include "lastleg/assign/assign_state.h"

#include <stdexcept>
#include <utility>

namespace lastleg::assign {

AssignState::AssignState(const AssignModel& model) : m_(model) {
  const auto no = static_cast<std::size_t>(m_.n_orders());
  plans_.resize(no);
  for (Index o = 0; o < m_.n_orders(); ++o) {
    plans_[static_cast<std::size_t>(o)].cost = plans_[static_cast<std::size_t>(o)].priced =
        m_.unserved_cost(o);
    total_ += m_.unserved_cost(o);
  }
  res_.stock.resize(static_cast<std::size_t>(m_.n_slots()));
  for (Index s = 0; s < m_.n_slots(); ++s) res_.stock[static_cast<std::size_t>(s)] = m_.slot_avail(s);
  const auto nn = static_cast<std::size_t>(m_.n_nodes());
  res_.orders.resize(nn);
  res_.units.resize(nn);
  for (Index n = 0; n < m_.n_nodes(); ++n) {
    res_.orders[static_cast<std::size_t>(n)] = m_.cap_orders(n);
    res_.units[static_cast<std::size_t>(n)] = m_.cap_units(n);
  }
  holders_.resize(static_cast<std::size_t>(m_.n_resources()));
}

void AssignState::remove(Index o) {
  Plan& p = plans_[static_cast<std::size_t>(o)];
  const Index cb = m_.cand_begin(o);
  Index last_k = -1;
  for (const Part& part : p.parts) {
    const Index node = m_.cand_node(cb + part.k);
    if (part.k != last_k) {
      ++res_.orders[static_cast<std::size_t>(node)];
      last_k = part.k;
    }
    res_.units[static_cast<std::size_t>(node)] += part.qty;
    res_.stock[static_cast<std::size_t>(m_.line_slot(o, part.li, part.k))] += part.qty;
  }
  total_ -= p.cost;
  p.parts.clear();
  p.parcels = 0;
  p.shipped = 0;
  p.cost = p.priced = m_.unserved_cost(o);
  total_ += p.cost;
}

bool AssignState::fits(Index o, const Plan& plan) const {
  const Index cb = m_.cand_begin(o);
  const auto& parts = plan.parts;  // sorted by (k, li)
  for (std::size_t i = 0; i < parts.size();) {
    const Index k = parts[i].k;
    const auto node = static_cast<std::size_t>(m_.cand_node(cb + k));
    std::int64_t units = 0;
    for (; i < parts.size() && parts[i].k == k; ++i) {
      const Index slot = m_.line_slot(o, parts[i].li, k);
      std::int64_t need = 0;  // every part of the order on this slot (one sku on two lines)
      for (const Part& other : parts)
        if (m_.line_slot(o, other.li, other.k) == slot) need += other.qty;
      if (res_.stock[static_cast<std::size_t>(slot)] < need) return false;
      units += parts[i].qty;
    }
    if (res_.orders[node] < 1 || res_.units[node] < units) return false;
  }
  return true;
}

void AssignState::apply(Index o, const Plan& plan) {
  Plan& p = plans_[static_cast<std::size_t>(o)];
  if (!p.parts.empty()) throw std::logic_error("AssignState::apply: order already served");
  const Index cb = m_.cand_begin(o);
  const Index ns = m_.n_slots();
  Index last_k = -1;
  for (const Part& part : plan.parts) {
    const Index node = m_.cand_node(cb + part.k);
    const Index slot = m_.line_slot(o, part.li, part.k);
    if (part.k != last_k) {
      --res_.orders[static_cast<std::size_t>(node)];
      last_k = part.k;
      holders_[static_cast<std::size_t>(ns + node)].push_back(o);
    }
    res_.units[static_cast<std::size_t>(node)] -= part.qty;
    res_.stock[static_cast<std::size_t>(slot)] -= part.qty;
    holders_[static_cast<std::size_t>(slot)].push_back(o);
    if (res_.stock[static_cast<std::size_t>(slot)] < 0 || res_.units[static_cast<std::size_t>(node)] < 0 ||
        res_.orders[static_cast<std::size_t>(node)] < 0)
      throw std::logic_error("AssignState::apply: plan does not fit");
  }
  total_ -= p.cost;
  p = plan;
  if (p.parts.empty()) {
    p.cost = p.priced = m_.unserved_cost(o);
    p.parcels = 0;
    p.shipped = 0;
  }
  total_ += p.cost;
}

bool AssignState::uses(Index o, Index r) const {
  const Index ns = m_.n_slots();
  const Index cb = m_.cand_begin(o);
  for (const Part& part : plans_[static_cast<std::size_t>(o)].parts) {
    if (r >= ns ? m_.cand_node(cb + part.k) == r - ns : m_.line_slot(o, part.li, part.k) == r)
      return true;
  }
  return false;
}

double AssignState::recompute_total() const {
  double t = 0.0;
  for (const Plan& p : plans_) t += p.cost;
  return t;
}

}  // namespace lastleg::assign
