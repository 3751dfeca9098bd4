#pragma once
/// SISR ruin (Christiaens & Vanden Berghe 2020): remove a few strings of
/// consecutive stops (or split strings, keeping some stops inside) from routes
/// near a random seed stop, so the removed stops are spatially related.
#include <vector>

#include "lastleg/route/search_context.h"

namespace lastleg::route {

/// Ruins `sol` and appends the removed stops to `removed`.
void string_removal(SearchContext& ctx, Solution& sol, std::vector<Index>& removed);

}  // namespace lastleg::route
