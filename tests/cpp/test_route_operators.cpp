// Every routing move evaluation against a plain re-simulation (route_reference.h)
// on many small random instances (windows, shifts, limits, open routes, speed
// factors, fixed / distance / time costs, asymmetric matrices):
//  - Evaluator::eval and Route::insert_cost: the cost (or the verdict
//    "infeasible") of the route they price;
//  - each node operator, for stop pairs (u, v): the delta it returns is the
//    reference cost change of the routes its apply() writes, those routes are
//    feasible and are one of the operator's moves for (u, v), and the move is
//    the one its documented order picks (the first improving neighbourhood,
//    the cheaper of its alternatives) or none when no move improves;
//  - SWAP*: delta, feasibility and shape of the exchange;
//  - the recreate's insertion and ejection insertion: delta, feasibility, and
//    the cheapest place among the candidates they consider.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "harness.h"
#include "lastleg/common/thread_pool.h"
#include "lastleg/geo/neighbours.h"
#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/ejection_insertion.h"
#include "lastleg/route/operators/greedy_insertion.h"
#include "lastleg/route/operators/or_opt.h"
#include "lastleg/route/operators/relocate.h"
#include "lastleg/route/operators/swap.h"
#include "lastleg/route/operators/swap_star.h"
#include "lastleg/route/operators/two_opt.h"
#include "lastleg/route/operators/two_opt_star.h"
#include "route_reference.h"

using namespace lastleg;
using namespace lastleg::route;
using namespace lastleg::testing;

