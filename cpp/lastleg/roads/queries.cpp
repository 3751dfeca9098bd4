#include "lastleg/roads/queries.h"

#include <algorithm>
#include <stdexcept>

#include "lastleg/roads/up_search.h"

namespace lastleg::roads {

namespace {

// A sweep touches every node once per source: worth it only for a handful of sources
// against many targets (the plan's nodes to all their orders).
constexpr std::size_t kSweepMax = 64;
constexpr std::size_t kSweepOther = 2000;

struct BucketEntry {
  std::int32_t node, target;
  Cost cost;
};

}  // namespace

std::vector<Cost> Queries::matrix(std::span<const std::int32_t> sources,
                                  std::span<const std::int32_t> targets, ThreadPool& pool) const {
  for (auto* ids : {&sources, &targets})
    for (auto v : *ids)
      if (v < 0 || v >= h_.size()) throw std::invalid_argument("road query: node out of range");
  if (sources.empty() || targets.empty()) return {};
  if (sources.size() <= kSweepMax && targets.size() >= kSweepOther)
    return sweeps(sources, targets, true, pool);
  if (targets.size() <= kSweepMax && sources.size() >= kSweepOther)
    return sweeps(sources, targets, false, pool);
  return buckets(sources, targets, pool);
}

std::vector<Cost> Queries::buckets(std::span<const std::int32_t> sources,
                                   std::span<const std::int32_t> targets, ThreadPool& pool) const {
  const std::size_t nt = targets.size(), ns = sources.size();
  const std::size_t n_tasks = std::min<std::size_t>(nt, static_cast<std::size_t>(pool.size()) * 4);
  std::vector<std::vector<BucketEntry>> parts(n_tasks);
  pool.for_each(n_tasks, [&](std::size_t task) {
    UpSearch search(h_.size());
    for (std::size_t j = task; j < nt; j += n_tasks) {
      search.run(h_, targets[j], false);
      for (const auto& [v, c] : search.settled()) parts[task].push_back({v, static_cast<std::int32_t>(j), c});
    }
  });
  // buckets in CSR by node, each sorted by target: the layout does not depend on tasks
  std::vector<std::int64_t> offsets(static_cast<std::size_t>(h_.size()) + 1, 0);
  for (const auto& part : parts)
    for (const auto& e : part) ++offsets[static_cast<std::size_t>(e.node) + 1];
  for (std::size_t v = 0; v + 1 < offsets.size(); ++v) offsets[v + 1] += offsets[v];
  std::vector<std::pair<std::int32_t, Cost>> bucket(static_cast<std::size_t>(offsets.back()));
  std::vector<std::int64_t> fill(offsets.begin(), offsets.end() - 1);
  for (const auto& part : parts)
    for (const auto& e : part) bucket[static_cast<std::size_t>(fill[static_cast<std::size_t>(e.node)]++)] = {e.target, e.cost};
  parts.clear();
  pool.for_each(static_cast<std::size_t>(h_.size()), [&](std::size_t v) {
    std::sort(bucket.begin() + offsets[v], bucket.begin() + offsets[v + 1],
              [](const auto& a, const auto& b) { return a.first < b.first; });
  });
  std::vector<Cost> out(ns * nt, kNoPath);
  const std::size_t n_src_tasks = std::min<std::size_t>(ns, static_cast<std::size_t>(pool.size()) * 4);
  pool.for_each(n_src_tasks, [&](std::size_t task) {
    UpSearch search(h_.size());
    for (std::size_t i = task; i < ns; i += n_src_tasks) {
      search.run(h_, sources[i], true);
      Cost* row = out.data() + i * nt;
      for (const auto& [v, a] : search.settled()) {
        const auto uv = static_cast<std::size_t>(v);
        for (std::int64_t k = offsets[uv]; k < offsets[uv + 1]; ++k) {
          const auto& [j, d] = bucket[static_cast<std::size_t>(k)];
          const Cost c = a + d;
          if (c < row[static_cast<std::size_t>(j)]) row[static_cast<std::size_t>(j)] = c;
        }
      }
    }
  });
  return out;
}

std::vector<Cost> Queries::sweeps(std::span<const std::int32_t> sources,
                                  std::span<const std::int32_t> targets, bool forward,
                                  ThreadPool& pool) const {
  // forward: one sweep per source, read at the targets; backward: one per target
  const auto starts = forward ? sources : targets;
  const auto ends = forward ? targets : sources;
  const auto n = static_cast<std::size_t>(h_.size());
  const std::size_t ns = sources.size(), nt = targets.size();
  std::vector<Cost> out(ns * nt, kNoPath);
  pool.for_each(starts.size(), [&](std::size_t k) {
    UpSearch search(h_.size());
    search.run(h_, starts[k], forward);
    std::vector<Cost> d(n, kNoPath);
    for (const auto& [v, c] : search.settled()) d[static_cast<std::size_t>(v)] = c;
    // most important first: every label a node pulls from is final
    for (std::size_t v = 0; v < n; ++v) {
      Cost best = d[v];
      for (const HierarchyArc& a : forward ? h_.down(static_cast<std::int32_t>(v)) : h_.up(static_cast<std::int32_t>(v))) {
        const Cost from = d[static_cast<std::size_t>(a.to)];
        if (reachable(from) && from + a.cost < best) best = from + a.cost;
      }
      d[v] = best;
    }
    for (std::size_t e = 0; e < ends.size(); ++e) {
      const Cost c = d[static_cast<std::size_t>(ends[e])];
      if (forward) out[k * nt + e] = c;
      else out[e * nt + k] = c;
    }
  });
  return out;
}

std::vector<std::int32_t> Queries::path(std::int32_t s, std::int32_t t) const {
  if (s < 0 || t < 0 || s >= h_.size() || t >= h_.size())
    throw std::invalid_argument("road path: node out of range");
  UpSearch fwd(h_.size()), bwd(h_.size());
  fwd.run(h_, s, true);
  bwd.run(h_, t, false);
  std::int32_t meet = -1;
  Cost best = kNoPath;
  for (const auto& [v, a] : fwd.settled()) {
    const Cost b = bwd.dist(v);
    if (reachable(b) && a + b < best) best = a + b, meet = v;
  }
  if (meet < 0) return {};
  std::vector<std::int32_t> up_part{meet}, down_part;
  for (std::int32_t v = meet; v != s;) up_part.push_back(v = fwd.parent(v));
  std::reverse(up_part.begin(), up_part.end());  // s ... meet
  for (std::int32_t v = meet; v != t;) down_part.push_back(v = bwd.parent(v));  // toward t
  std::vector<std::int32_t> hops(up_part);
  hops.insert(hops.end(), down_part.begin(), down_part.end());
  std::vector<std::int32_t> out{s};
  for (std::size_t k = 0; k + 1 < hops.size(); ++k) unpack(hops[k], hops[k + 1], out);
  return out;
}

void Queries::unpack(std::int32_t u, std::int32_t w, std::vector<std::int32_t>& out) const {
  // an explicit stack of arcs still to expand, in path order (last = next)
  std::vector<std::pair<std::int32_t, std::int32_t>> todo{{u, w}};
  while (!todo.empty()) {
    const auto [a, b] = todo.back();
    todo.pop_back();
    const HierarchyArc* arc = h_.arc(a, b);
    if (arc == nullptr) throw std::logic_error("road path: a hierarchy arc is missing");
    if (arc->mid < 0) {
      out.push_back(b);
    } else {
      todo.emplace_back(arc->mid, b);
      todo.emplace_back(a, arc->mid);
    }
  }
}

}  // namespace lastleg::roads
