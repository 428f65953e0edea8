"""Engagement per account, on an explicit basis that every number on screen names.

Bases:
- ``followers`` (default): (avg_likes + avg_comments + avg_shares + avg_saves, those present) /
  followers × 100;
- ``views``: the same interactions / average views × 100 (video platforms);
- ``column``: the engagement rate the file reports, converted to percent;
- ``benchmark``: an estimate from published benchmarks for the account's platform and tier, for
  files without interactions or a reported rate;
- ``auto``: the first of followers, column, benchmark that the data supports.

A missing interaction cell counts as "not reported" rather than zero, so an account with only
likes still gets a rate; an account with no interaction at all, or with 0 followers (or views),
has no rate (NaN) instead of a misleading 0 or infinity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.columns import INTERACTION_COLUMNS
from infludash.errors import InputError
from infludash.i18n import Message

__all__ = [
    "ER_BASES",
    "ErChoice",
    "available_bases",
    "choose_er",
    "engagement_rate_pct",
    "engagements_per_post",
    "interaction_columns",
    "reconcile_reported_unit",
    "reported_er_percent",
]

ER_BASES: tuple[str, ...] = ("auto", "followers", "views", "column", "benchmark")
#: Computed and reported rates that differ by more than this factor are flagged.
DISAGREEMENT_FACTOR = 1.5


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
    parts = [c for c in cols if c != "avg_engagements"]
    # Column by column: no two-dimensional copy of the interactions.
    total = np.zeros(len(accounts))
    any_reported = np.zeros(len(accounts), dtype=bool)
    for column in parts:
        values = accounts[column].to_numpy(dtype="float64", na_value=np.nan)
        reported = ~np.isnan(values)
        total += np.where(reported, values, 0.0)
        any_reported |= reported
    if "avg_engagements" in cols:
        own = accounts["avg_engagements"].to_numpy(dtype="float64", na_value=np.nan)
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
) -> tuple[npt.NDArray[np.float64], str | None]:
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
        if plain.any() and values[plain].max() <= 1:
            out = values.copy()
            out[plain] = values[plain] * 100.0
            return out, Message("notes.er_mixed_percent", n=int(plain.sum()))
        return values, None
    if finite.max() <= 1:
        return values * 100.0, None
    if np.median(finite) < 0.2:
        above = int((finite > 1).sum())
        return values * 100.0, Message(
            "notes.er_fractions_ambiguous", median=f"{np.median(finite):.3f}", n=above
        )
    return values, None


def reconcile_reported_unit(
    reported: npt.NDArray[np.float64], computed: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], str | None]:
    """Fix a reported column read in the wrong unit, when the computed rates say so plainly.

    Plain numbers of at most 1 are taken as fractions, but "0.63" can also mean 0.63%. When the
    file also has interactions, the typical ratio of reported to computed rate settles it: about
    100 means the column holds percent numbers, about 1/100 means fractions.
    """
    both = np.isfinite(reported) & np.isfinite(computed) & (computed > 0) & (reported > 0)
    if both.sum() < 3:
        return reported, None
    ratio = float(np.median(reported[both] / computed[both]))
    if 30 < ratio < 300:
        return reported / 100.0, Message("warnings.er_unit_percent")
    if 1 / 300 < ratio < 1 / 30:
        return reported * 100.0, Message("warnings.er_unit_fraction")
    return reported, None


def available_bases(accounts: pd.DataFrame) -> list[str]:
    """The bases this data supports (``benchmark`` always: it needs only followers)."""
    bases = []
    if interaction_columns(accounts):
        bases.append("followers")
        if "avg_views" in accounts and (accounts["avg_views"] > 0).any():
            bases.append("views")
    if "reported_er_pct" in accounts and accounts["reported_er_pct"].notna().any():
        bases.append("column")
    bases.append("benchmark")
    return bases


@dataclass(frozen=True)
class ErChoice:
    """The engagement rate per account on the basis actually used, and what to tell the analyst."""

    basis: str
    er_pct: npt.NDArray[np.float64]
    notes: list[str] = field(default_factory=list)


def choose_er(
    accounts: pd.DataFrame,
    engagements: npt.NDArray[np.float64],
    basis: str,
    benchmark_estimate: npt.NDArray[np.float64] | None = None,
    per_follower: npt.NDArray[np.float64] | None = None,
) -> ErChoice:
    """Engagement rate per account on ``basis`` (``auto`` picks the best the data supports).

    ``benchmark_estimate`` supplies the per-account estimates for the ``benchmark`` basis (they
    need the tier scheme, which the caller knows); ``per_follower`` the per-follower rates when
    the caller has computed them already (a million divisions saved).
    """
    if basis not in ER_BASES:
        raise InputError(f"unknown engagement basis {basis!r}; choose one of {', '.join(ER_BASES)}")
    bases = available_bases(accounts)
    if basis == "auto":
        basis = next(b for b in ("followers", "column", "benchmark") if b in bases)
    elif basis not in bases:
        needs = {
            "followers": "interaction columns (likes, comments, shares or saves)",
            "views": "interaction columns and an average-views column",
            "column": "an engagement-rate column",
        }
        raise InputError(f"engagement basis {basis!r} needs {needs[basis]}, which this data lacks")
    notes: list[str] = []
    if basis == "followers":
        er = (
            engagement_rate_pct(engagements, accounts["followers"])
            if per_follower is None
            else per_follower
        )
    elif basis == "views":
        er = engagement_rate_pct(engagements, accounts["avg_views"])
        notes.append(Message("notes.basis_views"))
    elif basis == "column":
        er = accounts["reported_er_pct"].to_numpy(dtype="float64", na_value=np.nan)
        notes.append(Message("notes.basis_column"))
    else:
        if benchmark_estimate is None:
            raise InputError("no benchmark estimates were given")
        er = np.asarray(benchmark_estimate, dtype="float64")
        notes.append(Message("notes.basis_benchmark"))
    return ErChoice(basis, er, notes)


def disagreements(
    computed: npt.NDArray[np.float64], reported: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """Accounts whose computed and reported rates differ by more than DISAGREEMENT_FACTOR."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(computed / reported))
    return np.isfinite(ratio) & (ratio > np.log(DISAGREEMENT_FACTOR))
