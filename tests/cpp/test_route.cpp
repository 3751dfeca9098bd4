// Routing engine checks without Python (the moves one by one are in
// test_route_operators.cpp): SWAP* run after the node moves converged only
// applies feasible improving moves, journals them, and finds some; ejection
// insertion in a converged solution beats opening a vehicle, is journaled, and
// is off with time windows; a solve does not depend on the thread count.
#include <cmath>
#include <vector>

#include "harness.h"
#include "lastleg/common/rng.h"
#include "lastleg/common/thread_pool.h"
#include "lastleg/geo/neighbours.h"
#include "lastleg/route/local_search.h"
#include "lastleg/route/operators/ejection_insertion.h"
#include "lastleg/route/search.h"
#include "lastleg/route/solver.h"
#include "fixtures.h"

using namespace lastleg;
using namespace lastleg::testing;
using namespace lastleg::route;

namespace {

/// Cost of `stops` by a fresh Route::update (+inf when infeasible): what the
/// route's cached cost must equal after any change.
double fresh_cost(const Model& m, Index type, const std::vector<Index>& stops) {
  Route r;
  r.type = type;
  r.stops = stops;
  r.update(m);
  return r.feasible ? r.cost : kInfinity;
}

// A plain CVRP (no time term): where SWAP* finds the most.
Model random_cvrp(Rng& rng, Index n) {
  ModelData d;
  d.n_depots = 1;
  d.n_stops = n;
  std::vector<double> x, y;
  for (Index i = 0; i < n + 1; ++i) {
    x.push_back(rng.uniform() * 100);
    y.push_back(rng.uniform() * 100);
  }
  for (Index i = 0; i < n; ++i) {
    d.demand.push_back(1 + static_cast<Count>(rng.below(9)));
    d.service.push_back(0.0);
    d.tw_offsets.push_back(static_cast<Count>(i));
    d.time_windows.push_back(0.0);
    d.time_windows.push_back(kInfinity);
    d.penalty.push_back(kInfinity);
  }
  d.tw_offsets.push_back(n);
  VehicleType t;
  t.count = n;
  t.capacity = {30, 0, 0};
  d.types.push_back(t);
  return Model(std::move(d), geo::Metric(geo::MetricKind::euclidean_rounded, x, y));
}

// After SWAP*: each stop once, indices consistent, every route feasible with
// the cost a fresh simulation gives, totals equal to the sum of the routes.
void check_consistent(const Model& m, const Solution& sol) {
  std::vector<int> seen(static_cast<std::size_t>(m.n_stops()), 0);
  double total = 0.0;
  for (Index r = 0; r < static_cast<Index>(sol.routes.size()); ++r) {
    const Route& route = sol.routes[static_cast<std::size_t>(r)];
    for (Index k = 0; k < route.size(); ++k) {
      const Index s = route.stops[static_cast<std::size_t>(k)];
      ++seen[static_cast<std::size_t>(s)];
      CHECK(sol.route_of[static_cast<std::size_t>(s)] == r && sol.pos_of[static_cast<std::size_t>(s)] == k);
    }
    CHECK(route.feasible);
    if (!route.empty()) CHECK_NEAR(route.cost, fresh_cost(m, route.type, route.stops), 1e-9);
    total += route.cost;
  }
  for (Index s : sol.unassigned) ++seen[static_cast<std::size_t>(s)];
  for (int c : seen) CHECK(c == 1);
  CHECK_NEAR(sol.route_cost, total, 1e-6);
}

// Construction and node moves without SWAP*, then a SWAP* polish of every route.
// Returns how much the polish saved.
double check_swap_star(const Model& m, std::uint64_t seed) {
  ThreadPool pool(1);
  const geo::NeighbourLists nb = geo::nearest_neighbours(m.metric(), 20, pool, m.n_depots());
  SearchParams p;
  p.swap_star = false;
  Solution sol = construct(m, nb, p, Rng(seed), nullptr);
  check_consistent(m, sol);
  const Solution before = sol;
  p.swap_star = true;
  Rng rng(seed);
  Journal journal;
  journal.begin(sol);
  SearchContext ctx{m, nb, p, rng, journal, nullptr};
  LocalSearch ls(m, nb);
  std::vector<Index> routes(sol.routes.size());
  for (std::size_t r = 0; r < routes.size(); ++r) routes[r] = static_cast<Index>(r);
  ls.polish(ctx, sol, routes);
  check_consistent(m, sol);
  const double saved = before.route_cost - sol.route_cost;
  CHECK_MSG(saved > -1e-9, "SWAP* worsened %.9g to %.9g", before.route_cost, sol.route_cost);
  // Every changed route was journaled: reverting restores the start exactly.
  journal.revert(sol);
  for (std::size_t r = 0; r < sol.routes.size(); ++r)
    CHECK_MSG(sol.routes[r].stops == before.routes[r].stops, "route %zu not journaled", r);
  CHECK_NEAR(sol.route_cost, before.route_cost, 1e-12);
  return saved;
}

// Ejection insertion: a stop taken out of a converged solution goes back by
// ejecting another only when that beats opening a vehicle for it; the result
// stays consistent and is journaled. Returns how many stops went back so.
int check_ejection(const Model& m, std::uint64_t seed) {
  ThreadPool pool(1);
  const geo::NeighbourLists nb = geo::nearest_neighbours(m.metric(), 20, pool, m.n_depots());
  SearchParams p;
  Solution sol = construct(m, nb, p, Rng(seed), nullptr);
  Rng rng(seed);
  Journal journal;
  SearchContext ctx{m, nb, p, rng, journal, nullptr};
  int applied = 0;
  for (Index s = 0; s < m.n_stops(); s += 7) {
    const Index r = sol.route_of[static_cast<std::size_t>(s)];
    if (r < 0 || sol.empties[0].empty()) continue;
    const Solution start = sol;
    journal.begin(sol);
    journal.touch(sol, r);
    sol.remove(m, r, {s});
    const double before = sol.route_cost;
    const double open = sol.routes[static_cast<std::size_t>(sol.empties[0].back())].insert_cost(m, s, 0);
    EjectionInsertion ejection;
    if (ejection.evaluate(ctx, sol, s, open) < kNoMove) {
      ejection.apply(ctx, sol);
      ++applied;
      check_consistent(m, sol);
      CHECK(sol.route_of[static_cast<std::size_t>(s)] >= 0);
      CHECK(sol.unassigned.size() == start.unassigned.size());
      CHECK_MSG(sol.route_cost < before + open - 1e-9, "ejection %.9g, a new vehicle %.9g", sol.route_cost,
                before + open);
    }
    journal.revert(sol);
    for (std::size_t i = 0; i < sol.routes.size(); ++i)
      CHECK_MSG(sol.routes[i].stops == start.routes[i].stops, "route %zu not journaled", i);
  }
  return applied;
}

}  // namespace

