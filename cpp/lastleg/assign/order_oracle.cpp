#include "lastleg/assign/order_oracle.h"

#include <algorithm>
#include <limits>

namespace lastleg::assign {
namespace {
constexpr std::int64_t kMaxEvaluations = 50000;  // per order; beyond it the bound is relaxed
constexpr std::size_t kFeasibleCandidates = 12;    // heuristic searches: cheapest candidates
constexpr std::int64_t kHurriedEvaluations = 64;   // hurried heuristic searches
constexpr std::size_t kHurriedCandidates = 4;
}

double OrderOracle::relaxed(Index o, const Prices* prices, Plan& out) {
  return search(o, prices, nullptr, out);
}

double OrderOracle::relaxed_without(Index o, const Prices* prices, Index ban_node, Index ban_slot,
                                    Index ban_sku, Plan& out) {
  ban_node_ = ban_node;
  ban_slot_ = ban_slot;
  ban_sku_ = ban_sku;
  const double v = search(o, prices, nullptr, out);
  ban_node_ = ban_slot_ = ban_sku_ = -1;
  return v;
}

void OrderOracle::feasible(Index o, const Prices* prices, const Residual& res, Plan& out) {
  search(o, prices, &res, out);
}

void OrderOracle::forced(Index o, const Residual& res, Plan& out) {
  force_ = true;
  search(o, nullptr, &res, out);
  force_ = false;
}

double OrderOracle::search(Index o, const Prices* prices, const Residual* res, Plan& out) {
  const AssignPolicy& pol = m_.policy();
  k_ = m_.n_cands(o);
  l_ = m_.n_lines(o);
  const Index cb = m_.cand_begin(o);
  const double pen = m_.unserved_cost(o);
  partial_ = pol.allow_partial;
  pu_ = pen / static_cast<double>(m_.units(o));
  out.parts.clear();
  out.cost = out.priced = pen;
  out.parcels = 0;
  out.shipped = 0;
  second_ = kInfinity;
  if (k_ == 0) return pen;

  const auto kk = static_cast<std::size_t>(k_);
  p_.resize(kk);
  u_.resize(kk * static_cast<std::size_t>(l_));
  ut_.resize(u_.size());
  cap_.resize(u_.size());
  order_.clear();
  const auto ls = m_.lines(o);
  // heuristic searches look at the cheapest candidates only (the model lists
  // them by parcel cost): stop scanning once enough are usable and together
  // they stock every line
  const std::size_t keep = hurried_ ? kHurriedCandidates : kFeasibleCandidates;
  // (priced searches scan twice as many: prices reorder the cheapest few)
  const bool prefix_only = res && !force_ && l_ <= 63;
  const std::size_t scan = prices ? 2 * keep : keep;
  const std::uint64_t all_lines = l_ <= 63 ? (std::uint64_t{1} << l_) - 1 : 0;
  std::uint64_t stocked = 0;
  for (Index k = 0; k < k_; ++k) {
    const Index node = m_.cand_node(cb + k);
    bool usable = node != ban_node_;
    std::int64_t node_units = m_.cap_units(node);
    if (res) {
      usable = usable && res->orders[node] >= 1 && res->units[node] >= 1;
      node_units = res->units[node];
    }
    p_[k] = m_.parcel_cost(cb + k) + (prices ? prices->orders[node] : 0.0);
    bool any = false;
    for (Index li = 0; li < l_; ++li) {
      const std::size_t i = static_cast<std::size_t>(li) * kk + static_cast<std::size_t>(k);
      const Index slot = m_.line_slot(o, li, k);
      std::int64_t cap = 0;
      const bool banned = slot == ban_slot_ || (ban_sku_ >= 0 && slot >= 0 && m_.slot_sku(slot) == ban_sku_);
      if (slot >= 0 && !banned && usable) cap = std::min(res ? res->stock[slot] : m_.slot_avail(slot), node_units);
      cap_[i] = std::max<std::int64_t>(cap, 0);
      ut_[i] = m_.unit_cost(node);
      u_[i] = ut_[i] + (prices && slot >= 0 ? prices->units[node] + prices->slot[slot] : 0.0);
      any = any || cap_[i] > 0;
      if (cap_[i] > 0) stocked |= std::uint64_t{1} << (li & 63);
    }
    if (any) order_.push_back(k);
    if (prefix_only && order_.size() >= scan && stocked == all_lines) break;
  }
  if (prices)  // without prices the candidates are already in parcel-cost order
    std::sort(order_.begin(), order_.end(),
              [&](Index a, Index b) { return p_[a] < p_[b] || (p_[a] == p_[b] && a < b); });
  // lines each candidate can ship (bit li), to skip sets that cannot cover the order
  const bool masked = l_ <= 63;
  const std::uint64_t full = masked ? (std::uint64_t{1} << l_) - 1 : 0;
  mask_.assign(kk, 0);
  if (masked) {
    for (Index k : order_)
      for (Index li = 0; li < l_; ++li)
        if (cap_[static_cast<std::size_t>(li) * kk + static_cast<std::size_t>(k)] > 0)
          mask_[static_cast<std::size_t>(k)] |= std::uint64_t{1} << li;
  }
  // the heuristic searches (not the bound) look at the cheapest candidates only,
  // plus whatever it takes to cover every line
  if (res && !force_ && order_.size() > keep) {
    std::uint64_t seen = 0;
    std::size_t w = 0;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      const Index k = order_[i];
      const std::uint64_t mk = mask_[static_cast<std::size_t>(k)];
      if (w < keep || (masked && (mk & ~seen) != 0)) {
        order_[w++] = k;
        seen |= mk;
      }
    }
    order_.resize(w);
  }

