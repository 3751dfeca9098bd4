"""What is in stock: warehouses carry most of the range, town nodes the popular SKUs;
scarcity makes some demanded SKUs short network-wide; long-tail stockouts leave some
SKUs held nowhere."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lastleg.generate.demand import Lines
from lastleg.generate.places import Places


@dataclass
class Stock:
    node: np.ndarray
    rank: np.ndarray
    on_hand: np.ndarray
    safety: np.ndarray


def _warehouses(rng: np.random.Generator, n_wh: int, expected: np.ndarray) -> list[Stock]:
    """Most of the range, 3-10 days of cover split among the carrying warehouses."""
    s = len(expected)
    carry = rng.random((n_wh, s)) < 0.85
    carry[:, : max(1, s // 10)] = True
    none = ~carry.any(axis=0)
    carry[rng.integers(0, n_wh, s)[none], np.flatnonzero(none)] = True
    cover = rng.uniform(3.0, 10.0, s)
    w = rng.gamma(3.0, 1.0, (n_wh, s)) * carry
    w /= w.sum(axis=0, keepdims=True)
    on_wh = np.ceil(expected * cover * w).astype(np.int64)
    out = []
    for i in range(n_wh):
        cols = np.flatnonzero(carry[i])
        out.append(Stock(np.full(len(cols), i), cols, np.maximum(on_wh[i, cols], 1),
                         np.zeros(len(cols), dtype=np.int64)))
    return out


def _town(rng: np.random.Generator, places: Places, lines: Lines, expected: np.ndarray,
          v_same: np.ndarray, v_next: np.ndarray, n: int) -> list[Stock]:
    """The popular SKUs only, a few units each, some display stock held back."""
    town = places.town
    out = []
    for j, node in enumerate(town):
        mfc = places.is_mfc[node]
        cols = np.flatnonzero(rng.random(lines.r_mfc if mfc else lines.r_store)
                              < (0.95 if mfc else 0.85))
        local = expected[cols] * (v_same[j] + 0.3 * v_next[j]) / max(n, 1) * 1.5
        base = local + expected[cols] / max(len(town), 1)
        on = np.maximum(np.ceil(base * rng.uniform(0.8, 2.5, len(cols))).astype(np.int64), 1)
        ss = ((rng.random(len(cols)) < 0.25) & (on >= 3)).astype(np.int64)
        out.append(Stock(np.full(len(cols), node), cols, on, ss))
    return out


def _scarce(rng: np.random.Generator, share: float, demand: np.ndarray, st: Stock) -> None:
    """Demanded SKUs chosen at random miss 5-30% of their demand (at least one unit)."""
    s = len(demand)
    demanded = np.flatnonzero(demand > 0)
    n_short = round(share * len(demanded))
    if n_short <= 0:
        return
    short = np.zeros(s, dtype=bool)
    short[rng.choice(demanded, size=n_short, replace=False)] = True
    miss = np.maximum(1.0, np.round(demand * rng.uniform(0.05, 0.30, s)))
    target = np.maximum(demand - miss, 0.0)
    avail = (st.on_hand - st.safety).astype(np.float64)
    total = np.bincount(st.rank, weights=avail, minlength=s)
    factor = np.where(short, target / np.maximum(total, 1.0), 1.0)
    new_avail = np.floor(avail * factor[st.rank]).astype(np.int64)
    st.on_hand = np.where(short[st.rank], st.safety + new_avail, st.on_hand)


def _stockouts(rng: np.random.Generator, share: float, line_rank: np.ndarray,
               popular: int, st: Stock) -> Stock:
    """Long-tail SKUs (beyond the ``popular`` ranks) that no node holds, drawn until they
    cover ``share`` of the lines: half lose their rows, half keep rows with nothing above
    safety stock."""
    target = round(share * len(line_rank))
    if target == 0:
        return st
    lines_per_rank = np.bincount(line_rank)
    tail = np.flatnonzero(lines_per_rank > 0)
    tail = tail[tail >= min(popular, tail.max())]
    chosen = rng.permutation(tail)
    covered = np.cumsum(lines_per_rank[chosen])
    chosen = chosen[: int(np.searchsorted(covered, target)) + 1]
    keep = ~np.isin(st.rank, chosen[::2])
    on_hand = np.where(np.isin(st.rank, chosen[1::2]), st.safety, st.on_hand)
    return Stock(st.node[keep], st.rank[keep], on_hand[keep], st.safety[keep])


def stock_of(rngs: tuple[np.random.Generator, np.random.Generator, np.random.Generator],
             places: Places, lines: Lines, volumes: tuple[np.ndarray, np.ndarray], n: int,
             short_share: float, stockouts: float) -> Stock:
    """The inventory table (by SKU rank); ``rngs``: stock, scarcity, stockouts."""
    inv_rng, short_rng, out_rng = rngs
    s = len(lines.pop)
    demand = np.bincount(lines.rank, weights=lines.qty, minlength=s)  # units per SKU rank
    expected = np.maximum(demand, lines.pop * lines.qty.sum())
    parts = _warehouses(inv_rng, int(places.is_wh.sum()), expected)
    parts += _town(inv_rng, places, lines, expected, *volumes, n)
    st = Stock(*(np.concatenate([getattr(p, f) for p in parts])
                 for f in ("node", "rank", "on_hand", "safety")))
    _scarce(short_rng, short_share, demand, st)
    return _stockouts(out_rng, stockouts, lines.rank, lines.r_mfc, st)