namespace {

constexpr double kTol = 1e-6;
constexpr int kInstances = 300;
constexpr Index kStops = 30;

/// A feasible solution with the stops placed at random feasible positions (not optimised).
Solution random_solution(const RouteInstance& in, Rng& rng) {
  const Model& m = in.m();
  Solution sol(m);
  std::vector<Index> order(static_cast<std::size_t>(m.n_stops()));
  for (Index s = 0; s < m.n_stops(); ++s) order[static_cast<std::size_t>(s)] = s;
  rng.shuffle(std::span<Index>(order));
  for (Index s : order)
    for (int attempt = 0; attempt < 12; ++attempt) {
      const auto r = static_cast<Index>(rng.below(sol.routes.size()));
      const Route& route = sol.routes[static_cast<std::size_t>(r)];
      const auto pos = static_cast<Index>(rng.below(static_cast<std::uint64_t>(route.size() + 1)));
      std::vector<Index> seq = route.stops;
      seq.insert(seq.begin() + pos, s);
      if (simulate(in, route.type, seq).feasible) {
        sol.insert(m, s, r, pos);
        break;
      }
    }
  return sol;
}

/// Runs `check(i, instance, solution, rng)` on kInstances random instances
/// (seeds from `seed`), each with a random feasible solution.
template <class Check>
void on_instances(std::uint64_t seed, bool time_free, Check&& check) {
  for (int i = 0; i < kInstances; ++i) {
    Rng rng(seed + static_cast<std::uint64_t>(i));
    RouteFeatures f = random_features(rng);
    f.time_free = f.time_free || time_free;
    const RouteInstance in = random_instance(rng, kStops, f);
    Solution sol = random_solution(in, rng);
    check(i, in, sol, rng);
  }
}

std::vector<Index> assigned(const Solution& sol) {
  std::vector<Index> out;
  for (const Route& r : sol.routes) out.insert(out.end(), r.stops.begin(), r.stops.end());
  return out;
}

// ---------------------------------------------------------------------------
// The neighbourhoods of the node operators, written from their definitions.

/// One move: the new stops of routes ra (a) and rb (b; unused inside one route).
struct Variant {
  std::vector<Index> a, b;
  double delta = kInfinity;  ///< reference cost change; +inf when infeasible
  bool uncertain = false;    ///< a documented pre-check may pass over it
};

/// The moves of one operator for (u, v): groups tried in order, in a group the cheapest counts.
struct Neighbourhood {
  Index ra = -1, rb = -1;  ///< rb = -1: inside route ra
  std::vector<std::vector<Variant>> groups;
};

std::vector<Index> without(std::vector<Index> seq, Index s) {
  seq.erase(std::find(seq.begin(), seq.end(), s));
  return seq;
}

/// `seg` inserted next to v (after it, or before it) in `seq`.
std::vector<Index> next_to(std::vector<Index> seq, Index v, const std::vector<Index>& seg, bool after) {
  auto at = std::find(seq.begin(), seq.end(), v) + (after ? 1 : 0);
  seq.insert(at, seg.begin(), seg.end());
  return seq;
}

struct Places {
  Index ra, rb, pu, pv;
  const std::vector<Index>& a;
  const std::vector<Index>& b;
};

Places places(const Solution& sol, Index u, Index v) {
  const Index ra = sol.route_of[static_cast<std::size_t>(u)], rb = sol.route_of[static_cast<std::size_t>(v)];
  return {ra, rb, sol.pos_of[static_cast<std::size_t>(u)], sol.pos_of[static_cast<std::size_t>(v)],
          sol.routes[static_cast<std::size_t>(ra)].stops, sol.routes[static_cast<std::size_t>(rb)].stops};
}

Neighbourhood relocate_moves(const RouteInstance&, const Solution& sol, Index u, Index v) {
  const Places p = places(sol, u, v);
  if (p.ra != p.rb)
    return {p.ra, p.rb, {{{without(p.a, u), next_to(p.b, v, {u}, true)}, {without(p.a, u), next_to(p.b, v, {u}, false)}}}};
  Neighbourhood n{p.ra, -1, {}};
  if (p.pu != p.pv + 1) n.groups.push_back({{next_to(without(p.a, u), v, {u}, true), {}}});
  if (p.pu + 1 != p.pv) n.groups.push_back({{next_to(without(p.a, u), v, {u}, false), {}}});
  return n;
}

Neighbourhood swap_moves(const RouteInstance&, const Solution& sol, Index u, Index v) {
  const Places p = places(sol, u, v);
  std::vector<Index> a = p.a, b = p.b;
  if (p.ra == p.rb) {
    std::swap(a[static_cast<std::size_t>(p.pu)], a[static_cast<std::size_t>(p.pv)]);
    return {p.ra, -1, {{{a, {}}}}};
  }
  std::swap(a[static_cast<std::size_t>(p.pu)], b[static_cast<std::size_t>(p.pv)]);
  return {p.ra, p.rb, {{{a, b}}}};
}

Neighbourhood or_opt_moves(const RouteInstance& in, const Solution& sol, Index u, Index v) {
  const Places p = places(sol, u, v);
  Neighbourhood n{p.ra, p.rb, {}};
  if (p.ra == p.rb) return {p.ra, -1, {}};
  const Model& m = in.m();
  const VehicleType& ta = m.type(sol.routes[static_cast<std::size_t>(p.ra)].type);
  const VehicleType& tb = m.type(sol.routes[static_cast<std::size_t>(p.rb)].type);
  const bool pre = ta.cost_per_time == 0.0 && tb.cost_per_time == 0.0;
  for (Index len = 2; len <= 3 && p.pu + len <= static_cast<Index>(p.a.size()); ++len) {
    std::vector<Index> seg(p.a.begin() + p.pu, p.a.begin() + p.pu + len), rest = p.a;
    rest.erase(rest.begin() + p.pu, rest.begin() + p.pu + len);
    for (int rev = 0; rev < 2; ++rev) {
      if (rev) std::reverse(seg.begin(), seg.end());
      // Its distance pre-check leaves out the segment's inner edges: it may
      // pass over a move that saves on them (a dearer route per distance
      // left, or a reversal with asymmetric distances).
      const bool uncertain = pre && (ta.cost_per_distance > tb.cost_per_distance || (rev && !in.symmetric));
      n.groups.push_back({{rest, next_to(p.b, v, seg, true), kInfinity, uncertain},
                          {rest, next_to(p.b, v, seg, false), kInfinity, uncertain}});
    }
  }
  return n;
}

Neighbourhood two_opt_star_moves(const RouteInstance& in, const Solution& sol, Index u, Index v) {
  const Places p = places(sol, u, v);
  if (p.ra == p.rb) return {p.ra, -1, {}};
  const Model& m = in.m();
  const VehicleType& ta = m.type(sol.routes[static_cast<std::size_t>(p.ra)].type);
  const VehicleType& tb = m.type(sol.routes[static_cast<std::size_t>(p.rb)].type);
  const bool pre = ta.cost_per_time == 0.0 && tb.cost_per_time == 0.0 &&
                   ta.cost_per_distance == tb.cost_per_distance && ta.end_depot == tb.end_depot;
  auto cat = [](const std::vector<Index>& x, Index x_to, const std::vector<Index>& y, Index y_from) {
    std::vector<Index> out(x.begin(), x.begin() + x_to);
    out.insert(out.end(), y.begin() + y_from, y.end());
    return out;
  };
  Variant uv{cat(p.a, p.pu + 1, p.b, p.pv), cat(p.b, p.pv, p.a, p.pu + 1)};  // u followed by v
  Variant vu{cat(p.a, p.pu, p.b, p.pv + 1), cat(p.b, p.pv + 1, p.a, p.pu)};  // v followed by u
  // Its distance pre-check does not see the fixed cost a route saves when it empties.
  for (Variant* x : {&uv, &vu}) x->uncertain = pre && (x->a.empty() || x->b.empty());
  return {p.ra, p.rb, {{uv}, {vu}}};
}

Neighbourhood two_opt_moves(const RouteInstance&, const Solution& sol, Index u, Index v) {
  const Places p = places(sol, u, v);
  if (p.ra != p.rb) return {p.ra, p.rb, {}};
  const Index lo = std::min(p.pu, p.pv) + 1, hi = std::max(p.pu, p.pv);
  if (hi - lo < 1) return {p.ra, -1, {}};
  std::vector<Index> a = p.a;
  std::reverse(a.begin() + lo, a.begin() + hi + 1);
  return {p.ra, -1, {{{a, {}}}}};
}

/// Reference cost change of rewriting routes ra (and rb, if >= 0); +inf when infeasible.
double reference_delta(const RouteInstance& in, const Solution& sol, Index ra, Index rb, const std::vector<Index>& a,
                       const std::vector<Index>& b) {
  const Route& x = sol.routes[static_cast<std::size_t>(ra)];
  double delta = reference_cost(in, x.type, a) - reference_cost(in, x.type, x.stops);
  if (rb >= 0) {
    const Route& y = sol.routes[static_cast<std::size_t>(rb)];
    delta += reference_cost(in, y.type, b) - reference_cost(in, y.type, y.stops);
  }
  return std::isnan(delta) ? kInfinity : delta;
}

/// The move the operator must pick: `expected` (nullptr: none), or false when
/// the reference cannot tell (a near tie, a move within rounding of the
/// threshold, or one a pre-check may pass over).
bool expected_move(const Neighbourhood& n, const Variant*& expected) {
  expected = nullptr;
  for (const auto& group : n.groups) {
    const Variant* best = nullptr;
    for (const Variant& x : group) {
      if (x.uncertain && x.delta < -kImprove + kTol) return false;
      if (best == nullptr || x.delta < best->delta) best = &x;
    }
    if (best == nullptr || !(best->delta < -kImprove + kTol)) continue;
    if (best->delta > -kImprove - kTol) return false;
    for (const Variant& x : group)
      if (&x != best && x.delta < best->delta + kTol) return false;
    expected = best;
    return true;
  }
  return true;
}

struct OperatorStats {
  int evaluated = 0, found = 0, undecided = 0;
};

template <class Op>
void check_node_operator(Op& op, const char* name, Neighbourhood (*moves)(const RouteInstance&, const Solution&, Index, Index),
                         const RouteInstance& in, Solution& sol, Index u, Index v, OperatorStats& stats) {
  const double got = op.evaluate(sol, u, v);
  Neighbourhood n = moves(in, sol, u, v);
  for (auto& group : n.groups)
    for (Variant& x : group) x.delta = reference_delta(in, sol, n.ra, n.rb, x.a, x.b);
  ++stats.evaluated;
  const Variant* expected = nullptr;
  const bool decided = expected_move(n, expected);
  if (!decided) ++stats.undecided;
  if (!(got < kNoMove)) {
    CHECK_MSG(!decided || expected == nullptr, "%s (%d, %d): no move, the reference finds one saving %.9g", name, u, v,
              expected ? -expected->delta : 0.0);
    return;
  }
  ++stats.found;
  CHECK_MSG(got < 0.0, "%s (%d, %d): delta %.9g", name, u, v, got);
  RouteRewrite rw;
  op.apply(sol, rw);
  CHECK_MSG(rw.ra == n.ra && rw.rb == n.rb, "%s (%d, %d): rewrites routes %d, %d", name, u, v, rw.ra, rw.rb);
  const double ref = reference_delta(in, sol, n.ra, n.rb, rw.a, rw.b);
  CHECK_MSG(ref < kInfinity, "%s (%d, %d): the move is infeasible", name, u, v);
  CHECK_MSG(near(got, ref, kTol), "%s (%d, %d): delta %.12g, reference %.12g", name, u, v, got, ref);
  bool known = false;
  for (const auto& group : n.groups)
    for (const Variant& x : group) known = known || (x.a == rw.a && (n.rb < 0 || x.b == rw.b));
  CHECK_MSG(known, "%s (%d, %d): apply wrote a move that is not one of the operator's", name, u, v);
  if (decided && expected != nullptr)
    CHECK_MSG(expected->a == rw.a && (n.rb < 0 || expected->b == rw.b),
              "%s (%d, %d): took a move saving %.9g, the first improving one saves %.9g", name, u, v, -got,
              -expected->delta);
}

/// The solution after a move: the test goes on from changed routes (and their caches).
void commit(const Model& m, Solution& sol, const RouteRewrite& rw) {
  sol.set_stops(m, rw.ra, rw.a);
  if (rw.rb >= 0) sol.set_stops(m, rw.rb, rw.b);
}

template <class Op>
void check_operator_on_instances(const char* name,
                                 Neighbourhood (*moves)(const RouteInstance&, const Solution&, Index, Index)) {
  OperatorStats stats;
  on_instances(1000, false, [&](int, const RouteInstance& in, Solution& sol, Rng& rng) {
    const Evaluator ev(in.m());
    Op op(ev);
    const std::vector<Index> stops = assigned(sol);
    for (Index u : stops)
      for (Index v : stops) {
        if (u == v) continue;
        check_node_operator(op, name, moves, in, sol, u, v, stats);
        // now and then take an improving move and go on from there
        if (op.evaluate(sol, u, v) < kNoMove && rng.below(4) == 0) {
          RouteRewrite rw;
          op.apply(sol, rw);
          commit(in.m(), sol, rw);
        }
      }
  });
  std::fprintf(stderr, "%s: %d pairs, %d moves, %d left to the delta check alone\n", name, stats.evaluated, stats.found,
              stats.undecided);
  CHECK_MSG(stats.found > 200, "%s found only %d moves", name, stats.found);
  CHECK_MSG(stats.undecided * 20 < stats.evaluated, "%s: %d of %d pairs undecided", name, stats.undecided,
            stats.evaluated);
}

}  // namespace