  // base: every unit at its cheapest usable node (or unshipped, when partial is allowed)
  double base = 0.0;
  for (Index li = 0; li < l_; ++li) {
    const std::int64_t q = m_.qty(ls[li]);
    double mn = partial_ ? pu_ : std::numeric_limits<double>::infinity();
    std::int64_t total = 0;
    for (Index k : order_) {
      const std::size_t i = static_cast<std::size_t>(li) * kk + static_cast<std::size_t>(k);
      if (cap_[i] > 0) {
        mn = std::min(mn, u_[i]);
        total += cap_[i];
      }
    }
    if (!partial_ && total < q) return pen;  // this line can never be shipped whole
    base += static_cast<double>(q) * mn;
  }
  if (order_.empty()) return pen;

  const std::int64_t maxp = std::min<std::int64_t>(pol.max_parcels, static_cast<std::int64_t>(order_.size()));
  const double sp = pol.split_penalty;
  double best = force_ ? kInfinity : pen;
  // hurried: few sets (a relaxed search stays a valid bound: it keeps every candidate)
  budget_ = (hurried_ && !force_) ? kHurriedEvaluations : kMaxEvaluations;
  bool truncated = false;
  chosen_.clear();

  // depth-first over node sets in order of priced parcel cost
  struct Frame {
    std::size_t next;
    double psum;
    std::uint64_t mask;
  };
  Frame stack[64];
  int depth = 0;
  stack[0] = {0, 0.0, 0};
  const bool need_cover = masked && !partial_;
  while (depth >= 0) {
    Frame& f = stack[depth];
    const auto size = static_cast<std::int32_t>(chosen_.size());  // == depth
    if (f.next >= order_.size() || budget_ <= 0) {
      if (budget_ <= 0) truncated = true;
      if (depth == 0) break;
      chosen_.pop_back();
      --depth;
      continue;
    }
    const Index k = order_[f.next++];
    const double np = f.psum + p_[k];
    if (np + sp * size + base >= best - 1e-9) {  // sorted by p: nothing further at this depth
      f.next = order_.size();
      continue;
    }
    chosen_.push_back(k);
    const std::uint64_t nm = f.mask | mask_[static_cast<std::size_t>(k)];
    --budget_;
    if ((!need_cover || nm == full) && (++evaluations_, evaluate(o, res, size + 1, np, trial_))) {
      if (trial_.priced < best - 1e-9) {
        second_ = best;
        best = trial_.priced;
        std::swap(out, trial_);
      } else {
        second_ = std::min(second_, trial_.priced);
      }
    }
    if (size + 1 < maxp && depth + 1 < 63) {
      stack[++depth] = {f.next, np, nm};
    } else {
      chosen_.pop_back();
    }
  }
  if (truncated) return std::min(best, base + p_[order_[0]]);
  return best;
}

