"""Which published benchmarks may stand beside the engagement chart, and what differs about them.

A benchmark is comparable only when it is computed the way the chart's rates are: a per-view
figure beside per-follower rates would mislead, so it is left out and the analyst told why; a
figure that is a mean, not a median, is shown with a caveat.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from infludash.analysis.benchmarks import PLATFORMS, TierBenchmark, tier_benchmarks
from infludash.analysis.summary import Summary
from infludash.base.notes import Note

__all__ = ["OverlayCaveat", "benchmark_bases", "benchmark_overlay"]

#: The bases on which published benchmarks exist.
_COMPARABLE = ("followers", "views")


class OverlayCaveat(Enum):
    """What the analyst is told about a platform's benchmarks (the value is the catalogue key)."""

    OTHER_FORMULA = (
        "overview.benchmark_other_formula"  # left out: another formula (platform, basis, formula)
    )
    STATISTIC = "overview.benchmark_statistic"  # shown, but not a median (platform, statistic)


def benchmark_overlay(
    present: Sequence[str], summary: Summary, wanted: bool
) -> tuple[dict[str, list[TierBenchmark]] | None, list[Note]]:
    """Published figures per tier for the platforms ``present`` in the data (all platforms when
    none of them has figures), when ``wanted`` and the rates are measured; and a caveat wherever
    their statistic or formula differs from what the chart shows."""
    if summary.estimated or not wanted:
        return None, []
    platforms = [p for p in PLATFORMS if p in present] or list(PLATFORMS)
    basis = summary.er_basis
    formula = basis if basis in _COMPARABLE else "followers"
    overlay: dict[str, list[TierBenchmark]] = {}
    notes: list[Note] = []
    for platform in platforms:
        marks = tier_benchmarks(summary.scheme, platform, formula=formula)
        if marks is None:
            continue
        first = marks[0]
        if basis in _COMPARABLE and first.formula != basis:
            notes.append(
                Note(
                    OverlayCaveat.OTHER_FORMULA,
                    platform=platform,
                    basis=basis,
                    formula=first.formula,
                )
            )
            continue
        overlay[platform] = marks
        if first.statistic != "median":
            notes.append(
                Note(OverlayCaveat.STATISTIC, platform=platform, statistic=first.statistic)
            )
    return overlay, notes


def benchmark_bases(present: Sequence[str], summary: Summary) -> list[TierBenchmark]:
    """For each platform in the data with published figures, in :data:`PLATFORMS` order, the
    first figure of the source used on the chart's basis: what that platform's benchmark divides
    by (followers or views), its statistic, source and year."""
    formula = summary.er_basis if summary.er_basis in _COMPARABLE else "followers"
    found = (tier_benchmarks(summary.scheme, p, formula=formula) for p in PLATFORMS if p in present)
    return [marks[0] for marks in found if marks]
