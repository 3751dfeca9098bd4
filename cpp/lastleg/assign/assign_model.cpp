#include "lastleg/assign/assign_model.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
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

/// Service rows of one level with a k-d tree over their nodes.
struct LevelReach {
  std::vector<Index> rows;
  std::unique_ptr<geo::KdTree> tree;
  double radius = 0.0;
};

struct Block {
  std::vector<Index> count, reach, node;
  std::vector<double> parcel, ship;
  std::vector<Index> lc;
};

}  // namespace

AssignModel::AssignModel(AssignInput input, ThreadPool& pool) : in_(std::move(input)) {
  const bool debug = std::getenv("LASTLEG_ASSIGN_DEBUG") != nullptr;
  const auto t0 = std::chrono::steady_clock::now();
  auto trace = [&](const char* what) {
    if (debug)
      std::fprintf(stderr, "[model %.3fs cpu %.3fs] %s\n",
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                   static_cast<double>(std::clock()) / CLOCKS_PER_SEC, what);
  };
  in_.validate();
  trace("validate");
  build_lines();
  build_slots();
  trace("slots");
  build_candidates(pool);
  trace("candidates");
  build_users(pool);
  trace("users");
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

Index AssignModel::find_slot(Index sku, Index node) const {
  if (!dense_slot_.empty())
    return dense_slot_[static_cast<std::size_t>(sku) * static_cast<std::size_t>(n_nodes()) +
                       static_cast<std::size_t>(node)];
  const Index* b0 = sku_slots_.data() + sku_off_[sku];
  const Index* b1 = sku_slots_.data() + sku_off_[sku + 1];
  const Index* it = std::lower_bound(b0, b1, node, [&](Index s, Index n) { return slot_node_[s] < n; });
  return it != b1 && slot_node_[*it] == node ? *it : -1;
}

void AssignModel::build_candidates(ThreadPool& pool) {
  const double detour = in_.policy.detour_factor;
  std::vector<LevelReach> levels(static_cast<std::size_t>(in_.n_levels));
  for (std::size_t r = 0; r < in_.svc_node.size(); ++r)
    levels[static_cast<std::size_t>(in_.svc_level[r])].rows.push_back(static_cast<Index>(r));
  for (auto& level : levels) {
    if (level.rows.empty()) continue;
    std::vector<double> pts(level.rows.size() * 3);
    double max_km = 0.0;
    for (std::size_t i = 0; i < level.rows.size(); ++i) {
      const auto r = static_cast<std::size_t>(level.rows[i]);
      const Index n = in_.svc_node[r];
      unit_sphere(in_.node_lat[n], in_.node_lon[n], &pts[3 * i]);
      max_km = std::max(max_km, in_.svc_max_km[r]);
    }
    level.tree = std::make_unique<geo::KdTree>(pts, 3);
    level.radius = chord_radius(max_km / detour);
  }

  // per node: latitude in radians and its cosine, so each (order, node) pair
  // evaluates the same expression as geo::haversine_m with two fewer cosines
  const auto nn = static_cast<std::size_t>(n_nodes());
  std::vector<double> node_p(nn), node_cos(nn);
  for (std::size_t n = 0; n < nn; ++n) {
    node_p[n] = in_.node_lat[n] * geo::kDegToRad;
    node_cos[n] = std::cos(node_p[n]);
  }
  const std::size_t no = static_cast<std::size_t>(n_orders());
  const std::size_t n_blocks = (no + kBlock - 1) / kBlock;
  std::vector<Block> blocks(n_blocks);
  pool.for_each(n_blocks, [&](std::size_t b) {
    Block& blk = blocks[b];
    std::vector<Index> hits;
    std::vector<std::pair<Index, std::pair<double, double>>> found;  // node, (parcel, ship)
    std::vector<Index> col, tmp;
    double q[3];
    for (std::size_t o = b * kBlock; o < std::min(no, (b + 1) * kBlock); ++o) {
      const auto& level = levels[static_cast<std::size_t>(in_.order_level[o])];
      found.clear();
      if (level.tree) {
        unit_sphere(in_.order_lat[o], in_.order_lon[o], q);
        level.tree->within(q, level.radius, hits);
        const double p1 = in_.order_lat[o] * geo::kDegToRad;
        const double cos_p1 = std::cos(p1);
        const double lon1 = in_.order_lon[o];
        for (Index h : hits) {
          const auto r = static_cast<std::size_t>(level.rows[static_cast<std::size_t>(h)]);
          const Index n = in_.svc_node[r];
          const auto ni = static_cast<std::size_t>(n);
          const double dp = node_p[ni] - p1, dl = (in_.node_lon[n] - lon1) * geo::kDegToRad;
          const double s1 = std::sin(0.5 * dp), s2 = std::sin(0.5 * dl);
          const double a = s1 * s1 + cos_p1 * node_cos[ni] * s2 * s2;
          const double km = 2.0 * geo::kEarthRadiusM * std::asin(std::sqrt(std::fmin(1.0, a))) /
                            1000.0 * detour;
          if (!(km <= in_.svc_max_km[r])) continue;
          const double ship = in_.svc_fixed_cost[r] + in_.svc_cost_per_km[r] * km;
          found.push_back({n, {ship + in_.node_cost_per_order[n], ship}});
        }
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
      // one candidate per node: the cheapest row
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end(),
                              [](const auto& x, const auto& y) { return x.first == y.first; }),
                  found.end());
      // count distinct reachable nodes
      blk.reach.push_back(static_cast<Index>(found.size()));
      // cheapest parcel first: unpriced searches scan a prefix of the candidates
      std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
        return x.second.first < y.second.first || (x.second.first == y.second.first && x.first < y.first);
      });
      // keep nodes that can ship something: capacity and stock of at least one line
      const auto ls = lines(static_cast<Index>(o));
      const std::size_t lc_start = blk.lc.size();
      Index kept = 0;
      col.resize(ls.size());
      for (const auto& f : found) {
        const Index n = f.first;
        if (cap_orders_[n] == 0 || cap_units_[n] == 0) continue;
        bool any = false;
        for (std::size_t li = 0; li < ls.size(); ++li) {
          const Index slot = find_slot(in_.line_sku[ls[li]], n);
          col[li] = slot >= 0 && slot_avail_[slot] > 0 ? slot : -1;
          any = any || col[li] >= 0;
        }
        if (!any) continue;
        blk.node.push_back(n);
        blk.parcel.push_back(f.second.first);
        blk.ship.push_back(f.second.second);
        for (Index s : col) blk.lc.push_back(s);  // column-major for now: fixed below
        ++kept;
      }
      // reorder lc from [cand][line] to [line][cand]
      const std::size_t nl = ls.size();
      tmp.assign(blk.lc.begin() + static_cast<std::ptrdiff_t>(lc_start), blk.lc.end());
      for (Index k = 0; k < kept; ++k)
        for (std::size_t li = 0; li < nl; ++li)
          blk.lc[lc_start + li * static_cast<std::size_t>(kept) + static_cast<std::size_t>(k)] =
              tmp[static_cast<std::size_t>(k) * nl + li];
      blk.count.push_back(kept);
    }
  });

  cand_off_.assign(no + 1, 0);
  lc_off_.assign(no + 1, 0);
  reach_count_.reserve(no);
  std::size_t n_cand = 0, n_lc = 0;
  for (const auto& blk : blocks) {
    n_cand += blk.node.size();
    n_lc += blk.lc.size();
  }
  cand_node_.reserve(n_cand);
  cand_parcel_.reserve(n_cand);
  cand_ship_.reserve(n_cand);
  lc_slot_.reserve(n_lc);
  std::size_t o = 0;
  for (auto& blk : blocks) {
    for (std::size_t i = 0; i < blk.count.size(); ++i, ++o) {
      cand_off_[o + 1] = cand_off_[o] + blk.count[i];
      lc_off_[o + 1] = lc_off_[o] + static_cast<std::int64_t>(blk.count[i]) * n_lines(static_cast<Index>(o));
      reach_count_.push_back(blk.reach[i]);
    }
    cand_node_.insert(cand_node_.end(), blk.node.begin(), blk.node.end());
    cand_parcel_.insert(cand_parcel_.end(), blk.parcel.begin(), blk.parcel.end());
    cand_ship_.insert(cand_ship_.end(), blk.ship.begin(), blk.ship.end());
    lc_slot_.insert(lc_slot_.end(), blk.lc.begin(), blk.lc.end());
    blk = Block{};
  }
}

