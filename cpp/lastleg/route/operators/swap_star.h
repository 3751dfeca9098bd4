#pragma once
/// SWAP* (Vidal 2022, "Hybrid genetic search for the CVRP: open-source
/// implementation and SWAP* neighborhood"): exchange a stop u of route A with a
/// stop v of route B, where each is reinserted at its *best* position in the
/// other route rather than in the other's place. Granular swap only puts u
/// where v was; SWAP* finds the exchanges where both stops should move
/// elsewhere, which matters when capacity forbids a plain relocate.
///
/// The trick that keeps it cheap: the three cheapest insertion positions of
/// each stop in the other route are cached; once v is removed from B, at most
/// two of u's three positions touch v, so the best position of u in B \ {v} is
/// the first valid cached one or the hole left by v.
///
/// Granular, unlike Vidal's full version (every stop, every position, route
/// pairs by polar sector): a stop u of A is placed only next to its nearest
/// neighbours in B, and v of B only next to the stops of A that have v among
/// their nearest; only the stops so linked are exchanged, and the partner
/// routes are those holding a neighbour of A's stops. That keeps one route's
/// check at O(|A|·k) plus the (short) border pairs, so it can run after every
/// ruin-and-recreate step rather than only on finished solutions.
///
/// Candidates are priced by distance (exact when cost has no time term); the
/// best few are then checked exactly by concatenation, so time windows and the
/// other hard limits are honoured and only feasible improving moves apply.
#include <array>
#include <vector>

#include "lastleg/route/evaluator.h"
#include "lastleg/route/operators/operator.h"

namespace lastleg::route {

class SwapStar {
 public:
  explicit SwapStar(const Evaluator& ev) : ev_(ev) {}

  /// Tries route ra against each route holding one of its stops' nearest
  /// neighbours (in route order). For each, the exchanges are ranked by
  /// distance and the best few checked exactly; the first pair where one is
  /// feasible and improving gives the move.
  double evaluate(SearchContext& ctx, const Solution& sol, Index ra);
  void apply(const Solution& sol, RouteRewrite& out) const;

 private:
  /// The three cheapest insertions of one stop into the other route, by added distance.
  struct Top3 {
    std::array<double, 3> cost;
    std::array<Index, 3> pos;  ///< insert before this position (size(): at the end)
    void reset();
    void add(double c, Index p);
    [[nodiscard]] bool has(Index p) const;
  };
  struct Candidate {
    double delta;
    Index pu, pv;  ///< positions of u in A and v in B
    Index qa, qb;  ///< where v goes in A and u goes in B (original indices; pu / pv: in the hole)
  };
  /// u (position pu of A) has w (position pw of route rb) among its nearest neighbours.
  struct Link {
    Index rb, pu, pw;
  };

  /// Links of route ra's stops to other routes, sorted by route; removal gains of ra's stops.
  void collect_links(SearchContext& ctx, const Solution& sol, Index ra);
  /// SWAP* between ra and rb over the links [from, to) (all to rb): the cost
  /// change of the move found, or kNoMove.
  double evaluate_pair(const Solution& sol, Index ra, Index rb, std::size_t from, std::size_t to);
  /// Top-3 places of the linked stops of each side in the other route.
  void collect_places(const Route& a, const Route& b, std::size_t from, std::size_t to);
  /// The best kExactChecks exchanges of linked stops by distance, best first.
  void collect_candidates(const Route& a, const Route& b);
  /// Adds the two edges either side of position `at` of `into` as places for the stop at `stop_loc`.
  void add_near(const Route& into, Index stop_loc, Index at, Top3& t) const;
  /// Cheapest insertion of the stop with cached `top` into `r` once its stop at
  /// position `gone` is removed; writes the position to `q`.
  double best_without(const Route& r, const Top3& top, Index stop_loc, Index gone, Index& q) const;
  /// Exact cost of `r` with position `out` removed and `stop` inserted before original position `q`.
  double replaced_cost(const Route& r, Index out, Index stop, Index q);

  const Evaluator& ev_;
  Index ra_ = -1, rb_ = -1;  ///< the routes of the last move found
  Candidate move_{};
  std::vector<Link> links_;
  std::vector<Top3> top_a_, top_b_;        ///< per position: stops of A into B, stops of B into A
  std::vector<double> rem_a_, rem_b_;      ///< distance saved by removing each stop
  std::vector<Index> border_a_, border_b_;  ///< positions of the stops linked to the other route
  std::vector<Candidate> cands_;
  std::vector<Index> mid_;
};

}  // namespace lastleg::route
