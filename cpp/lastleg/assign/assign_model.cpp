#include "lastleg/assign/assign_model.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include "lastleg/geo/kd_tree.h"
#include "lastleg/geo/metric.h"

namespace lastleg::assign {
namespace {

constexpr std::size_t kBlock = 1024;
constexpr double kEarthRadiusKm = geo::kEarthRadiusM / 1000.0;

void unit_sphere(double lat, double lon, double* out) {
  const double p = lat * geo::kDegToRad, l = lon * geo::kDegToRad;
  out[0] = std::cos(p) * std::cos(l);
  out[1] = std::cos(p) * std::sin(l);
  out[2] = std::sin(p);
}

/// Chord length on the unit sphere that covers a great-circle distance of `km`.
double chord_radius(double km) {
  const double angle = km / kEarthRadiusKm;
  if (!(angle < std::numbers::pi)) return 2.5;
  return 2.0 * std::sin(0.5 * angle) * (1.0 + 1e-9) + 1e-12;
}

/// Levels with at most this many service rows are scanned row by row: a few
/// dozen chord lengths cost less than a tree query.
constexpr std::size_t kScanRows = 64;
constexpr int kUserParts = 8;

}  // namespace

/// Service rows of one level with a k-d tree over their nodes.
struct AssignModel::LevelReach {
  std::vector<Index> rows;
  std::vector<double> pts;           // each row's node on the unit sphere
  std::unique_ptr<geo::KdTree> tree;  // only for levels with many rows
  double radius = 0.0;
};

/// One task's working memory while it lists candidates.
struct AssignModel::CandidateScratch {
  std::vector<Index> hits;
  std::vector<std::pair<Index, double>> found;  // node, parcel cost
  std::vector<Index> at;  // node -> its entry in found (this order)
  std::vector<Index> kept, slot_of;
  double q[3];
};

/// The candidates of one block of kBlock orders, before they are packed.
struct AssignModel::CandidateBlock {
  std::vector<Index> count, reach, node;
  std::vector<char> capped;  // per order: stock of a line sits at a reachable node of capacity 0
  std::vector<double> parcel;
  std::vector<Index> lc;
};

AssignModel::AssignModel(AssignInput input, ThreadPool& pool) : in_(std::move(input)) {
  in_.validate();
  build_lines();
  build_slots();
  build_candidates(pool);
}

void AssignModel::build_lines() {
  const auto no = static_cast<std::size_t>(n_orders());
  line_off_.assign(no + 1, 0);
  for (Index o : in_.line_order) ++line_off_[static_cast<std::size_t>(o) + 1];
  for (std::size_t o = 0; o < no; ++o) line_off_[o + 1] += line_off_[o];
  order_lines_.resize(in_.line_order.size());
  std::vector<Index> fill(line_off_.begin(), line_off_.end() - 1);
  order_units_.assign(no, 0);
  for (Index l = 0; l < in_.n_lines(); ++l) {
    const auto o = static_cast<std::size_t>(in_.line_order[l]);
    order_lines_[static_cast<std::size_t>(fill[o]++)] = l;
    order_units_[o] += in_.line_qty[l];
  }
  penalty_.resize(no);
  for (std::size_t o = 0; o < no; ++o)
    penalty_[o] = in_.policy.unserved_penalty * (1.0 + static_cast<double>(in_.order_priority[o]));
}

void AssignModel::build_slots() {
  // One slot per (node, sku); duplicate inventory rows are summed.
  std::vector<std::pair<std::int64_t, std::size_t>> keys;
  keys.reserve(in_.inv_node.size());
  for (std::size_t r = 0; r < in_.inv_node.size(); ++r)
    keys.emplace_back(static_cast<std::int64_t>(in_.inv_sku[r]) * in_.n_nodes() + in_.inv_node[r],
                      r);
  std::sort(keys.begin(), keys.end());
  sku_off_.assign(static_cast<std::size_t>(in_.n_skus) + 1, 0);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::size_t r = keys[i].second;
    const std::int64_t net = in_.inv_on_hand[r] - in_.inv_safety_stock[r];
    if (i > 0 && keys[i].first == keys[i - 1].first) {
      slot_avail_.back() += net;
      continue;
    }
    slot_node_.push_back(in_.inv_node[r]);
    slot_sku_.push_back(in_.inv_sku[r]);
    slot_avail_.push_back(net);
    ++sku_off_[static_cast<std::size_t>(in_.inv_sku[r]) + 1];
  }
  for (auto& a : slot_avail_) a = std::max<std::int64_t>(a, 0);
  for (std::size_t s = 0; s < static_cast<std::size_t>(in_.n_skus); ++s) sku_off_[s + 1] += sku_off_[s];
  sku_slots_.resize(slot_node_.size());
  for (Index s = 0; s < n_slots(); ++s) sku_slots_[static_cast<std::size_t>(s)] = s;  // sorted by (sku, node)
  // a dense (sku, node) -> slot table when it is small: one load per lookup in
  // the candidate build, instead of a binary search over the sku's nodes
  if (static_cast<std::int64_t>(in_.n_skus) * n_nodes() <= kDenseSlotLimit) {
    dense_slot_.assign(static_cast<std::size_t>(in_.n_skus) * static_cast<std::size_t>(n_nodes()), -1);
    for (Index s = 0; s < n_slots(); ++s)
      dense_slot_[static_cast<std::size_t>(slot_sku_[s]) * static_cast<std::size_t>(n_nodes()) +
                  static_cast<std::size_t>(slot_node_[s])] = s;
  }
  const auto nn = static_cast<std::size_t>(n_nodes());
  cap_orders_.resize(nn);
  cap_units_.resize(nn);
  for (std::size_t n = 0; n < nn; ++n) {
    cap_orders_[n] = in_.node_capacity_orders[n] < 0 ? kUnlimited : in_.node_capacity_orders[n];
    cap_units_[n] = in_.node_capacity_units[n] < 0 ? kUnlimited : in_.node_capacity_units[n];
  }
}

