"""Published engagement benchmarks (``data/benchmarks.csv``) mapped onto any tier scheme.

Sources publish figures for their own tiers (Nano 1k–10k, Mid 50k–100k, ...). A scheme's tier gets
the geometric mean of the source tiers it overlaps, weighted by the overlap on a log10 follower
axis; a tier no source covers (accounts under 1k, say) takes its nearest covered neighbour's figure
and is marked as extrapolated. One source is used per platform, chosen by a fixed preference:
the requested formula, then median before mean, then more of the scheme covered, then the newest.
The sample generator and the app's estimates both call this module, so the rule lives once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from infludash.analysis.bundled import read_table
from infludash.analysis.codes import AnalysisError, EngagementNote, Statistic, Table, Wording
from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError
from infludash.base.notes import Note

__all__ = [
    "BENCHMARKS_PATH",
    "PLATFORMS",
    "Estimates",
    "TierBenchmark",
    "benchmark_estimates",
    "estimate_er",
    "estimate_notes",
    "load_benchmarks",
    "tier_benchmarks",
]

BENCHMARKS_PATH = Path(__file__).resolve().parents[2] / "data" / "benchmarks.csv"
_TABLE = Note(Table.BENCHMARKS)
PLATFORMS: tuple[str, ...] = ("Instagram", "TikTok", "YouTube")
_COLUMNS = (
    "platform",
    "tier",
    "min_followers",
    "max_followers",
    "engagement_rate_pct",
    "statistic",
    "formula",
    "population",
    "year",
    "source",
    "url",
)
_OPEN_END = 1e10  # stands in for "no upper edge" when measuring overlap


@dataclass(frozen=True)
class TierBenchmark:
    """A published figure mapped onto one tier of a scheme, with where it came from."""

    platform: str
    tier: str
    er_pct: float
    statistic: str
    formula: str
    population: str
    year: int
    source: str
    url: str
    extrapolated: bool = False


@lru_cache(maxsize=4)
def load_benchmarks(path: Path = BENCHMARKS_PATH) -> pd.DataFrame:
    """The benchmark table, checked: every row has a figure, edges, a source and a URL."""
    table = read_table(path, _TABLE, _COLUMNS)
    for column in ("platform", "statistic", "formula", "source", "url"):
        if (table[column].astype(str).str.strip() == "").any():
            raise InputError(Note(AnalysisError.TABLE_ROW_WITHOUT, table=_TABLE, column=column))
    for column, code in (("statistic", Statistic), ("formula", Wording)):  # said in words
        known = {str(c.value).rpartition(".")[2] for c in code}
        unknown = sorted(set(table[column].astype(str)) - known)
        if unknown:
            raise InputError(
                Note(
                    AnalysisError.TABLE_UNKNOWN_VALUE,
                    table=_TABLE,
                    column=column,
                    value=repr(unknown[0]),
                    known=", ".join(sorted(known)),
                )
            )
    return table


def band_overlap(lo: float, hi: float | None, row_lo: float, row_hi: float) -> float:
    """Decades that the tier ``[lo, hi)`` shares with a published band (shared with the planner
    so prices and benchmarks map onto a scheme the same way)."""
    top, bottom = min(hi if hi is not None else _OPEN_END, row_hi), max(lo, row_lo, 1.0)
    return max(0.0, math.log10(top) - math.log10(bottom)) if top > bottom else 0.0


def _mapped(group: pd.DataFrame, scheme: TierScheme) -> list[float | None]:
    lows = group["min_followers"].to_numpy(dtype="float64")
    highs = np.nan_to_num(group["max_followers"].to_numpy(dtype="float64"), nan=_OPEN_END)
    logs = np.log(group["engagement_rate_pct"].to_numpy(dtype="float64"))
    values: list[float | None] = []
    for lo, hi in zip(scheme.lower_bounds, scheme.upper_bounds, strict=True):
        weights = np.array([band_overlap(lo, hi, a, b) for a, b in zip(lows, highs, strict=True)])
        values.append(float(np.exp(np.average(logs, weights=weights))) if weights.sum() else None)
    return values


def tier_benchmarks(
    scheme: TierScheme, platform: str, formula: str = "followers"
) -> list[TierBenchmark] | None:
    """One benchmark per tier of ``scheme`` for ``platform`` (None when no source covers it)."""
    table = load_benchmarks()
    rows = table[table["platform"].str.casefold() == platform.casefold()]
    if rows.empty:
        return None
    candidates = []
    for _, group in rows.groupby(["source", "statistic", "formula", "year"], sort=True):
        mapped = _mapped(group, scheme)
        covered = sum(v is not None for v in mapped)
        first = group.iloc[0]
        score = (
            first["formula"] == formula,
            first["statistic"] == "median",
            covered,
            int(first["year"]),
        )
        candidates.append((score, group, mapped))
    score, group, mapped = max(candidates, key=lambda item: item[0])
    if score[2] == 0:
        return None
    first = group.iloc[0]
    result = []
    covered_at = [j for j, v in enumerate(mapped) if v is not None]
    for i, value in enumerate(mapped):
        # A tier no source covers takes its nearest covered neighbour (lower first on ties).
        source_tier = i if value is not None else min(covered_at, key=lambda j: (abs(j - i), j))
        figure = mapped[source_tier]
        assert figure is not None
        result.append(
            TierBenchmark(
                platform=str(first["platform"]),
                tier=scheme.labels[i],
                er_pct=figure,
                statistic=str(first["statistic"]),
                formula=str(first["formula"]),
                population=str(first["population"]),
                year=int(first["year"]),
                source=str(first["source"]),
                url=str(first["url"]),
                extrapolated=value is None,
            )
        )
    return result


@dataclass(frozen=True)
class Estimates:
    """Per platform with a benchmark, one figure per tier of a scheme (``known``), and for
    accounts on any other platform (or none) the geometric mean of those figures per tier
    (``other``; empty when no platform has a benchmark)."""

    known: Mapping[str, list[TierBenchmark]]
    other: tuple[float, ...]

    def figures(self, platform: str) -> list[float]:
        return [b.er_pct for b in self.known[platform]]


def benchmark_estimates(scheme: TierScheme) -> Estimates:
    """The figures :func:`estimate_er` gives the accounts of each platform, per tier."""
    per_platform = {p: tier_benchmarks(scheme, p) for p in PLATFORMS}
    known = {p: b for p, b in per_platform.items() if b}
    if not known:
        return Estimates({}, ())
    stacked = np.array([[b.er_pct for b in bench] for bench in known.values()])
    average = np.exp(np.log(stacked).mean(axis=0))
    return Estimates(known, tuple(float(v) for v in average))


def estimate_notes(
    estimates: Estimates, scheme: TierScheme, present: Mapping[str, int], other: int
) -> list[Note]:
    """What the analyst is told about estimates: each source used (for the platforms with
    ``present`` accounts), the tiers a source does not cover, and the ``other`` accounts on a
    platform without a benchmark."""
    if not estimates.known:
        return [Note(EngagementNote.NO_BENCHMARK)]
    notes: list[Note] = []
    for platform, bench in estimates.known.items():
        if present.get(platform, 0):
            notes.append(
                Note(
                    EngagementNote.ESTIMATED_FROM,
                    platform=platform,
                    source=bench[0].source,
                    year=str(bench[0].year),
                    statistic=Note(Statistic(f"words.statistic.{bench[0].statistic}")),
                    formula=Note(Wording(f"words.per.{bench[0].formula}")),
                )
            )
    extrapolated = {
        scheme.labels[i]
        for bench in estimates.known.values()
        for i, b in enumerate(bench)
        if b.extrapolated
    }
    if extrapolated:
        notes.append(Note(EngagementNote.EXTRAPOLATED, tiers=", ".join(sorted(extrapolated))))
    if other:
        notes.append(
            Note(EngagementNote.UNKNOWN_PLATFORM, n=other, platforms=", ".join(estimates.known))
        )
    return notes


def estimate_er(
    platforms: pd.Series, tier_index: np.ndarray, scheme: TierScheme
) -> tuple[np.ndarray, list[Note]]:
    """Estimated engagement rate per account from its platform's benchmark for its tier.

    Accounts without a known platform get the geometric mean of the platforms' figures for the
    tier; notes say so, and name every source used.
    """
    estimates = np.full(len(tier_index), np.nan)
    table = benchmark_estimates(scheme)
    if not table.known:
        return estimates, estimate_notes(table, scheme, {}, 0)
    names = platforms.astype("string").fillna("").str.strip().to_numpy(dtype=object)
    valid = tier_index >= 0
    present: dict[str, int] = {}
    for platform in table.known:
        values = np.array(table.figures(platform))
        mask = valid & (names == platform)
        estimates[mask] = values[tier_index[mask]]
        present[platform] = int(mask.sum())
    other = valid & ~np.isin(names, list(table.known))
    if other.any():
        estimates[other] = np.array(table.other)[tier_index[other]]
    return estimates, estimate_notes(table, scheme, present, int(other.sum()))