TEST_CASE(relocate_matches_reference) { check_operator_on_instances<Relocate>("relocate", relocate_moves); }
TEST_CASE(swap_matches_reference) { check_operator_on_instances<Swap>("swap", swap_moves); }
TEST_CASE(or_opt_matches_reference) { check_operator_on_instances<OrOpt>("or-opt", or_opt_moves); }
TEST_CASE(two_opt_star_matches_reference) { check_operator_on_instances<TwoOptStar>("2-opt*", two_opt_star_moves); }
TEST_CASE(two_opt_matches_reference) { check_operator_on_instances<TwoOpt>("2-opt", two_opt_moves); }

// Concatenation: a prefix of one route, an explicit middle and the tail of
// another (of the same type or not) priced as the reference prices the result.
TEST_CASE(eval_matches_reference) {
  int feasible = 0;
  on_instances(2000, false, [&](int i, const RouteInstance& in, const Solution& sol, Rng& rng) {
    const Evaluator ev(in.m());
    const std::vector<Index> stops = assigned(sol);
    for (int trial = 0; trial < 200; ++trial) {
      const Route& a = sol.routes[static_cast<std::size_t>(rng.below(sol.routes.size()))];
      const Route& b = sol.routes[static_cast<std::size_t>(rng.below(sol.routes.size()))];
      const Index pe = static_cast<Index>(rng.below(static_cast<std::uint64_t>(a.size() + 1))) - 1;
      const Index tf = static_cast<Index>(rng.below(static_cast<std::uint64_t>(b.size() + 1)));
      std::vector<Index> seq(a.stops.begin(), a.stops.begin() + (pe + 1)), mid;
      for (int k = static_cast<int>(rng.below(4)); k > 0; --k) {
        const Index s = static_cast<Index>(rng.below(static_cast<std::uint64_t>(in.m().n_stops())));
        if (std::find(seq.begin(), seq.end(), s) == seq.end() &&
            std::find(b.stops.begin() + tf, b.stops.end(), s) == b.stops.end() &&
            std::find(mid.begin(), mid.end(), s) == mid.end())
          mid.push_back(s);
      }
      seq.insert(seq.end(), mid.begin(), mid.end());
      if (&a != &b || tf > pe)
        seq.insert(seq.end(), b.stops.begin() + tf, b.stops.end());
      else
        continue;  // a tail of the same route must follow the prefix
      const double want = reference_cost(in, a.type, seq);
      const double got = ev.eval(a, pe, mid.data(), static_cast<int>(mid.size()), &b, tf);
      feasible += want < kInfinity;
      CHECK_MSG(near(got, want, kTol), "instance %d: eval %.12g, reference %.12g", i, got, want);
    }
  });
  std::fprintf(stderr, "eval: %d feasible routes\n", feasible);
  CHECK(feasible > 1000);
}

