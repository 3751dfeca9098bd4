#include "lastleg/route/operators/string_removal.h"

#include <algorithm>
#include <cmath>

namespace lastleg::route {

void string_removal(SearchContext& ctx, Solution& sol, std::vector<Index>& removed) {
  const Model& m = ctx.m;
  Index n_assigned = 0, n_routes = 0;
  for (const Route& r : sol.routes)
    if (!r.empty()) {
      n_assigned += r.size();
      ++n_routes;
    }
  if (n_assigned == 0) return;
  const double avg_card = static_cast<double>(n_assigned) / n_routes;
  const double ls_max = std::min<double>(ctx.p.max_string, avg_card);
  const double ks_max = 4.0 * ctx.p.avg_removed / (1.0 + ls_max) - 1.0;
  const auto ks = static_cast<int>(std::floor(1.0 + ctx.rng.uniform() * ks_max));

  // Seed: a random assigned stop.
  Index seed;
  do {
    seed = static_cast<Index>(ctx.rng.below(static_cast<std::uint64_t>(m.n_stops())));
  } while (sol.route_of[static_cast<std::size_t>(seed)] < 0);

  std::vector<Index> ruined;
  std::vector<Index> take;
  for (int r = -1; r < ctx.k() && static_cast<int>(ruined.size()) < ks; ++r) {
    const Index c = r < 0 ? seed : ctx.neighbour(seed, r);
    if (c < 0) break;
    const Index ri = sol.route_of[static_cast<std::size_t>(c)];
    if (ri < 0 || std::find(ruined.begin(), ruined.end(), ri) != ruined.end()) continue;
    ruined.push_back(ri);
    const Route& route = sol.routes[static_cast<std::size_t>(ri)];
    const Index card = route.size();
    const double lt_max = std::min<double>(card, ls_max);
    const auto lt = std::min<Index>(card, static_cast<Index>(std::floor(1.0 + ctx.rng.uniform() * lt_max)));
    const Index pos = sol.pos_of[static_cast<std::size_t>(c)];
    take.clear();
    if (lt < card && ctx.rng.uniform() < ctx.p.split_rate) {
      // Split string: a string of lt + mm stops around c, keeping mm consecutive ones.
      Index mm = 1;
      while (mm < card - lt && ctx.rng.uniform() < ctx.p.split_depth) ++mm;
      const Index len = lt + mm;
      const Index lo = std::max<Index>(0, pos - len + 1), hi = std::min<Index>(pos, card - len);
      const Index first = lo + static_cast<Index>(ctx.rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
      const Index keep = static_cast<Index>(ctx.rng.below(static_cast<std::uint64_t>(lt + 1)));
      for (Index i = 0; i < len; ++i)
        if (i < keep || i >= keep + mm) take.push_back(route.stops[static_cast<std::size_t>(first + i)]);
    } else {
      const Index lo = std::max<Index>(0, pos - lt + 1), hi = std::min<Index>(pos, card - lt);
      const Index first = lo + static_cast<Index>(ctx.rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
      for (Index i = 0; i < lt; ++i) take.push_back(route.stops[static_cast<std::size_t>(first + i)]);
    }
    ctx.journal.touch(sol, ri);
    sol.remove(m, ri, take);
    removed.insert(removed.end(), take.begin(), take.end());
    // With travel times that break the triangle inequality a shorter route can
    // be infeasible: empty it then (an empty route is always feasible).
    if (!sol.routes[static_cast<std::size_t>(ri)].feasible) {
      take = sol.routes[static_cast<std::size_t>(ri)].stops;
      removed.insert(removed.end(), take.begin(), take.end());
      sol.remove(m, ri, take);
    }
  }
}

}  // namespace lastleg::route
