"""Why a row is not an account: the reasons as codes, the rules that decide them, what the row's
cell said and what to do when most of a file is rejected for one reason. One place, so a new
reason is a member of :class:`Reason`, its rule in :data:`_FOLLOWER_RULES` (when it is about the
followers cell) and its words in the two catalogues.

Every row gets a small integer (0: kept) indexing :data:`REASONS`; the rejected table holds the
:class:`Reason` and a :class:`Detail` code with its value, the followers cell as the file wrote
it. Words are made in ``present/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.notes import Code, Note
from infludash.read.numbers import MISSING_MARKERS

__all__ = [
    "BLANK",
    "REASONS",
    "TOTALS",
    "Advice",
    "Detail",
    "Reason",
    "follower_detail",
    "follower_reasons",
]


class Reason(Code):
    """Why a row is not an account (the ``reason`` column of the rejected rows)."""

    FOLLOWERS_NOT_A_NUMBER = "reasons.followers_not_a_number"
    FOLLOWERS_MISSING = "reasons.followers_missing"
    FOLLOWERS_PERCENTAGE = "reasons.followers_percentage"
    FOLLOWERS_NEGATIVE = "reasons.followers_negative"
    FOLLOWERS_NOT_WHOLE = "reasons.followers_not_whole"
    BLANK_RECORD = "reasons.blank_record"
    #: A spreadsheet's sum line (infludash.read.totals_row), not an account.
    TOTALS_ROW = "reasons.totals_row"
    WRONG_NUMBER_OF_FIELDS = "reasons.wrong_number_of_fields"


class Detail(Code):
    """What a rejected row said (the ``detail`` column); ``value`` is the followers cell."""

    FOLLOWERS_READS = "details.followers_reads", {"value": str}
    FOLLOWERS_MARKER = "details.followers_marker", {"value": str}
    FOLLOWERS_EMPTY = "details.followers_empty"
    #: ``n`` fields found where the header has ``expected``.
    FIELDS = "details.fields", {"n": int, "expected": int, "delimiter": Note | str}


class Advice(Code):
    """What to do when most rows (or all) were rejected for one reason. A reason's advice has the
    reason's own name under ``advice.``; a reason without one gets the first."""

    FOLLOWERS_NOT_A_NUMBER = "advice.followers_not_a_number", {"header": str}
    FOLLOWERS_MISSING = "advice.followers_missing"
    FOLLOWERS_PERCENTAGE = "advice.followers_percentage"
    FOLLOWERS_NEGATIVE = "advice.followers_negative"
    FOLLOWERS_NOT_WHOLE = "advice.followers_not_whole", {"header": str}
    WRONG_NUMBER_OF_FIELDS = "advice.wrong_number_of_fields"
    BLANK_RECORD = "advice.blank_record"

    @classmethod
    def of(cls, reason: Reason, header: str) -> Note:
        """The advice for ``reason`` about the followers column ``header``."""
        code = cls.__members__.get(reason.name, cls.FOLLOWERS_NOT_A_NUMBER)
        return Note(code, header=header) if "header" in code.params else Note(code)


class Followers(NamedTuple):
    """A followers column as the rules see it: the parsed values, the cells that are not numbers,
    and the cells written as percentages."""

    values: np.ndarray
    invalid: np.ndarray
    percent: np.ndarray


def _fractional(f: Followers) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.isfinite(f.values) & (f.values != np.floor(f.values))


#: The rules about the followers cell, in the order they apply: the first that holds wins.
_FOLLOWER_RULES: tuple[tuple[Reason, Callable[[Followers], np.ndarray]], ...] = (
    (Reason.FOLLOWERS_NOT_A_NUMBER, lambda f: f.invalid),
    (Reason.FOLLOWERS_MISSING, lambda f: np.isnan(f.values) & ~f.invalid),
    (Reason.FOLLOWERS_PERCENTAGE, lambda f: f.percent),
    (Reason.FOLLOWERS_NEGATIVE, lambda f: f.values < 0),
    (Reason.FOLLOWERS_NOT_WHOLE, _fractional),
)

#: Why a row is rejected, by code (0 = kept); the reader's per-row codes index this tuple. The
#: followers rules come first, in their order; the rows found otherwise follow.
REASONS: tuple[Reason | None, ...] = (
    None,
    *(reason for reason, _ in _FOLLOWER_RULES),
    Reason.BLANK_RECORD,
    Reason.TOTALS_ROW,
)
BLANK = REASONS.index(Reason.BLANK_RECORD)
TOTALS = REASONS.index(Reason.TOTALS_ROW)
#: The codes whose detail is what the followers cell said.
_ABOUT_FOLLOWERS = np.arange(1, 1 + len(_FOLLOWER_RULES), dtype=np.int8)


def follower_reasons(
    values: np.ndarray, invalid: np.ndarray, percent: np.ndarray
) -> npt.NDArray[np.int8]:
    """Why each row's followers value cannot be used, as a code into :data:`REASONS` (0 where it
    can); the first rule that holds wins."""
    column = Followers(values, invalid, percent)
    codes = np.zeros(len(values), dtype=np.int8)
    for code, (_, rule) in reversed(list(enumerate(_FOLLOWER_RULES, start=1))):
        codes[rule(column)] = code
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
