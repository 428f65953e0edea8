"""What the charts draw, as numbers: follower histogram bins and each tier's rate quartiles.

Charts are drawn from aggregates only, so a figure's size does not grow with the number of
accounts; the aggregates are computed here, once per analysis, and the figures in ``present/``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.stats import BoxStats, box_stats
from infludash.analysis.tiers import TierScheme
from infludash.base.schema import ER_PCT, FOLLOWERS, PLATFORM, TIER_INDEX

__all__ = [
    "BINS_PER_DECADE",
    "MIN_BOX_ACCOUNTS",
    "ChartInputs",
    "TierRates",
    "chart_inputs",
    "follower_bins",
    "platforms_of",
    "tier_rates",
]

BINS_PER_DECADE = 8
#: Below this many accounts with a rate, a tier shows its individual rates instead of a box.
MIN_BOX_ACCOUNTS = 5


def follower_bins(
    followers: npt.ArrayLike, scheme: TierScheme, bins_per_decade: int = BINS_PER_DECADE
) -> pd.DataFrame:
    """Counts per log-spaced bin: ``low``, ``high`` (exclusive), ``count``, ``tier_index``.

    The grid runs from the decade of the smallest account (1 when some have none) to the decade
    above the largest; accounts with fewer than one follower fall into the first bin. Tier edges
    are inserted into the grid so no bin straddles two tiers, and bins follow the half-open
    convention of the tiers.
    """
    x = np.asarray(followers, dtype="float64")
    x = x[np.isfinite(x) & (x >= 0)]
    top = max(1.0, math.ceil(math.log10(max(float(x.max()) if x.size else 10.0, 10.0) + 1)))
    smallest = float(x.min()) if x.size else 0.0
    bottom = float(math.floor(math.log10(smallest))) if smallest >= 1 else 0.0
    if smallest >= 1 and 10.0**bottom > smallest:  # log10 rounds up just below a power of 10
        bottom -= 1.0
    bottom = min(bottom, top - 1)
    grid = np.logspace(bottom, top, int((top - bottom) * bins_per_decade) + 1)
    inner = np.array([e for e in scheme.edges if grid[0] < e < grid[-1]], dtype="float64")
    if inner.size:
        # A grid point next to a tier edge would leave a sliver bin (or, merged the wrong way,
        # a bin across the edge): the tier edge replaces it.
        near = (np.abs(np.log10(grid)[:, None] - np.log10(inner)[None, :]) < 1e-6).any(axis=1)
        near[[0, -1]] = False
        grid = grid[~near]
    edges = np.unique(np.concatenate([grid, inner]))
    # Bin i is [edges[i], edges[i+1]); values below 1 join the first bin.
    index = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    counts = np.bincount(index, minlength=len(edges) - 1)
    lows, highs = edges[:-1], edges[1:]
    tier_index = np.searchsorted(np.asarray(scheme.edges), lows, side="right")
    lows = lows.copy()
    if bottom == 0.0:
        lows[0] = 0.0
    return pd.DataFrame({"low": lows, "high": highs, "count": counts, "tier_index": tier_index})


#: What the chart needs of one tier's rates: nothing (no rate), the few rates themselves (fewer
#: than :data:`MIN_BOX_ACCOUNTS`), or the box's quartiles and whiskers.
TierRates = BoxStats | tuple[float, ...] | None


def tier_rates(annotated: pd.DataFrame, tiers: int) -> list[TierRates]:
    """Per tier (``tier_index`` 0 … ``tiers``-1), what :func:`engagement_box` draws: a handful of
    floats or a :class:`~infludash.analysis.stats.BoxStats`, never the rates of a large tier."""
    er = annotated[ER_PCT].to_numpy(dtype="float64")
    index = annotated[TIER_INDEX].to_numpy()
    finite = np.isfinite(er)
    er, index = er[finite], index[finite]
    # One stable sort by tier, then each tier is a slice (no mask over every account per tier).
    # Tier numbers are small: as bytes, the stable sort is a radix sort (4x faster).
    order = np.argsort(index.astype(np.int8) if tiers < 127 else index, kind="stable")
    er, index = er[order], index[order]
    bounds = np.searchsorted(index, np.arange(tiers + 1), side="left")
    out: list[TierRates] = []
    for i in range(tiers):
        values = er[bounds[i] : bounds[i + 1]]
        if values.size == 0:
            out.append(None)
        elif values.size < MIN_BOX_ACCOUNTS:
            out.append(tuple(float(v) for v in values))
        else:
            out.append(box_stats(values))
    return out


def platforms_of(annotated: pd.DataFrame) -> tuple[str, ...]:
    """The platforms present, sorted (distinct values, not a Python set over every account)."""
    if PLATFORM not in annotated:
        return ()
    values = annotated[PLATFORM].dropna().astype("string").unique()
    return tuple(sorted(str(v) for v in values))


@dataclass(frozen=True)
class ChartInputs:
    """What the Overview's charts and overlay need of the filtered accounts: aggregates only."""

    bins: pd.DataFrame  # follower histogram bins (follower_bins)
    rates: list[TierRates]  # per tier: quartiles and whiskers, or the few rates themselves
    platforms: tuple[str, ...]  # platforms present


def chart_inputs(annotated: pd.DataFrame, scheme: TierScheme) -> ChartInputs:
    """Histogram bins, box-plot inputs and platforms of ``annotated`` (tiered under ``scheme``)."""
    return ChartInputs(
        bins=follower_bins(annotated[FOLLOWERS], scheme),
        rates=tier_rates(annotated, len(scheme.keys)),
        platforms=platforms_of(annotated),
    )
