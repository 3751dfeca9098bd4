// The road engine against a plain lexicographic Dijkstra on random directed graphs:
// every matrix cell (bucket queries and PHAST sweeps, one and several threads), paths
// whose arcs add up to the matrix, and a hierarchy rebuilt from its cached arrays.
#include <cstdint>
#include <queue>
#include <random>
#include <utility>
#include <vector>

#include "harness.h"
#include "lastleg/common/thread_pool.h"
#include "lastleg/roads/cost.h"
#include "lastleg/roads/hierarchy.h"
#include "lastleg/roads/queries.h"

using lastleg::ThreadPool;
using lastleg::roads::Cost;
using lastleg::roads::Hierarchy;
using lastleg::roads::kNoPath;
using lastleg::roads::Queries;

namespace {

struct Graph {
  std::int32_t n = 0;
  std::vector<std::int32_t> tail, head;
  std::vector<std::int64_t> dur, len;
};

/// A jittered grid: two-way and one-way streets, few distinct durations (many ties the
/// lengths must break), parallel arcs, self loops and a few cut-off nodes.
Graph random_graph(std::int32_t side, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, 99);
  Graph g;
  g.n = side * side;
  auto add = [&](std::int32_t a, std::int32_t b) {
    g.tail.push_back(a);
    g.head.push_back(b);
    g.dur.push_back(1000 * (1 + pick(rng) % 4));
    g.len.push_back(5000 + 100 * pick(rng));
  };
  for (std::int32_t r = 0; r < side; ++r) {
    for (std::int32_t c = 0; c < side; ++c) {
      const std::int32_t v = r * side + c;
      if (pick(rng) < 3) continue;  // an island: no arcs out of it
      for (const std::int32_t w : {c + 1 < side ? v + 1 : -1, r + 1 < side ? v + side : -1}) {
        if (w < 0) continue;
        const int kind = pick(rng);
        if (kind < 70) {
          add(v, w);
          add(w, v);
        } else if (kind < 85) {
          add(v, w);
        } else {
          add(w, v);
        }
        if (kind % 17 == 0) add(v, w);  // a parallel arc
      }
      if (pick(rng) < 2) add(v, v);
    }
  }
  return g;
}

std::vector<Cost> dijkstra(const Graph& g, std::int32_t source) {
  std::vector<std::vector<std::pair<std::int32_t, Cost>>> out(static_cast<std::size_t>(g.n));
  for (std::size_t a = 0; a < g.tail.size(); ++a)
    out[static_cast<std::size_t>(g.tail[a])].push_back({g.head[a], Cost{g.dur[a], g.len[a]}});
  std::vector<Cost> best(static_cast<std::size_t>(g.n), kNoPath);
  using Item = std::pair<Cost, std::int32_t>;
  auto later = [](const Item& a, const Item& b) { return b.first < a.first; };
  std::priority_queue<Item, std::vector<Item>, decltype(later)> queue(later);
  best[static_cast<std::size_t>(source)] = Cost{};
  queue.push({Cost{}, source});
  while (!queue.empty()) {
    const auto [cost, v] = queue.top();
    queue.pop();
    if (best[static_cast<std::size_t>(v)] < cost) continue;
    for (const auto& [w, arc] : out[static_cast<std::size_t>(v)]) {
      const Cost next = cost + arc;
      if (next < best[static_cast<std::size_t>(w)]) {
        best[static_cast<std::size_t>(w)] = next;
        queue.push({next, w});
      }
    }
  }
  return best;
}

Hierarchy build(const Graph& g) { return Hierarchy::build(g.n, g.tail, g.head, g.dur, g.len); }

