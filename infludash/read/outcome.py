"""Whether a file's reading can be trusted as a whole: never a silent failure.

A file whose rows are all rejected is an error, not an empty success; a file whose rows are
mostly rejected for one reason gets an alarm (its figures rest on the few rows left); a file
without a handle column gets a warning (repeats of an account cannot be found without one).
Each names the column, a sample of what it holds, and what to do.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from infludash.base.alarms import Alarm
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.codes import ReadError
from infludash.read.rejections import Advice, Reason
from infludash.read.warning_codes import ReadWarning

__all__ = ["MOSTLY", "check_outcome", "rejected_cells"]

#: Above this share of the rows rejected for one reason, the file's figures are an alarm.
MOSTLY = 0.5
#: Distinct values shown from the rejected cells, each clipped to this many characters.
SAMPLES, SAMPLE_CHARS = 3, 40
#: Reasons that say nothing about the file's figures: blank records are spacing.
_HARMLESS = (Reason.BLANK_RECORD,)


def _samples(values: Sequence[str]) -> tuple[str, ...]:
    shown: list[str] = []
    for value in values:
        text = str(value).strip()
        text = text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…"
        if repr(text) not in shown:
            shown.append(repr(text))
        if len(shown) == SAMPLES:
            break
    return tuple(shown)


def check_outcome(
    reasons: pd.Series,
    cells: pd.Series,
    *,
    rows_read: int,
    kept: int,
    header: str,
    has_handle: bool,
) -> list[Note]:
    """Notes on the file as a whole (see the module docstring); raises :class:`InputError` when
    no row became an account.

    ``reasons`` holds each rejected row's :class:`Reason` and ``cells`` what its followers cell
    (or, for a record of the wrong width, its raw text) said, in the same order.
    """
    notes: list[Note] = []
    counts = reasons[~reasons.isin(_HARMLESS)].value_counts()
    if rows_read and not kept:
        reason: Reason = counts.index[0] if len(counts) else Reason.BLANK_RECORD
        raise InputError(
            Note(
                ReadError.NO_ACCOUNTS_READ,
                n=rows_read,
                reasons=tuple(
                    Note(ReadError.REASON_COUNT, reason=Note(r), n=int(c))  # type: ignore[arg-type]
                    for r, c in (counts.items() if len(counts) else [(reason, rows_read)])
                ),
                header=repr(header),
                samples=_samples(cells[reasons == reason].tolist()) or ("''",),
                advice=Advice.of(reason, repr(header)),
            )
        )
    if len(counts) and counts.iloc[0] > MOSTLY * rows_read:
        reason = counts.index[0]
        notes.append(
            Note(
                Alarm.MOSTLY_REJECTED,
                n=int(counts.iloc[0]),
                total=rows_read,
                reason=Note(reason),
                header=repr(header),
                samples=_samples(cells[reasons == reason].tolist()),
                kept=kept,
                advice=Advice.of(reason, repr(header)),
            )
        )
    if not has_handle and kept:
        notes.append(Note(ReadWarning.NO_HANDLE_COLUMN))
    return notes


def rejected_cells(refused_followers: pd.Series, raw: Sequence[str]) -> np.ndarray:
    """What each rejected row said: its followers cell, or its raw text (wrong width)."""
    return np.concatenate([refused_followers.astype("string").fillna("").to_numpy(), list(raw)])
