"""Figures from values at ranks: which ranks a median, its interval and a box need, and the
in-memory path's own arithmetic on the values found there (the same numpy calls on the same
doubles, so the results are equal, not close)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from infludash.analysis.aggregates import MIN_BOX_ACCOUNTS
from infludash.analysis.stats import MedianInterval, median_ci_ranks

__all__ = ["interval", "median", "mid", "quartiles", "rate_ranks"]

QUARTILES = (0.25, 0.5, 0.75)


def mid(n: int) -> set[int]:
    return {(n - 1) // 2 + 1, n // 2 + 1} if n else set()


def quartile_ranks(n: int) -> set[int]:
    ranks: set[int] = set()
    for q in QUARTILES:
        virtual = (n - 1) * q
        ranks |= {int(np.floor(virtual)) + 1, min(int(np.floor(virtual)) + 2, n)}
    return ranks


def median(at: Mapping[tuple[int, int], float], group: int, n: int) -> float | None:
    """As ``float(np.median(values))``: the same call on the middle pair."""
    if not n:
        return None
    pair = np.array([at[(group, (n - 1) // 2 + 1)], at[(group, n // 2 + 1)]])
    return float(np.median(pair))


def interval(at: Mapping[tuple[int, int], float], group: int, n: int) -> MedianInterval:
    """As :func:`~infludash.analysis.stats.median_ci`."""
    if not n:
        return MedianInterval(0, None, None, None, None)
    median = float((at[(group, (n - 1) // 2 + 1)] + at[(group, n // 2 + 1)]) / 2.0)
    ranks = median_ci_ranks(n)
    if ranks is None:
        return MedianInterval(n, median, None, None, None)
    return MedianInterval(n, median, at[(group, ranks[0])], at[(group, ranks[1])], ranks[2])


def quartiles(at: Mapping[tuple[int, int], float], group: int, n: int) -> list[float]:
    """As ``np.quantile(values, [0.25, 0.5, 0.75])`` (linear): numpy's own interpolation of
    the two values around each virtual index, with the same fraction."""
    out = []
    for q in QUARTILES:
        virtual = (n - 1) * q
        below = int(np.floor(virtual))
        pair = np.array([at[(group, below + 1)], at[(group, min(below + 2, n))]])
        out.append(float(np.quantile(pair, virtual - below)))
    return out


def rate_ranks(n: int) -> set[int]:
    """The ranks a tier's rates are needed at: the median, its interval, and the box (or every
    rate, for the few drawn one by one)."""
    ranks = median_ci_ranks(n) if n else None
    small = set(range(1, n + 1)) if n < MIN_BOX_ACCOUNTS else quartile_ranks(n)
    return mid(n) | small | (set(ranks[:2]) if ranks else set())