/// Every cell of sources x targets (original ids) equals Dijkstra's, with 1 and 3 threads.
void check_matrix(const Graph& g, const Hierarchy& h, const std::vector<std::int32_t>& sources,
                  const std::vector<std::int32_t>& targets) {
  std::vector<std::int32_t> s, t;
  for (const auto v : sources) s.push_back(h.internal(v));
  for (const auto v : targets) t.push_back(h.internal(v));
  ThreadPool one(1), three(3);
  const auto cells = Queries(h).matrix(s, t, one);
  CHECK(cells == Queries(h).matrix(s, t, three));
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto ref = dijkstra(g, sources[i]);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      const Cost got = cells[i * targets.size() + j];
      const Cost want = ref[static_cast<std::size_t>(targets[j])];
      wrong += !(got == want) && (lastleg::roads::reachable(got) || lastleg::roads::reachable(want));
    }
  }
  CHECK_MSG(wrong == 0, "%zu of %zu cells differ from Dijkstra", wrong,
            sources.size() * targets.size());
}

std::vector<std::int32_t> sample(std::int32_t n, std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int32_t> pick(0, n - 1);
  std::vector<std::int32_t> out(count);
  for (auto& v : out) v = pick(rng);
  return out;
}

}  // namespace

TEST_CASE(bucket_matrices_equal_dijkstra) {
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    const Graph g = random_graph(18, seed);
    const Hierarchy h = build(g);
    check_matrix(g, h, sample(g.n, 40, seed), sample(g.n, 60, seed + 100));
  }
}

TEST_CASE(sweep_matrices_equal_dijkstra) {
  const Graph g = random_graph(50, 9);  // 2,500 nodes: few x many takes the PHAST sweeps
  const Hierarchy h = build(g);
  std::vector<std::int32_t> all(static_cast<std::size_t>(g.n));
  for (std::int32_t v = 0; v < g.n; ++v) all[static_cast<std::size_t>(v)] = v;
  const auto few = sample(g.n, 5, 3);
  check_matrix(g, h, few, all);
  check_matrix(g, h, all, few);
}

TEST_CASE(paths_add_up_to_the_matrix) {
  const Graph g = random_graph(20, 5);
  const Hierarchy h = build(g);
  const Queries q(h);
  ThreadPool pool(1);
  const auto from = sample(g.n, 30, 7), to = sample(g.n, 30, 8);
  for (std::size_t k = 0; k < from.size(); ++k) {
    const std::int32_t s = h.internal(from[k]), t = h.internal(to[k]);
    const Cost want = dijkstra(g, from[k])[static_cast<std::size_t>(to[k])];
    const auto path = q.path(s, t);
    if (!lastleg::roads::reachable(want)) {
      CHECK_MSG(path.empty(), "a path %d->%d where none exists", from[k], to[k]);
      continue;
    }
    Cost sum{};
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      Cost cheapest = kNoPath;  // the cheapest road arc between consecutive path nodes
      for (std::size_t a = 0; a < g.tail.size(); ++a)
        if (g.tail[a] != g.head[a] && h.internal(g.tail[a]) == path[i] &&
            h.internal(g.head[a]) == path[i + 1] && Cost{g.dur[a], g.len[a]} < cheapest)
          cheapest = Cost{g.dur[a], g.len[a]};
      CHECK_MSG(lastleg::roads::reachable(cheapest), "path step %zu is not a road arc", i);
      sum = sum + cheapest;
    }
    CHECK_MSG(path.size() >= 1 && path.front() == s && path.back() == t, "path ends %d->%d",
              from[k], to[k]);
    CHECK_MSG(sum == want, "path %d->%d costs (%lld, %lld), Dijkstra (%lld, %lld)", from[k],
              to[k], static_cast<long long>(sum.dur), static_cast<long long>(sum.len),
              static_cast<long long>(want.dur), static_cast<long long>(want.len));
  }
}

TEST_CASE(hierarchy_from_its_arrays_answers_the_same) {
  const Graph g = random_graph(16, 11);
  const Hierarchy h = build(g);
  const Hierarchy again = Hierarchy::from_arrays(h.arrays());
  CHECK(again.size() == h.size() && again.arc_count() == h.arc_count());
  std::vector<std::int32_t> all(static_cast<std::size_t>(h.size()));
  for (std::int32_t v = 0; v < h.size(); ++v) all[static_cast<std::size_t>(v)] = v;
  ThreadPool pool(2);
  CHECK(Queries(h).matrix(all, all, pool) == Queries(again).matrix(all, all, pool));
}
