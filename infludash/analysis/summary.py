"""Per-tier summary: counts, shares, medians with intervals, reach; one computation for CLI and app.

The accounts are tiered and rated once (:func:`annotate`), and the numbers computed once from
them and handed to every consumer (the JSON output, the readable table, the app's table and the
figures), so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from infludash.analysis.annotated import BENCHMARK, Annotated
from infludash.analysis.benchmarks import estimate_er
from infludash.analysis.by_followers import ByFollowers
from infludash.analysis.codes import EngagementNote
from infludash.analysis.engagement import (
    DISAGREEMENT_FACTOR,
    available_bases,
    choose_er,
    disagreements,
)
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.stats import MedianInterval, median_ci
from infludash.analysis.tier_rows import tier_row
from infludash.analysis.tiers import TierScheme, assign_tiers, tier_categorical
from infludash.base import schema
from infludash.base.notes import Note
from infludash.read.rates import engagement_rate_pct, engagements_per_post, reconcile_reported_unit
from infludash.read.reader import ReadResult

__all__ = [
    "EngagementOptions",
    "Summary",
    "TierFigures",
    "annotate",
    "summarize",
    "tier_figures",
]


@dataclass(frozen=True)
class EngagementOptions:
    """How engagement statistics are computed; every choice is stated wherever numbers appear."""

    basis: str = "auto"  # see infludash.analysis.engagement.ER_BASES
    min_followers: float = 0.0  # accounts below are left out of engagement statistics (0 = off)
    min_accounts: int = 10  # a tier with fewer rates is "too few accounts", not a confident median


def annotate(
    accounts: pd.DataFrame,
    scheme: TierScheme = DEFAULT_SCHEME,
    options: EngagementOptions | None = None,
) -> Annotated:
    """Accounts with ``tier`` (label), ``tier_index``, ``engagements`` and ``er_pct`` added,
    with the basis used and what the analyst must be told about it (estimates, exclusions,
    disagreements with a reported rate)."""
    options = options or EngagementOptions()
    out = accounts.copy(deep=False)  # copy-on-write: new columns never touch the caller's frame
    followers = out[schema.FOLLOWERS].to_numpy(dtype="float64")
    index = assign_tiers(followers, scheme)
    out[schema.TIER_INDEX] = index
    out[schema.TIER] = tier_categorical(index, scheme)
    engagements = engagements_per_post(out)
    hidden_notes: list[Note] = []
    if schema.HIDDEN_LIKES in out:
        # Likes hidden by the platform (-1 in the file) are unknown, not zero: the sum of the
        # other interactions would understate the account, so it gets no interaction total.
        hidden = out[schema.HIDDEN_LIKES].to_numpy(dtype=bool)
        if hidden.any():
            engagements = np.where(hidden, np.nan, engagements)
            n = int(hidden.sum())
            hidden_notes.append(Note(EngagementNote.HIDDEN_LIKES, n=n))
    out[schema.ENGAGEMENTS] = engagements
    bases = available_bases(out)
    wants_estimate = options.basis == "benchmark" or (
        options.basis == "auto" and bases[0] == "benchmark"
    )
    estimate, estimate_notes = (
        estimate_er(out.get(schema.PLATFORM, pd.Series("", index=out.index)), index, scheme)
        if wants_estimate
        else (None, [])
    )
    notes: list[Note] = []
    by_followers = engagement_rate_pct(engagements, followers) if "followers" in bases else None
    if "column" in bases and by_followers is not None:
        fixed, unit_note = reconcile_reported_unit(
            out[schema.REPORTED_ER_PCT].to_numpy(dtype="float64"), by_followers
        )
        out[schema.REPORTED_ER_PCT] = fixed
        notes += [unit_note] if unit_note else []
    choice = choose_er(out, engagements, options.basis, estimate, per_follower=by_followers)
    er = choice.er_pct
    notes += [*choice.notes, *estimate_notes, *hidden_notes]
    if choice.basis in ("views", "column"):
        missing = int((~np.isfinite(er)).sum())
        if missing:
            code = (
                EngagementNote.MISSING_VIEWS
                if choice.basis == "views"
                else EngagementNote.MISSING_COLUMN
            )
            notes.append(Note(code, n=missing))
    if options.min_followers > 0:
        below = followers < options.min_followers
        er = np.where(below, np.nan, er)  # a new array: the per-follower rates stay whole
        notes.append(
            Note(
                EngagementNote.FLOOR,
                n=int(below.sum()),
                floor=round(options.min_followers),
            )
        )
    out[schema.ER_PCT] = er
    if by_followers is not None and "column" in bases and choice.basis in ("followers", "column"):
        # Like with like: the reported rate is per follower, so compare the per-follower one.
        flags = disagreements(by_followers, out[schema.REPORTED_ER_PCT].to_numpy(dtype="float64"))
        out[schema.ER_DISAGREES] = flags
        if flags.any():
            notes.append(
                Note(
                    EngagementNote.DISAGREE,
                    n=int(flags.sum()),
                    factor=float(DISAGREEMENT_FACTOR),
                )
            )
    return Annotated(out, scheme, choice.basis, tuple(notes))


@dataclass(frozen=True)
class Summary:
    """Everything the headline, the table and the JSON show, for one data set and scheme."""

    scheme: TierScheme
    er_basis: str
    rows_read: int
    accounts: int
    rejected: int
    duplicates: int
    tiers: pd.DataFrame
    median_er_pct: float | None
    er_ci95_pct: tuple[float, float] | None
    total_reach: float
    median_followers: float | None
    er_accounts: int
    warnings: tuple[Note, ...] = ()
    rejected_reasons: tuple[tuple[str, int], ...] = ()
    possible_duplicates: int = 0
    er_notes: tuple[Note, ...] = ()
    min_accounts: int = 10

    @property
    def estimated(self) -> bool:
        """True when engagement figures are benchmark estimates, not measurements."""
        return self.er_basis == BENCHMARK


def _sorted_median(values: np.ndarray) -> float | None:
    """The median of values sorted ascending, all finite: the middle, no partition."""
    if not values.size:
        return None
    middle = values.size // 2
    return float(values[middle] if values.size % 2 else (values[middle - 1] + values[middle]) / 2)


def _median(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else None


@dataclass(frozen=True)
class TierFigures:
    """The per-tier table of :class:`Summary` (``tiers``), the median rate of all accounts with
    its interval, and their median follower count."""

    tiers: pd.DataFrame
    overall: MedianInterval
    median_followers: float | None


def tier_figures(
    annotated: Annotated,
    options: EngagementOptions,
    scheme: TierScheme | None = None,
    by_followers: ByFollowers | None = None,
) -> TierFigures:
    """Per-tier figures of ``annotated`` under its own scheme, or under ``scheme`` when
    ``by_followers`` (:meth:`ByFollowers.of` the same accounts) gives their order by followers:
    a caller that compares several schemes sorts once, and the tier columns are not read.

    Estimates from benchmarks get no confidence interval: they are not a sample.
    """
    if by_followers is None and scheme is not None and scheme != annotated.scheme:
        raise ValueError("another scheme than the accounts' own needs their order by followers")
    scheme = scheme or annotated.scheme
    data = annotated.frame
    estimated = annotated.estimated
    followers = data[schema.FOLLOWERS].to_numpy(dtype="float64")
    er = data[schema.ER_PCT].to_numpy(dtype="float64")
    total = len(data)
    # Sorted once, each tier is a slice: no full-length mask per tier.
    if by_followers is None:
        index = data[schema.TIER_INDEX].to_numpy()
        engagements = data[schema.ENGAGEMENTS].to_numpy(dtype="float64")
        small = index.astype(np.int8) if len(scheme.keys) < 127 else index  # radix sort
        order = np.argsort(small, kind="stable")
        bounds = np.searchsorted(index[order], np.arange(len(scheme.keys) + 1), side="left")
        followers_by_tier, er_by_tier = followers[order], er[order]
        engagements_by_tier = engagements[order]
    else:
        bounds = by_followers.bounds(scheme)
        followers_by_tier, er_by_tier = by_followers.followers, by_followers.er
        engagements_by_tier = by_followers.engagements
    rows = []
    for i in range(len(scheme.keys)):
        mask = slice(int(bounds[i]), int(bounds[i + 1]))
        count = mask.stop - mask.start
        ci = median_ci(er_by_tier[mask])
        if estimated:
            ci = replace(ci, low=None, high=None, coverage=None)
        rows.append(
            tier_row(
                scheme,
                i,
                count=count,
                total=total,
                median_followers=_median(followers_by_tier[mask])
                if by_followers is None
                else _sorted_median(followers_by_tier[mask]),
                er=ci,
                median_engagements=_median(engagements_by_tier[mask]),
                reach=float(followers_by_tier[mask].sum()),
                too_few=ci.n < options.min_accounts and not estimated,
            )
        )
    overall = median_ci(er) if by_followers is None else by_followers.overall_er
    if estimated:
        overall = replace(overall, low=None, high=None, coverage=None)
    return TierFigures(
        tiers=pd.DataFrame(rows),
        overall=overall,
        median_followers=_median(followers)
        if by_followers is None
        else _sorted_median(by_followers.followers[: by_followers.rated]),
    )


def summarize(
    result: ReadResult,
    scheme: TierScheme = DEFAULT_SCHEME,
    annotated: Annotated | None = None,
    options: EngagementOptions | None = None,
) -> Summary:
    """Per-tier figures for ``result`` under ``scheme``, with where every row went (pass
    ``annotated``, the accounts to summarise, to reuse a tiering; its scheme is then the one)."""
    options = options or EngagementOptions()
    data = annotated if annotated is not None else annotate(result.accounts, scheme, options)
    figures = tier_figures(data, options)
    overall = figures.overall
    frame = data.frame
    return Summary(
        scheme=data.scheme,
        er_basis=data.basis,
        rows_read=result.rows_read,
        accounts=len(frame),
        rejected=len(result.rejected),
        duplicates=result.duplicates,
        tiers=figures.tiers,
        median_er_pct=overall.median,
        er_ci95_pct=(overall.low, overall.high)
        if overall.low is not None and overall.high is not None
        else None,
        total_reach=float(np.nansum(frame[schema.FOLLOWERS].to_numpy(dtype="float64"))),
        median_followers=figures.median_followers,
        er_accounts=overall.n,
        warnings=tuple(result.warnings),
        rejected_reasons=_reason_counts(result.rejected),
        possible_duplicates=int(frame[schema.POSSIBLE_DUPLICATE].sum())
        if schema.POSSIBLE_DUPLICATE in frame
        else 0,
        er_notes=data.notes,
        min_accounts=options.min_accounts,
    )


def _reason_counts(rejected: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    """Rejected rows per reason, most frequent first."""
    if rejected.empty:
        return ()
    counts = rejected["reason"].value_counts(sort=True)
    return tuple((str(reason), int(n)) for reason, n in counts.items())
