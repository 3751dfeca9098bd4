#pragma once
/// A contraction hierarchy over a directed road graph (Geisberger et al. 2008).
///
/// Nodes are contracted one by one, least important first (edge difference, contracted
/// neighbours, depth); a shortcut u->w replaces u->v->w whenever a local witness search
/// finds no path from u to w as cheap. Costs are (duration, length) pairs compared
/// lexicographically, so every shortcut carries the length of the *fastest* path it
/// stands for: a query gives the duration of the fastest route and that route's length.
///
/// After the build, nodes are renumbered by importance: internal id 0 is the most
/// important node. Every arc goes between a node and a more important one:
/// `up(v)` holds v->w, `down(v)` holds w->v (stored at v, `to` = w), with w < v.
#include <cstdint>
#include <span>
#include <vector>

#include "lastleg/roads/cost.h"

namespace lastleg::roads {

struct HierarchyArc {
  std::int32_t to = 0;   ///< the more important end (internal id)
  std::int32_t mid = -1; ///< the node a shortcut bypasses (internal id); -1: a road arc
  Cost cost;
};

class Hierarchy {
 public:
  /// Builds the hierarchy of a graph of `n` nodes and arcs tail->head with the given
  /// durations (ms) and lengths (mm). Self loops are dropped, parallel arcs merged.
  static Hierarchy build(std::int32_t n, std::span<const std::int32_t> tail,
                         std::span<const std::int32_t> head, std::span<const std::int64_t> dur_ms,
                         std::span<const std::int64_t> len_mm);

  /// A hierarchy from its arrays (as `arrays()` gives them, e.g. from a disk cache).
  struct Arrays {
    std::vector<std::int32_t> internal_of;  ///< original node -> internal id
    std::vector<std::int64_t> up_offsets, down_offsets;
    std::vector<std::int32_t> up_to, up_mid, down_to, down_mid;
    std::vector<std::int64_t> up_dur, up_len, down_dur, down_len;
  };
  static Hierarchy from_arrays(const Arrays& a);
  [[nodiscard]] Arrays arrays() const;

  [[nodiscard]] std::int32_t size() const { return static_cast<std::int32_t>(internal_of_.size()); }
  [[nodiscard]] std::int32_t internal(std::int32_t original) const {
    return internal_of_[static_cast<std::size_t>(original)];
  }
  [[nodiscard]] std::int32_t original(std::int32_t internal) const {
    return original_of_[static_cast<std::size_t>(internal)];
  }
  [[nodiscard]] std::span<const HierarchyArc> up(std::int32_t v) const {
    return {up_.data() + up_off_[static_cast<std::size_t>(v)],
            static_cast<std::size_t>(up_off_[static_cast<std::size_t>(v) + 1] - up_off_[static_cast<std::size_t>(v)])};
  }
  [[nodiscard]] std::span<const HierarchyArc> down(std::int32_t v) const {
    return {down_.data() + down_off_[static_cast<std::size_t>(v)],
            static_cast<std::size_t>(down_off_[static_cast<std::size_t>(v) + 1] - down_off_[static_cast<std::size_t>(v)])};
  }
  [[nodiscard]] std::size_t arc_count() const { return up_.size() + down_.size(); }

  /// The arc from internal u to internal w (one of them more important), or nullptr.
  [[nodiscard]] const HierarchyArc* arc(std::int32_t u, std::int32_t w) const;

 private:
  std::vector<std::int32_t> internal_of_, original_of_;
  std::vector<std::int64_t> up_off_, down_off_;
  std::vector<HierarchyArc> up_, down_;
};

}  // namespace lastleg::roads
