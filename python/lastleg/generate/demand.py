"""What is ordered: orders (service level, priority, window) and their lines (Zipf-like
SKU popularity, same-day orders drawing from the store range)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ZIPF_EXPONENT = 0.9
LINES_PMF = np.array([0.56, 0.25, 0.11, 0.05, 0.03])  # 1..5 lines, mean 1.74
QTY_PMF = np.array([0.86, 0.09, 0.04, 0.01])  # 1..4 units
PRIORITY_PMF = np.array([0.88, 0.10, 0.02])  # priority 0, 1, 2
HOUR = 3600


def draw(rng: np.random.Generator, pmf: np.ndarray, n: int, start: int = 1) -> np.ndarray:
    return (rng.choice(len(pmf), size=n, p=pmf / pmf.sum()) + start).astype(np.int64)


@dataclass
class Orders:
    ids: np.ndarray
    level: np.ndarray  # 0 same_day, 1 next_day, 2 two_day
    priority: np.ndarray
    tw_start: np.ndarray
    tw_end: np.ndarray


def orders_of(rng: np.random.Generator, n: int, covers: np.ndarray) -> Orders:
    """Same-day only where a town node covers the order; two-hour windows for it."""
    eligible = covers.any(axis=1)
    u = rng.random(n)
    level = np.where(eligible, np.where(u < 0.25, 0, np.where(u < 0.75, 1, 2)),
                     np.where(u < 0.6, 1, 2))
    priority = draw(rng, PRIORITY_PMF, n, start=0)
    slot = rng.integers(0, 5, n)
    tw_start = np.where(level == 0, (4 + 2 * slot) * HOUR, np.nan).astype(np.float64)
    ids = np.char.add("O", np.char.zfill(np.arange(1, n + 1).astype(str), len(str(n))))
    return Orders(ids, level, priority, tw_start, tw_start + 2 * HOUR)


@dataclass
class Lines:
    order: np.ndarray
    rank: np.ndarray  # the SKU's popularity rank
    qty: np.ndarray
    sku_names: np.ndarray  # by rank
    pop: np.ndarray  # popularity by rank
    r_store: int  # ranks a store carries
    r_mfc: int  # ranks an MFC carries


def lines_of(rng: np.random.Generator, n: int, s: int, level: np.ndarray) -> Lines:
    """1-5 lines per order, one per (order, SKU), file order kept."""
    pop = 1.0 / np.arange(1, s + 1) ** ZIPF_EXPONENT
    pop /= pop.sum()
    r_store = int(min(s, max(30, round(0.05 * s))))
    r_mfc = int(min(s, max(80, round(0.15 * s))))
    line_order = np.repeat(np.arange(n), draw(rng, LINES_PMF, n))
    same = level[line_order] == 0
    rank = rng.choice(s, size=len(line_order), p=pop)
    pop_store = pop[:r_store] / pop[:r_store].sum()
    rank_store = rng.choice(r_store, size=len(line_order), p=pop_store)
    rank = np.where(same, rank_store, rank)
    qty = draw(rng, QTY_PMF, len(line_order))
    _, first = np.unique(line_order.astype(np.int64) * s + rank, return_index=True)
    keep = np.sort(first)
    names = np.char.add("SKU", np.char.zfill(rng.permutation(s).astype(str), 6))
    return Lines(line_order[keep], rank[keep], qty[keep], names, pop, r_store, r_mfc)


def volumes(covers: np.ndarray, near: np.ndarray, level: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Expected same-day and later orders per town node (fractional cover)."""
    share_same = covers & (level == 0)[:, None]
    v_same = (share_same / np.maximum(share_same.sum(axis=1, keepdims=True), 1)).sum(axis=0)
    share_next = near & (level > 0)[:, None]
    v_next = (share_next / np.maximum(share_next.sum(axis=1, keepdims=True), 1)).sum(axis=0)
    return v_same, v_next
