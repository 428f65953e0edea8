"""Files the analyst downloads: spreadsheet-safe CSV, with formulas neutralised.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, CR or LF is run as a formula by Excel,
LibreOffice and Google Sheets (CSV injection); every such text cell and header gets a leading
``'``. Numbers stay numbers (a negative number is not text). CSV is UTF-8 with a byte-order mark so
Excel shows umlauts and emoji.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError
from infludash.base.notes import Code, Note
from infludash.base.schema import (
    AVG_COMMENTS,
    AVG_ENGAGEMENTS,
    AVG_LIKES,
    AVG_SAVES,
    AVG_SHARES,
    AVG_VIEWS,
    CATEGORY,
    COUNTRY,
    DUPLICATE_ACROSS_FILES,
    ENGAGEMENTS,
    ER_DISAGREES,
    ER_PCT,
    FOLLOWERS,
    HANDLE,
    PLATFORM,
    POSSIBLE_DUPLICATE,
    PROFILE_URL,
    REPORTED_ER_PCT,
    ROW,
    SOURCE,
    TIER,
)
from infludash.present.i18n import Locale, get_locale

__all__ = [
    "EXCEL_MAX_CELL_CHARS",
    "EXCEL_MAX_ROWS",
    "EXPORT_COLUMNS",
    "FORMULA_PREFIXES",
    "ExportError",
    "account_export",
    "check_excel_rows",
    "csv_marks",
    "neutralise",
    "to_csv_bytes",
    "to_xlsx_bytes",
]

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n")


class ExportError(Code):
    """Why a download cannot be made."""

    TOO_MANY_FOR_EXCEL = "errors.too_many_for_excel", {"n": int, "limit": int}


def _safe_text(values: pd.Series) -> pd.Series:
    text = values.astype("string")
    risky = text.str.startswith(FORMULA_PREFIXES).fillna(False)
    return text.mask(risky, "'" + text)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which no text cell or header can run as a spreadsheet formula."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            out[column] = _safe_text(series)
    headers = pd.Series([str(c) for c in out.columns], dtype="string")
    out.columns = list(_safe_text(headers))
    return out


def csv_marks(loc: Locale | None = None) -> tuple[str, str]:
    """The delimiter and decimal mark a spreadsheet in ``loc``'s language reads a CSV with:
    ``,`` and ``.`` (English), ``;`` and ``,`` where the comma is the decimal mark (German
    Excel splits columns at the list separator, ``;`` there)."""
    return (";", ",") if loc is not None and loc.decimal == "," else (",", ".")


def to_csv_bytes(frame: pd.DataFrame, loc: Locale | None = None) -> bytes:
    """Neutralised CSV, UTF-8 with BOM, ``\\n`` line ends, empty cells for missing values; the
    delimiter and decimal mark of ``loc``'s spreadsheets (:func:`csv_marks`; English without
    one), numbers without thousands separators so that they are read as numbers."""
    delimiter, decimal = csv_marks(loc)
    buffer = io.StringIO()
    neutralise(frame).to_csv(
        buffer, index=False, lineterminator="\n", sep=delimiter, decimal=decimal
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


#: Account columns in exports, in this order (those present); tier and flags come from the
#: analysis, the rest from the file.
EXPORT_COLUMNS: tuple[str, ...] = (
    SOURCE,
    ROW,
    HANDLE,
    PLATFORM,
    FOLLOWERS,
    TIER,
    AVG_LIKES,
    AVG_COMMENTS,
    AVG_SHARES,
    AVG_SAVES,
    AVG_VIEWS,
    AVG_ENGAGEMENTS,
    ENGAGEMENTS,
    ER_PCT,
    REPORTED_ER_PCT,
    CATEGORY,
    COUNTRY,
    PROFILE_URL,
    POSSIBLE_DUPLICATE,
    DUPLICATE_ACROSS_FILES,
    ER_DISAGREES,
    "anomaly_z",
    "anomaly",
)


_INT64_LIMIT = 2.0**63


def _whole(values: pd.Series) -> pd.Series:
    """Whole numbers as integers; counts beyond int64 (a 20-digit cell, read to the nearest
    float) become Python integers of that float, the rare case that cannot be vectorised."""
    rounded = values.round()
    if not (rounded.abs() >= _INT64_LIMIT).any():
        return rounded.astype("Int64")
    return rounded.astype(object).map(lambda v: v if pd.isna(v) else int(v))


def account_export(
    flagged: pd.DataFrame,
    scheme: TierScheme | None = None,
    loc: Locale | None = None,
    *,
    basis: str,
) -> pd.DataFrame:
    """The tiered, flagged accounts in export order, with the tier named by ``scheme`` (the one
    that tiered them, in ``loc``'s language) and flags in words; every row says how its rate was
    computed (``basis``) and which scheme tiered it."""
    loc = loc or get_locale()
    columns = [c for c in EXPORT_COLUMNS if c in flagged]
    out = flagged[columns].copy()
    if TIER in out:
        if scheme is None:
            raise ValueError("tiered accounts are named by the scheme that tiered them")
        positions = out[TIER].cat.codes.to_numpy()  # -1: no tier, the extra last name
        names = np.array([*scheme.labels, None], dtype=object)[positions]
        out[TIER] = pd.array(names, dtype="string")
    if FOLLOWERS in out:  # whole numbers by the reader's rules: 5546, not 5546.0
        out[FOLLOWERS] = _whole(out[FOLLOWERS])
    if "anomaly" in out:
        codes = out["anomaly"].astype("string").fillna("")
        words = {code: loc.t(f"anomaly.{code}") for code in codes.unique() if code}
        out["anomaly"] = codes.replace(words)
    out["er_basis"] = basis
    if scheme is not None:
        out["tier_scheme"] = scheme.name
    return out


#: Rows below the header that one Excel sheet holds (1,048,576 rows in all).
EXCEL_MAX_ROWS = 1_048_575
#: Characters one Excel cell holds; a longer text makes Excel "repair" the file on opening.
EXCEL_MAX_CELL_CHARS = 32_767


def check_excel_rows(rows: int) -> None:
    """Raise :class:`InputError` when ``rows`` accounts do not fit one Excel sheet."""
    if rows > EXCEL_MAX_ROWS:
        raise InputError(Note(ExportError.TOO_MANY_FOR_EXCEL, n=rows, limit=EXCEL_MAX_ROWS))


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "accounts") -> bytes:
    """One sheet of ``frame`` as .xlsx: every text cell stored as text (never a formula), numbers
    stay numbers, risky text neutralised as in CSV as well; header frozen, autofilter, widths
    (:mod:`infludash.present.workbook`, which writes the finished downloads too)."""
    from infludash.present.workbook import Sheet, write_workbook

    return write_workbook([Sheet(sheet, frame)])
