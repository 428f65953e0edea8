"""Narrowing the accounts down: platform, category, country, source file, follower and engagement
ranges, handle search. One mask, applied once, feeds every chart, table, finding and export.

Follower and engagement ranges move on log-like steps (1, 2, 5 per decade) because both quantities
span orders of magnitude: a linear slider would spend all its travel on the few mega accounts.
Ranges are half-open like the tiers, ``[low, high)``; ``None`` means open-ended.

A categorical column's missing cells, truly missing or a text that means "no value" (``NaN``,
``-``, ``n/a``, blank: the reader's :data:`~infludash.read.missing.MISSING_MARKERS`), are one
option, :data:`MISSING`, listed last. Texts that are plainly no category (a sentence: longer than
:data:`ODD_LENGTH` characters or ending in a full stop) stay options, after the real ones. Both
rules run once per distinct value, never once per account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.schema import CATEGORY, COUNTRY, ER_PCT, FOLLOWERS, HANDLE, PLATFORM, SOURCE
from infludash.read.arrowtext import arrow_text, distinct_codes
from infludash.read.missing import MISSING_MARKERS

__all__ = [
    "CHOICE_COLUMNS",
    "ER_STEPS",
    "FOLLOWER_STEPS",
    "MISSING",
    "ODD_LENGTH",
    "Filters",
    "choices",
    "filter_mask",
    "ordered_choices",
]

#: The option that picks the accounts whose value is missing: a code (in a Filters value), never
#: shown; its words are ``filters.missing`` in the catalogues.
MISSING = "__missing__"
#: A value longer than this (trimmed) is a sentence, not a category: listed after the real ones.
ODD_LENGTH = 60
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
            keep &= _picked(accounts[column], frozenset(wanted))
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


def _is_missing(text: str) -> bool:
    return text.strip().casefold() in MISSING_MARKERS


def _is_odd(text: str) -> bool:
    trimmed = text.strip()
    return len(trimmed) > ODD_LENGTH or trimmed.endswith(".")


def _picked(cells: pd.Series, wanted: frozenset[str]) -> npt.NDArray[np.bool_]:
    """True where the cell's value is picked (a missing one when :data:`MISSING` is): decided once
    per distinct value, then spread to the accounts by their codes."""
    codes, texts = distinct_codes(arrow_text(cells))  # a missing cell reads as ""
    pick_missing = MISSING in wanted
    hit = np.array([pick_missing if _is_missing(t) else t in wanted for t in texts], dtype=bool)
    return hit[codes] if texts else np.zeros(len(cells), dtype=bool)


def choices(accounts: pd.DataFrame, column: str) -> list[str]:
    """Values to pick from in ``column``: the real ones most frequent first (ties alphabetical),
    then the odd ones in the same order, then :data:`MISSING` if any value is missing. [] if the
    column is absent or has no value that is not missing (nothing to narrow down by)."""
    if column not in accounts:
        return []
    # Count first, then look at the distinct values only: the tests run once per value, not once
    # per account.
    codes, texts = distinct_codes(arrow_text(accounts[column]))
    counts = np.bincount(codes, minlength=len(texts))
    return ordered_choices(texts, counts.tolist())


def ordered_choices(texts: Sequence[str], counts: Sequence[int]) -> list[str]:
    """The rule of :func:`choices` on distinct ``texts`` (a missing value as "") and how many
    accounts have each: an engine counts them where the table lives."""
    real: list[tuple[str, int]] = []
    odd: list[tuple[str, int]] = []
    missing = False
    for text, n in zip(texts, counts, strict=True):
        if not n:
            continue
        if _is_missing(text):
            missing = True
        else:
            (odd if _is_odd(text) else real).append((text, n))
    if not real and not odd:
        return []
    ordered = [v for group in (real, odd) for v, _ in sorted(group, key=lambda i: (-i[1], i[0]))]
    return [*ordered, MISSING] if missing else ordered