// Route::insert_cost: the cost change of one insertion (of any stop the route
// does not hold), or +inf exactly when the reference finds the route infeasible.
TEST_CASE(insert_cost_matches_reference) {
  int feasible = 0;
  on_instances(3000, false, [&](int i, const RouteInstance& in, const Solution& sol, Rng&) {
    for (Index s = 0; s < in.m().n_stops(); ++s)
      for (const Route& r : sol.routes) {
        if (std::find(r.stops.begin(), r.stops.end(), s) != r.stops.end()) continue;
        for (Index pos = 0; pos <= r.size(); ++pos) {
          std::vector<Index> seq = r.stops;
          seq.insert(seq.begin() + pos, s);
          const double want = reference_cost(in, r.type, seq) - reference_cost(in, r.type, r.stops);
          const double got = r.insert_cost(in.m(), s, pos);
          feasible += want < kInfinity;
          CHECK_MSG(near(got, want, kTol), "instance %d, stop %d at %d: %.12g, reference %.12g", i, s, pos, got, want);
        }
      }
  });
  std::fprintf(stderr, "insert_cost: %d feasible insertions\n", feasible);
  CHECK(feasible > 1000);
}

namespace {

/// A search context over one instance (neighbour lists, parameters, RNG, journal).
struct Context {
  explicit Context(const RouteInstance& in, std::uint64_t seed, int k = 10)
      : nb(neighbours(in.m(), k)), rng(seed), ctx{in.m(), nb, params, rng, journal, nullptr} {
    journal.begin(Solution(in.m()));
  }
  static geo::NeighbourLists neighbours(const Model& m, int k) {
    ThreadPool pool(1);
    return geo::nearest_neighbours(m.metric(), std::min<int>(k, m.n_stops() - 1), pool, m.n_depots());
  }
  geo::NeighbourLists nb;
  SearchParams params;
  Rng rng;
  Journal journal;
  SearchContext ctx;
};

/// Unassigns about one stop in `one_in` (those whose route stays feasible without them).
void ruin(const RouteInstance& in, Solution& sol, Rng& rng, int one_in) {
  for (Index s = 0; s < in.m().n_stops(); ++s) {
    const Index r = sol.route_of[static_cast<std::size_t>(s)];
    if (r < 0 || rng.below(static_cast<std::uint64_t>(one_in)) != 0) continue;
    const Route& route = sol.routes[static_cast<std::size_t>(r)];
    if (simulate(in, route.type, without(route.stops, s)).feasible) sol.remove(in.m(), r, {s});
  }
}

/// Reference cost change of `stop` inserted before position pos of route r.
double reference_insertion(const RouteInstance& in, const Solution& sol, Index stop, Index r, Index pos) {
  const Route& route = sol.routes[static_cast<std::size_t>(r)];
  std::vector<Index> seq = route.stops;
  seq.insert(seq.begin() + pos, stop);
  return reference_delta(in, sol, r, -1, seq, {});
}

/// The routes of `after` that differ from `before`.
std::vector<Index> changed_routes(const Solution& before, const Solution& after) {
  std::vector<Index> out;
  for (std::size_t r = 0; r < before.routes.size(); ++r)
    if (before.routes[r].stops != after.routes[r].stops) out.push_back(static_cast<Index>(r));
  return out;
}

/// The one stop of `x` that `y` does not hold (-1 if not exactly one).
Index only_extra(const std::vector<Index>& x, const std::vector<Index>& y) {
  Index extra = -1;
  for (Index s : x)
    if (std::find(y.begin(), y.end(), s) == y.end()) {
      if (extra >= 0) return -1;
      extra = s;
    }
  return extra;
}

}  // namespace

