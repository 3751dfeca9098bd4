#include "lastleg/route/search.h"

#include <algorithm>
#include <cmath>

#include "lastleg/route/local_search.h"
#include "lastleg/route/operators/greedy_insertion.h"
#include "lastleg/route/operators/string_removal.h"

namespace lastleg::route {

// SWAP* prices its candidates by distance; with time windows most of the best
// are infeasible and the sweeps cost more than they find (measured worse on
// Solomon, better on X): plain CVRP-like models only.
static bool use_swap_star(const Model& m, const SearchParams& p) { return p.swap_star && m.time_free(); }

Solution construct(const Model& m, const geo::NeighbourLists& nb, const SearchParams& p, Rng rng,
                   const Deadline* deadline) {
  Solution sol(m);
  Journal journal;
  journal.begin(sol);
  SearchParams q = p;
  q.blink_rate = 0.0;
  SearchContext ctx{m, nb, q, rng, journal, deadline};
  // Farthest stops first: they anchor routes, nearer stops fill them.
  std::vector<Index> order = sol.unassigned;
  std::sort(order.begin(), order.end());
  const Index depot = m.types().empty() ? 0 : m.types().front().start_depot;
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    return m.dist(depot, m.loc(a)) > m.dist(depot, m.loc(b));
  });
  for (std::size_t i = 0; i < order.size(); ++i) {
    if ((i & 63) == 63 && ctx.out_of_time()) break;
    const Index s = order[i];
    if (!m.servable(s)) continue;
    const Insertion ins = best_insertion(ctx, sol, s, 0.0);
    if (ins.route < 0) continue;
    if (!m.mandatory(s) && !(ins.cost < m.penalty(s))) continue;
    sol.insert(m, s, ins.route, ins.pos);
  }
  if (p.local_search) {
    journal.begin(sol);
    LocalSearch ls(m, nb);
    std::vector<Index> all(static_cast<std::size_t>(m.n_stops()));
    for (Index s = 0; s < m.n_stops(); ++s) all[static_cast<std::size_t>(s)] = s;
    ls.run(ctx, sol, all, use_swap_star(m, p));
  }
  sol.recompute_totals(m);
  return sol;
}

LegResult run_leg(const Model& m, const geo::NeighbourLists& nb, const SearchParams& p, Rng rng,
                  const Solution& start, const Leg& leg) {
  LegResult out{start, 0};
  Solution cur = start;
  Journal journal;
  SearchContext ctx{m, nb, p, rng, journal, leg.deadline};
  LocalSearch ls(m, nb);
  std::vector<Index> removed, order, changed;
  const double t0 = p.t_start * leg.temp_scale, t1 = p.t_end * leg.temp_scale;
  const auto leg_start = Deadline::Clock::now();
  const double leg_seconds =
      leg.timed ? std::chrono::duration<double>(leg.until - leg_start).count() : 0.0;
  Objective cur_obj = cur.objective(), best_obj = out.best.objective();
  double temperature = t0;
  for (Count it = 0;; ++it) {
    double frac;
    if (leg.iterations >= 0) {
      if (it >= leg.iterations) break;
      frac = static_cast<double>(it) / static_cast<double>(std::max<Count>(1, leg.iterations));
    } else {
      frac = 0.0;
    }
    {
      if (leg.deadline != nullptr && leg.deadline->interrupted()) break;
      if (leg.timed) {
        const auto now = Deadline::Clock::now();
        if (now >= leg.until) break;
        if (leg.iterations < 0)
          frac = leg_seconds > 0 ? std::chrono::duration<double>(now - leg_start).count() / leg_seconds : 1.0;
      }
      const double g = leg.progress_from + (leg.progress_to - leg.progress_from) * std::clamp(frac, 0.0, 1.0);
      temperature = t0 * std::pow(t1 / t0, g);
    }
    journal.begin(cur);
    removed.clear();
    // Acceptance threshold drawn up front, so the local search runs only on
    // candidates that it could bring under the threshold.
    const double threshold = cur_obj.cost - temperature * std::log(std::max(1e-300, ctx.rng.uniform()));
    string_removal(ctx, cur, removed);
    greedy_insertion(ctx, cur, order);
    const Objective pre = cur.objective();
    if (p.local_search && pre.missing <= cur_obj.missing &&
        pre.cost < threshold + p.ls_margin * leg.temp_scale) {
      // Re-examine the reinserted stops and their new route neighbours.
      changed.clear();
      for (Index s : order) {
        const Index r = cur.route_of[static_cast<std::size_t>(s)];
        if (r < 0) continue;
        const Route& route = cur.routes[static_cast<std::size_t>(r)];
        const Index pos = cur.pos_of[static_cast<std::size_t>(s)];
        changed.push_back(s);
        if (pos > 0) changed.push_back(route.stops[static_cast<std::size_t>(pos) - 1]);
        if (pos + 1 < route.size()) changed.push_back(route.stops[static_cast<std::size_t>(pos) + 1]);
      }
      ls.run(ctx, cur, changed, use_swap_star(m, p));
    }
    ++out.iterations;
    const Objective obj = cur.objective();
    bool accept;
    if (obj.missing != cur_obj.missing) {
      accept = obj.missing < cur_obj.missing;
    } else {
      accept = obj.cost < threshold;
    }
    if (accept) {
      cur_obj = obj;
      if (obj.better_than(best_obj)) {
        cur.recompute_totals(m);
        cur_obj = cur.objective();
        out.best = cur;
        best_obj = cur_obj;
      }
    } else {
      journal.revert(cur);
    }
  }
  out.best.recompute_totals(m);
  return out;
}

}  // namespace lastleg::route
