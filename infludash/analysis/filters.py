"""Narrowing the accounts down: platform, category, country, source file, follower and engagement
ranges, handle search. One mask, applied once, feeds every chart, table, finding and export.

Follower and engagement ranges move on log-like steps (1, 2, 5 per decade) because both quantities
span orders of magnitude: a linear slider would spend all its travel on the few mega accounts.
Ranges are half-open like the tiers, ``[low, high)``; ``None`` means open-ended.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.schema import CATEGORY, COUNTRY, ER_PCT, FOLLOWERS, HANDLE, PLATFORM, SOURCE

__all__ = [
    "CHOICE_COLUMNS",
    "ER_STEPS",
    "FOLLOWER_STEPS",
    "Filters",
    "choices",
    "filter_mask",
]

#: Columns filtered by picking values, in sidebar order.
CHOICE_COLUMNS: tuple[str, ...] = (PLATFORM, CATEGORY, COUNTRY, SOURCE)
#: Slider stops; the last stop of each is "no upper limit" (None in a Filters value).
FOLLOWER_STEPS: tuple[float, ...] = (
    0.0,
    *(m * 10.0**e for e in range(1, 9) for m in (1, 2, 5)),
    1e9,
)
ER_STEPS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the data to; the empty value keeps every account."""

    platform: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    followers_min: float | None = None
    followers_max: float | None = None
    er_min: float | None = None
    er_max: float | None = None
    handle: str = ""

    @property
    def active(self) -> bool:
        """True when any filter narrows the data."""
        return any(getattr(self, f.name) not in ((), None, "") for f in fields(self))

    @property
    def er_restricted(self) -> bool:
        """An engagement range drops accounts without a rate, so the UI says so."""
        return self.er_min is not None or self.er_max is not None


def _in_range(values: npt.NDArray[np.float64], low: float | None, high: float | None) -> np.ndarray:
    keep = np.ones(values.shape, dtype=bool)
    if low is not None or high is not None:
        keep &= np.isfinite(values)
    if low is not None:
        keep &= values >= low
    if high is not None:
        keep &= values < high
    return keep


def filter_mask(accounts: pd.DataFrame, filters: Filters) -> npt.NDArray[np.bool_]:
    """True for every account that passes all filters (vectorised; ``er_pct`` is needed only
    when an engagement range is set)."""
    keep = np.ones(len(accounts), dtype=bool)
    for column in CHOICE_COLUMNS:
        wanted = getattr(filters, column)
        if wanted and column in accounts:
            keep &= accounts[column].astype("string").isin(wanted).fillna(False).to_numpy(bool)
    followers = accounts[FOLLOWERS].to_numpy(dtype="float64")
    keep &= _in_range(followers, filters.followers_min, filters.followers_max)
    if filters.er_restricted and ER_PCT in accounts:
        er = accounts[ER_PCT].to_numpy(dtype="float64")
        keep &= _in_range(er, filters.er_min, filters.er_max)
    needle = filters.handle.strip()
    if needle and HANDLE in accounts:
        found = accounts[HANDLE].astype("string").str.contains(needle, case=False, regex=False)
        keep &= found.fillna(False).to_numpy(dtype=bool)
    return keep


def choices(accounts: pd.DataFrame, column: str) -> list[str]:
    """Values to pick from in ``column``, most frequent first (ties alphabetical); [] if absent."""
    if column not in accounts:
        return []
    # Count first, then look at the distinct values only: the blank test runs once per value,
    # not once per account.
    counts = accounts[column].astype("string").value_counts(dropna=True)
    ordered = sorted(
        ((str(value), int(n)) for value, n in counts.items() if str(value).strip()),
        key=lambda item: (-item[1], item[0]),
    )
    return [value for value, _ in ordered]