std::vector<AssignModel::LevelReach> AssignModel::reach_by_level() const {
  const double detour = in_.policy.detour_factor;
  std::vector<LevelReach> levels(static_cast<std::size_t>(in_.n_levels));
  for (std::size_t r = 0; r < in_.svc_node.size(); ++r)
    levels[static_cast<std::size_t>(in_.svc_level[r])].rows.push_back(static_cast<Index>(r));
  for (auto& level : levels) {
    if (level.rows.empty()) continue;
    level.pts.resize(level.rows.size() * 3);
    double max_km = 0.0;
    for (std::size_t i = 0; i < level.rows.size(); ++i) {
      const auto r = static_cast<std::size_t>(level.rows[i]);
      const Index n = in_.svc_node[r];
      unit_sphere(in_.node_lat[n], in_.node_lon[n], &level.pts[3 * i]);
      max_km = std::max(max_km, in_.svc_max_km[r]);
    }
    if (level.rows.size() > kScanRows && in_.order_node_km.empty()) level.tree = std::make_unique<geo::KdTree>(level.pts, 3);
    level.radius = chord_radius(max_km / detour);
  }
  return levels;
}

void AssignModel::offer(std::size_t r, double km, CandidateScratch& s) const {
  if (!(km <= in_.svc_max_km[r])) return;  // also inf: no road leads there
  const Index n = in_.svc_node[r];
  const auto ni = static_cast<std::size_t>(n);
  const double cost = in_.svc_fixed_cost[r] + in_.svc_cost_per_km[r] * km + in_.node_cost_per_order[n];
  // one candidate per node: its cheapest row
  if (s.at[ni] < 0) {
    s.at[ni] = static_cast<Index>(s.found.size());
    s.found.push_back({n, cost});
  } else if (cost < s.found[static_cast<std::size_t>(s.at[ni])].second) {
    s.found[static_cast<std::size_t>(s.at[ni])].second = cost;
  }
}

