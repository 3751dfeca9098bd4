#include "lastleg/assign/order_oracle.h"

#include <algorithm>
#include <limits>

namespace lastleg::assign {
namespace {
constexpr std::int64_t kMaxEvaluations = 50000;  // per order; beyond it the bound is relaxed
constexpr std::size_t kFeasibleCandidates = 12;    // heuristic searches: cheapest candidates
constexpr std::int64_t kHurriedEvaluations = 64;   // hurried heuristic searches
constexpr std::size_t kHurriedCandidates = 4;
constexpr Index kFirstScan = 8;  // candidates scanned before the first branch and bound
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
  k_ = m_.n_cands(o);
  l_ = m_.n_lines(o);
  const double pen = m_.unserved_cost(o);
  partial_ = m_.policy().allow_partial;
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
  mask_.resize(kk);
  order_.clear();
  // heuristic searches look at the cheapest candidates only (the model lists
  // them by parcel cost): stop scanning once enough are usable and together
  // they stock every line (priced searches scan twice as many: prices reorder
  // the cheapest few)
  const bool heuristic = res && !force_;
  const std::size_t keep = hurried_ ? kHurriedCandidates : kFeasibleCandidates;
  const std::size_t scan = prices ? 2 * keep : keep;
  const bool masked = l_ <= 63;
  const std::uint64_t full = masked ? (std::uint64_t{1} << l_) - 1 : 0;
  // Prices are >= 0 and candidates are listed by parcel cost, so any plan that
  // uses candidate k or a later one costs at least parcel_cost(k) plus every
  // unit at the order's cheapest unit cost (or unshipped): the candidates are
  // scanned in growing prefixes until that floor reaches the best plan found.
  const double unit_floor =
      static_cast<double>(m_.units(o)) *
      std::min(m_.min_unit_cost(o), partial_ ? pu_ : std::numeric_limits<double>::infinity());
  std::uint64_t stocked = 0;
  Index scanned = 0;
  // forced searches, and those whose runner-up feeds a regret key, scan every candidate
  Index limit = force_ || track_second_ ? k_ : std::min(k_, kFirstScan);
  while (true) {
    bool capped = false;
    for (Index k = scanned; k < limit; ++k) {
      if (!prepare(o, k, prices, res)) continue;
      order_.push_back(k);
      if (masked) stocked |= mask_[static_cast<std::size_t>(k)];
      if (heuristic && masked && order_.size() >= scan && stocked == full) {
        limit = k + 1;
        capped = true;
      }
    }
    scanned = limit;
    const bool complete = capped || scanned >= k_;
    bool truncated = false;
    const double best = branch(o, res, out, truncated);
    if (complete) return best;
    const double floor = m_.parcel_cost(m_.cand_begin(o) + scanned) + unit_floor;
    if (truncated) return std::min(best, floor);
    if (floor >= best - 1e-9) return best;
    limit = std::min(k_, 2 * limit);
  }
}

bool OrderOracle::prepare(Index o, Index k, const Prices* prices, const Residual* res) {
  const auto kk = static_cast<std::size_t>(k_);
  const Index node = m_.cand_node(m_.cand_begin(o) + k);
  bool usable = node != ban_node_;
  std::int64_t node_units = m_.cap_units(node);
  if (res) {
    usable = usable && res->orders[node] >= 1 && res->units[node] >= 1;
    node_units = res->units[node];
  }
  p_[static_cast<std::size_t>(k)] = m_.parcel_cost(m_.cand_begin(o) + k) + (prices ? prices->orders[node] : 0.0);
  std::uint64_t mask = 0;
  for (Index li = 0; li < l_; ++li) {
    const std::size_t i = static_cast<std::size_t>(li) * kk + static_cast<std::size_t>(k);
    const Index slot = m_.line_slot(o, li, k);
    std::int64_t cap = 0;
    const bool banned = slot == ban_slot_ || (ban_sku_ >= 0 && slot >= 0 && m_.slot_sku(slot) == ban_sku_);
    if (slot >= 0 && !banned && usable) cap = std::min(res ? res->stock[slot] : m_.slot_avail(slot), node_units);
    cap_[i] = std::max<std::int64_t>(cap, 0);
    ut_[i] = m_.unit_cost(node);
    u_[i] = ut_[i] + (prices && slot >= 0 ? prices->units[node] + prices->slot[slot] : 0.0);
    if (cap_[i] > 0) mask |= std::uint64_t{1} << (li & 63);
  }
  mask_[static_cast<std::size_t>(k)] = mask;
  return mask != 0;
}

void OrderOracle::keep_cheapest(const Residual* res) {
  // the heuristic searches (not the bound) look at the cheapest candidates only,
  // plus whatever it takes to cover every line
  const bool masked = l_ <= 63;
  const std::size_t keep = hurried_ ? kHurriedCandidates : kFeasibleCandidates;
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
}

bool OrderOracle::unit_floor(Index o, double& base) const {
  // every unit at its cheapest usable node (or unshipped, when partial is allowed)
  const auto kk = static_cast<std::size_t>(k_);
  const auto ls = m_.lines(o);
  base = 0.0;
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
    // this line can never be shipped whole (from these candidates)
    if (!partial_ && total < q) return false;
    base += static_cast<double>(q) * mn;
  }
  return true;
}

double OrderOracle::branch(Index o, const Residual* res, Plan& out, bool& truncated) {
  const AssignPolicy& pol = m_.policy();
  const double pen = m_.unserved_cost(o);
  out.parts.clear();
  out.cost = out.priced = pen;
  out.parcels = 0;
  out.shipped = 0;
  second_ = kInfinity;
  // without prices the candidates are already in parcel-cost order
  std::sort(order_.begin(), order_.end(),
            [&](Index a, Index b) { return p_[a] < p_[b] || (p_[a] == p_[b] && a < b); });
  const bool masked = l_ <= 63;
  const std::uint64_t full = masked ? (std::uint64_t{1} << l_) - 1 : 0;
  keep_cheapest(res);
  double base;
  if (!unit_floor(o, base)) return pen;
  if (order_.empty()) return pen;

  const std::int64_t maxp = std::min<std::int64_t>(pol.max_parcels, static_cast<std::int64_t>(order_.size()));
  const double sp = pol.split_penalty;
  double best = force_ ? kInfinity : pen;
  // hurried: few sets (a relaxed search stays a valid bound: it keeps every candidate)
  budget_ = (hurried_ && !force_) ? kHurriedEvaluations : kMaxEvaluations;
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
