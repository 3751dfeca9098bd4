// Engine self-tests without Python: RNG ranges, pool task order, kNN vs brute force.
#include <algorithm>
#include <vector>

#include "harness.h"
#include "lastleg/common/rng.h"
#include "lastleg/common/thread_pool.h"
#include "lastleg/geo/metric.h"
#include "lastleg/geo/neighbours.h"

using namespace lastleg;

TEST_CASE(rng_ranges) {
  Rng rng(42);
  for (int i = 0; i < 10000; ++i) {
    CHECK(rng.below(7) < 7);
    const double u = rng.uniform();
    CHECK(u >= 0.0 && u < 1.0);
  }
}

TEST_CASE(pool_keeps_task_order) {
  for (int threads : {1, 2, 4}) {
    ThreadPool pool(threads);
    auto out = pool.map(100, [](std::size_t t) { return static_cast<int>(t * t); });
    for (std::size_t t = 0; t < out.size(); ++t) CHECK_MSG(out[t] == static_cast<int>(t * t), "threads %d", threads);
  }
}

TEST_CASE(nearest_neighbours_match_brute_force) {
  Rng points(1);
  std::vector<double> x(500), y(500);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = points.uniform() * 100;
    y[i] = points.uniform() * 100;
  }
  geo::Metric metric(geo::MetricKind::euclidean, x, y);
  ThreadPool pool(2);
  auto lists = geo::nearest_neighbours(metric, 8, pool);
  for (Index i = 0; i < metric.size(); ++i) {
    std::vector<std::pair<double, Index>> all;
    for (Index j = 0; j < metric.size(); ++j)
      if (j != i) all.emplace_back(metric.distance(i, j), j);
    std::sort(all.begin(), all.end());
    for (int r = 0; r < 8; ++r) CHECK(lists.row(i)[r] == all[static_cast<std::size_t>(r)].second);
  }
}