void AssignModel::given_distances(const LevelReach& level, std::size_t o, CandidateScratch& s) const {
  const auto nn = static_cast<std::size_t>(n_nodes());
  for (const Index row : level.rows) {
    const auto r = static_cast<std::size_t>(row);
    offer(r, in_.order_node_km[o * nn + static_cast<std::size_t>(in_.svc_node[r])], s);
  }
  for (const auto& f : s.found) s.at[static_cast<std::size_t>(f.first)] = -1;
}

void AssignModel::reachable_nodes(const LevelReach& level, std::size_t o, CandidateScratch& s) const {
  const double detour = in_.policy.detour_factor;
  auto& found = s.found;
  auto& hits = s.hits;
  auto& at = s.at;
  double* q = s.q;
  found.clear();
  if (!in_.order_node_km.empty()) {
    given_distances(level, o, s);
  } else if (!level.rows.empty()) {
    unit_sphere(in_.order_lat[o], in_.order_lon[o], q);
    if (level.tree) {
      level.tree->within(q, level.radius, hits);
    } else {
      hits.clear();
      const double r2 = level.radius * level.radius;
      for (std::size_t i = 0; i < level.rows.size(); ++i) {
        const double* p = &level.pts[3 * i];
        const double dx = q[0] - p[0], dy = q[1] - p[1], dz = q[2] - p[2];
        if (dx * dx + dy * dy + dz * dz <= r2) hits.push_back(static_cast<Index>(i));
      }
    }
    for (Index h : hits) {
      const auto r = static_cast<std::size_t>(level.rows[static_cast<std::size_t>(h)]);
      // great-circle km from the chord to the row's node: haversine's sin^2
      // terms sum to (chord / 2)^2, so no sines per pair
      const double* p = &level.pts[3 * static_cast<std::size_t>(h)];
      const double dx = q[0] - p[0], dy = q[1] - p[1], dz = q[2] - p[2];
      const double a = 0.25 * (dx * dx + dy * dy + dz * dz);
      const double km = 2.0 * kEarthRadiusKm * std::asin(std::sqrt(std::fmin(1.0, a))) * detour;
      offer(r, km, s);
    }
    for (const auto& f : found) at[static_cast<std::size_t>(f.first)] = -1;
  }
  // allowed nodes
  const auto a0 = static_cast<std::size_t>(in_.allowed_offsets[o]);
  const auto a1 = static_cast<std::size_t>(in_.allowed_offsets[o + 1]);
  if (a1 > a0) {
    std::erase_if(found, [&](const auto& f) {
      for (std::size_t i = a0; i < a1; ++i)
        if (in_.allowed_nodes[i] == f.first) return false;
      return true;
    });
  }
}

void AssignModel::add_candidates(std::size_t o, CandidateScratch& s, CandidateBlock& blk) const {
  const auto& found = s.found;
  auto& slot_of = s.slot_of;
  auto& kept = s.kept;
  blk.reach.push_back(static_cast<Index>(found.size()));
  // keep nodes that can ship something: capacity and stock of at least one line
  const auto ls = lines(static_cast<Index>(o));
  const std::size_t nf = found.size(), nl = ls.size();
  slot_of.resize(nf * nl);
  for (std::size_t li = 0; li < nl; ++li) {
    const Index sku = in_.line_sku[ls[li]];
    for (std::size_t f = 0; f < nf; ++f) {
      const Index slot = find_slot(sku, found[f].first);
      slot_of[li * nf + f] = slot >= 0 && slot_avail_[slot] > 0 ? slot : -1;
    }
  }
  kept.clear();
  char capped = 0;
  for (std::size_t f = 0; f < nf; ++f) {
    const Index n = found[f].first;
    bool any = false;
    for (std::size_t li = 0; li < nl && !any; ++li) any = slot_of[li * nf + f] >= 0;
    if (!any) continue;
    if (cap_orders_[n] == 0 || cap_units_[n] == 0)
      capped = 1;
    else
      kept.push_back(static_cast<Index>(f));
  }
  blk.capped.push_back(capped);
  // cheapest parcel first: unpriced searches scan a prefix of the candidates
  std::sort(kept.begin(), kept.end(), [&](Index a, Index b) {
    const auto& x = found[static_cast<std::size_t>(a)];
    const auto& y = found[static_cast<std::size_t>(b)];
    return x.second < y.second || (x.second == y.second && x.first < y.first);
  });
  for (Index f : kept) {
    const auto& c = found[static_cast<std::size_t>(f)];
    blk.node.push_back(c.first);
    blk.parcel.push_back(c.second);
  }
  // the (line, candidate) slot table, line-major
  for (std::size_t li = 0; li < nl; ++li)
    for (Index f : kept) blk.lc.push_back(slot_of[li * nf + static_cast<std::size_t>(f)]);
  blk.count.push_back(static_cast<Index>(kept.size()));
}

