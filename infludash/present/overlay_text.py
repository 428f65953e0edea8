"""The caveats about the benchmarks beside the engagement chart, in words."""

from __future__ import annotations

from infludash.analysis.overlay import OverlayCaveat
from infludash.base.notes import Note
from infludash.present.i18n import Locale

__all__ = ["caveat_text"]


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
