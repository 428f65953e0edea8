"""Rejected rows in words: the reason and the detail of each row, in a language.

The reader keeps codes in the rejected table (a :class:`~infludash.read.codes.Reason` per row,
a :class:`~infludash.read.codes.Detail` code with its ``value``, the followers cell, or a whole
:class:`~infludash.base.notes.Note` for the few rows described one by one). Here they become
the table the analyst reads and downloads, with the columns it always had. A file can have
millions of rejected rows: each code's text is made once and joined to the cells column-wise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from infludash.base.notes import Note
from infludash.present.export import to_csv_bytes
from infludash.present.i18n import Locale, get_locale
from infludash.read.rejections import Detail

__all__ = [
    "REJECTED_COLUMNS",
    "detail_words",
    "reason_counts",
    "reason_words",
    "rejected_csv",
    "rejected_table",
]

#: The rejected rows' columns as the analyst sees and downloads them.
REJECTED_COLUMNS: tuple[str, ...] = ("source", "row", "reason", "detail", "raw")
#: The details whose one value, the followers cell, is the ``value`` column.
_CELL_DETAILS = (Detail.FOLLOWERS_READS, Detail.FOLLOWERS_MARKER)


def reason_words(reasons: pd.Series, loc: Locale) -> pd.Series:
    """Each row's reason code in ``loc``'s words."""
    words = {code: loc.word(code) for code in pd.unique(reasons.to_numpy(dtype=object))}
    return reasons.map(words).astype(object)


def detail_words(rejected: pd.DataFrame, loc: Locale) -> pd.Series:
    """Each row's detail in ``loc``'s words ("" where there is none)."""
    detail = rejected["detail"]
    out = np.full(len(rejected), "", dtype=object)
    described = detail.notna().to_numpy(dtype=bool, copy=True)
    for code in _CELL_DETAILS:
        mask = (detail == code).to_numpy(dtype=bool)
        if mask.any():
            before, _, after = loc.t(code.value, value="\0").partition("\0")
            cells = rejected["value"][mask].astype("string").fillna("")
            out[mask] = (before + cells + after).to_numpy(dtype=object)
        described &= ~mask
    empty = (detail == Detail.FOLLOWERS_EMPTY).to_numpy(dtype=bool)
    out[empty] = loc.word(Detail.FOLLOWERS_EMPTY)
    described &= ~empty
    for position in np.flatnonzero(described):  # whole notes: the few rows read one by one
        note = detail.iloc[position]
        out[position] = loc.say(note) if isinstance(note, Note) else str(note)
    return pd.Series(out, index=rejected.index, dtype=object)


def rejected_table(rejected: pd.DataFrame, loc: Locale | None = None) -> pd.DataFrame:
    """The rejected rows as shown and downloaded: file, row, reason, detail, raw text, in
    ``loc``'s words (English by default: the command line's and the downloads' words)."""
    loc = loc or get_locale()
    return pd.DataFrame(
        {
            "source": rejected["source"],
            "row": rejected["row"],
            "reason": reason_words(rejected["reason"], loc),
            "detail": detail_words(rejected, loc),
            "raw": rejected["raw"],
        },
        index=rejected.index,
    )


def reason_counts(rejected: pd.DataFrame, loc: Locale) -> pd.DataFrame:
    """Rejected rows per reason, most frequent first, in ``loc``'s words and numbers."""
    reasons = rejected["reason"].value_counts()
    return pd.DataFrame(
        {
            loc.t("quality.col.reason"): [loc.word(r) for r in reasons.index],
            loc.t("quality.col.rows"): [loc.num(int(v)) for v in reasons.to_numpy()],
        }
    )


def rejected_csv(rejected: pd.DataFrame) -> bytes:
    """The rejected rows as the download and ``--rejected`` write them: English words, the
    columns of :data:`REJECTED_COLUMNS`."""
    return to_csv_bytes(rejected_table(rejected))
