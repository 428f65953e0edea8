"""Rated accounts sorted by followers once, so any tier scheme's tiers are slices of them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.stats import MedianInterval, median_ci
from infludash.analysis.tiers import TierScheme
from infludash.base.schema import ENGAGEMENTS, ER_PCT, FOLLOWERS

__all__ = ["ByFollowers"]


@dataclass(frozen=True)
class ByFollowers:
    """Rated accounts' numbers sorted by followers, once. Tiers are follower intervals, so under
    any scheme each tier is a slice found with one binary search per edge: the sensitivity table
    summarises six schemes for the price of one sort."""

    followers: npt.NDArray[np.float64]
    er: npt.NDArray[np.float64]
    engagements: npt.NDArray[np.float64]
    rated: int  # accounts with a usable follower count; they come first

    @classmethod
    def of(cls, annotated: pd.DataFrame) -> ByFollowers:
        followers = annotated[FOLLOWERS].to_numpy(dtype="float64")
        usable = np.isfinite(followers) & (followers >= 0)  # the others have no tier
        order = np.argsort(np.where(usable, followers, np.inf), kind="stable")
        return cls(
            followers=followers[order],
            er=annotated[ER_PCT].to_numpy(dtype="float64")[order],
            engagements=annotated[ENGAGEMENTS].to_numpy(dtype="float64")[order],
            rated=int(usable.sum()),
        )

    @cached_property
    def overall_er(self) -> MedianInterval:
        """The median rate of all accounts with its interval: the same under every scheme."""
        return median_ci(self.er)

    def bounds(self, scheme: TierScheme) -> npt.NDArray[np.intp]:
        """Where each tier starts, and where the last ends (``assign_tiers``' half-open
        intervals: a count equal to an edge starts the next tier)."""
        edges = np.searchsorted(self.followers[: self.rated], scheme.edges, side="left")
        return np.concatenate(([0], edges, [self.rated])).astype(np.intp)
