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

from infludash.analysis.codes import AnalysisError, EngagementNote
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import AVG_VIEWS, FOLLOWERS, PLATFORM, REPORTED_ER_PCT
from infludash.read.rates import engagement_rate_pct, interaction_columns

__all__ = [
    "ER_BASES",
    "VIEW_PLATFORMS",
    "ErChoice",
    "available_bases",
    "choose_er",
    "disagreements",
    "resolved_basis",
    "suggests_views",
]

ER_BASES: tuple[str, ...] = ("auto", "followers", "views", "column", "benchmark")
#: Platforms where engagement is usually measured per view (the sidebar suggests that basis).
VIEW_PLATFORMS: tuple[str, ...] = ("TikTok", "YouTube")
#: The share of accounts with views on those platforms from which the sidebar suggests it.
VIEWS_HINT_SHARE = 0.8
#: Computed and reported rates that differ by more than this factor are flagged.
DISAGREEMENT_FACTOR = 1.5


def available_bases(accounts: pd.DataFrame) -> list[str]:
    """The bases this data supports (``benchmark`` always: it needs only followers)."""
    bases = []
    if interaction_columns(accounts):
        bases.append("followers")
        if AVG_VIEWS in accounts and (accounts[AVG_VIEWS] > 0).any():
            bases.append("views")
    if REPORTED_ER_PCT in accounts and accounts[REPORTED_ER_PCT].notna().any():
        bases.append("column")
    bases.append("benchmark")
    return bases


def suggests_views(accounts: pd.DataFrame, basis: str) -> bool:
    """Whether to suggest the per-view basis: rates are per follower (``auto`` is, whenever views
    are available) and at least :data:`VIEWS_HINT_SHARE` of the accounts have average views and
    are on a platform where engagement per view is the usual measure (:data:`VIEW_PLATFORMS`), so
    that the switch leaves few accounts without a rate. Only a suggestion: the default stays per
    follower, the basis most published tier benchmarks use."""
    if basis not in ("auto", "followers") or PLATFORM not in accounts:
        return False
    if "views" not in available_bases(accounts):
        return False
    with_views = (accounts[AVG_VIEWS] > 0).to_numpy(dtype=bool, na_value=False)
    on_video = accounts[PLATFORM].isin(VIEW_PLATFORMS).to_numpy(dtype=bool, na_value=False)
    return bool((with_views & on_video).sum() >= VIEWS_HINT_SHARE * len(accounts))


@dataclass(frozen=True)
class ErChoice:
    """The engagement rate per account on the basis actually used, and what to tell the analyst."""

    basis: str
    er_pct: npt.NDArray[np.float64]
    notes: list[Note] = field(default_factory=list)


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
    basis = resolved_basis(basis, available_bases(accounts))
    notes: list[Note] = []
    if basis == "followers":
        er = (
            engagement_rate_pct(engagements, accounts[FOLLOWERS])
            if per_follower is None
            else per_follower
        )
    elif basis == "views":
        er = engagement_rate_pct(engagements, accounts[AVG_VIEWS])
        notes.append(Note(EngagementNote.BASIS_VIEWS))
    elif basis == "column":
        er = accounts[REPORTED_ER_PCT].to_numpy(dtype="float64", na_value=np.nan)
        notes.append(Note(EngagementNote.BASIS_COLUMN))
    else:
        if benchmark_estimate is None:
            raise InputError(Note(AnalysisError.NO_ESTIMATES))
        er = np.asarray(benchmark_estimate, dtype="float64")
        notes.append(Note(EngagementNote.BASIS_BENCHMARK))
    return ErChoice(basis, er, notes)


def resolved_basis(basis: str, bases: list[str]) -> str:
    """The basis used for ``basis`` on data that supports ``bases`` (``auto``: measured, else
    the reported rate, else benchmark estimates); an :class:`InputError` if it lacks it."""
    if basis not in ER_BASES:
        raise InputError(
            Note(AnalysisError.UNKNOWN_BASIS, basis=repr(basis), bases=", ".join(ER_BASES))
        )
    if basis == "auto":
        return next(b for b in ("followers", "column", "benchmark") if b in bases)
    if basis not in bases:
        needs = {
            "followers": AnalysisError.BASIS_NEEDS_INTERACTIONS,
            "views": AnalysisError.BASIS_NEEDS_VIEWS,
            "column": AnalysisError.BASIS_NEEDS_RATE,
        }
        raise InputError(Note(needs[basis], basis=repr(basis)))
    return basis


def disagreements(
    computed: npt.NDArray[np.float64], reported: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """Accounts whose computed and reported rates differ by more than DISAGREEMENT_FACTOR."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(computed / reported))
    return np.isfinite(ratio) & (ratio > np.log(DISAGREEMENT_FACTOR))
