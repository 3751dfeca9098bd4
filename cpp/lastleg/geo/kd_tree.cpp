#include "lastleg/geo/kd_tree.h"

#include <algorithm>
#include <stdexcept>

namespace lastleg::geo {
namespace {
constexpr Index kLeafSize = 12;
}

KdTree::KdTree(std::span<const double> coords, int dim)
    : dim_(dim), coords_(coords.begin(), coords.end()) {
  if (dim < 1 || dim > 3) throw std::invalid_argument("KdTree: dim must be 1, 2 or 3");
  if (coords.size() % static_cast<std::size_t>(dim) != 0)
    throw std::invalid_argument("KdTree: coordinate count is not a multiple of dim");
  const auto n = static_cast<Index>(coords.size() / static_cast<std::size_t>(dim));
  perm_.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) perm_[static_cast<std::size_t>(i)] = i;
  nodes_.reserve(static_cast<std::size_t>(2 * (n / kLeafSize + 1)));
  if (n > 0) build(0, n);
}

Index KdTree::build(Index begin, Index end) {
  Node node{};
  node.begin = begin;
  node.end = end;
  for (int d = 0; d < dim_; ++d) {
    node.lo[d] = kInfinity;
    node.hi[d] = -kInfinity;
  }
  for (Index i = begin; i < end; ++i) {
    const double* p = &coords_[static_cast<std::size_t>(perm_[i]) * dim_];
    for (int d = 0; d < dim_; ++d) {
      node.lo[d] = std::min(node.lo[d], p[d]);
      node.hi[d] = std::max(node.hi[d], p[d]);
    }
  }
  const auto id = static_cast<Index>(nodes_.size());
  nodes_.push_back(node);
  if (end - begin <= kLeafSize) return id;

  int axis = 0;
  for (int d = 1; d < dim_; ++d)
    if (node.hi[d] - node.lo[d] > node.hi[axis] - node.lo[axis]) axis = d;
  const Index mid = begin + (end - begin) / 2;
  auto key = [&](Index p) { return coords_[static_cast<std::size_t>(p) * dim_ + axis]; };
  std::nth_element(perm_.begin() + begin, perm_.begin() + mid, perm_.begin() + end,
                   [&](Index a, Index b) { return key(a) < key(b) || (key(a) == key(b) && a < b); });
  const double split = key(perm_[mid]);
  const Index left = build(begin, mid);
  const Index right = build(mid, end);
  nodes_[id].axis = axis;
  nodes_[id].split = split;
  nodes_[id].left = left;
  nodes_[id].right = right;
  return id;
}

double KdTree::box_distance2(const Node& node, const double* q) const {
  double s = 0.0;
  for (int d = 0; d < dim_; ++d) {
    double diff = 0.0;
    if (q[d] < node.lo[d]) diff = node.lo[d] - q[d];
    else if (q[d] > node.hi[d]) diff = q[d] - node.hi[d];
    s += diff * diff;
  }
  return s;
}

double KdTree::point_distance2(Index point, const double* q) const {
  const double* p = &coords_[static_cast<std::size_t>(point) * dim_];
  double s = 0.0;
  for (int d = 0; d < dim_; ++d) s += (p[d] - q[d]) * (p[d] - q[d]);
  return s;
}

void KdTree::nearest(const double* query, int k, Index exclude,
                     std::vector<std::pair<double, Index>>& out) const {
  out.clear();
  if (k <= 0 || nodes_.empty()) return;
  // `out` is kept as a max-heap on (distance, index) while searching.
  const auto want = static_cast<std::size_t>(k);
  Index stack[128];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& node = nodes_[static_cast<std::size_t>(stack[--top])];
    if (out.size() == want && box_distance2(node, query) > out.front().first) continue;
    if (node.left < 0) {
      for (Index i = node.begin; i < node.end; ++i) {
        const Index p = perm_[static_cast<std::size_t>(i)];
        if (p == exclude) continue;
        const std::pair<double, Index> cand{point_distance2(p, query), p};
        if (out.size() < want) {
          out.push_back(cand);
          std::push_heap(out.begin(), out.end());
        } else if (cand < out.front()) {
          std::pop_heap(out.begin(), out.end());
          out.back() = cand;
          std::push_heap(out.begin(), out.end());
        }
      }
      continue;
    }
    // Visit the nearer child first: push it last.
    const bool go_left = query[node.axis] < node.split;
    stack[top++] = go_left ? node.right : node.left;
    stack[top++] = go_left ? node.left : node.right;
  }
  std::sort_heap(out.begin(), out.end());
}

void KdTree::within(const double* query, double radius, std::vector<Index>& out) const {
  out.clear();
  if (nodes_.empty()) return;
  const double r2 = radius * radius;
  Index stack[128];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& node = nodes_[static_cast<std::size_t>(stack[--top])];
    if (box_distance2(node, query) > r2) continue;
    if (node.left < 0) {
      for (Index i = node.begin; i < node.end; ++i) {
        const Index p = perm_[static_cast<std::size_t>(i)];
        if (point_distance2(p, query) <= r2) out.push_back(p);
      }
      continue;
    }
    stack[top++] = node.left;
    stack[top++] = node.right;
  }
  std::sort(out.begin(), out.end());
}

}  // namespace lastleg::geo
