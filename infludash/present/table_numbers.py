"""The numbers of the on-screen account tables as text in the app's language.

Streamlit formats a number column in the browser: its named formats (``localized``,
``percent``) in the browser's locale, its printf formats always with a decimal point; neither
knows the language picked in the sidebar. So the account tables (Accounts, the Overview's
drill-down, Findings, Data quality) get their number columns as text written here, by the rules
of :meth:`Locale.num` and :meth:`Locale.pct`, a whole column at a time: ``12.345``, ``3,46 %``,
``1,9×``, ``-3,2`` in German, ``12,345``, ``3.46%``, ``1.9×``, ``-3.2`` in English. Sorting
does not suffer: a table is ordered over every account before its page is cut
(:mod:`infludash.analysis.ordering`), on the numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.schema import (
    AVG_COMMENTS,
    AVG_ENGAGEMENTS,
    AVG_LIKES,
    AVG_SAVES,
    AVG_SHARES,
    AVG_VIEWS,
    ENGAGEMENTS,
    ER_PCT,
    FOLLOWERS,
    REPORTED_ER_PCT,
)
from infludash.present.i18n import Locale

__all__ = [
    "SHOWN",
    "Shown",
    "column_texts",
    "number_texts",
    "one_text",
    "percent_texts",
    "table_numbers",
]

MISSING = "–"  # what Locale.num writes for a missing value
TIMES = "×"
_POWERS = 10 ** np.arange(19, dtype=np.int64)  # 1 ... 10**18, within int64
_EXACT = 2.0**52  # scaled values below this are rounded exactly enough to check for ties


@dataclass(frozen=True)
class Shown:
    """How one column's numbers are written: ``decimals`` places (trailing zeros dropped when
    ``trim``), then ``suffix``; ``percent``: a rate in percent units, as :meth:`Locale.pct`."""

    decimals: int = 0
    trim: bool = False
    suffix: str = ""
    percent: bool = False


_COUNT = Shown(decimals=2, trim=True)  # averages per post: 1,234 or 12.5, as Locale.say writes
_RATE = Shown(decimals=2, percent=True)

#: The number columns of the account tables and how each is written.
SHOWN: dict[str, Shown] = {
    FOLLOWERS: Shown(),
    ER_PCT: _RATE,
    REPORTED_ER_PCT: _RATE,
    "vs_tier_median": Shown(decimals=1, suffix=TIMES),
    "anomaly_z": Shown(decimals=1),
    ENGAGEMENTS: _COUNT,
    AVG_LIKES: _COUNT,
    AVG_COMMENTS: _COUNT,
    AVG_SHARES: _COUNT,
    AVG_SAVES: _COUNT,
    AVG_VIEWS: _COUNT,
    AVG_ENGAGEMENTS: _COUNT,
}


def _floats(values: Iterable[object] | npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Any column (float, nullable Int64, object of ints) as floats, missing as NaN."""
    column = pd.Series(values, copy=False).to_numpy(dtype="float64", na_value=np.nan)
    return np.asarray(column, dtype=np.float64)


def one_text(value: float, loc: Locale, decimals: int, trim: bool, suffix: str) -> str:
    """The rule for one value: :meth:`Locale.num`, trailing zeros dropped when ``trim``, then
    ``suffix``; :func:`number_texts` writes the same for a whole column."""
    text = loc.num(value, decimals)
    if text == MISSING:
        return text
    if trim and loc.decimal in text:
        text = text.rstrip("0").removesuffix(loc.decimal)
    return text + suffix


