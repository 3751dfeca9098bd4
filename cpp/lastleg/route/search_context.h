#pragma once
/// What every operator of one search needs: the model, the neighbour lists,
/// the parameters, this search's RNG and the undo journal.
#include <vector>

#include "lastleg/common/rng.h"
#include "lastleg/common/stop_criteria.h"
#include "lastleg/geo/neighbours.h"
#include "lastleg/route/journal.h"
#include "lastleg/route/model.h"
#include "lastleg/route/solution.h"

namespace lastleg::route {

struct SearchParams {
  int neighbours = 40;           ///< granular neighbourhood size
  double avg_removed = 10.0;     ///< SISR c-bar
  int max_string = 10;           ///< SISR L_max
  double split_rate = 0.5;       ///< SISR alpha: probability of a split string
  double split_depth = 0.01;     ///< SISR beta: chance to preserve one more stop
  double blink_rate = 0.01;      ///< SISR gamma: chance to skip an insertion position
  double t_start = 1.0;          ///< start temperature, x mean edge cost of the first solution
  double t_end = 0.01;           ///< end temperature, same unit
  int portfolio = 2;             ///< independent searches under an iteration limit
  int epochs = 8;                ///< synchronisations of the portfolio (restart from best)
  bool local_search = true;      ///< granular local search after each recreate
  bool ejection = true;           ///< recreate: one ejection before opening a vehicle (time-free models)
  bool swap_star = true;          ///< SWAP* between neighbouring routes when the node moves stall (time-free models)
  int swap_star_neighbours = 5;  ///< SWAP* links a stop to this many nearest neighbours (5 measured best of 5/10/20)
  int ls_neighbours = 10;        ///< neighbours examined per stop by the local search
  double ls_margin = 2.0;        ///< run the LS when a candidate is within this many mean edges of acceptance
};

struct SearchContext {
  const Model& m;
  const geo::NeighbourLists& nb;  ///< over locations; rows hold stop locations only
  const SearchParams& p;
  Rng& rng;
  Journal& journal;
  const Deadline* deadline = nullptr;  ///< long loops poll it (construction, local search)

  [[nodiscard]] bool out_of_time() const { return deadline != nullptr && deadline->expired(); }

  /// Stop index of the r-th neighbour of stop s (-1 past the end of the row).
  [[nodiscard]] Index neighbour(Index s, int r) const {
    const Index l = nb.row(m.loc(s))[r];
    return l < 0 ? -1 : l - m.n_depots();
  }
  [[nodiscard]] int k() const { return nb.k; }
};

}  // namespace lastleg::route