TEST_CASE(solve_does_not_depend_on_threads) {
  Rng rng(99);
  const Model m = random_model(rng, 40, false, true);
  SolveOptions o;
  o.max_iterations = 200;
  o.seed = 5;
  o.threads = 1;
  const SolveResult r1 = solve(m, o);
  o.threads = 2;
  const SolveResult r2 = solve(m, o);
  CHECK(r1.solution.objective().cost == r2.solution.objective().cost);
  for (std::size_t i = 0; i < r1.solution.routes.size(); ++i)
    CHECK_MSG(r1.solution.routes[i].stops == r2.solution.routes[i].stops, "route %zu", i);
  for (const Route& r : r1.solution.routes) CHECK(r.feasible);
}

// SWAP* keeps every hard limit (windows, open routes, several types) ...
TEST_CASE(swap_star_polish_keeps_limits) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    Rng rng(seed);
    const Model m = random_model(rng, 60, seed % 2 == 0, seed % 3 != 0);
    check_swap_star(m, seed);
  }
}

// ... and finds exchanges the node moves miss (a no-op operator fails here).
TEST_CASE(swap_star_improves_converged_solutions) {
  int improved = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    Rng rng(100 + seed);
    const Model m = random_cvrp(rng, 120);
    if (check_swap_star(m, seed) > 0.5) ++improved;
  }
  CHECK_MSG(improved >= 3, "improved %d of 6", improved);
}

TEST_CASE(ejection_insertion_applies) {
  int ejected = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Rng rng(200 + seed);
    ejected += check_ejection(random_cvrp(rng, 120), seed);
  }
  CHECK_MSG(ejected >= 3, "applied %d times", ejected);
}

// Time windows: off (the change is priced by distance only).
TEST_CASE(ejection_insertion_off_with_time_windows) {
  Rng rng(7);
  CHECK(check_ejection(random_model(rng, 60, false, false), 7) == 0);
}