def _grid(
    n: npt.NDArray[np.int64], negative: npt.NDArray[np.bool_], loc: Locale, shown: Shown
) -> npt.NDArray[np.str_]:
    """Texts of whole numbers ``n`` (the value times 10**decimals, rounded), built as a grid of
    characters, one column per place (0 where a place is empty), one step per place and none
    per row: minus, digits with group separators, decimal mark, decimals, suffix; then each
    row's characters move left over the empty places and the rows are read as strings."""
    d = shown.decimals
    whole, frac = np.divmod(n, _POWERS[d])
    k = 1 + (whole[:, None] >= _POWERS[1:]).sum(axis=1)  # digits before the mark
    places = int(k.max(initial=1))
    width = places + (places - 1) // 3
    keep = np.full(n.shape, d)  # decimals written
    if shown.trim:
        for q in range(d):  # a trailing zero is dropped while every place after it is zero
            keep = np.where((keep == d - q) & (frac // _POWERS[q] % 10 == 0), d - q - 1, keep)
    columns: list[npt.NDArray[np.uint32]] = [np.where(negative, ord("-"), 0)]
    for offset in range(width - 1, -1, -1):  # the integer part, right-aligned
        group, place = divmod(offset + 1, 4)
        if place == 0:  # a separator before the group ``group``
            columns.append(np.where(k > 3 * group, ord(loc.thousands), 0))
        else:
            p = 3 * group + place - 1
            columns.append(np.where(k > p, ord("0") + whole // _POWERS[p] % 10, 0))
    if d:
        columns.append(np.where(keep > 0, ord(loc.decimal), 0))
        for q in range(d):
            digit = ord("0") + frac // _POWERS[d - 1 - q] % 10
            columns.append(np.where(keep > q, digit, 0))
    columns += [np.full(n.shape, ord(c)) for c in shown.suffix]
    grid = np.stack(columns, axis=1).astype("<u4")
    grid = np.take_along_axis(grid, np.argsort(grid == 0, axis=1, kind="stable"), axis=1)
    return np.ascontiguousarray(grid).view(f"<U{grid.shape[1]}").reshape(n.shape)


def number_texts(
    values: Iterable[object] | npt.ArrayLike,
    loc: Locale,
    decimals: int = 0,
    *,
    trim: bool = False,
    suffix: str = "",
) -> npt.NDArray[np.str_]:
    """:func:`one_text` of every value at once: ``12.345,6`` / ``12,345.6``, ``–`` when missing,
    ``12,5`` and ``3`` when ``trim``. A value whose rounding is in doubt (within a rounding error
    of a tie) or too large for exact arithmetic is written by :func:`one_text` itself."""
    x = _floats(values)
    finite = np.isfinite(x)
    scaled = np.where(finite, np.abs(x), 0.0) * 10.0**decimals
    n = np.rint(scaled)
    tie = np.abs(scaled - np.floor(scaled) - 0.5) <= 4e-16 * scaled
    doubt = finite & ((scaled >= _EXACT) | tie)
    n = np.where(doubt, 0, n).astype(np.int64)
    texts = _grid(n, finite & (x < 0) & (n > 0), loc, Shown(decimals, trim, suffix))
    if doubt.any():
        texts = texts.astype(object)
        for i in np.flatnonzero(doubt):  # ties and giants: rare, one at a time
            texts[i] = one_text(float(x[i]), loc, decimals, trim, suffix)
        texts = texts.astype(str)
    return np.where(finite, texts, MISSING)


def percent_texts(
    values: Iterable[object] | npt.ArrayLike, loc: Locale, decimals: int = 2
) -> npt.NDArray[np.str_]:
    """:meth:`Locale.pct` of every rate (in percent units) at once: ``3,46 %`` / ``3.46%``, and
    a rate that is not zero but would round to it ``< 0,01 %`` / ``<0.01%``, never ``0%``."""
    x = _floats(values)
    out = number_texts(x, loc, decimals, suffix=loc.percent_sign)
    tiny = np.isfinite(x) & (x != 0) & (out == loc.pct(0.0, decimals))  # shown as zero
    if tiny.any():  # the words for "too small to show" are Locale.pct's own
        below = loc.pct(0.1**decimals / 10, decimals)
        above = loc.pct(-(0.1**decimals) / 10, decimals)
        out = np.where(tiny, np.where(x > 0, below, above), out)
    return out


def column_texts(
    values: Iterable[object] | npt.ArrayLike, loc: Locale, shown: Shown
) -> pd.api.extensions.ExtensionArray:
    """One column written as ``shown`` says, as a text column."""
    if shown.percent:
        texts = percent_texts(values, loc, shown.decimals)
    else:
        texts = number_texts(values, loc, shown.decimals, trim=shown.trim, suffix=shown.suffix)
    return pd.array(texts, dtype="string")


def table_numbers(table: pd.DataFrame, loc: Locale) -> pd.DataFrame:
    """A copy of ``table`` with each of its :data:`SHOWN` columns as text in ``loc``'s language;
    other columns (texts, marks, the file's row number) are left as they are."""
    out = table.copy()
    for column, shown in SHOWN.items():
        if column in out:
            out[column] = column_texts(out[column], loc, shown)
    return out
