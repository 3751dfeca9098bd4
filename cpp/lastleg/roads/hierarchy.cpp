#include "lastleg/roads/hierarchy.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>

#include "lastleg/roads/contraction.h"

namespace lastleg::roads {

namespace {

/// Arcs of every node into CSR, `to` and `mid` renumbered to internal ids, each node's
/// arcs sorted by `to` (so `arc()` can search them and the layout is deterministic).
void pack(const std::vector<std::vector<HierarchyArc>>& per_node, std::vector<std::int64_t>& offsets,
          std::vector<HierarchyArc>& arcs) {
  offsets.assign(per_node.size() + 1, 0);
  for (std::size_t v = 0; v < per_node.size(); ++v)
    offsets[v + 1] = offsets[v] + static_cast<std::int64_t>(per_node[v].size());
  arcs.clear();
  arcs.reserve(static_cast<std::size_t>(offsets.back()));
  for (const auto& list : per_node) {
    const auto first = arcs.size();
    arcs.insert(arcs.end(), list.begin(), list.end());
    std::sort(arcs.begin() + static_cast<std::ptrdiff_t>(first), arcs.end(),
              [](const HierarchyArc& a, const HierarchyArc& b) { return a.to < b.to; });
  }
}

}  // namespace

Hierarchy Hierarchy::build(std::int32_t n, std::span<const std::int32_t> tail,
                           std::span<const std::int32_t> head, std::span<const std::int64_t> dur_ms,
                           std::span<const std::int64_t> len_mm) {
  if (n < 0) throw std::invalid_argument("road graph: negative node count");
  Contraction c(n, tail, head, dur_ms, len_mm);
  c.run();
  Hierarchy h;
  const auto un = static_cast<std::size_t>(n);
  h.internal_of_.resize(un);
  h.original_of_.resize(un);
  for (std::size_t v = 0; v < un; ++v) {
    const std::int32_t internal = n - 1 - c.order()[v];  // contracted last = 0
    h.internal_of_[v] = internal;
    h.original_of_[static_cast<std::size_t>(internal)] = static_cast<std::int32_t>(v);
  }
  std::vector<std::vector<HierarchyArc>> up(un), down(un);
  auto& frozen = c.frozen();
  for (std::size_t v = 0; v < un; ++v) {
    const auto iv = static_cast<std::size_t>(h.internal_of_[v]);
    for (auto* lists : {&frozen[v].up, &frozen[v].down})
      for (auto& a : *lists) {
        a.to = h.internal_of_[static_cast<std::size_t>(a.to)];
        if (a.mid >= 0) a.mid = h.internal_of_[static_cast<std::size_t>(a.mid)];
      }
    up[iv] = std::move(frozen[v].up);
    down[iv] = std::move(frozen[v].down);
  }
  pack(up, h.up_off_, h.up_);
  pack(down, h.down_off_, h.down_);
  return h;
}

Hierarchy Hierarchy::from_arrays(const Arrays& a) {
  const std::size_t n = a.internal_of.size();
  if (a.up_offsets.size() != n + 1 || a.down_offsets.size() != n + 1)
    throw std::invalid_argument("road hierarchy: offsets do not match the node count");
  Hierarchy h;
  h.internal_of_ = a.internal_of;
  h.original_of_.assign(n, -1);
  for (std::size_t v = 0; v < n; ++v) {
    const std::int32_t i = a.internal_of[v];
    if (i < 0 || static_cast<std::size_t>(i) >= n || h.original_of_[static_cast<std::size_t>(i)] >= 0)
      throw std::invalid_argument("road hierarchy: internal ids are not a permutation");
    h.original_of_[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(v);
  }
  auto load = [n](const std::vector<std::int64_t>& off, const std::vector<std::int32_t>& to,
                  const std::vector<std::int32_t>& mid, const std::vector<std::int64_t>& dur,
                  const std::vector<std::int64_t>& len, std::vector<HierarchyArc>& out) {
    const auto m = static_cast<std::size_t>(off.back());
    if (off.front() != 0 || to.size() != m || mid.size() != m || dur.size() != m || len.size() != m)
      throw std::invalid_argument("road hierarchy: arc arrays do not match their offsets");
    out.resize(m);
    for (std::size_t k = 0; k < m; ++k) {
      if (to[k] < 0 || static_cast<std::size_t>(to[k]) >= n || mid[k] < -1 ||
          (mid[k] >= 0 && static_cast<std::size_t>(mid[k]) >= n))
        throw std::invalid_argument("road hierarchy: arc " + std::to_string(k) + " out of range");
      out[k] = {to[k], mid[k], {dur[k], len[k]}};
    }
  };
  h.up_off_ = a.up_offsets;
  h.down_off_ = a.down_offsets;
  load(a.up_offsets, a.up_to, a.up_mid, a.up_dur, a.up_len, h.up_);
  load(a.down_offsets, a.down_to, a.down_mid, a.down_dur, a.down_len, h.down_);
  return h;
}

Hierarchy::Arrays Hierarchy::arrays() const {
  Arrays a;
  a.internal_of = internal_of_;
  a.up_offsets = up_off_;
  a.down_offsets = down_off_;
  for (const auto& [arcs, to, mid, dur, len] :
       {std::tie(up_, a.up_to, a.up_mid, a.up_dur, a.up_len),
        std::tie(down_, a.down_to, a.down_mid, a.down_dur, a.down_len)}) {
    for (const HierarchyArc& x : arcs) {
      to.push_back(x.to);
      mid.push_back(x.mid);
      dur.push_back(x.cost.dur);
      len.push_back(x.cost.len);
    }
  }
  return a;
}

const HierarchyArc* Hierarchy::arc(std::int32_t u, std::int32_t w) const {
  // u -> w with w more important is in up(u); with u more important it is in down(w)
  const bool upward = w < u;
  const auto list = upward ? up(u) : down(w);
  const std::int32_t key = upward ? w : u;
  const auto it = std::lower_bound(list.begin(), list.end(), key,
                                   [](const HierarchyArc& a, std::int32_t k) { return a.to < k; });
  return it != list.end() && it->to == key ? &*it : nullptr;
}

}  // namespace lastleg::roads