// SWAP*: a stop u of route A and a stop v of route B change routes, each at
// some place of the other; the delta is the reference change and both routes
// stay feasible. (It checks a few candidates only: no claim that none is missed.)
TEST_CASE(swap_star_matches_reference) {
  int found = 0;
  on_instances(4000, false, [&](int i, const RouteInstance& in, Solution& sol, Rng& rng) {
    Context c(in, static_cast<std::uint64_t>(i));
    c.params.swap_star_neighbours = 3 + static_cast<int>(rng.below(8));
    const Evaluator ev(in.m());
    SwapStar op(ev);
    for (int round = 0; round < 3; ++round)
      for (Index ra = 0; ra < static_cast<Index>(sol.routes.size()); ++ra) {
        const double got = op.evaluate(c.ctx, sol, ra);
        if (!(got < kNoMove)) continue;
        ++found;
        RouteRewrite rw;
        op.apply(sol, rw);
        CHECK_MSG(rw.ra == ra && rw.rb >= 0 && rw.rb != ra, "instance %d: routes %d, %d", i, rw.ra, rw.rb);
        if (rw.rb < 0) continue;
        const std::vector<Index>& a = sol.routes[static_cast<std::size_t>(rw.ra)].stops;
        const std::vector<Index>& b = sol.routes[static_cast<std::size_t>(rw.rb)].stops;
        const Index v = only_extra(rw.a, a), u = only_extra(rw.b, b);
        CHECK_MSG(u >= 0 && v >= 0 && without(rw.a, v) == without(a, u) && without(rw.b, u) == without(b, v),
                  "instance %d: not an exchange of one stop each", i);
        const double ref = reference_delta(in, sol, rw.ra, rw.rb, rw.a, rw.b);
        CHECK_MSG(got < 0.0 && ref < kInfinity && near(got, ref, kTol), "instance %d: delta %.12g, reference %.12g",
                  i, got, ref);
        commit(in.m(), sol, rw);
      }
  });
  std::fprintf(stderr, "SWAP*: %d moves\n", found);
  CHECK(found > 100);
}

