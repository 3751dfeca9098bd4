// Parallel paths under the sanitizers (scripts/sanitize.sh, TSan above all): the
// routing portfolio and the parallel assignment on 4 threads, with the interrupt
// flag (what Ctrl-C raises in the bindings) set from another thread mid-solve,
// several solves at once sharing one const Model, and a time limit that expires
// during the search. Fixtures from fixtures.h.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "harness.h"
#include "lastleg/assign/assign_solver.h"
#include "lastleg/common/rng.h"
#include "lastleg/common/thread_pool.h"
#include "lastleg/route/solver.h"
#include "fixtures.h"

using namespace lastleg;
using namespace lastleg::testing;
using namespace lastleg::route;
using namespace lastleg::assign;

namespace {

void all_stops_once(const Model& m, const Solution& s, const char* what) {
  std::vector<int> seen(static_cast<std::size_t>(m.n_stops()), 0);
  for (const Route& r : s.routes)
    for (Index u : r.stops) ++seen[static_cast<std::size_t>(u)];
  for (Index u : s.unassigned) ++seen[static_cast<std::size_t>(u)];
  for (int c : seen) CHECK_MSG(c == 1, "%s: every stop once", what);
}

}  // namespace

TEST_CASE(route_interrupt_race) {
  Rng rng(7);
  const Model m = random_model(rng, 120, false, true);
  for (int delay_ms : {0, 5, 40}) {
    std::atomic<bool> stop{false};
    SolveOptions o;
    o.seed = 3;
    o.threads = 4;
    o.max_iterations = 1000000;
    std::thread raiser([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      stop.store(true);
    });
    const SolveResult r = solve(m, o, &stop);
    raiser.join();
    all_stops_once(m, r.solution, "route interrupted");
  }
}

TEST_CASE(route_concurrent_solves) {
  Rng rng(11);
  const Model m = random_model(rng, 60, true, false);
  std::vector<SolveResult> out(3);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < out.size(); ++i)
    threads.emplace_back([&, i] {
      SolveOptions o;
      o.seed = 9;
      o.threads = 2;
      o.max_iterations = 60;
      out[i] = solve(m, o);
    });
  for (auto& t : threads) t.join();
  for (const auto& r : out) {
    all_stops_once(m, r.solution, "route concurrent");
    CHECK(r.solution.objective().cost == out[0].solution.objective().cost);
  }
  SolveOptions o;
  o.seed = 1;
  o.threads = 4;
  o.time_limit = 0.05;  // expires inside the portfolio
  all_stops_once(m, solve(m, o).solution, "route time limit");
}

TEST_CASE(assign_interrupt_race) {
  for (int delay_ms : {0, 5, 40}) {
    std::atomic<bool> stop{false};
    AssignOptions o;
    o.seed = 2;
    o.threads = 4;
    o.max_iterations = 1000000;
    o.interrupt = &stop;
    std::thread raiser([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      stop.store(true);
    });
    const AssignResult r = AssignSolver::solve(random_batch(5, 150, 6, 12, delay_ms % 2 == 0), o);
    raiser.join();
    CHECK_MSG(r.lower_bound <= r.cost + 1e-6, "interrupted after %d ms", delay_ms);
  }
  AssignOptions o;
  o.threads = 4;
  o.time_limit = 0.02;
  const AssignResult r = AssignSolver::solve(random_batch(6, 150, 6, 12, true), o);
  CHECK(r.lower_bound <= r.cost + 1e-6);
}
