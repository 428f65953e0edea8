"""Distribution-free statistics for per-tier figures: medians, their intervals, box-plot quartiles.

The confidence interval for a median comes from order statistics: the number of observations below
the true median is Binomial(n, 1/2) whatever the distribution, so ``[x_(l), x_(n+1-l)]`` covers it
with probability ``1 - 2 P(B < l)``. That is exact (at least the nominal level), needs one partial
sort, and does not depend on a random bootstrap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["BoxStats", "MedianInterval", "box_stats", "median_ci", "median_ci_ranks"]


@dataclass(frozen=True)
class MedianInterval:
    """Sample median with its distribution-free interval (bounds None when n is too small)."""

    n: int
    median: float | None
    low: float | None
    high: float | None
    coverage: float | None


_EXACT_LIMIT = 2000


def _half_binomial_cdf(n: int) -> tuple[int, npt.NDArray[np.float64]]:
    """``(start, cdf)`` with ``cdf[j] = P(B <= start + j)`` for ``B ~ Binomial(n, 1/2)``, up to n/2.

    Exact rational arithmetic for small n. For large n the sum starts 12 standard deviations below
    the mean (the mass below is under 1e-30) and runs in log space, so it costs O(sqrt(n)).
    """
    half = n // 2
    if n <= _EXACT_LIMIT:
        counts = np.array([math.comb(n, i) for i in range(half + 1)], dtype=object)
        cumulative = np.cumsum(counts)
        return 0, np.array([float(c / 2**n) for c in cumulative], dtype="float64")
    start = max(0, int(half - 12 * math.sqrt(n) / 2))
    i = np.arange(start, half + 1, dtype="float64")
    log_first = math.lgamma(n + 1) - math.lgamma(start + 1) - math.lgamma(n - start + 1)
    steps = np.log((n - i[:-1]) / (i[:-1] + 1))
    log_pmf = log_first + np.concatenate(([0.0], np.cumsum(steps))) - n * math.log(2)
    return start, np.cumsum(np.exp(log_pmf))


@lru_cache(maxsize=4096)
def median_ci_ranks(n: int, confidence: float = 0.95) -> tuple[int, int, float] | None:
    """1-based ranks ``(l, u)`` of the order statistics bounding the median, and their coverage.

    ``l`` is the largest rank with ``P(B <= l-1) <= (1-confidence)/2`` for ``B ~ Binomial(n, 1/2)``,
    and ``u = n + 1 - l``. Returns None when even ``[min, max]`` covers less than ``confidence``
    (n < 6 at 95%).
    """
    if n < 1:
        return None
    alpha = (1.0 - confidence) / 2.0
    start, cdf = _half_binomial_cdf(n)
    # Number of k (from ``start``) with P(B <= k) <= alpha; the tightest lower rank l has l-1 = k.
    below = int(np.searchsorted(cdf, alpha, side="right"))
    if below == 0:
        return None
    low = start + below  # 1-based rank: P(B <= low-1) <= alpha < P(B <= low)
    high = n + 1 - low
    coverage = float(1.0 - 2.0 * cdf[below - 1])
    return low, high, coverage


def median_ci(values: npt.ArrayLike, confidence: float = 0.95) -> MedianInterval:
    """Median of the finite values and its order-statistic interval."""
    x = np.asarray(values, dtype="float64")
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return MedianInterval(0, None, None, None, None)
    ranks = median_ci_ranks(n, confidence)
    mid = [(n - 1) // 2, n // 2]
    kth = sorted(set(mid + ([ranks[0] - 1, ranks[1] - 1] if ranks else [])))
    part = np.partition(x, kth)
    median = float((part[mid[0]] + part[mid[1]]) / 2.0)
    if ranks is None:
        return MedianInterval(n, median, None, None, None)
    return MedianInterval(n, median, float(part[ranks[0] - 1]), float(part[ranks[1] - 1]), ranks[2])


@dataclass(frozen=True)
class BoxStats:
    """Quartiles and Tukey whiskers of one group: what a box plot needs, without the rows."""

    n: int
    q1: float
    median: float
    q3: float
    lowerfence: float
    upperfence: float
    minimum: float
    maximum: float


def box_stats(values: npt.ArrayLike) -> BoxStats | None:
    """Quartiles (linear, as pandas); whiskers at the furthest points within 1.5 IQR.

    A whisker never ends inside the box: with ties next to an interpolated quartile it stops at the
    quartile (as matplotlib does).
    """
    x = np.asarray(values, dtype="float64")
    x = x[np.isfinite(x)]
    if x.size == 0:
        return None
    q1, median, q3 = (float(v) for v in np.quantile(x, [0.25, 0.5, 0.75]))
    iqr = q3 - q1
    inside = x[(x >= q1 - 1.5 * iqr) & (x <= q3 + 1.5 * iqr)]
    return BoxStats(
        n=int(x.size),
        q1=q1,
        median=median,
        q3=q3,
        lowerfence=min(float(inside.min()), q1),
        upperfence=max(float(inside.max()), q3),
        minimum=float(x.min()),
        maximum=float(x.max()),
    )