// The recreate's insertion: the cheapest feasible place among the positions
// next to the stop's neighbours and the first stop of an empty vehicle per type
// (every position of the used routes when none of those fits).
TEST_CASE(best_insertion_matches_reference) {
  int placed = 0;
  on_instances(5000, false, [&](int i, const RouteInstance& in, Solution& sol, Rng& rng) {
    const Model& m = in.m();
    ruin(in, sol, rng, 4);
    Context c(in, static_cast<std::uint64_t>(i));
    for (Index s : std::vector<Index>(sol.unassigned)) {
      if (!m.servable(s)) continue;
      const Insertion ins = best_insertion(c.ctx, sol, s, 0.0);
      double cheapest = kInfinity;
      auto consider = [&](Index r, Index pos) { cheapest = std::min(cheapest, reference_insertion(in, sol, s, r, pos)); };
      for (int k = 0; k < c.ctx.k(); ++k) {
        const Index w = c.ctx.neighbour(s, k);
        if (w < 0) break;
        const Index r = sol.route_of[static_cast<std::size_t>(w)];
        if (r < 0) continue;
        consider(r, sol.pos_of[static_cast<std::size_t>(w)]);
        consider(r, sol.pos_of[static_cast<std::size_t>(w)] + 1);
      }
      for (const auto& e : sol.empties)
        if (!e.empty()) consider(e.back(), 0);
      if (!(cheapest < kInfinity))
        for (Index r = 0; r < static_cast<Index>(sol.routes.size()); ++r)
          for (Index pos = 0; !sol.routes[static_cast<std::size_t>(r)].empty() &&
                              pos <= sol.routes[static_cast<std::size_t>(r)].size();
               ++pos)
            consider(r, pos);
      if (ins.route < 0) {
        CHECK_MSG(!(cheapest < kInfinity), "instance %d, stop %d: none found, the reference fits it", i, s);
        continue;
      }
      ++placed;
      const double ref = reference_insertion(in, sol, s, ins.route, ins.pos);
      CHECK_MSG(ref < kInfinity && near(ins.cost, ref, kTol), "instance %d, stop %d: %.12g, reference %.12g", i, s,
                ins.cost, ref);
      CHECK_MSG(near(ins.cost, cheapest, kTol), "instance %d, stop %d: %.12g, the cheapest %.12g", i, s, ins.cost,
                cheapest);
      sol.insert(m, s, ins.route, ins.pos);
    }
  });
  CHECK(placed > 500);
}