void AssignModel::pack_candidates(std::vector<CandidateBlock>& blocks, ThreadPool& pool) {
  // offsets first, then each block copies its share in place (in parallel)
  const std::size_t no = static_cast<std::size_t>(n_orders());
  const std::size_t n_blocks = blocks.size();
  cand_off_.assign(no + 1, 0);
  lc_off_.assign(no + 1, 0);
  reach_count_.resize(no);
  capped_out_.resize(no);
  std::vector<std::size_t> block_cand(n_blocks + 1, 0), block_lc(n_blocks + 1, 0);
  for (std::size_t b = 0; b < n_blocks; ++b) {
    const CandidateBlock& blk = blocks[b];
    for (std::size_t i = 0; i < blk.count.size(); ++i) {
      const std::size_t o = b * kBlock + i;
      cand_off_[o + 1] = cand_off_[o] + blk.count[i];
      lc_off_[o + 1] = lc_off_[o] + static_cast<std::int64_t>(blk.count[i]) * n_lines(static_cast<Index>(o));
    }
    block_cand[b + 1] = block_cand[b] + blk.node.size();
    block_lc[b + 1] = block_lc[b] + blk.lc.size();
  }
  cand_node_.resize(block_cand[n_blocks]);
  cand_parcel_.resize(block_cand[n_blocks]);
  lc_slot_.resize(block_lc[n_blocks]);
  pool.for_each(n_blocks, [&](std::size_t b) {
    CandidateBlock& blk = blocks[b];
    std::copy(blk.node.begin(), blk.node.end(), cand_node_.begin() + static_cast<std::ptrdiff_t>(block_cand[b]));
    std::copy(blk.parcel.begin(), blk.parcel.end(), cand_parcel_.begin() + static_cast<std::ptrdiff_t>(block_cand[b]));
    std::copy(blk.lc.begin(), blk.lc.end(), lc_slot_.begin() + static_cast<std::ptrdiff_t>(block_lc[b]));
    std::copy(blk.reach.begin(), blk.reach.end(), reach_count_.begin() + static_cast<std::ptrdiff_t>(b * kBlock));
    std::copy(blk.capped.begin(), blk.capped.end(), capped_out_.begin() + static_cast<std::ptrdiff_t>(b * kBlock));
    blk = CandidateBlock{};
  });
}

