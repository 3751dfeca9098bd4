#pragma once
/// Improvement by exact re-insertion (move an order or its lines to other nodes,
/// merge or re-split parcels) and by ejection chains: free the stock or capacity
/// an order wants by re-placing the order that holds it (e.g. a lower-priority
/// one), which may in turn displace another, up to a small depth. Moves are kept
/// only if the batch cost falls; a journal undoes the rest. Only orders above
/// their own relaxed floor are visited.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "lastleg/assign/assign_model.h"
#include "lastleg/assign/assign_state.h"
#include "lastleg/assign/order_oracle.h"
#include "lastleg/common/rng.h"
#include "lastleg/common/stop_criteria.h"

namespace lastleg::assign {

class LocalSearch {
 public:
  static constexpr int kChainDepth = 1;
  static constexpr std::size_t kVictims = 4;  ///< holders tried per blocking resource
  static constexpr std::size_t kBlockedTried = 2;  ///< blocking resources tried per order
  static constexpr std::size_t kDestroy = 4;  ///< holders removed by one repack move
  static constexpr std::size_t kWaiting = 12; ///< unserved/non-ideal users offered the room

  /// `floor[o]`: a lower bound on order o's own cost (its relaxed optimum).
  LocalSearch(const AssignModel& model, const std::vector<double>& floor)
      : m_(model), floor_(floor), oracle_(model) {}

  /// Rounds of re-insertion + ejection chains until no move improves,
  /// `max_rounds`, or the deadline. Returns the number of improving moves.
  std::int64_t run(AssignState& state, Rng& rng, const Deadline& deadline, int max_rounds);
  /// Visit only this share of the orders above their floor each round, those
  /// furthest above it (1: all). For large batches under a tight schedule.
  void set_focus(double share) { focus_ = share; }

 private:
  struct Undo {
    Index order;
    Plan old;
  };
  /// The orders one round visits (those above their floor; with a focus, the
  /// share furthest above it), ascending; returns the excess over the floor
  /// that a served order needs for a chain (-inf: any).
  double select_round(const AssignState& state, std::vector<Index>& todo) const;
  bool reinsert(AssignState& state, Index o);
  /// Re-places `o` (already unserved) displacing holders of what it wants;
  /// true when the batch total has fallen below `target`.
  bool chain(AssignState& state, Index o, int depth, double target, Rng& rng);
  void set_plan(AssignState& state, Index o, const Plan& plan);
  void rollback(AssignState& state, std::size_t mark);
  void blocking(const AssignState& state, Index o, std::vector<Index>& out);
  /// Repack around one exhausted resource: remove a few of its holders, then
  /// re-serve them and waiting users in value-per-use order. True if cheaper.
  bool repack(AssignState& state, Index r, Rng& rng);
  /// An unserved order whose wanted stock or capacity is exhausted on several
  /// resources at once (what a one-victim chain cannot free): eject the
  /// cheapest-to-drop holder of each, serve it, re-place the victims. True if cheaper.
  bool eject_all(AssignState& state, Index o, Rng& rng);
  /// The converse: a served order holding exhausted resources steps aside so
  /// that unserved orders waiting for them are served (one-for-several), then
  /// comes back if anything fits. True if cheaper.
  bool release(AssignState& state, Index v, Rng& rng);
  [[nodiscard]] bool holds_exhausted(const AssignState& state, Index o) const;
  /// Orders that may want resource r: the model's users when it lists them (small
  /// batches), else the orders whose chains found r blocking this round.
  std::span<const Index> waiting_for(Index r);
  /// Resources with nothing (or nearly nothing) left that waiting orders want.
  void tight(const AssignState& state, std::vector<Index>& out) const;

  const AssignModel& m_;
  const std::vector<double>& floor_;
  OrderOracle oracle_;
  Plan plan_, unserved_, old_;
  std::vector<Undo> journal_;
  std::size_t journal_size_ = 0;  ///< entries in use (the rest keep their storage)
  std::vector<Index> tight_, waiting_, victims_, pool_, order_, wanting_;
  /// (resource, order): what the chains of this round found blocking, sorted after them
  std::vector<std::pair<Index, Index>> wanted_;
  std::vector<double> key_;
  double focus_ = 1.0;
};

}  // namespace lastleg::assign