bool OrderOracle::evaluate(Index o, const Residual* res, std::int32_t size, double parcel_sum,
                           Plan& plan) {
  const AssignPolicy& pol = m_.policy();
  const Index cb = m_.cand_begin(o);
  const auto kk = static_cast<std::size_t>(k_);
  const auto ls = m_.lines(o);
  plan.parts.clear();
  plan.priced = parcel_sum + pol.split_penalty * (size - 1);
  plan.cost = pol.split_penalty * (size - 1);
  for (Index k : chosen_) plan.cost += m_.parcel_cost(cb + k);
  plan.shipped = 0;
  std::int64_t unshipped = 0;
  taken_.clear();
  node_taken_.assign(chosen_.size(), 0);
  rank_.resize(chosen_.size());
  for (Index li = 0; li < l_; ++li) {
    std::int64_t need = m_.qty(ls[li]);
    const std::size_t row = static_cast<std::size_t>(li) * kk;
    for (std::size_t r = 0; r < rank_.size(); ++r) {
      // insertion sort of chosen nodes by priced unit cost for this line
      Index x = static_cast<Index>(r);
      std::size_t j = r;
      while (j > 0 && u_[row + static_cast<std::size_t>(chosen_[rank_[j - 1]])] >
                          u_[row + static_cast<std::size_t>(chosen_[x])]) {
        rank_[j] = rank_[j - 1];
        --j;
      }
      rank_[j] = x;
    }
    for (Index r : rank_) {
      const Index k = chosen_[r];
      const std::size_t i = row + static_cast<std::size_t>(k);
      if (cap_[i] <= 0) continue;
      if (partial_ && u_[i] >= pu_) break;
      std::int64_t avail = cap_[i];
      std::size_t t = taken_.size();
      const Index slot = m_.line_slot(o, li, k);
      if (res) {
        for (std::size_t s = 0; s < taken_.size(); ++s)
          if (taken_[s].first == slot) t = s;
        if (t < taken_.size()) avail = std::min(avail, res->stock[slot] - taken_[t].second);
        avail = std::min(avail, res->units[m_.cand_node(cb + k)] - node_taken_[static_cast<std::size_t>(r)]);
      }
      const std::int64_t x = std::min(need, avail);
      if (x <= 0) continue;
      plan.parts.push_back({li, k, x});
      if (res) {
        if (t < taken_.size()) taken_[t].second += x;
        else taken_.emplace_back(slot, x);
      }
      node_taken_[static_cast<std::size_t>(r)] += x;
      need -= x;
      plan.priced += static_cast<double>(x) * u_[i];
      plan.cost += static_cast<double>(x) * ut_[i];
      plan.shipped += x;
      if (need == 0) break;
    }
    if (need > 0) {
      if (!partial_) return false;
      unshipped += need;
    }
  }
  if (res) {
    for (std::int64_t t : node_taken_)
      if (t == 0) return false;  // an idle parcel: the smaller set is enumerated too
  }
  if (plan.shipped == 0) return false;
  plan.priced += pu_ * static_cast<double>(unshipped);
  plan.cost += pu_ * static_cast<double>(unshipped);
  plan.parcels = size;
  std::sort(plan.parts.begin(), plan.parts.end(), [](const Part& a, const Part& b) {
    return a.k < b.k || (a.k == b.k && a.li < b.li);
  });
  return true;
}

}  // namespace lastleg::assign
