#include "lastleg/route/solver.h"

#include <algorithm>
#include <cmath>

#include "lastleg/common/thread_pool.h"
#include "lastleg/geo/neighbours.h"
#include "lastleg/route/search.h"

namespace lastleg::route {

SolveResult solve(const Model& m, const SolveOptions& options, const std::atomic<bool>* interrupt) {
  const Deadline deadline(options.time_limit, interrupt);
  const SearchParams& p = options.params;
  ThreadPool pool(options.threads);
  SolveResult result{Solution(m), 0, 0.0};
  if (m.n_stops() == 0 || m.n_vehicles() == 0) {
    result.runtime = deadline.elapsed();
    return result;
  }
  const int k = std::min<int>(std::max(p.neighbours, p.ls_neighbours), std::max<Index>(1, m.n_stops() - 1));
  const geo::NeighbourLists nb = geo::nearest_neighbours(m.metric(), k, pool, m.n_depots());

  Solution best = construct(m, nb, p, Rng::for_task(options.seed, 0), &deadline);
  result.construction_time = deadline.elapsed();
  result.construction_cost = best.objective().cost;
  result.construction_missing = best.missing;
  Count edges = 0;
  for (const Route& r : best.routes)
    if (!r.empty()) edges += r.size() + 1;
  const double temp_scale = edges > 0 && best.route_cost > 0 ? best.route_cost / static_cast<double>(edges) : 1.0;

  const bool timed = options.time_limit < kInfinity;
  const bool bounded = options.max_iterations >= 0;
  Count max_it = options.max_iterations;
  if (!timed && !bounded) max_it = 5000 + 10LL * m.n_stops();  // default budget (deterministic)
  const int n_tasks = bounded || !timed ? std::max(1, p.portfolio) : pool.size();
  const int epochs = std::max(1, p.epochs);
  // Keep a little of the budget to build the answer.
  const double search_seconds = timed ? std::max(0.0, deadline.remaining() * 0.985 - 0.002) : 0.0;
  const auto search_start = Deadline::Clock::now();

  for (int e = 0; e < epochs && !deadline.expired(); ++e) {
    Leg leg;
    leg.deadline = &deadline;
    leg.temp_scale = temp_scale;
    leg.progress_from = static_cast<double>(e) / epochs;
    leg.progress_to = static_cast<double>(e + 1) / epochs;
    if (max_it >= 0) leg.iterations = max_it / epochs + (e < max_it % epochs ? 1 : 0);
    if (timed) {
      leg.timed = true;
      leg.until = search_start + std::chrono::duration_cast<Deadline::Clock::duration>(
                                     std::chrono::duration<double>(search_seconds * (e + 1) / epochs));
    }
    const std::vector<LegResult> legs = pool.map(static_cast<std::size_t>(n_tasks), [&](std::size_t task) {
      return run_leg(m, nb, p, Rng::for_task(options.seed, 1 + static_cast<std::uint64_t>(e) * 1000 + task),
                     best, leg);
    });
    for (const LegResult& lr : legs) {
      result.iterations += lr.iterations;
      if (lr.best.objective().better_than(best.objective())) best = lr.best;
    }
  }
  best.recompute_totals(m);
  result.solution = std::move(best);
  result.runtime = deadline.elapsed();
  return result;
}

const char* unassigned_reason(const Model& m, Index stop) {
  static const char* const names[] = {"unreachable", "capacity",     "max_stops",   "time_window",
                                      "shift",       "max_distance", "max_duration"};
  int min_fail = 1000;
  for (Index t = 0; t < static_cast<Index>(m.types().size()); ++t) {
    if (m.type(t).count == 0) continue;
    const int fail = m.alone_violation(stop, t);
    if (fail < 0) return m.mandatory(stop) ? "no_vehicle" : "not_worth";
    min_fail = std::min(min_fail, fail);
  }
  return min_fail < 7 ? names[min_fail] : "no_vehicle";
}

}  // namespace lastleg::route