void AssignModel::build_users(ThreadPool& pool) {
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
  // each task owns a range of resources and scans every order: the scattered
  // writes, the costly part, are split between the threads
  const auto parts = static_cast<std::size_t>(std::max(1, pool.size()));
  auto range = [&](std::size_t t) { return std::pair{nr * t / parts, nr * (t + 1) / parts}; };
  pool.for_each(parts, [&](std::size_t t) {
    const auto [lo, hi] = range(t);
    for (Index o = 0; o < n_orders(); ++o)
      for_each_resource(o, [&](Index r) {
        if (static_cast<std::size_t>(r) >= lo && static_cast<std::size_t>(r) < hi)
          ++user_off_[static_cast<std::size_t>(r) + 1];
      });
  });
  for (std::size_t r = 0; r < nr; ++r) user_off_[r + 1] += user_off_[r];
  user_list_.resize(static_cast<std::size_t>(user_off_[nr]));
  std::vector<Index> fill(user_off_.begin(), user_off_.end() - 1);
  pool.for_each(parts, [&](std::size_t t) {
    const auto [lo, hi] = range(t);
    for (Index o = 0; o < n_orders(); ++o)
      for_each_resource(o, [&](Index r) {
        if (static_cast<std::size_t>(r) < lo || static_cast<std::size_t>(r) >= hi) return;
        auto& f = fill[static_cast<std::size_t>(r)];
        // an order may list a slot twice (same sku on two lines): keep one entry
        if (f > user_off_[static_cast<std::size_t>(r)] && user_list_[static_cast<std::size_t>(f - 1)] == o) return;
        user_list_[static_cast<std::size_t>(f++)] = o;
      });
  });
  // compact away the skipped duplicates
  std::vector<Index> off(nr + 1, 0);
  std::size_t w = 0;
  for (std::size_t r = 0; r < nr; ++r) {
    off[r] = static_cast<Index>(w);
    for (Index i = user_off_[r]; i < fill[r]; ++i) user_list_[w++] = user_list_[static_cast<std::size_t>(i)];
  }
  off[nr] = static_cast<Index>(w);
  user_list_.resize(w);
  user_off_ = std::move(off);
}

}  // namespace lastleg::assign
