"""Which warnings are alarms: findings about a file that make its numbers untrustworthy.

A warning is a note the analyst may read later; an alarm is shown at error level (the app's red
box, the CLI's ``error:`` line and exit status 2), because the figures on screen are probably
wrong until the analyst acts (remaps a column, fixes the export). The alarms are their own codes,
here, once, and every edge asks :func:`is_alarm`; the reader raises them as it finds them.
"""

from __future__ import annotations

from collections.abc import Sequence

from infludash.base.notes import Code, Note

__all__ = ["Alarm", "alarms_of", "is_alarm"]


class Alarm(Code):
    """A warning that the figures are probably wrong (its value is the catalogue key)."""

    #: Most rows were rejected for one reason (infludash.read.outcome).
    MOSTLY_REJECTED = (
        "warnings.mostly_rejected",
        {
            "n": int,
            "total": int,
            "reason": Note,
            "header": str,
            "samples": tuple,
            "kept": int,
            "advice": Note,
        },
    )
    #: Totals read as per-post figures (infludash.read.plausibility).
    TOTALS_SUSPECTED = (
        "warnings.totals_suspected",
        {"header": str, "evidence": Note, "canon": Note, "id": str},
    )
    TOTALS_SUSPECTED_ER = (
        "warnings.totals_suspected_er",
        {"headers": tuple, "evidence": Note, "id": str},
    )
    TOTALS_SUSPECTED_RATE = ("warnings.totals_suspected_rate", {"header": str, "evidence": Note})


def _inner(note: object) -> object:
    """The note inside the notes that name their file (``file=..., note=...``)."""
    while (
        isinstance(note, Note)
        and "file" in note.values
        and isinstance(note.values.get("note"), Note)
    ):
        note = note.values["note"]
    return note


def is_alarm(note: object) -> bool:
    """Whether a warning is an alarm (shown at error level)."""
    inner = _inner(note)
    return isinstance(inner, Note) and isinstance(inner.code, Alarm)


def alarms_of(warnings: Sequence[Note]) -> list[Note]:
    """The alarms among ``warnings``, in order."""
    return [w for w in warnings if is_alarm(w)]
