"""Which warnings are alarms: findings about a file that make its numbers untrustworthy.

A warning is a note the analyst may read later; an alarm is shown at error level (the app's red
box, the CLI's ``error:`` line and exit status 2), because the figures on screen are probably
wrong until the analyst acts (remaps a column, fixes the export). The set lives here, once, and
every edge asks :func:`is_alarm`.
"""

from __future__ import annotations

from infludash.present.i18n import Message

__all__ = ["ALARMS", "alarms_of", "is_alarm"]

#: Catalogue keys of the notes that are alarms.
ALARMS: frozenset[str] = frozenset(
    {
        "warnings.mostly_rejected",
        "warnings.totals_suspected",  # infludash.read.plausibility: totals read as per-post figures
        "warnings.totals_suspected_er",
        "warnings.totals_suspected_rate",
    }
)


def _inner(message: object) -> object:
    """The note inside ``warnings.in_file`` (warnings name their file around the note)."""
    while isinstance(message, Message) and message.key == "warnings.in_file":
        message = message.values.get("text")
    return message


def is_alarm(message: object) -> bool:
    """Whether a warning is an alarm (shown at error level)."""
    inner = _inner(message)
    return isinstance(inner, Message) and inner.key in ALARMS


def alarms_of(warnings: list[str]) -> list[str]:
    """The alarms among ``warnings``, in order."""
    return [w for w in warnings if is_alarm(w)]