// Ejection insertion (plain CVRP-like models): the stop takes the place of one
// stop e of a used route, at its cheapest position in the route without e, and
// e goes to its cheapest place next to its neighbours in another used route;
// the delta is the reference change of both routes and beats the alternative.
TEST_CASE(ejection_insertion_matches_reference) {
  int found = 0;
  on_instances(6000, true, [&](int i, const RouteInstance& in, Solution& sol, Rng& rng) {
    ruin(in, sol, rng, 6);
    Context c(in, static_cast<std::uint64_t>(i), 20);
    EjectionInsertion op;
    for (Index s : std::vector<Index>(sol.unassigned)) {
      const double alternative = rng.below(2) == 0 ? kInfinity : best_insertion(c.ctx, sol, s, 0.0).cost;
      const double got = op.evaluate(c.ctx, sol, s, alternative);
      if (!(got < kNoMove)) continue;
      ++found;
      Solution after = sol;
      op.apply(c.ctx, after);
      const std::vector<Index> changed = changed_routes(sol, after);
      CHECK_MSG(changed.size() == 2 && after.route_of[static_cast<std::size_t>(s)] >= 0 &&
                    after.unassigned.size() + 1 == sol.unassigned.size(),
                "instance %d, stop %d: not one ejection", i, s);
      if (changed.size() != 2) continue;
      const Index r = after.route_of[static_cast<std::size_t>(s)];
      const Index re = changed[0] == r ? changed[1] : changed[0];
      const std::vector<Index>& old_r = sol.routes[static_cast<std::size_t>(r)].stops;
      const Index e = only_extra(old_r, after.routes[static_cast<std::size_t>(r)].stops);
      const double ref = reference_delta(in, sol, r, re, after.routes[static_cast<std::size_t>(r)].stops,
                                         after.routes[static_cast<std::size_t>(re)].stops);
      CHECK_MSG(ref < kInfinity && near(got, ref, kTol) && got < alternative,
                "instance %d, stop %d: delta %.12g, reference %.12g, alternative %.12g", i, s, got, ref, alternative);
      // s at its cheapest place in r without e
      const std::vector<Index> rest = without(old_r, e);
      const Index type = sol.routes[static_cast<std::size_t>(r)].type;
      const double chosen = reference_cost(in, type, after.routes[static_cast<std::size_t>(r)].stops);
      for (std::size_t pos = 0; pos <= rest.size(); ++pos) {
        std::vector<Index> seq = rest;
        seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(pos), s);
        CHECK_MSG(reference_cost(in, type, seq) >= chosen - kTol, "instance %d, stop %d: a cheaper place at %zu", i,
                  s, pos);
      }
      // e at its cheapest place next to its neighbours, in another used route
      const double placed_e = reference_insertion(in, sol, e, re, after.pos_of[static_cast<std::size_t>(e)]);
      for (int k = 0; k < c.ctx.k(); ++k) {
        const Index w = c.ctx.neighbour(e, k);
        if (w < 0) break;
        const Index rw = sol.route_of[static_cast<std::size_t>(w)];
        if (rw < 0 || rw == r) continue;
        for (Index pos : {sol.pos_of[static_cast<std::size_t>(w)], sol.pos_of[static_cast<std::size_t>(w)] + 1})
          CHECK_MSG(reference_insertion(in, sol, e, rw, pos) >= placed_e - kTol,
                    "instance %d, stop %d: a cheaper place for the ejected stop", i, s);
      }
    }
  });
  std::fprintf(stderr, "ejection insertion: %d moves\n", found);
  CHECK(found > 50);
}
