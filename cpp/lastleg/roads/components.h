#pragma once
/// Strongly connected components of a directed road graph.
#include <cstdint>
#include <span>
#include <vector>

namespace lastleg::roads {

/// Per node: 1 when it belongs to the largest strongly connected component (ties: the
/// component holding the lowest node id), else 0.
std::vector<char> largest_strong_component(std::int32_t n, std::span<const std::int32_t> tail,
                                           std::span<const std::int32_t> head);

}  // namespace lastleg::roads
