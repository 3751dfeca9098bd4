// Tarjan's algorithm, iterative (road graphs are deep: recursion would overflow).
#include "lastleg/roads/components.h"

#include <algorithm>
#include <stdexcept>

namespace lastleg::roads {

std::vector<char> largest_strong_component(std::int32_t n, std::span<const std::int32_t> tail,
                                           std::span<const std::int32_t> head) {
  if (tail.size() != head.size()) throw std::invalid_argument("tail and head differ in length");
  const auto un = static_cast<std::size_t>(n);
  std::vector<std::int32_t> start(un + 1, 0), adj(tail.size());
  for (std::size_t a = 0; a < tail.size(); ++a) {
    if (tail[a] < 0 || tail[a] >= n || head[a] < 0 || head[a] >= n)
      throw std::invalid_argument("arc " + std::to_string(a) + ": node out of range");
    ++start[static_cast<std::size_t>(tail[a]) + 1];
  }
  for (std::size_t v = 0; v < un; ++v) start[v + 1] += start[v];
  std::vector<std::int32_t> fill(start.begin(), start.end() - 1);
  for (std::size_t a = 0; a < tail.size(); ++a) adj[static_cast<std::size_t>(fill[static_cast<std::size_t>(tail[a])]++)] = head[a];

  std::vector<std::int32_t> index(un, -1), low(un, 0), comp(un, -1), stack, next_arc(un, 0);
  std::vector<std::int32_t> call;  // the DFS path
  std::vector<char> on_stack(un, 0);
  std::int32_t counter = 0, n_comp = 0;
  for (std::int32_t root = 0; root < n; ++root) {
    if (index[static_cast<std::size_t>(root)] >= 0) continue;
    call.push_back(root);
    while (!call.empty()) {
      const std::int32_t v = call.back();
      const auto uv = static_cast<std::size_t>(v);
      if (index[uv] < 0) {
        index[uv] = low[uv] = counter++;
        stack.push_back(v);
        on_stack[uv] = 1;
        next_arc[uv] = start[uv];
      }
      bool descended = false;
      while (next_arc[uv] < start[uv + 1]) {
        const std::int32_t w = adj[static_cast<std::size_t>(next_arc[uv]++)];
        const auto uw = static_cast<std::size_t>(w);
        if (index[uw] < 0) {
          call.push_back(w);
          descended = true;
          break;
        }
        if (on_stack[uw]) low[uv] = std::min(low[uv], index[uw]);
      }
      if (descended) continue;
      if (low[uv] == index[uv]) {
        std::int32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[static_cast<std::size_t>(w)] = 0;
          comp[static_cast<std::size_t>(w)] = n_comp;
        } while (w != v);
        ++n_comp;
      }
      call.pop_back();
      if (!call.empty()) {
        const auto up = static_cast<std::size_t>(call.back());
        low[up] = std::min(low[up], low[uv]);
      }
    }
  }
  std::vector<std::int32_t> size(static_cast<std::size_t>(n_comp), 0);
  for (auto c : comp) ++size[static_cast<std::size_t>(c)];
  std::int32_t best = -1;
  for (std::int32_t v = 0; v < n; ++v) {  // the largest; ties to the one with the lowest node
    const std::int32_t c = comp[static_cast<std::size_t>(v)];
    if (best < 0 || size[static_cast<std::size_t>(c)] > size[static_cast<std::size_t>(best)]) best = c;
  }
  std::vector<char> keep(un, 0);
  for (std::size_t v = 0; v < un; ++v) keep[v] = comp[v] == best;
  return keep;
}

}  // namespace lastleg::roads
