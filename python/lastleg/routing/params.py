"""SearchParams: the native routing search's parameters, typed and checked at once."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from lastleg.errors import InputError, InputTypeError


@dataclass(frozen=True)
class SearchParams:
    """Parameters of the native search (the defaults are the tuned ones; see
    ``cpp/lastleg/route/README.md``). A wrong name fails at construction (TypeError),
    a wrong type or range with an InputError naming the field.

    neighbours: granular neighbourhood size of the recreate; ls_neighbours: neighbours
    the local search examines per stop; ls_margin: run the local search when a candidate
    is within this many mean edges of acceptance; avg_removed, max_string, split_rate,
    split_depth, blink_rate: SISR ruin and recreate (Christiaens & Vanden Berghe);
    t_start, t_end: annealing temperatures in mean edge costs; portfolio: independent
    searches under an iteration limit; epochs: portfolio synchronisations; local_search:
    the granular local search after each recreate; ejection, swap_star,
    swap_star_neighbours: ejection insertion and SWAP* (time-free models only).
    """

    neighbours: int = 40
    ls_neighbours: int = 10
    ls_margin: float = 2.0
    avg_removed: float = 10.0
    max_string: int = 10
    split_rate: float = 0.5
    split_depth: float = 0.01
    blink_rate: float = 0.01
    t_start: float = 1.0
    t_end: float = 0.01
    portfolio: int = 2
    epochs: int = 8
    local_search: bool = True
    ejection: bool = True
    swap_star: bool = True
    swap_star_neighbours: int = 5

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            where = f"params.{f.name}"
            if f.type == "bool":
                if not isinstance(value, bool):
                    raise InputTypeError(where, f"must be true or false, got {value!r}")
            elif f.type == "int":
                if isinstance(value, bool) or not isinstance(value, int):
                    raise InputTypeError(where, f"must be an integer, got {value!r}")
                if not 1 <= value <= 1_000_000:
                    raise InputError(where, f"must be in [1, 1000000], got {value}")
            else:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise InputTypeError(where, f"must be a number, got {value!r}")
                if not math.isfinite(value) or value < 0:
                    raise InputError(where, f"must be a finite number >= 0, got {value}")
        for name in ("split_rate", "split_depth", "blink_rate"):
            if getattr(self, name) > 1:
                raise InputError(f"params.{name}", "is a probability: at most 1")

    def to_dict(self) -> dict[str, int | float | bool]:
        return asdict(self)
