"""Median intervals against scipy's binomial and by simulation; box-plot quartiles against numpy.

scipy is a test-only reference here; the core never imports it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binom

from infludash.analysis.stats import box_stats, median_ci, median_ci_ranks


def _reference_ranks(n: int, confidence: float = 0.95) -> tuple[int, int, float] | None:
    """Largest 1-based rank l with P(B <= l-1) <= (1-confidence)/2, B ~ Binomial(n, 1/2)."""
    alpha = (1 - confidence) / 2
    lo = max(0, n // 2 - int(15 * math.sqrt(n)) - 5)
    k = np.arange(lo, n // 2 + 1)
    cdf = binom.cdf(k, n, 0.5)
    ok = np.flatnonzero(cdf <= alpha)
    if ok.size == 0:
        return None
    low = int(k[ok[-1]]) + 1
    return low, n + 1 - low, float(1 - 2 * cdf[ok[-1]])


_SIZES = [
    *range(1, 121),
    *range(121, 2101, 37),
    999,
    1000,
    1001,
    1999,
    2000,
    2001,
    2002,
    2500,
    4096,
    10_001,
    123_457,
    1_000_000,
]


@pytest.mark.parametrize("n", _SIZES)
def test_median_ci_ranks_match_scipy(n: int) -> None:
    expected = _reference_ranks(n)
    got = median_ci_ranks(n)
    if expected is None:
        assert got is None
        return
    assert got is not None
    assert got[:2] == expected[:2]
    assert got[2] == pytest.approx(expected[2], abs=1e-9)
    assert got[2] >= 0.95


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5])
def test_no_interval_below_six(n: int) -> None:
    assert median_ci_ranks(n) is None


@pytest.mark.parametrize(
    ("n", "confidence"),
    [(10, 0.90), (25, 0.99), (100, 0.80), (1000, 0.99), (3001, 0.90), (50_000, 0.999)],
)
def test_median_ci_ranks_other_levels(n: int, confidence: float) -> None:
    expected = _reference_ranks(n, confidence)
    got = median_ci_ranks(n, confidence)
    assert expected is not None
    assert got is not None
    assert got[:2] == expected[:2]
    assert got[2] == pytest.approx(expected[2], abs=1e-9)


@pytest.mark.parametrize(
    ("values", "median", "low", "high"),
    [
        ([], None, None, None),
        ([7.0], 7.0, None, None),
        ([3, 1, 2], 2.0, None, None),
        ([4, 1, 3, 2], 2.5, None, None),
        ([5, 1, 4, 2, 3], 3.0, None, None),
        ([6, 1, 5, 2, 4, 3], 3.5, 1.0, 6.0),
        ([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 5.5, 2.0, 9.0),
        ([1, 2, np.nan, 3, np.inf, 4, -np.inf, 5, 6], 3.5, 1.0, 6.0),
    ],
)
def test_median_ci_small_arrays(
    values: list[float], median: float | None, low: float | None, high: float | None
) -> None:
    result = median_ci(values)
    finite = np.asarray(values, dtype="float64")
    finite = finite[np.isfinite(finite)]
    assert result.n == finite.size
    assert result.median == median
    if finite.size:
        assert result.median == float(np.median(finite))
    assert result.low == low
    assert result.high == high
    assert (result.coverage is None) == (low is None)


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9), min_size=1, max_size=80))
def test_median_ci_is_numpy_median_and_order_statistics(values: list[float]) -> None:
    result = median_ci(values)
    ordered = np.sort(np.asarray(values))
    assert result.median == pytest.approx(float(np.median(ordered)), rel=1e-12, abs=1e-12)
    ranks = median_ci_ranks(len(values))
    if ranks is None:
        assert result.low is None
        assert result.high is None
    else:
        assert result.low == ordered[ranks[0] - 1]
        assert result.high == ordered[ranks[1] - 1]
        assert result.low <= result.median <= result.high
        assert result.coverage == ranks[2]


_DISTRIBUTIONS = {
    # name: (draw(rng, shape), true median)
    "lognormal": (lambda rng, shape: rng.lognormal(mean=1.0, sigma=1.2, size=shape), math.e),
    "exponential": (lambda rng, shape: rng.exponential(scale=2.0, size=shape), 2.0 * math.log(2)),
    "pareto": (lambda rng, shape: rng.pareto(1.5, size=shape), 2 ** (1 / 1.5) - 1),
}
_REPS = 2000


@pytest.mark.parametrize("n", [10, 30, 100, 1000])
@pytest.mark.parametrize("dist", sorted(_DISTRIBUTIONS))
def test_median_ci_coverage_by_simulation(n: int, dist: str) -> None:
    draw, true_median = _DISTRIBUTIONS[dist]
    rng = np.random.default_rng([20240611, n, len(dist)])
    samples = draw(rng, (_REPS, n))
    covered = 0
    for row in samples:
        interval = median_ci(row)
        assert interval.low is not None
        assert interval.high is not None
        covered += interval.low <= true_median <= interval.high
    ranks = median_ci_ranks(n)
    assert ranks is not None
    exact = ranks[2]
    fraction = covered / _REPS
    se_nominal = math.sqrt(0.95 * 0.05 / _REPS)
    se_exact = math.sqrt(exact * (1 - exact) / _REPS)
    assert fraction >= 0.95 - 3 * se_nominal, f"coverage {fraction:.4f} for n={n}, {dist}"
    assert fraction <= exact + 3 * max(se_exact, 1 / _REPS), f"coverage {fraction:.4f} > {exact}"


@pytest.mark.parametrize(
    "values",
    [
        [1.0],
        [1.0, 2.0],
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 100],
        [-50, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [5, 5, 5, 5, 5, 5],
        [0.1, 0.4, 0.35, 0.8, 12.0, 0.5, 0.55, np.nan, 0.6, -7.0],
        [0.0, 0.0, 0.0, -1.0],
        [0.0, 0.0, 0.0, 1.0],
    ],
)
def test_box_stats_known_arrays(values: list[float]) -> None:
    _check_box(values)


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=60))
def test_box_stats_properties(values: list[float]) -> None:
    _check_box(values)


def _check_box(values: list[float]) -> None:
    x = np.asarray(values, dtype="float64")
    x = x[np.isfinite(x)]
    stats = box_stats(values)
    assert stats is not None
    q1, median, q3 = np.quantile(x, [0.25, 0.5, 0.75])
    assert stats.n == x.size
    assert stats.q1 == q1
    assert stats.median == median
    assert stats.q3 == q3
    iqr = q3 - q1
    assert stats.minimum == x.min()
    assert stats.maximum == x.max()
    # whiskers end at the furthest data points within 1.5 IQR, never inside the box
    assert stats.lowerfence >= q1 - 1.5 * iqr
    assert stats.upperfence <= q3 + 1.5 * iqr
    inside = x[(x >= q1 - 1.5 * iqr) & (x <= q3 + 1.5 * iqr)]
    assert stats.lowerfence == min(inside.min(), q1)
    assert stats.upperfence == max(inside.max(), q3)
    assert stats.lowerfence in x or stats.lowerfence == q1
    assert stats.upperfence in x or stats.upperfence == q3
    assert stats.minimum <= stats.lowerfence <= stats.q1 <= stats.median
    assert stats.median <= stats.q3 <= stats.upperfence <= stats.maximum


def test_box_stats_outliers_are_outside_the_whiskers() -> None:
    stats = box_stats([1, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    assert stats is not None
    assert stats.upperfence == 9.0
    assert stats.maximum == 100.0
    assert stats.lowerfence == 1.0


@pytest.mark.parametrize(
    ("values", "lowerfence", "upperfence"),
    [([0.0, 0.0, 0.0, 1.0], 0.0, 0.25), ([-1.0, 0.0, 0.0, 0.0], -0.25, 0.0)],
)
def test_whisker_never_ends_inside_the_box(
    values: list[float], lowerfence: float, upperfence: float
) -> None:
    stats = box_stats(values)
    assert stats is not None
    assert (stats.lowerfence, stats.upperfence) == (lowerfence, upperfence)


def test_box_stats_empty() -> None:
    assert box_stats([]) is None
    assert box_stats([np.nan, np.inf]) is None
