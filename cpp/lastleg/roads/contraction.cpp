#include "lastleg/roads/contraction.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace lastleg::roads {

namespace {

// A witness search settles at most this many nodes: a missed witness only adds a
// shortcut (queries stay exact), a larger limit only costs build time.
constexpr int kSettleLimit = 400;

}  // namespace

Contraction::Contraction(std::int32_t n, std::span<const std::int32_t> tail,
                         std::span<const std::int32_t> head, std::span<const std::int64_t> dur_ms,
                         std::span<const std::int64_t> len_mm)
    : n_(n),
      out_(static_cast<std::size_t>(n)),
      in_(static_cast<std::size_t>(n)),
      done_(static_cast<std::size_t>(n), 0),
      contracted_neighbours_(static_cast<std::size_t>(n), 0),
      depth_(static_cast<std::size_t>(n), 0),
      frozen_(static_cast<std::size_t>(n)),
      dist_(static_cast<std::size_t>(n), kNoPath) {
  const std::size_t m = tail.size();
  if (head.size() != m || dur_ms.size() != m || len_mm.size() != m)
    throw std::invalid_argument("road arcs: tail, head, durations and lengths differ in length");
  for (std::size_t a = 0; a < m; ++a) {
    if (tail[a] < 0 || tail[a] >= n || head[a] < 0 || head[a] >= n)
      throw std::invalid_argument("road arc " + std::to_string(a) + ": node out of range");
    if (dur_ms[a] < 0 || len_mm[a] < 0)
      throw std::invalid_argument("road arc " + std::to_string(a) + ": negative cost");
    if (tail[a] != head[a]) add_edge(tail[a], head[a], {dur_ms[a], len_mm[a]}, -1);
  }
}

void Contraction::add_edge(std::int32_t u, std::int32_t w, Cost c, std::int32_t mid) {
  auto& outs = out_[static_cast<std::size_t>(u)];
  for (auto& e : outs) {
    if (e.to != w) continue;
    if (c < e.cost) {  // a cheaper way between the same pair replaces the arc
      e.cost = c;
      e.mid = mid;
      for (auto& f : in_[static_cast<std::size_t>(w)])
        if (f.to == u) f.cost = c, f.mid = mid;
    }
    return;
  }
  outs.push_back({w, mid, c});
  in_[static_cast<std::size_t>(w)].push_back({u, mid, c});
}

void Contraction::witness_search(std::int32_t source, std::int32_t skip, Cost limit) {
  for (auto v : touched_) dist_[static_cast<std::size_t>(v)] = kNoPath;
  touched_.clear();
  heap_ = {};
  dist_[static_cast<std::size_t>(source)] = {};
  touched_.push_back(source);
  heap_.push({{}, source});
  int settled = 0;
  while (!heap_.empty() && settled < kSettleLimit) {
    const auto [d, v] = heap_.top();
    heap_.pop();
    if (dist_[static_cast<std::size_t>(v)] < d) continue;
    if (limit < d) break;
    ++settled;
    for (const Edge& e : out_[static_cast<std::size_t>(v)]) {
      if (e.to == skip || done_[static_cast<std::size_t>(e.to)]) continue;
      const Cost nd = d + e.cost;
      Cost& cur = dist_[static_cast<std::size_t>(e.to)];
      if (nd < cur) {
        if (!reachable(cur)) touched_.push_back(e.to);
        cur = nd;
        heap_.push({nd, e.to});
      }
    }
  }
}

void Contraction::shortcuts_of(std::int32_t v, std::vector<Shortcut>& out) {
  out.clear();
  const auto& ins = in_[static_cast<std::size_t>(v)];
  const auto& outs = out_[static_cast<std::size_t>(v)];
  for (const Edge& from : ins) {
    Cost limit{};
    for (const Edge& to : outs)
      if (to.to != from.to) limit = std::max(limit, from.cost + to.cost);
    witness_search(from.to, v, limit);
    for (const Edge& to : outs) {
      if (to.to == from.to) continue;
      const Cost via = from.cost + to.cost;
      if (via < dist_[static_cast<std::size_t>(to.to)]) out.push_back({from.to, to.to, via});
    }
  }
}

std::int64_t Contraction::priority(std::int32_t v) {
  shortcuts_of(v, scratch_);
  const auto uv = static_cast<std::size_t>(v);
  const auto removed = static_cast<std::int64_t>(in_[uv].size() + out_[uv].size());
  const std::int64_t edge_difference = static_cast<std::int64_t>(scratch_.size()) - removed;
  return 4 * edge_difference + 2 * contracted_neighbours_[uv] + depth_[uv];
}

void Contraction::contract(std::int32_t v) {
  const auto uv = static_cast<std::size_t>(v);
  shortcuts_of(v, scratch_);
  // v's arcs now all lead to more important nodes: they are its part of the hierarchy
  for (const Edge& e : out_[uv]) frozen_[uv].up.push_back({e.to, e.mid, e.cost});
  for (const Edge& e : in_[uv]) frozen_[uv].down.push_back({e.to, e.mid, e.cost});
  done_[uv] = 1;
  for (const Edge& e : out_[uv]) {
    auto& back = in_[static_cast<std::size_t>(e.to)];
    std::erase_if(back, [v](const Edge& f) { return f.to == v; });
  }
  for (const Edge& e : in_[uv]) {
    auto& back = out_[static_cast<std::size_t>(e.to)];
    std::erase_if(back, [v](const Edge& f) { return f.to == v; });
  }
  for (const Shortcut& s : scratch_) add_edge(s.from, s.to, s.cost, v);
  for (const auto* list : {&out_[uv], &in_[uv]})
    for (const Edge& e : *list) {
      const auto x = static_cast<std::size_t>(e.to);
      ++contracted_neighbours_[x];
      depth_[x] = std::max(depth_[x], depth_[uv] + 1);
    }
  out_[uv].clear();
  in_[uv].clear();
  out_[uv].shrink_to_fit();
  in_[uv].shrink_to_fit();
}

void Contraction::run() {
  using Entry = std::pair<std::int64_t, std::int32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  for (std::int32_t v = 0; v < n_; ++v) queue.push({priority(v), v});
  order_.assign(static_cast<std::size_t>(n_), -1);
  std::int32_t next = 0;
  while (!queue.empty()) {
    const auto [p, v] = queue.top();
    queue.pop();
    if (done_[static_cast<std::size_t>(v)]) continue;
    const std::int64_t now = priority(v);  // lazy update: priorities only grow stale
    if (!queue.empty() && now > queue.top().first) {
      queue.push({now, v});
      continue;
    }
    // the neighbours' priorities change with v gone: queue them again
    std::vector<std::int32_t> neighbours;
    for (const Edge& e : out_[static_cast<std::size_t>(v)]) neighbours.push_back(e.to);
    for (const Edge& e : in_[static_cast<std::size_t>(v)]) neighbours.push_back(e.to);
    contract(v);
    order_[static_cast<std::size_t>(v)] = next++;
    std::sort(neighbours.begin(), neighbours.end());
    neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
    for (auto x : neighbours) queue.push({priority(x), x});
  }
}

}  // namespace lastleg::roads
