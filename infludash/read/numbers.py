"""Numbers as a person writes them: ``45.3K``, ``1,2 Mio.``, ``12,345``, ``5e+06``, ``3,4 %``.

Every numeric column goes through :func:`parse_numeric`: a vectorised fast path (Arrow's cast)
takes plain numbers, and only the cells it refuses go through the exact parser, once per distinct
value. The exact parser works in ``Decimal`` so ``32.8M`` is 32,800,000 and never 32,799,999.99.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infludash.read.arrowtext import arrow_text, byte_range, distinct_codes
from infludash.read.magnitudes import Reading, cjk_compound, default_reading, split_words
from infludash.read.missing import MISSING_MARKERS

__all__ = [
    "MISSING_MARKERS",
    "NUMBER",
    "Convention",
    "ParsedNumbers",
    "PreparedColumn",
    "compact_cell",
    "finish_numeric",
    "parse_number",
    "parse_numeric",
    "prepare_numeric",
    "whole_numbers",
]

NUMBER = re.compile(r"^(?P<sign>[+-]?)(?P<body>\d[\d.,]*|[.,]\d+)(?P<exp>e[+-]?\d+)?(?P<rest>.*)$")
_GROUPING_CHARS = str.maketrans("", "", " \u00a0\u202f\u2009'’")


def compact_cell(text: str) -> str:
    """A cell as the number grammar reads it: NFKC, no grouping spaces or quotes, case-folded."""
    return unicodedata.normalize("NFKC", text.strip()).translate(_GROUPING_CHARS).casefold()


_COMMA_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$|^\d{1,2}(,\d{2})+,\d{3}$")
_DOT_GROUPED = re.compile(r"^\d{1,3}(\.\d{3}){2,}$")
#: One separator followed by exactly three digits: ``1,234`` / ``1.234`` mean a thousand or one
#: point something depending on the convention, which is decided per column, never per cell.
_AMBIGUOUS = re.compile(r"^\d{1,3}[.,]\d{3}$")

Convention = Literal[".", ",", "group"]
"""How a column writes decimals: ``.`` (English), ``,`` (German), or ``group`` (whole numbers: an
ambiguous ``1.234`` or ``1,234`` is a thousands group either way)."""


def _decimal_body(body: str, has_suffix: bool, convention: Convention | None = None) -> str | None:
    """Resolve thousands separators and the decimal mark to a plain ``123456.78`` string."""
    if convention is not None and not has_suffix and _AMBIGUOUS.match(body):
        mark = body[-4]
        if convention == "group" or mark != convention:
            return body.replace(mark, "")
        return body.replace(mark, ".")
    if "," in body and "." in body:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _, frac = body.rpartition(decimal_mark)
        if decimal_mark in whole:
            return None
        return whole.replace(grouping, "") + "." + frac
    if "," in body:
        if not has_suffix and _COMMA_GROUPED.match(body):
            return body.replace(",", "")
        if body.count(",") == 1:
            return body.replace(",", ".")
        return None
    if body.count(".") > 1:
        return body.replace(".", "") if _DOT_GROUPED.match(body) else None
    return body


def parse_number(
    text: str, convention: Convention | None = None, reading: Reading | None = None
) -> tuple[Decimal | None, bool]:
    """Exact value of one cell and whether it was written as a percentage.

    ``convention`` settles ``1,234`` / ``1.234`` (see :data:`Convention`); without one, a lone
    comma before three digits groups thousands and a lone point is a decimal point.
    ``reading`` says what the column's words mean (``mil``: see :mod:`infludash.read.magnitudes`);
    without one, every word takes its usual reading.
    Returns ``(None, False)`` for a missing marker and raises ``ValueError`` for text that is not a
    number, so the caller can tell "empty" from "wrong".
    """
    cleaned = text.strip()
    if cleaned.casefold() in MISSING_MARKERS:
        return None, False
    compact = compact_cell(cleaned)
    compound = cjk_compound(compact)  # 128억5130만: 128 × 10⁸ + 5130 × 10⁴
    if compound is not None:
        return compound, False
    match = NUMBER.match(compact)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    reading = reading or default_reading()
    rest = match["rest"].replace(".", "")
    percent = rest.endswith("%")
    words = split_words(rest.removesuffix("%"), (reading.constant_word,))
    if words is None or (percent and words[1]):
        raise ValueError(f"not a number: {text!r}")
    magnitude = words[0]
    body = _decimal_body(match["body"], has_suffix=bool(magnitude), convention=convention)
    if body is None:
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(match["sign"] + body + (match["exp"] or ""))
        # Enough digits that the multiplier never rounds (the default 28 would); an exponent too
        # large for Decimal ("1e1000000") is not a number we can use rather than a crash.
        with localcontext(prec=max(28, len(body) + 12)):
            value = value * reading.multipliers[magnitude]
    except ArithmeticError:  # decimal.InvalidOperation, decimal.Overflow
        raise ValueError(f"not a number: {text!r}") from None
    return value, percent


@dataclass(frozen=True)
class ParsedNumbers:
    """A parsed column: float values (NaN where missing or invalid) and which cells were invalid."""

    values: npt.NDArray[np.float64]
    invalid: npt.NDArray[np.bool_]
    percent: npt.NDArray[np.bool_]


#: Per convention, the shape of a plain number (no suffix, no percent) that can be rewritten to
#: ``1234.5`` in bulk, and the separators to drop; every other cell goes to :func:`parse_number`.
_BULK: dict[str, tuple[str, str, bool]] = {
    ".": (r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$", ",", False),
    ",": (r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[+-]?\d+,\d+$", ".", True),
    "group": (r"^[+-]?\d{1,3}(?:\.\d{3})+$|^[+-]?\d{1,3}(?:,\d{3})+$", ".,", False),
}
#: What Arrow converts to a float exactly as ``parse_number`` would: digits with at most one
#: decimal point and an optional exponent (after the bulk rewrite above).
_PLAIN = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


def _bulk_rewrite(text: pa.Array, convention: Convention) -> pa.Array:
    """Thousands separators dropped (and a decimal comma made a point) in one vectorised pass."""
    pattern, drop, comma_decimal = _BULK[convention]
    plain = pc.match_substring_regex(text, pattern)
    if not pc.any(plain).as_py():
        return text
    part = text
    for char in drop:
        part = pc.replace_substring(part, char, "")
    if comma_decimal:
        part = pc.replace_substring(part, ",", ".")
    return pc.if_else(plain, part, text)


def whole_numbers(text: pa.Array) -> npt.NDArray[np.float64] | None:
    r"""The column as floats when every cell is a bare whole number (``123``, ``-4``), else None.

    When the bytes are digits only, every cell is ``\d+`` or empty, and Arrow's float conversion
    (correctly rounded, like ``float(Decimal(text))``) fails on an empty one; otherwise Arrow's
    integer conversion accepts exactly the bare whole numbers, signs included.
    """
    low, high = byte_range(text)
    if high > ord("9") or low < ord("-"):
        return None  # letters, spaces, separators: not bare whole numbers (no cast to fail)
    try:
        if low >= ord("0"):  # digits only
            floats = pc.cast(text, pa.float64())
            values = np.asarray(floats.to_numpy(zero_copy_only=False), dtype="float64")
            # 400 digits overflow to infinity: such a column takes the careful path, which
            # calls the cell invalid (an infinite follower count was kept before).
            return values if np.isfinite(values).all() else None
        whole = pc.cast(text, pa.int64())
    except pa.ArrowInvalid:
        return None
    return np.asarray(whole.to_numpy(zero_copy_only=False), dtype="float64")


@dataclass(frozen=True)
class PreparedColumn:
    """A column after the bulk pass: values of the plain cells, and the distinct texts of the
    rest, which the exact parser still has to read (``codes`` maps ``pending`` rows to them)."""

    values: npt.NDArray[np.float64]
    pending: npt.NDArray[np.intp]
    codes: npt.NDArray[np.int32]
    uniques: list[str]
    convention: Convention
    done: bool = False  # a whole-number column: nothing left to read


def prepare_numeric(
    cells: pd.Series,
    convention: Convention = ".",
    whole: npt.NDArray[np.float64] | None = None,
    bulk: bool = True,
) -> PreparedColumn:
    """The bulk pass of :func:`parse_numeric`: plain cells converted, the rest left as distinct
    texts, so a column's words can be looked at before any cell is read with them. Without
    ``bulk`` every cell is left to the exact parser (a column scaled by its header's unit:
    ``2.35`` in millions is 2,350,000 exactly, which a float product is not)."""
    raw = arrow_text(cells)
    text = pc.utf8_trim_whitespace(raw)
    if not bulk:
        everything = np.arange(len(text), dtype=np.intp)
        codes, uniques = distinct_codes(text)
        return PreparedColumn(np.full(len(text), np.nan), everything, codes, uniques, convention)
    whole = whole if whole is not None else whole_numbers(raw)
    none = np.zeros(0, dtype=np.intp)
    if whole is not None:  # the common case: one conversion, nothing else
        return PreparedColumn(whole, none, none.astype(np.int32), [], convention, done=True)
    rewritten = _bulk_rewrite(text, convention)
    plain = pc.match_substring_regex(rewritten, _PLAIN)
    fast = pc.cast(pc.if_else(plain, rewritten, pa.scalar(None, pa.large_string())), pa.float64())
    values = np.array(fast.to_numpy(zero_copy_only=False), dtype="float64")
    pending = np.flatnonzero(~np.isfinite(values))  # not plain, or too large for a float
    if not pending.size:
        return PreparedColumn(values, pending, none.astype(np.int32), [], convention)
    codes, uniques = distinct_codes(text.take(pa.array(pending)))
    return PreparedColumn(values, pending, codes, uniques, convention)


def finish_numeric(column: PreparedColumn, reading: Reading | None = None) -> ParsedNumbers:
    """The exact parser over the distinct texts left by :func:`prepare_numeric`."""
    values = column.values
    invalid = np.zeros(len(values), dtype=bool)
    percent = np.zeros(len(values), dtype=bool)
    if column.done:
        return ParsedNumbers(values=values, invalid=invalid, percent=percent)
    if column.pending.size:
        parsed_values = np.full(len(column.uniques), np.nan)
        parsed_invalid = np.zeros(len(column.uniques), dtype=bool)
        parsed_percent = np.zeros(len(column.uniques), dtype=bool)
        for k, cell in enumerate(column.uniques):
            try:
                number, is_pct = parse_number(cell, column.convention, reading)
            except ValueError:
                parsed_invalid[k] = True
                continue
            parsed_percent[k] = is_pct
            if number is not None:
                if number.is_finite():
                    parsed_values[k] = float(number)
                else:
                    parsed_invalid[k] = True
        values[column.pending] = parsed_values[column.codes]
        invalid[column.pending] = parsed_invalid[column.codes]
        percent[column.pending] = parsed_percent[column.codes]
    over = np.isinf(values)
    values[over] = np.nan
    invalid |= over
    return ParsedNumbers(values=values, invalid=invalid, percent=percent)


def parse_numeric(
    cells: pd.Series,
    convention: Convention = ".",
    whole: npt.NDArray[np.float64] | None = None,
    reading: Reading | None = None,
) -> ParsedNumbers:
    """Parse a column of cell texts: plain numbers in bulk, the rest once per distinct text.

    Cells in a plain shape for the column's convention are rewritten and converted by Arrow in
    one pass (its float conversion is correctly rounded, like ``float(Decimal(text))``); suffixes,
    words, percentages, missing markers and odd cells go to the exact parser, once per distinct
    value. ``whole`` may carry the column's :func:`whole_numbers` when the caller has them.
    """
    return finish_numeric(prepare_numeric(cells, convention, whole), reading)
