"""Why a row's followers cannot be used, and what its cell said: codes, row by row, vectorised.

Every row gets a small integer (0: kept) indexing :data:`REASONS`; the rejected table holds the
:class:`~infludash.read.codes.Reason` and a :class:`~infludash.read.codes.Detail` code with its
value, the followers cell as the file wrote it. Words are made in ``present/``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.read.codes import Detail, Reason
from infludash.read.numbers import MISSING_MARKERS

__all__ = ["BLANK", "REASONS", "TOTALS", "follower_detail", "follower_reasons"]

#: Why a row is rejected, by code (0 = kept); the reader's per-row codes index this tuple. The
#: first five are about the followers cell, in the order their rules apply.
REASONS: tuple[Reason | None, ...] = (
    None,
    Reason.FOLLOWERS_NOT_A_NUMBER,
    Reason.FOLLOWERS_MISSING,
    Reason.FOLLOWERS_PERCENTAGE,
    Reason.FOLLOWERS_NEGATIVE,
    Reason.FOLLOWERS_NOT_WHOLE,
    Reason.BLANK_RECORD,
    Reason.TOTALS_ROW,  # a spreadsheet's sum line (infludash.read.plausibility), not an account
)
BLANK = REASONS.index(Reason.BLANK_RECORD)
TOTALS = REASONS.index(Reason.TOTALS_ROW)
#: The codes whose detail is what the followers cell said.
_ABOUT_FOLLOWERS = np.arange(1, 6, dtype=np.int8)


def follower_reasons(
    values: np.ndarray, invalid: np.ndarray, percent: np.ndarray
) -> npt.NDArray[np.int8]:
    """Why each row's followers value cannot be used, as a code into :data:`REASONS` (0 where it
    can); the first rule wins."""
    with np.errstate(invalid="ignore"):
        fractional = np.isfinite(values) & (values != np.floor(values))
    rules = [
        invalid,
        np.isnan(values) & ~invalid,
        percent,
        values < 0,
        fractional,
    ]
    codes = np.zeros(len(values), dtype=np.int8)
    for code, mask in reversed(list(enumerate(rules, start=1))):
        codes[mask] = code
    return codes


def follower_detail(cells: pd.Series, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every rejection that is about followers, the detail code and its value (the cell,
    trimmed); None and a missing value for the others."""
    text = cells.astype("string").fillna("").str.strip()
    marker = text.str.casefold().isin(MISSING_MARKERS).to_numpy(dtype=bool)
    empty = (text == "").to_numpy(dtype=bool)
    detail = np.full(len(text), Detail.FOLLOWERS_READS, dtype=object)
    detail[marker] = Detail.FOLLOWERS_MARKER
    detail[empty] = Detail.FOLLOWERS_EMPTY
    about = np.isin(codes, _ABOUT_FOLLOWERS)
    detail[~about] = None
    value = np.array(text.astype(object), dtype=object)  # a fresh array, written below
    value[~about | empty] = None
    return detail, value