void AssignModel::build_candidates(ThreadPool& pool) {
  const std::vector<LevelReach> levels = reach_by_level();
  const std::size_t no = static_cast<std::size_t>(n_orders());
  const std::size_t n_blocks = (no + kBlock - 1) / kBlock;
  std::vector<CandidateBlock> blocks(n_blocks);
  pool.for_each(n_blocks, [&](std::size_t b) {
    CandidateScratch scratch;
    scratch.at.assign(static_cast<std::size_t>(n_nodes()), -1);
    const std::size_t o_end = std::min(no, (b + 1) * kBlock);
    for (std::size_t o = b * kBlock; o < o_end; ++o) {
      reachable_nodes(levels[static_cast<std::size_t>(in_.order_level[o])], o, scratch);
      add_candidates(o, scratch, blocks[b]);
    }
  });
  pack_candidates(blocks, pool);
  min_unit_.assign(no, kInfinity);
  for (std::size_t i = 0; i < no; ++i)
    for (Index c = cand_off_[i]; c < cand_off_[i + 1]; ++c)
      min_unit_[i] = std::min(min_unit_[i], in_.node_cost_per_unit[cand_node_[c]]);
}

void AssignModel::build_users(ThreadPool& pool) {
  if (has_users()) return;
  const auto nr = static_cast<std::size_t>(n_resources());
  user_off_.assign(nr + 1, 0);
  const Index ns = n_slots();
  auto for_each_resource = [&](Index o, auto&& fn) {
    const Index k = n_cands(o), nl = n_lines(o);
    for (Index c = 0; c < k; ++c) fn(ns + cand_node_[cand_off_[o] + c]);
    for (Index li = 0; li < nl; ++li)
      for (Index c = 0; c < k; ++c)
        if (const Index s = line_slot(o, li, c); s >= 0) fn(s);
  };
  // each task counts and fills the users of its own range of orders: per-task
  // counts give every (task, resource) pair its own segment of the list
  // (at most kUserParts tasks: each holds two counters per resource)
  const auto parts = static_cast<std::size_t>(std::clamp(pool.size(), 1, kUserParts));
  const auto no = static_cast<std::size_t>(n_orders());
  auto orders_of = [&](std::size_t t) {
    return std::pair{static_cast<Index>(no * t / parts), static_cast<Index>(no * (t + 1) / parts)};
  };
  std::vector<std::vector<Index>> seg(parts, std::vector<Index>(nr, 0));
  pool.for_each(parts, [&](std::size_t t) {
    const auto [lo, hi] = orders_of(t);
    auto& count = seg[t];
    for (Index o = lo; o < hi; ++o) for_each_resource(o, [&](Index r) { ++count[static_cast<std::size_t>(r)]; });
  });
  // counts -> each segment's start
  Index at = 0;
  for (std::size_t r = 0; r < nr; ++r) {
    user_off_[r] = at;
    for (std::size_t t = 0; t < parts; ++t) {
      const Index c = seg[t][r];
      seg[t][r] = at;
      at += c;
    }
  }
  user_off_[nr] = at;
  user_list_.resize(static_cast<std::size_t>(at));
  // fill[t][r]: the next free entry of the segment; a second copy marks its start
  std::vector<std::vector<Index>> fill = seg;
  pool.for_each(parts, [&](std::size_t t) {
    const auto [lo, hi] = orders_of(t);
    auto& next = fill[t];
    const auto& begin = seg[t];
    for (Index o = lo; o < hi; ++o)
      for_each_resource(o, [&](Index r) {
        auto& f = next[static_cast<std::size_t>(r)];
        // an order may list a slot twice (same sku on two lines): keep one entry
        if (f > begin[static_cast<std::size_t>(r)] && user_list_[static_cast<std::size_t>(f - 1)] == o) return;
        user_list_[static_cast<std::size_t>(f++)] = o;
      });
  });
  // compact away the skipped duplicates (segments end where the next one starts)
  std::vector<Index> off(nr + 1, 0);
  std::size_t w = 0;
  for (std::size_t r = 0; r < nr; ++r) {
    off[r] = static_cast<Index>(w);
    for (std::size_t t = 0; t < parts; ++t)
      for (Index i = seg[t][r]; i < fill[t][r]; ++i) user_list_[w++] = user_list_[static_cast<std::size_t>(i)];
  }
  off[nr] = static_cast<Index>(w);
  user_list_.resize(w);
  user_off_ = std::move(off);
}

}  // namespace lastleg::assign
