"""Interaction and rate values that cannot be used: made missing (the row stays), with a note
saying how many, why and in which rows."""

from __future__ import annotations

import numpy as np

from infludash.base.notes import Note
from infludash.read.codes import Interaction
from infludash.read.warning_codes import ReadWarning

__all__ = ["interaction_notes", "rate_notes", "row_list"]


def interaction_notes(
    canon: str, values: np.ndarray, invalid: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, list[Note]]:
    """Bad interaction values become missing (the row stays); say how many, why and where.
    Returns the values (a new array only when some had to go) and the notes."""
    notes: list[Note] = []
    label = Interaction.of(canon)
    hidden = values == -1
    if hidden.any():
        n = int(hidden.sum())
        notes.append(
            Note(
                ReadWarning.HIDDEN_VALUES,
                column=label,
                n=n,
                rows=row_list(rows[hidden]),
            )
        )
    bad = invalid | ((values < 0) & ~hidden)
    if bad.any():
        n = int(bad.sum())
        notes.append(
            Note(
                ReadWarning.INVALID_VALUES,
                column=label,
                n=n,
                rows=row_list(rows[bad]),
            )
        )
    unusable = hidden | bad
    return (np.where(unusable, np.nan, values) if unusable.any() else values), notes


def rate_notes(
    values: np.ndarray, invalid: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, list[Note]]:
    """Reported engagement rates that cannot be one (``inf``, ``1e309``, text, a negative rate)
    become missing, with a note saying how many and where, as bad interaction values do: they
    used to vanish without a word, or (negative) to be kept as a rate below zero. Done before the
    unit is decided, so they cannot sway it."""
    with np.errstate(invalid="ignore"):
        bad = invalid | (values < 0)
    if not bad.any():
        return values, []
    n = int(bad.sum())
    note = Note(
        ReadWarning.INVALID_VALUES,
        column=Note(Interaction.ENGAGEMENT_RATE),
        n=n,
        rows=row_list(rows[bad]),
    )
    return np.where(bad, np.nan, values), [note]


def row_list(rows: np.ndarray, shown: int = 5) -> Note:
    """The first ``shown`` rows of ``rows`` and how many more."""
    listed = tuple(int(r) for r in rows[:shown])
    if len(rows) > shown:
        return Note(ReadWarning.ROWS_MORE, rows=listed, more=len(rows) - shown)
    return Note(ReadWarning.ROWS, n=len(rows), rows=listed)
