"""Engagement per account: interactions per post and the engagement rate by followers.

Engagement rate (percent) = (avg_likes + avg_comments + avg_shares + avg_saves, those present) /
followers × 100. A missing interaction cell counts as "not reported" rather than zero, so an
account with only likes still gets a rate; an account with no interaction at all, or with 0
followers, has no rate (NaN) instead of a misleading 0 or infinity.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.columns import INTERACTION_COLUMNS

__all__ = ["engagement_rate_pct", "engagements_per_post", "interaction_columns"]


def interaction_columns(accounts: pd.DataFrame) -> list[str]:
    """Interaction columns the data actually has (present and not entirely empty)."""
    return [c for c in INTERACTION_COLUMNS if c in accounts and accounts[c].notna().any()]


def engagements_per_post(accounts: pd.DataFrame) -> npt.NDArray[np.float64]:
    """Sum of the interaction columns present per account; NaN where none is reported."""
    cols = interaction_columns(accounts)
    if not cols:
        return np.full(len(accounts), np.nan)
    block = accounts[cols].to_numpy(dtype="float64", na_value=np.nan)
    reported = ~np.isnan(block)
    total = np.where(reported, block, 0.0).sum(axis=1)
    total[~reported.any(axis=1)] = np.nan
    return total


def engagement_rate_pct(
    engagements: npt.ArrayLike, followers: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Engagements per post as a percentage of followers; NaN for 0 followers or no engagements."""
    eng = np.asarray(engagements, dtype="float64")
    fol = np.asarray(followers, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = eng / fol * 100.0
    rate[~(fol > 0)] = np.nan
    return rate
