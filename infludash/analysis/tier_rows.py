"""One row of the tier table, made in one place for every path that computes it."""

from __future__ import annotations

from infludash.analysis.stats import MedianInterval
from infludash.analysis.tiers import TierScheme

__all__ = ["tier_row"]


def tier_row(
    scheme: TierScheme,
    index: int,
    *,
    count: int,
    total: int,
    median_followers: float | None,
    er: MedianInterval,
    median_engagements: float | None,
    reach: float,
    too_few: bool,
) -> dict[str, object]:
    """One row of the tier table (:attr:`TierFigures.tiers`): every path that computes the
    figures (in memory, in an engine) makes its rows here, so the columns cannot drift."""
    return {
        "tier": scheme.keys[index],
        "min_followers": scheme.lower_bounds[index],
        "max_followers": scheme.upper_bounds[index],
        "accounts": count,
        "share": float(count / total) if total else None,
        "median_followers": median_followers,
        "median_er_pct": er.median,
        "er_ci95_low": er.low,
        "er_ci95_high": er.high,
        "er_n": er.n,
        "too_few": too_few,
        "median_engagements": median_engagements,
        "total_reach": reach,
    }
