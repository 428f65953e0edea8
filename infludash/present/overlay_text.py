"""The caveats about the benchmarks beside the engagement chart, in words."""

from __future__ import annotations

from infludash.analysis.benchmarks import TierBenchmark
from infludash.analysis.overlay import OverlayCaveat
from infludash.base.notes import Note
from infludash.present.i18n import Locale

__all__ = ["bases_text", "caveat_text"]


def caveat_text(note: Note, loc: Locale) -> str:
    """One :class:`~infludash.analysis.overlay.OverlayCaveat` note in ``loc``'s language."""
    values = note.values
    if note.code is OverlayCaveat.OTHER_FORMULA:
        return loc.t(
            note.key,
            platform=values["platform"],
            basis=loc.t(f"words.per.{values['basis']}"),
            formula=loc.t(f"words.per.{values['formula']}"),
        )
    return loc.t(
        note.key,
        platform=values["platform"],
        statistic=loc.t(f"words.statistic.{values['statistic']}"),
    )


def bases_text(marks: list[TierBenchmark], loc: Locale) -> str:
    """What each platform's published benchmark divides by, in one sentence ("" for none)."""
    if not marks:
        return ""
    items = [
        loc.t(
            "overview.benchmark_basis_item",
            platform=mark.platform,
            formula=loc.t(f"words.per.{mark.formula}"),
            statistic=loc.t(f"words.statistic.{mark.statistic}"),
            year=mark.year,
        )
        for mark in marks
    ]
    return loc.t("overview.benchmark_bases", items="; ".join(items))
