"""Files the analyst downloads: spreadsheet-safe CSV, with formulas neutralised.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, CR or LF is run as a formula by Excel,
LibreOffice and Google Sheets (CSV injection); every such text cell and header gets a leading
``'``. Numbers stay numbers (a negative number is not text). CSV is UTF-8 with a byte-order mark so
Excel shows umlauts and emoji.
"""

from __future__ import annotations

import io

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "neutralise", "to_csv_bytes"]

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n")


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


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Neutralised CSV, UTF-8 with BOM, ``\\n`` line ends, empty cells for missing values."""
    buffer = io.StringIO()
    neutralise(frame).to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
