"""Per-tier summary: counts, shares, medians with intervals, reach; one computation for CLI and app.

The numbers are computed once from the tiered accounts and handed to every consumer (the JSON
output, the readable table, the app's table and the figures), so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.benchmarks import estimate_er
from infludash.analysis.codes import EngagementNote
from infludash.analysis.engagement import (
    DISAGREEMENT_FACTOR,
    available_bases,
    choose_er,
    disagreements,
)
from infludash.analysis.stats import MedianInterval, median_ci
from infludash.analysis.tiers import DEFAULT_SCHEME, TierScheme, assign_tiers, tier_categorical
from infludash.base.notes import Note
from infludash.present.i18n import Locale, get_locale
from infludash.read.rates import engagement_rate_pct, engagements_per_post, reconcile_reported_unit
from infludash.read.reader import ReadResult

__all__ = ["ByFollowers", "Summary", "annotate", "summarize", "to_json"]


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
) -> pd.DataFrame:
    """Accounts with ``tier`` (label), ``tier_index``, ``engagements`` and ``er_pct`` added.

    ``attrs["er_basis"]`` names the basis used and ``attrs["er_notes"]`` what the analyst must be
    told about it (estimates, exclusions, disagreements with a reported rate).
    """
    options = options or EngagementOptions()
    out = accounts.copy(deep=False)  # copy-on-write: new columns never touch the caller's frame
    followers = out["followers"].to_numpy(dtype="float64")
    index = assign_tiers(followers, scheme)
    out["tier_index"] = index
    out["tier"] = tier_categorical(index, scheme)
    engagements = engagements_per_post(out)
    hidden_notes: list[Note] = []
    if "hidden_likes" in out:
        # Likes hidden by the platform (-1 in the file) are unknown, not zero: the sum of the
        # other interactions would understate the account, so it gets no interaction total.
        hidden = out["hidden_likes"].to_numpy(dtype=bool)
        if hidden.any():
            engagements = np.where(hidden, np.nan, engagements)
            n = int(hidden.sum())
            hidden_notes.append(Note(EngagementNote.HIDDEN_LIKES, n=n))
    out["engagements"] = engagements
    bases = available_bases(out)
    wants_estimate = options.basis == "benchmark" or (
        options.basis == "auto" and bases[0] == "benchmark"
    )
    estimate, estimate_notes = (
        estimate_er(out.get("platform", pd.Series("", index=out.index)), index, scheme)
        if wants_estimate
        else (None, [])
    )
    notes: list[Note] = []
    by_followers = engagement_rate_pct(engagements, followers) if "followers" in bases else None
    if "column" in bases and by_followers is not None:
        fixed, unit_note = reconcile_reported_unit(
            out["reported_er_pct"].to_numpy(dtype="float64"), by_followers
        )
        out["reported_er_pct"] = fixed
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
    out["er_pct"] = er
    if by_followers is not None and "column" in bases and choice.basis in ("followers", "column"):
        # Like with like: the reported rate is per follower, so compare the per-follower one.
        flags = disagreements(by_followers, out["reported_er_pct"].to_numpy(dtype="float64"))
        out["er_disagrees"] = flags
        if flags.any():
            notes.append(
                Note(
                    EngagementNote.DISAGREE,
                    n=int(flags.sum()),
                    factor=float(DISAGREEMENT_FACTOR),
                )
            )
    out.attrs["er_basis"] = choice.basis
    out.attrs["er_notes"] = notes
    return out


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
        followers = annotated["followers"].to_numpy(dtype="float64")
        usable = np.isfinite(followers) & (followers >= 0)  # the others have no tier
        order = np.argsort(np.where(usable, followers, np.inf), kind="stable")
        return cls(
            followers=followers[order],
            er=annotated["er_pct"].to_numpy(dtype="float64")[order],
            engagements=annotated["engagements"].to_numpy(dtype="float64")[order],
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
        return self.er_basis == "benchmark"


def _sorted_median(values: np.ndarray) -> float | None:
    """The median of values sorted ascending, all finite: the middle, no partition."""
    if not values.size:
        return None
    middle = values.size // 2
    return float(values[middle] if values.size % 2 else (values[middle - 1] + values[middle]) / 2)


def _median(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else None


def summarize(
    result: ReadResult,
    scheme: TierScheme = DEFAULT_SCHEME,
    annotated: pd.DataFrame | None = None,
    options: EngagementOptions | None = None,
    by_followers: ByFollowers | None = None,
) -> Summary:
    """Per-tier figures for ``result`` under ``scheme`` (pass ``annotated`` to reuse a tiering).

    ``by_followers`` (:meth:`ByFollowers.of` ``annotated``) lets a caller that summarises the
    same accounts under several schemes sort them once; the tier columns are then not read.

    Estimates from benchmarks get no confidence interval: they are not a sample.
    """
    options = options or EngagementOptions()
    data = annotated if annotated is not None else annotate(result.accounts, scheme, options)
    basis = str(data.attrs.get("er_basis", "followers"))
    estimated = basis == "benchmark"
    index = data["tier_index"].to_numpy()
    followers = data["followers"].to_numpy(dtype="float64")
    er = data["er_pct"].to_numpy(dtype="float64")
    engagements = data["engagements"].to_numpy(dtype="float64")
    total = len(data)
    # Sorted once, each tier is a slice: no full-length mask per tier.
    if by_followers is None:
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
    for i, key in enumerate(scheme.keys):
        mask = slice(int(bounds[i]), int(bounds[i + 1]))
        count = mask.stop - mask.start
        ci = median_ci(er_by_tier[mask])
        if estimated:
            ci = replace(ci, low=None, high=None, coverage=None)
        rows.append(
            {
                "tier": key,
                "label": scheme.labels[i],
                "min_followers": scheme.lower_bounds[i],
                "max_followers": scheme.upper_bounds[i],
                "accounts": count,
                "share": float(count / total) if total else None,
                "median_followers": _median(followers_by_tier[mask])
                if by_followers is None
                else _sorted_median(followers_by_tier[mask]),
                "median_er_pct": ci.median,
                "er_ci95_low": ci.low,
                "er_ci95_high": ci.high,
                "er_n": ci.n,
                "too_few": ci.n < options.min_accounts and not estimated,
                "median_engagements": _median(engagements_by_tier[mask]),
                "total_reach": float(followers_by_tier[mask].sum()),
            }
        )
    overall = median_ci(er) if by_followers is None else by_followers.overall_er
    if estimated:
        overall = replace(overall, low=None, high=None, coverage=None)
    return Summary(
        scheme=scheme,
        er_basis=basis,
        rows_read=result.rows_read,
        accounts=total,
        rejected=len(result.rejected),
        duplicates=result.duplicates,
        tiers=pd.DataFrame(rows),
        median_er_pct=overall.median,
        er_ci95_pct=(overall.low, overall.high)
        if overall.low is not None and overall.high is not None
        else None,
        total_reach=float(np.nansum(followers)),
        median_followers=_median(followers)
        if by_followers is None
        else _sorted_median(by_followers.followers[: by_followers.rated]),
        er_accounts=overall.n,
        warnings=tuple(result.warnings),
        rejected_reasons=_reason_counts(result.rejected),
        possible_duplicates=int(data["possible_duplicate"].sum())
        if "possible_duplicate" in data
        else 0,
        er_notes=tuple(data.attrs.get("er_notes", ())),
        min_accounts=options.min_accounts,
    )


def _reason_counts(rejected: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    """Rejected rows per reason, most frequent first."""
    if rejected.empty:
        return ()
    counts = rejected["reason"].value_counts(sort=True)
    return tuple((str(reason), int(n)) for reason, n in counts.items())


def _clean(value: Any) -> Any:
    """JSON-safe scalar: NaN/inf become None, numpy scalars become Python numbers."""
    if value is None:
        return None
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if not np.isfinite(f):
            return None
        return round(f, 6)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _edge(value: Any) -> int | float | None:
    """Follower bounds print as whole numbers (``10000``), not ``10000.0``."""
    cleaned = _clean(value)
    if isinstance(cleaned, float) and cleaned.is_integer():
        return int(cleaned)
    return cleaned


def to_json(summary: Summary) -> dict[str, Any]:
    """The documented ``summarize --json`` shape (keys may be added, never renamed)."""
    tiers = []
    for row in summary.tiers.to_dict("records"):
        low, high = row["er_ci95_low"], row["er_ci95_high"]
        tiers.append(
            {
                "tier": row["tier"],
                "label": row["label"],
                "min_followers": _edge(row["min_followers"]),
                "max_followers": _edge(row["max_followers"]),
                "accounts": int(row["accounts"]),
                "share": _clean(row["share"]),
                "median_followers": _clean(row["median_followers"]),
                "median_er_pct": _clean(row["median_er_pct"]),
                "er_ci95_pct": [_clean(low), _clean(high)]
                if low is not None and high is not None and np.isfinite(low)
                else None,
                "er_n": int(row["er_n"]),
                "too_few": bool(row["too_few"]),
                "median_engagements": _clean(row["median_engagements"]),
                "total_reach": _clean(row["total_reach"]),
            }
        )
    return {
        "rows_read": summary.rows_read,
        "accounts": summary.accounts,
        "rejected": summary.rejected,
        "duplicates": summary.duplicates,
        "er_basis": summary.er_basis,
        "er_notes": list(summary.er_notes),
        "min_accounts": summary.min_accounts,
        "scheme": {"name": summary.scheme.name, "edges": [_edge(e) for e in summary.scheme.edges]},
        "median_er_pct": _clean(summary.median_er_pct),
        "total_reach": _clean(summary.total_reach),
        "median_followers": _clean(summary.median_followers),
        "rejected_reasons": dict(summary.rejected_reasons),
        "possible_duplicates": summary.possible_duplicates,
        "warnings": list(summary.warnings),
        "tiers": tiers,
    }


#: Columns of :func:`display_table`; their headings are ``table.<id>`` in the catalogue.
DISPLAY_COLUMNS: tuple[str, ...] = (
    "tier",
    "range",
    "accounts",
    "share",
    "median_followers",
    "median_er",
    "ci",
    "er_n",
    "median_eng",
    "reach",
)


def display_table(summary: Summary, loc: Locale | None = None) -> pd.DataFrame:
    """The per-tier table as analysts read it: one row per tier, readable ranges, numbers kept
    numeric (the UI formats them), the interval as text because it is a pair. Columns are the
    stable ids of :data:`DISPLAY_COLUMNS`; headings come from the catalogue where it is shown."""
    loc = loc or get_locale()
    tiers = summary.tiers
    too_few = tiers["too_few"].to_numpy(dtype=bool) & (tiers["er_n"].to_numpy() > 0)
    ci = []
    for lo, hi, n, few in zip(
        tiers["er_ci95_low"], tiers["er_ci95_high"], tiers["er_n"], too_few, strict=True
    ):
        if few:
            ci.append(loc.t("table.ci_too_few"))
        elif pd.notna(lo) and pd.notna(hi):
            ci.append(f"{loc.pct_number(lo)}–{loc.pct(hi)}")
        elif summary.estimated and n:
            ci.append(loc.t("table.ci_estimate"))
        else:
            ci.append(loc.t("table.ci_small") if n else "–")
    median_er = tiers["median_er_pct"].astype("float64").mask(too_few)
    return pd.DataFrame(
        {
            "tier": tiers["label"],
            "range": [loc.tier_range(summary.scheme, i) for i in range(len(tiers))],
            "accounts": tiers["accounts"].astype("int64"),
            "share": tiers["share"].astype("float64"),
            "median_followers": tiers["median_followers"].astype("float64"),
            "median_er": median_er,
            "ci": ci,
            "er_n": tiers["er_n"].astype("int64"),
            "median_eng": tiers["median_engagements"].astype("float64"),
            "reach": tiers["total_reach"].astype("float64"),
        }
    )


def localized_table(summary: Summary, loc: Locale | None = None) -> pd.DataFrame:
    """The per-tier table with headings and every number written in ``loc``'s language (the
    app's table, the report and the tier-summary download)."""
    loc = loc or get_locale()
    table = display_table(summary, loc)
    return pd.DataFrame(
        {
            loc.t("table.tier"): table["tier"],
            loc.t("table.range"): table["range"],
            loc.t("table.accounts"): [loc.num(v) for v in table["accounts"]],
            loc.t("table.share"): [loc.share(v) for v in table["share"]],
            loc.t("table.median_followers"): [loc.num(v) for v in table["median_followers"]],
            loc.t("table.median_er_estimated" if summary.estimated else "table.median_er"): [
                loc.pct(v) for v in table["median_er"]
            ],
            loc.t("table.ci"): table["ci"],
            loc.t("table.er_n"): [loc.num(v) for v in table["er_n"]],
            loc.t("table.median_eng"): [loc.num(v) for v in table["median_eng"]],
            loc.t("table.reach"): [loc.num(v) for v in table["reach"]],
        }
    )


def summary_export(summary: Summary, loc: Locale | None = None) -> pd.DataFrame:
    """The per-tier table for a spreadsheet: headings in ``loc``'s language, numbers as numbers
    (share as a fraction, rates in percent), the interval as text."""
    loc = loc or get_locale()
    table = display_table(summary, loc).round(
        {"share": 4, "median_followers": 1, "median_er": 3, "median_eng": 1, "reach": 0}
    )
    headings = {column: loc.t(f"table.{column}") for column in DISPLAY_COLUMNS}
    if summary.estimated:
        headings["median_er"] = loc.t("table.median_er_estimated")
    return table.rename(columns=headings)


def row_equation(result: ReadResult, loc: Locale | None = None) -> str:
    """ "6 rows read = 3 kept + 2 rejected + 1 duplicate": where every row went, in ``loc``'s
    language (the Data quality page and the report say it the same way)."""
    loc = loc or get_locale()
    return loc.n(
        "quality.equation",
        result.duplicates,
        rows=loc.num(result.rows_read),
        kept=loc.num(len(result.accounts)),
        rejected=loc.num(len(result.rejected)),
    )
