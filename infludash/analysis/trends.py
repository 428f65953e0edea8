"""How engagement rate moves with followers: a robust log–log line for all accounts and one per
platform.

Theil–Sen is robust to the outliers that follower lists are full of (bought followers, viral
posts); pairs are formed on a seeded random sample of at most ``MAX_FIT_POINTS`` accounts, so
the cost is bounded whatever the file size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.fits import FitMemo, Groups, fit_sample, platform_groups, theil_sen
from infludash.base.schema import ER_PCT, FOLLOWERS, PLATFORM

__all__ = ["Trend", "fit_trends", "trend"]


@dataclass(frozen=True)
class Trend:
    """log10(ER) = intercept + slope · log10(followers), fitted robustly, for one group."""

    group: str
    n: int  # accounts in the fit (a seeded sample of at most MAX_FIT_POINTS)
    total: int  # accounts with a rate in the group
    slope: float
    slope_low: float
    slope_high: float
    intercept: float

    @property
    def direction(self) -> str:
        """``falls`` / ``rises`` when the interval excludes 0, else ``flat``."""
        if self.slope_high < 0:
            return "falls"
        if self.slope_low > 0:
            return "rises"
        return "flat"

    def per_tenfold(self) -> float:
        """Change of the rate, in percent, for ten times the followers (e.g. -35.2)."""
        return (10.0**self.slope - 1.0) * 100.0


def trend(
    annotated: pd.DataFrame,
    group: str,
    mask: npt.NDArray[np.bool_],
    memo: FitMemo | None = None,
) -> Trend | None:
    """Robust log–log fit of ER on followers for the accounts in ``mask``."""
    followers = annotated[FOLLOWERS].to_numpy(dtype="float64")
    er = annotated[ER_PCT].to_numpy(dtype="float64")
    ok = mask & (followers > 0) & np.isfinite(followers) & (er > 0) & np.isfinite(er)
    rows = np.flatnonzero(ok)
    pick = fit_sample(rows.size)  # the sample theil_sen would take, before the logarithms
    if pick is not None:
        rows = rows[pick]
    fit = theil_sen(np.log10(followers[rows]), np.log10(er[rows]), memo=memo)
    if fit is None:
        return None
    slope, low, high, intercept, n = fit
    return Trend(group, n, int(ok.sum()), slope, low, high, intercept)


def fit_trends(
    annotated: pd.DataFrame, groups: Groups | None = None, memo: FitMemo | None = None
) -> list[Trend]:
    """The log–log trend of all accounts (group ``"all"``, first when it can be fitted), then one
    per platform (``groups``: :func:`platform_groups` of the same accounts, when the caller has
    them). Independent of the tier summary, so it can run while that is computed."""
    trends: list[Trend] = []
    everyone = np.ones(len(annotated), dtype=bool)
    overall = trend(annotated, "all", everyone, memo)
    if overall is not None:
        trends.append(overall)
    if PLATFORM in annotated:
        codes, names = platform_groups(annotated) if groups is None else groups
        for code, name in sorted(enumerate(names), key=lambda item: str(item[1])):
            if not name:
                continue
            fitted = trend(annotated, str(name), codes == code, memo)
            if fitted is not None:
                trends.append(fitted)
    return trends
