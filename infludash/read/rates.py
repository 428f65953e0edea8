"""Per-post interactions and rates, and the unit of a reported rate: the arithmetic that
reading (plausibility, reported rates) and analysis (engagement bases) share."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.notes import Fixed, Note
from infludash.base.schema import AVG_ENGAGEMENTS
from infludash.read.columns import INTERACTION_COLUMNS
from infludash.read.warning_codes import RateNote, ReadWarning

__all__ = [
    "AMBIGUOUS_MEDIAN",
    "FRACTIONS_AT_MOST",
    "FRACTION_RATIOS",
    "PERCENT_RATIOS",
    "RECONCILE_AT_LEAST",
    "engagement_rate_pct",
    "engagements_per_post",
    "interaction_columns",
    "reconcile_reported_unit",
    "reported_er_percent",
    "unit_of_ratio",
]

#: A column of plain rates all at most this holds fractions (0.034 is 3.4%).
FRACTIONS_AT_MOST = 1.0
#: A column with larger rates but a median under this is read as fractions, with a warning.
AMBIGUOUS_MEDIAN = 0.2
#: Typical reported-to-computed ratios (open ranges) that mean the reported column holds percent
#: numbers read as fractions, or fractions read as percent numbers.
PERCENT_RATIOS = (30.0, 300.0)
FRACTION_RATIOS = (1 / 300, 1 / 30)
#: Accounts with both rates that the ratio needs to be typical.
RECONCILE_AT_LEAST = 3


def interaction_columns(accounts: pd.DataFrame) -> list[str]:
    """Interaction columns the data actually has (present and not entirely empty)."""
    return [c for c in INTERACTION_COLUMNS if c in accounts and accounts[c].notna().any()]


def engagements_per_post(accounts: pd.DataFrame) -> npt.NDArray[np.float64]:
    """Sum of the interaction columns present per account; NaN where none is reported.

    A file's own total per post (``avg_engagements``) stands in where none of the parts is
    reported: added to them, it would count every like twice.
    """
    cols = interaction_columns(accounts)
    if not cols:
        return np.full(len(accounts), np.nan)
    parts = [c for c in cols if c != AVG_ENGAGEMENTS]
    # Column by column: no two-dimensional copy of the interactions.
    total = np.zeros(len(accounts))
    any_reported = np.zeros(len(accounts), dtype=bool)
    for column in parts:
        values = accounts[column].to_numpy(dtype="float64", na_value=np.nan)
        reported = ~np.isnan(values)
        total += np.where(reported, values, 0.0)
        any_reported |= reported
    if AVG_ENGAGEMENTS in cols:
        own = accounts[AVG_ENGAGEMENTS].to_numpy(dtype="float64", na_value=np.nan)
        fill = ~any_reported & ~np.isnan(own)
        total[fill] = own[fill]
        any_reported |= fill
    total[~any_reported] = np.nan
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


def reported_er_percent(
    values: npt.NDArray[np.float64], percent: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], Note | None]:
    """A reported engagement-rate column in percent, its unit decided for the whole column.

    ``%`` cells (``3,4 %``) are percent; a column of plain numbers that are all at most 1 holds
    fractions (0.034); otherwise percent numbers. A column that looks like fractions (median under
    0.2) but has values above 1 is ambiguous: read as fractions, with a warning.
    """
    finite_mask = np.isfinite(values)
    finite = values[finite_mask]
    if finite.size == 0:
        return values, None
    if percent[finite_mask].any():
        plain = finite_mask & ~percent
        if plain.any() and values[plain].max() <= FRACTIONS_AT_MOST:
            out = values.copy()
            out[plain] = values[plain] * 100.0
            return out, Note(RateNote.ER_MIXED_PERCENT, n=int(plain.sum()))
        return values, None
    if finite.max() <= FRACTIONS_AT_MOST:
        return values * 100.0, None
    if np.median(finite) < AMBIGUOUS_MEDIAN:
        above = int((finite > 1).sum())
        return values * 100.0, Note(
            RateNote.ER_FRACTIONS_AMBIGUOUS, median=Fixed(float(np.median(finite)), 3), n=above
        )
    return values, None


def reconcile_reported_unit(
    reported: npt.NDArray[np.float64], computed: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], Note | None]:
    """Fix a reported column read in the wrong unit, when the computed rates say so plainly.

    Plain numbers of at most 1 are taken as fractions, but "0.63" can also mean 0.63%. When the
    file also has interactions, the typical ratio of reported to computed rate settles it: about
    100 means the column holds percent numbers, about 1/100 means fractions.
    """
    both = np.isfinite(reported) & np.isfinite(computed) & (computed > 0) & (reported > 0)
    if both.sum() < RECONCILE_AT_LEAST:
        return reported, None
    fix = unit_of_ratio(float(np.median(reported[both] / computed[both])))
    if fix is None:
        return reported, None
    op, note = fix
    return (reported / 100.0 if op == "/" else reported * 100.0), note


def unit_of_ratio(ratio: float) -> tuple[str, Note] | None:
    """What the typical reported-to-computed ``ratio`` says of the reported column's unit: divide
    by 100 (``"/"``: percent numbers read as fractions), multiply (``"*"``), or None: it is
    right."""
    if PERCENT_RATIOS[0] < ratio < PERCENT_RATIOS[1]:
        return "/", Note(ReadWarning.ER_UNIT_PERCENT)
    if FRACTION_RATIOS[0] < ratio < FRACTION_RATIOS[1]:
        return "*", Note(ReadWarning.ER_UNIT_FRACTION)
    return None
